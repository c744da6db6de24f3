"""Reactive text on the ``reactive`` fixture pack, read through the real ``Story`` facade.

The pack (``tests/fixtures/reactive``) uses every construct once: conditional paragraphs
with and without ``else:``, a first-visit/return pair, two choices with replies that
converge on one scene, a reply with a conditional item, ``chose()`` two scenes after the
choice, ``{name}`` of a str and of an int variable, ``{{``/``}}``, a conditional epilogue
and a scene whose entry effects its own text reads. Each test names the path it walks
and the exact paragraphs a player reads there, so a construct that stops working fails
a test instead of quietly showing the default.

Also here: what ``explore`` and ``export`` say about reactive text, and where messages
about mistakes inside text land (``textread.scalar_pos``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.core.diagnostics import Diagnostics, Pos
from game.core.explore import explore
from game.core.model import StoryData
from game.core.story import Story
from game.core.text import TemplateError, scan_template
from game.core.textread import expression_pos, read_text, scalar_pos
from game.core.yamlread import read_yaml_bytes

START_TEXT = ("Gábor knocks twice.", "Someone has chalked {Russians go home} on the stairs.")


@pytest.fixture
def reactive(load_pack) -> StoryData:
    story, diagnostics = load_pack("reactive")
    assert story is not None, [str(d) for d in diagnostics]
    assert not diagnostics.warnings, [str(d) for d in diagnostics]
    return story


def walk(data: StoryData, *choices: str, **variables) -> Story:
    story = Story(data, "student", variables=variables or None)
    for choice in choices:
        story.choose(choice)
    return story


# --------------------------------------------------------------------------- rendering


def test_first_scene_prints_a_text_variable_and_escaped_braces(reactive) -> None:
    story = walk(reactive)
    assert story.text == START_TEXT
    assert story.reply == () and story.epilogue == ()
    assert story.state.shown == START_TEXT


def test_a_started_value_is_what_the_slot_prints(reactive) -> None:
    story = walk(reactive, friend="Erzsi")
    assert story.text == ("Erzsi knocks twice.", START_TEXT[1])
    story.choose("empty")
    story.choose("home")
    assert story.text == ("You go home with Erzsi.",)


def test_two_converging_choices_open_the_scene_differently(reactive) -> None:
    """Both choices lead to 'square'; the first paragraph the player reads differs."""
    took = walk(reactive, "leaflets")
    went = walk(reactive, "empty")
    assert took.scene.id == went.scene.id == "square"
    assert took.state.shown == (
        "You fold the leaflets into your coat.",
        "The crowd is bigger than anyone said.",
        "You hand one out; 2 left.",  # leaflets = 3, then the scene's entry effect -= 1
    )
    assert went.state.shown == (
        "You leave with nothing in your pockets.",
        "The crowd is bigger than anyone said.",
        "Your pockets are empty.",
    )
    assert took.state.shown[0] != went.state.shown[0]
    assert (took.state.arrived_by, went.state.arrived_by) == ("start.leaflets", "start.empty")


def test_entry_effects_are_read_by_the_scenes_own_text(reactive) -> None:
    story = walk(reactive, "leaflets")
    assert story.variables["leaflets"] == 2
    assert "You hand one out; 2 left." in story.text  # the int slot prints the value after entry


def test_first_visit_and_return(reactive) -> None:
    story = walk(reactive, "leaflets")
    assert story.text[0] == "The crowd is bigger than anyone said."
    story.choose("look")
    assert story.reply == ()  # 'look' has no reply
    assert story.text == ("You walk the square once more.", "You hand one out; 1 left.")
    story.choose("look")
    assert story.text == ("You walk the square once more.", "Your pockets are empty.")
    assert [v.open for v in story.choices] == [False, True, True]  # visits("square") < 3 no more
    story.undo()
    story.undo()
    assert story.text == ("The crowd is bigger than anyone said.", "You hand one out; 2 left.")


def test_a_reply_with_a_conditional_item(reactive) -> None:
    assert walk(reactive, "leaflets", "march").reply == (
        "You set off with Gábor.", "The leaflets rustle in your coat.",
    )
    assert walk(reactive, "empty", "march").reply == ("You set off with Gábor.",)
    # the reply's condition reads the leaflets when the player arrives: none are left
    assert walk(reactive, "leaflets", "look", "look", "march").reply == ("You set off with Gábor.",)


def test_chose_is_read_two_scenes_after_the_choice(reactive) -> None:
    """'radio' asks chose("start.leaflets"): only the path that took it reads the paragraph,
    however many leaflets are left (the memory of the choice, not a variable)."""
    asked = "A man asks where you got the leaflets."
    took = walk(reactive, "leaflets", "march")
    assert took.path == ["start", "square", "radio"]
    assert took.text == ("The crowd surges at the doors.", asked)
    assert walk(reactive, "empty", "march").text == ("The crowd surges at the doors.",)
    emptied = walk(reactive, "leaflets", "look", "look", "march")
    assert emptied.variables["leaflets"] == 0
    assert emptied.text == ("The crowd surges at the doors.", asked)
    assert dict(emptied.chosen) == {"start.leaflets": 1, "square.look": 2, "square.march": 1}


def test_an_epilogue_with_a_conditional(reactive) -> None:
    took = walk(reactive, "leaflets", "march")
    assert took.is_ending
    assert took.epilogue == ("You stay until morning.", "By dawn your leaflets lie on the pavement.")
    assert walk(reactive, "empty", "march").epilogue == ("You stay until morning.", "You had nothing to hand out.")
    assert walk(reactive, "empty", "home").epilogue == ("You listen from the window.",)


def test_history_keeps_what_was_read_at_each_scene(reactive) -> None:
    story = walk(reactive, "empty", "look", "home")
    assert [(step.scene, step.choice.id, step.state.shown) for step in story.history] == [
        ("start", "empty", START_TEXT),
        ("square", "look", (
            "You leave with nothing in your pockets.", "The crowd is bigger than anyone said.",
            "Your pockets are empty.",
        )),
        ("square", "home", ("You walk the square once more.", "Your pockets are empty.")),
    ]
    assert story.state.shown == ("You go home with Gábor.",)


def test_the_text_model_of_the_pack(reactive) -> None:
    start, square, radio = (reactive.scenes[s] for s in ("start", "square", "radio"))
    assert [p.source for p in start.text.paragraphs()] == [
        "{friend} knocks twice.", "Someone has chalked {{Russians go home}} on the stairs.",
    ]
    assert start.text.plain == ["[friend] knocks twice.", "Someone has chalked {Russians go home} on the stairs."]
    assert [c.has_else for c in square.text.conditionals] == [True, True]
    assert [c.has_else for c in radio.text.conditionals] == [False]
    assert radio.ending.epilogue.conditionals[0].has_else
    assert all(s.text.is_reactive for s in (start, square, radio))
    assert not reactive.scenes["home"].ending.epilogue.is_reactive
    march = square.choices[1]
    assert march.named and march.key == "square.march" and len(march.reply.conditionals) == 1


# --------------------------------------------------------------------------- explore


def test_explore_shows_every_variant_of_the_reactive_pack(reactive) -> None:
    report = explore(reactive)
    assert report.complete
    assert report.text_variants_never_shown == []
    assert report.replies_never_shown == []
    assert report.choices_never_open == [] and report.dead_ends == []
    assert sorted(report.endings_reached) == ["home", "radio"]


def test_explore_reports_exactly_the_dead_variants(load_pack) -> None:
    data, diagnostics = load_pack("reactive_dead_variants")
    assert data is not None, [str(d) for d in diagnostics]
    report = explore(data)
    assert report.complete
    found = [
        (v["scene"], v["where"], v["condition"], v["never"], v["location"].rsplit("/", 1)[-1])
        for v in report.text_variants_never_shown
    ]
    assert sorted(found) == sorted([
        ("start", "text", "leaflets > 3", "holds", "chapter.yaml:12:13"),
        ("start", "text", 'friend == "Gábor"', "fails", "chapter.yaml:15:13"),
    ])
    assert report.replies_never_shown == ["start.crate"]
    # the paragraph whose condition both holds and fails on some path is not reported
    assert not any(v["scene"] == "square" for v in report.text_variants_never_shown)


# --------------------------------------------------------------------------- export


def test_export_json_keeps_the_structure_of_the_text(fixtures: Path, run_cli) -> None:
    result = run_cli("export", "--format", "json", fixtures / "reactive")
    assert result.code == 0, result.err
    scenes = {scene["id"]: scene for scene in json.loads(result.out)["scenes"]}

    def located(items):  # locations hold the path as shown; compare the file's end only
        return [
            {**item, "location": item["location"].rsplit("/", 1)[-1]} if isinstance(item, dict) else item
            for item in items
        ]

    assert scenes["start"]["text"] == ["{friend} knocks twice.", "Someone has chalked {{Russians go home}} on the stairs."]
    assert scenes["start"]["reactive"] is True
    assert located(scenes["square"]["text"]) == [
        {"if": 'visits("square") == 1', "text": ["The crowd is bigger than anyone said."],
         "else": ["You walk the square once more."], "location": "chapter.yaml:37:13"},
        {"if": "leaflets >= 1", "text": ["You hand one out; {leaflets} left."],
         "else": ["Your pockets are empty."], "location": "chapter.yaml:40:13"},
    ]
    assert located(scenes["radio"]["text"]) == [
        "The crowd surges at the doors.",
        {"if": 'chose("start.leaflets")', "text": ["A man asks where you got the leaflets."], "else": [],
         "location": "chapter.yaml:72:13"},
    ]
    assert located(scenes["radio"]["ending"]["epilogue"]) == [
        "You stay until morning.",
        {"if": 'chose("start.leaflets")', "text": ["By dawn your leaflets lie on the pavement."],
         "else": ["You had nothing to hand out."], "location": "chapter.yaml:81:15"},
    ]
    choices = {c["id"]: c for c in scenes["start"]["choices"] + scenes["square"]["choices"]}
    assert [(c["id"], c["key"], c["named"]) for c in scenes["square"]["choices"]] == [
        ("look", "square.look", True), ("march", "square.march", True), ("home", "square.home", True),
    ]
    assert choices["leaflets"]["reply"] == ["You fold the leaflets into your coat."]
    assert choices["empty"]["reply"] == ["You leave with nothing in your pockets."]
    assert located(choices["march"]["reply"]) == [
        "You set off with {friend}.",
        {"if": "leaflets >= 1", "text": ["The leaflets rustle in your coat."], "else": [],
         "location": "chapter.yaml:58:17"},
    ]
    assert choices["look"]["reply"] == []
    assert scenes["square"]["effects"] == ["leaflets -= 1"]


# --------------------------------------------------------------------------- positions in text


def _scalar(source: str):
    """The value and meta of key ``v`` in a one-key YAML document."""
    diagnostics = Diagnostics()
    read = read_yaml_bytes(source.encode("utf-8"), "t.yaml", diagnostics)
    assert read is not None and not diagnostics, [str(d) for d in diagnostics]
    value, _ = read
    return value["v"], value.value_meta["v"], value


def _at(source: str, line: int, col: int) -> Pos:
    return Pos("t.yaml", line - 1, col - 1)  # 1-based, as messages show them


@pytest.mark.parametrize(
    ("source", "needle", "line", "col"),
    [
        # a literal block: the block's lines are the file's lines
        ("v: |\n  one two\n\n  three {x} four\n", "{x}", 4, 9),
        ("v: |\n  first\n    indented {y}\n", "{y}", 3, 14),
        ("v: |-\n\n\n  after blanks {z}\n", "{z}", 4, 16),
        ("v: |\n  {a} at the start\n", "{a}", 2, 3),
        # one-line scalars: plain, and quoted (the opening quote counts)
        ("v: plain {p} here\n", "{p}", 1, 10),
        ("v: 'single {q}'\n", "{q}", 1, 12),
        ('v: "double {r}"\n', "{r}", 1, 12),
        ("list:\n  - x\nv:   spaced {s}\n", "{s}", 3, 13),
    ],
)
def test_scalar_pos_is_exact_for_literal_blocks_and_one_line_scalars(source, needle, line, col) -> None:
    value, meta, _ = _scalar(source)
    offset = value.index(needle)
    assert scalar_pos(meta, offset) == _at(source, line, col)
    lines = source.split("\n")
    assert lines[line - 1][col - 1:].startswith(needle)  # the expectation itself is right


@pytest.mark.parametrize(
    ("source", "needle", "line", "col"),
    [
        # YAML joined these lines: past the first line the column cannot be told, so the
        # start of the scalar, not a column on the wrong line
        ("v: first line\n  second {x} line\n", "{x}", 1, 4),
        ("v: >\n  folded first\n  folded {y}\n", "{y}", 2, 3),
        ('v: "two\n  lines {z}"\n', "{z}", 1, 4),
        # an escape makes the value shorter than the file: the start of the scalar
        ('v: "a \\"b\\" {w}"\n', "{w}", 1, 4),
        ("v: 'it''s {u}'\n", "{u}", 1, 4),
    ],
)
def test_scalar_pos_never_points_past_a_joined_line_or_an_escape(source, needle, line, col) -> None:
    value, meta, _ = _scalar(source)
    assert scalar_pos(meta, value.index(needle)) == _at(source, line, col)


@pytest.mark.parametrize(
    ("source", "offset", "line", "col"),
    [
        ("v: first line\n  second line\n", 6, 1, 10),  # on the first line: still exact
        ("v: >\n  folded first\n  folded y\n", 7, 2, 10),
        ('v: "a \\"b\\" c"\n', 1, 1, 6),  # before the escape
        ('v: "a \\"b\\" c"\n', 2, 1, 7),  # the escape itself: where it starts
    ],
)
def test_scalar_pos_is_exact_before_the_first_join_or_escape(source, offset, line, col) -> None:
    _, meta, _ = _scalar(source)
    assert scalar_pos(meta, offset) == _at(source, line, col)


@pytest.mark.parametrize(
    ("source", "offset", "line", "col"),
    [
        ('v: "courage >= 1"\n', 11, 1, 16),
        ("v: courage >= 1\n", 11, 1, 15),
        ("v: courage >= 1 and\n  hurt\n", 8, 1, 12),  # on the first line: exact
        ("v: courage >= 1 and\n  hurt\n", 20, 1, 4),  # on the joined line: the start
        ('v: "name == \\"x\\" and z"\n', 18, 1, 5),  # past an escape: the start (inside the quote)
    ],
)
def test_expression_pos_shifts_only_where_the_column_is_known(source, offset, line, col) -> None:
    _, _, mapping = _scalar(source)
    assert expression_pos(mapping, "v").shifted(offset) == _at(source, line, col)


def test_paragraph_positions_after_escaped_braces() -> None:
    """'{{' prints one brace but is two characters in the file: the next paragraph and the
    slot in it still point at their own words."""
    diagnostics = Diagnostics()
    source = "v: |\n  a {{b}} {{c}} e\n\n  second {x}\n"
    value, meta, _ = _scalar(source)
    text = read_text(value, meta, diagnostics)
    first, second = text.paragraphs()
    assert (first.pos, second.pos) == (_at(source, 2, 3), _at(source, 4, 3))
    assert second.slots[0].pos == _at(source, 4, 11)
    assert first.plain == "a {b} {c} e"


# --------------------------------------------------------------------------- mistakes in text


def test_every_brace_mistake_of_a_paragraph_is_reported_in_one_run() -> None:
    errors: list[TemplateError] = []
    pieces = scan_template("{} and {friend} and } and {open", errors)
    assert [(e.message, e.offset) for e in errors] == [
        ("'{...}' holds nothing, not a variable name", 0),
        ("a single '}' has no '{'", 20),
        ("'{' is not closed", 26),
    ]
    assert [p.name for p in pieces if not isinstance(p, tuple)] == ["friend"]  # still checked
    with pytest.raises(TemplateError, match="holds nothing"):
        scan_template("{} and {friend}")  # without a list: the first mistake raises


def test_a_slot_next_to_a_brace_mistake_is_still_checked(make_story, scene) -> None:
    _, diagnostics = make_story(
        scene("start", 'choices:\n  - {text: go, goto: end, reply: "{frend} and {"}')
        + scene("end", ending=True, date="1956-10-23 09:00"),
        strict=False,
    )
    assert sorted((d.message, d.hint) for d in diagnostics) == [
        ("text prints undeclared variable 'frend'", "declare it under variables: in story.yaml"),
        ("text: '{' is not closed", "print a variable with {name}; write '{{' for a brace"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "text: {name}",  # the whole text
        "text:\n  - The crowd.\n  - {name}",  # one paragraph of a list
        "choices:\n  - text: go\n    goto: end\n    reply: {name}",  # a reply
    ],
)
def test_a_text_that_yaml_read_as_a_mapping_gets_one_clear_message(body: str, make_story, scene) -> None:
    """``{name}`` at the start of a value is a flow mapping to YAML: one message that says
    so, not 'missing if', 'unknown key name' and 'missing text'."""
    yaml = scene("start", "" if body.startswith("choices") else "choices:\n  - {text: go, goto: end}")
    if body.startswith("text"):
        yaml = yaml.replace("    text: Something happens.\n", "")
    yaml += "    " + body.replace("\n", "\n    ") + "\n"
    _, diagnostics = make_story(yaml + scene("end", ending=True, date="1956-10-23 09:00"), strict=False)
    messages = [(d.message, d.hint) for d in diagnostics]
    assert len(messages) == 1, messages
    message, hint = messages[0]
    assert "YAML read '{name}' as a mapping, not as text" in message
    assert hint == "a text that begins with '{' goes in quotes: \"{name}\""


def test_a_braced_name_starting_a_longer_text_explains_the_yaml_error(make_story, scene) -> None:
    yaml = scene("start", "choices:\n  - {text: go, goto: end}").replace(
        "    text: Something happens.\n", "    text: {name} goes home.\n"
    )
    _, diagnostics = make_story(yaml + scene("end", ending=True, date="1956-10-23 09:00"), strict=False)
    [error] = diagnostics.errors
    assert error.message.startswith("YAML syntax error:")
    assert error.hint == "YAML reads a value that begins with '{' as a mapping; put the whole text in quotes"


def test_an_empty_if_is_not_taken_for_braces(make_story, scene) -> None:
    """``- if:`` with the condition left out is a conditional paragraph's own mistake."""
    yaml = scene("start", "choices:\n  - {text: go, goto: end}").replace(
        "    text: Something happens.\n", "    text:\n      - Hello.\n      - if:\n        text: more\n"
    )
    _, diagnostics = make_story(yaml + scene("end", ending=True, date="1956-10-23 09:00"), strict=False)
    [error] = diagnostics.errors
    assert "'if' must be text" in error.message and "as a mapping" not in error.message


@pytest.mark.parametrize(
    ("source", "paragraphs"),
    [
        # a blank line starts a paragraph in a folded block as in a literal one
        ("v: >-\n  One line\n  wrapped.\n\n  Second.\n", ("One line wrapped.", "Second.")),
        ("v: >\n  One.\n\n\n  Two, after two blank lines.\n", ("One.", "Two, after two blank lines.")),
        ("v: |\n  One line\n  wrapped.\n\n  Second.\n", ("One line wrapped.", "Second.")),
        # a line break inside a literal block is only wrapping
        ("v: |\n  One line\n  wrapped.\n", ("One line wrapped.",)),
        ('v: "One.\\nStill one."\n', ("One. Still one.",)),
    ],
)
def test_blank_lines_part_paragraphs_in_folded_and_literal_blocks(source: str, paragraphs: tuple[str, ...]) -> None:
    value, meta, _ = _scalar(source)
    text = read_text(value, meta, Diagnostics())
    assert tuple(" ".join(str(piece) for piece in p.pieces) for p in text.paragraphs()) == paragraphs
