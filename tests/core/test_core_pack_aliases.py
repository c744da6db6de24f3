"""Issue 12, aliases: the value count of a file counts what the loader will walk once
its aliases are expanded (each use counts the whole subtree, and long text by its
length), so 20,000 aliases of one quote are an error at the first alias past the limit.

Packs are written into ``tmp_path``; subprocess timeouts only catch a hang.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core.diagnostics import Diagnostics
from game.core import yamlread
from game.core.yamlread import MAX_NODES, read_yaml_bytes
from hostile_pack import HEADER, QUOTE, at, errors, run, scene_yaml, story_yaml, write_pack

LONG = "this quote is not in the source " * 30  # 960 characters: 16 values per use


def aliased_quotes(uses: int) -> str:
    """Scene s0 anchors a long quote on line 11; each further scene (one line each, from
    line 15 on) cites it by alias, the alias at column 66 or so."""
    first = scene_yaml("s0", ending=True, quote=f'&q "{LONG}"')
    rest = "".join(
        f"  - {{id: s{i}, title: T, text: hi, cites: [{{source: bbc, quote: *q}}], ending: {{title: E}}}}\n"
        for i in range(1, uses + 1)
    )
    return HEADER + first + rest


def test_twenty_thousand_aliases_of_one_quote_stop_at_the_alias_past_the_limit(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, aliased_quotes(20_000))
    (error,) = errors(pack)
    assert error.code == "alias-bomb"
    assert f"more than {MAX_NODES:,} values" in error.message
    line, col = at(error)
    text = (pack / "chapter.yaml").read_text(encoding="utf-8").splitlines()
    assert text[line - 1][col - 1:col + 1] == "*q"  # the very alias, not the file's start
    assert 13 < line < 20_000


@pytest.mark.parametrize("command", [("check",), ("--headless", "--quit-after", "0"),
                                     ("classroom", "--headless", "--quit-after", "0")],
                         ids=["check", "game", "classroom"])
def test_every_tool_refuses_the_aliased_quote_without_hanging(tmp_path: Path, command: tuple[str, ...]) -> None:
    pack = write_pack(tmp_path, aliased_quotes(20_000))
    story = ["--story", str(pack)] if command[0] != "check" else [str(pack)]
    done = run(*command[:1], *story, *command[1:]) if command[0] != "--headless" else run(*story, *command)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "this alias makes the file expand to more than 250,000 values" in done.stdout + done.stderr


@pytest.mark.parametrize("file", ["story.yaml", "notes.yaml", "guide.yaml"])
def test_aliases_of_a_long_string_in_the_side_files(tmp_path: Path, file: str) -> None:
    """5,000 uses of a 10,000-character definition: each use counts 157 values."""
    long_text = "long " * 2000
    body = {
        "story.yaml": "glossary:\n  - &g {term: x, definition: \"" + long_text + "\"}\n" + "  - *g\n" * 5000,
        "notes.yaml": "notes:\n  - &n {id: n, source: bbc, quote: \"" + long_text + "\", kind: error}\n" + "  - *n\n" * 5000,
        "guide.yaml": "topics:\n  - &t {id: t, title: T, passages: [\"" + long_text + "\"]}\n" + "  - *t\n" * 5000,
    }[file]
    chapter = HEADER + scene_yaml("s0", ending=True)
    if file == "story.yaml":
        pack = write_pack(tmp_path, chapter, story_yaml(body))
    else:
        pack = write_pack(tmp_path, chapter, story_yaml(f"{file[:-5]}: {file}\n"))
        (pack / file).write_text(body, encoding="utf-8")
    found = [e for e in errors(pack) if e.code == "alias-bomb"]
    assert len(found) == 1, [str(e) for e in errors(pack)]
    line, col = at(found[0])
    assert found[0].pos.path.endswith(file)
    lines = (pack / file).read_text(encoding="utf-8").splitlines()
    assert lines[line - 1][col - 1] == "*"


def test_a_few_aliases_still_read(tmp_path: Path) -> None:
    chapter = HEADER + scene_yaml("s0", ending=True, quote=f"&q {QUOTE}") + scene_yaml("s1", ending=True, quote="*q")
    from game.core.loader import load_story

    story, diagnostics = load_story(write_pack(tmp_path, chapter))
    assert [e.code for e in diagnostics.errors] == []
    assert story is not None and story.scenes["s1"].cites[0].quote == QUOTE


def test_a_file_of_too_many_plain_values_says_so_without_blaming_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlread, "MAX_NODES", 1000)  # the same walk, a smaller file
    diagnostics = Diagnostics()
    assert read_yaml_bytes(b"a: [" + b"1," * 1000 + b"1]\n", "big.yaml", diagnostics) is None
    (error,) = diagnostics.errors
    assert (error.code, error.pos.line, error.pos.col) == ("too-many-values", 0, 0)
    assert error.message == "the file holds more than 1,000 values"


def test_the_limit_counts_each_use_of_an_alias_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """An anchor of 10 values used 99 times is 1,000 values and more: refused at the
    alias that crosses, on its own line and column."""
    monkeypatch.setattr(yamlread, "MAX_NODES", 1000)
    text = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb:\n" + "  - *a\n" * 99
    diagnostics = Diagnostics()
    assert read_yaml_bytes(text.encode(), "x.yaml", diagnostics) is None
    (error,) = diagnostics.errors
    # 1 mapping + 2 keys + 10 (the list) + 1 (b's list) = 14 before the aliases, 10 each
    assert (error.code, error.pos.line + 1, error.pos.col + 1) == ("alias-bomb", 2 + 99, 5)


@pytest.mark.parametrize(("text", "where", "message"), [
    ("a: &a [1, *a]\n", (1, 11), "this alias stands inside the value it names, so it never ends"),
    ("a: &a\n  b: *a\n", (2, 6), "this alias stands inside the value it names, so it never ends"),
    ("a: &x 1\nb: *y\n", (2, 4), "YAML syntax error: found undefined alias"),
], ids=["flow", "block", "undefined"])
def test_an_alias_inside_its_own_value_and_an_undefined_one(text: str, where: tuple[int, int], message: str) -> None:
    diagnostics = Diagnostics()
    assert read_yaml_bytes(text.encode(), "x.yaml", diagnostics) is None
    (error,) = diagnostics.errors
    assert ((error.pos.line + 1, error.pos.col + 1), error.message) == (where, message)
