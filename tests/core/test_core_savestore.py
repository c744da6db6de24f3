"""The save store: an autosave rotation per playthrough, numbered slots, one folder per
story, and every kind of damaged file listed with a reason instead of raised."""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from pathlib import Path

import pytest

from game.core.loader import load_story
from game.core.saves import SAVE_VERSION, read_save, write_save
from game.core.savestore import AUTOSAVES_KEPT, FREE_PLAYTHROUGH, SaveStore, clean_label, folder_name
from game.core.story import Story
from game.paths import DataFolders, data_folders, default_story_dir, story_key



@pytest.fixture
def store(clean, tmp_path: Path) -> SaveStore:
    return SaveStore(DataFolders(tmp_path, tmp_path, tmp_path).saves(clean.id), clean)


def play(story: Story, steps: int, seed: int = 0) -> Story:
    """Take ``steps`` open choices (or fewer, at an ending), the same way every time."""
    rng = random.Random(seed)
    for _ in range(steps):
        open_choices = [view.choice.index for view in story.choices if view.open]
        if not open_choices:
            break
        story.choose(rng.choice(open_choices))
    return story


def test_each_point_of_view_keeps_its_own_autosaves(clean, store: SaveStore):
    student = play(Story(clean, "student"), 1)
    worker = play(Story(clean, "worker"), 2)
    store.autosave(student)
    store.autosave(worker)
    keys = {playthrough.key for playthrough in store.playthroughs()}
    assert keys == {"student", "worker"}
    assert store.playthrough("student").latest_usable.scene_id == student.scene.id
    assert store.playthrough("worker").latest_usable.scene_id == worker.scene.id
    assert store.playthrough("worker").latest_usable.perspective_name == "Ferenc Takács"
    # the one played last is what Continue resumes
    assert store.most_recent().perspective == "worker"


def test_a_free_start_has_a_playthrough_of_its_own(clean, store: SaveStore):
    store.autosave(Story(clean, None, start="square"))
    assert [p.key for p in store.playthroughs()] == [FREE_PLAYTHROUGH]


def test_autosaves_rotate_and_keep_the_newest_ten(clean, store: SaveStore):
    story = Story(clean, "worker")
    turns = []
    for _ in range(AUTOSAVES_KEPT + 4):
        play(story, 1)
        store.autosave(story)
        turns.append(story.state.turn)
    autosaves = store.playthrough("worker").autosaves
    assert len(autosaves) == AUTOSAVES_KEPT
    assert [info.sequence for info in autosaves] == sorted((info.sequence for info in autosaves), reverse=True)
    assert [info.turn for info in autosaves] == list(reversed(turns))[:AUTOSAVES_KEPT]


def test_a_damaged_newest_autosave_leaves_the_one_before(clean, store: SaveStore):
    story = Story(clean, "worker")
    play(story, 1)
    store.autosave(story)
    before = story.state.turn
    play(story, 1)
    newest = store.autosave(story)
    newest.write_text(newest.read_text(encoding="utf-8")[:40], encoding="utf-8")
    playthrough = store.playthrough("worker")
    assert playthrough.newest.error and "cut short" in playthrough.newest.error
    assert playthrough.latest_usable.turn == before
    assert store.most_recent().turn == before
    assert store.load(store.most_recent()).state.turn == before


def test_slots_are_numbered_one_to_nine(clean, store: SaveStore):
    story = play(Story(clean, "student"), 1)
    store.write_slot(3, story, "Before the march")
    assert [info.slot for info in store.slots()] == list(range(1, 10))
    assert [info.exists for info in store.slots()] == [False, False, True] + [False] * 6
    assert store.slot(3).label == "Before the march"
    with pytest.raises(ValueError):
        store.slot_path(0)
    with pytest.raises(ValueError):
        store.slot_path(10)


def test_a_story_pack_never_sees_another_storys_saves(clean, load_pack, tmp_path: Path):
    folders = DataFolders(tmp_path, tmp_path, tmp_path)
    other, _ = load_pack("reactive")
    assert other is not None and other.id != clean.id
    mine = SaveStore(folders.saves(clean.id), clean)
    theirs = SaveStore(folders.saves(other.id), other)
    mine.autosave(play(Story(clean, "student"), 1))
    assert theirs.playthroughs() == [] and theirs.most_recent() is None
    assert folders.saves(clean.id) != folders.saves(other.id)
    # a save of another story dropped into this folder is listed as not this story's
    (theirs.folder).mkdir(parents=True, exist_ok=True)
    intruder = mine.playthrough("student").newest.path
    theirs.slot_path(1).write_bytes(intruder.read_bytes())
    assert "another story" in theirs.slot(1).error


def test_a_pack_that_claims_another_storys_id_gets_its_own_saves(clean, copy_pack, tmp_path: Path):
    """A stranger's pack saying ``id: budapest1956`` shared the shipped story's folder and
    its autosaves rotated the real ones away (issue 12, red team round 2)."""
    folders = DataFolders(tmp_path / "data", tmp_path / "data", tmp_path / "data")
    shipped = load_story(default_story_dir())[0]
    assert shipped is not None
    assert story_key(shipped.id, shipped.root) == shipped.id  # the shipped story keeps its folder
    impostor_folder = copy_pack("clean")
    story_yaml = impostor_folder / "story.yaml"
    story_yaml.write_text(story_yaml.read_text("utf-8").replace(f"id: {clean.id}", f"id: {shipped.id}"), "utf-8")
    impostor = load_story(impostor_folder)[0]
    assert impostor is not None and impostor.id == shipped.id
    real = SaveStore(folders.saves(story_key(shipped.id, shipped.root)), shipped)
    fake = SaveStore(folders.saves(story_key(impostor.id, impostor.root)), impostor)
    assert real.folder != fake.folder
    real.autosave(Story(shipped, "student"))
    kept = [p.read_bytes() for p in real.folder.rglob("*.json")]
    for _ in range(12):  # more than the ten an autosave rotation keeps
        fake.autosave(play(Story(impostor, "student"), 1))
    assert [p.read_bytes() for p in real.folder.rglob("*.json")] == kept


def test_two_packs_with_one_id_in_two_folders_keep_apart(clean, fixtures: Path, tmp_path: Path):
    first, second = tmp_path / "a" / "pack", tmp_path / "b" / "pack"
    for folder in (first, second):
        shutil.copytree(fixtures / "clean", folder)
    assert story_key(clean.id, first) != story_key(clean.id, second)
    assert story_key(clean.id, first) == story_key(clean.id, first / ".." / "pack")  # one place, one key
    assert story_key(clean.id, first).startswith(clean.id + "-")


@pytest.mark.parametrize("story_id, expected", [
    ("budapest1956", "budapest1956"),
    ("../../etc", "etc"),
    ("a/b\\c", "a-b-c"),
    ("..", "story"),
    ("", "story"),
    ("x" * 300, "x" * 64),
])
def test_a_story_id_becomes_one_safe_folder_name(story_id: str, expected: str):
    assert folder_name(story_id) == expected


def good_save(clean) -> dict:
    return play(Story(clean, "student"), 1).to_save("Fine")


DAMAGED = {
    "future version": (lambda save: {**save, "version": SAVE_VERSION + 1}, "newer version"),
    "foreign file": (lambda save: {"format": "someone-elses-game", "version": 1}, "not a Budapest 1956 save"),
    "impossible date": (lambda save: {**save, "saved_at": "1956-02-30T10:00:00+00:00"}, "not a real date"),
    "date without zone": (lambda save: {**save, "saved_at": "2026-12-01T10:00:00"}, "time zone"),
    "date not text": (lambda save: {**save, "saved_at": 12}, "damaged"),
    "wrong scene": (lambda save: {**save, "scene": "nowhere"}, "does not match"),
    "variable of another type": (lambda save: {**save, "variables": {**save["variables"], "courage": "lots"}},
                                 "wrong type"),
    "history not a list": (lambda save: {**save, "history": "everything"}, "history"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGED))
def test_a_damaged_save_is_listed_with_its_reason(clean, store: SaveStore, damage: str):
    change, reason = DAMAGED[damage]
    write_save(store.slot_path(1), change(good_save(clean)))
    info = store.slot(1)
    assert info.exists and not info.usable
    assert reason in info.error


RAW_DAMAGE = {
    "an integer of ten thousand digits": b'{"format": "budapest1956-save", "version": ' + b"9" * 10_000 + b"}",
    "nesting a hundred thousand deep": b"[" * 100_000 + b"]" * 100_000,
    "not UTF-8": b"\xff\xfe\x00 not text",
    "NUL bytes only": b"\x00" * 64,
    "empty": b"",
    "a JSON list": b"[1, 2, 3]",
}


@pytest.mark.parametrize("damage", sorted(RAW_DAMAGE))
def test_files_no_save_could_be_are_listed_as_damaged(store: SaveStore, damage: str):
    store.slot_path(1).parent.mkdir(parents=True, exist_ok=True)
    store.slot_path(1).write_bytes(RAW_DAMAGE[damage])
    autosave = store.autosave_folder("student") / "000001.json"
    autosave.parent.mkdir(parents=True)
    autosave.write_bytes(RAW_DAMAGE[damage])
    assert store.slot(1).error
    assert store.playthrough("student").newest.error
    assert store.most_recent() is None


def test_an_oversized_save_is_refused_without_reading_it(store: SaveStore, monkeypatch):
    from game.core import saves

    monkeypatch.setattr(saves, "MAX_SAVE_BYTES", 1000)
    store.slot_path(1).parent.mkdir(parents=True, exist_ok=True)
    store.slot_path(1).write_text(" " * 2000 + "{}", encoding="utf-8")
    assert "too large" in store.slot(1).error


def test_invisible_marks_and_length_in_a_label_are_never_drawn(clean, store: SaveStore):
    """A label the game would not write but that is not damaged (a zero-width space,
    200 characters) is drawn without the mark and cut; control characters make a save
    damaged instead (tests/core/test_core_save_controls.py)."""
    save = good_save(clean)
    save["label"] = "Before the\u200b march" + "!" * 200
    write_save(store.slot_path(2), save)
    info = store.slot(2)
    assert info.usable
    assert "\u200b" not in info.label
    assert info.label.startswith("Before the march") and len(info.label) <= 60
    assert clean_label(None) == "" and clean_label(12) == ""


def test_a_temporary_file_left_by_a_killed_save_is_cleaned_up(clean, store: SaveStore):
    store.autosave(play(Story(clean, "student"), 1))
    folder = store.autosave_folder("student")
    stale = folder / ".000002.json.abc123.tmp"
    fresh = folder / ".000003.json.def456.tmp"
    stale.write_text('{"format": "budapest', encoding="utf-8")
    fresh.write_text('{"format": "budapest', encoding="utf-8")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    assert store.clean_temporary() == 1
    assert not stale.exists() and fresh.exists()  # a save still being written is left alone
    assert store.playthrough("student").latest_usable is not None


def test_deleting_a_slot_empties_it_and_leaves_the_others(clean, store: SaveStore):
    story = play(Story(clean, "student"), 1)
    store.write_slot(3, story, "The rally")
    store.write_slot(4, story, "Kept")
    assert store.slot(3).usable  # listed (and remembered) before it goes
    assert store.delete_slot(3) is True
    assert not store.slot(3).exists and not store.slot_path(3).exists()
    assert store.slot(4).label == "Kept"
    assert store.delete_slot(3) is False  # gone meanwhile (another game, a file manager): no error


def test_deleting_a_damaged_slot(store: SaveStore):
    store.slot_path(5).parent.mkdir(parents=True, exist_ok=True)
    store.slot_path(5).write_text("{", encoding="utf-8")
    assert store.slot(5).error
    assert store.delete_slot(5) and not store.slot(5).exists


def test_deleting_a_playthrough_takes_all_its_autosaves_and_nothing_else(clean, store: SaveStore):
    student, worker = Story(clean, "student"), play(Story(clean, "worker"), 1)
    for _ in range(AUTOSAVES_KEPT + 2):
        store.autosave(student)
    store.autosave(worker)
    store.write_slot(1, student, "A slot of the same point of view")
    assert len(store.playthrough("student").autosaves) == AUTOSAVES_KEPT
    assert store.delete_playthrough("student") == AUTOSAVES_KEPT
    assert store.playthrough("student").autosaves == []
    assert [p.key for p in store.playthroughs()] == ["worker"]
    assert store.most_recent().perspective == "worker"
    assert store.slot(1).usable  # slots are not a playthrough's autosaves
    assert list((store.folder / "auto").iterdir()) == [store.autosave_folder("worker")]  # nothing hidden is left
    assert store.delete_playthrough("student") == 0  # gone already: no error
    store.autosave(student)  # played on afterwards: a new rotation begins
    assert len(store.playthrough("student").autosaves) == 1


def test_a_playthrough_whose_deletion_was_cut_short_is_never_listed_and_cleared_at_start(
        clean, store: SaveStore, monkeypatch):
    store.autosave(Story(clean, "student"))
    monkeypatch.setattr("shutil.rmtree", lambda *args, **kwargs: None)  # killed after the rename
    assert store.delete_playthrough("student") == 1
    (left,) = (store.folder / "auto").iterdir()
    assert left.name.startswith(".") and any(left.iterdir())
    assert store.playthroughs() == [] and store.most_recent() is None
    monkeypatch.undo()
    store.clean_temporary()
    assert not left.exists()


def test_a_playthrough_that_cannot_be_deleted_raises_the_disks_error_and_stays_whole(
        clean, store: SaveStore, monkeypatch):
    store.autosave(Story(clean, "student"))
    store.autosave(Story(clean, "student"))

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")  # a read-only USB stick

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(PermissionError):
        store.delete_playthrough("student")
    monkeypatch.undo()
    assert len(store.playthrough("student").autosaves) == 2


def test_saves_of_version_0_1_are_adopted_by_their_own_story(clean, load_pack, tmp_path: Path):
    legacy = tmp_path / "saves"
    student = play(Story(clean, "student"), 1)
    write_save(legacy / "autosave.json", student.to_save("Autosave"))
    write_save(legacy / "slot2.json", student.to_save("Old slot"))
    other, _ = load_pack("reactive")
    foreign = Story(other, next(iter(other.perspectives), None))
    write_save(legacy / "slot3.json", foreign.to_save("Someone else's"))
    store = SaveStore(DataFolders(tmp_path, tmp_path, tmp_path).saves(clean.id), clean)
    assert store.adopt_legacy(legacy) == 2
    assert store.playthrough("student").latest_usable.scene_id == student.scene.id
    assert store.slot(2).label == "Old slot"
    assert (legacy / "slot3.json").exists()  # another story's save waits for that story
    assert store.adopt_legacy(legacy) == 0  # once only


def test_runs_nobody_plays_use_a_throwaway_folder_unless_one_is_named(tmp_path: Path, monkeypatch):
    for variable in ("BUDAPEST1956_DATA_DIR", "BUDAPEST1956_HOME"):
        monkeypatch.delenv(variable, raising=False)
    throwaway = data_folders(throwaway=True)
    assert throwaway.throwaway and throwaway.data.is_dir() and "budapest1956-" in throwaway.data.name
    assert data_folders(throwaway=True).data != throwaway.data
    named = data_folders(tmp_path / "mine", throwaway=True)
    assert named.data == tmp_path / "mine" and not named.throwaway
    monkeypatch.setenv("BUDAPEST1956_DATA_DIR", str(tmp_path / "from-env"))
    assert data_folders(throwaway=True).data == tmp_path / "from-env"
    player = data_folders(tmp_path / "usb")
    assert player.settings_file == tmp_path / "usb" / "settings.json"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_kill_9_during_autosaves_never_loses_an_earlier_save(clean, store: SaveStore):
    """A hundred times: a child autosaves step after step and reports each finished save
    down a pipe; it is killed at a random moment; every file left must be a whole save,
    and the newest usable one at least as new as the last one reported."""
    rng = random.Random(1956)
    for trial in range(100):
        read_end, write_end = os.pipe()
        child = os.fork()
        if child == 0:  # the child: play and autosave until killed
            os.close(read_end)
            try:
                story = Story(clean, "worker")
                while True:
                    if story.is_ending:
                        story = Story(clean, "worker")
                    play(story, 1, seed=trial)
                    written = store.autosave(story)
                    os.write(write_end, f"{int(written.stem)}\n".encode())
            finally:
                os._exit(0)
        os.close(write_end)
        acknowledged = []
        wanted = rng.randint(0, 6)
        with os.fdopen(read_end, "rb", buffering=0) as pipe:
            buffer = b""
            while len(acknowledged) < wanted:
                chunk = pipe.read(64)
                if not chunk:
                    break
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                acknowledged += [int(line) for line in lines]
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
        infos = store.playthrough("worker").autosaves
        assert all(info.usable for info in infos), [info.error for info in infos if info.error]
        if acknowledged:
            newest = store.playthrough("worker").latest_usable
            assert newest is not None and newest.sequence >= acknowledged[-1], f"trial {trial}"
        for path in store.autosave_folder("worker").glob("*.json"):
            read_save(path)  # every finished file is whole JSON
    stale_before = list(store.folder.rglob(".*.tmp"))
    for path in stale_before:
        os.utime(path, (0, 0))
    store.clean_temporary()
    assert list(store.folder.rglob(".*.tmp")) == []


def test_a_doctored_autosave_number_does_not_hide_new_progress(clean, store: SaveStore):
    """An autosave renamed 999999999.json made every later one 1000000000.json, which the
    listing never sees: Continue kept resuming the old place (red team round 2)."""
    first = store.autosave(play(Story(clean, "student"), 1))
    first.rename(first.with_name("999999999.json"))
    newest = store.autosave(play(Story(clean, "student"), 2, seed=3))
    names = sorted(p.name for p in newest.parent.glob("*.json"))
    assert names == ["000001.json", "000002.json"]  # renumbered in order, the new one last
    assert store.playthrough("student").newest.path == newest
    assert store.most_recent().path == newest


def test_an_autosave_name_the_game_never_writes_is_not_listed(clean, store: SaveStore):
    saved = store.autosave(Story(clean, "student"))
    saved.rename(saved.with_name("0001.json"))  # read as number 1, but not the file 000001.json
    assert store.playthrough("student").autosaves == []


def test_clean_up_removes_only_the_games_own_leftovers(clean, store: SaveStore, tmp_path: Path):
    """The saves folder may be a link the player made: clean-up deleted every hidden .tmp
    file anywhere below it (red team round 2)."""
    store.autosave(Story(clean, "student"))
    own = store.folder / ".slot1.json.ab12cd_x.tmp"
    own_auto = store.autosave_folder("student") / ".000002.json.zz99yy.tmp"
    theirs = [store.folder / ".draft.tmp", store.folder / "deep" / ".000001.json.ab12cd.tmp",
              store.autosave_folder("student") / ".notes.tmp"]
    for path in [own, own_auto, *theirs]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    assert store.clean_temporary() == 2
    assert not own.exists() and not own_auto.exists()
    assert all(path.exists() for path in theirs)


@pytest.mark.parametrize("mark", ["\u2060", "\ufeff", "\u200b", "\u202e"])
def test_a_label_never_keeps_an_invisible_mark(mark: str):
    assert clean_label(f"Before{mark} the march") == "Before the march"
