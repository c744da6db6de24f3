"""Saves: plain, versioned JSON, written atomically. Never pickle.

A save holds the story's identity and version, the perspective, the first scene and the
variables at the start, and every step taken with the variables it replaced, so that
undo works after loading exactly as before saving. Loading checks everything against the
story and raises :class:`SaveError` with a sentence a player can read; a bad save never
touches any other file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping

from .diagnostics import SaveError, StoryError
from .model import StoryData
from .story import Step, Story

SAVE_FORMAT = "budapest1956-save"
SAVE_VERSION = 1
OLDEST_LOADABLE_VERSION = 1
MAX_SAVE_BYTES = 20 * 1024 * 1024


def story_to_save(story: Story, label: str = "") -> dict[str, Any]:
    scene = story.scene
    return {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "story": {"id": story.data.id, "version": story.data.version, "title": story.data.title},
        "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "label": label,
        "perspective": story.perspective_id,
        "start": story.start,
        "start_variables": dict(story.start_variables),
        "scene": scene.id,
        "scene_title": scene.title,
        "scene_date": scene.date,
        "scene_place": scene.place,
        "variables": dict(story.variables),
        "history": [
            {"scene": step.scene, "choice": step.choice.id, "variables": dict(step.variables)}
            for step in story.history
        ],
    }


def story_from_save(data: StoryData, save: Mapping[str, Any]) -> Story:
    """Rebuild a playthrough from a save dict, checking every field against the story."""
    if not isinstance(save, Mapping):
        raise SaveError("this is not a Budapest 1956 save (not a JSON object)")
    if save.get("format") != SAVE_FORMAT:
        raise SaveError("this is not a Budapest 1956 save")
    version = save.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SaveError("the save has no valid version number")
    if version > SAVE_VERSION:
        raise SaveError(f"the save was made by a newer version of the game (save format {version}); update the game")
    if version < OLDEST_LOADABLE_VERSION:
        raise SaveError(f"the save format {version} is too old to load (oldest supported: {OLDEST_LOADABLE_VERSION})")
    identity = save.get("story")
    if not isinstance(identity, Mapping) or identity.get("id") != data.id:
        other = identity.get("title") if isinstance(identity, Mapping) else None
        raise SaveError(f"the save belongs to another story{f' ({other})' if other else ''}")
    perspective = save.get("perspective")
    start = save.get("start")
    if perspective is not None and (not isinstance(perspective, str) or perspective not in data.perspectives):
        raise SaveError(f"the save's point of view '{perspective}' is not in this story")
    if not isinstance(start, str) or start not in data.scenes:
        raise SaveError(f"the save starts at scene {start!r}, which this story does not have")
    start_variables = _variables(data, save.get("start_variables"), "start_variables")
    try:
        story = Story(data, perspective, start=start)
    except StoryError as error:  # pragma: no cover - both were checked above
        raise SaveError(str(error)) from error
    history = save.get("history")
    if not isinstance(history, list):
        raise SaveError("the save's history is missing or damaged")
    path = [start]
    steps: list[Step] = []
    visits: Counter[str] = Counter({start: 1})
    for number, entry in enumerate(history, start=1):
        if not isinstance(entry, Mapping):
            raise SaveError(f"step {number} of the save is damaged")
        scene_id = entry.get("scene")
        scene = data.scenes.get(scene_id) if isinstance(scene_id, str) else None
        if scene is None or scene.id != path[-1]:
            raise SaveError(f"step {number} of the save no longer fits this version of the story")
        choice = next((c for c in scene.choices if c.id == entry.get("choice")), None)
        if choice is None or choice.goto not in data.scenes:
            raise SaveError(f"step {number} of the save names a choice this story no longer has")
        steps.append(Step(scene.id, choice, _variables(data, entry.get("variables"), f"step {number}"), dict(visits)))
        path.append(choice.goto)
        visits[choice.goto] += 1
    scene_id = save.get("scene")
    if scene_id != path[-1]:
        raise SaveError("the save's current scene does not match its history")
    story._start_variables = start_variables
    story._restore(steps, path[-1], _variables(data, save.get("variables"), "variables"), dict(visits))
    return story


def _variables(data: StoryData, value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise SaveError(f"the save's {where} are missing or damaged")
    result = data.default_variables()  # variables added by a newer story start at default
    for name, item in value.items():
        variable = data.variables.get(name)
        if variable is None:
            raise SaveError(f"the save uses variable '{name}', which this story does not have")
        if not variable.accepts(item):
            raise SaveError(f"the save's variable '{name}' has the wrong type")
        result[name] = variable.clamp(item)
    return result


# --------------------------------------------------------------------------- files


def write_save(path: Path, save: Mapping[str, Any]) -> None:
    """Write atomically: a temporary file in the same folder, flushed, fsynced, replaced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(save, ensure_ascii=False, indent=1)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows cannot open folders
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(descriptor)


def read_save(path: Path) -> dict[str, Any]:
    """Read a save file as a dict; any damage becomes a :class:`SaveError`."""
    try:
        size = path.stat().st_size
        if size > MAX_SAVE_BYTES:
            raise SaveError(f"{path.name} is too large to be a save")
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise SaveError(f"there is no save at {path}") from error
    except OSError as error:
        raise SaveError(f"cannot read {path.name}: {error.strerror or error}") from error
    if not raw.strip():
        raise SaveError(f"{path.name} is empty (the save was cut short)")
    try:
        save = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise SaveError(f"{path.name} is damaged or cut short and cannot be read") from error
    if not isinstance(save, dict):
        raise SaveError(f"{path.name} is not a Budapest 1956 save")
    return save


def load_story_save(data: StoryData, path: Path) -> Story:
    return story_from_save(data, read_save(path))
