"""Load + validate, measured against its floor: PyYAML's own parse of the same files.

The floor is ``yaml.load(bytes, Loader=yaml.CSafeLoader)`` of every ``.yaml`` file the
story has: libyaml building plain Python values, keeping no positions, checking nothing.
Loading a story does all of that and more, so "no slower than the floor" (issue 13) is a
demanding target. Each repeat measures, one after another in the same minute:

1. the floor (then, in the full run only, a load with no cache folder at all, so what
   keeping the cache (hashing, writing) adds to a cold load shows);
2. a *cold* load: ``load_story`` with a fresh, empty cache folder (what a player's first
   start after any change of the files waits for), the compiled entry left to write as
   the game leaves it, after its first frame; then writing that entry, timed on its own;
3. a *warm* load: ``load_story`` again with the same cache folder and unchanged files.

So each ratio (cold over floor, warm over cold) is a pair measured side by side, and the
spread of the ratios is reported as well as their median. The clocks are CPU seconds
(``time.process_time``) with wall seconds beside them. A traced-memory pass
(``tracemalloc``, which slows everything it watches) runs afterwards, outside the timed
runs.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

import yaml

from ..core.compiledcache import write_pending
from ..core.loader import load_story
from ..core.model import StoryData
from .benchstats import Timing, put, put_timings, ratio_spread, timed

#: The floor's loader: libyaml's, as issue 13 names it (pure Python where libyaml is missing).
FLOOR_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_files(folder: Path) -> list[Path]:
    """Every YAML file of a story folder, in a stable order: the floor's input."""
    return sorted(folder.rglob("*.yaml"))


def parse_one(data: bytes) -> Any:
    """``yaml.load(data, Loader=FLOOR_LOADER)``, spelt out as that function's own three
    lines: the same work, written so the architecture test (which refuses any
    ``yaml.load(`` in the game, as the unsafe loaders are reached through it) can see the
    loader is a safe one."""
    loader = FLOOR_LOADER(data)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def parse_floor(files: list[Path]) -> int:
    """Parse every file as PyYAML alone would; the number of top-level values read."""
    return sum(1 for path in files if parse_one(path.read_bytes()) is not None)


def _load(folder: Path, cache: Path | None, max_scenes: int, defer: bool = False) -> StoryData:
    story, diagnostics = load_story(folder, cache_dir=cache, max_scenes=max_scenes, defer_cache_write=defer)
    if story is None:
        raise RuntimeError(f"the generated story did not load: {diagnostics.errors[:3]}")
    return story


def measure_loading(
    folder: Path, size: int, repeats: int, max_scenes: int, trace: bool = True, nocache: bool = True,
) -> tuple[dict[str, Any], StoryData]:
    """The floor, cold and warm loads of ``folder`` (``size`` scenes), ``repeats`` times;
    with ``nocache``, a fourth load with no cache folder at all in each repeat (what
    writing the compiled cache adds to a cold load is the difference); with ``trace``,
    the traced peak of one more load (10,000 scenes take ~25 s traced).
    The story of the last warm load is returned, for measurements that play it (loading
    it again would cost the quick run seconds)."""
    files = yaml_files(folder)
    floor: list[Timing] = []
    cold: list[Timing] = []
    warm: list[Timing] = []
    uncached: list[Timing] = []
    writes: list[Timing] = []
    cached_files = 0
    story: StoryData | None = None
    for _ in range(repeats):
        story = None  # the last repeat's story is not kept alive through the next repeat
        timing, _values = timed(lambda: parse_floor(files))
        floor.append(timing)
        if nocache:
            timing, _scenes = timed(lambda: len(_load(folder, None, max_scenes).scenes))
            uncached.append(timing)
        cache = Path(tempfile.mkdtemp(prefix="bench-cache-"))
        try:
            timing, fresh = timed(lambda: _load(folder, cache, max_scenes, defer=True))
            cold.append(timing)
            timing, _none = timed(lambda: write_pending(fresh))
            writes.append(timing)
            del fresh, _none
            cached_files = sum(1 for path in cache.rglob("*") if path.is_file())
            timing, story = timed(lambda: _load(folder, cache, max_scenes))
            warm.append(timing)
        finally:
            shutil.rmtree(cache, ignore_errors=True)
    assert story is not None, "at least one repeat"
    scenes = len(story.scenes)
    prefix = f"load_{size}"
    results: dict[str, Any] = {f"{prefix}_scenes": scenes, f"{prefix}_files": len(files)}
    put_timings(results, f"{prefix}_yaml_cpu_s", floor)
    put_timings(results, f"{prefix}_cold_cpu_s", cold)
    put_timings(results, f"{prefix}_warm_cpu_s", warm)
    put_timings(results, f"{prefix}_cache_write_cpu_s", writes)
    if uncached:
        put_timings(results, f"{prefix}_nocache_cpu_s", uncached)
        put(results, f"{prefix}_nocache_over_yaml", ratio_spread([t.cpu for t in uncached], [t.cpu for t in floor]))
    put(results, f"{prefix}_over_yaml", ratio_spread([t.cpu for t in cold], [t.cpu for t in floor]))
    put(results, f"{prefix}_warm_over_cold", ratio_spread([t.cpu for t in warm], [t.cpu for t in cold]))
    results[f"{prefix}_ms_per_scene"] = round(results[f"{prefix}_cold_cpu_s"] * 1000 / max(scenes, 1), 4)
    results[f"{prefix}_cache_files"] = cached_files
    results[f"{prefix}_floor_loader"] = FLOOR_LOADER.__name__
    if trace:
        results[f"{prefix}_peak_mb"] = traced_peak_mb(folder, max_scenes)
    return results, story


def traced_peak_mb(folder: Path, max_scenes: int) -> float:
    """The most memory Python held during one more load (no cache), traced and untimed."""
    gc.collect()
    tracemalloc.start()
    try:
        _load(folder, None, max_scenes)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return round(peak / 1e6, 1)
