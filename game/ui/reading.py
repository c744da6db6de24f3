"""The keyboard on a page of text that ends in a menu: a scene and its choices, an ending
and its ways on.

The rule is that a key never acts on an item the player cannot see. Space reads on: a
page of text at a time, and once the items are on screen it puts the focus on the first
of them that is open (it never acts). Enter acts only on the focused item when that item
is wholly on screen; otherwise it reads on like Space. The arrows, Home and End scroll the
text while there is text below (or above) to read, and only then move among the items;
Tab goes straight to the items. Number keys and clicks stay direct: they are deliberate.

At first no item shows the focus, so nothing looks chosen before the player has read to
it. A page whose menu is a single way on (an ending scene's "Continue: the epilogue") is
not a choice: there Enter and Space go on as soon as it is on screen.

:class:`ReadingKeys` is a mixin for a :class:`~game.ui.screens.base.Screen` with ``app``,
``menu`` (whose item rects are in content coordinates), ``scroll`` (a ScrollArea) and
``reading_height()``: how much of the content is on screen at once.
"""

from __future__ import annotations

from typing import Any

import pygame

#: how far one arrow press scrolls, in text lines of the ScrollArea's step
ARROW_LINES = 4 / 3


class ReadingKeys:
    app: Any
    menu: Any
    scroll: Any
    focus_shown: bool = False  # whether the player has brought the focus to the items
    #: what Space says when the items are on screen and one has the focus
    space_hint = "Enter takes the highlighted choice; its number key takes it at once."

    # ------------------------------------------------------------------ geometry
    def reading_height(self) -> int:
        """The height of the part of the content on screen (override)."""
        raise NotImplementedError

    def reading_line(self) -> int:
        return self.app.px(30)

    def item_in_view(self, index: int) -> bool:
        """Whether item ``index`` is wholly on screen (or, taller than the view, fills it)."""
        if not 0 <= index < len(self.menu.items):
            return False
        rect = self.menu.items[index].rect
        if rect.height <= 0:  # not laid out (the text is still being typed out)
            return False
        top, bottom, height = rect.top - self.scroll.offset, rect.bottom - self.scroll.offset, self.reading_height()
        if rect.height > height:
            return top <= 0 and bottom >= height
        return top >= 0 and bottom <= height

    def items_reached(self) -> bool:
        """The end of the text is on screen: the first item is in view, or the page is at
        its end (a menu taller than the window)."""
        if not self.menu.items:
            return True
        if self.menu.items[0].rect.height <= 0:
            return False
        return self.item_in_view(0) or self.scroll.offset >= self.scroll.max_offset

    def open_in_view(self) -> list[int]:
        return [index for index in self.menu.enabled_indexes() if self.item_in_view(index)]

    def focus_in_hand(self) -> bool:
        """The player has a focused item on screen: the one Enter acts on."""
        return self.focus_shown and self.item_in_view(self.menu.focus)

    def single_way_on(self) -> bool:
        """The menu is one way on, not a choice (override)."""
        return False

    # ------------------------------------------------------------------ moving
    def focus_item(self, index: int) -> None:
        self.menu.focus = index
        self.focus_shown = True
        self.scroll_item_into_view(index)
        self.app.invalidate()

    def scroll_item_into_view(self, index: int) -> None:
        if not 0 <= index < len(self.menu.items):
            return
        rect = self.menu.items[index].rect
        margin = self.app.px(20)
        height = self.reading_height()
        if rect.bottom - self.scroll.offset > height:
            self.scroll.scroll(rect.bottom - self.scroll.offset - height + margin)
        elif rect.top - self.scroll.offset < 0:
            self.scroll.scroll(rect.top - self.scroll.offset - margin)

    def scroll_by(self, delta: int) -> bool:
        moved = self.scroll.scroll(delta)
        if moved:
            self.app.invalidate()
        return moved

    def page(self) -> int:
        line = self.reading_line()
        return max(line, self.reading_height() - 3 * line)

    def focus_first_in_view(self) -> None:
        """The focus to the first open item on screen (or, none being on screen, the first
        open one, scrolled into view)."""
        visible = self.open_in_view()
        enabled = self.menu.enabled_indexes()
        if visible:
            self.focus_item(visible[0])
        elif enabled:
            self.focus_item(enabled[0])

    def read_on(self) -> None:
        """Space: a page more; at the items, the focus to the first one on screen (or, when
        the player has put it on one cut by the edge, that one wholly into view)."""
        if not self.items_reached():
            self.scroll_by(self.page())
        elif self.focus_in_hand():
            return
        elif self.focus_shown and self.menu.focus in self.menu.enabled_indexes():
            self.focus_item(self.menu.focus)
        else:
            self.focus_first_in_view()

    def enter(self) -> None:
        """Enter: the focused item when it is on screen, else read on."""
        if self.single_way_on() and self.items_reached():
            self.menu.activate(0)
        elif self.focus_in_hand():
            self.menu.activate(self.menu.focus)
        else:
            self.read_on()

    def space(self) -> None:
        if self.single_way_on() and self.items_reached():
            self.menu.activate(0)
        elif self.focus_in_hand():
            self.app.toast(self.space_hint, 3, kind="warning")  # Space did not take it: say why
        else:
            self.read_on()

    def arrow(self, step: int) -> None:
        """↓ reads on a few lines until the items are on screen, then moves down them;
        ↑ moves up the items, and from the first scrolls back up the text."""
        line = round(self.reading_line() * ARROW_LINES)
        enabled = self.menu.enabled_indexes()
        if step > 0:
            if not self.items_reached():
                self.scroll_by(line)
            elif not self.focus_in_hand():
                self.focus_first_in_view()
            else:
                following = [index for index in enabled if index > self.menu.focus]
                if following:
                    self.focus_item(following[0])
                else:
                    self.scroll_by(line)  # the last item: show what little lies below it
            return
        if self.focus_in_hand():
            earlier = [index for index in enabled if index < self.menu.focus]
            if earlier:
                self.focus_item(earlier[-1])
                return
        self.scroll_by(-line)

    def tab(self, step: int) -> None:
        """Tab and Shift+Tab: straight to the items, round and round."""
        enabled = self.menu.enabled_indexes()
        if not enabled:
            return
        if not self.focus_in_hand():
            visible = self.open_in_view()
            self.focus_item(visible[0] if visible else (enabled[0] if step > 0 else enabled[-1]))
            return
        self.menu.move(step)
        self.focus_item(self.menu.focus)

    def home(self) -> None:
        """Home: to the top of the text; already there, to the first item (if on screen)."""
        if self.scroll.offset > 0:
            self.scroll_by(-self.scroll.offset)
            return
        visible = self.open_in_view()
        if visible and self.items_reached():
            self.focus_item(visible[0])

    def end(self) -> None:
        """End: to the end of the text; already there, to the last item."""
        if self.scroll.offset < self.scroll.max_offset:
            self.scroll_by(self.scroll.max_offset - self.scroll.offset)
            return
        enabled = self.menu.enabled_indexes()
        if enabled:
            self.focus_item(enabled[-1])

    def handle_reading_key(self, event: pygame.event.Event) -> bool:
        """Space, Enter, the arrows, Tab, Home and End; True when the key was one of them."""
        if event.type != pygame.KEYDOWN:
            return False
        key = event.key
        ctrl = event.mod & pygame.KMOD_CTRL
        shift = event.mod & pygame.KMOD_SHIFT
        if key == pygame.K_SPACE:
            self.space()
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.enter()
        elif key in (pygame.K_DOWN, pygame.K_UP):
            self.arrow(1 if key == pygame.K_DOWN else -1)
        elif key == pygame.K_TAB:
            self.tab(-1 if shift else 1)
        elif key == pygame.K_HOME and not ctrl:
            self.home()
        elif key == pygame.K_END and not ctrl:
            self.end()
        else:
            return False
        return True

    def noticed_hover(self) -> None:
        """The mouse over an item puts the focus there (the menu moved it): show it."""
        if self.menu.hover is not None:
            self.focus_shown = True
