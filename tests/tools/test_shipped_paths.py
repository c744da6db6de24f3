"""The one lookup of the shipped story and assets (game/paths.py), both of its branches.

An installed wheel or a bundle carries the files in ``game/_shipped/``; a checkout keeps
them at the top level. Faked here with a package folder in tmp_path, so no wheel is built
(.ci/wheel builds and installs a real one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game import paths


def test_a_checkout_reads_its_top_level_folders() -> None:
    assert not (paths.PACKAGE_ROOT / paths.SHIPPED_FOLDER).exists(), "game/_shipped is made only at build time"
    assert paths.default_story_dir() == paths.PROJECT_ROOT / "scenes"
    assert paths.assets_dir() == paths.PROJECT_ROOT / "assets"
    assert (paths.default_story_dir() / "story.yaml").is_file()


def test_an_installed_package_reads_its_shipped_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "site-packages" / "game"
    (package / "_shipped" / "scenes").mkdir(parents=True)
    (package / "_shipped" / "assets" / "fonts").mkdir(parents=True)
    monkeypatch.setattr(paths, "_package_folder", lambda: package)
    assert paths.default_story_dir() == package / "_shipped" / "scenes"
    assert paths.assets_dir() == package / "_shipped" / "assets"
    # the fonts sit beside the story, as in the checkout
    assert paths.assets_dir().parent == paths.default_story_dir().parent


def test_a_package_without_a_shipped_folder_falls_back_to_the_checkout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "_package_folder", lambda: tmp_path / "game")
    assert paths.default_story_dir() == paths.PROJECT_ROOT / "scenes"


def test_the_package_folder_is_the_imported_package() -> None:
    assert paths._package_folder().resolve() == paths.PACKAGE_ROOT
