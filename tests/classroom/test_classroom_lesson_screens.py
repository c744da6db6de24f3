"""Lessons through the real screens: the setup screen offers the unfinished ones, a
resumed lesson goes on where it stopped, the class can be named, and nothing of a class's
path goes into the solo saves or the player's real data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from classroom_helpers import STORY_DIR, load_fixture  # noqa: E402
from game.classroom.lessons import LessonStore  # noqa: E402
from game.cli import build_parser  # noqa: E402
from game.core.saves import read_save  # noqa: E402
from game.paths import data_folders, story_key  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.widgets import key_event  # noqa: E402


#: every test gets a player folder of its own (conftest.player_home)
pytestmark = pytest.mark.usefixtures("player_home")


def classroom_app(*extra: str) -> App:
    app = App(build_parser().parse_args(["classroom", "--story", str(STORY_DIR), "--headless", *extra]))
    app.options.classroom = True

    def crash(error: BaseException) -> None:
        raise error

    app.crash = crash  # type: ignore[method-assign]
    app.first_screen()
    app.draw()
    return app


def press(app: App, *keys: int, mod: int = 0) -> None:
    for key in keys:
        app.dispatch(key_event(key, mod=mod))
        app.draw()


def type_text(app: App, text: str) -> None:
    for character in text:
        app.dispatch(pygame.event.Event(pygame.TEXTINPUT, text=character))
    app.draw()


def top(app: App) -> str:
    return type(app.top).__name__


def store_of(app: App) -> LessonStore:
    return LessonStore(app.folders.lessons(story_key(app.story_data.id, app.story_data.root)), app.story_data)


def lesson_on_disk(app: App) -> dict:
    (path,) = store_of(app).files()
    return read_save(path)


def stop_for_today(app: App) -> None:
    press(app, pygame.K_ESCAPE)
    assert top(app) == "ClassroomMenuScreen"
    press(app, pygame.K_q)
    assert top(app) == "TitleScreen"


# --------------------------------------------------------------------------- a new lesson


def test_a_lesson_is_written_as_it_goes_and_never_into_the_solo_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    app = classroom_app()
    autosaves: list[object] = []
    monkeypatch.setattr(app, "autosave", lambda: autosaves.append(app.story))
    assert top(app) == "ClassroomSetupScreen" and app.top.view == "new"  # nothing to resume
    press(app, pygame.K_1)
    assert top(app) == "ClassroomStoryScreen"
    session = app.classroom
    assert lesson_on_disk(app)["log"]["visits"][0]["scene"] == session.scene.id
    press(app, pygame.K_v)
    if top(app) == "DiscussionScreen":
        press(app, pygame.K_RETURN)
    press(app, pygame.K_1, pygame.K_1)
    assert lesson_on_disk(app)["vote"]["tallies"][0]["votes"] == 2  # every hand is on disk
    press(app, pygame.K_RETURN)
    assert lesson_on_disk(app)["log"]["decisions"][0]["winner"] == 0
    if top(app) == "DebriefScreen":
        press(app, pygame.K_RETURN)
    press(app, pygame.K_BACKSPACE)
    assert lesson_on_disk(app)["log"]["decisions"][0]["undone"] is True
    assert autosaves == []  # the lesson file is the class's save


def test_f2_in_class_keeps_the_lesson_instead_of_opening_the_solo_save_screen() -> None:
    app = classroom_app()
    press(app, pygame.K_1)
    lesson = app.classroom_lesson
    before = lesson.writes
    press(app, pygame.K_F2)
    assert top(app) == "ClassroomStoryScreen" and lesson.writes == before + 1
    assert lesson.path.name in app.toast_text
    press(app, pygame.K_s, mod=pygame.KMOD_CTRL)
    assert top(app) == "ClassroomStoryScreen"


def test_the_story_screen_carries_the_sitting_on_while_the_class_reads() -> None:
    app = classroom_app()
    press(app, pygame.K_1)
    screen, lesson = app.top, app.classroom_lesson
    before = lesson.writes
    screen.update()
    assert lesson.writes == before  # not every frame
    screen.heartbeat_at -= 61  # a minute later (the screen's own monotonic clock)
    screen.update()
    assert lesson.writes == before + 1


def test_stopping_for_today_leaves_no_class_in_play() -> None:
    app = classroom_app()
    press(app, pygame.K_1)
    stop_for_today(app)
    assert app.classroom is None and app.story is None and not app.projector
    assert len(store_of(app).unfinished()) == 1


# --------------------------------------------------------------------------- naming the class


def test_the_class_named_at_setup_names_the_lesson_and_its_exports() -> None:
    app = classroom_app()
    press(app, pygame.K_c)
    assert top(app) == "TextInputScreen"
    type_text(app, "c")  # a real keyboard sends the opening key's character too: not typed
    type_text(app, "7.B History")
    press(app, pygame.K_RETURN)
    assert top(app) == "ClassroomSetupScreen"
    assert app.top.menu.items[-1].label == "Class: 7.B History (C to change)"
    press(app, pygame.K_1)
    lesson = app.classroom_lesson
    assert lesson.path.name.endswith("-7-B-History.json")
    assert lesson_on_disk(app)["log"]["class_name"] == "7.B History"
    press(app, pygame.K_e)
    folder = app.folders.exports() / lesson.stem
    markdown = (folder / "session.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Classroom Fixture: class session — 7.B History\n")


# --------------------------------------------------------------------------- resuming


def test_the_setup_screen_offers_the_newest_lesson_and_resumes_it_where_it_stopped() -> None:
    app = classroom_app()
    press(app, pygame.K_1)
    session = app.classroom
    index = next(view.choice.index for view in session.story.choices if view.open)
    press(app, pygame.K_1 + index)
    if top(app) == "DebriefScreen":
        press(app, pygame.K_RETURN)
    path = list(session.story.path)
    press(app, pygame.K_v)
    if top(app) == "DiscussionScreen":
        press(app, pygame.K_RETURN)
    open_choice = next(t.index for t in session.vote.tallies if t.open)
    press(app, pygame.K_1 + open_choice, pygame.K_1 + open_choice, pygame.K_1 + open_choice)
    app.stack.clear()  # the game is closed here (no clean-up runs)
    pygame.display.quit()

    app = classroom_app()
    screen = app.top
    assert screen.view == "home"
    first = screen.menu.items[0].label
    assert first.startswith("Go on with the class session of ") and "step 2 of the path, no votes yet" in first
    assert "a vote was open" in screen.menu.items[0].detail
    assert [item.label for item in screen.menu.items[1:]] == ["Start a new lesson…"]
    press(app, pygame.K_1)
    assert [type(s).__name__ for s in app.stack] == ["TitleScreen", "ClassroomStoryScreen", "VoteScreen"]
    resumed = app.classroom
    assert resumed.story.path == path and len(resumed.log.sittings) == 2
    assert app.top.vote.tallies[open_choice].votes == 3  # the open vote goes on with its hands
    assert "Resumed: sitting 2" in app.toast_text
    press(app, pygame.K_RETURN)
    assert lesson_on_disk(app)["log"]["decisions"][-1]["method"] == "vote"
    assert len(store_of(app).files()) == 1  # the same file


def test_a_lesson_stopped_before_its_chapter_debrief_resumes_with_the_debrief() -> None:
    data = load_fixture()
    folder = data_folders().lessons(story_key(data.id, data.root))
    session, _ = LessonStore(folder, data).new("student")
    session.choose_directly(0)  # the prologue ends here; no debrief yet
    app = classroom_app()
    press(app, pygame.K_1)
    assert top(app) == "DebriefScreen" and app.classroom.log.chapters_ended == ["prologue"]


def test_damaged_lessons_are_listed_with_their_reason_and_stop_nothing() -> None:
    data = load_fixture()
    folder = data_folders().lessons(story_key(data.id, data.root))
    folder.mkdir(parents=True)
    (folder / "2024-01-01-0900.json").write_text('{"format": "budapest1956-classroom', encoding="utf-8")
    app = classroom_app()
    screen = app.top
    assert screen.view == "home"
    assert [item.label for item in screen.menu.items] == ["All unfinished lessons (1)…", "Start a new lesson…"]
    press(app, pygame.K_l)
    assert screen.view == "lessons"
    (item,) = screen.menu.items
    assert not item.enabled and item.label == "A lesson file that cannot be resumed: 2024-01-01-0900.json"
    assert item.detail == "It is damaged or cut short and cannot be read."
    press(app, pygame.K_1)
    assert top(app) == "ClassroomSetupScreen" and "damaged" in app.toast_text
    press(app, pygame.K_ESCAPE)
    assert screen.view == "home"
    press(app, pygame.K_n, pygame.K_1)
    assert top(app) == "ClassroomStoryScreen"


def test_a_lesson_damaged_after_it_was_listed_says_why_and_the_list_is_read_again() -> None:
    data = load_fixture()
    folder = data_folders().lessons(story_key(data.id, data.root))
    _, lesson = LessonStore(folder, data).new("student")
    app = classroom_app()
    lesson.path.write_text("{", encoding="utf-8")  # e.g. the USB stick's copy went bad
    press(app, pygame.K_1)
    assert top(app) == "MessageScreen" and app.top.title == "This lesson cannot be resumed"
    press(app, pygame.K_RETURN)
    screen = app.top
    assert top(app) == "ClassroomSetupScreen" and screen.lessons and not screen.lessons[0].usable


def test_the_setup_screen_draws_in_every_view_at_both_sizes() -> None:
    data = load_fixture()
    folder = data_folders().lessons(story_key(data.id, data.root))
    store = LessonStore(folder, data)
    for name in ("7B", "8A"):
        store.new("student", name)[0].choose_directly(0)
    (folder / "bad.json").write_text("[]", encoding="utf-8")
    for size in ("1280x720", "1920x1080"):
        app = classroom_app("--size", size)
        screen = app.top
        for keys, view in (((), "home"), ((pygame.K_l,), "lessons"), ((pygame.K_ESCAPE, pygame.K_n), "new")):
            press(app, *keys)
            assert screen.view == view
            for item in screen.menu.items:  # every row inside the window's width
                assert item.rect.right <= app.window.get_width() - app.px(40), (size, view, item.label)
        pygame.display.quit()


# --------------------------------------------------------------------------- putting away


def two_lessons_and_a_damaged_file() -> tuple[Path, list[Path]]:
    """On disk before the game starts: 7B (taught last), 8A, and a file cut short."""
    data = load_fixture()
    folder = data_folders().lessons(story_key(data.id, data.root))
    store = LessonStore(folder, data)
    eight, _ = store.new("student", "8A")
    seven, _ = store.new("student", "7B")
    seven.choose_directly(0)
    (folder / "2023-09-01-0800.json").write_text("{", encoding="utf-8")
    return folder, [info.path for info in store.unfinished()]


def test_delete_puts_the_focused_lesson_away_after_asking_and_cancel_keeps_it() -> None:
    folder, (seven, eight, damaged) = two_lessons_and_a_damaged_file()
    app = classroom_app()
    screen = app.top
    press(app, pygame.K_l)
    assert screen.view == "lessons" and screen.menu.focus == 0
    assert "Del put away" in screen.footer()
    press(app, pygame.K_DOWN, pygame.K_DELETE)
    dialog = app.top
    assert top(app) == "MessageScreen" and dialog.title == "Put this lesson away?"
    assert "8A" in dialog.text and str(folder / "archive") in dialog.text
    assert "Nothing is deleted" in dialog.text and "exports already made are kept" in dialog.text
    press(app, pygame.K_ESCAPE)  # "Keep it in the list"
    assert app.top is screen and eight.exists() and len(screen.lessons) == 3
    press(app, pygame.K_DELETE, pygame.K_RETURN)
    assert app.top is screen and not eight.exists()
    assert (folder / "archive" / eight.name).is_file()
    assert [info.path for info in screen.lessons] == [seven, damaged]  # the list is read again
    assert screen.view == "lessons" and screen.menu.focus == 1  # the row below moved up under the eye
    assert app.toast_text == f"Put away in the archive folder, as {eight.name}."
    assert [info.path for info in store_of(app).unfinished()] == [seven, damaged]


def test_a_damaged_file_is_put_away_the_same_way_and_the_home_view_loses_its_row() -> None:
    folder, (seven, eight, damaged) = two_lessons_and_a_damaged_file()
    app = classroom_app()
    screen = app.top
    press(app, pygame.K_l, pygame.K_3)  # the damaged file: chosen, it only says why
    assert top(app) == "ClassroomSetupScreen" and screen.menu.focus == 2
    press(app, pygame.K_BACKSPACE)
    assert "The damaged file 2023-09-01-0800.json" in app.top.text
    press(app, pygame.K_RETURN)
    assert (folder / "archive" / damaged.name).read_text(encoding="utf-8") == "{"
    assert screen.menu.focus == 1  # the last row went: the one above it
    for path in (eight, seven):  # the focused row, then the one left
        press(app, pygame.K_DELETE, pygame.K_RETURN)
        assert not path.exists()
    assert screen.view == "new"  # nothing left to go on with: as the screen opens without lessons
    assert "Del" not in screen.footer()
    assert sorted(p.name for p in (folder / "archive").iterdir()) == sorted(p.name for p in (seven, eight, damaged))


def test_the_home_views_lesson_can_be_put_away_and_the_next_newest_takes_its_place() -> None:
    _, (seven, eight, _) = two_lessons_and_a_damaged_file()
    app = classroom_app()
    screen = app.top
    assert screen.view == "home" and "7B" in screen.menu.items[0].label
    assert "Del put away" in screen.footer()
    press(app, pygame.K_DOWN)
    assert "Del" not in screen.footer()  # "All unfinished lessons" is no lesson to put away
    press(app, pygame.K_DELETE)
    assert top(app) == "ClassroomSetupScreen"
    press(app, pygame.K_UP, pygame.K_DELETE, pygame.K_RETURN)
    assert not seven.exists() and screen.view == "home"
    assert screen.menu.items[0].label.startswith("Go on with 8A") and screen.menu.focus == 0


def test_a_lesson_that_vanished_or_cannot_move_gives_a_toast_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    _, (seven, eight, _) = two_lessons_and_a_damaged_file()
    app = classroom_app()
    screen = app.top
    press(app, pygame.K_DELETE)
    seven.unlink()  # another game put it away while the question was up
    press(app, pygame.K_RETURN)
    assert top(app) == "ClassroomSetupScreen" and app.toast_kind == "warning"
    assert "no longer there" in app.toast_text and seven not in [info.path for info in screen.lessons]

    def refused(info: object) -> Path:
        raise PermissionError(13, "Permission denied")  # a read-only USB stick

    monkeypatch.setattr(screen.store, "archive", refused)
    press(app, pygame.K_DELETE, pygame.K_RETURN)
    assert top(app) == "ClassroomSetupScreen" and app.toast_kind == "error"
    assert app.toast_text == "The lesson could not be put away: Permission denied"
    assert eight.exists() and eight in [info.path for info in screen.lessons]


def test_no_save_is_deleted_during_a_lesson() -> None:
    app = classroom_app()
    press(app, pygame.K_1)
    app.saves.write_slot(1, app.classroom.story, "A solo save")
    app.push("load")  # the lesson has no way there; should one appear, it deletes nothing
    assert all(item.remove is None for item in app.top.menu.items)
    press(app, pygame.K_DOWN, pygame.K_DELETE)
    assert top(app) == "SaveLoadScreen" and app.saves.slot(1).usable
    assert "Del" not in app.top.footer()


# --------------------------------------------------------------------------- headless runs


def test_a_headless_autoplayed_lesson_never_touches_the_real_data_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "the-players-real-folder"
    for variable in ("BUDAPEST1956_HOME", "BUDAPEST1956_DATA_DIR"):
        monkeypatch.delenv(variable, raising=False)
    import platformdirs

    for name in ("user_data_path", "user_config_path", "user_log_path"):
        monkeypatch.setattr(platformdirs, name, lambda *args, **kwargs: real)
    export = tmp_path / "export"
    options = build_parser().parse_args([
        "classroom", "--story", str(STORY_DIR), "--headless", "--autoplay", "1", "--seed", "3", "--export", str(export),
    ])
    options.classroom = True  # as `budapest1956 classroom` sets it
    app = App(options)
    assert app.run() == 0
    assert not real.exists()
    assert app.folders.throwaway
    (info,) = store_of(app).all()  # the lesson was kept, in the throwaway folder
    assert info.finished
    assert (export / "session.md").read_text(encoding="utf-8").startswith("# Classroom Fixture: class session")
