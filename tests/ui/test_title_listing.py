"""The title screen looks at the saves folder once per layout. It is laid out again on
every window resize (a drag sends many), and it shows both what Continue resumes and
whether any autosave exists at all: asked as two questions, a folder whose autosaves are
all damaged was listed, and every file in it looked at, twice on each of them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from game.core.savestore import SaveStore


@pytest.fixture
def looked_at(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """How often the store lists each playthrough folder and looks at each save file."""
    seen: Counter = Counter()
    sequences, info = SaveStore._sequences, SaveStore._info

    def counting_sequences(self: SaveStore, folder: Path) -> list[int]:
        seen[("listed", folder.name)] += 1
        return sequences(self, folder)

    def counting_info(self: SaveStore, path: Path, **where: object):
        seen[("read", path.parent.name, path.name)] += 1
        return info(self, path, **where)

    monkeypatch.setattr(SaveStore, "_sequences", counting_sequences)
    monkeypatch.setattr(SaveStore, "_info", counting_info)
    return seen


def damaged_autosaves(store: SaveStore) -> list[tuple[str, str, str]]:
    """Two points of view's autosaves, every one of them unreadable."""
    files = []
    for playthrough in ("student", "worker"):
        folder = store.autosave_folder(playthrough)
        folder.mkdir(parents=True)
        for number in (1, 2):
            (folder / f"{number:06d}.json").write_text("{ not a save", encoding="utf-8")
            files.append(("read", folder.name, f"{number:06d}.json"))
    return files


def test_a_resize_of_the_title_lists_damaged_autosaves_once(make_game, looked_at):
    game = make_game()
    files = damaged_autosaves(game.app.saves)
    looked_at.clear()
    game.app.relayout()  # what each resize event does: the title screen is laid out again
    assert sorted(key for key in looked_at if key[0] == "read") == sorted(files)
    assert set(looked_at.values()) == {1}, looked_at  # each folder listed, each file looked at, once
    assert "Every autosave is damaged" in game.draw()  # what the listing is for


def test_with_a_usable_autosave_continue_still_resumes_the_most_recent(make_game, goto, looked_at):
    from game.ui.screens.title import TitleScreen

    game = make_game()
    goto(game, "story")
    game.choose(1)  # a choice: its autosave
    app = game.app
    app.reset(TitleScreen(app))
    looked_at.clear()
    app.relayout()
    assert set(looked_at.values()) == {1}, looked_at
    cont = game.top.menu.items[1]
    assert cont.label == "Continue" and cont.enabled and game.top.menu.focus == 1
    assert cont.detail == app.saves.most_recent().place != ""
