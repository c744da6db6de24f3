"""Save and load. Slots are numbered 1–9 on both screens (the number key is the slot's
number); Load also lists every playthrough's autosave by point of view. Each line says
where the story stands in the game's own words ("Wednesday 24 October 1956"), whose
story it is and the scene; a damaged save says why and the others stay usable.

Delete (or Backspace) on a slot that holds a save, or on Load on a playthrough's
autosave, asks and then deletes it (a playthrough: all its autosaves); a damaged one
too. Never during a lesson: a class's place is its lesson file, put away from the
classroom's setup screen."""

from __future__ import annotations

from typing import Any, Callable

import pygame

from ...core.diagnostics import SaveError
from ...core.savestore import SLOT_NUMBERS, Playthrough, SaveInfo
from ..widgets import REMOVE_KEYS, Item, Menu, key_event
from .base import MenuScreen, draw_footer, draw_heading

NUMBER_KEYS = {number: getattr(pygame, f"K_{number}") for number in SLOT_NUMBERS}
#: a save's name in a dialog's title is cut to this many characters, so the title fits
TITLE_LABEL = 28


def saved_when(info: SaveInfo) -> str:
    if info.saved_at is None:
        return ""
    return "saved " + info.saved_at.astimezone().strftime("%d %b %Y, %H:%M")


def describe_slot(info: SaveInfo) -> tuple[str, str]:
    """"Slot 3 · “The rally”" over where it stands: the slot's number (its key on both
    screens) once, and the scene's title only when the save's name is not that title."""
    name = f"Slot {info.slot}"
    if not info.exists:
        return f"{name} · empty", ""
    if info.error:
        return f"{name} · damaged", info.error
    label = f" · “{info.label}”" if info.label else ""
    return f"{name}{label}", " · ".join(part for part in (place_beside_name(info), saved_when(info)) if part)


def place_beside_name(info: SaveInfo) -> str:
    """Whose story and where, said after the save's name: without the scene's title when
    the name is that title (a save is named after its scene unless the player types one)."""
    if info.label and info.label == info.scene_title:
        return " · ".join(part for part in (info.perspective_name, info.dateline) if part)
    return info.place


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
        self.can_delete = getattr(app, "classroom", None) is None  # never a class's: see the module's note
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
            remove = (lambda i=info: self.ask_delete_slot(i)) if info.exists and self.can_delete else None
            if self.saving:
                items.append(Item(label, (lambda i=info: self.save(i)), True, detail or "Empty: save here.", key=key,
                                  remove=remove))
            else:
                items.append(Item(label, (lambda i=info: self.load(i)), info.usable, detail or "Nothing saved here.",
                                  key=key, remove=remove))
        focus = self.menu.focus if self.menu.items else 0
        self.menu = Menu(app, items, size=20)
        if items:
            self.menu.focus_near(focus)
        self.layout(self.size)

    def autosave_items(self) -> list[Item]:
        """Each playthrough's newest autosave; when that one is damaged, also the newest
        earlier one that still loads."""
        items = []
        data = self.app.story_data
        for playthrough in self.app.saves.playthroughs():
            perspective = data.perspectives.get(playthrough.key) if data else None
            name = f"{perspective.name}'s story" if perspective else "A free start"
            whose = name if perspective else "the free start"
            shown = [playthrough.newest]
            if playthrough.newest is not None and playthrough.newest.error and playthrough.latest_usable:
                shown.append(playthrough.latest_usable)
            for index, info in enumerate(shown):
                if info is None:
                    continue
                label, detail = describe_autosave(info, name, earlier=index > 0)
                remove = (lambda p=playthrough, w=whose: self.ask_delete_playthrough(p, w)) if self.can_delete else None
                items.append(Item(label, (lambda i=info: self.load(i)), info.usable, detail, remove=remove))
        return items

    # ------------------------------------------------------------------ deleting
    def ask_delete_slot(self, info: SaveInfo) -> None:
        name = info.label if len(info.label) <= TITLE_LABEL else info.label[:TITLE_LABEL - 1].rstrip() + "…"
        label = f" “{name}”" if info.usable and name else (" (damaged)" if info.error else "")
        where = place_beside_name(info) if info.usable else ""
        place = f"It holds {where}. " if where else ""
        self.ask_delete(f"Delete slot {info.slot}{label}?", f"{place}This cannot be undone.",
                        lambda: self.app.saves.delete_slot(info.slot), f"Slot {info.slot} deleted.")

    def ask_delete_playthrough(self, playthrough: Playthrough, name: str) -> None:
        """A point of view's place is its autosaves, the earlier ones too: deleting only the
        newest would make Continue resume an older place."""
        count = len(playthrough.autosaves)
        saves = {1: "its autosave", 2: "both of its autosaves"}.get(count, f"all {count} of its autosaves")
        newest = playthrough.newest
        where = f" (the newest at {newest.where})" if newest is not None and newest.usable and newest.where else ""
        self.ask_delete(f"Delete {name}?",
                        f"This deletes {saves}{where}; the numbered slots are kept. This cannot be undone.",
                        lambda: self.app.saves.delete_playthrough(playthrough.key),
                        f"Deleted: {name[:1].upper() + name[1:]}, all its autosaves.")

    def ask_delete(self, title: str, text: str, delete: Callable[[], int], done: str) -> None:
        """Ask first; then delete, and say what happened (a save another game or a file
        manager removed meanwhile is no error, the list is only read again)."""
        app = self.app

        def confirmed() -> None:
            app.pop()  # the question
            try:
                deleted = delete()
            except OSError as error:
                app.toast(f"Could not delete: {error.strerror or error}", kind="error")
            else:
                if deleted:
                    app.toast(done)
                else:
                    app.toast("That save was no longer there; the list is read again.", kind="warning")
            self.refresh()

        # "Keep it" first and focused: this cannot be undone, so a reflexive Enter keeps the
        # save; deleting takes a deliberate second Delete (or the arrow and Enter).
        app.push("message", title, text, [Item("Keep it", app.pop, key=pygame.K_ESCAPE),
                                          Item("Delete it", confirmed, key=REMOVE_KEYS)])

    def save(self, info: SaveInfo) -> None:
        default = self.app.story.scene.title

        def write(name: str) -> None:
            try:
                self.app.saves.write_slot(info.slot, self.app.story, name.strip() or default)
            except OSError as error:
                self.app.toast(f"Could not save: {error.strerror or error}", kind="error")
                return
            except SaveError as error:  # a name or value the save API refuses
                self.app.toast(f"Could not save: {error}", kind="error")
                return
            self.app.toast(f"Saved in slot {info.slot}.")
            self.refresh()

        def ask_name() -> None:
            self.app.push("text_input", f"Name the save in slot {info.slot}", default, write)

        if not info.exists:
            ask_name()
            return
        what = f"“{info.label}”" if info.usable and info.label else ("a damaged save" if info.error else "a save")
        where = place_beside_name(info) if info.usable else ""

        def replace() -> None:
            self.app.pop()
            ask_name()

        self.app.push("message", f"Save over slot {info.slot}?",
                      f"Slot {info.slot} holds {what}" + (f" ({where})" if where else "")
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
        arrows do nothing, so the footer offers only the way back; Del only on what it
        deletes."""
        usable = [item for item in self.menu.items if item.enabled]
        reachable = [item for item in self.menu.items if item.reachable]
        delete = ["Del delete"] if self.menu.focused_removable is not None else []
        if not usable:
            parts = ["Nothing saved yet"] if not reachable else ["Nothing can be loaded"] + (
                ["↑↓ move"] if len(reachable) > 1 else [])
        elif len(usable) == 1 and len(reachable) == 1:
            parts = ["1–9 slot", "Enter"] if self.saving else ["Enter open"]
        else:
            parts = ["1–9 slot", "↑↓ and Enter"]
        return " · ".join(parts + delete + ["Esc back"])

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_ESCAPE)]

    def screenshot_name(self) -> str:
        return "save" if self.saving else "load"
