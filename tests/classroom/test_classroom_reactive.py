"""The session log, the debrief and the handouts quote what the class read, as rendered.

The pack ``tests/fixtures/reactive`` has two choices into one scene, each with its own reply,
a paragraph that depends on a variable the first choice sets (and prints it), a first-visit /
return pair, a reply with a conditional paragraph, and an epilogue that remembers the first
choice. Each check would fail if the log or a handout held the scene as written.

``fixtures/session-v1.json`` was written by the game before the log kept the text (commit
df99726, the scripted start of a lesson on the classroom fixture story, a format-1 save
inside); it must still load, its text marked as not recorded, never filled in from today's story.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from classroom_helpers import STORY_DIR, FakeClock, check_html, load_fixture

from game.classroom.exports import export_session, session_csv, session_html, session_markdown
from game.classroom.session import NOT_RECORDED, SESSION_VERSION, ClassSession, SessionError, load_session, save_session

REACTIVE = Path(__file__).resolve().parents[1] / "fixtures" / "reactive"
OLD_SESSION = STORY_DIR.parent / "session-v1.json"

LEAFLETS = "You fold the leaflets into your coat."
EMPTY = "You leave with nothing in your pockets."
MORNING = ["Gábor knocks twice.", "Someone has chalked {Russians go home} on the stairs."]


@pytest.fixture(scope="module")
def reactive_story():
    return load_fixture(REACTIVE)


def lesson(story, first: int, *then: int) -> ClassSession:
    """The class takes ``first`` at the morning by vote, then the teacher's ``then`` choices."""
    clock = FakeClock()
    session = ClassSession(story, "student", now=clock)
    clock.advance(60)
    session.open_vote()
    session.set_votes(first, 5)
    session.close_vote()
    for index in then:
        clock.advance(60)
        session.choose_directly(index)
    return session


@pytest.mark.parametrize(
    ("first", "reply", "variant"),
    [(0, LEAFLETS, "You hand one out; 2 left."), (1, EMPTY, "Your pockets are empty.")],
    ids=["leaflets", "empty-handed"],
)
def test_each_visit_keeps_the_reply_and_the_paragraphs_shown(reactive_story, first, reply, variant) -> None:
    session = lesson(reactive_story, first, 0)  # then "look around once more": the square again
    visits = session.log.visits
    assert [v.scene for v in visits] == ["start", "square", "square"]
    assert (visits[0].reply, visits[0].text) == ([], MORNING)  # printed, braces as read
    assert (visits[1].reply, visits[1].text) == ([reply], ["The crowd is bigger than anyone said.", variant])
    assert visits[2].reply == [] and visits[2].text[0] == "You walk the square once more."
    square = session.log.decisions[1]
    assert square.question == variant and square.visit == 2  # the showing it was decided on
    assert session.visit_of(square) is visits[1]


def test_undo_shows_the_earlier_state_again_and_the_log_says_so(reactive_story) -> None:
    session = lesson(reactive_story, 0, 0)
    session.undo()  # back to the first visit of the square: the reply and the first-visit text again
    again = session.log.visits[-1]
    assert again.reply == [LEAFLETS]
    assert again.text == ["The crowd is bigger than anyone said.", "You hand one out; 2 left."]


def test_the_debrief_steps_carry_what_the_class_read(reactive_story) -> None:
    session = lesson(reactive_story, 0, 1)  # the leaflets, then the march: the radio station, an ending
    steps = session.debrief().steps
    assert [s.scene for s in steps] == ["start", "square", "radio"]
    assert steps[0].reply == [] and steps[0].text == MORNING and steps[0].question == MORNING[-1]
    assert steps[1].reply == [LEAFLETS] and steps[1].question == "You hand one out; 2 left."
    assert steps[2].reply == ["You set off with Gábor.", "The leaflets rustle in your coat."]
    assert steps[2].text == ["The crowd surges at the doors.", "A man asks where you got the leaflets."]
    epilogue = session.debrief().ending["epilogue"]
    assert epilogue == ["You stay until morning.", "By dawn your leaflets lie on the pavement."]


def test_a_step_played_before_the_lesson_has_no_text_in_the_log(reactive_story) -> None:
    from game.core.story import Story

    story = Story(reactive_story, "student")
    story.choose(0)  # the morning was played before class, e.g. from a save
    session = ClassSession(reactive_story, story=story, now=FakeClock())
    steps = session.debrief().steps
    assert steps[0].shown is None and steps[0].question == ""  # not read in this lesson
    assert steps[1].reply == [LEAFLETS]  # on screen when the lesson began


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("first", "reply", "other_reply", "variant", "other_variant", "epilogue", "other_epilogue"),
    [
        (0, LEAFLETS, EMPTY, "You hand one out; 2 left.", "Your pockets are empty.",
         "By dawn your leaflets lie on the pavement.", "You had nothing to hand out."),
        (1, EMPTY, LEAFLETS, "Your pockets are empty.", "You hand one out; 2 left.",
         "You had nothing to hand out.", "By dawn your leaflets lie on the pavement."),
    ],
    ids=["leaflets", "empty-handed"],
)
def test_the_handouts_hold_exactly_the_reply_and_the_variant_shown(
    reactive_story, first, reply, other_reply, variant, other_variant, epilogue, other_epilogue,
) -> None:
    session = lesson(reactive_story, first, 1)
    session.finish()
    markdown = session_markdown(session)
    assert f"### Step 2: The square\n\n*Tuesday 23 October 1956, 15:00 · Central Budapest*\n\n*{reply}*\n\n" \
           f"The crowd is bigger than anyone said.\n\n> {variant}\n\n| # | Choice | Votes |" in markdown
    assert "### Step 1: The morning\n\n*Tuesday 23 October 1956, 08:00 · A rented room in Buda*\n\n" \
           "Gábor knocks twice.\n\n> Someone has chalked {Russians go home} on the stairs.\n" in markdown
    assert f"#### Epilogue\n\nYou stay until morning.\n\n{epilogue}\n" in markdown
    for text in (markdown, session_html(session)):
        assert other_reply not in text and other_variant not in text and other_epilogue not in text
        assert "{friend}" not in text and "{leaflets}" not in text and "[leaflets]" not in text
    html = session_html(session)
    checked = check_html(html)
    assert checked.problems == []
    assert (f'<p class="reply">{reply}</p><div class="read"><p>The crowd is bigger than anyone said.</p></div>'
            f'<blockquote class="question">{variant}</blockquote>') in html
    assert '<p class="reply">You set off with Gábor.</p>' in html  # the ending's reply, then its text, open
    assert '<div class="read"><p>The crowd surges at the doors.</p>' in html
    decisions = [row for row in _csv(session_csv(session)) if row["kind"] == "decision"]
    assert [(row["reply"], row["scene_text"], row["question"]) for row in decisions] == [
        ("", "\n\n".join(MORNING), MORNING[-1]),
        (reply, f"The crowd is bigger than anyone said.\n\n{variant}", variant),
    ]


def test_a_long_scene_is_folded_in_the_html_with_the_reply_and_the_question_outside(reactive_story, tmp_path) -> None:
    long = "The tram bell rings for nobody, and the kettle has boiled dry again. " * 6
    chapter = (REACTIVE / "chapter.yaml").read_text(encoding="utf-8")
    marker = "        text: The crowd is bigger than anyone said.\n"
    assert marker in chapter
    folder = tmp_path / "long"
    folder.mkdir()
    two = f"        text: [{long.strip()!r}, The crowd is bigger than anyone said.]\n"  # two on the first visit
    (folder / "chapter.yaml").write_text(chapter.replace(marker, two), "utf-8")
    shutil.copytree(REACTIVE / "sources", folder / "sources")
    shutil.copyfile(REACTIVE / "story.yaml", folder / "story.yaml")
    session = lesson(load_fixture(folder), 0, 1)
    html = session_html(session)
    checked = check_html(html)
    assert checked.problems == [] and {"details", "summary"} <= set(checked.tags)
    assert (f'<p class="reply">{LEAFLETS}</p><details class="read"><summary>The scene as the class read it '
            f"(2 paragraphs before the question)</summary><p>{long.strip()}</p>"
            "<p>The crowd is bigger than anyone said.</p></details>"
            '<blockquote class="question">You hand one out; 2 left.</blockquote>') in html
    assert f"*{LEAFLETS}*\n\n{long.strip()}\n\nThe crowd is bigger than anyone said.\n\n> You hand one out" in \
        session_markdown(session)  # the Markdown has it all: it is the plain record


def test_an_exported_handout_of_an_unfinished_lesson_shows_the_scene_on_screen(reactive_story, tmp_path) -> None:
    session = lesson(reactive_story, 1)
    markdown = export_session(session, tmp_path)["markdown"].read_text(encoding="utf-8")
    assert f"### Now at: The square\n\n*{EMPTY}*\n\nThe crowd is bigger than anyone said.\n\n" \
           "Your pockets are empty.\n\nThe lesson has not reached an ending yet." in markdown


def test_the_text_kept_in_the_log_survives_a_round_trip_and_a_changed_story(reactive_story, tmp_path) -> None:
    session = lesson(reactive_story, 0)
    path = tmp_path / "lesson.json"
    save_session(session, path)
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert payload["version"] == SESSION_VERSION == 5
    assert payload["log"]["visits"][1]["reply"] == [LEAFLETS]
    # the story is edited after the lesson: the handout still quotes what the class read
    changed = tmp_path / "changed"
    shutil.copytree(REACTIVE / "sources", changed / "sources")
    for name in ("story.yaml", "chapter.yaml"):
        text = (REACTIVE / name).read_text(encoding="utf-8")
        (changed / name).parent.mkdir(exist_ok=True)
        (changed / name).write_text(text.replace(LEAFLETS, "You stuff the leaflets into your boots."), encoding="utf-8")
    loaded = load_session(load_fixture(changed), path, now=FakeClock())
    assert loaded.story.reply == ("You stuff the leaflets into your boots.",)  # the playthrough reads today's story
    assert loaded.log.visits[1].reply == [LEAFLETS]  # the log, what was read in class
    assert f"*{LEAFLETS}*" in session_markdown(loaded)


def test_a_version_2_file_without_the_text_is_damaged_not_empty(reactive_story) -> None:
    payload = json.loads(json.dumps(lesson(reactive_story, 0).to_json()))
    del payload["log"]["visits"][1]["text"]
    with pytest.raises(SessionError, match="damaged: visits 2 has no text"):
        ClassSession.from_json(reactive_story, payload)
    payload = json.loads(json.dumps(lesson(reactive_story, 0).to_json()))
    del payload["log"]["decisions"][0]["visit"]
    with pytest.raises(SessionError, match="damaged: decisions 1 has no visit"):
        ClassSession.from_json(reactive_story, payload)


# --------------------------------------------------------------------------- an old session file


@pytest.fixture(scope="module")
def old_payload() -> dict:
    payload = json.loads(OLD_SESSION.read_text(encoding="utf-8"))
    assert payload["version"] == 1 and payload["playthrough"]["version"] == 1  # as the old game wrote it
    assert "text" not in payload["log"]["visits"][0]
    return payload


def test_a_version_1_session_file_loads_with_its_text_marked_not_recorded(classroom_story, old_payload) -> None:
    session = ClassSession.from_json(classroom_story, old_payload, now=FakeClock())
    assert session.story.path == ["s_room", "s_rally", "s_radio"]
    assert [v.scene for v in session.log.visits] == ["s_room", "s_rally", "s_radio"]
    assert all(v.reply is None and v.text is None and not v.recorded for v in session.log.visits)
    assert all(d.visit is None for d in session.log.decisions)
    decisions = session.log.decisions
    assert decisions[0].question == "The name everyone whispers is back in the party."  # kept as it was logged
    steps = session.debrief().steps
    assert all(step.shown is None for step in steps)
    assert steps[0].question == decisions[0].question
    markdown = session_markdown(session)
    assert markdown.count(f"*{NOT_RECORDED}*") == 3  # two steps and the scene now
    assert "> The name everyone whispers is back in the party." in markdown
    html = session_html(session)
    assert check_html(html).problems == [] and html.count('<p class="not-recorded">') == 3
    rows = [row for row in _csv(session_csv(session)) if row["kind"] == "decision"]
    assert [(row["reply"], row["scene_text"]) for row in rows] == [(NOT_RECORDED, NOT_RECORDED)] * 2


def test_a_version_1_session_goes_on_and_is_saved_in_the_current_version(classroom_story, old_payload, tmp_path) -> None:
    clock = FakeClock()
    session = ClassSession.from_json(classroom_story, old_payload, now=clock)
    session.show_scene()
    clock.advance(30)
    session.choose_directly(1)  # the lesson goes on: the new showings keep their text
    new = session.log.visits[-1]
    assert new.recorded and new.text == list(session.story.text)
    path = tmp_path / "again.json"
    save_session(session, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["version"] == SESSION_VERSION == 5
    assert saved["log"]["visits"][0]["text"] is None  # still unknown, said so, not made up
    loaded = load_session(classroom_story, path, now=clock)
    assert loaded.log.visits[0].text is None and loaded.log.visits[-1].text == new.text
    assert loaded.to_json()["log"] == saved["log"]


def test_the_old_file_still_refuses_another_story(reactive_story, old_payload) -> None:
    with pytest.raises(SessionError, match="another story"):
        ClassSession.from_json(reactive_story, old_payload)
