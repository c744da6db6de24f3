"""The class's devices on the projector: the room to join, and a vote's result.

:class:`RoomScreen` is what the teacher puts up for the class to join (Q, and at the start
of a lesson with devices on): the address to type, the QR code that holds it with the room
code, the code in large letters, and how many devices are in. :class:`VoteResultScreen`
follows a vote the devices took part in: what the class chose, each choice's votes, and
how they were cast (from devices, by hands). During the vote itself the projector shows
how many devices have voted, never for what, so the room is not steered by a running
count; the counts come up here, when the vote has closed.

The drawing is here; the room, its server and its counts are :mod:`.devices` (headless).
"""

from __future__ import annotations

from typing import Any

import pygame

from ..ui.fitting import band_top
from ..ui.screens.base import Screen, draw_footer, draw_heading
from ..ui.text import balanced_wrap, draw_lines
from ..ui.widgets import key_event
from .devices.qr import qr_rows
from .session import Decision


def start_devices(app: Any, session: Any) -> bool:
    """Turn the class's devices on for ``session``; a failure is told, never raised (the
    lesson goes on with hands)."""
    from .devices.server import PREFERRED_PORT
    from .devices.service import Devices

    app.stop_devices()
    options = getattr(app, "options", None)  # the title's Classroom has no --devices-* options
    host = getattr(options, "devices_host", None)
    port = getattr(options, "devices_port", None)
    try:
        devices = Devices(session, host=host, port=PREFERRED_PORT if port is None else port)
        devices.start()
    except OSError as error:
        app.toast(f"Devices could not be turned on: {error.strerror or error}. Count hands instead.", 8, kind="error")
        return False
    app.devices = devices
    simulated = getattr(options, "simulated_devices", 0) or 0
    if simulated:  # autoplay with a class's devices (devices.simulate)
        from .devices.simulate import SimulatedClass

        app.simulated_class = SimulatedClass(devices.url, devices.code, simulated, getattr(options, "seed", None) or 1956)
        app.simulated_class.start()
    return True


def devices_line(app: Any, voting: bool = False) -> str:
    """``Room KDWMPA · 24 devices · 17 voted``: for the top bar and the vote's info line."""
    devices = getattr(app, "devices", None)
    if devices is None:
        return ""
    counts = devices.counts()
    words = f"Room {devices.code} · {counts.joined} device{'s' * (counts.joined != 1)}"
    if voting:
        words += f" · {counts.voted} voted"
    return words


def draw_qr(surface: pygame.Surface, text: str, rect: pygame.Rect, dark: Any, light: Any) -> pygame.Rect:
    """The QR code of ``text`` as large as fits in ``rect``, whole modules only (a module
    split between pixels blurs in a phone's camera); returns the box drawn."""
    rows = qr_rows(text)
    count = len(rows)
    module = max(1, min(rect.width, rect.height) // count)
    size = module * count
    box = pygame.Rect(0, 0, size, size)
    box.center = rect.center
    pygame.draw.rect(surface, light, box)
    for y, row in enumerate(rows):
        run_start = None
        for x, dark_module in enumerate(row + [False]):
            if dark_module and run_start is None:
                run_start = x
            elif not dark_module and run_start is not None:
                pygame.draw.rect(surface, dark, (box.x + run_start * module, box.y + y * module,
                                                 (x - run_start) * module, module))
                run_start = None
    return box


class CardScreen(Screen):
    """A full screen the teacher puts up and takes down with one key."""

    dismiss_keys: tuple[int, ...] = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_ESCAPE)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in self.dismiss_keys:
            self.app.pop()
            return
        super().handle(event)


class RoomScreen(CardScreen):
    """The room the class joins: address, QR code, code, and the devices in so far."""

    name = "room"
    dismiss_keys = (*CardScreen.dismiss_keys, pygame.K_q)

    def __init__(self, app: Any):
        super().__init__(app)
        self.joined_shown = -1

    def update(self) -> bool:
        devices = getattr(self.app, "devices", None)
        joined = devices.counts().joined if devices is not None else 0
        if joined != self.joined_shown:
            self.joined_shown = joined
            return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        theme = app.theme
        surface.fill(theme.background)
        devices = getattr(app, "devices", None)
        width, height = surface.get_size()
        margin = app.px(60)
        draw_heading(app, surface, "Vote from your phone or laptop", margin, app.px(36), 44)
        if devices is None:
            draw_footer(app, surface, "Enter back")
            return
        top = app.px(36) + app.font("display", 44).get_linesize() + app.px(24)
        bottom = band_top(app, height) - app.px(16)
        qr_side = max(app.px(120), min(bottom - top, round(width * 0.42)))
        qr_rect = pygame.Rect(width - margin - qr_side, top, qr_side, qr_side)
        drawn = draw_qr(surface, devices.join_url, qr_rect, (0, 0, 0), (255, 255, 255))
        text_width = drawn.x - margin - app.px(36)
        for scale in (1.0, 0.88, 0.76, 0.66, 0.58, 0.5):
            blocks = self.blocks(devices, text_width, scale)
            if sum(gap + len(lines) * font.get_linesize() for font, lines, _, gap in blocks) <= bottom - top:
                break
        y = top
        for font, lines, colour, gap in blocks:
            y += gap
            y = draw_lines(surface, app.cache, font, lines, colour, margin, y, font.get_linesize())
        draw_footer(app, surface, "Enter back to the lesson · Q shows this again")

    def blocks(self, devices: Any, width: int, scale: float) -> list[tuple[Any, list, Any, int]]:
        """The words beside the QR code at ``scale``: (font, lines, colour, gap above)."""
        app = self.app
        theme = app.theme
        label = app.font("body", 24 * scale)
        address = app.font("bold", 44 * scale)
        note = app.font("italic", 22 * scale)
        count = app.font("bold", 34 * scale)
        code = " ".join(devices.code)
        size = 96 * scale
        while app.font("bold", size).size(code)[0] > width and size > 24:
            size -= 4
        code_font = app.font("bold", size)
        counts = devices.counts()
        blocks = [
            (label, balanced_wrap(label, "1  Open this address in a browser:", width), theme.muted, 0),
            (address, balanced_wrap(address, devices.address, width), theme.text, app.px(4 * scale)),
            (label, balanced_wrap(label, "2  Enter the room code:", width), theme.muted, app.px(26 * scale)),
            (code_font, balanced_wrap(code_font, code, width), theme.accent, 0),
            (note, balanced_wrap(note, "Or scan the square with the camera. No app, no account, no name: one vote "
                                       "a device, changeable until the vote closes.", width), theme.muted,
             app.px(14 * scale)),
            (count, balanced_wrap(count, f"{counts.joined} device{'s' * (counts.joined != 1)} joined", width),
             theme.text, app.px(22 * scale)),
        ]
        if devices.this_machine_only:
            blocks.append((note, balanced_wrap(note, "No local network was found: only a browser on this computer "
                                                     "can join.", width), theme.muted, app.px(8 * scale)))
        return blocks

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_RETURN)]

    def screenshot_name(self) -> str:
        return "room"


class VoteResultScreen(CardScreen):
    """The tally of the vote just closed, each choice's votes and how they were cast."""

    name = "vote_result"

    def __init__(self, app: Any, decision: Decision):
        super().__init__(app)
        self.decision = decision

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        theme = app.theme
        decision = self.decision
        surface.fill(theme.background)
        width, height = surface.get_size()
        inner = min(app.px(1100), width - app.px(80))
        x = (width - inner) // 2
        y = draw_heading(app, surface, "The class has voted", x, app.px(28), 40)
        devices, hands = decision.device_votes, decision.hand_votes
        how = [f"{devices} from devices"] if devices else []
        how += [f"{hands} hand{'s' * (hands != 1)}"] if hands else []
        info = app.font("body", 22)
        total = decision.total_votes
        summary = f"{total} vote{'s' * (total != 1)}" + (f": {' and '.join(how)}" if how else "")
        if decision.teacher_tiebreak:
            summary += " · a tie, broken by the teacher"
        surface.blit(app.cache.render(info, summary, theme.muted), (x, y + app.px(4)))
        y += info.get_linesize() + app.px(22)
        bottom = band_top(app, height) - app.px(10)
        for scale in (1.0, 0.88, 0.76, 0.66, 0.58):
            rows = self.rows(inner, scale, bool(devices), bool(hands))
            if sum(row_height for _, row_height in rows) <= bottom - y:
                break
        for draw_row, row_height in rows:
            draw_row(surface, x, y)
            y += row_height
        draw_footer(app, surface, "Enter go on to the next scene")

    def rows(self, inner: int, scale: float, devices: bool, hands: bool) -> list[tuple[Any, int]]:
        """Each choice as (a function that draws it at x, y; its height) at ``scale``."""
        app = self.app
        theme = app.theme
        decision = self.decision
        choice_font = app.font("body", 30 * scale)
        count_font = app.font("bold", 34 * scale)
        small = app.font("body", 18 * scale)
        indent = app.px(56 * scale)
        most = max((c.votes for c in decision.choices), default=0) or 1

        def split_words(choice: Any) -> str:
            if not choice.open:
                return "closed"
            parts = [f"{choice.devices} device{'s' * (choice.devices != 1)}"] if devices else []
            parts += [f"{choice.hands} hand{'s' * (choice.hands != 1)}"] if hands else []
            return " · ".join(parts)

        side = max(small.size(split_words(c))[0] for c in decision.choices) + app.px(24)
        side = max(side, count_font.size(str(most))[0] + app.px(24))
        text_room = inner - indent - side
        track = pygame.Color(theme.background).lerp(pygame.Color(theme.rule), 0.35)
        built = []
        for choice in decision.choices:
            won = choice.index == decision.winner
            lines = balanced_wrap(choice_font, choice.text, text_room)[:3]
            bar_gap = app.px(10 * scale)
            bar_height = max(4, app.px(10 * scale))
            row_height = len(lines) * choice_font.get_linesize() + bar_gap + bar_height + app.px(30 * scale)

            def draw(surface: pygame.Surface, x: int, y: int, choice: Any = choice, won: bool = won,
                     lines: Any = lines, row_height: int = row_height, bar_gap: int = bar_gap,
                     bar_height: int = bar_height) -> None:
                colour = theme.text if choice.open else theme.faint
                if won:
                    box = pygame.Rect(x - app.px(12), y - app.px(8), inner + app.px(24),
                                      row_height - app.px(12) + small.get_linesize())
                    pygame.draw.rect(surface, theme.hover, box, border_radius=app.px(8))
                number = app.cache.render(count_font, str(choice.number), theme.accent if choice.open else theme.faint)
                surface.blit(number, (x, y))
                text_y = draw_lines(surface, app.cache, choice_font, lines, colour, x + indent, y,
                                    choice_font.get_linesize())
                count = app.cache.render(count_font, str(choice.votes), colour)
                surface.blit(count, count.get_rect(topright=(x + inner, y)))
                words = app.cache.render(small, split_words(choice), theme.muted if choice.open else theme.faint)
                surface.blit(words, words.get_rect(topright=(x + inner, y + count_font.get_linesize())))
                bar = pygame.Rect(x + indent, text_y + bar_gap, text_room, bar_height)
                pygame.draw.rect(surface, track, bar, border_radius=bar_height // 2)
                filled = round(text_room * choice.votes / most)
                if filled:
                    pygame.draw.rect(surface, theme.accent if won else theme.muted, bar.inflate(filled - bar.width, 0)
                                     .move((filled - bar.width) // 2, 0), border_radius=bar_height // 2)
                if won:
                    mark = app.cache.render(small, "the class's choice", theme.accent)
                    surface.blit(mark, (x + indent, bar.bottom + app.px(4)))

            built.append((draw, row_height + (small.get_linesize() if won else 0)))
        return built


    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_RETURN)]

    def screenshot_name(self) -> str:
        return f"vote_result_{self.decision.scene}"


__all__ = ["RoomScreen", "VoteResultScreen", "devices_line", "draw_qr", "start_devices"]
