"""Every character the screens draw exists in the font that draws it: a missing glyph
shows as an empty box (the font's .notdef), which is easy to miss by eye in a diff."""

from __future__ import annotations

import pygame

SCREENS = ["title", "new_game", "story", "drawer", "sources", "journal", "save", "load", "settings", "about",
           "ending", "pause", "message", "error"]
PRIVATE_USE = "\ue000"  # no font has a glyph here: what it draws is the .notdef box


def missing_glyphs(font: pygame.font.Font, text: str, seen: dict) -> set[str]:
    def image(char: str) -> bytes:
        surface = font.render(char, True, (0, 0, 0), (255, 255, 255))
        return bytes(str(surface.get_size()), "ascii") + pygame.image.tostring(surface, "RGB")

    missing = set()
    for char in set(text) - set(" \t\n"):
        key = (id(font), char)
        if key not in seen:
            seen[key] = image(char) == image(PRIVATE_USE)
        if seen[key]:
            missing.add(char)
    return missing


def test_every_character_drawn_on_every_screen_is_in_its_font(make_game, goto):
    seen: dict = {}
    problems = []
    for name in SCREENS:
        game = make_game()
        goto(game, name)
        game.draw()
        assert game.rendered, name
        for font, text in game.rendered:
            for char in missing_glyphs(font, text, seen):
                problems.append(f"{name}: {char!r} (U+{ord(char):04X}) in {text!r}")
    assert not problems, "\n".join(sorted(set(problems)))


def test_the_name_prompt_cursor_is_a_thin_bar(make_game, goto):
    game = make_game()
    goto(game, "text_input")
    prompt = game.top
    for _ in range(len(prompt.value)):
        game.key(pygame.K_BACKSPACE)
    assert prompt.value == ""
    game.draw()
    app = game.app
    box = pygame.Rect(prompt.panel.x + app.px(30), prompt.panel.y + app.px(80), prompt.panel.width - app.px(60),
                      app.px(44)).inflate(-8, -8)
    columns = [x for x in range(box.left, box.right) if game.ink((x, box.y, 1, box.height)) > 0]
    assert columns, "no cursor drawn"
    assert max(columns) - min(columns) + 1 <= app.px(4), f"the cursor is {max(columns) - min(columns) + 1} px wide"
