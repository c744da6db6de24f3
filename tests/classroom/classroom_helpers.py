"""Helpers for the classroom tests: the fixture story, a clock the test moves, a scripted
class session, and a strict-enough HTML checker built on the standard library.

A module of its own (not ``conftest``) so test files can import it by a unique name."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

from game.classroom.session import ClassSession
from game.core.loader import load_story
from game.core.model import StoryData

STORY_DIR = Path(__file__).resolve().parent / "fixtures" / "story"
START = datetime(2024, 3, 5, 9, 0, tzinfo=timezone.utc)


class FakeClock:
    """A ``now`` callable that moves only when the test says so: no sleeps, exact seconds."""

    def __init__(self, start: datetime = START):
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


def load_fixture(folder: Path = STORY_DIR) -> StoryData:
    story, diagnostics = load_story(folder)
    assert story is not None, [str(d) for d in diagnostics]
    return story


@dataclass
class Played:
    """The scripted session and what the script knows it did (to check the log against)."""

    session: ClassSession
    clock: FakeClock
    seconds: dict[str, float] = field(default_factory=dict)  # per scene, as the script spent them


def play_scripted(story: StoryData, clock: FakeClock) -> Played:
    """One lesson on the student's path, exercising every classroom action once or more.

    s_room: prompts, source drawer, vote 5:2 -> s_rally (prologue ends, debrief)
    s_rally: prompts, vote tied 4:4, teacher breaks it for 1 -> s_radio; undo;
             teacher chooses 1 directly -> s_radio
    s_radio: prompts, vote 1:6 -> s_curfew (oct23 ends, debrief)
    s_curfew: one passage opened twice, a prompt shown twice, vote tied 3:3, teacher
              picks 2 -> s_window (an ending: fighting ends, whole debrief, epilogue)
    """
    session = ClassSession(story, "student", now=clock)
    played = Played(session, clock)
    # s_room: 300 s
    clock.advance(60)
    session.show_prompts()
    clock.advance(120)
    session.scene_sources_seen()
    session.open_vote()
    for _ in range(5):
        session.add_vote(0, +1)
    for _ in range(3):
        session.add_vote(1, +1)
    session.add_vote(1, -1)
    clock.advance(120)
    session.close_vote()
    played.seconds["s_room"] = 300
    assert session.chapter_end_due == "prologue"
    clock.advance(30)
    session.chapter_ended()
    # s_rally, first time: 30 (debrief) + 400 s
    clock.advance(100)
    session.show_prompts()
    clock.advance(200)
    session.open_vote()
    session.set_votes(0, 4)
    session.set_votes(1, 4)
    clock.advance(100)
    session.close_vote(teacher_tiebreak=0)
    # s_radio briefly (20 s), then the class goes back
    clock.advance(20)
    session.undo()
    # s_rally again: 40 s, the teacher chooses without a vote
    clock.advance(40)
    session.choose_directly(0)
    played.seconds["s_rally"] = 30 + 400 + 40
    # s_radio: 500 s
    clock.advance(200)
    session.show_prompts()
    clock.advance(200)
    session.open_vote()
    session.add_vote(0, -1)  # stays at 0
    session.add_vote(0, +1)
    for _ in range(6):
        session.add_vote(1, +1)
    clock.advance(100)
    session.close_vote()
    played.seconds["s_radio"] = 20 + 500
    assert session.chapter_end_due == "oct23"
    clock.advance(60)
    session.chapter_ended()
    # s_curfew: 60 (debrief) + 240 s
    clock.advance(60)
    casualties = session.scene.cites[1]
    session.source_seen(casualties)
    session.source_seen(casualties)
    prompt = session.scene.discussion[0]
    session.prompt_shown(prompt)
    clock.advance(60)
    session.prompt_shown(prompt)
    session.open_vote()
    session.set_votes(0, 3)
    session.set_votes(1, 3)
    clock.advance(120)
    session.close_vote(teacher_tiebreak=1)
    played.seconds["s_curfew"] = 60 + 240
    # s_window, the ending: 180 s of debriefs
    assert session.is_ending and session.chapter_end_due == "fighting"
    clock.advance(60)
    session.chapter_ended()
    clock.advance(60)
    session.debrief_shown(None)
    clock.advance(60)
    session.epilogue_shown()
    session.finish()
    played.seconds["s_window"] = 180
    return played


# --------------------------------------------------------------------------- HTML checking

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class HtmlCheck(HTMLParser):
    """Tags balanced, no scripts, no external references; collects bibliography passages."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.problems: list[str] = []
        self.tags: list[str] = []
        self.references: list[str] = []
        self.passages: list[tuple[str, int, str]] = []  # (source, paragraph number, text)
        self.text: list[str] = []
        self._passage: tuple[str, int] | None = None
        self._passage_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append(tag)
        for name in ("src", "href", "srcset", "action", "data"):
            if name in values:
                self.references.append(values[name])
        if "style" in values and "url(" in values["style"]:
            self.references.append(values["style"])
        if tag not in VOID:
            self.stack.append((tag, values))
        if tag == "blockquote" and "passage" in values.get("class", "").split() and self._in_section("bibliography"):
            self._passage = (values["data-source"], int(values["data-paragraph"]))
            self._passage_text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()
        if tag == "blockquote" and self._passage is not None:
            self.passages.append((*self._passage, "".join(self._passage_text)))
            self._passage = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._passage is not None:
            self._passage_text.append(data)

    def _in_section(self, section_id: str) -> bool:
        return any(tag == "section" and attrs.get("id") == section_id for tag, attrs in self.stack)

    def close(self) -> None:
        super().close()
        if self.stack:
            self.problems.append("unclosed: " + ", ".join(tag for tag, _ in self.stack))


def check_html(text: str) -> HtmlCheck:
    checker = HtmlCheck()
    checker.feed(text)
    checker.close()
    return checker


# --------------------------------------------------------------------------- a noted error in a record

REPORTED_ERROR = "Some 30,000 people were killed in Budapest alone"
REPORTED_RECORD = "The BBC later wrote that 30,000 died in Budapest alone."


def with_reported_error(folder: Path) -> Path:
    """Give the curfew's "Stay in" a record that cites the passage noted as an error
    (``dead_in_budapest``) as what the BBC reported; the story still passes ``check``."""
    chapter = folder / "fighting.yaml"
    text = chapter.read_text(encoding="utf-8")
    old = "      - text: Stay in\n        goto: s_window\n"
    assert old in text
    chapter.write_text(text.replace(old, old + (
        "        record:\n"
        f"          text: {REPORTED_RECORD}\n"
        "          cites:\n"
        "            - source: bbc\n"
        f"              quote: {REPORTED_ERROR}\n"
        "              as: report\n"
    )), encoding="utf-8")
    return folder


def lesson_to_the_window(story: StoryData, clock: FakeClock) -> ClassSession:
    """The teacher's choices from the rented room to the window (the curfew's "Stay in"),
    the source drawer opened at every scene, every record shown in its chapter's debrief,
    then the whole debrief and the epilogue."""
    session = ClassSession(story, "student", now=clock)
    for index in (0, 0, 0, 1):
        clock.advance(30)
        session.scene_sources_seen()
        session.choose_directly(index)
        while session.chapter_end_due:
            session.chapter_ended()
    session.debrief_shown(None)
    session.epilogue_shown()
    session.finish()
    return session
