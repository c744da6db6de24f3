"""The desktop game shows the text this player read, not the scene as written.

The pack ``tests/fixtures/reactive`` has two choices ("Take the leaflets", "Go empty-handed")
that both lead to the square, each with its own reply, and a square whose second paragraph
depends on the leaflets left (``{leaflets}`` printed) and whose first differs on a return.
Every check below would fail if a screen showed the static text: the replies of both
choices, both variants, or the paragraph with its ``{slot}`` unfilled.
"""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest

from game.ui.theme import THEMES

LEAFLETS_REPLY = "You fold the leaflets into your coat."
EMPTY_REPLY = "You leave with nothing in your pockets."
PAPER = THEMES["paper"]


@pytest.fixture
def reactive(fixtures: Path) -> Path:
    return fixtures / "reactive"


def paragraphs(screen, kind: str) -> list[str]:
    """The paragraphs of the story screen's blocks of one kind, lines joined again."""
    return [" ".join(line.text for line in lines) for k, _font, lines, _top, _extra in screen.blocks if k == kind]


def start(make_game, story: Path, *choices: int):
    game = make_game(story=story)
    game.keys(pygame.K_n, pygame.K_1)  # a new game, the only point of view
    game.choose(*choices)
    return game


@pytest.mark.parametrize(
    ("choice", "reply", "other_reply", "variant", "other_variant"),
    [
        (1, LEAFLETS_REPLY, EMPTY_REPLY, "You hand one out; 2 left.", "Your pockets are empty."),
        (2, EMPTY_REPLY, LEAFLETS_REPLY, "Your pockets are empty.", "You hand one out; 2 left."),
    ],
    ids=["leaflets", "empty-handed"],
)
def test_the_story_screen_opens_with_the_reply_of_the_choice_taken(
    make_game, reactive, choice, reply, other_reply, variant, other_variant,
):
    game = start(make_game, reactive, choice)
    assert game.scene == "square"
    screen = game.top
    assert paragraphs(screen, "reply") == [reply]
    assert paragraphs(screen, "text") == ["The crowd is bigger than anyone said.", variant]
    shown = game.draw()
    assert reply in shown and variant in shown
    assert other_reply not in shown and other_variant not in shown
    assert "{leaflets}" not in shown and "[leaflets]" not in shown
    # the reply comes first, in italics; the scene's text after it, upright
    kinds = [block[0] for block in screen.blocks]
    assert kinds.index("reply") < kinds.index("break") < kinds.index("text")
    reply_font = next(block[1] for block in screen.blocks if block[0] == "reply")
    text_font = next(block[1] for block in screen.blocks if block[0] == "text")
    assert reply_font is game.app.font("italic", game.app.body_size)
    assert text_font is game.app.font("body", game.app.body_size)


def test_a_short_rule_sets_the_reply_apart_from_the_scene(make_game, reactive):
    game = start(make_game, reactive, 1)
    game.draw()
    screen = game.top
    _, _, _, top, length = next(block for block in screen.blocks if block[0] == "break")
    last_reply = [block for block in screen.blocks if block[0] == "reply"][-1]
    first_text = next(block for block in screen.blocks if block[0] == "text")
    assert last_reply[3] < top < first_text[3]  # between the reply and the scene
    rule = game.on_screen(pygame.Rect(screen.x, top, length, game.app.px(2)))
    assert game.count(rule, PAPER.rule) == rule.width * rule.height
    assert game.count(rule.move(length + 4, 0), PAPER.rule) == 0  # short: not a full-width line


def test_a_scene_reached_without_a_reply_has_no_reply_and_no_rule(make_game, reactive):
    game = start(make_game, reactive, 1, 1)  # the square, then "look around once more": no reply
    assert game.scene == "square" and game.story.reply == ()
    kinds = [block[0] for block in game.top.blocks]
    assert "reply" not in kinds and "break" not in kinds
    assert paragraphs(game.top, "text") == ["You walk the square once more.", "You hand one out; 1 left."]


def test_the_rule_waits_for_the_typewriter(make_game, reactive, monkeypatch, ui_home):
    ui_home.mkdir(parents=True, exist_ok=True)
    (ui_home / "settings.json").write_text(json.dumps({"reveal": "typewriter", "reveal_speed": 60}), "utf-8")
    now = [10_000]
    monkeypatch.setattr(pygame.time, "get_ticks", lambda: now[0])
    game = start(make_game, reactive)
    game.key(pygame.K_1)  # the morning is being typed out: a key shows it all, the next one chooses
    game.key(pygame.K_1)
    screen = game.top
    assert game.scene == "square" and screen.revealing() and screen.reveal == 0
    _, _, _, top, length = next(block for block in screen.blocks if block[0] == "break")
    rule = pygame.Rect(screen.x, top, length, game.app.px(2))
    shown = game.draw()
    assert LEAFLETS_REPLY not in shown and game.count(game.on_screen(rule), PAPER.rule) == 0
    now[0] += 500  # half a second: 30 characters, the reply not yet done
    screen.update()
    shown = game.draw()
    assert "You fold the leaflets" in shown and game.count(game.on_screen(rule), PAPER.rule) == 0
    now[0] += 1000
    screen.update()
    shown = game.draw()
    assert LEAFLETS_REPLY in shown and game.count(game.on_screen(rule), PAPER.rule) > 0


def journal_text(game) -> str:
    game.key(pygame.K_j)
    assert type(game.top).__name__ == "JournalScreen"
    game.key(pygame.K_HOME, mod=pygame.KMOD_CTRL)  # the whole path fits, but start from the top
    return game.draw()


@pytest.mark.parametrize(
    ("choice", "reply", "other_reply", "variant"),
    [
        (1, LEAFLETS_REPLY, EMPTY_REPLY, "You hand one out; 1 left."),
        (2, EMPTY_REPLY, LEAFLETS_REPLY, "Your pockets are empty."),
    ],
    ids=["leaflets", "empty-handed"],
)
def test_the_journal_shows_the_choice_the_reply_and_the_text_as_read(
    make_game, reactive, choice, reply, other_reply, variant,
):
    game = start(make_game, reactive, choice, 1)  # then "look around once more": the square again
    shown = journal_text(game)
    chose = "Take the leaflets" if choice == 1 else "Go empty-handed"
    assert f"You chose: {chose}" in shown
    assert reply in shown and other_reply not in shown
    assert "Gábor knocks twice." in shown and "{friend}" not in shown  # the morning, as printed
    assert "The crowd is bigger than anyone said." in shown  # the first visit of the square ...
    assert "You walk the square once more." in shown  # ... and the return, each as it read then
    assert variant in shown
    assert "You chose: Look around once more" in shown and "You are here." in shown
    entries = game.top.entries
    assert [entry.scene.id for entry in entries] == ["start", "square", "square"]
    assert entries[0].answer == (reply,) and entries[1].reply == (reply,) and entries[2].reply == ()


def test_the_reply_in_the_journal_follows_its_choice_beside_a_rule(make_game, reactive):
    game = start(make_game, reactive, 1)
    journal_text(game)
    screen = game.top
    rows = [(" ".join(line.text for line in lines), top, indent) for _font, lines, top, _colour, indent in screen.rows]
    texts = [text for text, _, _ in rows]
    chose = texts.index("You chose: Take the leaflets")
    assert texts[chose + 1] == LEAFLETS_REPLY
    _, top, indent = rows[chose + 1]
    assert indent > 0  # set in under the choice
    rule = next(r for r in screen.rules if r.y >= top)
    assert game.count(rule.move(0, screen.view.y - screen.scroll.offset), PAPER.rule) == rule.width * rule.height


LONG = (
    "In Warsaw, the students say, the crowds brought their leader back.\n\n"
    "      The kettle has boiled dry twice this week because nobody remembers it any more, and the landlady "
    "has stopped complaining about the noise of the typewriter after midnight.\n\n"
    "      Down in the street a tram goes by, almost empty, its bell ringing for nobody.\n\n"
    "      You count the leaflets again: forty, folded in three, the demands numbered one to sixteen."
)


@pytest.fixture
def long_morning(story_copy: Path) -> Path:
    """The UI story with a first scene long enough to be folded in the journal."""
    path = story_copy / "student.yaml"
    text = path.read_text(encoding="utf-8")
    assert "In Warsaw, the students say, the crowds brought their leader back." in text
    path.write_text(text.replace("In Warsaw, the students say, the crowds brought their leader back.", LONG), "utf-8")
    return story_copy


def test_a_long_scene_is_folded_to_its_opening_and_enter_reads_it_all(make_game, long_morning):
    game = start(make_game, long_morning, 1)
    shown = journal_text(game)
    screen = game.top
    assert "The radiator knocks twice and goes quiet." in shown  # the opening ...
    assert "You count the leaflets again" not in shown  # ... and not the rest
    assert "4 more paragraphs ›" in shown
    assert screen.focus == 1  # the scene the player is at
    game.key(pygame.K_UP)
    assert screen.focus == 0
    game.key(pygame.K_RETURN)
    shown = game.draw()
    assert "You count the leaflets again: forty, folded in three, the demands numbered one to sixteen." in shown
    assert "‹ only the opening" in shown and "more paragraphs" not in shown
    game.key(pygame.K_RETURN)
    assert "You count the leaflets again" not in game.draw()
    # a click on the entry opens it too; A folds every entry when all are open, else opens them all
    first = screen.spans[0].move(0, screen.view.y - screen.scroll.offset)
    game.click((first.centerx, max(first.y + 4, screen.view.y + 4)))
    assert "You count the leaflets again" in game.draw()
    game.key(pygame.K_a)
    assert "You count the leaflets again" not in game.draw()
    game.key(pygame.K_a)
    assert "You count the leaflets again" in game.draw()
    game.key(pygame.K_ESCAPE)
    assert type(game.top).__name__ == "StoryScreen"


def test_the_ending_sets_the_reply_beside_the_record(make_game, story_copy):
    path = story_copy / "student.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "        if: courage >= 1\n        closed: You are not ready to march yet.\n"
    assert marker in text
    path.write_text(text.replace(marker, marker + "        reply: You fall in behind the students' banner.\n"), "utf-8")
    game = make_game(story=story_copy)
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(1, 2)  # the leaflets (courage), then the march: an ending with a record
    assert game.story.reply == ("You fall in behind the students' banner.",)
    game.key(pygame.K_RETURN)
    assert type(game.top).__name__ == "EndingScreen"
    game.draw()
    rows = [" ".join(line.text for line in lines) for _font, lines, *_ in game.top.rows]
    chose = rows.index("You chose: March on the radio station")
    assert rows[chose + 1: chose + 3] == [
        "You fall in behind the students' banner.",
        "After Gerő's broadcast the crowd marched on the broadcasting station.",
    ]
    assert game.top.rules  # the reply has its rule, as in the journal
