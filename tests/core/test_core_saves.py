"""Saves: plain versioned JSON, atomic writes, and clear refusals of bad saves."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from game.core import saves
from game.core.diagnostics import SaveError
from game.core.saves import SAVE_FORMAT, SAVE_VERSION, read_save, write_save


def load_story_save(data, path: Path) -> Story:
    return Story.from_save(data, read_save(path))


def story_from_save(data, save) -> Story:
    return Story.from_save(data, save)
from game.core.story import Story



@pytest.fixture
def played(clean) -> Story:
    story = Story(clean, "worker")
    for key in ("walk", "look", "look"):
        story.choose(key)
    return story


def state(story: Story) -> tuple:
    return (
        story.perspective_id, story.start, dict(story.start_variables), story.scene.id, dict(story.variables),
        dict(story.visits), story.path, [(s.scene, s.choice.id, dict(s.variables), dict(s.visits)) for s in story.history],
        [(v.choice.id, v.open, v.reason) for v in story.choices],
    )


def round_trip(story: Story) -> Story:
    return Story.from_save(story.data, json.loads(json.dumps(story.to_save())))


def test_save_is_plain_versioned_json(played: Story) -> None:
    save = played.to_save("before the radio")
    text = json.dumps(save)  # nothing but JSON types
    assert json.loads(text) == save
    assert save["format"] == SAVE_FORMAT and save["version"] == SAVE_VERSION
    assert save["story"] == {"id": "fixture_clean", "version": "1.0", "title": "Fixture Story"}
    assert save["label"] == "before the radio"
    assert save["perspective"] == "worker" and save["start"] == "shift" and save["scene"] == "square"
    assert save["variables"] == {"courage": 3, "hurt": False, "name": "Zsofi"}
    assert [(h["scene"], h["choice"]) for h in save["history"]] == [("shift", "walk"), ("square", "look"), ("square", "look")]
    assert save["scene_title"] == "The square" and save["scene_date"] == "1956-10-23 15:00"


def test_round_trip_restores_everything(played: Story) -> None:
    restored = round_trip(played)
    assert state(restored) == state(played)


def test_undo_after_loading_goes_back_to_the_start(played: Story) -> None:
    restored = round_trip(played)
    while played.can_undo:
        played.undo()
        restored.undo()
        assert state(restored) == state(played)
    assert not restored.can_undo and restored.scene.id == "shift"


def test_round_trip_of_a_story_started_anywhere(clean) -> None:
    story = Story(clean, None, start="square", variables={"courage": 1, "name": "Anna"})
    story.choose("march")
    restored = round_trip(story)
    assert state(restored) == state(story)
    restored.undo()
    assert restored.variables["name"] == "Anna" and restored.scene.id == "square"


def test_write_and_read(tmp_path: Path, played: Story, clean) -> None:
    path = tmp_path / "slots" / "slot1.json"
    write_save(path, played.to_save("x"))
    assert json.loads(path.read_text("utf-8"))["scene"] == "square"
    assert sorted(p.name for p in path.parent.iterdir()) == ["slot1.json"]  # no temporary file left
    restored = load_story_save(clean, path)
    assert state(restored) == state(played)
    assert read_save(path) == json.loads(path.read_text("utf-8"))


def test_a_failing_write_leaves_the_old_save_intact(tmp_path: Path, played: Story, clean, monkeypatch) -> None:
    path = tmp_path / "slot1.json"
    write_save(path, Story(clean, "student").to_save("old"))
    old = path.read_bytes()

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(saves.os, "replace", refuse)
    with pytest.raises((OSError, SaveError)):
        write_save(path, played.to_save("new"))
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert json.loads(old)["label"] == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slot1.json"]  # the temporary file is gone


def test_a_failing_fsync_leaves_the_old_save_intact(tmp_path: Path, played: Story, clean, monkeypatch) -> None:
    path = tmp_path / "slot1.json"
    write_save(path, Story(clean, "student").to_save("old"))
    old = path.read_bytes()

    def refuse(descriptor):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(saves.os, "fsync", refuse)
    with pytest.raises((OSError, SaveError)):
        write_save(path, played.to_save("new"))
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slot1.json"]


def test_unserialisable_save_does_not_touch_the_file(tmp_path: Path, played: Story) -> None:
    path = tmp_path / "slot1.json"
    write_save(path, played.to_save("old"))
    old = path.read_bytes()
    with pytest.raises(TypeError):
        write_save(path, {"bad": object()})
    assert path.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slot1.json"]


# --------------------------------------------------------------------------- bad saves


def _folder_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _bad(save: dict, **changes) -> dict:
    save = json.loads(json.dumps(save))
    save.update(changes)
    return save


@pytest.fixture
def good_save(played: Story) -> dict:
    return json.loads(json.dumps(played.to_save("good")))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format": "budapest1956-save", "version": 1, "sto', "is damaged or cut short"),
        (b"", "is empty (the save was cut short)"),
        (b"   \n", "is empty"),
        (b"\xff\xfe garbage", "is damaged or cut short"),
        (b"[1, 2, 3]", "is not a Budapest 1956 save"),
        (b"[" * 100_000, "is damaged or cut short"),
    ],
)
def test_damaged_files(tmp_path: Path, played: Story, clean, content: bytes, message: str) -> None:
    write_save(tmp_path / "good.json", played.to_save("good"))
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = _folder_state(tmp_path)
    with pytest.raises(SaveError, match=message.replace("(", "\\(").replace(")", "\\)")):
        load_story_save(clean, bad)
    assert _folder_state(tmp_path) == before
    assert state(load_story_save(clean, tmp_path / "good.json")) == state(played)


def test_missing_file(tmp_path: Path, clean) -> None:
    with pytest.raises(SaveError, match="there is no save at"):
        load_story_save(clean, tmp_path / "nothing.json")


def _history(save: dict, **changes) -> list:
    history = json.loads(json.dumps(save["history"]))
    history[1].update(changes)
    return history


BAD_SAVES = [
    ("not a save", lambda s: _bad(s, format="something-else"), "this is not a Budapest 1956 save"),
    ("newer version", lambda s: _bad(s, version=SAVE_VERSION + 1), "made by a newer version of the game"),
    ("older version", lambda s: _bad(s, version=0), "too old to load"),
    ("version as text", lambda s: _bad(s, version="1"), "no valid version number"),
    ("version as bool", lambda s: _bad(s, version=True), "no valid version number"),
    ("another story", lambda s: _bad(s, story={"id": "other", "title": "Other Story"}),
     "belongs to another story (Other Story)"),
    ("story as text", lambda s: _bad(s, story="fixture_clean"), "belongs to another story"),
    ("unknown perspective", lambda s: _bad(s, perspective="spy"), "point of view 'spy' is not in this story"),
    ("unknown start", lambda s: _bad(s, start="nowhere"), "starts at scene 'nowhere'"),
    ("start as number", lambda s: _bad(s, start=3), "starts at scene 3"),
    ("variable of wrong type", lambda s: _bad(s, variables={"courage": "3"}), "variable 'courage' has the wrong type"),
    ("bool as number", lambda s: _bad(s, variables={"courage": True}), "variable 'courage' has the wrong type"),
    ("unknown variable", lambda s: _bad(s, variables={"charm": 1}), "uses variable 'charm'"),
    ("variables as list", lambda s: _bad(s, variables=[1]), "variables are missing or damaged"),
    ("start variables missing", lambda s: {k: v for k, v in s.items() if k != "start_variables"},
     "start_variables are missing or damaged"),
    ("history missing", lambda s: _bad(s, history=None), "history is missing or damaged"),
    ("history step damaged", lambda s: _bad(s, history=[1]), "step 1 of the save is damaged"),
    ("history no longer fits", lambda s: _bad(s, history=_history(s, scene="home")),
     "step 2 of the save no longer fits this version of the story"),
    ("choice no longer there", lambda s: _bad(s, history=_history(s, choice="dance")),
     "step 2 of the save names a choice this story no longer has"),
    ("step variables damaged", lambda s: _bad(s, history=_history(s, variables={"hurt": 1})),
     "the save's step 2 are missing or damaged|variable 'hurt' has the wrong type"),
    ("scene does not match history", lambda s: _bad(s, scene="home"), "current scene does not match its history"),
]


@pytest.mark.parametrize(("change", "message"), [(c, m) for _, c, m in BAD_SAVES], ids=[n for n, _, _ in BAD_SAVES])
def test_bad_saves_are_refused_clearly(tmp_path: Path, clean, good_save: dict, change, message: str) -> None:
    write_save(tmp_path / "slot1.json", good_save)
    write_save(tmp_path / "bad.json", change(good_save))
    before = _folder_state(tmp_path)
    with pytest.raises(SaveError, match=message.replace("(", "\\(").replace(")", "\\)")):
        load_story_save(clean, tmp_path / "bad.json")
    assert _folder_state(tmp_path) == before
    with pytest.raises(SaveError):
        story_from_save(clean, change(good_save))


def test_a_save_is_refused_by_a_changed_story(tmp_path: Path, played: Story, copy_pack) -> None:
    """The story was edited after saving: the scene the save passed through is gone."""
    from game.core.loader import load_story

    folder = copy_pack("clean")
    path = tmp_path / "slot1.json"
    write_save(path, played.to_save())
    chapter = folder / "chapter.yaml"
    chapter.write_text(chapter.read_text("utf-8").replace("id: look", "id: peek"), "utf-8")
    changed, diagnostics = load_story(folder)
    assert changed is not None, [str(d) for d in diagnostics]
    with pytest.raises(SaveError, match="step 2 of the save names a choice this story no longer has"):
        load_story_save(changed, path)


def test_not_a_mapping(clean) -> None:
    with pytest.raises(SaveError, match="not a JSON object"):
        story_from_save(clean, [1, 2])  # type: ignore[arg-type]


@pytest.mark.parametrize("where", ["perspective", "history scene"])
def test_unhashable_values_are_refused_clearly(clean, good_save: dict, where: str) -> None:
    if where == "perspective":
        bad = _bad(good_save, perspective=["worker"])
    else:
        bad = _bad(good_save, history=_history(good_save, scene={"id": "square"}))
    with pytest.raises(SaveError):
        story_from_save(clean, bad)


def test_a_fifo_where_a_save_belongs_is_damaged_not_a_hang(tmp_path: Path) -> None:
    """A save is read by the packs' own checked read: a named pipe in the saves folder
    (which a plain read would wait on forever) is refused before it is opened."""
    fifo = tmp_path / "slot1.json"
    os.mkfifo(fifo)
    with pytest.raises(SaveError, match="slot1.json is a FIFO"):
        read_save(fifo)
