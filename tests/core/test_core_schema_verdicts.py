"""The editors' verdict and the checker's agree, file by file.

jsonschema is the reference validator of JSON Schema: its verdict on a file is the one
editors' validators (yaml-language-server, check-jsonschema) give. Each file is read the way
an editor reads it, as YAML 1.2 (:class:`~game.core.yaml12.Yaml12Loader`: a PyYAML safe
loader with YAML 1.2's core-schema resolution; ruamel.yaml is not installed), validated
against its schema in scenes/, and compared with ``check``'s diagnostics of that file:

* a file the schema rejects must get at least one schema-kind error from ``check``;
* a file ``check`` finds schema-clean must pass the schema.

Only the schema kinds of diagnostics take part: ``check`` also finds what a schema cannot
express (a quote not in its source, a goto to no scene), and those are not disagreements.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from game.core.loader import load_story
from game.core.schema import SCHEMA_FILES
from game.core.yaml12 import Yaml12Loader
from game.paths import default_story_dir

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

#: the diagnostics schema.check gives: what a JSON Schema can say too
SCHEMA_CODES = {"type", "value", "pattern", "unknown-key", "missing-key", "too-few", "sexagesimal"}

#: a file that is not YAML data to begin with: editors report these themselves, as YAML
#: errors (duplicate keys: yaml-language-server's "Map keys must be unique"), before any
#: schema is applied, and check as reading errors; there is no schema verdict to compare
UNREADABLE = {"yaml-syntax", "encoding", "empty-file", "alias-bomb", "duplicate-key", "merge-key", "yaml-tag",
              "file-too-large", "io", "bad-key"}

#: Legitimate differences: check reports a schema-kind error the schema cannot see. A JSON
#: Schema sees values, not how they were written, so it cannot tell `id: no` from
#: `id: "no"`; check refuses the unquoted word because the game (YAML 1.1) reads it as a
#: boolean, a number or a date, where editors (YAML 1.2) read text. Each such error carries
#: the hint to quote it, which the test also requires.
QUOTING_ONLY = {
    ("wrong_types", "chapter.yaml"): "id: no, title: 12:30 and date: 1956-10-24 unquoted",
    ("broken_target", "chapter.yaml"): "title: 12:30 unquoted",
}


def _schema_for(file: Path) -> dict:
    name = {"story.yaml": "story", "notes.yaml": "notes", "guide.yaml": "guide"}.get(file.name, "chapter")
    path = default_story_dir() / f"{name}.schema.json"
    assert path.name in SCHEMA_FILES
    return json.loads(path.read_text("utf-8"))


def _folders() -> list[Path]:
    packs = sorted(p for p in FIXTURES.iterdir() if p.is_dir() and not p.name.startswith("_"))
    return [default_story_dir(), *packs]


@pytest.mark.parametrize("folder", _folders(), ids=lambda p: "shipped" if p == default_story_dir() else p.name)
def test_schema_and_check_give_the_same_verdict(folder: Path) -> None:
    _, diagnostics = load_story(folder, strict=False)
    compared = 0
    for file in sorted(folder.glob("*.yaml")):
        mine = [d for d in diagnostics if Path(d.pos.path).name == file.name]
        if any(d.code in UNREADABLE for d in mine):
            continue
        data = yaml.load(file.read_text("utf-8"), Loader=Yaml12Loader)  # noqa: S506 - a safe loader
        rejected = [e.message for e in jsonschema.Draft202012Validator(_schema_for(file)).iter_errors(data)]
        schema_kind = [d for d in mine if d.code in SCHEMA_CODES]
        shown = [str(d) for d in schema_kind]
        if rejected:
            assert schema_kind, f"{file}: the schema rejects it ({rejected[:3]}) but check has no schema error"
        key = (folder.name, file.name)
        if key in QUOTING_ONLY:
            assert schema_kind and not rejected, f"{file}: no longer a listed difference; update QUOTING_ONLY"
            assert all("put it in quotes" in d.hint for d in schema_kind), shown
        elif schema_kind:
            assert rejected, f"{file}: check reports {shown} but the schema accepts the file"
        compared += 1
    assert compared or folder.name in {"yaml_syntax", "empty_file", "not_utf8", "alias_bomb", "duplicate_keys"}


def test_every_shipped_file_passes_its_schema() -> None:
    """The shipped story is clean for check; here the same for the reference validator."""
    for file in sorted(default_story_dir().glob("*.yaml")):
        data = yaml.load(file.read_text("utf-8"), Loader=Yaml12Loader)  # noqa: S506 - a safe loader
        errors = [e.message for e in jsonschema.Draft202012Validator(_schema_for(file)).iter_errors(data)]
        assert not errors, (file.name, errors[:3])


def test_the_schemas_are_valid_and_free_of_type_unions() -> None:
    """ajv's strict mode (yaml-language-server's validator) refuses "type": [...] unions."""
    for name in SCHEMA_FILES:
        schema = json.loads((default_story_dir() / name).read_text("utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert '"type": [' not in json.dumps(schema), name
