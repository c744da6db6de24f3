"""The loaded story as plain, immutable-by-convention data.

These classes are what every shell reads: the pygame front end, the text player, the
exporters and the classroom tools. They carry positions (``pos``) so any later check or
runtime problem can still point at the author's line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping

from .diagnostics import Pos
from .expressions import PYTHON_TYPES, Assignment, Expression
from .intrange import clamp_int
from .sources import CitationMatch, SourceDocument
from .notes import EditorsNote, notes_on
from .text import Text

SHARED = "shared"


#: the value a variable of each type falls back to when its declared default is unusable
EMPTY_VALUES: dict[str, Any] = {"int": 0, "bool": False, "str": ""}


def fits_type(kind: str, value: Any) -> bool:
    """Whether ``value`` is of the language type ``kind`` (``True`` is not a number here,
    although Python's bool is an int)."""
    return isinstance(value, PYTHON_TYPES[kind]) and not (kind == "int" and isinstance(value, bool))


@dataclass
class Variable:
    name: str
    type: str  # "int", "bool" or "str"
    default: Any
    minimum: int | None = None
    maximum: int | None = None
    doc: str = ""
    pos: Pos = field(default_factory=lambda: Pos("<unknown>"))

    def accepts(self, value: Any) -> bool:
        return fits_type(self.type, value)

    def clamp(self, value: Any) -> Any:
        """Keep numbers inside their declared range, and every number inside the engine's
        (:mod:`intrange`), so no run of effects can grow one past what a save can write."""
        if self.type != "int":
            return value
        if self.minimum is not None and value < self.minimum:
            return self.minimum
        if self.maximum is not None and value > self.maximum:
            return self.maximum
        return clamp_int(value)


@dataclass
class Source:
    id: str
    title: str
    publisher: str
    date: str
    file: Path
    url: str = ""
    note: str = ""
    document: SourceDocument | None = None
    pos: Pos = field(default_factory=lambda: Pos("<unknown>"))


@dataclass
class Citation:
    source: str
    quote: str
    note: str = ""
    match: CitationMatch | None = None  # filled in by validation
    pos: Pos = field(default_factory=lambda: Pos("<unknown>"))
    #: "fact": the scene states what the passage says; "report": the scene presents it as
    #: what the BBC reported (see :mod:`notes`); "" when ``as:`` is wrong (reported by the schema)
    stance: str = "fact"

    @property
    def as_report(self) -> bool:
        return self.stance == "report"

    @property
    def paragraph(self) -> int | None:
        return self.match.paragraph if self.match else None


@dataclass
class Effects:
    """Compiled assignments; ``apply(variables, visits, chosen)`` mutates the variables
    dict it is given (a copy, by contract) and reads the counts."""

    sources: list[str]
    pos: Pos
    positions: list[Pos] = field(default_factory=list)  # where each source string starts
    statements: list[Assignment] = field(default_factory=list)
    apply: Callable[[dict[str, Any], Mapping[str, int], Mapping[str, int]], None] | None = None


@dataclass
class Record:
    text: str
    cites: list[Citation]
    pos: Pos


@dataclass
class Choice:
    index: int  # 0-based position within the scene
    id: str
    text: str
    goto: str
    scene_id: str
    condition: Expression | None = None
    effects: Effects | None = None
    closed_reason: str = ""
    record: Record | None = None
    pos: Pos = field(default_factory=lambda: Pos("<unknown>"))
    goto_pos: Pos = field(default_factory=lambda: Pos("<unknown>"))
    #: the paragraphs that open the next scene when the player came by this choice
    reply: Text = field(default_factory=Text)
    #: the author gave the id (``chose()`` may only remember choices with such an id)
    named: bool = False

    @property
    def key(self) -> str:
        """``scene_id.choice_id``: how ``chose()`` and a playthrough's memory name it."""
        return f"{self.scene_id}.{self.id}"

    @property
    def trigger(self) -> str:
        """The machine's trigger name. ``::`` can never be a Python attribute name, so a
        trigger can never collide with a method of the model (a known transitions trap)."""
        return f"choose::{self.scene_id}::{self.index}"


@dataclass
class Ending:
    title: str
    epilogue: Text
    kind: str = ""


@dataclass
class Scene:
    id: str
    chapter: str
    perspective: str
    date: str
    place: str
    title: str
    text: Text
    cites: list[Citation]
    choices: list[Choice]
    effects: Effects | None = None
    ending: Ending | None = None
    discussion: list[str] = field(default_factory=list)
    content_note: str = ""
    flashback: bool = False
    pause: bool = False
    pos: Pos = field(default_factory=lambda: Pos("<unknown>"))
    date_pos: Pos = field(default_factory=lambda: Pos("<unknown>"))

    @property
    def when(self) -> datetime:
        return parse_date(self.date)

    @property
    def has_time(self) -> bool:
        return len(self.date) > 10

    @property
    def precision(self) -> str:
        """"year", "month", "day" or "minute": how precisely the source dates the scene."""
        return {4: "year", 7: "month", 10: "day"}.get(len(self.date), "minute")

    @property
    def word_count(self) -> int:
        """Words on the longest way through the scene's text."""
        return self.text.words


@dataclass
class Perspective:
    id: str
    name: str
    role: str
    fictional: bool
    start: str
    blurb: list[str] = field(default_factory=list)
    pos: Pos = field(default_factory=lambda: Pos("<unknown>"))


@dataclass
class Chapter:
    id: str
    title: str
    summary: list[str] = field(default_factory=list)
    pos: Pos = field(default_factory=lambda: Pos("<unknown>"))


@dataclass
class CastMember:
    name: str
    fictional: bool
    role: str = ""
    perspective: str = ""


@dataclass
class Epilogue:
    title: str
    text: list[str]
    cites: list[Citation]


@dataclass
class GuideTopic:
    """A place where the source disagrees with itself, for the teacher's guide: the
    passages to find and the words in a scene's prompts that raise it."""

    id: str
    title: str
    explanation: str
    passages: list[str]
    keywords: list[str]
    pos: Pos = field(default_factory=lambda: Pos("<unknown>"))
    passage_pos: list[Pos] = field(default_factory=list)


@dataclass
class StoryData:
    """Everything loaded from a story folder."""

    id: str
    title: str
    version: str
    root: Path
    subtitle: str = ""
    description: list[str] = field(default_factory=list)
    variables: dict[str, Variable] = field(default_factory=dict)
    perspectives: dict[str, Perspective] = field(default_factory=dict)
    chapters: dict[str, Chapter] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    cast: list[CastMember] = field(default_factory=list)
    glossary: list[tuple[str, str]] = field(default_factory=list)
    epilogue: Epilogue | None = None
    scenes: dict[str, Scene] = field(default_factory=dict)
    #: the editors' notes on the sources (``notes:`` in story.yaml)
    notes: list[EditorsNote] = field(default_factory=list)
    #: the teacher's guide topics (``guide:`` in story.yaml)
    topics: list[GuideTopic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    #: a chapter file could not be read: its scenes are unknown, so references to
    #: missing scenes are not reported again (one mistake, one message)
    incomplete: bool = False
    #: the shared ``transitions`` machine, built once on first use (see :mod:`machine`)
    machine: Any = field(default=None, repr=False, compare=False)
    #: the compiled-cache entry this story was read from or written to, if any (results
    #: derived from the story, such as check's walk, are kept beside it: :mod:`compiledcache`)
    cache_entry: Any = field(default=None, repr=False, compare=False)

    def default_variables(self) -> dict[str, Any]:
        return {name: variable.default for name, variable in self.variables.items()}

    def in_order(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Variables in the order the story declares them (a playthrough keeps them in a
        hash map, whose order means nothing to a reader)."""
        return {name: values[name] for name in self.variables if name in values}

    @property
    def endings(self) -> list[Scene]:
        return [scene for scene in self.scenes.values() if scene.ending]

    def notes_on(self, citation: "Citation") -> list[EditorsNote]:
        """The editors' notes on the passage a citation quotes, most serious first."""
        return notes_on(self.notes, citation.source, citation.match)

    def citations(self) -> list[tuple[Scene, Citation]]:
        """Every citation of the story with its scene (choice records included)."""
        found: list[tuple[Scene, Citation]] = []
        for scene in self.scenes.values():
            found.extend((scene, cite) for cite in scene.cites)
            for choice in scene.choices:
                if choice.record:
                    found.extend((scene, cite) for cite in choice.record.cites)
        return found


@lru_cache(maxsize=8192)
def parse_date(text: str) -> datetime:
    """``1956-10-23 15:00`` (or with ``T``), ``1956-10-23``, ``1958-06`` or ``1989``.

    A scene may be dated only as precisely as its source dates the event: "In 1989" in
    the source gives a scene dated "1989", shown as just the year. For ordering, a
    partial date counts from the start of its month or year. Remembered: validation
    compares the dates at both ends of every choice, and a story repeats its dates."""
    if len(text) == 4:
        text += "-01-01"
    elif len(text) == 7:
        text += "-01"
    return datetime.fromisoformat(text.replace(" ", "T"))
