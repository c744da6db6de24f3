"""Saving and loading through the screens: numbered slots (the same numbers on Save and
Load), an autosave per point of view after every choice, Continue on the title screen,
asking before anything is replaced, and damaged files that must not stop the game."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pygame
import pytest


def saves_dir(game) -> Path:
    return game.app.saves.folder


def newest_autosave(game, perspective: str = "student") -> Path:
    newest = game.app.saves.playthrough(perspective).newest
    assert newest is not None, f"no autosave for {perspective}"
    return newest.path


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def save_to_slot(game, number: int, name: str | None) -> None:
    """F2, the slot's number key, a typed name (replacing the suggestion), Enter."""
    game.key(pygame.K_F2)
    game.key(pygame.K_0 + number)
    if type(game.top).__name__ == "MessageScreen":  # the slot is taken: save over it
        game.key(pygame.K_RETURN)
    prompt = game.top
    assert type(prompt).__name__ == "TextInputScreen"
    if name is not None:
        for _ in range(len(prompt.value)):
            game.key(pygame.K_BACKSPACE)
        assert prompt.value == ""
        for word in re.findall(r"\S+\s*", name):  # one TEXTINPUT event per word, as an IME sends them
            game.type(word)
    game.key(pygame.K_RETURN)
    assert type(game.top).__name__ == "SaveLoadScreen"
    game.key(pygame.K_ESCAPE)
    assert type(game.top).__name__ == "StoryScreen"


def test_save_to_a_slot_and_load_it_back(make_game):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(1)
    assert game.scene == "student_rally"
    save_to_slot(game, 1, "Before the march")
    path = saves_dir(game) / "slot1.json"
    assert path.is_file()
    save = read_json(path)  # valid JSON
    assert save["format"] == "budapest1956-save"
    assert save["label"] == "Before the march"
    assert save["scene"] == "student_rally"
    assert save["variables"]["courage"] == 1
    assert save["variables"]["student_kept_leaflets"] is True
    assert len(save["history"]) == 1
    assert game.app.toast_text == "Saved in slot 1."
    # play on, then load from the pause menu
    game.choose(1)
    assert game.scene == "student_home"
    game.keys(pygame.K_ESCAPE, pygame.K_l)
    shown = game.draw()
    assert "Slot 1 · “Before the march”" in shown
    assert "Zsófia Varga · Tuesday 23 October 1956, 15:00 · Central Budapest · The rally · saved" in shown
    assert "Zsófia Varga's story: Home" in shown and "autosaved" in shown
    game.key(pygame.K_1)  # slot 1 is key 1 on Load as on Save
    assert game.stack_names() == ["TitleScreen", "StoryScreen"]
    assert game.scene == "student_rally"
    assert game.story.variables["courage"] == 1
    assert game.story.variables["student_kept_leaflets"] is True
    assert game.story.path == ["student_morning", "student_rally"]
    assert game.app.toast_text == "Loaded."
    game.choose(2)  # the march is open, as it was when saved
    assert game.scene == "student_radio"


def test_an_empty_name_keeps_the_suggested_one_and_a_second_game_lists_the_save(make_game):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    game.key(pygame.K_F2)
    game.key(pygame.K_3)
    for _ in range(len(game.top.value)):
        game.key(pygame.K_BACKSPACE)
    game.type("   ")
    game.key(pygame.K_RETURN)
    assert read_json(saves_dir(game) / "slot3.json")["label"] == "The morning of the rally"
    shown = game.draw()
    assert "Slot 3 · “The morning of the rally”" in shown
    game.app.shutdown()

    again = make_game()
    again.key(pygame.K_l)
    shown = again.draw()
    assert "Slot 3 · “The morning of the rally”" in shown
    again.key(pygame.K_3)
    assert again.scene == "student_morning"


def test_autosave_after_every_choice(make_game):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    for number, expected in ((1, "student_rally"), (1, "student_home")):
        game.choose(number)
        save = read_json(newest_autosave(game))
        assert save["scene"] == expected == game.scene
        assert len(save["history"]) == len(game.story.history)
        assert save["variables"] == dict(game.story.variables)
        assert save["label"] == "Autosave"


def test_continue_resumes_exactly_where_the_player_left(make_game):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(1)
    variables = dict(game.story.variables)
    path = game.story.path
    history = len(game.story.history)
    game.keys(pygame.K_ESCAPE, pygame.K_q)  # quit from the pause menu
    assert game.app.running is False
    game.app.shutdown()

    again = make_game()
    shown = again.draw()
    menu = again.top.menu
    assert menu.items[1].label == "Continue" and menu.items[1].enabled
    assert menu.focus == 1  # a returning player's first wish is to go on
    assert "Zsófia Varga · Tuesday 23 October 1956, 15:00 · Central Budapest · The rally" in shown
    again.key(pygame.K_c)
    assert again.stack_names() == ["TitleScreen", "StoryScreen"]
    assert again.scene == "student_rally"
    assert dict(again.story.variables) == variables
    assert again.story.path == path
    assert len(again.story.history) == history
    assert again.story.perspective_id == "student"
    again.key(pygame.K_BACKSPACE)  # the undo history came along
    assert again.scene == "student_morning"
    assert again.story.variables["courage"] == 0


DAMAGE = {
    "truncated": lambda text: text[: len(text) // 2],
    "empty": lambda text: "",
    "not an object": lambda text: "[1, 2, 3]",
    "another story": lambda text: text.replace('"id": "budapest1956"', '"id": "another_story"'),
    "binary": lambda text: "\udcff",
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_save_shows_a_message_and_the_game_goes_on(make_game, damage):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(1)
    saves = game.app.saves
    saves.write_slot(1, game.story, "Good one")
    saves.write_slot(2, game.story, "Bad one")
    bad = saves_dir(game) / "slot2.json"
    text = bad.read_text(encoding="utf-8")
    bad.write_bytes(DAMAGE[damage](text).encode("utf-8", "surrogateescape"))
    game.choose(1)
    assert game.scene == "student_home"

    game.keys(pygame.K_ESCAPE, pygame.K_l)
    shown = game.draw()
    assert "Slot 1 · “Good one”" in shown
    assert "Slot 2 · damaged" in shown  # every save is checked against the story when listed
    game.key(pygame.K_2)  # a damaged slot cannot be chosen: it says why
    assert type(game.top).__name__ == "SaveLoadScreen"
    assert game.scene == "student_home"  # nothing changed underneath
    assert game.app.toast_text  # the reason
    game.key(pygame.K_1)  # the other slot still loads
    assert game.stack_names() == ["TitleScreen", "StoryScreen"]
    assert game.scene == "student_rally"


def test_a_damaged_newest_autosave_leaves_the_one_before(make_game):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(1)
    game.choose(1)
    assert game.scene == "student_home"
    newest_autosave(game).write_text('{"format": "budapest1956-save", "vers', encoding="utf-8")
    again = make_game()
    shown = again.draw()
    item = again.top.menu.items[1]
    assert item.label == "Continue" and item.enabled
    assert "The rally" in shown  # the autosave before the damaged one
    again.key(pygame.K_l)
    shown = again.draw()
    assert "Zsófia Varga's story: autosave, damaged" in shown
    assert "Zsófia Varga's story: The rally" in shown and "an earlier autosave, " in shown
    again.key(pygame.K_ESCAPE)
    again.key(pygame.K_c)
    assert again.scene == "student_rally"


def test_when_every_autosave_is_damaged_continue_is_dimmed_and_says_why(make_game, ui_home: Path):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(1)
    for info in game.app.saves.playthrough("student").autosaves:
        info.path.write_text("[1, 2", encoding="utf-8")
    again = make_game()
    shown = again.draw()
    item = again.top.menu.items[1]
    assert item.label == "Continue" and not item.enabled
    assert "Every autosave is damaged; Load lists them with the reason." in shown
    again.key(pygame.K_c)
    assert again.stack_names() == ["TitleScreen"]
    assert again.app.toast_text.startswith("Every autosave is damaged")
    # a new game makes a good one
    again.keys(pygame.K_n, pygame.K_1)
    again.choose(1)
    assert read_json(newest_autosave(again))["scene"] == "student_rally"


def test_an_unwritable_player_folder_is_reported_not_fatal(make_game, ui_home: Path):
    ui_home.parent.mkdir(parents=True, exist_ok=True)
    ui_home.write_text("a file where the folder should be", encoding="utf-8")
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(1)
    assert game.scene == "student_rally"
    assert game.app.toast_text.startswith("Autosave failed")
    game.key(pygame.K_F2)
    game.key(pygame.K_1)
    game.key(pygame.K_RETURN)
    assert game.app.toast_text.startswith("Could not save")
    game.keys(pygame.K_ESCAPE, pygame.K_ESCAPE, pygame.K_e, pygame.K_RIGHT)
    assert game.app.settings.text_size == 3  # it still takes effect for this run
    assert game.app.toast_text.startswith("Settings could not be saved")
    assert "Settings could not be saved" in game.draw()


# ---------------------------------------------------------------- deleting


def load_screen_with_slot(game, number: int = 3, name: str = "The rally") -> None:
    """A game one choice in, a named slot, and Load from the pause menu."""
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(1)
    game.app.saves.write_slot(number, game.story, name)
    game.keys(pygame.K_ESCAPE, pygame.K_l)
    assert type(game.top).__name__ == "SaveLoadScreen"


def focus_label(game, start: str) -> None:
    """Arrow down (as the player does) until the focused row's label starts with ``start``."""
    menu = game.top.menu
    for _ in range(len(menu.items)):
        if menu.items[menu.focus].label.startswith(start):
            return
        game.key(pygame.K_DOWN)
    raise AssertionError(f"no row “{start}…” can be focused")


def test_delete_on_a_slot_asks_first_and_cancelling_keeps_it(make_game):
    game = make_game()
    load_screen_with_slot(game)
    focus_label(game, "Slot 3")
    assert "Del delete" in game.draw()
    game.key(pygame.K_DELETE)
    dialog = game.top
    assert type(dialog).__name__ == "MessageScreen" and dialog.title == "Delete slot 3 “The rally”?"
    assert dialog.text.endswith("This cannot be undone.") and "Zsófia Varga" in dialog.text
    game.key(pygame.K_ESCAPE)
    assert type(game.top).__name__ == "SaveLoadScreen"
    assert game.app.saves.slot(3).usable and (saves_dir(game) / "slot3.json").is_file()


def test_a_slot_confirmed_deleted_is_gone_and_the_focus_stays_near(make_game):
    game = make_game()
    load_screen_with_slot(game)
    game.app.saves.write_slot(5, game.story, "Another")
    game.top.refresh()
    focus_label(game, "Slot 3")
    game.key(pygame.K_DELETE)
    game.key(pygame.K_DELETE)  # "Delete it": a second, deliberate Delete
    screen = game.top
    assert type(screen).__name__ == "SaveLoadScreen"
    assert not (saves_dir(game) / "slot3.json").exists()
    assert game.app.toast_text == "Slot 3 deleted." and game.app.toast_kind == "done"
    shown = game.draw()
    assert "Slot 3 · empty" in shown and "Slot 5 · “Another”" in shown
    assert screen.menu.items[screen.menu.focus].label.startswith("Slot 5")  # the next one, not an empty row


def test_delete_on_a_playthrough_deletes_all_its_autosaves_and_continue_goes_to_the_other(make_game):
    from game.core.story import Story

    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(1, 1)
    store = game.app.saves
    count = len(store.playthrough("student").autosaves)
    assert count == 2
    store.autosave(Story(game.app.story_data, None, start="student_rally"))  # a free start
    store.write_slot(1, game.story, "Kept")
    game.keys(pygame.K_ESCAPE, pygame.K_l)
    focus_label(game, "Zsófia Varga's story")
    game.key(pygame.K_BACKSPACE)  # a Mac's "delete" key
    assert game.top.title == "Delete Zsófia Varga's story?"
    assert "both of its autosaves" in game.top.text and "numbered slots are kept" in game.top.text
    game.key(pygame.K_BACKSPACE)  # the same key again confirms
    assert store.playthrough("student").autosaves == []
    assert [p.key for p in store.playthroughs()] == ["free"] and store.slot(1).usable
    labels = [item.label for item in game.top.menu.items]
    assert not any(label.startswith("Zsófia Varga's story") for label in labels)
    assert labels[0].startswith("A free start") and labels[1] == "Slot 1 · “Kept”"
    assert game.app.toast_text == "Deleted: Zsófia Varga's story, all its autosaves."
    assert store.most_recent().playthrough == "free"  # what Continue resumes now


def test_a_damaged_save_can_be_focused_and_deleted(make_game):
    game = make_game()
    load_screen_with_slot(game)
    (saves_dir(game) / "slot2.json").write_text("{", encoding="utf-8")
    game.top.refresh()
    focus_label(game, "Slot 2 · damaged")  # it cannot be loaded, but the focus reaches it
    assert "Del delete" in game.draw()
    game.key(pygame.K_DELETE)
    assert game.top.title == "Delete slot 2 (damaged)?"
    game.key(pygame.K_DELETE)
    assert not (saves_dir(game) / "slot2.json").exists() and "Slot 2 · empty" in game.draw()


def test_the_footer_offers_delete_only_on_what_it_deletes(make_game):
    game = make_game()
    load_screen_with_slot(game)
    screen = game.top
    screen.menu.focus = next(i for i, item in enumerate(screen.menu.items) if item.label.endswith("empty"))
    assert "Del" not in game.draw()
    game.key(pygame.K_DELETE)  # an empty slot: nothing to delete, nothing asked
    assert type(game.top).__name__ == "SaveLoadScreen" and game.top is screen


def test_a_save_that_vanished_before_the_answer_is_no_error(make_game):
    game = make_game()
    load_screen_with_slot(game)
    focus_label(game, "Slot 3")
    game.key(pygame.K_DELETE)
    (saves_dir(game) / "slot3.json").unlink()  # another game, or a file manager, was quicker
    game.key(pygame.K_DELETE)
    assert type(game.top).__name__ == "SaveLoadScreen"
    assert game.app.toast_kind == "warning" and "no longer there" in game.app.toast_text
    assert "Slot 3 · empty" in game.draw()


def test_a_disk_that_refuses_the_deletion_is_an_error_toast(make_game, monkeypatch):
    game = make_game()
    load_screen_with_slot(game)
    focus_label(game, "Slot 3")

    def refused(number: int) -> bool:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(game.app.saves, "delete_slot", refused)
    game.keys(pygame.K_DELETE, pygame.K_DELETE)
    assert type(game.top).__name__ == "SaveLoadScreen"
    assert game.app.toast_kind == "error" and game.app.toast_text == "Could not delete: Permission denied"
    assert "Slot 3 · “The rally”" in game.draw()


def test_the_save_screen_deletes_slots_with_the_same_question(make_game):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    game.app.saves.write_slot(2, game.story, "Old")
    game.key(pygame.K_F2)
    screen = game.top
    assert screen.saving and screen.menu.focus == 0  # slot 1, empty: nothing to delete
    assert "Del" not in game.draw()
    game.key(pygame.K_DOWN)
    assert "Del delete" in game.draw()
    game.keys(pygame.K_DELETE)
    assert game.top.title == "Delete slot 2 “Old”?"
    game.key(pygame.K_DELETE)
    assert game.top is screen and not game.app.saves.slot(2).exists


def test_enter_in_the_delete_question_keeps_the_save(make_game):
    """Deleting cannot be undone, so the reflexive Enter of a player who pressed Delete by
    mistake keeps the save: "Keep it" is first and focused."""
    game = make_game()
    load_screen_with_slot(game)
    focus_label(game, "Slot 3")
    game.key(pygame.K_DELETE)
    assert game.top.menu.items[game.top.menu.focus].label == "Keep it"
    game.key(pygame.K_RETURN)
    assert type(game.top).__name__ == "SaveLoadScreen"
    assert game.app.saves.slot(3).usable
