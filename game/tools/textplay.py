"""``budapest1956 play --text``: the story in a terminal, for screen readers and scripts.

Plain lines only, no cursor tricks: a screen reader reads it top to bottom, and a script
can pipe numbers into standard input. Commands: a choice number, ``u`` undo, ``s``
sources of this scene, ``j`` journal, ``q`` quit. End of input quits cleanly.

A cited passage the editors have noted is followed by its note, introduced as the
editors' note so that a listener never takes it for the BBC's words; a citation the
scene gives as what the BBC reported says so.
"""

from __future__ import annotations

import textwrap
from typing import Callable, TextIO

from ..core.dateline import dateline
from ..core.journal import journal
from ..core.model import Citation, StoryData
from ..core.notewords import note_line, publisher_name
from ..core.story import Story

HELP = "Type a number to choose; u = undo, s = sources, j = journal, q = quit."


class TextPlayer:
    def __init__(self, story: Story, read: Callable[[], str | None], out: TextIO, width: int = 76):
        self.story = story
        self.read = read
        self.out = out
        self.width = width

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def wrap(self, text: str, indent: str = "") -> None:
        self.say(textwrap.fill(text, self.width, initial_indent=indent, subsequent_indent=indent))

    def show_scene(self) -> None:
        scene = self.story.scene
        data = self.story.data
        chapter = data.chapters.get(scene.chapter)
        self.say()
        self.say("=" * min(self.width, 60))
        if chapter:
            self.say(chapter.title.upper())
        self.say(dateline(scene))
        self.say(scene.title)
        self.say("-" * min(self.width, 60))
        if scene.content_note:
            self.wrap(f"Content note: {scene.content_note}")
            self.say()
        for paragraph in self.story.reply:  # the answer to the choice that led here
            self.wrap(paragraph, "  ")
            self.say()
        for paragraph in self.story.text:
            self.wrap(paragraph)
            self.say()
        if self.story.is_ending and scene.cites:  # no prompt follows an ending: show them now
            self.say("Sources:")
            self.show_sources(scene.cites)
            return
        markers = " ".join(f"[{n}]" for n in range(1, len(scene.cites) + 1))
        self.say(f"Sources: {markers} (type s to read them)")

    def show_sources(self, citations: list[Citation]) -> None:
        for number, citation in enumerate(citations, start=1):
            source = self.story.data.sources.get(citation.source)
            title = f"{source.title}, {source.publisher}" if source else citation.source
            paragraph = f", paragraph {citation.paragraph + 1}" if citation.paragraph is not None else ""
            self.wrap(f"[{number}] {title}{paragraph}{self.stance(citation)}:")
            self.show_passage(citation)
            if citation.note:
                self.wrap(f"Note: {citation.note}", "    ")

    def stance(self, citation: Citation) -> str:
        """" (as the BBC reported)" for a citation the scene gives as a report, else ""."""
        if not citation.as_report:
            return ""
        source = self.story.data.sources.get(citation.source)
        return f" (as {publisher_name(source.publisher if source else '')} reported)"

    def show_passage(self, citation: Citation, indent: str = "    ", with_stance: bool = False) -> None:
        """The quoted words (with the stance, where no heading above gave it), then each
        editors' note on them."""
        stance = self.stance(citation) if with_stance else ""
        self.wrap(f"“{citation.quote.strip()}”{stance}", indent)
        for note in self.story.data.notes_on(citation):
            self.wrap(note_line(note), indent)

    def show_choices(self) -> None:
        self.say()
        for view in self.story.choices:
            if view.open:
                self.wrap(f"{view.number}. {view.text}")
            else:
                reason = f" — {view.reason}" if view.reason else ""
                self.wrap(f"{view.number}. (closed) {view.text}{reason}")

    def show_journal(self) -> None:
        """Each scene of the path with the choice made there and the reply it got, as the
        player read it (the reply comes from the playthrough, not the scene as written)."""
        self.say("Journal:")
        for entry in journal(self.story):
            if entry.choice is None:
                self.wrap(f"{entry.scene.title}: now", "  ")
                continue
            self.wrap(f"{entry.scene.title}: you chose “{entry.choice.text}”", "  ")
            for paragraph in entry.answer:
                self.wrap(paragraph, "    ")

    def show_ending(self) -> None:
        scene = self.story.scene
        data: StoryData = self.story.data
        ending = scene.ending
        assert ending is not None
        self.say()
        self.say(f"*** {ending.title} ***")
        for paragraph in self.story.epilogue:
            self.wrap(paragraph)
            self.say()
        records = [entry for entry in journal(self.story) if entry.choice and entry.choice.record]
        if records:
            self.say("Your path and the record:")
            for entry in records:
                choice, record = entry.choice, entry.choice.record if entry.choice else None
                assert choice is not None and record is not None
                self.wrap(f"You chose: {choice.text}", "  ")
                if entry.answer:  # what came of it in the player's story
                    self.wrap(" ".join(entry.answer), "    ")
                self.wrap(f"The record: {record.text}", "  ")
                for citation in record.cites:
                    self.show_passage(citation, with_stance=True)
            self.say()
        if data.epilogue:
            self.say(data.epilogue.title)
            for paragraph in data.epilogue.text:
                self.wrap(paragraph)
                self.say()
        if scene.discussion:
            self.say("To discuss:")
            for prompt in scene.discussion:
                self.wrap(f"- {prompt}", "  ")
        self.say("THE END")

    def run(self) -> int:
        self.say(f"{self.story.data.title}")
        perspective = self.story.perspective
        if perspective:
            fiction = " (a fictional character)" if perspective.fictional else ""
            role = f", {perspective.role}" if perspective.role else ""
            self.wrap(f"You are {perspective.name}{role}{fiction}.")
        self.say(HELP)
        shown: tuple[int, str] | None = None
        while True:
            position = (len(self.story.history), self.story.scene.id)  # a loop back re-shows
            if shown != position:
                self.show_scene()
                shown = position
                if self.story.is_ending:
                    self.show_ending()
                    return 0
                self.show_choices()
            self.out.write("> ")
            self.out.flush()
            line = self.read()
            if line is None:
                self.say()
                return 0
            command = line.strip().lower()
            if command in ("q", "quit"):
                return 0
            if command in ("s", "sources"):
                self.show_sources(self.story.scene.cites)
            elif command in ("u", "undo"):
                if self.story.can_undo:
                    self.story.undo()
                else:
                    self.say("Nothing to undo: this is the first scene.")
            elif command in ("j", "journal"):
                self.show_journal()
            elif command.isdigit():
                number = int(command)
                views = self.story.choices
                if not 1 <= number <= len(views):
                    self.say(f"There is no choice {number}. {HELP}")
                elif not views[number - 1].open:
                    self.say("That choice is closed." + (f" {views[number - 1].reason}" if views[number - 1].reason else ""))
                else:
                    self.story.choose(number - 1)
            elif command:
                self.say(HELP)
