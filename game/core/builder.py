"""Build :class:`StoryData` from a story folder's YAML (``story.yaml`` plus chapter files).

The builder is deliberately lenient in what it *builds* and strict in what it *reports*:
a scene with a broken field is still registered under its id, so one mistake produces
one message instead of a cascade of "unknown scene" errors wherever it is the target.
Semantic checks (graph, expressions, citations, time) live in :mod:`validate`; the loader
(:mod:`loader`) runs both, or reads the story back from the compiled cache.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import fastchapter, schema
from .diagnostics import (
    Diagnostics, Pos, did_you_mean, restore_suggestion_budget, suggestion_budget_left,
)
from .model import (
    EMPTY_VALUES, SHARED, CastMember, Chapter, Choice, Citation, Effects, Ending, Epilogue, Expression,
    GuideTopic, Perspective, Record, Scene, Source, StoryData, Variable, fits_type, parse_date,
)
from .filekind import absent, cannot_read
from .notes import STANCES, EditorsNote, Reference
from .packlimits import (
    MAX_CHAPTER_FILES, MAX_PACK_SOURCE_BYTES, MAX_SCENES, MAX_VARIABLES, PAST_THE_LIMIT, RULE as TOO_MANY, ReadBudget,
)
from .packpath import inside_pack, is_inside_pack, shown
from .safefile import FileRefused
from .sources import SourceDocument
from .text import MAX_PRINTED
from .textread import expression_pos, read_text
from .characters import CONTROL
from .yamlread import Composed, Meta, YList, YMap, compose_yaml_file, convert_composed, read_yaml_file

STORY_FILE = "story.yaml"


def paragraphs(value: Any) -> list[str]:
    """Author text as paragraphs: a block split at blank lines, or a list of strings."""
    if isinstance(value, list):
        return [" ".join(str(item).split()) for item in value if str(item).strip()]
    if isinstance(value, str):
        blocks = [" ".join(block.split()) for block in value.replace("\r\n", "\n").split("\n\n")]
        return [block for block in blocks if block]
    return []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _bool(value: Any) -> bool:
    return value if isinstance(value, bool) else False


class _Builder:
    #: whether clean chapter files are built in one pass (:mod:`fastchapter`); the
    #: differential test turns it off to compare with the general path
    fast = True

    def __init__(self, root: Path, diagnostics: Diagnostics, max_scenes: int | None = None):
        self.root = root
        self.max_scenes = MAX_SCENES if max_scenes is None else max_scenes
        self.diagnostics = diagnostics
        self.budget = ReadBudget()  # the pack's YAML files together
        self.source_bytes = 0  # the source texts read so far (packlimits.MAX_PACK_SOURCE_BYTES)
        self.dropped = False  # chapter files past the cap were not read

    # ------------------------------------------------------------------ story.yaml
    def build(self) -> StoryData | None:
        path = self.root / STORY_FILE
        if not self.root.is_dir():
            problem = absent(self.root)  # None: something file-like is there
            message = ("story folder not found" if problem == "not found" else f"the story folder {problem}"
                       if problem else "the story folder is a file, not a folder")
            hint = "" if problem else "name the folder that holds story.yaml"
            self.diagnostics.error(Pos(shown(self.root)), message, "no-story", hint)
            return None
        problem = absent(path)
        if problem == "not found":
            self.diagnostics.error(
                Pos(shown(path)), f"no {STORY_FILE} in {shown(self.root)}", "no-story",
                "a story folder holds story.yaml and one or more chapter files",
            )
            return None
        if problem:  # a folder, a broken symlink: there is something, and it is not a file
            self.diagnostics.error(Pos(shown(path)), f"{STORY_FILE} {problem}", "no-story")
            return None
        if not is_inside_pack(self.root, path):
            self.diagnostics.error(
                Pos(shown(path)), f"{STORY_FILE} is a symlink that leads outside the story folder", "outside-pack",
                "a pack's files must lie inside its own folder: copy the file in instead of linking to it",
            )
            return None
        read = read_yaml_file(path, shown(path), self.diagnostics, self.budget)
        if read is None:
            return None
        data, meta = read
        schema.check(data, meta, schema.STORY_FILE, self.diagnostics, "story.yaml")
        if not isinstance(data, YMap):
            return None
        story = StoryData(
            id=_text(data.get("id")) or "story",
            title=_text(data.get("title")) or "Untitled",
            version=_text(data.get("version")) or "0",
            root=self.root,
            subtitle=_text(data.get("subtitle")),
            description=paragraphs(data.get("description")),
        )
        fmt = data.get("format", schema.FORMAT_VERSION)
        if isinstance(fmt, int) and fmt != schema.FORMAT_VERSION:
            self.diagnostics.error(
                data.pos_of("format"), f"format {fmt} is not supported (this engine reads {schema.FORMAT_VERSION})",
                "format",
            )
        self.variables(story, data.get("variables"))
        self.perspectives(story, data.get("perspectives"))
        self.chapters(story, data.get("chapters"))
        self.sources(story, data.get("sources"))
        self.cast(story, data.get("cast"))
        for item in _maps(data.get("glossary")):
            story.glossary.append((_text(item.get("term")), _text(item.get("definition"))))
        epilogue = data.get("epilogue")
        if isinstance(epilogue, YMap):
            story.epilogue = Epilogue(
                _text(epilogue.get("title")), paragraphs(epilogue.get("text")),
                self.citations(epilogue.get("cites")),
            )
        self.notes(story, data)
        self.topics(story, data)
        for file in self.chapter_files(data):
            story.files.append(shown(file))
            self.chapter_file(story, file)
        story.incomplete = story.incomplete or self.dropped  # no 'unknown scene' for what was not read
        return story

    def variables(self, story: StoryData, value: Any) -> None:
        if not isinstance(value, YMap):
            return
        for name, spec in value.items():
            if not isinstance(spec, YMap) or not isinstance(name, str):
                continue
            kind = spec.get("type")
            if kind not in ("int", "bool", "str"):
                continue
            default = spec.get("default")
            pos = value.key_pos[name]
            if len(story.variables) >= MAX_VARIABLES and name not in story.variables:
                if len(value) <= MAX_VARIABLES:  # more in this one file: the schema check said so
                    self.diagnostics.error(
                        pos, f"a pack declares at most {MAX_VARIABLES} variables; this is one more", TOO_MANY,
                        PAST_THE_LIMIT,
                    )
                return
            if name in story.variables:
                self.diagnostics.error(
                    pos, f"variable '{name}' is declared twice (first at {story.variables[name].pos.short})",
                    "duplicate-variable",
                )
                continue
            if "default" in spec and not fits_type(kind, default):
                self.diagnostics.error(
                    spec.pos_of("default"),
                    f"variable '{name}' is {kind} but its default {default!r} is not", "type",
                )
                default = EMPTY_VALUES[kind]
            elif kind == "str" and isinstance(default, str) and len(default) > MAX_PRINTED:
                self.diagnostics.error(
                    spec.pos_of("default"), f"variable '{name}': a text variable holds at most {MAX_PRINTED} "
                    f"characters (a name, a word); this default has {len(default):,}", "too-long",
                    "text is printed wherever {" + name + "} stands: keep long text in the scenes",
                )
                default = default[:MAX_PRINTED]
            minimum, maximum = spec.get("min"), spec.get("max")
            if kind != "int" and ("min" in spec or "max" in spec):
                self.diagnostics.error(
                    spec.pos_of("min" if "min" in spec else "max"),
                    f"only number variables have a range; '{name}' is {kind}", "range",
                )
                minimum = maximum = None
            minimum = minimum if isinstance(minimum, int) and not isinstance(minimum, bool) else None
            maximum = maximum if isinstance(maximum, int) and not isinstance(maximum, bool) else None
            if minimum is not None and maximum is not None and minimum > maximum:
                self.diagnostics.error(spec.pos_of("max"), f"variable '{name}': max is below min", "range")
            elif kind == "int" and isinstance(default, int) and (
                (minimum is not None and default < minimum) or (maximum is not None and default > maximum)
            ):
                self.diagnostics.error(
                    spec.pos_of("default"), f"variable '{name}': default {default} is out of its range", "range",
                )
            story.variables[name] = Variable(
                name, kind, default if default is not None else EMPTY_VALUES[kind],
                minimum, maximum, _text(spec.get("doc")), pos,
            )

    def cast(self, story: StoryData, value: Any) -> None:
        for item in _maps(value):
            story.cast.append(
                CastMember(_text(item.get("name")), _bool(item.get("fictional")),
                           _text(item.get("role")), _text(item.get("perspective")))
            )

    def perspectives(self, story: StoryData, value: Any) -> None:
        for item in _maps(value):
            pid = item.get("id")
            if not isinstance(pid, str):
                continue
            if pid == SHARED:
                self.diagnostics.error(item.pos_of("id"), "'shared' is reserved for scenes of every perspective", "reserved")
                continue
            if pid in story.perspectives:
                self.diagnostics.error(item.pos_of("id"), f"duplicate perspective id '{pid}'", "duplicate-id")
                continue
            story.perspectives[pid] = Perspective(
                pid, _text(item.get("name")), _text(item.get("role")), _bool(item.get("fictional")),
                _text(item.get("start")), paragraphs(item.get("blurb")), item.pos_of("start"),
            )

    def chapters(self, story: StoryData, value: Any) -> None:
        for item in _maps(value):
            cid = item.get("id")
            if not isinstance(cid, str):
                continue
            if cid in story.chapters:
                self.diagnostics.error(item.pos_of("id"), f"duplicate chapter id '{cid}'", "duplicate-id")
                continue
            story.chapters[cid] = Chapter(cid, _text(item.get("title")), paragraphs(item.get("summary")), item.pos)

    def sources(self, story: StoryData, value: Any) -> None:
        for item in _maps(value):
            sid, file = item.get("id"), item.get("file")
            if not isinstance(sid, str) or not isinstance(file, str):
                continue
            if sid in story.sources:
                self.diagnostics.error(item.pos_of("id"), f"duplicate source id '{sid}'", "duplicate-id")
                continue
            path = self.root / file  # resolved below, where a bad path becomes a diagnostic
            source = Source(
                sid, _text(item.get("title")), _text(item.get("publisher")), _text(item.get("date")),
                path, _text(item.get("url")), _text(item.get("note")), None, item.pos_of("file"),
            )
            if CONTROL.search(file):
                story.sources[sid] = source  # the control character is the one error, at its place
                continue
            try:
                source.file = inside_pack(self.root, file)
                if source.file.is_file():
                    self.source_bytes += source.file.stat().st_size
                    if self.source_bytes > MAX_PACK_SOURCE_BYTES:
                        self.diagnostics.error(
                            item.pos_of("file"), f"the pack's source texts together pass {MAX_PACK_SOURCE_BYTES:,} "
                            f"bytes with {file}", TOO_MANY, "cite shorter extracts of the sources",
                            once=(TOO_MANY, "source bytes"),
                        )
                        story.sources[sid] = source
                        continue
                source.document = SourceDocument.from_file(source.file)
            except FileNotFoundError:
                problem = absent(path) or "not found"
                message = f"source file not found: {file}" if problem == "not found" else f"source file {file} {problem}"
                self.diagnostics.error(item.pos_of("file"), message, "source-file")
            except FileRefused as exc:
                self.diagnostics.error(item.pos_of("file"), f"source file {file} {exc}", exc.rule)
            except UnicodeDecodeError:
                self.diagnostics.error(item.pos_of("file"), f"source file is not UTF-8: {file}", "encoding")
            except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
                self.diagnostics.error(item.pos_of("file"), f"source file {file} {cannot_read(exc)}", "source-file")
            story.sources[sid] = source

    def chapter_files(self, data: YMap) -> list[Path]:
        listed = data.get("files")
        if isinstance(listed, YList):
            files = []
            read_as: dict[Path, int] = {}  # each file's first place in the list, by what it really is
            self.dropped = len(listed) > MAX_CHAPTER_FILES  # the schema check said so
            for index, name in enumerate(listed[:MAX_CHAPTER_FILES]):
                if not isinstance(name, str):
                    continue
                if CONTROL.search(name):  # reported at the character already: one mistake, one error
                    self.dropped = True
                    continue
                try:
                    inside_pack(self.root, name)
                except FileRefused as exc:
                    self.diagnostics.error(listed.pos_of(index), f"chapter file {name} {exc}", exc.rule)
                    self.dropped = True
                    continue
                path = self.root / name
                problem = absent(path)  # None for a FIFO or device: read_yaml_file says what it is
                if problem:
                    self.dropped = True
                    message = f"chapter file not found: {name}" if problem == "not found" else f"chapter file {name} {problem}"
                    self.diagnostics.error(listed.pos_of(index), message, "no-file")
                    continue
                first = read_as.setdefault(path.resolve(), index)
                if first != index:  # every scene would be a 'duplicate scene id' of itself
                    self.diagnostics.error(
                        listed.pos_of(index), f"chapter file {name} is listed already (item {first + 1})",
                        "duplicate-file", "list each chapter file once",
                    )
                    continue
                files.append(path)
            return files
        apparatus = self.companion_files(data)
        found = sorted(
            p for p in self.root.iterdir()
            if p.suffix in (".yaml", ".yml") and p.name != STORY_FILE and p.exists() and not p.is_dir() and p.resolve() not in apparatus
        )
        for path in sorted(p for p in self.root.iterdir() if p.suffix in (".yaml", ".yml") and p.is_symlink()):
            problem = absent(path)  # a link to nothing was skipped without a word
            if problem and problem != "is a folder, not a file" and path.resolve() not in apparatus:
                self.diagnostics.error(Pos(shown(path)), f"chapter file {path.name} {problem}", "no-file",
                                       "delete it or link it to a chapter inside the story folder")
        leaving = [p for p in found if not is_inside_pack(self.root, p)]
        for path in leaving:
            self.diagnostics.error(
                Pos(shown(path)), f"chapter file {path.name} is a symlink that leads outside the story folder",
                "outside-pack", "a pack's files must lie inside its own folder: copy the file in instead of linking to it",
            )
        found = [p for p in found if p not in leaving]
        self.dropped = self.dropped or bool(leaving)
        firsts: dict[Path, Path] = {}
        for path in sorted(found, key=lambda p: (p.is_symlink(), p.name)):  # a link to a chapter beside it:
            first = firsts.setdefault(path.resolve(), path)  # the same scenes twice; the file itself is kept
            if first != path:
                self.diagnostics.error(
                    Pos(shown(path)), f"chapter file {path.name} is the same file as {first.name}", "duplicate-file",
                    "delete the link: every chapter file next to story.yaml is read",
                )
        found = [p for p in found if firsts[p.resolve()] == p]
        if len(found) > MAX_CHAPTER_FILES:
            self.diagnostics.error(
                Pos(shown(found[MAX_CHAPTER_FILES])),
                f"the story folder holds {len(found):,} chapter files; the limit is {MAX_CHAPTER_FILES}", TOO_MANY,
                PAST_THE_LIMIT,
            )
            found, self.dropped = found[:MAX_CHAPTER_FILES], True
        if not found and not leaving:
            self.diagnostics.error(data.pos, "no chapter files next to story.yaml", "no-scenes")
        return found

    def companion_files(self, data: YMap) -> set[Path]:
        """The files ``notes:`` and ``guide:`` name, however spelt ("./notes.yaml"), and even
        when written wrongly as a list: never also read as chapters (one mistake, one message)."""
        names: list[Any] = []
        for key in ("notes", "guide"):
            value = data.get(key)
            names.extend(value if isinstance(value, YList) else [value])
        found = set()
        for name in names:
            if isinstance(name, str):
                try:
                    found.add((self.root / name).resolve())
                except (OSError, ValueError):  # ValueError: a NUL byte in the name
                    continue
        return found

    def side_file(self, data: YMap, key: str, spec: schema.Record) -> YMap | None:
        """One of story.yaml's companion files (``notes:``, ``guide:``), read and checked."""
        name = data.get(key)
        if not isinstance(name, str) or CONTROL.search(name):  # a control character is reported at its place
            return None
        try:
            inside_pack(self.root, name)
        except FileRefused as exc:
            self.diagnostics.error(data.pos_of(key), f"{key} file {name} {exc}", exc.rule)
            return None
        path = self.root / name
        problem = absent(path)  # None for a FIFO or device: read_yaml_file says what it is
        if problem:
            message = f"{key} file not found: {name}" if problem == "not found" else f"{key} file {name} {problem}"
            self.diagnostics.error(data.pos_of(key), message, "no-file")
            return None
        read = read_yaml_file(path, shown(path), self.diagnostics, self.budget)
        if read is None:
            return None
        content, meta = read
        schema.check(content, meta, spec, self.diagnostics, shown(path))
        return content if isinstance(content, YMap) else None

    def notes(self, story: StoryData, data: YMap) -> None:
        content = self.side_file(data, "notes", schema.NOTES_FILE)
        if content is None:
            return
        seen: dict[str, Pos] = {}
        for item in _maps(content.get("notes")):
            nid, source, quote = item.get("id"), item.get("source"), item.get("quote")
            if not all(isinstance(value, str) for value in (nid, source, quote)):
                continue
            if nid in seen:
                self.diagnostics.error(
                    item.pos_of("id"), f"duplicate note id '{nid}' (first at line {seen[nid].line + 1})", "duplicate-id",
                )
                continue
            seen[nid] = item.pos_of("id")
            story.notes.append(EditorsNote(
                nid, source, quote, _text(item.get("kind")), _text(item.get("title")),
                " ".join(_text(item.get("text")).split()),
                [  # a broken field was reported by the schema: the work is still named
                    Reference(_text(ref.get("author")), _text(ref.get("title")), _year(ref.get("year")))
                    for ref in _maps(item.get("references"))
                ],
                None, item.pos_of("quote"),
            ))

    def topics(self, story: StoryData, data: YMap) -> None:
        content = self.side_file(data, "guide", schema.GUIDE_FILE)
        if content is None:
            return
        for item in _maps(content.get("topics")):
            passages = item.get("passages")
            if not isinstance(item.get("id"), str) or not isinstance(passages, YList):
                continue
            keywords = item.get("keywords")
            story.topics.append(GuideTopic(
                item["id"], _text(item.get("title")), " ".join(_text(item.get("explanation")).split()),
                [p for p in passages if isinstance(p, str)],
                [k for k in keywords if isinstance(k, str)] if isinstance(keywords, YList) else [],
                item.pos,
                [passages.pos_of(i) for i, p in enumerate(passages) if isinstance(p, str)],
            ))

    # ------------------------------------------------------------------ chapter files
    def chapter_file(self, story: StoryData, path: Path) -> None:
        composed = compose_yaml_file(path, shown(path), self.diagnostics, self.budget)
        if composed is None:
            story.incomplete = True
            return
        if self.fast_chapter(story, composed):
            return
        read = convert_composed(composed, self.diagnostics)
        if read is None:
            story.incomplete = True
            return
        data, meta = read
        schema.check(data, meta, schema.CHAPTER_FILE, self.diagnostics, shown(path), skip=("scenes",))
        if not isinstance(data, YMap) or not isinstance(data.get("scenes"), YList):
            story.incomplete = True  # its scenes are unknown: no 'unknown scene' for them (one mistake, one message)
        if not isinstance(data, YMap):
            return
        scenes = data.get("scenes")
        if "scenes" in data and not (isinstance(scenes, YList) and scenes):
            self.diagnostics.error(data.pos_of("scenes"), "'scenes' must be a list of at least one scene", "type")
        if isinstance(scenes, YList):
            for index, item in enumerate(scenes):
                sid = item.get("id") if isinstance(item, YMap) else None
                label = f"scene '{sid}'" if isinstance(sid, str) else f"scene {index + 1} of {shown(path)}"
                schema.check(item, scenes.item_meta[index], schema.SCENE, self.diagnostics, label)
        self.variables(story, data.get("variables"))
        self.cast(story, data.get("cast"))
        default_chapter = _text(data.get("chapter"))
        default_perspective = _text(data.get("perspective"))
        if default_chapter and default_chapter not in story.chapters:
            self.unknown(data.pos_of("chapter"), "chapter", default_chapter, story.chapters)
            default_chapter = ""
        if default_perspective and default_perspective != SHARED and default_perspective not in story.perspectives:
            self.unknown(data.pos_of("perspective"), "perspective", default_perspective, story.perspectives)
            default_perspective = ""
        if not isinstance(scenes, YList):
            return
        for index, item in enumerate(scenes):
            if isinstance(item, YMap):
                self.scene(story, item, scenes.item_meta[index], default_chapter, default_perspective)

    def fast_chapter(self, story: StoryData, composed: Composed) -> bool:
        """Whether :mod:`fastchapter` built the file's scenes (a clean file, in one pass);
        when not, nothing it tried is left behind and the general path reads the file."""
        if not self.fast:
            return False
        scratch = Diagnostics()
        left = suggestion_budget_left()
        scenes = fastchapter.build(composed, story, _Builder(self.root, scratch, self.max_scenes).scene, scratch,
                                   self.max_scenes)
        if scenes is None or scratch.items:
            restore_suggestion_budget(left)
            return False
        story.scenes = scenes
        return True

    def scene(self, story: StoryData, item: YMap, meta: Meta, default_chapter: str, default_perspective: str) -> None:
        sid = item.get("id")
        if not isinstance(sid, str):
            return
        if len(story.scenes) >= self.max_scenes:
            self.diagnostics.error(
                item.pos, f"a pack holds at most {self.max_scenes:,} scenes; this is one more", TOO_MANY, PAST_THE_LIMIT,
                once=(TOO_MANY, "scenes"),
            )
            story.incomplete = True
            return
        if sid in story.scenes:
            first = story.scenes[sid].pos
            self.diagnostics.error(
                item.pos_of("id"), f"duplicate scene id '{sid}' (first defined at {first.short})", "duplicate-id",
            )
            return
        chapter = _text(item.get("chapter")) or default_chapter
        if "chapter" in item and chapter not in story.chapters:
            self.unknown(item.pos_of("chapter"), "chapter", chapter, story.chapters)
        elif not chapter:
            self.diagnostics.error(item.pos, f"scene '{sid}' has no chapter", "missing-key",
                                   "add 'chapter:' to the scene or to the top of the file")
        perspective = _text(item.get("perspective")) or default_perspective
        if "perspective" in item and perspective != SHARED and perspective not in story.perspectives:
            self.unknown(item.pos_of("perspective"), "perspective", perspective, story.perspectives)
        elif not perspective:
            self.diagnostics.error(item.pos, f"scene '{sid}' has no perspective", "missing-key",
                                   "add 'perspective:' (an id or 'shared') to the scene or the file")
        date = _text(item.get("date"))
        if date and not re.fullmatch(schema.DATE, date):
            date = ""  # the schema check has said so already
        if date:
            try:
                parse_date(date)
            except ValueError:
                self.diagnostics.error(item.pos_of("date"), f"'{date}' is not a real date", "date", schema.DATE_HINT)
                date = ""
        ending = item.get("ending")
        scene = Scene(
            id=sid,
            chapter=chapter,
            perspective=perspective or SHARED,
            date=date,
            place=_text(item.get("place")),
            title=_text(item.get("title")),
            text=read_text(item.get("text"), item.value_meta.get("text"), self.diagnostics),
            cites=self.citations(item.get("cites")),
            choices=[],
            effects=self.effects(item, "effects"),
            ending=Ending(
                _text(ending.get("title")),
                read_text(ending.get("epilogue"), ending.value_meta.get("epilogue"), self.diagnostics),
                _text(ending.get("kind")),
            ) if isinstance(ending, YMap) else None,
            discussion=_prompts(item.get("discussion")),
            content_note=_text(item.get("content_note")),
            flashback=_bool(item.get("flashback")),
            pause=_bool(item.get("pause")),
            pos=meta.pos,
            date_pos=item.pos_of("date"),
        )
        choices = item.get("choices")
        if isinstance(choices, YList):
            seen_ids: dict[str, Pos] = {}
            for index, choice in enumerate(choices):
                if not isinstance(choice, YMap):
                    continue
                named = bool(_text(choice.get("id")))
                cid = _text(choice.get("id")) or f"{sid}_{index + 1}"
                if cid in seen_ids:
                    self.diagnostics.error(
                        choice.pos_of("id"),
                        f"duplicate choice id '{cid}' in scene '{sid}' (first at line {seen_ids[cid].line + 1})",
                        "duplicate-id", "choice ids must differ within a scene: chose() names them",
                    )
                seen_ids.setdefault(cid, choice.pos_of("id"))
                condition = choice.get("if")
                record = choice.get("record")
                scene.choices.append(
                    Choice(
                        index=index,
                        id=cid,
                        text=_text(choice.get("text")),
                        goto=_text(choice.get("goto")),
                        scene_id=sid,
                        condition=Expression(condition, expression_pos(choice, "if"))
                        if isinstance(condition, str) else None,
                        effects=self.effects(choice, "effects"),
                        closed_reason=_text(choice.get("closed")),
                        record=Record(_text(record.get("text")), self.citations(record.get("cites")), record.pos)
                        if isinstance(record, YMap) else None,
                        pos=choices.pos_of(index),
                        goto_pos=choice.pos_of("goto"),
                        reply=read_text(choice.get("reply"), choice.value_meta.get("reply"), self.diagnostics),
                        named=named,
                    )
                )
        story.scenes[sid] = scene

    def effects(self, item: YMap, key: str) -> Effects | None:
        value = item.get(key)
        if isinstance(value, str):
            pos = expression_pos(item, key)
            return Effects([value], pos, [pos])
        if isinstance(value, YList) and all(isinstance(v, str) for v in value):
            return Effects(list(value), value.pos, [_item_expression_pos(value, i) for i in range(len(value))])
        return None

    def citations(self, value: Any) -> list[Citation]:
        found = []
        for item in _maps(value):
            source, quote = item.get("source"), item.get("quote")
            if isinstance(source, str) and isinstance(quote, str):
                # a wrong `as:` is the schema's to report; "" keeps the stance rules quiet
                # about it (one mistake, one message)
                stance = item.get("as", "fact")
                stance = stance if isinstance(stance, str) and stance in STANCES else ""
                found.append(Citation(source, quote, _text(item.get("note")), None, item.pos_of("quote"), stance))
        return found

    def unknown(self, pos: Pos, what: str, name: str, known: dict[str, Any]) -> None:
        self.diagnostics.error(pos, f"unknown {what} '{name}'", f"unknown-{what}", did_you_mean(name, known),
                               once=(f"unknown-{what}", name))  # one misspelt chapter in every scene: one error


def _year(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _maps(value: Any) -> list[YMap]:
    return [item for item in value if isinstance(item, YMap)] if isinstance(value, YList) else []


def _prompts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [" ".join(value.split())]
    if isinstance(value, list):
        return [" ".join(str(v).split()) for v in value if isinstance(v, str)]
    return []


def _item_expression_pos(items: YList, index: int) -> Pos:
    meta = items.item_meta[index]
    return meta.pos.shifted(1) if meta.style in ("'", '"') else meta.pos
