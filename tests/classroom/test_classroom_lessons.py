"""Lessons on disk: written after every change, listed for resuming, resumed in the same
file with a new sitting, and a handout that covers every sitting."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from classroom_helpers import FakeClock

from game.classroom.autoplay import SimulatedClock, autoplay_session
from game.classroom.exports import export_session, session_csv, session_html, session_markdown, sitting_rows
from game.classroom.lessons import Lesson, LessonStore, file_part, lesson_stem
from game.classroom.session import ClassSession, SessionError, clean_class_name
from game.core.saves import read_save
from game.paths import DataFolders

TUESDAY = datetime(2024, 3, 5, 9, 0, tzinfo=timezone.utc)  # 5 March 2024 was a Tuesday


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(TUESDAY)


@pytest.fixture
def store(tmp_path: Path, classroom_story, clock: FakeClock) -> LessonStore:
    return LessonStore(tmp_path / "lessons", classroom_story, now=clock)


def on_disk(lesson: Lesson) -> dict:
    return read_save(lesson.path)


# --------------------------------------------------------------------------- written as it goes


def test_every_change_to_the_log_is_on_disk_at_once(store: LessonStore, clock: FakeClock) -> None:
    session, lesson = store.new("student", "7B History")
    assert on_disk(lesson)["log"]["class_name"] == "7B History"  # on disk before the first scene is read
    steps = [
        ("prompt", lambda: session.show_prompts(), lambda p: p["log"]["prompts"]),
        ("source", lambda: session.scene_sources_seen(), lambda p: p["log"]["passages"]),
        ("vote opened", lambda: session.open_vote(), lambda p: p["vote"]),
        ("a hand", lambda: session.add_vote(1), lambda p: p["vote"]["tallies"][1]["votes"] == 1),
        ("hands typed", lambda: session.set_votes(0, 4), lambda p: p["vote"]["tallies"][0]["votes"] == 4),
        ("decision", lambda: session.close_vote(), lambda p: p["log"]["decisions"] and p["vote"] is None),
        ("debrief", lambda: session.chapter_ended(), lambda p: p["log"]["chapters_ended"] == ["prologue"]),
        ("teacher's choice", lambda: session.choose_directly(0), lambda p: len(p["log"]["decisions"]) == 2),
        ("undo", lambda: session.undo(), lambda p: p["log"]["decisions"][1]["undone"]),
        ("vote cancelled", lambda: (session.open_vote(), session.cancel_vote()),
         lambda p: p["log"]["events"][-1]["kind"] == "vote_cancelled"),
    ]
    for name, act, holds in steps:
        before = lesson.writes
        clock.advance(10)
        act()
        assert lesson.writes > before, f"{name} was not written"
        payload = on_disk(lesson)
        assert holds(payload), name
        assert payload["log"]["sittings"][-1]["last_at"] == clock().isoformat(), name


def test_a_nested_change_is_written_once(store: LessonStore) -> None:
    session, lesson = store.new("student")
    session.open_vote()
    before = lesson.writes
    session.choose_directly(0)  # cancels the open vote, then decides: one change
    assert lesson.writes == before + 1


def test_a_scene_shown_again_is_not_a_write_but_a_touch_is(store: LessonStore, clock: FakeClock) -> None:
    session, lesson = store.new("student")
    before = lesson.writes
    session.show_scene()  # the screen redrawn: nothing new
    assert lesson.writes == before
    clock.advance(300)
    session.touch()
    assert lesson.writes == before + 1
    assert on_disk(lesson)["log"]["sittings"][0]["last_at"] == clock().isoformat()


def test_a_failed_write_is_told_once_and_the_lesson_goes_on(store: LessonStore, tmp_path: Path) -> None:
    told: list[OSError] = []
    session, lesson = store.new("student", on_error=told.append)
    lesson.path = tmp_path / "no-such-folder-file"  # a path whose folder is a file: every write fails
    lesson.path.write_text("", encoding="utf-8")
    lesson.path = lesson.path / "lesson.json"
    session.open_vote()
    session.add_vote(0)
    session.add_vote(0)
    assert len(told) == 1 and lesson.error is not None
    assert session.vote is not None and session.vote.total == 2  # the class goes on
    lesson.path = tmp_path / "lessons" / "again.json"
    session.add_vote(0)
    assert lesson.error is None and on_disk(lesson)["vote"]["tallies"][0]["votes"] == 3


# --------------------------------------------------------------------------- the list


def test_the_list_describes_each_lesson_the_way_a_teacher_remembers_it(store: LessonStore, clock: FakeClock) -> None:
    session, lesson = store.new("student", "7B History")
    for _ in range(2):
        session.open_vote()
        session.add_vote(0)
        session.close_vote()
        while session.chapter_end_due:
            session.chapter_ended()
    session.choose_directly(0)
    (info,) = store.unfinished()
    assert info.usable and info.path == lesson.path
    assert info.description(today=date(2024, 3, 7)) == \
        "7B History: class session of Tuesday, Zsófia Varga, step 4 of the path, 2 votes so far"
    assert info.description(today=date(2024, 4, 2)) .startswith("7B History: class session of Tuesday 5 March,")
    assert "Tuesday 5 March 2024" in info.description(today=date(2025, 1, 2))
    assert info.detail() == "Now at “The curfew” · stopped at 09:00"


def test_a_lesson_without_a_name_taught_on_two_days_says_both(store: LessonStore, clock: FakeClock) -> None:
    session, lesson = store.new("student")
    clock.advance(timedelta(days=1).total_seconds())
    store.resume(lesson.path)
    (info,) = store.unfinished()
    assert info.description(today=date(2024, 3, 6)) == \
        "Class session of Tuesday, last taught Wednesday, Zsófia Varga, step 1 of the path, no votes yet"
    assert "2 sittings" in info.detail()


def test_several_lessons_come_newest_first_and_damaged_files_last_with_their_reason(
        store: LessonStore, clock: FakeClock) -> None:
    first, _ = store.new("student", "Monday group")
    clock.advance(3600)
    second, _ = store.new("student", "Tuesday group")
    clock.advance(3600)
    first.choose_directly(0)  # the first lesson was taught last
    folder = store.folder
    (folder / "cut-short.json").write_text('{"format": "budapest1956-classroom-session", "vers', encoding="utf-8")
    (folder / "empty.json").write_text("", encoding="utf-8")
    (folder / "someone-elses.json").write_text(json.dumps({"format": "budapest1956-save", "version": 2}), encoding="utf-8")
    (folder / ".2024-03-05-0900.json.abc.tmp").write_text("{", encoding="utf-8")  # a write killed half-way
    infos = store.unfinished()
    assert [i.class_name for i in infos if i.usable] == ["Monday group", "Tuesday group"]
    problems = {i.name: i.problem for i in infos if not i.usable}
    assert problems == {
        "cut-short.json": "It is damaged or cut short and cannot be read.",
        "empty.json": "It is empty (the lesson file was cut short).",
        "someone-elses.json": "This is not a classroom lesson file.",
    }
    assert infos[-1].description().startswith("A lesson file that cannot be resumed: ")
    with pytest.raises(SessionError, match="damaged or cut short"):
        store.resume(folder / "cut-short.json")
    third, _ = store.new("student")  # nothing stops a new lesson
    assert len([i for i in store.unfinished() if i.usable]) == 3


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda p: p["log"]["visits"][0].update(shown_at="the morning"), "has a time that is not a time"),
        (lambda p: p["log"]["sittings"].clear(), "it has no sittings"),
        (lambda p: p["log"].pop("sittings"), "the log has no sittings"),
        (lambda p: p["log"]["decisions"][0].update(winner=1), "does not match its playthrough"),
        (lambda p: p.update(version=99), "newer version"),
        (lambda p: p["log"]["sittings"][0].update(last_at="2024-03-05T09:00:00"), "some of its times have a time zone"),
    ],
)
def test_a_lesson_that_no_longer_fits_is_listed_with_the_reason(store: LessonStore, change, problem) -> None:
    session, lesson = store.new("student")
    session.choose_directly(0)
    payload = on_disk(lesson)
    change(payload)
    lesson.path.write_text(json.dumps(payload), encoding="utf-8")
    (info,) = store.unfinished()
    assert not info.usable and problem in info.problem


def test_a_finished_lesson_is_kept_but_not_offered(store: LessonStore, classroom_story) -> None:
    lesson = Lesson(store.free_path(TUESDAY, "Finished"))
    session = autoplay_session(classroom_story, seed=4, perspective="student", keeper=lesson)
    assert session.finished and lesson.path.exists()
    assert store.unfinished() == []
    assert [info.finished for info in store.all()] == [True]
    with pytest.raises(SessionError, match="finished"):
        store.resume(lesson.path)


def test_each_story_pack_has_its_own_lessons(tmp_path: Path, classroom_story) -> None:
    folders = DataFolders(tmp_path, tmp_path, tmp_path)
    assert folders.lessons(classroom_story.id) != folders.lessons("another_story")
    store = LessonStore(folders.lessons(classroom_story.id), classroom_story)
    store.new("student")
    other = LessonStore(folders.lessons("another_story"), classroom_story)
    assert other.unfinished() == [] and len(store.unfinished()) == 1


def test_a_stale_temporary_file_is_cleared_and_a_fresh_one_is_left(store: LessonStore) -> None:
    store.new("student")
    stale = store.folder / ".a.json.1.tmp"
    fresh = store.folder / ".b.json.2.tmp"
    for path in (stale, fresh):
        path.write_text("{", encoding="utf-8")
    os.utime(stale, (0, 0))
    assert store.clean_temporary() == 1
    assert not stale.exists() and fresh.exists()


# --------------------------------------------------------------------------- putting away


def test_a_lesson_put_away_moves_to_the_archive_whole_and_is_no_longer_listed(store: LessonStore) -> None:
    kept, _ = store.new("student", "7B")
    kept.choose_directly(0)
    _, other = store.new("student", "8A")
    (path,) = [info.path for info in store.unfinished() if info.class_name == "7B"]
    before = path.read_bytes()
    target = store.archive(store.read(path))
    assert target == store.folder / "archive" / path.name
    assert target.read_bytes() == before and not path.exists()  # moved, not rewritten or lost
    assert [info.class_name for info in store.unfinished()] == ["8A"]
    assert store.files() == [other.path]


def test_a_damaged_lesson_file_can_be_put_away_too(store: LessonStore) -> None:
    store.folder.mkdir(parents=True)
    (store.folder / "bad.json").write_text("{", encoding="utf-8")
    (info,) = store.unfinished()
    assert not info.usable
    assert store.archive(info).read_text(encoding="utf-8") == "{"
    assert store.unfinished() == []


def test_a_lesson_put_away_never_replaces_one_put_away_before(store: LessonStore) -> None:
    _, first = store.new("student", "7B")
    first_target = store.archive(first.path)
    _, second = store.new("student", "7B")  # the same class in the same minute
    assert second.path != first.path  # a new lesson never takes a put-away one's name (and exports)
    second.path.rename(first.path)  # or the teacher's file manager gave it that name after all
    second_target = store.archive(first.path)
    assert first_target.exists() and second_target.exists() and first_target != second_target
    assert second_target.name == "2024-03-05-0900-7B-2.json"


def test_a_lesson_that_vanished_before_it_was_put_away_is_no_error(store: LessonStore) -> None:
    _, lesson = store.new("student")
    info = store.read(lesson.path)
    lesson.path.unlink()  # another game put it away first
    target = store.archive(info)
    assert not target.exists() and store.unfinished() == []


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("typed", "kept", "in_file_name"),
    [
        ("7B History", "7B History", "7B-History"),
        ("  7.B /  History\t", "7.B / History", "7-B-History"),
        ("../../etc/passwd", "../../etc/passwd", "etc-passwd"),
        ("Történelem 11.C", "Történelem 11.C", "Történelem-11-C"),
        ("a\u202eb\x00c", "a b c", "a-b-c"),
        ("///", "///", ""),
        ("x" * 100, "x" * 60, "x" * 40),
    ],
)
def test_the_class_name_is_cleaned_for_the_screen_and_for_file_names(typed: str, kept: str, in_file_name: str) -> None:
    assert clean_class_name(typed) == kept
    assert file_part(typed) == in_file_name
    stem = lesson_stem(TUESDAY, typed)
    assert stem == "2024-03-05-0900" + (f"-{in_file_name}" if in_file_name else "")
    assert "/" not in stem and "\\" not in stem and not stem.startswith(".")


def test_two_lessons_begun_in_the_same_minute_get_two_files(store: LessonStore) -> None:
    _, first = store.new("student", "7B")
    _, second = store.new("student", "7B")
    assert first.path != second.path and first.path.exists() and second.path.exists()
    assert second.path.name == "2024-03-05-0900-7B-2.json"


# --------------------------------------------------------------------------- resuming


def test_resuming_goes_on_in_the_same_file_with_a_new_sitting(store: LessonStore, clock: FakeClock) -> None:
    session, lesson = store.new("student", "7B History")
    clock.advance(120)
    session.choose_directly(0)
    clock.advance(60)
    session.chapter_ended()
    clock.advance(240)
    session.open_vote()
    session.add_vote(1)
    session.add_vote(1)
    stopped = clock()
    clock.moment = datetime(2024, 3, 6, 10, 0, tzinfo=timezone.utc)  # Wednesday
    again, kept = store.resume(store.unfinished()[0])
    assert kept.path == lesson.path and len(store.files()) == 1
    assert again.vote is not None and again.vote.tallies[1].votes == 2  # the open vote goes on
    log = again.log
    assert [(s.began_at, s.last_at) for s in log.sittings] == [
        (TUESDAY.isoformat(), stopped.isoformat()), (clock().isoformat(), clock().isoformat())]
    assert log.events[-2].kind == "resumed" and log.events[-2].detail == "sitting 2"
    # the night away does not count as time on the scene: it stopped at the last change
    rally = [v for v in log.visits if v.scene == "s_rally"]
    assert [v.seconds for v in rally] == [300.0, None]
    assert again.scene_seconds("s_rally") == 300.0
    clock.advance(30)
    again.close_vote()
    reread = ClassSession.from_json(store.data, on_disk(lesson))
    assert [d.step for d in reread.log.decisions] == [1, 2] and len(reread.log.sittings) == 2


def test_a_lesson_resumed_with_a_debrief_due_still_has_it_due(store: LessonStore) -> None:
    session, lesson = store.new("student")
    session.choose_directly(0)  # the prologue ends; the game is killed before its debrief
    assert session.chapter_end_due == "prologue"
    again, _ = store.resume(lesson.path)
    assert again.chapter_end_due == "prologue"


def test_an_older_session_file_resumes_as_one_sitting(store: LessonStore, played, classroom_story) -> None:
    payload = json.loads(json.dumps(played.session.to_json()))
    payload["version"] = 3
    for key in ("class_name", "sittings"):
        del payload["log"][key]
    payload["log"]["finished_at"] = None
    session = ClassSession.from_json(classroom_story, payload)
    assert session.log.class_name == ""
    (sitting,) = session.log.sittings
    assert (sitting.began_at, sitting.last_at) == (payload["log"]["started_at"], payload["log"]["events"][-1]["at"])


# --------------------------------------------------------------------------- the handout of several days


def three_day_lesson(classroom_story) -> ClassSession:
    return autoplay_session(classroom_story, seed=4, perspective="student", class_name="7B History",
                            clock=SimulatedClock(TUESDAY), decisions_per_sitting=1)


def test_a_lesson_of_several_days_is_one_log_with_its_sittings(classroom_story) -> None:
    session = three_day_lesson(classroom_story)
    rows = sitting_rows(session)
    assert len(rows) == len(session.log.sittings) >= 3
    assert [row.day for row in rows[:3]] == ["Tuesday 5 March 2024", "Wednesday 6 March 2024", "Thursday 7 March 2024"]
    assert [row.began for row in rows[1:]] == ["09:00"] * (len(rows) - 1)
    assert sum(row.decisions for row in rows) == len(session.log.decisions)
    assert round(sum(row.seconds for row in rows), 3) == session.total_seconds()
    assert [e.kind for e in session.log.events].count("resumed") == len(rows) - 1


def test_the_handout_of_several_days_names_every_sitting(classroom_story, tmp_path: Path, html_check) -> None:
    session = three_day_lesson(classroom_story)
    rows = sitting_rows(session)
    markdown = session_markdown(session)
    assert markdown.startswith("# Classroom Fixture: class session — 7B History\n")
    assert "- **Class:** 7B History" in markdown
    assert f"- **Sittings:** {len(rows)}, Tuesday 5 March 2024 to {rows[-1].day}" in markdown
    assert "## Sittings" in markdown and "| 2 | Wednesday 6 March 2024 | 09:00 |" in markdown
    path = markdown[markdown.index("## The class's path"):markdown.index("## Discussion prompts")]
    marks = [line for line in path.splitlines() if line.startswith("**Sitting ")]
    assert [mark.split(":")[0] for mark in marks] == [f"**Sitting {n}" for n in range(1, len(rows) + 1)]
    assert path.index("**Sitting 2") > path.index("### Step 1:")  # in the order it happened
    assert "(end of sitting)" in markdown and "| # | Sitting | Scene |" in markdown
    html = session_html(session)
    checked = html_check(html)
    assert checked.problems == [] and "<title>Classroom Fixture: class session — 7B History</title>" in html
    assert html.count('<p class="sitting"') == len(rows) and 'id="sittings"' in html
    csv_rows = [line for line in session_csv(session).splitlines()[1:] if line.startswith("decision,")]
    assert csv_rows and session_csv(session).splitlines()[0].endswith(",sitting")
    assert export_session(session, tmp_path)["markdown"].read_text(encoding="utf-8") == markdown


def test_a_one_sitting_handout_has_no_sitting_apparatus(played) -> None:
    markdown = session_markdown(played.session)
    assert "Sitting" not in markdown and "Class:" not in markdown
    assert markdown.startswith("# Classroom Fixture: class session\n")
