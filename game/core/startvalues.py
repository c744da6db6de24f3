"""Reading ``name=value`` settings typed by an author (``--set courage=1``) into variable values.

Both shells start a playthrough "somewhere, with these values": the text player (``play
--text``) and the desktop game (``play --scene … --set …``). The values arrive as strings,
and only the story knows what type each variable has, so the parsing belongs here, next
to the model, rather than in the command line (which the front end must not import).
Range checks stay with ``Story``, which checks every start value however it was made.
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

from .diagnostics import StoryError, did_you_mean
from .model import Variable
from .text import MAX_PRINTED

#: a whole number as the guide writes one: an optional minus and the digits 0-9
PLAIN_NUMBER = re.compile(r"-?[0-9]+")
#: the words a true/false variable accepts, in any case
TRUE_FALSE = {"true": True, "false": False}


def parse_start_values(variables: Mapping[str, Variable], settings: Sequence[str],
                       option: str = "--set") -> dict[str, Any]:
    """``["courage=1", "hurt=true"]`` -> ``{"courage": 1, "hurt": True}``, typed by ``variables``.

    Raises ``StoryError`` naming the setting at fault: no ``=``, an unknown variable (with
    the closest declared name), or a value that is not of the variable's type. ``option``
    is how the player typed the settings, so the message can say what to fix.
    """
    values: dict[str, Any] = {}
    for setting in settings:
        name, sep, raw = setting.partition("=")
        name = name.strip()
        if not sep:
            raise StoryError(f"{option} takes name=value, not '{setting}'")
        variable = variables.get(name)
        if variable is None:
            hint = did_you_mean(name, variables)
            raise StoryError(f"unknown variable '{name}'" + (f"; {hint}" if hint else ""))
        values[name] = _typed(variable, raw.strip())
    return values


def _typed(variable: Variable, raw: str) -> Any:
    if variable.type == "int":
        # plain digits only: int() would also take '٣', '３' and '1_000', which the
        # authoring guide never promises and an eye may read otherwise
        if not PLAIN_NUMBER.fullmatch(raw) or len(raw) > 12:
            raise StoryError(f"variable '{variable.name}' is a number; '{raw}' is not (write digits 0-9)")
        return int(raw)
    if variable.type == "bool":
        if raw.lower() not in TRUE_FALSE:
            raise StoryError(f"variable '{variable.name}' is true or false; '{raw}' is neither")
        return TRUE_FALSE[raw.lower()]
    if len(raw) > MAX_PRINTED:
        raise StoryError(f"variable '{variable.name}' holds at most {MAX_PRINTED} characters; this has {len(raw):,}")
    return raw
