"""Classroom mode on screen: a projector layout, votes the teacher tallies, pauses for
discussion, and debriefs that set the class's path beside the record.

These screens draw what :class:`~game.classroom.session.ClassSession` keeps and forward
the teacher's keys to it, so everything shown is also in the session's log and export.
Keys: V vote · 1–9 (in a vote) a hand more, Shift+1–9 a hand less · Enter close the vote ·
D discuss · S sources · E export · Backspace undo · Esc menu.

The lesson is its own save: the session writes its lesson file (:mod:`.lessons`) after
every change, never the solo autosave, so Continue on the title screen never walks into
a class's path, and the setup screen offers the unfinished lessons to resume.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pygame

from ..core.diagnostics import StoryError
from ..paths import story_key
from ..ui.fitting import band_top, block_height, keep_in_view, leading, sizes_down
from ..ui.text import wrap_without_orphan
from ..ui.screens.base import MenuScreen, Screen, ScrollArea, draw_footer, draw_heading, font_to_fit
from ..ui.screens.story import StoryScreen
from ..ui.text import draw_lines, wrap
from ..ui.vote_layout import CHOOSE, NOT_TIED, VoteFonts, VoteLayout, VoteRow, arrange
from ..ui.widgets import Item, Menu, key_event, shifted
from .apparatus import NOTES_NOT_RECORDED, NoteLog, note_heading, references_line, stance_words
from .exports import cast_words, export_session
from .lessons import Lesson, LessonInfo, LessonStore, file_part
from .room_screens import devices_line, start_devices
from .session import CitationLog, ClassSession, SessionError, clean_class_name

TIMERS = (0, 60, 120, 180, 300)
#: how long a simulated teacher (autoplay) waits for the class's devices to vote
DEVICE_WAIT_SECONDS = 30.0
#: while a scene is on screen the lesson's sitting is carried on to now this often, so a
#: lesson closed without a last key press still counts the minutes on its last scene
HEARTBEAT_SECONDS = 60.0


def lesson_store(app: Any) -> LessonStore | None:
    """The story's lessons folder (each story pack its own), or None without a story."""
    data = getattr(app, "story_data", None)
    return LessonStore(app.folders.lessons(story_key(data.id, data.root)), data) if data is not None else None


def lesson_write_failed(app: Any) -> Any:
    """What the lesson does when its file cannot be written: say so, once in a row."""

    def failed(error: OSError) -> None:
        app.toast(f"The lesson could not be written to disk: {error.strerror or error}. "
                  "It goes on; the next change tries again.", 8, kind="error")

    return failed


def fade_cut_edges(surface: pygame.Surface, view: pygame.Rect, scroll: ScrollArea, colour: Any, depth: int) -> None:
    """Fade a scrolled list into the background where it is cut off, so a half-shown
    line reads as "more this way", not as a drawing fault."""
    for top, more in ((True, scroll.offset > 0), (False, scroll.offset < scroll.max_offset)):
        if not more:
            continue
        veil = pygame.Surface((view.width, depth), pygame.SRCALPHA)
        for row in range(depth):
            strength = (depth - row) / depth if top else (row + 1) / depth
            veil.fill((*colour[:3], round(255 * strength)), pygame.Rect(0, row, view.width, 1))
        surface.blit(veil, (view.x, view.y if top else view.bottom - depth))


def end_classroom(app: Any) -> None:
    """The class leaves: projector type off, no lesson in play (the file stays on disk),
    and no class's path left where the solo autosave would pick it up."""
    if app.story is not None and app.classroom is not None and app.story is app.classroom.story:
        app.story = None
    app.stop_devices()
    app.classroom = None
    app.classroom_lesson = None
    app.projector = False
    app.cache.clear()


def export_now(app: Any) -> Path | None:
    """Write the session's Markdown, HTML and CSV; say where, or why not. Without a
    folder named on the command line, a lesson's exports go to a folder of its own,
    named like its file (date, class), and the latest export replaces the earlier."""
    session: ClassSession | None = getattr(app, "classroom", None)
    if session is None:
        return None
    folder = getattr(app.options, "export", None)
    if folder is None:
        lesson: Lesson | None = getattr(app, "classroom_lesson", None)
        if lesson is not None:
            folder = app.folders.exports() / lesson.stem
        else:
            name = file_part(session.class_name)
            folder = app.folders.exports() / (f"session-{datetime.now():%Y%m%d-%H%M%S}" + (f"-{name}" if name else ""))
    folder = Path(folder)
    if app.autoplay > 1:  # several simulated lessons: one folder each, like run_autoplay
        folder = folder / f"session-{app.games_finished + 1:02d}"
    try:
        export_session(session, folder)
    except OSError as error:
        app.toast(f"Export failed: {error.strerror or error}", kind="error")
        if app.autoplay:  # unattended: the debrief would press E again forever
            print(f"error: cannot export to {folder}: {error.strerror or error}", file=sys.stderr)
            app.exit_code = 1
            app.running = False
        return None
    app.toast(f"Exported to {folder}", 6)
    return folder


class ClassroomSetupScreen(MenuScreen):
    """Resume an unfinished lesson, or start one: the point of view, the class's name
    (optional, for the teacher's own files) and a vote timer.

    Three views of one screen, so each fits a projector's large type: with unfinished
    lessons on disk it opens on ``home`` (go on with the newest, the others, or a new
    lesson); ``lessons`` lists every unfinished lesson newest first, and the files that
    cannot be resumed with their reason (they cannot be chosen, and stop nothing);
    ``new`` chooses the point of view. Without lessons it opens on ``new``."""

    name = "classroom_setup"

    def __init__(self, app: Any):
        super().__init__(app)
        app.projector = True
        app.cache.clear()
        self.timer_index = TIMERS.index(getattr(app.options, "timer", 0) or 0) if (
            getattr(app.options, "timer", 0) or 0) in TIMERS else 0
        self.class_name = ""
        #: the class votes from its own devices (D, or ``classroom --devices``)
        self.devices_on = bool(getattr(app.options, "devices", False))
        self.store = lesson_store(app)
        if self.store is not None:
            self.store.clean_temporary()
        self.lessons: list[LessonInfo] = []
        self.view = "home"
        self.refresh()

    # ------------------------------------------------------------------ the views
    @property
    def resumable(self) -> list[LessonInfo]:
        return [info for info in self.lessons if info.usable]

    def refresh(self, view: str | None = None, focus: int | None = None) -> None:
        """Read the lessons folder again and build the menu of a view (``home`` falls
        through to ``new`` when there is no lesson to go on with, ``lessons`` to ``home``
        when the last one was put away); ``focus``: the row the eye is on."""
        self.lessons = self.store.unfinished() if self.store is not None else []
        view = view or self.view
        if view == "lessons" and not self.lessons:
            view = "home"
        if view == "home" and not self.lessons:
            view = "new"
        self.view = view
        items = {"home": self.home_items, "lessons": self.lesson_items, "new": self.new_items}[view]()
        self.menu = Menu(self.app, items, numbered=True, size=24)
        if focus is not None:
            self.menu.focus_near(focus)
        self.menu_scroll = ScrollArea()
        if hasattr(self, "x"):
            self.layout(self.app.window.get_size())

    def show(self, view: str) -> None:
        self.refresh(view)
        self.app.invalidate()

    def lesson_item(self, info: LessonInfo) -> Item:
        return Item(info.description(), (lambda: self.resume(info)), enabled=info.usable, detail=info.detail(),
                    remove=lambda: self.ask_put_away(info))

    def home_items(self) -> list[Item]:
        items = []
        newest = self.resumable[:1]
        if newest:
            info = newest[0]
            words = info.description()
            words = words if info.class_name else "the " + words[:1].lower() + words[1:]
            items.append(Item(f"Go on with {words}", (lambda: self.resume(info)), detail=info.detail(),
                              remove=lambda: self.ask_put_away(info)))
        if len(self.lessons) > len(newest):
            damaged = len(self.lessons) - len(self.resumable)
            detail = "Newest first" + (f"; {damaged} file{'s' * (damaged != 1)} that cannot be resumed, and why"
                                      if damaged else "") + "."
            items.append(Item(f"All unfinished lessons ({len(self.lessons)})…", lambda: self.show("lessons"),
                              detail=detail, key=pygame.K_l))
        items.append(Item("Start a new lesson…", lambda: self.show("new"), key=pygame.K_n))
        return items

    def lesson_items(self) -> list[Item]:
        return [self.lesson_item(info) for info in self.lessons]

    def new_items(self) -> list[Item]:
        data = self.app.story_data
        perspectives = list(data.perspectives.values()) if data is not None else []
        self.start_count = len(perspectives)
        # said once above the list when true of all: four repeats would push the list off a projector
        self.all_fictional = bool(perspectives) and all(p.fictional for p in perspectives)
        items = [
            Item(f"{p.name}, {p.role}" if p.role else p.name, (lambda pid=p.id: self.start(pid)),
                 detail="A fictional character." if p.fictional and not self.all_fictional else "")
            for p in perspectives
        ]
        label = f"Class: {self.class_name} (C to change)" if self.class_name else "Name the class (optional)"
        items.append(Item(label, self.ask_class_name, key=pygame.K_c))
        return items

    def ask_class_name(self) -> None:
        def named(text: str) -> None:
            self.class_name = clean_class_name(text)
            self.refresh("new")
            self.menu.focus = 0  # named: now the point of view

        self.app.push("text_input", "The class's name (no student data)", self.class_name, named)

    # ------------------------------------------------------------------ putting away
    def ask_put_away(self, info: LessonInfo) -> None:
        """Delete (or Backspace) on a lesson: ask, saying where it goes and that nothing
        is lost, then move it to the archive folder."""
        if self.store is None:
            return
        app = self.app
        what = f"“{info.description()}”" if info.usable else f"The damaged file {info.name}"
        exports = app.folders.exports() / info.path.stem
        kept = f" in {exports}" if exports.is_dir() else ""
        app.push("message", "Put this lesson away?",
                 f"{what} moves to {self.store.archive_folder} and is no longer listed here. Nothing is "
                 f"deleted: the file keeps the lesson's record, and exports already made are kept{kept}.",
                 [Item("Put it away", lambda: self.put_away(info), key=pygame.K_RETURN),
                  Item("Keep it in the list", app.pop, key=pygame.K_ESCAPE)])

    def put_away(self, info: LessonInfo) -> None:
        app = self.app
        app.pop()  # the question
        row = self.menu.focus
        try:
            target = self.store.archive(info)
        except OSError as error:
            app.toast(f"The lesson could not be put away: {error.strerror or error}", 8, kind="error")
        else:
            if target.exists():
                app.toast(f"Put away in the archive folder, as {target.name}.", 6)
            else:
                app.toast("That lesson file was no longer there; the list is read again.", 5, kind="warning")
        self.refresh(focus=row)
        app.invalidate()

    # ------------------------------------------------------------------ starting
    def start(self, perspective: str) -> None:
        if self.store is None:
            return
        try:
            session, lesson = self.store.new(perspective, self.class_name, on_error=lesson_write_failed(self.app))
        except StoryError as error:
            self.app.toast(str(error), kind="error")
            return
        self.begin(session, lesson)

    def resume(self, info: LessonInfo) -> None:
        if self.store is None:
            return
        try:
            session, lesson = self.store.resume(info, on_error=lesson_write_failed(self.app))
        except StoryError as error:
            self.refresh()
            self.app.push("message", "This lesson cannot be resumed", str(error))
            return
        self.begin(session, lesson)
        app = self.app
        story_screen = app.top
        app.toast(f"Resumed: sitting {len(session.log.sittings)} of this lesson.", 4)
        if session.chapter_end_due:  # the game closed before the chapter's debrief
            app.push("debrief", session.chapter_end_due)
        elif session.vote is not None:  # the vote that was open goes on with its hands
            app.push("vote", story_screen)

    def begin(self, session: ClassSession, lesson: Lesson) -> None:
        """Into the lesson; with devices on (or a resumed lesson that had them: the same
        room, code and devices) the room opens and, for a new room, is put up to join."""
        app = self.app
        app.classroom = session
        app.classroom_lesson = lesson
        app.classroom_timer = TIMERS[self.timer_index]
        app.story = session.story
        had_room = session.log.room is not None
        app.reset_to_story("classroom_story")
        if (self.devices_on or had_room) and start_devices(app, session):
            app.top.layout(app.window.get_size())  # the top bar's room button
            if not had_room:
                app.push("room")

    def back(self) -> None:
        if self.view != "home" and self.lessons:
            self.show("home")
            return
        self.app.projector = False
        self.app.cache.clear()
        self.app.pop()

    # ------------------------------------------------------------------ layout
    @property
    def heading(self) -> str:
        return {"home": "Classroom", "lessons": "Classroom: unfinished lessons",
                "new": "Classroom: whose October will the class play?"}[self.view]

    def layout(self, size: tuple[int, int]) -> None:
        Screen.layout(self, size)
        app = self.app
        width = min(app.px(1060), size[0] - app.px(100))
        self.x = (size[0] - width) // 2
        top, bottom = app.px(150), size[1] - app.px(46)
        for pad in (10, 7, 4):  # roomy when there is room, tighter before anything scrolls
            self.menu.pad = pad
            if self.menu.layout(self.x, top, width) - app.px(pad * 0.6) <= bottom:
                break
        self.place_menu(self.x, top, width, bottom)
        # scroll only as far as the last row really reaches (place_menu counts a gap
        # after it): a row wholly in view is neither faded nor given a scroll bar
        if self.menu.items and self.menu_view is not None:
            self.menu_scroll.content_height = self.menu.items[-1].rect.bottom - self.menu_view.top
            self.menu_scroll.clamp()
            self.ensure_focus_visible()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_t:
            self.timer_index = (self.timer_index + 1) % len(TIMERS)
            self.app.invalidate()
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_d:
            self.devices_on = not self.devices_on
            self.app.invalidate()
            return
        super().handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        surface.fill(app.theme.background)
        draw_heading(app, surface, self.heading, self.x, app.px(40), 40)
        words = self.info_line()
        note = font_to_fit(app, "body", words, surface.get_width() - self.x - app.px(16), 20.0, 13)
        surface.blit(app.cache.render(note, words, app.theme.muted), (self.x, app.px(102)))
        self.draw_menu(surface)
        if self.menu_view is not None:
            fade_cut_edges(surface, self.menu_view, self.menu_scroll, app.theme.background, app.px(34))
        draw_footer(app, surface, self.footer())

    def info_line(self) -> str:
        timer = TIMERS[self.timer_index]
        words = f"Vote timer: {'off' if not timer else f'{timer // 60} min'} (T)"
        words += " · Devices: on, phones and laptops vote (D)" if self.devices_on else \
            " · Devices: off, hands are counted (D)"
        if self.view == "new":
            return words + (" · all four are fictional characters" if self.all_fictional and self.start_count == 4
                            else " · all are fictional characters" if self.all_fictional else "")
        return words

    def footer(self) -> str:
        count = min(9, len(self.menu.items))
        keys = f"1–{count}" if count > 1 else "1"
        back = "Esc back"
        if self.view == "home":
            parts = [f"{keys} choose", "N new lesson"] + (["L all lessons"] if len(self.lessons) > 1 or (
                self.lessons and not self.resumable) else [])
        elif self.view == "lessons":
            parts = [f"{keys} resume", "↑↓ more"] if len(self.menu.items) > 1 else [f"{keys} resume"]
        else:
            parts = [f"1–{min(9, self.start_count)} start", "C name the class"]
        if self.menu.focused_removable is not None:
            parts.append("Del put away")
        return " · ".join(parts + ["T vote timer", "D devices", back])

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        """A simulated teacher starts a new lesson (never resumes one: runs stay reproducible)."""
        if self.view != "new":
            return [key_event(pygame.K_n)] if self.view == "home" else [key_event(pygame.K_ESCAPE)]
        return [key_event(pygame.K_1 + i) for i in range(min(9, self.start_count))]

    def screenshot_name(self) -> str:
        return f"classroom_setup_{self.view}"


class ClassroomStoryScreen(StoryScreen):
    """The story screen in projector type, with the teacher's keys."""

    name = "classroom_story"

    @property
    def session(self) -> ClassSession:
        return self.app.classroom

    def begin_scene(self) -> None:
        super().begin_scene()
        self.app.classroom.show_scene()
        self.discussed = False
        self.heartbeat_at = time.monotonic()

    def update(self) -> bool:
        changed = super().update()
        if time.monotonic() - getattr(self, "heartbeat_at", 0.0) >= HEARTBEAT_SECONDS:
            self.heartbeat_at = time.monotonic()
            self.session.touch()
        return changed

    def top_bar_actions(self) -> list[tuple[str, Any]]:
        devices = getattr(self.app, "devices", None)
        room = [(f"Room {devices.code}  Q", self.open_room)] if devices is not None else [("Devices  Q", self.open_room)]
        return [("Vote  V", self.open_vote), ("Discuss  D", self.open_discussion),
                ("Sources  S", self.open_drawer), *room, ("Export  E", lambda: export_now(self.app)),
                ("Menu  Esc", self.open_menu)]

    def open_room(self) -> None:
        """Q: the room for the class to join; devices are turned on first if they were off."""
        app = self.app
        if getattr(app, "devices", None) is None:
            if not start_devices(app, self.session):
                return
            self.layout(app.window.get_size())
        app.push("room")

    def choose(self, index: int) -> None:
        """A number key on the story screen: the teacher chooses without a vote."""
        self.after_decision(lambda: self.session.choose_directly(index))

    def after_decision(self, decide: Any) -> None:
        try:
            decide()
        except SessionError as error:
            self.app.toast(str(error), kind="warning")
            return
        self.app.dismiss_toast()  # the story moved on: no message about the last scene
        # no autosave: the session has written its lesson file already
        self.begin_scene()
        self.app.invalidate()
        chapter = self.session.chapter_end_due
        if chapter:
            self.app.push("debrief", chapter)

    def undo(self) -> None:
        if not self.story.can_undo:
            self.app.toast("This is the first scene: nothing to undo.", kind="warning")
            return
        self.session.undo()
        self.begin_scene()
        self.app.toast("Stepped back one choice.", 2)

    def open_vote(self) -> None:
        if self.story.is_ending:
            self.open_ending()
            return
        if self.story.scene.pause and self.story.scene.discussion and not self.discussed:
            self.open_discussion(then_vote=True)
            return
        self.app.push("vote", self)

    def open_discussion(self, then_vote: bool = False) -> None:
        self.discussed = True
        self.app.push("discussion", self, then_vote)

    def open_drawer(self, index: int = 0) -> None:
        for citation in self.story.scene.cites:
            try:
                self.session.source_seen(citation)
            except SessionError:
                continue
        super().open_drawer(index)

    def open_record(self) -> None:
        record = self.story.record_here
        if record is not None:
            for citation in record.cites:
                try:
                    self.session.source_seen(citation)
                except SessionError:
                    continue
        super().open_record()

    def open_menu(self) -> None:
        self.app.push("classroom_menu")

    def keep_lesson(self) -> None:
        """F2 (Save in solo play): a lesson is kept as it goes; write it now and say where."""
        lesson: Lesson | None = getattr(self.app, "classroom_lesson", None)
        if lesson is None:
            self.app.toast("This lesson is not kept on disk.", kind="warning")
        elif lesson.write(self.session):
            self.app.toast(f"The lesson is kept as it goes, in {lesson.path.name}.", 4)

    def open_ending(self) -> None:
        self.app.push("debrief", None)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and not self.revealing():
            if event.key == pygame.K_v:
                self.open_vote()
                return
            if event.key == pygame.K_d:
                self.open_discussion()
                return
            if event.key == pygame.K_e:
                export_now(self.app)
                return
            if event.key == pygame.K_q:
                self.open_room()
                return
            if event.key == pygame.K_F2 or (event.key == pygame.K_s and event.mod & pygame.KMOD_CTRL):
                self.keep_lesson()  # never the solo save screen: a class's path is no solo game
                return
        super().handle(event)

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        if self.story.is_ending:
            return [key_event(pygame.K_RETURN)]
        roll = rng.random()
        if roll < 0.1:
            return [key_event(pygame.K_s)]
        if roll < 0.15:
            return [key_event(pygame.K_d)]
        return [key_event(pygame.K_v)]

    def screenshot_name(self) -> str:
        return f"classroom_{self.story.scene.id}"


class VoteScreen(Screen):
    """The choices large, with the class's hands as the teacher counts them.

    Every row fits above the footer band: the type is set smaller first, down to the
    projector floor (:mod:`game.ui.vote_layout`), and only then do the rows scroll, the focused
    one (↑↓, or the one whose number was pressed last) kept in view. In a tie the −/+
    buttons give way to one "Choose" button on each tied row; the others are drawn out."""

    name = "vote"

    def __init__(self, app: Any, story_screen: ClassroomStoryScreen):
        super().__init__(app)
        self.story_screen = story_screen
        self.session = app.classroom
        # a lesson resumed with a vote open goes on with the hands counted before
        self.vote = self.session.vote or self.session.open_vote()
        self.tie: list[int] = []
        self.buttons: list[tuple[pygame.Rect, int, int]] = []
        self.seconds = getattr(app, "classroom_timer", 0) or 0
        self.started = pygame.time.get_ticks()
        self.opened_at = time.monotonic()
        self.remaining = self.seconds
        self.focus = next((t.index for t in self.vote.tallies if t.open), 0)
        self.scroll = ScrollArea()
        self.rows_view = pygame.Rect(0, 0, 0, 0)
        self.arranged: VoteLayout | None = None

    # ------------------------------------------------------------------ layout
    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        app = self.app
        self.width = min(app.px(1100), size[0] - app.px(80))
        self.x = (size[0] - self.width) // 2
        self.heading_y = app.px(28)
        self.info_y = self.heading_y + app.font("display", 40).get_linesize() + app.px(4)
        top = self.info_y + app.font("body", 20).get_linesize() + app.px(14)
        bottom = band_top(app, size[1]) - app.px(6)
        self.rows_view = pygame.Rect(0, top, size[0], max(app.px(60), bottom - top))
        self.arrange()

    def arrange(self) -> None:
        """Lay the rows out for the window and the vote's state (a tie changes them)."""
        self.arranged = arrange(self.app, self.vote.tallies, self.tie, self.width, self.rows_view.height)
        self.scroll.content_height = self.arranged.height
        self.scroll.view_height = self.rows_view.height
        self.scroll.clamp()
        self.show_focus_row()

    @property
    def scrolls(self) -> bool:
        return self.scroll.max_offset > 0

    def show_focus_row(self) -> None:
        if self.arranged is None:
            return
        rect = self.arranged.rows[self.focus].rect
        keep_in_view(self.scroll, rect.top, rect.bottom, self.rows_view.height)

    def move_focus(self, step: int) -> None:
        count = len(self.vote.tallies)
        self.focus = (self.focus + step) % count
        self.show_focus_row()

    # ------------------------------------------------------------------ the vote
    def animating(self) -> bool:
        return bool(self.seconds) and self.remaining > 0

    def update(self) -> bool:
        if not self.seconds or self.remaining <= 0:
            return False
        remaining = max(0, self.seconds - (pygame.time.get_ticks() - self.started) // 1000)
        if remaining != self.remaining:
            self.remaining = remaining
            if remaining == 0:
                self.close()
            return True
        return False

    def close(self, tiebreak: int | None = None) -> None:
        app = self.app
        devices = app.devices
        app.pump_devices()  # every ballot the server has taken counts
        if self.vote.is_tie and tiebreak is None:
            self.set_tie(self.vote.leaders)
            return
        if devices is not None:
            devices.stop_taking_ballots()  # none slips in between the last look and the close
            app.pump_devices()
        session = self.session
        app.pop()
        decided = len(session.log.decisions)
        self.story_screen.after_decision(lambda: session.close_vote(tiebreak))
        if devices is not None and len(session.log.decisions) > decided:
            app.push("vote_result", session.log.decisions[-1])  # the tally, shown now it is closed

    def set_tie(self, tie: list[int]) -> None:
        self.tie = tie
        if tie and self.focus not in tie:
            self.focus = tie[0]
        if self.arranged is not None:
            self.arrange()
        self.app.invalidate()

    def cancel(self) -> None:
        self.session.cancel_vote()
        self.app.pop()

    def handle(self, event: pygame.event.Event) -> None:
        app = self.app
        tallies = self.vote.tallies
        if self.scroll.handle(event, app.px(40)):  # the wheel, PgUp and PgDn
            app.invalidate()
            return
        if event.type == pygame.KEYDOWN:
            number = None
            if pygame.K_1 <= event.key <= pygame.K_9:
                number = event.key - pygame.K_1
            elif pygame.K_KP1 <= event.key <= pygame.K_KP9:
                number = event.key - pygame.K_KP1
            if number is not None and number < len(tallies):
                self.focus = number
                self.show_focus_row()
                app.invalidate()
                if self.tie:
                    if number in self.tie:
                        self.close(number)
                    else:
                        app.toast(f"Choose one of the tied choices: {numbers_words(t + 1 for t in self.tie)}",
                                  kind="warning")
                    return
                if tallies[number].open:
                    self.session.add_vote(number, -1 if event.mod & pygame.KMOD_SHIFT else 1)
                else:
                    app.toast(f"Choice {number + 1} is closed" + (f": {tallies[number].reason}" if tallies[number].reason
                                                                 else "."), kind="warning")
                return
            if event.key in (pygame.K_UP, pygame.K_DOWN):
                self.move_focus(1 if event.key == pygame.K_DOWN else -1)
                app.invalidate()
                return
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                if self.tie:
                    return  # a number decides a tie, not Enter
                if self.vote.total == 0:
                    app.toast("No votes yet: press a choice's number once per hand" + (
                        ", or wait for the devices." if getattr(app, "devices", None) is not None else "."),
                        kind="warning")
                    return
                self.close()
                return
            if event.key == pygame.K_ESCAPE:
                if self.tie:
                    self.set_tie([])
                    return
                self.cancel()
                return
            if event.key == pygame.K_s:
                self.story_screen.open_drawer()
                return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if not self.rows_view.collidepoint(event.pos):
                return  # a row's button cut off by the view's edge is not there to press
            for rect, index, delta in self.buttons:
                if rect.collidepoint(event.pos):
                    self.focus = index
                    if delta == 0:
                        self.close(index)
                    elif not self.tie:
                        self.session.add_vote(index, delta)
                        app.invalidate()
                    return

    # ------------------------------------------------------------------ words
    @property
    def devices_hidden(self) -> bool:
        """While devices vote, each row counts the hands only: the devices' votes come up
        when the vote closes (a running count would steer the room); a tie shows all."""
        return getattr(self.app, "devices", None) is not None and not self.tie

    def shown_count(self, tally: Any) -> int:
        return tally.hands if self.devices_hidden else tally.votes

    def info_line(self) -> str:
        hands = sum(t.hands for t in self.vote.tallies)
        line = f"{hands} hand{'s' * (hands != 1)} counted"
        devices = devices_line(self.app, voting=True)
        if devices:
            line = f"{devices} · {line}"
        if self.tie:
            line += f" · {numbers_words(t + 1 for t in self.tie)} give the tie to that choice"
        else:
            numbers = numbers_words(t.number for t in self.vote.tallies if t.open and t.index < 9)
            if numbers:
                line += f" · {numbers} add a hand · Shift+{numbers} take one away"
            line += " · Enter close the vote"
        if self.seconds:
            line += f" · {self.remaining // 60}:{self.remaining % 60:02d} left"
        return line

    def footer(self) -> str:
        more = ["↑↓ more"] if self.scrolls else []
        if self.tie:
            return " · ".join([f"{numbers_words(t + 1 for t in self.tie)} give the tie"] + more
                              + ["Esc back to counting", "S sources"])
        return " · ".join(["Enter close the vote"] + more + ["Esc cancel", "S sources"])

    # ------------------------------------------------------------------ drawing
    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        theme = app.theme
        if self.arranged is None or surface.get_size() != self.size:
            self.layout(surface.get_size())
        surface.fill(theme.background)
        title = "Tie: the teacher decides — press the number of a tied choice" if self.tie else "The class votes"
        draw_heading(app, surface, title, self.x, self.heading_y, 40)
        words = self.info_line()  # the devices' counts make it long
        info = font_to_fit(app, "body", words, surface.get_width() - self.x - app.px(16), 20.0, 13)
        surface.blit(app.cache.render(info, words, theme.muted), (self.x, self.info_y))
        arranged = self.arranged
        fonts = VoteFonts(app, arranged.size)
        most = max((self.shown_count(t) for t in self.vote.tallies if t.open), default=0)
        view = self.rows_view
        self.buttons = []
        surface.set_clip(view)
        for row in arranged.rows:
            rect = row.rect.move(self.x, view.y - self.scroll.offset)
            if rect.bottom < view.top or rect.top > view.bottom:
                continue
            self.draw_row(surface, row, rect, fonts, most)
        surface.set_clip(None)
        if self.scrolls:
            fade_cut_edges(surface, view, self.scroll, theme.background, app.px(24))
            self.scroll.draw_bar(surface, view, theme.faint)
        draw_footer(app, surface, self.footer())

    def draw_row(self, surface: pygame.Surface, row: VoteRow, rect: pygame.Rect, fonts: VoteFonts, most: int) -> None:
        """One choice at ``rect`` (window coordinates); its buttons wholly in view are
        remembered for the mouse."""
        app = self.app
        theme = app.theme
        tally = self.vote.tallies[row.index]
        live = row.state in ("open", "tied")
        leading_choice = row.state == "open" and self.shown_count(tally) == most and most > 0
        if leading_choice or row.state == "tied":
            pygame.draw.rect(surface, theme.hover, rect, border_radius=app.px(8))
        if self.scrolls and row.index == self.focus:
            pygame.draw.rect(surface, theme.accent, pygame.Rect(rect.x, rect.y, app.px(5), rect.height))
        colour = theme.text if live else theme.faint
        text_x, text_y = rect.x + row.text_at[0], rect.y + row.text_at[1]
        number = app.cache.render(fonts.number, str(tally.number), theme.accent if live else theme.faint)
        surface.blit(number, (rect.x + app.px(16), text_y + fonts.choice.get_ascent() - fonts.number.get_ascent()))
        y = draw_lines(surface, app.cache, fonts.choice, row.lines, colour, text_x, text_y, leading(fonts.choice))
        if row.reason:
            y += fonts.choice.get_height() - leading(fonts.choice) + app.px(8)
            draw_lines(surface, app.cache, fonts.reason, row.reason, theme.faint, text_x, y, fonts.reason.get_linesize())
            return
        count = app.cache.render(fonts.count, str(self.shown_count(tally)), theme.text if live else theme.faint)
        surface.blit(count, count.get_rect(midright=(rect.x + self.arranged.count_right, rect.centery)))
        if row.state == "out":
            words = app.cache.render(fonts.reason, NOT_TIED, theme.faint)
            surface.blit(words, words.get_rect(midright=(rect.right - app.px(12), rect.centery)))
            return
        for relative, delta in row.controls:
            button = relative.move(rect.x, rect.y)
            pygame.draw.rect(surface, theme.panel, button, border_radius=app.px(8))
            pygame.draw.rect(surface, theme.accent if delta == 0 else theme.rule, button, width=2,
                             border_radius=app.px(8))
            if delta == 0:
                mark = app.cache.render(fonts.button, CHOOSE, theme.accent)
            else:
                mark = app.cache.render(fonts.mark, "−" if delta < 0 else "+", theme.accent)
            surface.blit(mark, mark.get_rect(center=button.center))
            if self.rows_view.contains(button):
                self.buttons.append((button, row.index, delta))

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        if self.tie:
            return [key_event(pygame.K_1 + self.tie[0]), key_event(pygame.K_1 + self.tie[-1])]
        devices = getattr(self.app, "devices", None)
        if devices is not None and devices.counts().joined:
            # a simulated teacher waits for the class's devices (a few seconds at most: one
            # that never votes must not hold up the lesson), then closes the vote
            counts = devices.counts()
            if counts.voted < counts.joined and time.monotonic() - self.opened_at < DEVICE_WAIT_SECONDS:
                time.sleep(0.01)  # pacing the simulated teacher, so the devices' threads get the processor
                return []
            return [key_event(pygame.K_RETURN)]
        open_numbers = [t.index for t in self.vote.tallies if t.open and t.index < 9]
        if self.vote.total >= rng.randint(3, 28):
            return [key_event(pygame.K_RETURN)]
        return [key_event(pygame.K_1 + index) for index in open_numbers]

    def screenshot_name(self) -> str:
        return f"vote_{self.vote.scene}_{'tie' if self.tie else 'open'}"


def numbers_words(numbers: Any) -> str:
    """Key numbers as a footer says them: ``1–3`` for a run, ``1 or 3`` for two,
    ``1, 3 or 4`` otherwise (so a footer never offers a number that does nothing)."""
    found = sorted(set(numbers))
    if not found:
        return ""
    if len(found) > 2 and found == list(range(found[0], found[-1] + 1)):
        return f"{found[0]}–{found[-1]}"
    if len(found) == 2 and found[1] == found[0] + 1:
        return f"{found[0]}–{found[1]}"
    words = [str(n) for n in found]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


class DiscussionScreen(Screen):
    """An author-marked pause: the scene's prompts, large, with the sources one key away.

    The prompts are set smaller until they all fit above the footer band (down to the
    projector floor); past that they scroll under the heading, ↑↓ and the page keys."""

    name = "discussion"
    #: the prompts' type when there is room, in UI units
    PREFERRED = 34.0

    def __init__(self, app: Any, story_screen: ClassroomStoryScreen, then_vote: bool):
        super().__init__(app)
        self.story_screen = story_screen
        self.then_vote = then_vote
        self.prompts = list(app.classroom.scene.discussion)
        self.scroll = ScrollArea()
        self.view = pygame.Rect(0, 0, 0, 0)
        self.blocks: list[tuple[int, list]] = []  # (top in content coordinates, lines)
        self.type_size = self.PREFERRED
        app.classroom.show_prompts()

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        app = self.app
        self.width = min(app.px(1100), size[0] - app.px(100))
        self.x = (size[0] - self.width) // 2
        self.heading_y = app.px(40)
        top = self.heading_y + app.font("display", 46).get_linesize() + app.font("italic", 20).get_linesize() + app.px(20)
        bottom = band_top(app, size[1]) - app.px(6)
        self.view = pygame.Rect(0, top, size[0], max(app.px(60), bottom - top))
        for type_size in sizes_down(self.PREFERRED):
            height = self.lay_out_prompts(type_size)
            if height <= self.view.height:
                break
        self.scroll.content_height = height
        self.scroll.view_height = self.view.height
        self.scroll.clamp()

    def lay_out_prompts(self, type_size: float) -> int:
        """Break the prompts at ``type_size``; return how tall they are together."""
        app = self.app
        self.type_size = type_size
        font = app.font("body", type_size)
        gap = app.px(24 if type_size >= 30 else 16)
        self.blocks = []
        y = 0
        for prompt in self.prompts or ["What would you do, and why?"]:
            lines = wrap_without_orphan(font, prompt, self.width - app.px(40))
            self.blocks.append((y, lines))
            y += block_height(font, len(lines)) + gap
        return max(0, y - gap)

    def handle(self, event: pygame.event.Event) -> None:
        if self.scroll.handle(event, self.app.px(40), arrows=True):
            self.app.invalidate()
            return
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self.app.pop()
                if self.then_vote:
                    self.story_screen.open_vote()
                return
            if event.key == pygame.K_s:
                self.story_screen.open_drawer()
                return
        super().handle(event)

    def footer(self) -> str:
        more = ["↑↓ more"] if self.scroll.max_offset > 0 else []
        return " · ".join(["Enter continue" + (" to the vote" if self.then_vote else "")] + more
                          + ["S sources", "Esc back"])

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        if not self.blocks or surface.get_size() != self.size:
            self.layout(surface.get_size())
        surface.fill(app.theme.background)
        y = draw_heading(app, surface, "Let's discuss", self.x, self.heading_y, 46)
        small = app.font("italic", 20)
        surface.blit(app.cache.render(small, app.classroom.scene.title, app.theme.muted), (self.x, y))
        font = app.font("body", self.type_size)
        view = self.view
        surface.set_clip(view)
        for top, lines in self.blocks:
            y = view.y + top - self.scroll.offset
            height = block_height(font, len(lines))
            if y > view.bottom or y + height < view.top:
                continue
            # the bar runs from the first line's cap height to the last line's baseline
            bar_top = y + round(font.get_ascent() * 0.3)
            bar_bottom = y + height + font.get_descent()
            pygame.draw.rect(surface, app.theme.accent, pygame.Rect(self.x, bar_top, app.px(6), bar_bottom - bar_top))
            draw_lines(surface, app.cache, font, lines, app.theme.text, self.x + app.px(30), y, leading(font))
        surface.set_clip(None)
        if self.scroll.max_offset > 0:
            fade_cut_edges(surface, view, self.scroll, app.theme.background, app.px(24))
            self.scroll.draw_bar(surface, view, app.theme.faint)
        draw_footer(app, surface, self.footer())

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_RETURN)]


class DebriefScreen(Screen):
    """The class's path beside the record: votes, what history says, prompts.

    The text scrolls above a footer that names the keys which act at any scroll (the
    buttons at the end are there for the mouse): Enter goes on, E exports, T ends."""

    name = "debrief"

    def __init__(self, app: Any, chapter: str | None):
        super().__init__(app)
        self.chapter = chapter
        session: ClassSession = app.classroom
        if chapter is None:
            self.debrief = session.debrief_shown(None)
            session.epilogue_shown()
            session.finish()
        else:
            self.debrief = session.chapter_ended(chapter)
        self.scroll = ScrollArea()
        self.view = pygame.Rect(0, 0, 0, 0)
        #: (font, lines, top, (colour, text indent, bullet, bullet indent))
        self.rows: list[tuple[Any, list, int, tuple[Any, int, str, int]]] = []
        final = chapter is None
        self.exported = False

        def export() -> None:
            self.exported = export_now(app) is not None

        items = [Item("Export the session (Markdown, HTML, CSV)", export, key=pygame.K_e)]
        if final:
            items.append(Item("End the lesson (title screen)", self.end, key=pygame.K_t))
        else:
            items.insert(0, Item("Continue the story", app.pop, key=pygame.K_RETURN))
        self.menu = Menu(app, items, numbered=True, size=24)
        self.menu.show_focus = False  # no button is picked: each has its own key

    def end(self) -> None:
        self.app.game_finished()  # a lesson counts as played when the teacher ends it
        end_classroom(self.app)
        self.app.reset("title")

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        app = self.app
        width = min(app.px(1100), size[0] - app.px(100))
        self.x = (size[0] - width) // 2
        self.view = pygame.Rect(0, 0, size[0], band_top(app, size[1]))
        debrief = self.debrief
        heading = app.font("display", 34)
        body = app.font("body", 24)
        small = app.font("italic", 20)
        quote = app.font("body", 19)
        rows: list[tuple[Any, list, int, tuple[Any, int, str, int]]] = []
        y = app.px(30)

        def add(font: Any, text: str, colour: Any, gap: int = 0, indent: int = 0, bullet: str = "") -> None:
            """A paragraph; a bulleted one hangs its wrapped lines under its text."""
            nonlocal y
            hang = font.size(bullet)[0] if bullet else 0
            lines = wrap(font, text, width - indent - hang)
            rows.append((font, lines, y, (colour, indent + hang, bullet, indent)))
            y += len(lines) * font.get_linesize() + gap

        def add_heading(text: str, colour: Any) -> None:
            """A section heading, set off from what went before by more than its own gap."""
            nonlocal y
            y += app.px(18)
            add(heading, text, colour, app.px(8))

        label_font, note_font, refs_font = app.font("bold", 18), app.font("body", 18), app.font("italic", 15)

        def add_notes(notes: list[NoteLog] | None, indent: int) -> None:
            """The editors' notes beside a passage: plainly the editors' voice, the
            references smaller (an old session file says it did not keep them)."""
            if notes is None:
                add(refs_font, NOTES_NOT_RECORDED + ".", app.theme.faint, app.px(4), indent)
                return
            for note in notes:
                refs = references_line(note.references)
                add(label_font, note_heading(note), app.theme.accent, app.px(1), indent)
                add(note_font, note.text, app.theme.text, app.px(1 if refs else 5), indent)
                if refs:
                    add(refs_font, refs, app.theme.muted, app.px(5), indent)

        def add_citation(citation: CitationLog, indent: int) -> None:
            stance = stance_words(citation.stance)
            add(quote, f"“{citation.quote}” — {citation.source_title}"
                + (f", ¶{citation.paragraph + 1}" if citation.paragraph is not None else "")
                + (f" ({stance})" if stance else ""),
                app.theme.muted, app.px(2), indent)
            add_notes(citation.notes, indent + app.px(20))

        title = f"Debrief: {debrief.chapter_title}" if self.chapter else "Debrief: the class's path and the record"
        add(app.font("display", 44), title, app.theme.text, app.px(6))
        if debrief.ending:
            add_heading(f"The ending: {debrief.ending.get('title', '')}", app.theme.accent)
            for paragraph in debrief.ending.get("epilogue", []):
                add(body, paragraph, app.theme.text, app.px(6))
        add_heading("The class's path", app.theme.text)
        for step in debrief.steps:
            add(small, f"{step.dateline} · {step.title}", app.theme.muted, app.px(2))
            reply = step.reply or []  # what the class read there: the reply it got, the question
            for paragraph in reply:
                add(small, paragraph, app.theme.text, app.px(2), app.px(20))
            if step.question and step.question not in reply[-1:]:
                add(quote, f"“{step.question}”", app.theme.muted, app.px(4), app.px(20))
            decision = step.decision
            if decision is not None:
                how = "by vote" if decision.method == "vote" else "by the teacher"
                winner = decision.winning_choice
                votes = ", ".join(f"{t.number}: {t.votes}" for t in decision.choices if t.open) if decision.method == "vote" else ""
                if votes and decision.device_votes:
                    votes += f"; {cast_words(decision)}"
                add(body, f"The class chose {how}: {winner.text if winner else ''}" + (f"  ({votes})" if votes else "")
                    + ("  — a tie, broken by the teacher" if decision.tie else ""), app.theme.text, app.px(2), app.px(20))
                if decision.record:
                    add(body, f"The record: {decision.record.text}", app.theme.good, app.px(2), app.px(20))
                    for citation in decision.record.cites:
                        add_citation(citation, app.px(40))
            y += app.px(10)
        if debrief.prompts:
            add_heading("To discuss", app.theme.text)
            for scene_title, prompt in debrief.prompts:
                add(body, prompt, app.theme.text, app.px(6), app.px(10), bullet="•  ")
        if debrief.epilogue:
            add_heading(debrief.epilogue.get("title", ""), app.theme.text)
            for paragraph in debrief.epilogue.get("text", []):
                add(body, paragraph, app.theme.text, app.px(6))
            for citation in debrief.epilogue.get("cites", []):
                add_citation(citation, app.px(20))
        y += app.px(16)
        self.rows = rows
        y = self.menu.layout(self.x, y, width)
        self.scroll.content_height = y + app.px(20)
        self.scroll.view_height = self.view.height
        self.scroll.clamp()

    def handle(self, event: pygame.event.Event) -> None:
        app = self.app
        if self.scroll.handle(event, app.px(40), arrows=True):
            app.invalidate()
            return
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            if not self.view.collidepoint(event.pos):  # the footer's band covers what lies under it
                if self.menu.hover is not None:
                    self.menu.hover = None
                    app.invalidate()
                return
            if self.menu.handle(shifted(event, self.scroll.offset)):
                app.invalidate()
            return
        if event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):  # whatever the mouse last touched
            if self.chapter:
                app.pop()
            return
        if event.key == pygame.K_SPACE:  # a page on, as in the story
            if self.scroll.scroll(max(app.px(40), self.view.height - app.px(120))):
                app.invalidate()
            return
        if event.key in (pygame.K_UP, pygame.K_DOWN, pygame.K_TAB):
            return  # at an end of the text: the buttons have no focus to move
        if event.key == pygame.K_ESCAPE and self.chapter:
            app.pop()
            return
        if self.menu.handle(event):  # the buttons' numbers and letters
            app.invalidate()

    def footer(self) -> str:
        parts = ["Enter or Esc continue the story", "E export"] if self.chapter else ["E export", "T end the lesson"]
        if self.scroll.max_offset > 0:
            parts.append("↑↓ more")
        return " · ".join(parts)

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        surface.fill(app.theme.background)
        offset = -self.scroll.offset
        view = self.view
        surface.set_clip(view)
        for font, lines, top, (colour, indent, bullet, bullet_indent) in self.rows:
            y = top + offset
            if y + len(lines) * font.get_linesize() < 0 or y > view.bottom:
                continue
            if bullet:
                surface.blit(app.cache.render(font, bullet.strip(), colour), (self.x + bullet_indent, y))
            draw_lines(surface, app.cache, font, lines, colour, self.x + indent, y, font.get_linesize())
        self.menu.draw_shifted(surface, offset)
        surface.set_clip(None)
        if self.scroll.max_offset > 0:
            fade_cut_edges(surface, view, self.scroll, app.theme.background, app.px(24))
        self.scroll.draw_bar(surface, view, app.theme.faint)
        draw_footer(app, surface, self.footer())

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        if self.chapter:
            return [key_event(pygame.K_RETURN)]
        return [key_event(pygame.K_t if self.exported else pygame.K_e)]

    def screenshot_name(self) -> str:
        return f"debrief_{self.chapter or 'final'}"


class ClassroomMenuScreen(MenuScreen):
    """Esc in class: back to the lesson, export, the whole source, stop for today."""

    opaque = False
    name = "classroom_menu"

    def __init__(self, app: Any):
        super().__init__(app)
        def end() -> None:
            end_classroom(app)
            app.reset("title")

        self.menu = Menu(app, [
            Item("Back to the lesson", app.pop, key=pygame.K_r),
            Item("Export the session now", lambda: export_now(app), key=pygame.K_e),
            Item("The whole source", lambda: app.push("sources"), key=pygame.K_o),
            Item("Stop for today", end, key=pygame.K_q,
                 detail="The lesson is kept as it is: resume it from Classroom next time."),
        ], size=26)

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        width = self.app.px(560)
        self.menu.layout((size[0] - width) // 2, self.app.px(130), width)

    def draw(self, surface: pygame.Surface) -> None:
        from ..ui.screens.base import shade

        shade(surface, 140)
        first = self.menu.items[0].rect
        panel = pygame.Rect(first.x - self.app.px(30), self.app.px(40), first.width + self.app.px(60),
                            self.menu.items[-1].rect.bottom - self.app.px(20))
        pygame.draw.rect(surface, self.app.theme.panel, panel, border_radius=self.app.px(10))
        draw_heading(self.app, surface, "Classroom", first.x, self.app.px(60), 40)
        self.menu.draw(surface)
