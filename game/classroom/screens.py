"""Classroom mode on screen: a projector layout, votes the teacher tallies, pauses for
discussion, and debriefs that set the class's path beside the record.

These screens draw what :class:`~game.classroom.session.ClassSession` keeps and forward
the teacher's keys to it, so everything shown is also in the session's log and export.
Keys: V vote · 1–9 (in a vote) a hand more, Shift+1–9 a hand less · Enter close the vote ·
D discuss · S sources · E export · Backspace undo · Esc menu.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pygame

from ..ui.screens.base import MenuScreen, Screen, ScrollArea, draw_footer, draw_heading
from ..ui.screens.story import StoryScreen
from ..ui.text import draw_lines, wrap
from ..ui.widgets import Item, Menu, key_event, shifted
from .apparatus import NOTES_NOT_RECORDED, NoteLog, note_heading, references_line, stance_words
from .exports import export_session
from .session import CitationLog, ClassSession, SessionError

TIMERS = (0, 60, 120, 180, 300)


def export_now(app: Any) -> Path | None:
    """Write the session's Markdown, HTML and CSV; say where, or why not."""
    session: ClassSession | None = getattr(app, "classroom", None)
    if session is None:
        return None
    folder = getattr(app.options, "export", None)
    if folder is None:
        folder = app.folders.exports() / f"session-{datetime.now():%Y%m%d-%H%M%S}"
    folder = Path(folder)
    if app.autoplay > 1:  # several simulated lessons: one folder each, like run_autoplay
        folder = folder / f"session-{app.games_finished + 1:02d}"
    try:
        export_session(session, folder)
    except OSError as error:
        app.toast(f"Export failed: {error.strerror or error}")
        return None
    app.toast(f"Exported to {folder}", 6)
    return folder


class ClassroomSetupScreen(MenuScreen):
    """Choose the point of view the class will play, and an optional vote timer."""

    name = "classroom_setup"

    def __init__(self, app: Any):
        super().__init__(app)
        app.projector = True
        app.cache.clear()
        self.timer_index = TIMERS.index(getattr(app.options, "timer", 0) or 0) if (
            getattr(app.options, "timer", 0) or 0) in TIMERS else 0
        data = app.story_data
        self.menu = Menu(app, [
            Item(f"{p.name}, {p.role}", (lambda pid=p.id: self.start(pid)), detail="A fictional character.")
            for p in data.perspectives.values()
        ], numbered=True, size=26)

    def start(self, perspective: str) -> None:
        app = self.app
        app.classroom = ClassSession(app.story_data, perspective)
        app.classroom_timer = TIMERS[self.timer_index]
        app.story = app.classroom.story
        app.reset_to_story("classroom_story")

    def back(self) -> None:
        self.app.projector = False
        self.app.cache.clear()
        self.app.pop()

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        width = min(self.app.px(980), size[0] - self.app.px(100))
        self.x = (size[0] - width) // 2
        self.menu.layout(self.x, self.app.px(170), width)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_t:
            self.timer_index = (self.timer_index + 1) % len(TIMERS)
            self.app.invalidate()
            return
        super().handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        surface.fill(app.theme.background)
        draw_heading(app, surface, "Classroom: whose October will the class play?", self.x, app.px(40), 40)
        timer = TIMERS[self.timer_index]
        note = app.font("body", 20)
        text = f"Vote timer: {'off' if not timer else f'{timer // 60} min'} (T to change) · " \
               "votes are tallied by the teacher with the number keys"
        surface.blit(app.cache.render(note, text, app.theme.muted), (self.x, app.px(110)))
        self.menu.draw(surface)
        draw_footer(app, surface, "1–4 start · T vote timer · Esc back")

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_1 + i) for i in range(len(self.menu.items))]


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

    def top_bar_actions(self) -> list[tuple[str, Any]]:
        return [("Vote  V", self.open_vote), ("Discuss  D", self.open_discussion),
                ("Sources  S", self.open_drawer), ("Export  E", lambda: export_now(self.app)),
                ("Menu  Esc", self.open_menu)]

    def choose(self, index: int) -> None:
        """A number key on the story screen: the teacher chooses without a vote."""
        self.after_decision(lambda: self.session.choose_directly(index))

    def after_decision(self, decide: Any) -> None:
        try:
            decide()
        except SessionError as error:
            self.app.toast(str(error))
            return
        self.app.autosave()
        self.begin_scene()
        self.app.invalidate()
        chapter = self.session.chapter_end_due
        if chapter:
            self.app.push("debrief", chapter)

    def undo(self) -> None:
        if not self.story.can_undo:
            self.app.toast("This is the first scene: nothing to undo.")
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
        record = self.last_record()
        if record is not None:
            for citation in record.cites:
                try:
                    self.session.source_seen(citation)
                except SessionError:
                    continue
        super().open_record()

    def open_menu(self) -> None:
        self.app.push("classroom_menu")

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
    """The choices large, with the class's hands as the teacher counts them."""

    name = "vote"

    def __init__(self, app: Any, story_screen: ClassroomStoryScreen):
        super().__init__(app)
        self.story_screen = story_screen
        self.session = app.classroom
        self.vote = self.session.open_vote()
        self.tie: list[int] = []
        self.buttons: list[tuple[pygame.Rect, int, int]] = []
        self.seconds = getattr(app, "classroom_timer", 0) or 0
        self.started = pygame.time.get_ticks()
        self.remaining = self.seconds

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
        if self.vote.is_tie and tiebreak is None:
            self.tie = self.vote.leaders
            self.app.invalidate()
            return
        session = self.session
        self.app.pop()
        self.story_screen.after_decision(lambda: session.close_vote(tiebreak))

    def cancel(self) -> None:
        self.session.cancel_vote()
        self.app.pop()

    def handle(self, event: pygame.event.Event) -> None:
        app = self.app
        tallies = self.vote.tallies
        if event.type == pygame.KEYDOWN:
            number = None
            if pygame.K_1 <= event.key <= pygame.K_9:
                number = event.key - pygame.K_1
            elif pygame.K_KP1 <= event.key <= pygame.K_KP9:
                number = event.key - pygame.K_KP1
            if number is not None and number < len(tallies):
                if self.tie:
                    if number in self.tie:
                        self.close(number)
                    else:
                        app.toast(f"Choose one of the tied choices: {', '.join(str(i + 1) for i in self.tie)}")
                    return
                if tallies[number].open:
                    self.session.add_vote(number, -1 if event.mod & pygame.KMOD_SHIFT else 1)
                    app.invalidate()
                return
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                if self.vote.total == 0:
                    app.toast("No hands counted yet: press a choice's number once per hand.")
                    return
                self.close()
                return
            if event.key == pygame.K_ESCAPE:
                if self.tie:
                    self.tie = []
                    app.invalidate()
                    return
                self.cancel()
                return
            if event.key == pygame.K_s:
                self.story_screen.open_drawer()
                return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for rect, index, delta in self.buttons:
                if rect.collidepoint(event.pos):
                    if self.tie and index in self.tie:
                        self.close(index)
                    elif not self.tie:
                        self.session.add_vote(index, delta)
                        app.invalidate()
                    return

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        theme = app.theme
        surface.fill(theme.background)
        width = min(app.px(1100), surface.get_width() - app.px(80))
        x = (surface.get_width() - width) // 2
        title = "Tie: the teacher decides — press the number of a tied choice" if self.tie else "The class votes"
        y = draw_heading(app, surface, title, x, app.px(28), 40)
        info = app.font("body", 20)
        total = self.vote.total
        line = f"{total} hand{'s' * (total != 1)} counted · 1–9 add a hand · Shift+1–9 remove one · Enter close the vote"
        if self.seconds:
            line += f" · {self.remaining // 60}:{self.remaining % 60:02d} left"
        surface.blit(app.cache.render(info, line, theme.muted), (x, y + app.px(4)))
        y += app.px(60)
        font = app.font("body", 34)
        number_font = app.font("bold", 40)
        count_font = app.font("bold", 48)
        self.buttons = []
        most = max((t.votes for t in self.vote.tallies), default=0)
        for tally in self.vote.tallies:
            lines = wrap(font, tally.text, width - app.px(330))
            height = max(app.px(80), len(lines) * font.get_linesize() + app.px(24))
            row = pygame.Rect(x, y, width, height)
            leading_choice = tally.open and tally.votes == most and most > 0
            if leading_choice or (self.tie and tally.index in self.tie):
                pygame.draw.rect(surface, theme.hover, row, border_radius=app.px(8))
            colour = theme.text if tally.open else theme.faint
            surface.blit(app.cache.render(number_font, str(tally.number), theme.accent if tally.open else theme.faint),
                         (row.x + app.px(16), row.y + app.px(12)))
            draw_lines(surface, app.cache, font, lines, colour, row.x + app.px(80), row.y + app.px(12), font.get_linesize())
            if not tally.open:
                small = app.font("italic", 18)
                surface.blit(app.cache.render(small, tally.reason or "closed", theme.faint),
                             (row.x + app.px(80), row.bottom - app.px(26)))
                y = row.bottom + app.px(10)
                continue
            count = app.cache.render(count_font, str(tally.votes), theme.text)
            surface.blit(count, count.get_rect(midright=(row.right - app.px(130), row.centery)))
            for label, delta, offset in (("−", -1, 110), ("+", 1, 56)):
                button = pygame.Rect(row.right - app.px(offset), row.centery - app.px(22), app.px(44), app.px(44))
                pygame.draw.rect(surface, theme.panel, button, border_radius=app.px(8))
                pygame.draw.rect(surface, theme.rule, button, width=2, border_radius=app.px(8))
                mark = app.cache.render(count_font, label, theme.accent)
                surface.blit(mark, mark.get_rect(center=button.center))
                self.buttons.append((button, tally.index, delta))
            y = row.bottom + app.px(10)
        draw_footer(app, surface, "Enter close the vote · Esc cancel · S sources")

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        if self.tie:
            return [key_event(pygame.K_1 + self.tie[0]), key_event(pygame.K_1 + self.tie[-1])]
        open_numbers = [t.index for t in self.vote.tallies if t.open and t.index < 9]
        if self.vote.total >= rng.randint(3, 28):
            return [key_event(pygame.K_RETURN)]
        return [key_event(pygame.K_1 + index) for index in open_numbers]

    def screenshot_name(self) -> str:
        return f"vote_{self.vote.scene}_{'tie' if self.tie else 'open'}"


class DiscussionScreen(Screen):
    """An author-marked pause: the scene's prompts, large, with the sources one key away."""

    name = "discussion"

    def __init__(self, app: Any, story_screen: ClassroomStoryScreen, then_vote: bool):
        super().__init__(app)
        self.story_screen = story_screen
        self.then_vote = then_vote
        self.prompts = list(app.classroom.scene.discussion)
        app.classroom.show_prompts()

    def handle(self, event: pygame.event.Event) -> None:
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

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        surface.fill(app.theme.background)
        width = min(app.px(1100), surface.get_width() - app.px(100))
        x = (surface.get_width() - width) // 2
        y = draw_heading(app, surface, "Let's discuss", x, app.px(40), 46)
        small = app.font("italic", 20)
        surface.blit(app.cache.render(small, app.classroom.scene.title, app.theme.muted), (x, y))
        y += app.px(50)
        font = app.font("body", 34)
        for prompt in self.prompts or ["What would you do, and why?"]:
            lines = wrap(font, prompt, width - app.px(40))
            pygame.draw.rect(surface, app.theme.accent, pygame.Rect(x, y + app.px(6), app.px(6), len(lines) * font.get_linesize() - app.px(8)))
            y = draw_lines(surface, app.cache, font, lines, app.theme.text, x + app.px(30), y, font.get_linesize()) + app.px(24)
        draw_footer(app, surface, "Enter continue" + (" to the vote" if self.then_vote else "") + " · S sources · Esc back")

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_RETURN)]


class DebriefScreen(Screen):
    """The class's path beside the record: votes, what history says, prompts."""

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
        self.rows: list[tuple[Any, list, int, Any]] = []
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

    def end(self) -> None:
        self.app.game_finished()  # a lesson counts as played when the teacher ends it
        self.app.projector = False
        self.app.cache.clear()
        self.app.reset("title")

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        app = self.app
        width = min(app.px(1100), size[0] - app.px(100))
        self.x = (size[0] - width) // 2
        debrief = self.debrief
        heading = app.font("display", 34)
        body = app.font("body", 24)
        small = app.font("italic", 20)
        quote = app.font("body", 19)
        rows: list[tuple[Any, list, int, Any]] = []
        y = app.px(30)

        def add(font: Any, text: str, colour: Any, gap: int = 0, indent: int = 0) -> None:
            nonlocal y
            lines = wrap(font, text, width - indent)
            rows.append((font, lines, y, (colour, indent)))
            y += len(lines) * font.get_linesize() + gap

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
        add(app.font("display", 44), title, app.theme.text, app.px(10))
        if debrief.ending:
            add(heading, f"The ending: {debrief.ending.get('title', '')}", app.theme.accent, app.px(6))
            for paragraph in debrief.ending.get("epilogue", []):
                add(body, paragraph, app.theme.text, app.px(6))
        add(heading, "The class's path", app.theme.text, app.px(6))
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
                add(body, f"The class chose {how}: {winner.text if winner else ''}" + (f"  ({votes})" if votes else "")
                    + ("  — a tie, broken by the teacher" if decision.tie else ""), app.theme.text, app.px(2), app.px(20))
                if decision.record:
                    add(body, f"The record: {decision.record.text}", app.theme.good, app.px(2), app.px(20))
                    for citation in decision.record.cites:
                        add_citation(citation, app.px(40))
            y += app.px(10)
        if debrief.prompts:
            add(heading, "To discuss", app.theme.text, app.px(6))
            for scene_title, prompt in debrief.prompts:
                add(body, f"• {prompt}", app.theme.text, app.px(4), app.px(10))
        if debrief.epilogue:
            add(heading, debrief.epilogue.get("title", ""), app.theme.text, app.px(6))
            for paragraph in debrief.epilogue.get("text", []):
                add(body, paragraph, app.theme.text, app.px(6))
            for citation in debrief.epilogue.get("cites", []):
                add_citation(citation, app.px(20))
        y += app.px(16)
        self.rows = rows
        y = self.menu.layout(self.x, y, width)
        self.scroll.content_height = y + app.px(30)
        self.scroll.view_height = size[1]
        self.scroll.clamp()

    def handle(self, event: pygame.event.Event) -> None:
        app = self.app
        if self.scroll.handle(event, app.px(40)):
            app.invalidate()
            return
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            if self.menu.handle(shifted(event, self.scroll.offset)):
                app.invalidate()
            return
        if self.menu.handle(event):
            app.invalidate()
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and self.chapter:
            app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        surface.fill(app.theme.background)
        offset = -self.scroll.offset
        for font, lines, top, (colour, indent) in self.rows:
            y = top + offset
            if -200 < y < surface.get_height():
                draw_lines(surface, app.cache, font, lines, colour, self.x + indent, y, font.get_linesize())
        self.menu.draw_shifted(surface, offset)
        self.scroll.draw_bar(surface, pygame.Rect(0, 0, surface.get_width(), surface.get_height()), app.theme.faint)

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        if self.chapter:
            return [key_event(pygame.K_RETURN)]
        return [key_event(pygame.K_t if self.exported else pygame.K_e)]

    def screenshot_name(self) -> str:
        return f"debrief_{self.chapter or 'final'}"


class ClassroomMenuScreen(MenuScreen):
    """Esc in class: resume, export, the debrief so far, the whole source, end the lesson."""

    opaque = False
    name = "classroom_menu"

    def __init__(self, app: Any):
        super().__init__(app)
        def end() -> None:
            app.projector = False
            app.cache.clear()
            app.reset("title")

        self.menu = Menu(app, [
            Item("Resume", app.pop, key=pygame.K_r),
            Item("Export the session now", lambda: export_now(app), key=pygame.K_e),
            Item("The whole source", lambda: app.push("sources"), key=pygame.K_o),
            Item("End the lesson", end, detail="Export first if you want the record.", key=pygame.K_q),
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
