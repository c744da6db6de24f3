"""The teacher's guide, generated from the scenes every time it is asked for.

Nothing here is written by hand for one version of the story: synopses come from the
chapters and scene titles, lesson segments from word counts, prompts from ``discussion:``,
the disagreements from searching the SOURCE for the passages that contradict each other,
the glossary from the ``glossary:`` terms the scenes actually use, and the annotated
source from the citations. When authors change the scenes, the next guide changes too.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.dateline import dateline
from ..core.model import Scene, StoryData
from ..core.sources import normalise
from ..core.state import StoryState
from ..core.story import Story
from ..tools.sources_report import sources_report
from .session import EPILOGUE, SessionError
from .render import esc, html_page, md, slug
from .timing import DECISION_MINUTES, LESSON_MINUTES, PROMPT_MINUTES, WORDS_PER_MINUTE, scene_minutes, scene_words



# --------------------------------------------------------------------------- the known disagreements


@dataclass(frozen=True)
class Topic:
    """A place where the source disagrees with itself: what to search for, and how to spot
    a scene that raises it (words in its prompts or citation notes)."""

    key: str
    title: str
    explanation: str
    phrases: tuple[str, ...]
    keywords: tuple[str, ...]


TOPICS: tuple[Topic, ...] = (
    Topic(
        "casualties", "How many died?",
        "The report written during the fighting gives an estimate for the dead; the background notes to the "
        "4 November report give a far larger number for Budapest alone.",
        ("Estimates of the number of dead vary from 2,000 to 5,000", "Some 30,000 people were killed in Budapest alone"),
        ("2,000", "5,000", "30,000", "number of dead", "the dead", "death toll", "how many died", "casualt", "killed"),
    ),
    Topic(
        "party", "One party, two names",
        "The same party is called the Hungarian Communist Party in one place and the Hungarian Workers' Party "
        "in another, sometimes within one report.",
        ("Hungarian Communist Party", "Hungarian Workers’ Party"),
        ("communist party", "workers' party", "two names", "names the party", "party's name", "name of the party"),
    ),
    Topic(
        "reinstated", "Who put Nagy back in power?",
        "One passage says the Central Committee elected Nagy; another that the party met in emergency session "
        "the same night and re-instated him; a third that the Central Committee reinstated him.",
        (
            "the Central Committee elected the popular Imre Nagy as prime minister",
            "met the same night in emergency session and re-instated Imre Nagy as prime minister",
            "the Central Committee of the Communist Party reinstated him as prime minister",
        ),
        ("central committee", "emergency session", "reinstat", "re-instat"),
    ),
    Topic(
        "curfew", "A curfew by day",
        "People were warned against being in the streets between 1100 and 1600 local time: daytime hours for a "
        "curfew, worth questioning with the class; the source does not explain them.",
        ("between 1100 and 1600 local time",),
        ("curfew", "1100", "1600", "daylight", "daytime"),
    ),
    Topic(
        "framing", "What to call it: the framing words",
        "The same events are a revolution, an uprising, a revolt, a rebellion; Kádár's side calls them a "
        "counter-revolution, Moscow radio a reactionary conspiracy; the BBC says Kádár betrayed Nagy.",
        (
            "revolution", "uprising", "revolt", "rebellion", "counter-revolution", "counter-revolutionaries",
            "forces of reactionary conspiracy", "betrayed",
        ),
        ("revolution", "uprising", "revolt", "rebellion", "reactionary", "betray", "framing", "what to call"),
    ),
    Topic(
        "liquidate", "The amnesty and \"liquidate all enemies\"",
        "Nagy's amnesty for rebels who laid down their arms came with an urging to \"liquidate all enemies\" "
        "found with weapons after 2200: the reformer's hardest sentence.",
        ("amnesty to all rebels who lay down their arms by 2200 local time", "liquidate all enemies"),
        ("liquidate", "amnesty", "2200"),
    ),
    Topic(
        "point_blank", "Tanks firing at point-blank range: when, and who says so?",
        "One report attributes tanks firing into the crowds at point blank range to reports received by the "
        "British Foreign Office about the first days; another report's background dates a point-blank "
        "shooting to 25 October in Parliament Square.",
        ("point blank range", "point-blank range"),
        ("point blank", "point-blank", "parliament square", "foreign office"),
    ),
)


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


def _fold(text: str) -> str:
    """Quote marks and dashes folded character by character: the length never changes, so
    a match in the folded text is a span in the file's own text."""
    return "".join(normalise(char) or char for char in text)


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in normalise(phrase).split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])", re.IGNORECASE)


def find_disagreements(story: StoryData) -> list[Disagreement]:
    """Each known disagreement with the passages the source files actually contain, and
    the scenes whose citations quote the disagreeing words themselves (not merely another
    sentence of the same paragraph)."""
    cited = _cited_spans(story)
    found = []
    for topic in TOPICS:
        passages: list[DisagreementPassage] = []
        for source in story.sources.values():
            if source.document is None:
                continue
            for paragraph in source.document.paragraphs:
                hit = _search(paragraph.text, topic.phrases)
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
        found.append(Disagreement(topic.key, topic.title, topic.explanation, passages, _discussing(story, topic)))
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


def _search(text: str, phrases: tuple[str, ...]) -> tuple[list[str], list[tuple[int, int]]] | None:
    folded = _fold(text)
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


def _discussing(story: StoryData, topic: Topic) -> list[str]:
    """Scenes whose discussion prompts or citation notes use one of the topic's words."""
    keywords = [_fold(keyword).lower() for keyword in topic.keywords]
    scenes = []
    for scene in story.scenes.values():
        notes = [c.note for c in scene.cites] + [
            c.note for choice in scene.choices if choice.record for c in choice.record.cites
        ]
        text = _fold(" ".join(scene.discussion + notes)).lower()
        if any(keyword in text for keyword in keywords):
            scenes.append(scene.id)
    return scenes


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
            [SourceParagraph(p["index"], p["line"], p["kind"], p["text"], list(p["cited_by"])) for p in item["paragraphs"]],
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
    path.write_text(text, encoding="utf-8")
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
        "1. [How to read the estimates](#how-to-read-the-estimates)",
        "2. [Points of view](#points-of-view)",
        *[f"   - [{md(p.name)}](#{slug('pov ' + p.id)})" for p in guide.perspectives],
        "3. [Discussion prompts](#discussion-prompts)",
        "4. [Where the source disagrees with itself](#where-the-source-disagrees-with-itself)",
        "5. [Cast](#cast)", "6. [Glossary](#glossary)", "7. [The source, paragraph by paragraph](#the-source)", "",
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
    out += ["## Where the source disagrees with itself", ""]
    for item in guide.disagreements:
        out += _md_disagreement(guide, item)
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
        out += [f"**¶{paragraph.number}** (line {paragraph.line}){kind}: {md(paragraph.text)}", ""]
        if paragraph.cited_by:
            out += ["Cited by: " + ", ".join(md(guide.scene_label(s)) for s in paragraph.cited_by), ""]
    return out


def guide_html(guide: Guide) -> str:
    """The guide as one self-contained, printable HTML page with a table of contents."""
    toc = [
        '<nav><h2 id="contents">Contents</h2><ol>',
        '<li><a href="#estimates">How to read the estimates</a></li>',
        '<li><a href="#points-of-view">Points of view</a><ol>',
        *[f'<li><a href="#{slug("pov " + p.id)}">{esc(p.name)}</a></li>' for p in guide.perspectives],
        '</ol></li><li><a href="#prompts">Discussion prompts</a></li>',
        '<li><a href="#disagreements">Where the source disagrees with itself</a></li>',
        '<li><a href="#cast">Cast</a></li><li><a href="#glossary">Glossary</a></li>',
        '<li><a href="#the-source">The source, paragraph by paragraph</a></li></ol></nav>',
    ]
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
        '<section id="disagreements"><h2>Where the source disagrees with itself</h2>',
        *[_html_disagreement(guide, item) for item in guide.disagreements],
        "</section>",
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
        parts.append(
            f'<div class="paragraph {esc(paragraph.kind)}" id="{esc(source.id)}-p{paragraph.number}">'
            f'<span class="pnum">¶{paragraph.number} · line {paragraph.line}</span>{kind} '
            f'<span class="text">{esc(paragraph.text)}</span>{cited}</div>'
        )
    return "".join(parts)
