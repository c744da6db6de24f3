"""Saves: plain, versioned JSON, written atomically. Never pickle.

A save is a playthrough's value (:class:`StoryState`) with the way it came: the first
scene, and every step taken with the variables the player had there, so that undo works
after loading exactly as before saving. Visit and choice counts are not trusted from the
file: they follow from the path, and loading derives them again and checks the stored
state against them. Loading checks everything against the story and raises
:class:`SaveError` with a sentence a player can read; a bad save never touches any other
file.

Versions: 1 (before reactive text) has no ``state`` block; it loads, and gains the choice
memory (``chose()``) that its history implies. 2 adds the ``state`` block.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping

from immutables import Map

from .diagnostics import SaveError
from .intrange import INT_MAX, INT_MIN, in_range, out_of_range
from .model import Choice, StoryData
from .rules import arrive
from .safefile import FileRefused, read_capped
from .state import Step, StoryState
from .characters import CONTROL, control_message

SAVE_FORMAT = "budapest1956-save"
SAVE_VERSION = 2
OLDEST_LOADABLE_VERSION = 1
MAX_SAVE_BYTES = 20 * 1024 * 1024


def playthrough_to_save(
    data: StoryData, perspective: str | None, steps: list[Step], state: StoryState, label: str = "",
) -> dict[str, Any]:
    scene = data.scenes[state.scene]
    first = steps[0].state if steps else state
    return {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "story": {"id": data.id, "version": data.version, "title": data.title},
        "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "label": label,
        "perspective": perspective,
        "start": first.scene,
        "start_variables": data.in_order(first.variables),
        "scene": scene.id,
        "scene_title": scene.title,
        "scene_date": scene.date,
        "scene_place": scene.place,
        "variables": data.in_order(state.variables),
        "history": [
            {"scene": step.state.scene, "choice": step.choice.id, "variables": data.in_order(step.state.variables)}
            for step in steps
        ],
        "state": {**state.to_json(), "variables": data.in_order(state.variables)},
    }


def playthrough_from_save(data: StoryData, save: Mapping[str, Any]) -> tuple[str | None, list[Step], StoryState]:
    """Rebuild a playthrough (perspective, steps, current state) from a save dict,
    checking every field against the story."""
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
    _variables(data, save.get("start_variables"), "start_variables")  # checked; the steps carry their own
    history = save.get("history")
    if not isinstance(history, list):
        raise SaveError("the save's history is missing or damaged")
    visits: Counter[str] = Counter({start: 1})
    chosen: Counter[str] = Counter()
    came_by: Choice | None = None
    scene_id = start
    steps: list[Step] = []
    for number, entry in enumerate(history, start=1):
        if not isinstance(entry, Mapping):
            raise SaveError(f"step {number} of the save is damaged")
        scene = data.scenes.get(entry.get("scene")) if isinstance(entry.get("scene"), str) else None
        if scene is None or scene.id != scene_id:
            raise SaveError(f"step {number} of the save no longer fits this version of the story")
        choice = next((c for c in scene.choices if c.id == entry.get("choice")), None)
        if choice is None or choice.goto not in data.scenes:
            raise SaveError(f"step {number} of the save names a choice this story no longer has")
        variables = _variables(data, entry.get("variables"), f"step {number}")
        steps.append(Step(_state_at(data, scene_id, variables, visits, chosen, number - 1, came_by), choice))
        chosen[choice.key] += 1
        visits[choice.goto] += 1
        scene_id, came_by = choice.goto, choice
    if save.get("scene") != scene_id:
        raise SaveError("the save's current scene does not match its history")
    variables = _variables(data, save.get("variables"), "variables")
    state = _state_at(data, scene_id, variables, visits, chosen, len(history), came_by)
    if version >= 2:
        _check_state_block(save.get("state"), state)
    return perspective, steps, state


def _state_at(
    data: StoryData, scene_id: str, variables: dict[str, Any], visits: Counter[str], chosen: Counter[str],
    turn: int, came_by: Choice | None,
) -> StoryState:
    """The state a player had at this point of the path: the text is read again from
    this version of the story, as the player would now see it."""
    return arrive(data, data.scenes[scene_id], Map(variables), Map(visits), Map(chosen), turn, came_by)


def _check_state_block(block: Any, derived: StoryState) -> None:
    """A version-2 save's own account of where it stands must agree with its path."""
    if not isinstance(block, Mapping):
        raise SaveError("the save's state is missing or damaged")
    expected = derived.to_json()
    for key in ("scene", "variables", "visits", "chosen", "turn", "arrived_by"):
        if block.get(key) != expected[key]:
            raise SaveError(f"the save's state does not match its history ({key} differs)")


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
        if variable.type == "int" and not in_range(item):  # the engine clamps every result: no game wrote it
            raise SaveError(f"the save's variable '{name}' holds a number outside the range the game keeps")
        result[name] = variable.clamp(item)
    return result


# --------------------------------------------------------------------------- files


def write_save(path: Path, save: Mapping[str, Any]) -> None:
    """Write atomically: a temporary file in the same folder, flushed, fsynced, replaced.

    A save holding a control character or an unusable number (:func:`value_problem`) is
    refused (:class:`SaveError`) before anything is written: reading would list it as
    damaged, so writing it would only lose the place."""
    text = json.dumps(save, ensure_ascii=False, indent=1)
    problem = _problem_in(text, save)
    if problem:
        raise SaveError(f"cannot save: {problem}")
    path.parent.mkdir(parents=True, exist_ok=True)
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
        raw = read_capped(path, MAX_SAVE_BYTES)
    except FileRefused as error:  # too large, or a FIFO or device that would hang a plain read
        if error.rule == "file-too-large":
            raise SaveError(f"{path.name} is too large to be a save") from error
        raise SaveError(f"{path.name} {error}") from error
    except FileNotFoundError as error:
        raise SaveError(f"there is no save at {path}") from error
    except OSError as error:
        raise SaveError(f"cannot read {path.name}: {error.strerror or error}") from error
    if not raw.strip():
        raise SaveError(f"{path.name} is empty (the save was cut short)")
    try:
        text = raw.decode("utf-8")
        save = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        if "integer string conversion" in str(error):  # Python's guard against huge numbers
            raise SaveError(f"{path.name} is damaged: it holds a number thousands of digits long, "
                            "which no game writes") from error
        raise SaveError(f"{path.name} is damaged or cut short and cannot be read") from error
    if not isinstance(save, dict):
        raise SaveError(f"{path.name} is not a Budapest 1956 save")
    problem = _problem_in(text, save)
    if problem:
        raise SaveError(f"{path.name} is damaged: {problem}")
    return save


def _problem_in(text: str, save: Any) -> str:
    """:func:`value_problem` of ``save``, looked for only when its JSON ``text`` could
    hold one: JSON writes a C0 control or a lone surrogate as a ``\\u`` escape and leaves
    DEL and C1 as they are, and a number outside the range needs ten digits, an exponent,
    ``NaN`` or ``Infinity``; a save with none of them (almost every save the game writes)
    costs two scans of its text, not a walk of every field."""
    return value_problem(save) if CONTROL.search(text) or _SUSPECT.search(text) else ""


#: what in a save's JSON text may stand for a control character or an unusable number
_SUSPECT = re.compile(r"\\u|NaN|Infinity|[0-9]{10}|[0-9][eE]")


def value_problem(value: Any) -> str:
    """Where a save (or lesson) holds what no game writes, in words; "" when nothing.

    A control character, by the pack's rule (:func:`characters.control_message`): one
    reaching a label or a scene title would stop pygame's renderer (a NUL) or the
    terminal (an ESC). A number outside the engine's range (:mod:`intrange`), or a float
    that is NaN or infinite (Python's JSON reads ``NaN`` and ``Infinity``), which the
    classroom's time sums turned into an OverflowError. Every string is looked at, keys
    too; the walk is a loop, not recursion, so a save nested a thousand deep cannot crash it."""
    pending: list[tuple[Any, Any]] = [(None, value)]  # (where, as a linked (parent, key) chain; the item)
    while pending:
        where, item = pending.pop()
        if isinstance(item, str):
            found = control_message(item)
            if found:
                return f"its {_field(where)} {_holds(found[1])}"
        elif isinstance(item, bool):
            continue
        elif isinstance(item, int):
            if not in_range(item):
                return f"its {_field(where)} holds {out_of_range(item).removeprefix('the ')}"
        elif isinstance(item, float):
            if not (math.isfinite(item) and INT_MIN <= item <= INT_MAX):
                return f"its {_field(where)} holds the number {item!r}, which no game writes"
        elif isinstance(item, Mapping):
            for key, child in item.items():
                if isinstance(key, str) and control_message(key):
                    return f"the name of one of its fields {_holds(control_message(key)[1])}"  # type: ignore[index]
                pending.append(((where, key), child))
        elif isinstance(item, (list, tuple)):
            pending.extend(((where, index), child) for index, child in enumerate(item))
    return ""


def _field(where: Any) -> str:
    """``history[3].scene`` from the chain of (parent, key) pairs; built only for the one
    message, so the walk costs nothing per field; a long one is cut."""
    parts: list[str] = []
    while where is not None:
        where, key = where
        parts.append(f"[{key}]" if isinstance(key, int) else f".{key}")
    text = "".join(reversed(parts)).lstrip(".") or "text"
    return text if len(text) <= 80 else text[:77] + "..."


def _holds(message: str) -> str:
    """``text holds the control character ...`` without its subject."""
    return message.removeprefix("text ")
