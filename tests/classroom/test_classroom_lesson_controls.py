"""Issue 12: a lesson file edited to hold a control character (in the class's name, a
scene id, anywhere) or a number no game writes (NaN, Infinity, beyond ±1,000,000,000)
is listed with the reason and never resumed, by the same rule as a save; a class's name
typed with a control character is kept without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.classroom.lessons import LessonStore
from game.classroom.session import SessionError, load_session


@pytest.fixture
def store(tmp_path: Path, classroom_story) -> LessonStore:
    return LessonStore(tmp_path / "lessons", classroom_story)


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (lambda p: p["log"].update(class_name="7.B\x00 History"), "U+0000"),
        (lambda p: p["log"].update(class_name="\x1b]0;owned\x07"), "U+001B"),
        (lambda p: p["playthrough"].update(scene_title="The\x85 rally"), "U+0085"),
        (lambda p: p["playthrough"]["history"][0].update(scene="\x9b" + p["playthrough"]["history"][0]["scene"]), "U+009B"),
    ],
    ids=["NUL in the class name", "OSC in the class name", "NEL in a title", "CSI in a scene id"],
)
def test_a_lesson_file_holding_a_control_character_is_listed_and_never_resumed(
    store: LessonStore, classroom_story, edit, code: str,
) -> None:
    session, lesson = store.new("student", "7.B History")
    session.choose_directly(0)
    payload = json.loads(lesson.path.read_text(encoding="utf-8"))
    edit(payload)
    lesson.path.write_text(json.dumps(payload), encoding="utf-8")
    (info,) = store.unfinished()
    assert not info.usable
    assert f"control character {code}" in info.problem and info.problem.startswith("It is damaged: ")
    assert all(ch.isprintable() for ch in info.problem)
    with pytest.raises(SessionError, match="control character"):
        store.resume(info)
    with pytest.raises(SessionError, match="control character"):
        load_session(classroom_story, lesson.path)


def test_a_class_name_typed_with_control_characters_is_kept_without_them(store: LessonStore) -> None:
    session, lesson = store.new("student", "7.B\x00 His\x1btory")
    assert session.log.class_name == "7.B His tory"
    (info,) = store.unfinished()
    assert info.usable and info.class_name == "7.B His tory"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [("NaN", "NaN"), ("Infinity", "inf"), ("1e308", "1e+308"), ("-1e308", "-1e+308")],
)
def test_a_lesson_file_holding_an_impossible_time_is_listed_and_never_resumed(
    store: LessonStore, classroom_story, seconds: str, words: str,
) -> None:
    """Python's JSON reads NaN and Infinity; a scene's seconds of NaN, or two of 1e308,
    were resumed and then made the debrief and the export raise OverflowError or ValueError."""
    session, lesson = store.new("student", "7.B History")
    session.choose_directly(0)
    payload = json.loads(lesson.path.read_text(encoding="utf-8"))
    payload["log"]["visits"][0]["seconds"] = "SECONDS"
    lesson.path.write_text(json.dumps(payload).replace('"SECONDS"', seconds), encoding="utf-8")
    (info,) = store.unfinished()
    assert not info.usable
    assert info.problem.startswith("It is damaged: its log.visits[0].seconds holds the number ")
    assert words.lower() in info.problem.lower() and "which no game writes" in info.problem
    with pytest.raises(SessionError, match="which no game writes"):
        load_session(classroom_story, lesson.path)
