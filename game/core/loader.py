"""Load a story folder (``story.yaml`` plus chapter files) as :class:`StoryData`.

From the compiled cache when it can (:mod:`compiledcache`), else by building it from the
YAML (:mod:`builder`) and checking it (:mod:`validate`), every diagnostic collected.
"""

from __future__ import annotations

import gc
from contextlib import nullcontext
from pathlib import Path

from . import compiledcache
from .diagnostics import Diagnostics, StoryLoadError, fresh_suggestion_budget
from .model import StoryData
from .packpath import shown
from .safefile import recording_reads


def load_story(
    root: Path | str, *, strict: bool = True, cache_dir: Path | None = None, max_scenes: int | None = None,
    defer_cache_write: bool = False,
) -> tuple[StoryData | None, Diagnostics]:
    """Load and validate a story folder, collecting every diagnostic.

    Returns the story (``None`` when it could not be built at all) and the diagnostics.
    With ``strict`` unset the caller gets a story even when it has errors (for tools).
    ``cache_dir`` is where compiled stories are kept between runs (:mod:`compiledcache`;
    ``None``: no cache, every load reads the YAML); with ``defer_cache_write`` a new entry
    is left on the story for :func:`compiledcache.write_pending` (the game writes it after
    its first frame). ``max_scenes`` exists for the
    benchmark, which measures how loading grows at twice the cap a pack may hold
    (``None``: :data:`packlimits.MAX_SCENES`).
    """
    root = Path(root)
    diagnostics = Diagnostics()
    fresh_suggestion_budget()
    # Loading allocates hundreds of thousands of small objects that all stay alive; the
    # cyclic collector would rescan them again and again (load time grew faster than the
    # story). Nothing here makes reference cycles worth collecting, so pause it, and at
    # the end freeze what is alive: the first collection after a load would otherwise
    # walk the whole story once more (0.2-0.3 s for 10,000 scenes) to free nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        story = _cached(root, diagnostics, cache_dir, max_scenes)
        if story is None:
            # the YAML reader, the schema and the checks: imported only when the compiled
            # cache cannot serve (a warm start of the game imports none of them, nor PyYAML)
            from .builder import _Builder
            from .validate import validate

            with recording_reads() if cache_dir is not None else nullcontext([]) as reads:
                story = _Builder(root, diagnostics, max_scenes).build()
                if story is not None:
                    validate(story, diagnostics)
            if cache_dir is not None and story is not None and not diagnostics.has_errors:
                entry = _entry(cache_dir, root, max_scenes)
                if defer_cache_write:
                    story.cache_entry = compiledcache.Pending(entry, root, diagnostics, reads)
                else:
                    compiledcache.write_entry(entry, root, story, diagnostics, reads)
    finally:
        if collecting:
            gc.freeze()
            gc.enable()
    if strict and diagnostics.has_errors:
        return None, diagnostics
    return story, diagnostics


def _entry(cache_dir: Path, root: Path, max_scenes: int | None) -> Path:
    return compiledcache.entry_path(cache_dir, root, shown(root), f"max_scenes={max_scenes}")


def _cached(root: Path, diagnostics: Diagnostics, cache_dir: Path | None, max_scenes: int | None) -> StoryData | None:
    """The story from the compiled cache when its entry is still good, its warnings
    added to ``diagnostics`` as the load that made it found them."""
    from .closures import recompile

    if cache_dir is None or not root.is_dir():
        return None
    found = compiledcache.read_entry(_entry(cache_dir, root, max_scenes), root)
    if found is None or not isinstance(found[0], StoryData):
        return None
    story, warnings = found
    recompile(story)
    diagnostics.extend(warnings)
    return story


def load_story_or_raise(root: Path | str) -> StoryData:
    story, diagnostics = load_story(root)
    if story is None:
        raise StoryLoadError(diagnostics)
    return story


