"""The classroom's screens fit a projector's window: what each one draws, and where.

Every text the window receives is recorded with where its ink lands (inside the clip in
force), so a test can say "nothing but the footer is drawn in the footer's band" or "the
reason clears the line above it" without knowing how the screen lays itself out. The
votes are a copy of the classroom fixture whose first scene has four long choices (one
of each kind of wrap the reviewer found), long prompts and a closed choice.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from classroom_helpers import STORY_DIR  # noqa: E402
from game.classroom.session import ClassSession  # noqa: E402
from game.cli import build_parser  # noqa: E402
from game.core.loader import load_story  # noqa: E402
from game.core.story import Story  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.widgets import key_event  # noqa: E402

#: the settings' largest text size, the one the reviewer's 1280x720 screenshots used
LARGEST = 5
CHOICES = [  # each left a word alone on its last line at 1280x720 in projector type
    "Go down to the kitchen, where Mrs Bartos already has the radio on",
    "Box up the notebooks for the day she can keep her promise to Tibor",
    "Go out and find Laci before ten, and talk him into giving his rifle up",
    "Tell her the truth: Zsófi means to march and shout with everyone else",
]
PROMPTS = [
    "Estimates of the dead \"vary from 2,000 to 5,000\". Why would nobody know, only days in? What is "
    "gained and lost by printing a range, or no number at all?",
    "Tibor hears that tanks fired on a crowd in Parliament Square. A BBC note written long afterwards "
    "dates a point-blank shooting to Parliament Square on 25 October; another BBC page passes on Foreign "
    "Office reports of tanks firing into the crowds at point-blank range, without a date. Are these the "
    "same event? How could you find out?",
    "Sowerby asks Eleanor not to quote him, and his silence about Hungary tells her more than his words. "
    "Should a reporter keep a promise like that when she thinks her readers need to know?",
]
REASON = "She made Tibor no promise to keep."
#: wider than the text column was (width − 330 units) at 1280x720, narrower than the room the tally leaves
RALLY = "March on the radio station tonight"


#: every test gets a player folder of its own (conftest.player_home)
pytestmark = pytest.mark.usefixtures("player_home")


@pytest.fixture
def story(tmp_path: Path) -> Path:
    """The fixture story, its first scene with the four choices and three prompts above
    (a fifth choice, closed, for the reason's spacing), the rally's first choice long
    enough to need the tally's spare room."""
    folder = Path(shutil.copytree(STORY_DIR, tmp_path / "story"))
    prologue = folder / "prologue.yaml"
    chapter = yaml.safe_load(prologue.read_text(encoding="utf-8"))
    room = chapter["scenes"][0]
    assert room["id"] == "s_room"
    room["choices"] = [{"text": text, "goto": "s_rally"} for text in CHOICES]
    room["discussion"] = PROMPTS
    prologue.write_text(yaml.safe_dump(chapter, allow_unicode=True, sort_keys=False), encoding="utf-8")
    oct23 = folder / "oct23.yaml"
    chapter = yaml.safe_load(oct23.read_text(encoding="utf-8"))
    assert chapter["scenes"][0]["id"] == "s_rally"
    chapter["scenes"][0]["choices"][0]["text"] = RALLY
    oct23.write_text(yaml.safe_dump(chapter, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert load_story(folder)[0] is not None
    return folder


class Recording(pygame.Surface):
    """A window that remembers each blit: the text it showed (when it was text) and the
    rectangle its ink covers, cut to the clip in force."""

    def __init__(self, size: tuple[int, int], texts: dict[int, tuple[str, Any, Any]]):
        super().__init__(size)
        self.texts = texts
        self.blits: list[dict[str, Any]] = []

    def blit(self, source: pygame.Surface, dest: Any, area: Any = None, special_flags: int = 0) -> pygame.Rect:
        x, y = dest[0], dest[1]
        ink = source.get_bounding_rect().move(x, y)
        text, font, colour = self.texts.get(id(source), (None, None, None))
        self.blits.append({"text": text, "font": font, "colour": colour, "x": x, "ink": ink,
                           "shown": ink.clip(self.get_clip())})
        return super().blit(source, dest, area, special_flags)


def classroom(story: Path, scene: str = "s_room", size: str = "1280x720", text_size: int = LARGEST) -> App:
    """A lesson on ``scene`` in projector type, on the classroom story screen."""
    app = App(build_parser().parse_args(["--headless", "--story", str(story), "--size", size]))

    def crash(error: BaseException) -> None:
        raise error

    app.crash = crash  # type: ignore[method-assign]
    app.settings.text_size = text_size
    app.first_screen()
    data = app.story_data
    session = ClassSession(data, story=Story(data, "student", start=scene))
    app.projector = True
    app.cache.clear()
    app.classroom = session
    app.story = session.story
    texts: dict[int, tuple[str, Any, Any]] = {}
    render = app.cache.render

    def remembered(font: Any, text: str, colour: Any) -> pygame.Surface:
        surface = render(font, text, colour)
        texts[id(surface)] = (text, font, colour)
        return surface

    app.cache.render = remembered  # type: ignore[method-assign]
    app.window = Recording(app.window.get_size(), texts)
    app.reset_to_story("classroom_story")
    return app


def frame(app: App) -> list[dict[str, Any]]:
    app.window.blits = []
    app.toast_until = 0.0  # a toast is not the screen's own drawing
    app.invalidate()
    app.draw()
    return [blit for blit in app.window.blits if blit["shown"].width and blit["shown"].height]


def press(app: App, *keys: int, mod: int = 0) -> None:
    for key in keys:
        app.dispatch(key_event(key, mod=mod))


def band_top(app: App) -> int:
    """Where the footer's band begins: the footer's own line and the space around it."""
    return app.window.get_height() - app.px(44)


def footer_of(blits: list[dict[str, Any]]) -> dict[str, Any]:
    return max(blits, key=lambda blit: blit["ink"].bottom)


def assert_band_clear(app: App, blits: list[dict[str, Any]]) -> None:
    """Below the band's top nothing is drawn but the footer's line: no text, no button,
    no bar (every pixel there outside the footer's ink is the background)."""
    footer = footer_of(blits)
    top = band_top(app)
    intruders = [blit["text"] for blit in blits if blit is not footer and blit["shown"].bottom > top]
    assert not intruders, intruders
    window = app.window
    background = tuple(app.theme.background)
    for y in range(top, window.get_height()):
        for x in range(0, window.get_width(), 3):
            if not footer["ink"].collidepoint(x, y):
                assert tuple(window.get_at((x, y)))[:3] == background, ((x, y), footer["text"])


def open_vote(app: App) -> Any:
    app.push("vote", app.top)
    assert type(app.top).__name__ == "VoteScreen"
    return app.top


def choice_lines(blits: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The lines of a choice's text (not its number, count or buttons)."""
    return [blit for blit in blits if blit["text"] and blit["text"] in text and not blit["text"].isdigit()
            and blit["text"] not in ("−", "+")]


# --------------------------------------------------------------------------- votes


@pytest.mark.parametrize("choices", [3, 4])
def test_every_row_of_a_vote_fits_above_the_footer_and_a_pressed_row_comes_into_view(story: Path, choices: int) -> None:
    if choices == 3:
        chapter = yaml.safe_load((story / "prologue.yaml").read_text(encoding="utf-8"))
        del chapter["scenes"][0]["choices"][3]
        (story / "prologue.yaml").write_text(yaml.safe_dump(chapter, allow_unicode=True), encoding="utf-8")
    app = classroom(story)
    screen = open_vote(app)
    blits = frame(app)
    assert_band_clear(app, blits)
    window = app.window.get_rect()
    plus = [blit for blit in blits if blit["text"] == "+"]
    for blit in plus:
        assert window.contains(blit["ink"]) and blit["ink"].bottom <= band_top(app)
    if choices == 3:  # three rows fit whole, at a smaller type if need be
        assert len(plus) == 3 and all(blit["shown"] == blit["ink"] for blit in plus)
    floor = app.font("body", 24).get_height()
    for text in CHOICES[:choices]:
        lines = choice_lines(blits, text)
        assert all(line["font"].get_height() >= floor for line in lines), text  # never below the floor
    for number in range(choices, 0, -1):  # the last row first: the view must move there and back
        press(app, pygame.K_0 + number)
        blits = frame(app)
        assert_band_clear(app, blits)
        assert screen.vote.tallies[number - 1].votes == 1
        row = [rect for rect, index, delta in screen.buttons if index == number - 1]
        assert len(row) == 2, f"the −/+ of choice {number} are not wholly in view"
        for rect in row:
            assert window.contains(rect) and rect.bottom <= band_top(app)
        shown = choice_lines(blits, CHOICES[number - 1])
        assert shown and all(line["shown"] == line["ink"] for line in shown), CHOICES[number - 1]


def test_a_vote_too_long_for_the_window_scrolls_with_the_arrows_and_says_so(story: Path) -> None:
    app = classroom(story)
    screen = open_vote(app)
    blits = frame(app)
    assert "↑↓ more" in footer_of(blits)["text"]  # four long rows at the floor's type: taller than the room
    for _ in range(3):
        press(app, pygame.K_DOWN)
        blits = frame(app)
        assert_band_clear(app, blits)
        shown = choice_lines(blits, CHOICES[screen.focus])
        assert shown and all(line["shown"] == line["ink"] for line in shown)
    assert screen.focus == 3 and screen.scroll.offset > 0


def test_the_choices_wrap_evenly_in_a_column_as_wide_as_the_tally_allows(story: Path) -> None:
    app = classroom(story)
    open_vote(app)
    blits = frame(app)
    counts = [blit for blit in blits if blit["text"] == "0"]
    for text in CHOICES:
        lines = choice_lines(blits, text)
        assert " ".join(line["text"] for line in lines) == text
        assert len(lines[-1]["text"].split()) >= 2, [line["text"] for line in lines]  # no word left alone
        right = max(line["ink"].right for line in lines)
        assert all(right < count["ink"].left for count in counts)
    # a choice that fits beside its tally is on one line: the column reaches the count
    app = classroom(story, "s_rally")
    open_vote(app)
    (line,) = choice_lines(frame(app), RALLY)
    assert line["text"] == RALLY


def test_a_closed_choices_reason_stands_clear_of_its_choice_and_the_next_row(story: Path) -> None:
    chapter = yaml.safe_load((story / "prologue.yaml").read_text(encoding="utf-8"))
    choices = chapter["scenes"][0]["choices"]
    choices[1].update({"if": "courage >= 5", "closed": REASON})
    (story / "prologue.yaml").write_text(yaml.safe_dump(chapter, allow_unicode=True), encoding="utf-8")
    app = classroom(story)
    screen = open_vote(app)
    press(app, pygame.K_2)  # the closed row into view; it takes no hand, and says why
    toast = app.toast_text
    blits = frame(app)
    (reason,) = [blit for blit in blits if blit["text"] == REASON]
    above = choice_lines(blits, CHOICES[1])
    assert reason["ink"].top - max(line["ink"].bottom for line in above) >= app.px(16)  # was 8 units: touching
    below = choice_lines(blits, CHOICES[2])
    assert below and min(line["ink"].top for line in below) - reason["ink"].bottom >= app.px(16)
    assert screen.vote.total == 0 and toast == f"Choice 2 is closed: {REASON}"


def test_a_tie_offers_choose_on_the_tied_rows_and_says_which_numbers_decide(story: Path) -> None:
    app = classroom(story)
    screen = open_vote(app)
    press(app, pygame.K_1, pygame.K_1, pygame.K_2, pygame.K_2, pygame.K_3)
    blits = frame(app)
    words = " ".join(blit["text"] or "" for blit in blits)
    assert "1–4 add a hand" in words and "1–9" not in words
    press(app, pygame.K_RETURN)
    assert screen.tie == [0, 1]
    blits = frame(app)
    words = " ".join(blit["text"] or "" for blit in blits)
    assert "1–2 give the tie to that choice" in words
    assert "1–9" not in words and "Shift" not in words and "Enter" not in words  # Enter does not decide a tie
    assert not [blit for blit in blits if blit["text"] in ("−", "+")]
    assert [blit["text"] for blit in blits].count("Choose") == 2
    theme = app.theme
    for number, text in enumerate(CHOICES):
        colours = {line["colour"] for line in choice_lines(blits, text)}
        if colours:
            assert colours == {theme.text if number in (0, 1) else theme.faint}, text
    press(app, pygame.K_RETURN)
    assert type(app.top).__name__ == "VoteScreen" and screen.tie == [0, 1]
    choose = [(rect, index) for rect, index, delta in screen.buttons if delta == 0]
    assert [index for _rect, index in choose] == [0, 1]
    app.dispatch(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=choose[1][0].center, button=1, touch=False))
    decision = app.classroom.log.decisions[-1]
    assert decision.tie and decision.winner == 1


def test_a_vote_of_two_choices_names_the_two_numbers(story: Path) -> None:
    app = classroom(story, "w_shift")
    open_vote(app)
    words = " ".join(blit["text"] or "" for blit in frame(app))
    assert "1–2 add a hand" in words and "Shift+1–2" in words and "1–9" not in words


# --------------------------------------------------------------------------- discussion


@pytest.mark.parametrize(("size", "text_size"), [("1280x720", LARGEST), ("1920x1080", 0)])
def test_the_discussion_keeps_the_footer_band_clear_and_scrolls_to_its_last_prompt(
        story: Path, size: str, text_size: int) -> None:
    app = classroom(story, size=size, text_size=text_size)
    app.push("discussion", app.top, True)
    screen = app.top
    seen: set[str] = set()
    for _ in range(12):
        blits = frame(app)
        assert_band_clear(app, blits)
        seen |= {blit["text"] for blit in blits if blit["shown"] == blit["ink"] and blit["text"]}
        before = getattr(getattr(screen, "scroll", None), "offset", None)
        press(app, pygame.K_DOWN)
        if getattr(getattr(screen, "scroll", None), "offset", None) == before:
            break
    words = " ".join(sorted(seen))
    for prompt in PROMPTS:
        assert all(word in words for word in prompt.split()), prompt
    press(app, pygame.K_RETURN)
    assert type(app.top).__name__ == "VoteScreen"


# --------------------------------------------------------------------------- debrief


def debrief(story: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[App, list[str]]:
    import game.classroom.screens as screens

    footers: list[str] = []
    original = screens.draw_footer

    def watched(app: Any, surface: Any, text: str) -> None:
        footers.append(text)
        original(app, surface, text)

    monkeypatch.setattr(screens, "draw_footer", watched)
    app = classroom(story)
    app.top.open_discussion()  # the prompts were shown: the debrief lists them
    press(app, pygame.K_RETURN, pygame.K_1)  # the teacher takes the first choice: the prologue ends
    assert type(app.top).__name__ == "DebriefScreen"
    return app, footers


def test_the_debrief_has_a_footer_whose_keys_act_at_any_scroll(story: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, footers = debrief(story, monkeypatch)
    screen = app.top
    blits = frame(app)
    assert footers and "Enter" in footers[-1] and "E export" in footers[-1], footers
    assert_band_clear(app, blits)
    assert screen.scroll.offset == 0 and screen.scroll.max_offset > 0
    press(app, pygame.K_DOWN)
    assert screen.scroll.offset > 0
    assert_band_clear(app, frame(app))
    press(app, pygame.K_e)  # the buttons are far below: their keys act all the same
    assert app.toast_text.startswith("Exported to")
    press(app, pygame.K_RETURN)
    assert type(app.top).__name__ == "ClassroomStoryScreen"


def whole_debrief(app: App) -> list[tuple[int, int, int, str, Any]]:
    """Every line of the debrief wholly on screen at some scroll, a page at a time:
    (ink top, ink bottom, x, text, font), in content coordinates."""
    screen = app.top
    seen: set[tuple[int, int, int, str, Any]] = set()
    while True:
        offset = screen.scroll.offset
        seen |= {(blit["ink"].top + offset, blit["ink"].bottom + offset, blit["x"], blit["text"], blit["font"])
                 for blit in frame(app) if blit["shown"] == blit["ink"] and blit["text"]}
        press(app, pygame.K_PAGEDOWN)
        if screen.scroll.offset == offset:
            return sorted(seen, key=lambda row: row[:3])


def test_the_debriefs_headings_stand_apart_from_what_comes_before(story: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, _ = debrief(story, monkeypatch)
    heading_font = app.font("display", 34)
    rows = whole_debrief(app)
    headings = [row for row in rows if row[4] is heading_font]
    assert [row[3] for row in headings] == ["The class's path", "To discuss"]
    for top, _bottom, _x, text, _font in headings:
        above = max(row[1] for row in rows if row[1] <= top)
        assert top - above >= app.px(20), text


def test_the_debriefs_bullets_hang_their_wrapped_lines_under_the_text(story: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, _ = debrief(story, monkeypatch)
    body = app.font("body", 24)
    rows = whole_debrief(app)
    for prompt in PROMPTS:
        lines = [row for row in rows if row[3] in prompt and row[4] is body]
        assert len(lines) >= 2 and " ".join(row[3] for row in lines) == prompt, [row[3] for row in lines]
        assert len({row[2] for row in lines}) == 1, f"the lines of “{prompt[:30]}…” do not start together"
        first = lines[0]
        bullet = [row for row in rows if row[3] == "•" and first[0] - app.px(20) <= row[0] <= first[1]]
        assert len(bullet) == 1 and bullet[0][2] < first[2]


# --------------------------------------------------------------------------- setup


@pytest.mark.parametrize(("size", "text_size"), [("1280x720", LARGEST), ("1920x1080", 0)])
def test_the_setup_screen_neither_fades_nor_scrolls_a_list_that_fits(size: str, text_size: int) -> None:
    app = App(build_parser().parse_args(["--headless", "--size", size]))  # the shipped story: four points of view
    app.settings.text_size = text_size
    app.first_screen()
    app.dispatch(key_event(pygame.K_k))
    screen = app.top
    assert type(screen).__name__ == "ClassroomSetupScreen" and screen.view == "new"
    app.draw()
    last = screen.menu.items[-1].rect
    assert last.bottom <= screen.menu_view.bottom
    assert screen.menu_scroll.max_offset == 0
    background = tuple(app.theme.background)
    width = app.window.get_width()
    for y in range(screen.menu_view.top + 10, screen.menu_view.bottom):  # no scroll bar along the edge
        assert tuple(app.window.get_at((width - 3, y)))[:3] == background, y
    label = app.px(30)  # the last row's words are drawn in full colour, not faded
    colours = {tuple(app.window.get_at((x, y)))[:3] for x in range(last.x, last.x + label * 8, 2)
               for y in range(last.y, last.bottom)}
    assert tuple(app.theme.text) in colours
