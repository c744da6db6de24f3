"""The teacher's guide, generated from the scenes every time it is asked for.

Nothing here is written by hand for one version of the story: synopses come from the
chapters and scene titles, lesson segments from word counts, prompts from ``discussion:``,
the disagreements from searching the source for the passages the story folder's guide
topics name (``guide:`` in story.yaml, checked by ``check`` like the notes; a story
without topics has no such section), the source-criticism lesson from the editors' notes
(``notes:``) and the citations of the noted passages, the glossary from the ``glossary:``
terms the scenes actually use, and the annotated source from the citations and the notes.
When authors change the scenes, the next guide changes too. The engine holds no story
content of its own: the questions of the lesson are generic guidance for the teacher,
built from the notes and the scenes, and state no fact.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..core.dateline import dateline
from ..core.model import SHARED, Citation, GuideTopic, Scene, StoryData
from ..core.notes import KIND_LABELS, KINDS, Reference, notes_in_paragraph
from ..core.safefile import write_text_safely
from ..core.sources import normalise
from ..core.state import StoryState
from ..core.story import Story
from ..tools.sources_report import sources_report
from .apparatus import kind_order, note_heading, noted_words, references_line, sentence, stance_words
from .session import EPILOGUE, SessionError
from .render import esc, html_page, md, slug
from .timing import DECISION_MINUTES, LESSON_MINUTES, PROMPT_MINUTES, WORDS_PER_MINUTE, scene_minutes, scene_words



# --------------------------------------------------------------------------- the guide's data


@dataclass
class SceneEntry:
    id: str
    title: str
    dateline: str
    chapter: str
    perspective: str
    words: int
    minutes: float
    prompts: list[str]
    pause: bool
    choices: int
    ending: str  # the ending's title, "" for other scenes


@dataclass
class ChapterSynopsis:
    id: str
    title: str
    summary: list[str]
    scenes: list[SceneEntry]


@dataclass
class Segment:
    number: int
    scenes: list[SceneEntry]

    @property
    def minutes(self) -> float:
        return sum(scene.minutes for scene in self.scenes)

    @property
    def chapters(self) -> list[str]:
        return list(dict.fromkeys(scene.chapter for scene in self.scenes))


@dataclass
class PerspectiveGuide:
    id: str
    name: str
    role: str
    fictional: bool
    blurb: list[str]
    chapters: list[ChapterSynopsis]
    path: list[SceneEntry]  # the sample path the lesson plan follows
    segments: list[Segment]

    @property
    def path_minutes(self) -> float:
        return sum(scene.minutes for scene in self.path)


@dataclass
class PromptEntry:
    scene: str
    scene_title: str
    perspective: str
    chapter: str
    chapter_title: str
    text: str
    pause: bool


@dataclass
class DisagreementPassage:
    source: str
    paragraph: int  # 0-based
    kind: str
    text: str  # the whole paragraph as the file has it
    phrases: list[str]
    spans: list[tuple[int, int]]  # where the phrases stand in ``text``
    cited_by: list[str]  # scenes whose citations quote these words

    @property
    def number(self) -> int:
        return self.paragraph + 1


@dataclass
class Disagreement:
    key: str
    title: str
    explanation: str
    passages: list[DisagreementPassage]
    discussed_in: list[str]  # scenes whose prompts or citation notes raise it


@dataclass
class NoteUse:
    """A citation of a noted passage: where in the story, and whether as fact or as report."""

    scene: str  # a scene id, or EPILOGUE
    title: str
    perspective: str  # the point of view's name; "every point of view" for a shared scene
    location: str  # path:line of the citation
    stance: str  # "fact" or "report"
    in_record: bool  # in a choice's record, not the scene's own citations


@dataclass
class NoteEntry:
    """An editors' note for the source-criticism lesson: the passage as the file has it,
    the note, its works, the scenes that use the passage and questions for the class."""

    id: str
    kind: str
    label: str
    title: str
    text: str
    references: list[Reference]
    source: str
    source_title: str
    paragraph: int | None  # 0-based; None if the quote was not found (a story that failed check)
    line: int | None
    passage: str  # the noted words exactly as the source paragraph has them
    uses: list[NoteUse]
    questions: list[str]

    @property
    def number(self) -> int | None:
        return None if self.paragraph is None else self.paragraph + 1

    @property
    def anchor(self) -> str:
        return f"note-{self.id}"

    @property
    def paragraph_anchor(self) -> str:
        """The id of the noted paragraph in the guide's source appendix."""
        return f"{self.source}-p{self.number}" if self.number else ""


#: the headings of the lesson's groups, most serious first
NOTE_GROUPS = {
    "error": "Errors in the source",
    "contested": "Contested passages",
    "context": "Context a reader needs",
    "provenance": "About the documents themselves",
}


@dataclass
class GlossaryEntry:
    term: str
    definition: str
    scenes: list[str]


@dataclass
class CastEntry:
    name: str
    fictional: bool
    role: str
    perspective: str


@dataclass
class SourceParagraph:
    index: int
    line: int
    kind: str  # text, heading, caption or credit
    text: str
    cited_by: list[str]
    notes: list[str] = field(default_factory=list)  # ids of the editors' notes on it, in text order

    @property
    def number(self) -> int:
        return self.index + 1


@dataclass
class SourceText:
    id: str
    title: str
    publisher: str
    date: str
    note: str
    paragraphs: list[SourceParagraph]


@dataclass
class Guide:
    title: str
    subtitle: str
    version: str
    scene_count: int
    assumptions: dict[str, Any]
    perspectives: list[PerspectiveGuide]
    prompts: list[PromptEntry]
    disagreements: list[Disagreement]
    notes: list[NoteEntry]
    cast: list[CastEntry]
    glossary: list[GlossaryEntry]
    sources: list[SourceText]
    scene_titles: dict[str, str] = field(default_factory=dict)

    def scene_label(self, scene_id: str) -> str:
        """``The rally (s_rally)``: the title a teacher reads and the id the tools print."""
        if scene_id == EPILOGUE:
            return "the story's epilogue"
        title = self.scene_titles.get(scene_id, "")
        return f"{title} ({scene_id})" if title else scene_id

    def note(self, note_id: str) -> NoteEntry | None:
        return next((note for note in self.notes if note.id == note_id), None)


# --------------------------------------------------------------------------- building


def build_guide(
    story: StoryData,
    *,
    words_per_minute: float = WORDS_PER_MINUTE,
    decision_minutes: float = DECISION_MINUTES,
    prompt_minutes: float = PROMPT_MINUTES,
    lesson_minutes: tuple[int, int] = LESSON_MINUTES,
) -> Guide:
    """The whole teacher's guide for the story as loaded now."""

    def entry(scene: Scene, state: StoryState | None = None) -> SceneEntry:
        """A scene with its estimates; with ``state``, for the reader the sample path brings there."""
        minutes = scene_minutes(scene, words_per_minute, decision_minutes, prompt_minutes, state)
        return SceneEntry(
            scene.id, scene.title, dateline(scene), scene.chapter, scene.perspective, scene_words(scene, state),
            round(minutes, 1), list(scene.discussion), scene.pause,
            0 if scene.ending else len(scene.choices), scene.ending.title if scene.ending else "",
        )

    perspectives = []
    for perspective in story.perspectives.values():
        if perspective.start not in story.scenes:
            continue
        scenes = _perspective_scenes(story, perspective.id, perspective.start)
        path = [entry(story.scenes[state.scene], state) for state in sample_playthrough(story, perspective.id)]
        perspectives.append(PerspectiveGuide(
            perspective.id, perspective.name, perspective.role, perspective.fictional, list(perspective.blurb),
            _synopsis(story, scenes, entry), path, split_segments(path, lesson_minutes),
        ))
    return Guide(
        title=story.title,
        subtitle=story.subtitle,
        version=story.version,
        scene_count=len(story.scenes),
        assumptions={
            "words_per_minute": words_per_minute,
            "decision_minutes": decision_minutes,
            "prompt_minutes": prompt_minutes,
            "lesson_minutes": lesson_minutes,
            "reactive": _is_reactive(story),
        },
        perspectives=perspectives,
        prompts=_prompts(story),
        disagreements=find_disagreements(story),
        notes=source_criticism(story),
        cast=[CastEntry(m.name, m.fictional, m.role, m.perspective) for m in story.cast],
        glossary=used_glossary(story),
        sources=_sources(story),
        scene_titles={scene.id: scene.title for scene in story.scenes.values()},
    )


def _perspective_scenes(story: StoryData, perspective: str, start: str) -> list[Scene]:
    """The scenes a point of view can reach (conditions ignored), plus its own scenes."""
    seen: dict[str, None] = {}
    queue = deque([start])
    while queue:
        scene_id = queue.popleft()
        if scene_id in seen or scene_id not in story.scenes:
            continue
        seen[scene_id] = None
        queue.extend(choice.goto for choice in story.scenes[scene_id].choices)
    for scene in story.scenes.values():
        if scene.perspective == perspective:
            seen.setdefault(scene.id, None)
    return [story.scenes[s] for s in seen]


def _synopsis(story: StoryData, scenes: list[Scene], entry: Any) -> list[ChapterSynopsis]:
    """Chapters in story order, each with its summary and its scenes in time order."""
    order = {scene.id: n for n, scene in enumerate(scenes)}
    synopsis = []
    for chapter in story.chapters.values():
        members = sorted(
            (s for s in scenes if s.chapter == chapter.id), key=lambda s: (s.date or "9999", order[s.id]),
        )
        if members:
            synopsis.append(ChapterSynopsis(chapter.id, chapter.title, list(chapter.summary), [entry(s) for s in members]))
    return synopsis


def sample_path(story: StoryData, perspective: str) -> list[str]:
    """The path the lesson plan follows: at each scene the first open choice that leads
    somewhere new (else the first open one), played through the real :class:`Story`."""
    return [state.scene for state in sample_playthrough(story, perspective)]


def sample_playthrough(story: StoryData, perspective: str) -> list[StoryState]:
    """The states of a reader along :func:`sample_path`: each with the text that reader is
    shown there (replies and conditional paragraphs as they fall on this path)."""
    play = Story(story, perspective)
    limit = len(story.scenes) + 1
    while not play.is_ending and len(play.history) < limit:
        options = play.open_choices
        if not options:
            break
        seen = set(play.path)
        fresh = [choice for choice in options if choice.goto not in seen]
        play.choose((fresh or options)[0].index)
    return [step.state for step in play.history] + [play.state]


def _is_reactive(story: StoryData) -> bool:
    """Whether two readers of one scene can be shown different words."""
    return any(
        scene.text.is_reactive or (scene.ending is not None and scene.ending.epilogue.is_reactive)
        or any(choice.reply for choice in scene.choices)
        for scene in story.scenes.values()
    )


def split_segments(path: list[SceneEntry], lesson_minutes: tuple[int, int] = LESSON_MINUTES) -> list[Segment]:
    """Cut a path into lessons of about ``lesson_minutes``, at a chapter's start when it can.

    A greedy cut leaves a short last lesson; instead every way of cutting is weighed
    (a small dynamic programme: paths are tens of scenes) and the one whose lessons stay
    closest to the range, with the fewest cuts in the middle of a chapter, wins.
    """
    if not path:
        return []
    before = [0.0]
    for scene in path:
        before.append(before[-1] + scene.minutes)
    best: list[tuple[float, int]] = [(0.0, 0)]
    for end in range(1, len(path) + 1):
        best.append(min(
            (best[start][0] + _segment_cost(path, start, end, before, lesson_minutes), start)
            for start in range(end)
        ))
    cuts = []
    end = len(path)
    while end > 0:
        start = best[end][1]
        cuts.append((start, end))
        end = start
    return [Segment(n, path[start:end]) for n, (start, end) in enumerate(reversed(cuts), start=1)]


MID_CHAPTER_PENALTY = 30.0  # as bad as a lesson about 5 minutes off its length


def _segment_cost(
    path: list[SceneEntry], start: int, end: int, before: list[float], lesson_minutes: tuple[int, int],
) -> float:
    low, high = lesson_minutes
    minutes = before[end] - before[start]
    if minutes > high:
        cost = 0.0 if end - start == 1 else 10 * (minutes - high) ** 2  # a lesson must fit its hour; one long scene cannot be cut
    elif minutes < low:
        cost = (low - minutes) ** 2
    else:
        cost = 0.0
    if start > 0 and path[start].chapter == path[start - 1].chapter:
        cost += MID_CHAPTER_PENALTY
    return cost


def _prompts(story: StoryData) -> list[PromptEntry]:
    found = []
    for scene in story.scenes.values():
        chapter = story.chapters.get(scene.chapter)
        for text in scene.discussion:
            found.append(PromptEntry(
                scene.id, scene.title, scene.perspective, scene.chapter, chapter.title if chapter else scene.chapter,
                text, scene.pause,
            ))
    perspectives = {pid: n for n, pid in enumerate(story.perspectives)}
    chapters = {cid: n for n, cid in enumerate(story.chapters)}
    return sorted(  # stable: scenes keep their file order inside a group
        found, key=lambda p: (perspectives.get(p.perspective, len(perspectives)), chapters.get(p.chapter, len(chapters))),
    )


def prompt_groups(guide: "Guide") -> list[tuple[str, list[PromptEntry]]]:
    """The prompts under headings "point of view: chapter", in story order."""
    names = {p.id: p.name for p in guide.perspectives}
    groups: dict[tuple[str, str], list[PromptEntry]] = {}
    for prompt in guide.prompts:
        groups.setdefault((prompt.perspective, prompt.chapter_title), []).append(prompt)
    return [
        (f"{names.get(perspective, 'Every point of view')}: {chapter}", prompts)
        for (perspective, chapter), prompts in groups.items()
    ]


# --------------------------------------------------------------------------- searching the source


#: Each character the guide has folded, as :func:`_fold` folds it. The shipped story's
#: guide folds hundreds of thousands of characters of a few hundred kinds: calling
#: ``normalise`` on every one of them was 0.39 of the 0.42 s CPU the guide took to build.
_FOLDED_CHARACTERS: dict[int, str] = {}
#: Enough for any alphabet a story is written in; a hostile pack holding every code point
#: cannot make the table (and the process) grow past this.
_MAX_FOLDED_CHARACTERS = 20_000


def _fold(text: str) -> str:
    """Quote marks and dashes folded character by character: the length never changes, so
    a match in the folded text is a span in the file's own text.

    Each character is folded by ``normalise`` (the citation matcher's own rule, so the two
    never disagree) the first time any text holds it; after that a text is folded by one
    ``str.translate`` over the remembered characters.
    """
    table = _FOLDED_CHARACTERS
    new = {ord(char): normalise(char) or char for char in set(text) if ord(char) not in table}
    if len(table) + len(new) <= _MAX_FOLDED_CHARACTERS:
        table.update(new)
    elif new:  # a pack of every character there is: fold it, but remember no more
        return text.translate({**table, **new})
    return text.translate(table)


@lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase's words in order, white space between them free, not inside a word.
    Remembered: each topic's phrases are searched for in every source paragraph."""
    words = [re.escape(word) for word in normalise(phrase).split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])", re.IGNORECASE)


def find_disagreements(story: StoryData) -> list[Disagreement]:
    """Each known disagreement with the passages the source files actually contain, and
    the scenes whose citations quote the disagreeing words themselves (not merely another
    sentence of the same paragraph)."""
    cited = _cited_spans(story)
    folded = {  # folded once, not once per topic
        (source.id, paragraph.index): _fold(paragraph.text)
        for source in story.sources.values() if source.document is not None
        for paragraph in source.document.paragraphs
    }
    discussions = _discussion_texts(story)
    found = []
    for topic in story.topics:
        passages: list[DisagreementPassage] = []
        for source in story.sources.values():
            if source.document is None:
                continue
            for paragraph in source.document.paragraphs:
                hit = _search(folded[source.id, paragraph.index], tuple(topic.passages))
                if hit:
                    phrases, spans = hit
                    citing = [
                        scene for scene, start, end in cited.get((source.id, paragraph.index), [])
                        if any(start < span_end and span_start < end for span_start, span_end in spans)
                    ]
                    passages.append(DisagreementPassage(
                        source.id, paragraph.index, paragraph.kind, paragraph.text, phrases, spans,
                        list(dict.fromkeys(citing)),
                    ))
        found.append(Disagreement(topic.id, topic.title, topic.explanation, passages, _discussing(discussions, topic)))
    return found


def _cited_spans(story: StoryData) -> dict[tuple[str, int], list[tuple[str, int, int]]]:
    """(source, paragraph) -> (scene id, start, end) of every matched citation in it."""
    found: dict[tuple[str, int], list[tuple[str, int, int]]] = {}
    for scene, citation in story.citations():
        if citation.match:
            found.setdefault((citation.source, citation.match.paragraph), []).append(
                (scene.id, citation.match.start, citation.match.end))
    for citation in story.epilogue.cites if story.epilogue else []:
        if citation.match:
            found.setdefault((citation.source, citation.match.paragraph), []).append(
                (EPILOGUE, citation.match.start, citation.match.end))
    return found


def _search(folded: str, phrases: tuple[str, ...]) -> tuple[list[str], list[tuple[int, int]]] | None:
    """The phrases found in a paragraph already folded by :func:`_fold` (so its spans are
    spans of the paragraph as the file has it), and where, overlaps merged."""
    matched: list[str] = []
    spans: list[tuple[int, int]] = []
    for phrase in phrases:
        hits = [(m.start(), m.end()) for m in _phrase_pattern(phrase).finditer(folded)]
        if hits:
            matched.append(phrase)
            spans.extend(hits)
    return (matched, _merge(spans)) if matched else None


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _discussion_texts(story: StoryData) -> dict[str, str]:
    """scene id -> its discussion prompts and citation notes, folded and lower-cased: what
    :func:`_discussing` searches, built once for all the topics."""
    texts = {}
    for scene in story.scenes.values():
        notes = [c.note for c in scene.cites] + [
            c.note for choice in scene.choices if choice.record for c in choice.record.cites
        ]
        texts[scene.id] = _fold(" ".join(scene.discussion + notes)).lower()
    return texts


def _discussing(discussions: dict[str, str], topic: GuideTopic) -> list[str]:
    """Scenes whose discussion prompts or citation notes use one of the topic's words."""
    keywords = [_fold(keyword).lower() for keyword in topic.keywords]
    return [scene_id for scene_id, text in discussions.items() if any(keyword in text for keyword in keywords)]


# --------------------------------------------------------------------------- the source-criticism lesson


def source_criticism(story: StoryData) -> list[NoteEntry]:
    """Every editors' note, errors first (then contested, context, provenance), each in
    the order its passage stands in the sources, with the citations of that passage."""
    citations = _all_citations(story)
    order = {source_id: n for n, source_id in enumerate(story.sources)}
    entries = []
    notes = sorted(story.notes, key=lambda note: (
        kind_order(note.kind), order.get(note.source, len(order)),
        note.match.paragraph if note.match else 1 << 30, note.match.start if note.match else 0,
    ))
    for note in notes:
        source = story.sources.get(note.source)
        paragraph = note.match.paragraph if note.match else None
        line = None
        if source and source.document and paragraph is not None and paragraph < len(source.document.paragraphs):
            line = source.document.paragraphs[paragraph].line
        uses = [use for citation, use in citations if note.covers(citation.source, citation.match)]
        passage = noted_words(note, story)
        entries.append(NoteEntry(
            note.id, note.kind, note.label, note.title, note.text, list(note.references), note.source,
            source.title if source else note.source, paragraph, line, passage, uses,
            lesson_questions(note.kind, passage, uses, note.references),
        ))
    return entries


def _all_citations(story: StoryData) -> list[tuple[Citation, NoteUse]]:
    """Every citation of the story (scenes, records, the epilogue) with how the guide
    names its place."""
    records = {id(c) for s in story.scenes.values() for ch in s.choices if ch.record for c in ch.record.cites}
    names = {p.id: p.name for p in story.perspectives.values()}
    found = []
    for scene, citation in story.citations():
        perspective = "every point of view" if scene.perspective == SHARED else names.get(scene.perspective, scene.perspective)
        found.append((citation, NoteUse(
            scene.id, scene.title, perspective, citation.pos.short, citation.stance, id(citation) in records,
        )))
    for citation in story.epilogue.cites if story.epilogue else []:
        found.append((citation, NoteUse(
            EPILOGUE, story.epilogue.title, "every point of view", citation.pos.short, citation.stance, False,
        )))
    return found


def lesson_questions(kind: str, passage: str, uses: list[NoteUse], references: list[Reference]) -> list[str]:
    """Questions the teacher can put to the class about a noted passage: three for an
    error, two for a contested passage, none for context and provenance. They are built
    from the note's passage, the scenes that use it and the works it names, and ask
    rather than tell: the facts are the note's, in the editors' words, beside them."""
    if kind not in ("error", "contested"):
        return []
    as_fact = sum(1 for use in uses if use.stance != "report")
    if not uses:
        story = ("No scene of the story cites these words. If a scene did, how should it present them so "
                 "that nobody takes them for the narrator's own statement?")
    else:
        facts = f", {as_fact} of them as fact" if as_fact and len(uses) > 1 else (", as fact" if as_fact else "")
        pick = "Take one of them" if len(uses) > 1 else "Look at it together"
        story = (f"The story uses these words in {_count(len(uses), 'place')} (listed above{facts}). {pick}: "
                 "can the class tell whether the scene gives them as what the BBC reported or as fact? "
                 "What in the scene shows it?")
        if as_fact:
            story += " Where a scene gives them as fact, what would have to change?"
    if kind == "error":
        first = (f"Read the passage aloud: “{passage}”. Which of its words would a reader take as a plain "
                 "statement of fact, and how could the class check them?")
        evidence = (
            "The editors' note rests on the works named above. What kind of evidence could such works use to "
            "correct a news report, and which would the class trust more, the report or the works? Why?"
            if references else
            "What kind of evidence could show that a published report is wrong, and who would the class ask?"
        )
        return [first, story, evidence]
    first = (f"Historians disagree about “{passage}”. What would the class need to know to decide between the "
             "readings the editors' note describes, and where could it look?")
    return [first, story]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def note_groups(guide: "Guide") -> list[tuple[str, str, list[NoteEntry]]]:
    """(kind, heading, notes) for every kind that has notes, most serious first."""
    groups = []
    for kind in [*KINDS, *sorted({n.kind for n in guide.notes} - set(KINDS))]:
        members = [note for note in guide.notes if note.kind == kind]
        if members:
            groups.append((kind, NOTE_GROUPS.get(kind, KIND_LABELS.get(kind, kind)), members))
    return groups


def used_glossary(story: StoryData) -> list[GlossaryEntry]:
    """The ``glossary:`` entries whose term occurs in what a class reads; none invented."""
    texts = {scene.id: _fold(" ".join(_scene_texts(scene))) for scene in story.scenes.values()}
    entries = []
    for term, definition in story.glossary:
        if not term.strip():
            continue
        pattern = _phrase_pattern(term)
        scenes = [scene_id for scene_id, text in texts.items() if pattern.search(text)]
        if scenes:
            entries.append(GlossaryEntry(term, definition, scenes))
    return sorted(entries, key=lambda e: e.term.casefold())


def _scene_texts(scene: Scene) -> list[str]:
    texts = [scene.title, scene.place, *scene.text.plain, *scene.discussion, *(c.text for c in scene.choices)]
    texts += [paragraph for choice in scene.choices for paragraph in choice.reply.plain]
    if scene.ending:
        texts += [scene.ending.title, *scene.ending.epilogue.plain]
    return texts


def _sources(story: StoryData) -> list[SourceText]:
    report = sources_report(story)
    texts = []
    for item in report["sources"]:
        source = story.sources[item["id"]]
        texts.append(SourceText(
            source.id, source.title, source.publisher, source.date, source.note,
            [
                SourceParagraph(
                    p["index"], p["line"], p["kind"], p["text"], list(p["cited_by"]),
                    [note.id for note in notes_in_paragraph(story.notes, source.id, p["index"])],
                )
                for p in item["paragraphs"]
            ],
        ))
    return texts


# --------------------------------------------------------------------------- writing


GUIDE_FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}


def write_guide(story: StoryData, out: Path | str) -> Path:
    """``budapest1956 guide --out FILE``: HTML or Markdown by the file's suffix."""
    path = Path(out)
    kind = GUIDE_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise SessionError(f"the guide is written as .html or .md, not '{path.suffix or path.name}'")
    guide = build_guide(story)
    text = guide_html(guide) if kind == "html" else guide_markdown(guide)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_safely(path, text)  # never through a symlink at the target
    return path


# --------------------------------------------------------------------------- rendering


def _minutes(value: float) -> str:
    return f"{round(value):d} min"


def _lessons(count: int) -> str:
    return f"{count} lesson{'s' if count != 1 else ''}"


def _assumption_text(guide: Guide) -> str:
    a = guide.assumptions
    low, high = a["lesson_minutes"]
    return (
        f"Minutes are estimated from word counts: {a['words_per_minute']:g} words a minute read aloud, "
        f"plus {a['decision_minutes']:g} minutes for each decision put to the class and "
        f"{a['prompt_minutes']:g} minutes for each discussion prompt. Lessons are planned at about "
        f"{low}-{high} minutes (over {high} only when a single scene is longer), cut at the start of a chapter "
        "where one falls near the cut. Paths differ with the "
        "class's choices: each lesson plan follows one sample path (the first open choice at every scene "
        "that leads somewhere new), so allow for more or less time."
        + (" The text itself answers the class's choices (some paragraphs show only on some paths, and a "
           "choice may get a reply): the word counts are of what a class on the sample path is shown, so "
           "another path may read longer or shorter." if a.get("reactive") else "")
    )


_KIND_LABEL = {"heading": "heading", "caption": "image caption, not BBC text", "credit": "credit line"}


def guide_markdown(guide: Guide) -> str:
    """The guide as Markdown, with a table of contents."""
    out = [f"# {md(guide.title)}: teacher's guide", ""]
    if guide.subtitle:
        out += [f"*{md(guide.subtitle)}*", ""]
    out += [
        f"Generated from the scenes of version {md(guide.version)} ({guide.scene_count} scenes). "
        "Run `budapest1956 guide` again after the scenes change.", "",
        "## Contents", "",
    ]
    for number, (title, anchor) in enumerate(_contents(guide), start=1):
        out.append(f"{number}. [{md(title)}](#{anchor})")
        if anchor == "points-of-view":
            out += [f"   - [{md(p.name)}](#{slug('pov ' + p.id)})" for p in guide.perspectives]
    out += [
        "",
        "## How to read the estimates", "", md(_assumption_text(guide)), "",
        "## Points of view", "",
    ]
    for perspective in guide.perspectives:
        out += _md_perspective(guide, perspective)
    out += ["## Discussion prompts", ""]
    for heading, prompts in prompt_groups(guide):
        out += [f"### {md(heading)}", ""]
        out += [
            f"- {md(p.text)} (*{md(guide.scene_label(p.scene))}*" + ("; the game pauses here" if p.pause else "") + ")"
            for p in prompts
        ]
        out.append("")
    if not guide.prompts:
        out += ["The scenes have no discussion prompts yet.", ""]
    if guide.disagreements:
        out += ["## Where the source disagrees with itself", ""]
        for item in guide.disagreements:
            out += _md_disagreement(guide, item)
    if guide.notes:
        out += _md_source_criticism(guide)
    out += ["## Cast", ""]
    out += [
        f"- **{md(m.name)}** ({'fictional' if m.fictional else 'historical'})" + (f": {md(m.role)}" if m.role else "")
        for m in guide.cast
    ] or ["The story lists no cast."]
    out += ["", "## Glossary", ""]
    out += [
        f"- **{md(g.term)}**: {md(g.definition)} (used in: {', '.join(md(guide.scene_label(s)) for s in g.scenes)})"
        for g in guide.glossary
    ] or ["No glossary terms are used in the scenes."]
    out += ["", '<a id="the-source"></a>', "", "## The source, paragraph by paragraph", ""]
    for source in guide.sources:
        out += _md_source(guide, source)
    return "\n".join(out).rstrip() + "\n"


def _md_perspective(guide: Guide, p: PerspectiveGuide) -> list[str]:
    out = [f'<a id="{slug("pov " + p.id)}"></a>', "", f"### {md(p.name)}", "",
           f"{md(p.role)}" + (" (fictional)" if p.fictional else " (historical)"), ""]
    out += [md(text) + "\n" for text in p.blurb]
    out += ["#### Synopsis", ""]
    for chapter in p.chapters:
        out += [f"**{md(chapter.title)}**" + (f": {md(' '.join(chapter.summary))}" if chapter.summary else ""), ""]
        out += [
            f"{n}. {md(s.title)} ({md(s.dateline)})" + (f", ending: {md(s.ending)}" if s.ending else "")
            for n, s in enumerate(chapter.scenes, start=1)
        ]
        out.append("")
    out += [f"#### Lesson plan: about {_minutes(p.path_minutes)} in {_lessons(len(p.segments))}", ""]
    for segment in p.segments:
        out += [f"- **Lesson {segment.number}** (about {_minutes(segment.minutes)}): "
                + "; ".join(f"{md(s.title)} ({s.minutes:g} min)" for s in segment.scenes)]
    return out + [""]


def _md_disagreement(guide: Guide, item: Disagreement) -> list[str]:
    out = [f"### {md(item.title)}", "", md(item.explanation), ""]
    if not item.passages:
        out += ["None of these passages is in the source files.", ""]
    for passage in item.passages:
        kind = f", {_KIND_LABEL[passage.kind]}" if passage.kind in _KIND_LABEL else ""
        out += [f"> {md(passage.text)}", "",
                f"¶{passage.number}{kind}; the words: {', '.join(md(ph) for ph in passage.phrases)}. "
                f"Scenes citing these words: {', '.join(md(guide.scene_label(s)) for s in passage.cited_by) or 'none yet'}.", ""]
    if item.discussed_in:
        out += ["Scenes whose prompts or notes raise it: "
                + ", ".join(md(guide.scene_label(s)) for s in item.discussed_in) + ".", ""]
    return out


def _md_source(guide: Guide, source: SourceText) -> list[str]:
    out = [f"### {md(source.title)}", "", f"{md(source.publisher)}, {md(source.date)}.", ""]
    if source.note:
        out += [md(source.note), ""]
    for paragraph in source.paragraphs:
        kind = f" ({_KIND_LABEL[paragraph.kind]})" if paragraph.kind in _KIND_LABEL else ""
        if paragraph.notes:
            out += [f'<a id="{esc(source.id)}-p{paragraph.number}"></a>', ""]
        out += [f"**¶{paragraph.number}** (line {paragraph.line}){kind}: {md(paragraph.text)}", ""]
        if paragraph.cited_by:
            out += ["Cited by: " + ", ".join(md(guide.scene_label(s)) for s in paragraph.cited_by), ""]
        for note in filter(None, map(guide.note, paragraph.notes)):
            out += [f"Editors' note on “{md(note.passage)}”: [{md(note.label)}: {md(note.title)}](#{note.anchor})", ""]
    return out


SOURCE_CRITICISM_INTRO = (
    "A ready source-criticism lesson: every passage of the source the editors have noted, the passage as the "
    "file has it, the editors' note on it and the works the note rests on, and the scenes that use the passage, "
    "as fact or as what the BBC reported. The notes are the editors' words, never the BBC's. The questions "
    "after each error are guidance for the teacher: they ask, and the note beside them holds the facts."
)


def _md_source_criticism(guide: Guide) -> list[str]:
    out = ["## Where the source is wrong", "", md(SOURCE_CRITICISM_INTRO), ""]
    for _kind, heading, notes in note_groups(guide):
        out += [f"### {md(heading)}", ""]
        for note in notes:
            out += _md_note(guide, note)
    return out


def _md_note(guide: Guide, note: NoteEntry) -> list[str]:
    where = f"¶{note.number}" + (f" (line {note.line})" if note.line else "") if note.number else "a passage not found in the file"
    out = [f'<a id="{note.anchor}"></a>', "", f"#### {md(note.title or note.label)}", "",
           f"{md(note.source_title)}, {where}, as the file has it:", "", f"> {md(note.passage)}", "",
           f"**{md(sentence(note_heading(note)))}** {md(note.text)}", ""]
    refs = references_line(note.references)
    if refs:
        out += [f"*{md(refs)}*", ""]
    if note.uses:
        out += ["Scenes that cite this passage:", ""]
        out += [f"- {md(_use_line(use))}" for use in note.uses]
        out.append("")
    else:
        out += ["No scene cites this passage.", ""]
    if note.questions:
        out += ["Questions for the class (guidance for the teacher):", ""]
        out += [f"{n}. {md(question)}" for n, question in enumerate(note.questions, start=1)]
        out.append("")
    return out


def _use_line(use: NoteUse) -> str:
    """``The curfew (s_curfew), Zsófia Varga, scenes/x.yaml:12: as reported, in a choice's record``."""
    name = "the story's epilogue" if use.scene == EPILOGUE else f"{use.title} ({use.scene})"
    how = stance_words(use.stance) or "as fact"
    return f"{name}, {use.perspective}, {use.location}: {how}" + (", in a choice's record" if use.in_record else "")


def _contents(guide: Guide) -> list[tuple[str, str]]:
    """The guide's sections in order, as (title, anchor); sections without content are left out."""
    sections = [("How to read the estimates", "how-to-read-the-estimates"), ("Points of view", "points-of-view"),
                ("Discussion prompts", "discussion-prompts")]
    if guide.disagreements:
        sections.append(("Where the source disagrees with itself", "where-the-source-disagrees-with-itself"))
    if guide.notes:
        sections.append(("Where the source is wrong", "where-the-source-is-wrong"))
    return sections + [("Cast", "cast"), ("Glossary", "glossary"), ("The source, paragraph by paragraph", "the-source")]


def guide_html(guide: Guide) -> str:
    """The guide as one self-contained, printable HTML page with a table of contents."""
    html_ids = {"how-to-read-the-estimates": "estimates", "discussion-prompts": "prompts",
                "where-the-source-disagrees-with-itself": "disagreements"}
    toc = ['<nav><h2 id="contents">Contents</h2><ol>']
    for title, anchor in _contents(guide):
        toc.append(f'<li><a href="#{html_ids.get(anchor, anchor)}">{esc(title)}</a>')
        if anchor == "points-of-view":
            toc.append("<ol>" + "".join(
                f'<li><a href="#{slug("pov " + p.id)}">{esc(p.name)}</a></li>' for p in guide.perspectives) + "</ol>")
        toc.append("</li>")
    toc.append("</ol></nav>")
    body = [
        f"<header><h1>{esc(guide.title)}: teacher's guide</h1>",
        f'<p class="subtitle">{esc(guide.subtitle)}</p>' if guide.subtitle else "",
        f'<p class="meta">Generated from the scenes of version {esc(guide.version)} ({guide.scene_count} scenes). '
        "Run <code>budapest1956 guide</code> again after the scenes change.</p></header>",
        *toc,
        f'<section id="estimates"><h2>How to read the estimates</h2><p>{esc(_assumption_text(guide))}</p></section>',
        '<section id="points-of-view"><h2>Points of view</h2>',
        *[_html_perspective(p) for p in guide.perspectives],
        "</section>",
        _html_prompts(guide),
        _html_disagreements(guide),
        _html_source_criticism(guide),
        _html_cast(guide),
        _html_glossary(guide),
        '<section id="the-source"><h2>The source, paragraph by paragraph</h2>',
        *[_html_source(guide, source) for source in guide.sources],
        "</section>",
    ]
    return html_page(f"{guide.title}: teacher's guide", "\n".join(part for part in body if part))


def _html_perspective(p: PerspectiveGuide) -> str:
    blurb = "".join(f"<p>{esc(text)}</p>" for text in p.blurb)
    chapters = []
    for chapter in p.chapters:
        items = "".join(
            f"<li>{esc(s.title)} <span class=\"dateline\">{esc(s.dateline)}"
            + (f"; ending: {esc(s.ending)}" if s.ending else "") + "</span></li>"
            for s in chapter.scenes
        )
        summary = f"<p>{esc(' '.join(chapter.summary))}</p>" if chapter.summary else ""
        chapters.append(f"<h4>{esc(chapter.title)}</h4>{summary}<ol>{items}</ol>")
    rows = "".join(
        f'<tr><td class="num">{segment.number}</td><td>{esc("; ".join(s.title for s in segment.scenes))}</td>'
        f'<td class="num">{_minutes(segment.minutes)}</td></tr>'
        for segment in p.segments
    )
    return (
        f'<article class="perspective" id="{slug("pov " + p.id)}"><h3>{esc(p.name)}</h3>'
        f'<p class="kind">{esc(p.role)} ({"fictional" if p.fictional else "historical"})</p>{blurb}'
        f"<h4>Synopsis</h4>{''.join(chapters)}"
        f"<h4>Lesson plan: about {_minutes(p.path_minutes)} in {_lessons(len(p.segments))}</h4>"
        '<table><thead><tr><th class="num">Lesson</th><th>Scenes on the sample path</th>'
        f'<th class="num">Minutes</th></tr></thead><tbody>{rows}</tbody></table></article>'
    )


def _html_prompts(guide: Guide) -> str:
    parts = []
    for heading, prompts in prompt_groups(guide):
        items = "".join(
            f'<li class="prompt">{esc(p.text)} <span class="ref">({esc(guide.scene_label(p.scene))}'
            f'{"; the game pauses here" if p.pause else ""})</span></li>'
            for p in prompts
        )
        parts.append(f"<h3>{esc(heading)}</h3><ul>{items}</ul>")
    body = "".join(parts) or "<p>The scenes have no discussion prompts yet.</p>"
    return f'<section id="prompts"><h2>Discussion prompts</h2>{body}</section>'


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    """The paragraph escaped, with the phrases of the disagreement in ``<mark>``."""
    out, at = [], 0
    for start, end in spans:
        out.append(esc(text[at:start]) + f"<mark>{esc(text[start:end])}</mark>")
        at = end
    return "".join(out) + esc(text[at:])


def _html_disagreement(guide: Guide, item: Disagreement) -> str:
    passages = []
    for passage in item.passages:
        kind = f", {_KIND_LABEL[passage.kind]}" if passage.kind in _KIND_LABEL else ""
        cited = ", ".join(guide.scene_label(s) for s in passage.cited_by) or "none yet"
        passages.append(
            f'<blockquote class="passage">{_marked(passage.text, passage.spans)}</blockquote>'
            f'<p class="ref">¶{passage.number}{esc(kind)}. Scenes citing these words: {esc(cited)}.</p>'
        )
    if not passages:
        passages.append("<p>None of these passages is in the source files.</p>")
    discussed = ""
    if item.discussed_in:
        discussed = ("<p>Scenes whose prompts or notes raise it: "
                     + esc(", ".join(guide.scene_label(s) for s in item.discussed_in)) + ".</p>")
    return (f'<article class="disagreement" id="{slug("disagreement " + item.key)}"><h3>{esc(item.title)}</h3>'
            f"<p>{esc(item.explanation)}</p>{''.join(passages)}{discussed}</article>")


def _html_disagreements(guide: Guide) -> str:
    if not guide.disagreements:
        return ""
    return ('<section id="disagreements"><h2>Where the source disagrees with itself</h2>'
            + "".join(_html_disagreement(guide, item) for item in guide.disagreements) + "</section>")


def _html_source_criticism(guide: Guide) -> str:
    if not guide.notes:
        return ""
    parts = ['<section id="where-the-source-is-wrong"><h2>Where the source is wrong</h2>',
             f"<p>{esc(SOURCE_CRITICISM_INTRO)}</p>"]
    for kind, heading, notes in note_groups(guide):
        parts.append(f'<h3 id="notes-{esc(kind)}">{esc(heading)}</h3>')
        parts += [_html_note(note) for note in notes]
    parts.append("</section>")
    return "".join(parts)


def _html_note(note: NoteEntry) -> str:
    if note.number:
        where = (f'<a href="#{esc(note.paragraph_anchor)}">¶{note.number}</a>'
                 + (f" (line {note.line})" if note.line else ""))
    else:
        where = "a passage not found in the file"
    refs = references_line(note.references)
    uses = "".join(f"<li>{esc(_use_line(use))}</li>" for use in note.uses)
    uses_html = (f"<p>Scenes that cite this passage:</p><ul class=\"uses\">{uses}</ul>" if uses
                 else "<p>No scene cites this passage.</p>")
    questions = ""
    if note.questions:
        questions = ('<div class="questions"><p>Questions for the class (guidance for the teacher):</p><ol>'
                     + "".join(f"<li>{esc(q)}</li>" for q in note.questions) + "</ol></div>")
    return (
        f'<article class="noted-passage {esc(note.kind)}" id="{esc(note.anchor)}">'
        f"<h4>{esc(note.title or note.label)}</h4>"
        f'<p class="ref">{esc(note.source_title)}, {where}, as the file has it:</p>'
        f'<blockquote class="passage">{esc(note.passage)}</blockquote>'
        f'<aside class="editors-note {esc(note.kind)}"><p class="note-label">{esc(note_heading(note))}</p>'
        f"<p>{esc(note.text)}</p>" + (f'<p class="note-refs">{esc(refs)}</p>' if refs else "") + "</aside>"
        f"{uses_html}{questions}</article>"
    )


def _html_cast(guide: Guide) -> str:
    rows = "".join(
        f"<tr><td>{esc(m.name)}</td><td>{'fictional' if m.fictional else 'historical'}</td><td>{esc(m.role)}</td></tr>"
        for m in guide.cast
    )
    body = (f"<table><thead><tr><th>Name</th><th>Fictional or historical</th><th>Role</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>") if rows else "<p>The story lists no cast.</p>"
    return f'<section id="cast"><h2>Cast</h2>{body}</section>'


def _html_glossary(guide: Guide) -> str:
    items = "".join(
        f"<dt><strong>{esc(g.term)}</strong></dt><dd>{esc(g.definition)} "
        f'<span class="ref">(used in: {esc(", ".join(guide.scene_label(s) for s in g.scenes))})</span></dd>'
        for g in guide.glossary
    )
    body = f"<dl>{items}</dl>" if items else "<p>No glossary terms are used in the scenes.</p>"
    return f'<section id="glossary"><h2>Glossary</h2>{body}</section>'


def _html_source(guide: Guide, source: SourceText) -> str:
    parts = [f'<h3>{esc(source.title)}</h3><p class="ref">{esc(source.publisher)}, {esc(source.date)}.</p>']
    if source.note:
        parts.append(f'<p class="note">{esc(source.note)}</p>')
    for paragraph in source.paragraphs:
        kind = f' <span class="kind">({esc(_KIND_LABEL[paragraph.kind])})</span>' if paragraph.kind in _KIND_LABEL else ""
        cited = ""
        if paragraph.cited_by:
            cited = '<p class="ref">Cited by: ' + esc(", ".join(guide.scene_label(s) for s in paragraph.cited_by)) + "</p>"
        noted = "".join(
            f'<p class="ref noted-ref">Editors\' note on “<mark class="noted">{esc(note.passage)}</mark>”: '
            f'<a href="#{esc(note.anchor)}">{esc(note.label)}: {esc(note.title)}</a></p>'
            for note in filter(None, map(guide.note, paragraph.notes))
        )
        classes = f"paragraph {esc(paragraph.kind)}" + (" noted" if noted else "")
        parts.append(
            f'<div class="{classes}" id="{esc(source.id)}-p{paragraph.number}">'
            f'<span class="pnum">¶{paragraph.number} · line {paragraph.line}</span>{kind} '
            f'<span class="text">{esc(paragraph.text)}</span>{cited}{noted}</div>'
        )
    return "".join(parts)
