"""The scene format declared once: the checker and the editors' JSON Schemas agree."""

from __future__ import annotations

import json
import re

import pytest

from game.core import schema
from game.core.schema import SCHEMA_FILES, json_schema
from game.paths import default_story_dir


def _walk(node, path=()):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, path + (index,))


def test_shipped_schemas_are_the_generated_ones() -> None:
    for name, (record, title) in SCHEMA_FILES.items():
        shipped = json.loads((default_story_dir() / name).read_text("utf-8"))
        assert shipped == json_schema(record, title), name


def test_chapter_schema_knows_every_scene_key() -> None:
    chapter = json_schema(*SCHEMA_FILES["chapter.schema.json"])
    scene = chapter["properties"]["scenes"]["items"]
    assert set(scene["properties"]) == set(schema.SCENE.fields)
    assert scene["additionalProperties"] is False
    assert set(scene["required"]) == {"id", "date", "place", "title", "text", "cites"}
    choice = scene["properties"]["choices"]["items"]
    assert set(choice["properties"]) == {"id", "text", "goto", "if", "effects", "closed", "record", "reply"}
    assert set(choice["required"]) == {"text", "goto"}


def test_story_schema_requires_the_essentials() -> None:
    story = json_schema(*SCHEMA_FILES["story.schema.json"])
    assert set(story["required"]) >= {"id", "title", "version", "perspectives", "chapters", "sources"}
    assert story["$schema"].startswith("https://json-schema.org/")


@pytest.mark.parametrize(
    ("snippet", "message", "hint"),
    [
        ("    cites:\n      - {source: bbc, quot: x}\n", "unknown key 'quot' in citation", "did you mean 'quote'?"),
        ("    ending: {titel: The end}\n", "unknown key 'titel' in ending", "did you mean 'title'?"),
        ("    contentnote: x\n", "unknown key 'contentnote' in scene", "did you mean 'content_note'?"),
        ("    xyzzy: 1\n", "unknown key 'xyzzy' in scene", "known keys: id, chapter, perspective"),
    ],
)
def test_unknown_keys_everywhere_suggest_the_known_one(make_story, scene, snippet: str, message: str, hint: str) -> None:
    text = scene("start", ending=True)
    if "cites" in snippet:
        text = text.replace("    cites:\n", snippet, 1)  # the broken citation, then the good one
    elif "ending" in snippet:
        text = text.replace("    ending:\n      title: The end\n", snippet)
    else:
        text += snippet
    _, diagnostics = make_story(text, strict=False)
    assert any(d.message == message and d.hint.startswith(hint) for d in diagnostics.errors), [
        str(d) for d in diagnostics
    ]


def test_ids_must_be_lower_case(make_story, scene) -> None:
    _, diagnostics = make_story(scene("start", ending=True).replace("id: start", "id: Start"), start="Start", strict=False)
    # one wrong id, one error: the perspective's start (read first) names the scene's line too
    (error,) = [d for d in diagnostics.errors if d.code == "pattern"]
    assert error.message.startswith("story.yaml: 'perspectives'[1]: 'start': 'Start' is not valid (and 1 more: ")
    assert error.message.endswith("chapter.yaml:4)")
    assert error.hint == schema.ID_HINT


def test_schema_patterns_reject_what_check_rejects() -> None:
    for name, (record, title) in SCHEMA_FILES.items():
        for path, node in _walk(json_schema(record, title)):
            pattern = node.get("pattern")
            if isinstance(pattern, str):
                # JSON Schema semantics: a search, not a full match
                assert not re.search(pattern, "Not An Id!"), (name, path, pattern)
