"""The compiled cache (issue 13): a second load of unchanged files reads the story back
from the cache folder, and any change to any input, or any damage to the entry, means
the YAML is read again. What a load returns never depends on the cache."""

from __future__ import annotations

import io
import os
import pickle
import random
import shutil
from pathlib import Path

import pytest

from game.core import builder, compiledcache
from game.core.closures import compiled_parts
from game.core.loader import load_story
from game.core.model import StoryData
from game.core.story import Story
from game.paths import default_story_dir


def _without_closures(story: StoryData) -> StoryData:
    """The story with its compiled closures put aside (closures never compare equal)."""
    for part in compiled_parts(story):
        if hasattr(part, "evaluate"):
            part.evaluate = None
        else:
            part.apply = None
    return story


@pytest.fixture
def read_yaml_counter(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every story folder whose YAML is read (the cache was not used), in order."""
    built: list[Path] = []
    real_build = builder._Builder.build

    def build(self: builder._Builder):
        built.append(self.root)
        return real_build(self)

    monkeypatch.setattr(builder._Builder, "build", build)
    return built


def _pack(tmp_path: Path, fixtures: Path, name: str = "clean") -> Path:
    folder = tmp_path / name
    shutil.copytree(fixtures / name, folder)
    return folder


def test_a_warm_load_returns_the_same_story_and_plays_the_same(tmp_path: Path, read_yaml_counter: list[Path]) -> None:
    cache = tmp_path / "cache"
    cold, cold_diagnostics = load_story(default_story_dir(), cache_dir=cache)
    warm, warm_diagnostics = load_story(default_story_dir(), cache_dir=cache)
    assert cold is not None and warm is not None and warm is not cold
    assert read_yaml_counter == [default_story_dir()]  # the second load read no YAML
    assert warm_diagnostics.items == cold_diagnostics.items
    # the closures were rebuilt: the same seeded games give the same screens
    for perspective in cold.perspectives:
        for seed in range(3):
            screens = []
            for data in (cold, warm):
                story, rng, seen = Story(data, perspective), random.Random(seed), []
                for _ in range(60):
                    seen.append((story.scene.id, story.text, story.reply, dict(story.variables),
                                 [(view.choice.id, view.open, view.reason) for view in story.choices]))
                    if not story.open_choices:
                        break
                    story.choose(rng.choice(story.open_choices).index)
                screens.append(seen)
            assert screens[0] == screens[1]
    assert _without_closures(warm) == _without_closures(cold)


def test_warnings_are_shown_again_from_the_cache(tmp_path: Path, fixtures: Path, read_yaml_counter: list[Path]) -> None:
    pack = _pack(tmp_path, fixtures, "time_backwards")
    first = load_story(pack, cache_dir=tmp_path / "cache")[1]
    second = load_story(pack, cache_dir=tmp_path / "cache")[1]
    assert [str(d) for d in first.warnings] and [str(d) for d in second.items] == [str(d) for d in first.items]
    assert len(read_yaml_counter) == 1


def test_a_story_with_errors_is_never_kept(tmp_path: Path, fixtures: Path, read_yaml_counter: list[Path]) -> None:
    pack = _pack(tmp_path, fixtures, "broken_target")
    cache = tmp_path / "cache"
    for _ in range(2):
        story, diagnostics = load_story(pack, cache_dir=cache, strict=False)
        assert diagnostics.has_errors
    assert len(read_yaml_counter) == 2
    assert not cache.exists() or not list(cache.iterdir())


@pytest.mark.parametrize("change", ["edit chapter", "edit source", "edit story", "new chapter", "relink"])
def test_any_change_to_an_input_reads_the_yaml_again(
    tmp_path: Path, fixtures: Path, read_yaml_counter: list[Path], change: str
) -> None:
    pack = _pack(tmp_path, fixtures)
    cache = tmp_path / "cache"
    first, _ = load_story(pack, cache_dir=cache)
    assert first is not None
    chapter = pack / "chapter.yaml"
    if change == "edit chapter":
        chapter.write_text(chapter.read_text("utf-8").replace("title:", "title: Changed", 1), "utf-8")
    elif change == "edit source":
        source = next((pack / "sources").iterdir())
        source.write_text(source.read_text("utf-8") + "\nA new last paragraph of the source text.\n", "utf-8")
    elif change == "edit story":
        story_file = pack / "story.yaml"
        story_file.write_text(story_file.read_text("utf-8").replace("title: ", "title: New ", 1), "utf-8")
    elif change == "new chapter":
        (pack / "more.yaml").write_text("scenes: []\n", "utf-8")
    else:  # the source becomes a link to an identical copy outside the pack: same bytes,
        # same folder listing, and yet an error now (a pack reads only its own files)
        source = next((pack / "sources").iterdir())
        outside = tmp_path / "outside.txt"
        shutil.copy(source, outside)
        source.unlink()
        os.symlink(outside, source)
    second, diagnostics = load_story(pack, cache_dir=cache, strict=False)
    assert len(read_yaml_counter) == 2, "the changed pack must be read again"
    fresh, fresh_diagnostics = load_story(pack, strict=False)  # no cache at all
    assert [str(d) for d in diagnostics.items] == [str(d) for d in fresh_diagnostics.items]
    if change == "relink":
        assert diagnostics.has_errors
    if change == "edit chapter":
        assert second is not None and any(s.title.startswith("Changed") for s in second.scenes.values())


def test_an_unchanged_file_written_again_is_still_cached(tmp_path: Path, fixtures: Path, read_yaml_counter: list[Path]) -> None:
    """The key is what the files hold, not when they were written."""
    pack = _pack(tmp_path, fixtures)
    load_story(pack, cache_dir=tmp_path / "cache")
    chapter = pack / "chapter.yaml"
    chapter.write_bytes(chapter.read_bytes())
    os.utime(chapter, (1, 1))
    assert load_story(pack, cache_dir=tmp_path / "cache")[0] is not None
    assert len(read_yaml_counter) == 1


def _entry(cache: Path) -> Path:
    (entry,) = [p for p in cache.iterdir() if p.suffix == compiledcache.SUFFIX]
    return entry


@pytest.mark.parametrize("damage", ["cut short", "garbage", "no header", "empty", "other code", "a folder"])
def test_a_damaged_entry_is_read_past_and_replaced(
    tmp_path: Path, fixtures: Path, read_yaml_counter: list[Path], damage: str
) -> None:
    pack, cache = _pack(tmp_path, fixtures), tmp_path / "cache"
    expected = load_story(pack, cache_dir=cache)[0]
    entry = _entry(cache)
    data = entry.read_bytes()
    if damage == "cut short":
        entry.write_bytes(data[: len(data) - 100])
    elif damage == "garbage":
        entry.write_bytes(data[: data.index(b"\n") + 1] + os.urandom(5000))
    elif damage == "no header":
        entry.write_bytes(data[data.index(b"\n") + 1:])
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "other code":
        entry.write_bytes(data.replace(compiledcache.code_fingerprint().encode(), b"0" * 64, 1))
    else:
        entry.unlink()
        entry.mkdir()
    story, diagnostics = load_story(pack, cache_dir=cache)
    assert story is not None and not diagnostics.items
    assert _without_closures(story) == _without_closures(expected)
    assert len(read_yaml_counter) == 2
    if damage != "a folder":  # the entry was written afresh and is used next time
        assert load_story(pack, cache_dir=cache)[0] is not None
        assert len(read_yaml_counter) == 2


class _Boom:
    """What a planted entry would hold to run a command when unpickled."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_entry_cannot_run_code(tmp_path: Path, fixtures: Path, read_yaml_counter: list[Path]) -> None:
    """Header and hashes right, body a pickle that calls os.system: refused, and the pack
    is read from its YAML as if there were no cache."""
    pack, cache = _pack(tmp_path, fixtures), tmp_path / "cache"
    load_story(pack, cache_dir=cache)
    entry = _entry(cache)
    header = entry.read_bytes().split(b"\n", 1)[0]
    marker = tmp_path / "ran"
    entry.write_bytes(header + b"\n" + pickle.dumps((_Boom(marker), [])))
    story, diagnostics = load_story(pack, cache_dir=cache)
    assert story is not None and not diagnostics.has_errors
    assert not marker.exists()
    assert len(read_yaml_counter) == 2
    with pytest.raises(pickle.UnpicklingError, match="is not part of a story"):
        compiledcache._StoryUnpickler(io.BytesIO(pickle.dumps(_Boom(marker)))).load()


def test_an_unwritable_cache_folder_changes_nothing(tmp_path: Path, fixtures: Path) -> None:
    pack = _pack(tmp_path, fixtures)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", "utf-8")
    story, diagnostics = load_story(pack, cache_dir=blocker / "cache")
    assert story is not None and not diagnostics.items


def test_without_a_cache_folder_nothing_is_written(tmp_path: Path, fixtures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = _pack(tmp_path, fixtures)
    written: list[Path] = []
    monkeypatch.setattr(compiledcache, "write_entry", lambda path, *args: written.append(path))
    load_story(pack)
    assert written == []
    load_story(pack, cache_dir=tmp_path / "cache")
    assert len(written) == 1


def test_one_entry_per_story_folder(tmp_path: Path, fixtures: Path) -> None:
    """An edited story replaces its own entry: the folder does not grow with each edit."""
    pack, cache = _pack(tmp_path, fixtures), tmp_path / "cache"
    chapter = pack / "chapter.yaml"
    for round_ in range(3):
        chapter.write_text(chapter.read_text("utf-8") + f"\n# edit {round_}\n", "utf-8")
        assert load_story(pack, cache_dir=cache)[0] is not None
    other = _pack(tmp_path, fixtures, "reactive")
    load_story(other, cache_dir=cache)
    assert len([p for p in cache.iterdir() if p.suffix == compiledcache.SUFFIX]) == 2


def test_check_keeps_its_walk_beside_the_entry(
    tmp_path: Path, fixtures: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check`` of a story that is the same to a walk (unchanged, or only its prose and
    lines changed) says the same without walking its playthroughs again, at the places
    the conditions stand now; a damaged kept verdict, or a change a walk would see, is
    walked afresh."""
    from game.core import explore

    pack = _pack(tmp_path, fixtures, "reactive_dead_variants")
    monkeypatch.setenv("BUDAPEST1956_CACHE_DIR", str(tmp_path / "cache"))
    walks: list[int] = []
    real_explore = explore.explore

    def counted(*args, **kwargs):
        walks.append(1)
        return real_explore(*args, **kwargs)

    monkeypatch.setattr(explore, "explore", counted)
    first = run_cli("check", pack)
    assert "never holds in any playthrough" in first.out
    second = run_cli("check", pack)
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
    assert len(walks) == 1
    (kept,) = (tmp_path / "cache").glob("*.text-variants.json")
    for damage in (b"{", b'{"key": "x", "value": 1}', kept.read_bytes().replace(b'"judged": true', b'"judged": 3'),
                   kept.read_bytes().replace(b'"holds"', b'"maybe"')):
        kept.write_bytes(damage)
        again = run_cli("check", pack)
        assert (again.code, again.out) == (first.code, first.out)
    assert len(walks) == 5
    chapter = pack / "chapter.yaml"
    # prose and lines: two lines added at the top move every condition down by two
    chapter.write_text("# an edited story\n# of two more lines\n" + chapter.read_text("utf-8"), "utf-8")
    moved = run_cli("check", pack)
    assert len(walks) == 5, "a walk sees nothing new: its verdict is kept"
    monkeypatch.setenv("BUDAPEST1956_CACHE_DIR", str(tmp_path / "another cache"))
    fresh = run_cli("check", pack)  # no kept verdict at all: the truth, walked
    assert moved.out == fresh.out and moved.out != first.out
    assert len(walks) == 6
    monkeypatch.setenv("BUDAPEST1956_CACHE_DIR", str(tmp_path / "cache"))
    text = chapter.read_text("utf-8")
    changed = text.replace("if: leaflets > 3\n        text: Your coat", "if: leaflets > 2\n        text: Your coat")
    assert changed != text
    chapter.write_text(changed, "utf-8")
    after = run_cli("check", pack)
    assert len(walks) == 7, "a changed condition is walked again"
    monkeypatch.setenv("BUDAPEST1956_CACHE_DIR", str(tmp_path / "a third cache"))
    assert after.out == run_cli("check", pack).out  # what a walk from nothing says


def test_without_sources_the_program_stands_for_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A frozen bundle keeps no .py files: its executable is hashed instead, so a rebuilt
    bundle (a new program file) never trusts an entry an older build wrote."""
    import sys

    (tmp_path / "core").mkdir()
    program = tmp_path / "budapest1956"
    program.write_bytes(b"build 1")
    monkeypatch.setattr(compiledcache, "__file__", str(tmp_path / "core" / "compiledcache.py"))
    monkeypatch.setattr(sys, "executable", str(program))
    fingerprints = []
    for build in (b"build 1", b"build 2, a little longer"):
        program.write_bytes(build)
        compiledcache.code_fingerprint.cache_clear()
        fingerprints.append(compiledcache.code_fingerprint())
    compiledcache.code_fingerprint.cache_clear()
    assert fingerprints[0] != fingerprints[1]


def test_a_deferred_entry_is_written_only_when_asked(tmp_path: Path, fixtures: Path, read_yaml_counter: list[Path]) -> None:
    """The game draws its first frame before writing a new entry (pickling a large story
    takes a noticeable part of a second): until then nothing is in the cache folder."""
    pack, cache = _pack(tmp_path, fixtures), tmp_path / "cache"
    story, _ = load_story(pack, cache_dir=cache, defer_cache_write=True)
    assert story is not None and not cache.exists()
    compiledcache.write_pending(story)
    assert isinstance(story.cache_entry, compiledcache.Entry) and story.cache_entry.path.is_file()
    compiledcache.write_pending(story)  # once only: nothing is pending now
    warm, _ = load_story(pack, cache_dir=cache, defer_cache_write=True)
    assert len(read_yaml_counter) == 1 and _without_closures(warm) == _without_closures(story)


def test_the_game_writes_its_entry_after_the_first_frame(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from game.cli import main

    monkeypatch.setenv("BUDAPEST1956_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["--story", str(default_story_dir()), "--headless", "--quit-after", "0"]) == 0
    assert len(list((tmp_path / "cache").glob("*" + compiledcache.SUFFIX))) == 1
