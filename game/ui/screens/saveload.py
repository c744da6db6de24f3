"""Save and load: named slots showing the scene title, the story's dateline and the real
time of saving. A damaged slot says so and the others stay usable."""

from __future__ import annotations

from typing import Any

import pygame

from ...core.saveslots import AUTOSAVE, SLOTS, SlotInfo
from ..widgets import Item, Menu, key_event
from .base import MenuScreen, draw_footer, draw_heading


def describe(info: SlotInfo) -> tuple[str, str]:
    name = "Autosave" if info.slot == AUTOSAVE else f"Slot {info.slot[4:]}"
    if not info.exists:
        return f"{name}: empty", ""
    if info.error:
        return f"{name}: damaged", info.error
    label = f" “{info.label}”" if info.label and info.slot != AUTOSAVE else ""
    when = info.saved_at.astimezone().strftime("%d %b %Y, %H:%M") if info.saved_at else ""
    story_time = info.scene_date.replace("T", " ")
    return f"{name}{label}: {info.scene_title}", f"{story_time} · {info.scene_place} · saved {when}"


class SaveLoadScreen(MenuScreen):
    name = "save_load"

    def __init__(self, app: Any, saving: bool):
        super().__init__(app)
        self.saving = saving and app.story is not None
        self.menu = Menu(app, [])
        self.refresh()

    def refresh(self) -> None:
        app = self.app
        items = []
        slots = SLOTS if self.saving else (AUTOSAVE, *SLOTS)
        for slot in slots:
            info = app.slots.info(slot)
            label, detail = describe(info)
            if self.saving:
                items.append(Item(label, (lambda s=slot: self.save(s)), True, detail))
            else:
                items.append(Item(label, (lambda s=slot: self.load(s)), info.exists, detail or "Nothing saved here."))
        focus = self.menu.focus if self.menu.items else 0
        self.menu = Menu(app, items, numbered=True, size=20)
        self.menu.focus = min(focus, len(items) - 1)
        self.layout(self.size)

    def save(self, slot: str) -> None:
        default = self.app.story.scene.title

        def done(name: str) -> None:
            try:
                self.app.slots.write(slot, self.app.story, name.strip() or default)
            except OSError as error:
                self.app.toast(f"Could not save: {error.strerror or error}")
                return
            self.app.toast("Saved.")
            self.refresh()

        self.app.push("text_input", "Name this save", default, done)

    def load(self, slot: str) -> None:
        self.app.load_slot(slot)

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        width = min(self.app.px(820), size[0] - self.app.px(160))
        self.x = (size[0] - width) // 2
        self.place_menu(self.x, self.app.px(120), width, size[1] - self.app.px(44))

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        surface.fill(app.theme.background)
        draw_heading(app, surface, "Save" if self.saving else "Load", self.x, app.px(40), 42)
        self.draw_menu(surface)
        draw_footer(app, surface, "1–9 or ↑↓ and Enter · Esc back")

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_ESCAPE)]

    def screenshot_name(self) -> str:
        return "save" if self.saving else "load"
