"""``budapest1956 play --text``: the story in a terminal, for screen-reader users and scripts.

Plain lines only, read top to bottom: no cursor tricks, no decorative rules (a speech
synthesiser reads a row of ``=`` as "equals equals equals"), headings as lines of their
own, and no hard line breaks unless asked for (``--width``), so a braille display or a
screen reader flows the text itself. The commands are said once at the start and again
on ``h``, never on every prompt, which a listener would hear each time.

The player's place is kept in the same saves as the desktop game's
(:class:`game.core.savestore.SaveStore`): an autosave per point of view after every
choice and on quitting, slots 1-9 shared with the desktop's Save and Load.

A cited passage the editors have noted is followed by its note, introduced as the
editors' note so that a listener never takes it for the BBC's words; a citation the
scene gives as what the BBC reported says so.
"""

from __future__ import annotations

import re
import textwrap
from typing import Callable, TextIO

from ..core.dateline import dateline
from ..core.decisions import path_decisions
from ..core.diagnostics import SaveError
from ..core.journal import journal
from ..core.model import Citation, StoryData
from ..core.notewords import note_line, publisher_name
from ..core.savestore import SaveStore
from ..core.story import Story
from ..core.terminal import printable

HELP_LINES = (
    "Type the number of a choice and press Enter. Other commands:",
    "s: the sources of this scene, with the editors' notes.",
    "r: the record of the choice you just made.",
    "j: the journal of your path so far.",
    "u: undo your last choice.",
    "save 1 to save 9: save in that slot (the desktop game's slots).",
    "load 1 to load 9: load that slot.",
    "q: quit. Your place is saved; start again to continue.",
    "h: these commands again.",
)
PROMPT = "Your choice: "
_SLOT_COMMAND = re.compile(r"^(save|load)\s*(\S*)$")

class TextPlayer:
    """One playthrough read aloud, line by line. ``width`` 0 writes each paragraph as one
    line (the screen reader or the terminal flows it); ``saves`` None plays without saving
    (a tool's own use: the command line always gives the player's saves)."""

    def __init__(self, story: Story, read: Callable[[], str | None], out: TextIO, width: int = 0,
                 saves: SaveStore | None = None):
        self.story = story
        self.read = read
        self.out = out
        self.width = width
        self.saves = saves
        self._chapter: str | None = None  # the chapter heading last said, said again only when it changes

    # ------------------------------------------------------------------ writing
    def say(self, text: str = "") -> None:
        self.out.write(printable(text) + "\n")

    def wrap(self, text: str, indent: str = "") -> None:
        if self.width <= 0:
            self.say(indent + text)
        else:
            self.say(textwrap.fill(text, max(self.width, len(indent) + 20), initial_indent=indent,
                                   subsequent_indent=indent))

    def ask(self, prompt: str) -> str | None:
        """A line typed after ``prompt``; None at the end of input."""
        self.out.write(printable(prompt))
        self.out.flush()
        line = self.read()
        return None if line is None else line.strip()

    def help(self) -> None:
        for line in HELP_LINES:
            self.wrap(line)

    # ------------------------------------------------------------------ the scene
    def show_scene(self) -> None:
        scene = self.story.scene
        data = self.story.data
        chapter = data.chapters.get(scene.chapter)
        self.say()
        if chapter and chapter.id != self._chapter:
            self.wrap(f"Chapter: {chapter.title}")
            self._chapter = chapter.id
        self.wrap(dateline(scene))
        self.wrap(scene.title)
        self.say()
        if scene.content_note:
            self.wrap(f"Content note: {scene.content_note}")
            self.say()
        for paragraph in self.story.reply:  # the answer to the choice that led here
            self.wrap(paragraph, "  ")
            self.say()
        record = self.story.record_here
        if record is not None:  # as the desktop game shows it above the scene
            self.wrap(f"On the record: {record.text} (type r to read the passage)")
            self.say()
        for paragraph in self.story.text:
            self.wrap(paragraph)
            self.say()
        if self.story.is_ending and scene.cites:  # no prompt follows an ending: show them now
            self.say("Sources:")
            self.show_sources(scene.cites)
            return
        if scene.cites:
            markers = " ".join(f"[{n}]" for n in range(1, len(scene.cites) + 1))
            self.wrap(f"Sources: {markers} (type s to read them)")

    def show_record(self) -> None:
        record = self.story.record_here
        if record is None:
            self.say("No record yet: make a choice first." if not self.story.history else
                     "No record on this scene: r shows one after a choice that meets the record.")
            return
        self.say("The record:")
        self.wrap(record.text, "  ")
        for citation in record.cites:
            self.show_passage(citation, with_stance=True)

    def show_sources(self, citations: list[Citation]) -> None:
        if not citations:
            self.say("This scene cites no sources.")
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
        self.say("Choices:")
        for view in self.story.choices:
            if view.open:
                self.wrap(f"{view.number}. {view.text}")
            else:
                reason = f" ({view.reason})" if view.reason else ""
                self.wrap(f"{view.number}. Closed: {view.text}{reason}")

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
        self.wrap(f"Ending: {ending.title}")
        self.say()
        for paragraph in self.story.epilogue:
            self.wrap(paragraph)
            self.say()
        records = path_decisions(self.story)
        if records:
            self.say("Your path and the record:")
            for entry in records:
                choice = entry.choice
                assert choice is not None
                self.wrap(f"{entry.scene.title} ({dateline(entry.scene)})", "  ")
                self.wrap(f"You chose: {choice.text}", "  ")
                if entry.answer:  # what came of it in the player's story
                    self.wrap(" ".join(entry.answer), "    ")
                record = choice.record
                if record is None:  # a decision of the player's own story, with no record beside it
                    continue
                self.wrap(f"The record: {record.text}", "  ")
                for citation in record.cites:
                    self.show_passage(citation, with_stance=True)
            self.say()
        if data.epilogue:
            self.wrap(data.epilogue.title)
            for paragraph in data.epilogue.text:
                self.wrap(paragraph)
                self.say()
        if scene.discussion:
            self.say("To discuss:")
            for number, prompt in enumerate(scene.discussion, start=1):
                self.wrap(f"{number}. {prompt}", "  ")
        self.say("The end.")

    # ------------------------------------------------------------------ saving
    def autosave(self) -> None:
        if self.saves is None:
            return
        try:
            self.saves.autosave(self.story)
        except OSError as error:
            self.say(f"Autosave failed: {error.strerror or error}")
        except SaveError as error:  # a value the save API refuses: playing goes on
            self.say(f"Autosave failed: {error}")

    def slot_command(self, verb: str, argument: str) -> bool:
        """``save N`` / ``load N``; True when a loaded save replaced the story."""
        if self.saves is None:
            self.say("Saving is not available here.")
            return False
        if not (argument.isdigit() and len(argument) == 1 and argument != "0"):
            self.say(f"Slots are numbered 1 to 9: type {verb} 1 to {verb} 9.")
            return False
        number = int(argument)
        info = self.saves.slot(number)
        if verb == "load":
            if not info.exists:
                self.say(f"Slot {number} is empty.")
                return False
            try:
                self.story = self.saves.load(info)
            except SaveError as error:
                self.say(f"Slot {number} cannot be loaded: {error}")
                return False
            self.say(f"Loaded slot {number}.")
            self._chapter = None
            self.autosave()
            return True
        if info.exists:
            what = f"“{info.label}”, {info.place}" if info.usable else "a damaged save"
            answer = self.ask(f"Slot {number} holds {what}. Save over it? [y/N] ")
            if not answer or answer.lower() not in ("y", "yes"):
                self.say(f"Slot {number} kept as it was.")
                return False
        try:
            self.saves.write_slot(number, self.story, self.story.scene.title)
        except OSError as error:
            self.say(f"Could not save: {error.strerror or error}")
            return False
        except SaveError as error:
            self.say(f"Could not save: {error}")
            return False
        self.say(f"Saved in slot {number}.")
        return False

    # ------------------------------------------------------------------ playing
    def run(self) -> int:
        """Play until the end, ``q`` or the end of input; Ctrl+C also keeps the place."""
        try:
            return self._play()
        except KeyboardInterrupt:
            self.autosave()
            self.say()
            self.say("Your place is saved.")
            return 130

    def _play(self) -> int:
        shown: tuple[int, str] | None = None
        while True:
            position = (len(self.story.history), self.story.scene.id)  # a loop back re-shows
            if shown != position:
                self.show_scene()
                shown = position
                if self.story.is_ending:
                    self.show_ending()
                    self.autosave()
                    return 0
                self.show_choices()
            line = self.ask(PROMPT)
            if line is None:
                self.autosave()
                self.say()
                self.say("Your place is saved.")
                return 0
            command = line.lower()
            slot = _SLOT_COMMAND.match(command)
            if command in ("q", "quit"):
                self.autosave()
                self.say("Your place is saved.")
                return 0
            if command in ("h", "help", "?"):
                self.help()
            elif command in ("s", "sources"):
                self.show_sources(self.story.scene.cites)
            elif command in ("r", "record"):
                self.show_record()
            elif command in ("u", "undo"):
                if self.story.can_undo:
                    self.story.undo()
                    self.autosave()
                else:
                    self.say("Nothing to undo: this is the first scene.")
            elif command in ("j", "journal"):
                self.show_journal()
            elif slot:
                if self.slot_command(slot.group(1), slot.group(2)):
                    shown = None
            elif command.isdigit():
                number = int(command)
                views = self.story.choices
                if not 1 <= number <= len(views):
                    self.say(f"There is no choice {number}. Type h for the commands.")
                elif not views[number - 1].open:
                    reason = views[number - 1].reason
                    self.say("That choice is closed." + (f" {reason}" if reason else ""))
                else:
                    self.story.choose(number - 1)
                    self.autosave()
            elif command:
                self.say(f"{line} is not a command. Type h for the commands.")
