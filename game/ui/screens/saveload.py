"""Save and load. Slots are numbered 1–9 on both screens (the number key is the slot's
number); Load also lists every playthrough's autosave by point of view. Each line says
where the story stands in the game's own words ("Wednesday 24 October 1956"), whose
story it is and the scene; a damaged save says why and the others stay usable."""

from __future__ import annotations

from typing import Any

import pygame

from ...core.savestore import SLOT_NUMBERS, SaveInfo
from ..widgets import Item, Menu, key_event
from .base import MenuScreen, draw_footer, draw_heading

NUMBER_KEYS = {number: getattr(pygame, f"K_{number}") for number in SLOT_NUMBERS}


def saved_when(info: SaveInfo) -> str:
    if info.saved_at is None:
        return ""
    return "saved " + info.saved_at.astimezone().strftime("%d %b %Y, %H:%M")


def describe_slot(info: SaveInfo) -> tuple[str, str]:
    name = f"{info.slot} · Slot {info.slot}"
    if not info.exists:
        return f"{name}: empty", ""
    if info.error:
        return f"{name}: damaged", info.error
    label = f" “{info.label}”" if info.label else ""
    return f"{name}{label}", " · ".join(part for part in (info.place, saved_when(info)) if part)


def describe_autosave(info: SaveInfo, name: str, earlier: bool) -> tuple[str, str]:
    """"Zsófia Varga's story: The rally" over "Tuesday 23 October 1956, 15:00 · Central
    Budapest · autosaved 02 Dec 2026, 10:13"."""
    kind = "an earlier autosave" if earlier else "autosave"
    if info.error:
        return f"{name}: {kind}, damaged", info.error
    when = saved_when(info).replace("saved", "autosaved" if not earlier else "an earlier autosave,", 1)
    return f"{name}: {info.scene_title}", " · ".join(part for part in (info.dateline, when) if part)


class SaveLoadScreen(MenuScreen):
    name = "save_load"

    def __init__(self, app: Any, saving: bool):
        super().__init__(app)
        self.saving = saving and app.story is not None
        self.menu = Menu(app, [])
        self.refresh()

    def refresh(self) -> None:
        app = self.app
        items: list[Item] = []
        store = app.saves
        if store is not None and not self.saving:
            items.extend(self.autosave_items())
        for info in (store.slots() if store is not None else []):
            label, detail = describe_slot(info)
            key = NUMBER_KEYS[info.slot]
            if self.saving:
                items.append(Item(label, (lambda i=info: self.save(i)), True, detail or "Empty: save here.", key=key))
            else:
                items.append(Item(label, (lambda i=info: self.load(i)), info.usable, detail or "Nothing saved here.",
                                  key=key))
        focus = self.menu.focus if self.menu.items else 0
        self.menu = Menu(app, items, size=20)
        if items:
            self.menu.focus = min(focus, len(items) - 1)
        self.layout(self.size)

    def autosave_items(self) -> list[Item]:
        """Each playthrough's newest autosave; when that one is damaged, also the newest
        earlier one that still loads."""
        items = []
        data = self.app.story_data
        for playthrough in self.app.saves.playthroughs():
            perspective = data.perspectives.get(playthrough.key) if data else None
            name = f"{perspective.name}'s story" if perspective else "A free start"
            shown = [playthrough.newest]
            if playthrough.newest is not None and playthrough.newest.error and playthrough.latest_usable:
                shown.append(playthrough.latest_usable)
            for index, info in enumerate(shown):
                if info is None:
                    continue
                label, detail = describe_autosave(info, name, earlier=index > 0)
                items.append(Item(label, (lambda i=info: self.load(i)), info.usable, detail))
        return items

    def save(self, info: SaveInfo) -> None:
        default = self.app.story.scene.title

        def write(name: str) -> None:
            try:
                self.app.saves.write_slot(info.slot, self.app.story, name.strip() or default)
            except OSError as error:
                self.app.toast(f"Could not save: {error.strerror or error}", kind="error")
                return
            self.app.toast(f"Saved in slot {info.slot}.")
            self.refresh()

        def ask_name() -> None:
            self.app.push("text_input", f"Name the save in slot {info.slot}", default, write)

        if not info.exists:
            ask_name()
            return
        what = f"“{info.label}”" if info.usable and info.label else ("a damaged save" if info.error else "a save")

        def replace() -> None:
            self.app.pop()
            ask_name()

        self.app.push("message", f"Save over slot {info.slot}?",
                      f"Slot {info.slot} holds {what}" + (f" ({info.place})" if info.usable else "")
                      + ". Saving here replaces it.",
                      [Item("Save over it", replace, key=pygame.K_RETURN),
                       Item("Keep it and choose another slot", self.app.pop, key=pygame.K_ESCAPE)])

    def load(self, info: SaveInfo) -> None:
        self.app.load_save(info)

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
        draw_footer(app, surface, self.footer())

    def footer(self) -> str:
        """Only the keys that act: with nothing to load, the slots' numbers and the
        arrows do nothing, so the footer offers only the way back."""
        usable = [item for item in self.menu.items if item.enabled]
        if not usable:
            return "Nothing saved yet · Esc back"
        if len(usable) == 1:
            return "1–9 slot · Enter · Esc back" if self.saving else "Enter open · Esc back"
        return "1–9 slot · ↑↓ and Enter · Esc back"

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_ESCAPE)]

    def screenshot_name(self) -> str:
        return "save" if self.saving else "load"
