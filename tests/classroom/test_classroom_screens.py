"""Classroom mode through the real pygame screens, driven by posted keys.

The session tests drive :class:`ClassSession` directly; these check that what the
teacher presses on screen reaches the session (votes, ties, discussion, debriefs) and
that ``budapest1956 classroom --headless --autoplay`` writes an export that agrees with
itself.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from classroom_helpers import STORY_DIR  # noqa: E402
from game.cli import build_parser, main  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.widgets import key_event  # noqa: E402


pytestmark = pytest.mark.usefixtures("player_home")  # a folder of its own for every test (conftest)


def classroom_app(*extra: str, story: Path = STORY_DIR) -> App:
    app = App(build_parser().parse_args(["classroom", "--story", str(story), "--headless", *extra]))
    app.options.classroom = True

    def crash(error: BaseException) -> None:
        raise error

    app.crash = crash  # type: ignore[method-assign]
    app.first_screen()
    return app


def press(app: App, *keys: int, mod: int = 0) -> None:
    for key in keys:
        app.dispatch(key_event(key, mod=mod))
        app.draw()


def test_the_teacher_runs_a_vote_with_a_tie_and_breaks_it() -> None:
    app = classroom_app()
    assert type(app.top).__name__ == "ClassroomSetupScreen"
    assert app.projector and app.theme.name == "projector"
    press(app, pygame.K_1)
    assert type(app.top).__name__ == "ClassroomStoryScreen"
    session = app.classroom
    first = session.scene.id
    open_choices = [view.choice.index for view in session.story.choices if view.open]
    assert len(open_choices) >= 2
    press(app, pygame.K_v)
    if type(app.top).__name__ == "DiscussionScreen":  # an author-marked pause comes first
        assert session.log.prompts, "the prompts on screen are logged"
        press(app, pygame.K_RETURN)
    assert type(app.top).__name__ == "VoteScreen"
    a, b = open_choices[:2]
    press(app, pygame.K_1 + a, pygame.K_1 + a, pygame.K_1 + b, pygame.K_1 + b, pygame.K_1 + b)
    press(app, pygame.K_1 + b, mod=pygame.KMOD_SHIFT)  # a hand less
    assert [t.votes for t in session.vote.tallies][a] == 2 and [t.votes for t in session.vote.tallies][b] == 2
    press(app, pygame.K_RETURN)
    assert type(app.top).__name__ == "VoteScreen" and app.top.tie == sorted([a, b])
    press(app, pygame.K_1 + b)  # the teacher decides
    decision = session.log.decisions[-1]
    assert decision.tie and decision.teacher_tiebreak and decision.winner == b
    assert session.story.path[:2] == [first, session.data.scenes[first].choices[b].goto]


def test_a_number_key_on_the_story_is_the_teachers_own_choice() -> None:
    app = classroom_app()
    press(app, pygame.K_1)
    session = app.classroom
    index = next(view.choice.index for view in session.story.choices if view.open)
    press(app, pygame.K_1 + index)
    assert session.log.decisions[-1].method == "teacher"
    if type(app.top).__name__ == "DebriefScreen":  # the choice ended a chapter
        assert session.log.chapters_ended
        press(app, pygame.K_RETURN)
    assert type(app.top).__name__ == "ClassroomStoryScreen"
    press(app, pygame.K_BACKSPACE)
    assert session.log.decisions[-1].undone


def test_headless_autoplay_writes_an_export_that_adds_up(tmp_path: Path) -> None:
    export = tmp_path / "export"
    code = main(["classroom", "--story", str(STORY_DIR), "--headless", "--autoplay", "1", "--seed", "5",
                 "--export", str(export)])
    assert code == 0
    assert {p.name for p in export.iterdir()} == {"session.md", "session.html", "decisions.csv", "bibliography.csv"}
    with (export / "decisions.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    decisions = [row for row in rows if row["kind"] == "decision"]
    with (export / "bibliography.csv").open(encoding="utf-8-sig", newline="") as handle:
        passages = list(csv.DictReader(handle))
    assert decisions, "a whole lesson makes decisions"
    for row in decisions:
        counts = [int(row[f"votes_{n}"]) for n in range(1, 10) if row.get(f"votes_{n}")]
        assert sum(counts) == int(row["total_votes"])
    markdown = (export / "session.md").read_text(encoding="utf-8")
    assert "Ending reached" in markdown
    for passage in passages:
        assert passage["quote"] in markdown  # the bibliography quotes every passage seen


def test_the_debrief_on_screen_gives_each_step_the_reply_and_the_question_the_class_read() -> None:
    app = classroom_app(story=Path(__file__).resolve().parents[1] / "fixtures" / "reactive")
    press(app, pygame.K_1)  # the only point of view
    press(app, pygame.K_1, pygame.K_2)  # the teacher takes the leaflets, then the march: an ending
    assert type(app.top).__name__ == "DebriefScreen"
    rows = [" ".join(line.text for line in lines) for _font, lines, *_ in app.top.rows]
    square = rows.index("Tuesday 23 October 1956, 15:00 · Central Budapest · The square")
    assert rows[square + 1: square + 4] == [
        "You fold the leaflets into your coat.", "“You hand one out; 2 left.”",
        "The class chose by the teacher: March on the radio station",
    ]
    radio = rows.index("Tuesday 23 October 1956, 21:00 · The radio building · The radio station")
    assert rows[radio + 1: radio + 4] == [
        "You set off with Gábor.", "The leaflets rustle in your coat.", "“A man asks where you got the leaflets.”",
    ]
    assert not any("You leave with nothing" in row or "Your pockets are empty" in row for row in rows)


def test_the_debrief_on_screen_shows_the_editors_note_beside_a_record_and_the_stance(tmp_path: Path) -> None:
    import shutil

    from classroom_helpers import REPORTED_ERROR, with_reported_error

    folder = with_reported_error(Path(shutil.copytree(STORY_DIR, tmp_path / "story")))
    app = classroom_app(story=folder)
    press(app, pygame.K_1)  # the student
    for key in (pygame.K_1, pygame.K_1, pygame.K_1, pygame.K_2):  # to the curfew, then "Stay in"
        press(app, key)
        if type(app.top).__name__ == "DebriefScreen" and app.classroom.scene.id != "s_window":
            press(app, pygame.K_RETURN)  # a chapter's debrief: go on
    assert app.classroom.scene.id == "s_window" and type(app.top).__name__ == "DebriefScreen"
    rows = [" ".join(line.text for line in lines) for _font, lines, *_ in app.top.rows]
    quote = next(n for n, row in enumerate(rows) if row.startswith(f"“{REPORTED_ERROR}”"))
    assert rows[quote].endswith("¶20 (as reported)")
    assert rows[quote + 1] == "Editors' note — Error in the source: Far too many dead"
    assert rows[quote + 2].startswith("The figure is far too high.")
    assert rows[quote + 3].startswith("References: Hungarian Central Statistical Office (KSH)")
    # the other records of the chapter have no note and no stance words
    assert sum(row.startswith("Editors' note") for row in rows) == 1
