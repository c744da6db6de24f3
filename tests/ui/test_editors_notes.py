"""The editors' notes and the citation stance on the desktop screens.

The UI test story (tests/ui/story/notes.yaml) has two notes on the first scene's first
cited paragraph, a provenance note on the compiler's "West did not respond!", a note on
the record's passage and one on a passage the scene at home cites ``as: report``. The
checks read both what the frame rendered (the note's heading, title, words and
references) and its pixels (the note's panel and accent edge, the underline under the
noted words, the wash on the Sources screen), each against a citation or paragraph
without notes, so a screen that dropped the notes, or drew them as the source's own
text, fails.
"""

from __future__ import annotations

import pygame
import pytest

from game.ui.editors_notes import tint
from game.ui.text import text_width
from game.ui.theme import THEMES


def to_drawer_at_home(game) -> None:
    """The scene at home cites its passage as what the BBC reported."""
    game.keys(pygame.K_n, pygame.K_1, pygame.K_1, pygame.K_1)  # leaflets, then home before dark
    assert game.scene == "student_home"
    game.key(pygame.K_s)
    assert type(game.top).__name__ == "SourceDrawer"


def to_record(game) -> None:
    """Leaflets, then the march: the radio station scene shows the record of the march."""
    game.keys(pygame.K_n, pygame.K_1, pygame.K_1, pygame.K_2)
    assert game.scene == "student_radio"


def accent_under(game, rect: pygame.Rect) -> int:
    """Accent pixels inside a rect, leaving out the drawer's own red left edge."""
    return game.count(pygame.Rect(rect.x + 6, rect.y, rect.width - 6, rect.height), game.theme.accent)


def test_the_drawer_shows_the_notes_on_the_cited_words_in_the_editors_voice(make_game, goto):
    game = make_game()
    goto(game, "drawer")
    shown = game.draw()
    drawer = game.top
    assert "Citation 1 of 2 · with 2 editors' notes" in shown
    assert [box.note.id for box in drawer.laid_notes] == ["polish_october", "gomulka_liberal"]
    first = " ".join(drawer.laid_notes[0].texts)
    assert first.startswith("Editors' note — Context Poland was the occasion, not the programme "
                            "On “to express solidarity with Polish demonstrators” The rally was called")
    assert "References: György Litván (ed.), The Hungarian Revolution of 1956: Reform, Revolt" in first
    assert "Editors' note — Context" in shown
    # the second note is below the fold (a line outside the view is not even rendered)
    assert "A communist, not a liberal" not in shown
    game.key(pygame.K_PAGEDOWN)
    assert "A communist, not a liberal" in game.draw()
    game.key(pygame.K_PAGEUP)
    shown = game.draw()
    # the note sits in its own panel, below the paragraph, with the accent edge
    panel = drawer.note_rects[0]
    assert panel.top >= drawer.passage_rect.bottom
    assert panel.right <= drawer.panel.right
    assert game.pixel((panel.x + 1, panel.y + panel.height // 2)) == game.theme.accent
    assert game.count(panel, game.theme.hover) > panel.width * panel.height // 3
    assert game.count(panel, game.theme.highlight) == 0  # never the source's highlight
    # the noted words are underlined in the accent colour
    assert accent_under(game, drawer.passage_rect) > 200


def test_a_citation_without_notes_shows_none(make_game, goto):
    game = make_game()
    goto(game, "drawer")
    game.key(pygame.K_RIGHT)  # "This prompted mass anti-Soviet demonstrations": no note on it
    shown = game.draw()
    drawer = game.top
    assert "Citation 2 of 2" in shown and "editors' note" not in shown
    assert "Editors' note" not in shown
    assert drawer.laid_notes == [] and drawer.note_rects == []
    assert accent_under(game, drawer.passage_rect) == 0
    assert "REPORTED" not in shown  # a citation given as fact has no stance tag


def test_a_citation_given_as_a_report_says_so_beside_the_passage(make_game):
    game = make_game()
    to_drawer_at_home(game)
    shown = game.draw()
    assert "AS THE BBC REPORTED" in shown
    assert "The scene gives this passage as what the BBC reported, not as established fact." in shown
    assert "Editors' note — About this document" in shown
    assert "Written later, in the voice of the day" in shown
    assert shown.index("AS THE BBC REPORTED") < shown.index("Paragraph 41, line 82 of the file")


def test_the_record_after_a_choice_shows_the_note_on_its_passage(make_game):
    game = make_game()
    to_record(game)
    shown = game.draw()
    assert "(R shows the passage and the editors' note)" in shown
    game.key(pygame.K_r)
    shown = game.draw()
    drawer = game.top
    assert type(drawer).__name__ == "SourceDrawer" and drawer.title == "The record"
    assert "Editors' note — Context" in shown and "Why the radio building" in shown
    assert [box.note.id for box in drawer.laid_notes] == ["radio_demands"]
    assert accent_under(game, drawer.passage_rect) > 100


def test_the_ending_shows_the_note_under_the_records_passage_and_its_link_opens_it(make_game):
    game = make_game()
    to_record(game)
    game.key(pygame.K_RETURN)
    shown = game.draw()
    screen = game.top
    assert type(screen).__name__ == "EndingScreen"
    assert "Editors' note — Context" in shown and "Why the radio building" in shown
    assert "The crowd went to the radio building" in shown
    (top, indent, box), = screen.note_boxes
    link_row = next(row for row in screen.rows if "show the passage" in row[1][0].text)
    assert top > link_row[2]  # under the passage it is on
    edge = (screen.x + indent + 1, top - screen.scroll.offset + box.height // 2)
    assert game.pixel(edge) == game.theme.accent
    # the link to the passage opens the drawer, which shows the note too
    rect, _action = next(link for link in screen.links if link[0].top == link_row[2])
    game.click(rect.move(0, -screen.scroll.offset).center)
    shown = game.draw()
    assert type(game.top).__name__ == "SourceDrawer"
    assert "Why the radio building" in shown


def rows_of(screen, paragraph: int) -> list:
    """The Sources screen's rows from one paragraph up to the next."""
    rows = screen.rows
    start = next(i for i, row in enumerate(rows) if row[0] == "para" and row[4][1].index == paragraph)
    end = next((i for i in range(start + 1, len(rows)) if rows[i][0] == "para"), len(rows))
    return rows[start:end]


def scroll_to(game, screen, row) -> None:
    screen.scroll.offset = row[3] - game.app.px(20)
    screen.scroll.clamp()


def test_the_sources_screen_marks_the_noted_words_and_sets_the_note_after_the_paragraph(make_game, goto):
    game = make_game()
    goto(game, "sources")
    screen = game.top
    rows = rows_of(screen, 18)  # "... the West did not respond. West did not respond!"
    _kind, font, lines, top, (_colour, paragraph, spans) = rows[0]
    noted = paragraph.text[spans[0][0]:spans[0][1]]
    assert spans == [(paragraph.text.index("West did not respond!"), len(paragraph.text))]
    assert noted == "West did not respond!"
    boxes = [row[4] for row in rows if row[0] == "editors_note"]
    assert [box.note.id for box in boxes] == ["west_did_not_respond"]
    scroll_to(game, screen, rows[0])
    shown = game.draw()
    assert "Editors' note — About this document" in shown and "Not the BBC's words" in shown
    assert "On “West did not respond!”" in shown
    # the noted words have the wash under them; a paragraph without a note has none
    on_screen = pygame.Rect(screen.x, top + screen.view.y - screen.scroll.offset, screen.width,
                            len(lines) * font.get_linesize())
    assert game.count(on_screen, tint(game.theme)) > 100
    plain = rows_of(screen, 19)[0]
    assert plain[4][2] == []
    assert game.count(pygame.Rect(screen.x, plain[3] + screen.view.y - screen.scroll.offset, screen.width,
                                  len(plain[2]) * plain[1].get_linesize()), tint(game.theme)) == 0


def test_the_sources_screen_says_nothing_about_west_did_not_respond_unless_a_note_does(make_game, story_copy):
    """The compiler's remark is pointed out by the notes data, not by the engine."""
    notes = story_copy / "notes.yaml"
    text = notes.read_text(encoding="utf-8")
    start = text.index("  - id: west_did_not_respond")
    end = text.index("  - id: radio_demands")
    notes.write_text(text[:start] + text[end:], encoding="utf-8")
    game = make_game(story=story_copy)
    game.key(pygame.K_s)
    screen = game.top
    every = " ".join(line.text for row in screen.rows for line in row[2])
    every += " ".join(" ".join(row[4].texts) for row in screen.rows if row[0] == "editors_note")
    assert "West did not respond!" in every  # the paragraph itself, as the file has it
    assert "compiled" not in every and "not the BBC" not in every.replace("not the BBC's words", "")
    assert all(row[4].note.id != "west_did_not_respond" for row in screen.rows if row[0] == "editors_note")
    assert rows_of(screen, 18)[0][4][2] == []


def test_the_cited_paragraph_from_the_drawer_carries_both_its_notes(make_game, goto):
    game = make_game()
    goto(game, "source_from_drawer")
    screen = game.top
    rows = rows_of(screen, 29)
    assert len(rows[0][4][2]) == 2
    assert [row[4].note.id for row in rows if row[0] == "editors_note"] == ["polish_october", "gomulka_liberal"]


LONG = " ".join(["The editors return to this passage at length, sentence after sentence,"] * 40)


@pytest.mark.parametrize("size", ["1280x720", "800x500"])
@pytest.mark.parametrize("theme", ["paper", "dark", "contrast"])
def test_a_long_note_wraps_inside_its_panel_and_the_drawer_scrolls_to_its_end(make_game, story_copy, size, theme):
    notes = story_copy / "notes.yaml"
    text = notes.read_text(encoding="utf-8")
    notes.write_text(text.replace("Poland gave them the day.", "Poland gave them the day. " + LONG), encoding="utf-8")
    game = make_game(story=story_copy, size=size)
    game.app.settings.theme = theme
    game.keys(pygame.K_n, pygame.K_1, pygame.K_s)
    game.draw()
    drawer = game.top
    box = drawer.laid_notes[0]
    inner = box.width - game.app.px(4) - 2 * game.app.px(14)
    assert box.width <= drawer.panel.width - 2 * game.app.px(30)
    assert len(box.rows[3][1]) > 20  # the long text, wrapped
    for font, lines, *_ in box.rows:
        assert all(text_width(font, line.text) <= inner for line in lines)
    # panels follow each other without overlapping
    first, second = drawer.note_rects
    assert first.bottom <= second.top
    assert drawer.scroll.max_offset > first.height // 2
    for _ in range(60):
        game.key(pygame.K_PAGEDOWN)
        game.draw()
    assert drawer.scroll.offset == drawer.scroll.max_offset
    shown = game.draw()
    assert "A communist, not a liberal" in shown
    second = drawer.note_rects[1]
    footer = drawer.panel.bottom - game.app.px(56)
    assert second.bottom <= footer  # the end of the last note comes into view above the footer
    assert game.pixel((second.x + 1, second.y + second.height // 2)) == THEMES[theme].accent


def test_arrow_keys_scroll_the_drawer(make_game, goto):
    game = make_game(size="800x500")
    goto(game, "drawer")
    drawer = game.top
    assert drawer.scroll.max_offset > 0
    game.key(pygame.K_DOWN)
    assert drawer.scroll.offset > 0
    game.key(pygame.K_UP)
    assert drawer.scroll.offset == 0


def test_the_ending_says_when_the_record_gives_its_passage_as_a_report(make_game, story_copy):
    chapter = story_copy / "student.yaml"
    text = chapter.read_text(encoding="utf-8")
    cited = "              quote: Immediately after the broadcast, the crowd marched on the broadcasting station.\n"
    assert text.count(cited) == 1
    chapter.write_text(text.replace(cited, cited + "              as: report\n"), encoding="utf-8")
    game = make_game(story=story_copy)
    to_record(game)
    game.key(pygame.K_RETURN)
    shown = game.draw()
    assert ("“Immediately after the broadcast, the crowd marched on the broadcasting station.” "
            "(as the BBC reported) — show the passage ›") in shown
