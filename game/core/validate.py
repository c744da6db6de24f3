"""Semantic checks of a built story, and compilation of its expressions.

Run once before play so a player never meets a mistake an author could have seen:
unknown targets, unreachable scenes, dead ends, choices that can all be closed at once,
expressions that do not parse or mix types, quotes missing from their source, and time
running backwards. Each mistake is reported once, at the place it was made.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from typing import Any, Iterable, Mapping

from .diagnostics import Diagnostics, did_you_mean
from .expressions import (
    ExpressionError, TypeEnvironment, calls_in, check_effect_types, check_type,
    literals_in, names_in, parse_condition, parse_effects,
)
from .model import Citation, Effects, Expression, Scene, StoryData, Variable
from .schema import ID, TEXT_MAX
from .closures import applier, compiled
from .text import MAX_SLOTS, Text
from .characters import INVISIBLE, REFUSED

#: what a scene id looks like; a goto that is not one was an error where it stands
VALID_ID = re.compile(ID)

MAX_SAMPLED_STATES = 4096
MIN_QUOTE_WORDS = 3


def story_types(story: StoryData) -> TypeEnvironment:
    """What conditions and effects of this story may name, and the type of each variable."""
    return TypeEnvironment(
        {name: v.type for name, v in story.variables.items()}, story.scenes,
        {scene.id: [c.id for c in scene.choices if c.named] for scene in story.scenes.values()},
    )


def validate(story: StoryData, diagnostics: Diagnostics) -> None:
    env = story_types(story)
    _check_perspectives(story, diagnostics)
    misread = {INVISIBLE.sub("", sid) for sid in story.scenes if INVISIBLE.search(sid)}  # reported at the id
    for scene in story.scenes.values():
        _check_scene(story, scene, env, diagnostics, misread)
    found: dict[tuple[str, str], Any] = {}  # one search per distinct quote (aliases repeat one 20,000 times)
    _check_notes(story, diagnostics, found)
    for scene, citation in story.citations():
        _check_citation(story, citation, diagnostics, found)
    if story.epilogue:
        for citation in story.epilogue.cites:
            _check_citation(story, citation, diagnostics, found)
    _check_topics(story, diagnostics)
    _check_reachability(story, diagnostics, _probable_targets(story))


def _check_perspectives(story: StoryData, diagnostics: Diagnostics) -> None:
    for perspective in story.perspectives.values():
        if perspective.start and perspective.start not in story.scenes and not story.incomplete:
            diagnostics.error(
                perspective.pos, f"perspective '{perspective.id}' starts at unknown scene '{perspective.start}'",
                "unknown-scene", did_you_mean(perspective.start, story.scenes),
            )


def _check_scene(
    story: StoryData, scene: Scene, env: TypeEnvironment, diagnostics: Diagnostics, misread: set[str]
) -> None:
    if scene.effects:
        _compile_effects(scene.effects, story.variables, env, diagnostics)
    _check_text(scene.text, env, diagnostics)
    if scene.ending:
        _check_text(scene.ending.epilogue, env, diagnostics)
    for choice in scene.choices:
        _check_text(choice.reply, env, diagnostics)
        if choice.goto and choice.goto not in story.scenes and not story.incomplete and not (
            choice.goto in misread or INVISIBLE.search(choice.goto)  # reported where the character stands
            or not VALID_ID.fullmatch(choice.goto)  # 'is not valid' was said at the goto already
        ):
            diagnostics.error(
                choice.goto_pos, f"choice goes to unknown scene '{choice.goto}'", "unknown-scene",
                did_you_mean(choice.goto, story.scenes), once=("unknown-scene", choice.goto),
            )
        if choice.condition:
            _compile_condition(choice.condition, env, diagnostics)
        if choice.effects:
            _compile_effects(choice.effects, story.variables, env, diagnostics)
        target = story.scenes.get(choice.goto)
        if target and scene.date and target.date and not target.flashback and target.when < scene.when:
            diagnostics.warning(
                choice.goto_pos,
                f"time runs backwards: '{scene.id}' ({scene.date}) leads to '{target.id}' ({target.date})",
                "time-backwards", f"mark '{target.id}' with 'flashback: true' if that is meant",
            )
    if not scene.choices and not scene.ending:
        diagnostics.error(
            scene.pos, f"scene '{scene.id}' is a dead end: no choices and not an ending", "dead-end",
            "add a choice or an 'ending:'",
        )
    if scene.ending and scene.choices:
        diagnostics.warning(scene.pos, f"ending '{scene.id}' also has choices; they will not be shown", "ending-choices")
    _check_closable(story, scene, diagnostics)


def _check_text(text: Text, env: TypeEnvironment, diagnostics: Diagnostics) -> None:
    """Conditions in the text are typed like a choice's ``if:``; every ``{name}`` must
    name a declared variable that prints (text or a number, not true/false)."""
    if not text.items:
        return  # most replies and epilogues: nothing written
    for conditional in text.conditionals:
        _compile_condition(conditional.condition, env, diagnostics)
    for paragraph in text.paragraphs():
        slots = paragraph.slots
        if len(slots) > MAX_SLOTS:
            diagnostics.error(
                slots[MAX_SLOTS].pos, f"a paragraph prints at most {MAX_SLOTS} values; this is one more"
                + (f" (and {len(slots) - MAX_SLOTS - 1} more)" if len(slots) > MAX_SLOTS + 1 else ""),
                "too-many", "split the paragraph, or write the words out",
            )
        for slot in slots[:MAX_SLOTS]:
            kind = env.variables.get(slot.name)
            if kind is None:
                diagnostics.error(
                    slot.pos, f"text prints undeclared variable '{slot.name}'", "undeclared-variable",
                    did_you_mean(slot.name, env.variables) or "declare it under variables: in story.yaml",
                    once=_undeclared(slot.name),
                )
            elif kind == "bool":
                diagnostics.error(
                    slot.pos, f"text prints '{slot.name}', which is true/false", "template",
                    "print text or number variables; for true/false use {if: ..., text: ...}",
                )


def _undeclared(name: str) -> tuple[str, str] | None:
    """One error per undeclared variable, wherever it is printed, tested or changed."""
    return ("undeclared-variable", name) if name else None


def _repeated(error: ExpressionError) -> tuple[str, str] | None:
    """The mistakes an expression may repeat from elsewhere: a name nothing declares, a
    scene ``visited()`` names that does not exist. Each is one error, however often."""
    return _undeclared(error.undeclared) or (("unknown-scene", error.unknown_scene) if error.unknown_scene else None)


def _compile_condition(expression: Expression, env: TypeEnvironment, diagnostics: Diagnostics) -> None:
    if REFUSED.search(expression.source):
        return  # the character was reported where it stands; the parser would only repeat it
    try:
        tree = parse_condition(expression.source)
        kind = _checked_type(tree, env)
        if kind != "bool":
            raise ExpressionError(f"a condition must be true or false, but this is {'a number' if kind == 'int' else 'text'}")
    except ExpressionError as error:
        diagnostics.error(expression.pos.shifted(error.offset), f"condition: {error.message}", error.rule, error.hint,
                          once=_repeated(error))
        return
    expression.tree = tree
    expression.evaluate = compiled(tree, env)


def _checked_type(tree: Any, env: TypeEnvironment) -> str:
    """``check_type`` once per distinct tree and story: parsed trees are shared through
    the parser's cache, and big stories repeat the same conditions thousands of times."""
    memo = env.memo
    key = id(tree)
    if key not in memo:
        memo[key] = (tree, check_type(tree, env))  # keep the tree alive: ids stay unique
    return memo[key][1]


def _compile_effects(
    effects: Effects, variables: Mapping[str, Variable], env: TypeEnvironment, diagnostics: Diagnostics
) -> None:
    key = ("effects", tuple(effects.sources))
    done = env.memo.get(key)
    if done is not None:  # the same effects compiled cleanly before: one closure for all
        effects.statements, effects.apply = done
        return
    statements = []
    ok = True
    for source, pos in zip(effects.sources, effects.positions or [effects.pos] * len(effects.sources)):
        if REFUSED.search(source):
            ok = False  # reported where it stands
            continue
        try:
            parsed = parse_effects(source)
            check_effect_types(parsed, env)
        except ExpressionError as error:
            diagnostics.error(pos.shifted(error.offset), f"effect: {error.message}", error.rule, error.hint,
                              once=_repeated(error))
            ok = False
            continue
        statements.extend(parsed)
    if not ok:
        return
    effects.statements = statements
    effects.apply = applier(statements, variables, env)
    env.memo[key] = (statements, effects.apply)


def _check_citation(
    story: StoryData, citation: Citation, diagnostics: Diagnostics, found: dict[tuple[str, str], Any]
) -> None:
    source = story.sources.get(citation.source)
    if source is None:
        diagnostics.error(
            citation.pos, f"citation of unknown source '{citation.source}'", "unknown-source",
            did_you_mean(citation.source, story.sources), once=("unknown-source", citation.source),
        )
        return
    if source.document is None:
        return  # the missing file was reported once, at the source
    if len(citation.quote) > TEXT_MAX:
        return  # 'too-long' was said at the quote: one mistake, one error
    if len(citation.quote.split()) < MIN_QUOTE_WORDS:
        diagnostics.error(
            citation.pos, f"quote is shorter than {MIN_QUOTE_WORDS} words; it cannot show what the scene claims",
            "short-quote", "quote the whole clause that says it",
        )
        return
    match = _find_quote(source, citation.quote, citation.pos, diagnostics, found)
    if match is None:
        return
    citation.match = match
    paragraph = source.document.paragraphs[match.paragraph]  # type: ignore[union-attr]
    if not paragraph.citable:
        diagnostics.warning(
            citation.pos, f"quote comes from a {paragraph.kind}, not from the reports' text", "uncitable",
        )
    if citation.stance != "fact":
        return  # a report; or a wrong `as:`, which the schema reported
    for note in story.notes_on(citation):
        if note.kind == "error":
            diagnostics.error(
                citation.pos,
                f"cites as fact a passage the editors' notes mark as an error ({_named(note)})",
                "noted-error-as-fact",
                "present it as what the BBC reported (\"the BBC reported that...\", a voice on the radio) "
                "and mark the citation 'as: report'",
            )
            return
        if note.kind == "contested":
            diagnostics.warning(
                citation.pos,
                f"cites as fact a passage the editors' notes mark as contested ({_named(note)})",
                "noted-contested-as-fact",
                "present it as what the BBC reported and mark the citation 'as: report'",
            )
            return


def _named(note: Any) -> str:
    """A note as a message names it (its title may be missing: the schema said so)."""
    return f"{note.title}, note '{note.id}'" if note.title else f"note '{note.id}'"


#: How many missing quotes get a closest-passage hint in one check: each search is bounded,
#: and this bounds their number (issue 12). An author fixing quotes fixes the first ones first.
MAX_CLOSEST_HINTS = 50
#: After this many distinct quotes are missing, no further quote is searched: a miss reads
#: the whole source (up to 2 MiB), and 24,000 invented quotes cost minutes. The story has
#: errors already; the one message past the limit says how many citations were not checked.
MAX_MISSING_QUOTES = 200
#: the keys under which ``found`` counts the misses so far and where checking stopped
MISSES = ("", "missing quotes")
UNCHECKED = ("", "unchecked")


def _find_quote(source: Any, quote: str, pos: Any, diagnostics: Diagnostics, found: dict[tuple[str, str], Any]) -> Any:
    """The quote's place in its source (whole words, one paragraph), or an error with the
    closest passage as the hint: searched once per distinct quote, and a missing quote
    given again and again is one error listing where else it stands."""
    key = (source.id, quote)
    if key in found:
        match = found[key]
    elif found.get(MISSES, 0) >= MAX_MISSING_QUOTES:
        diagnostics.error(
            pos, f"quote not checked: check stops searching after {MAX_MISSING_QUOTES} missing quotes",
            "quote-not-checked", "fix the missing quotes above, then check again", once=UNCHECKED,
        )
        return None
    else:
        match = found[key] = source.document.find(quote)
        if match is None:
            misses = found[MISSES] = found.get(MISSES, 0) + 1
            if misses > MAX_CLOSEST_HINTS:
                found[key, "hint"] = f"no closest passage shown after the first {MAX_CLOSEST_HINTS} missing quotes"
            else:
                closest = source.document.closest(quote)
                found[key, "hint"] = (
                    f"the closest passage is paragraph {closest[0] + 1}: \"{closest[1]}\"" if closest else ""
                )
    if match is None:
        diagnostics.error(pos, f"quote not found in source '{source.id}' (as whole words in one paragraph)",
                          "quote-not-found", found[key, "hint"], once=("quote-not-found", key))
    return match


def _check_notes(story: StoryData, diagnostics: Diagnostics, found: dict[tuple[str, str], Any]) -> None:
    """Each editors' note anchors like a citation; errors and contested passages name the
    standard works they rest on."""
    for note in story.notes:
        source = story.sources.get(note.source)
        if source is None:
            diagnostics.error(note.pos, f"note '{note.id}' is on unknown source '{note.source}'", "unknown-source",
                              did_you_mean(note.source, story.sources), once=("unknown-source", note.source))
            continue
        if source.document is None:
            continue
        if len(note.quote.split()) < MIN_QUOTE_WORDS:
            diagnostics.error(note.pos, f"note '{note.id}': its quote is shorter than {MIN_QUOTE_WORDS} words",
                              "short-quote", "anchor the note to the whole clause it is about")
            continue
        note.match = _find_quote(source, note.quote, note.pos, diagnostics, found)
        if note.kind in ("error", "contested") and not note.references:
            diagnostics.error(note.pos, f"note '{note.id}' ({note.kind}) names no standard work",
                              "no-reference", "add references: with author, title and year")


def _check_topics(story: StoryData, diagnostics: Diagnostics) -> None:
    """Every passage a guide topic searches for must stand in some source."""
    documents = [s.document for s in story.sources.values() if s.document is not None]
    if not documents:
        return
    for topic in story.topics:
        for passage, pos in zip(topic.passages, topic.passage_pos):
            if not any(document.find(passage) for document in documents):
                diagnostics.error(pos, f"guide topic '{topic.id}': '{passage}' stands in no source", "quote-not-found")


def _probable_targets(story: StoryData) -> set[str]:
    """Scenes that a misspelt ``goto`` most likely meant. They count as reached, so one
    typo gives one error (unknown scene) and not also an 'unreachable' warning."""
    meant = set()
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.goto and choice.goto not in story.scenes:
                hint = did_you_mean(choice.goto, story.scenes)
                if hint:
                    meant.add(hint.split("'")[1])
    return meant


def _check_reachability(story: StoryData, diagnostics: Diagnostics, assumed: set[str]) -> None:
    if story.incomplete:
        return  # the unreadable file may hold the links; its error is the one to fix
    starts = [p.start for p in story.perspectives.values() if p.start in story.scenes]
    reached = reachable_from(story, [*starts, *assumed])
    for scene in story.scenes.values():
        if scene.id not in reached:
            diagnostics.warning(
                scene.pos, f"scene '{scene.id}' cannot be reached from any perspective's first scene",
                "unreachable",
            )


def reachable_from(story: StoryData, starts: Iterable[str]) -> set[str]:
    """Scenes reachable along choices, ignoring conditions (what the graph allows)."""
    seen = set(starts)
    queue = deque(seen)
    while queue:
        scene = story.scenes[queue.popleft()]
        for choice in scene.choices:
            if choice.goto in story.scenes and choice.goto not in seen:
                seen.add(choice.goto)
                queue.append(choice.goto)
    return seen


def _check_closable(story: StoryData, scene: Scene, diagnostics: Diagnostics) -> None:
    """Warn when some state of the variables closes every choice of a scene at once.

    We sample the values that matter — each variable's range ends and default, and each
    literal its conditions compare with, one either side — and evaluate every guard.
    """
    if scene.ending or not scene.choices:
        return
    conditions = [c.condition for c in scene.choices]
    if any(c is None for c in conditions):
        return  # an unconditional choice is always open
    if any(c.evaluate is None or c.tree is None for c in conditions):  # type: ignore[union-attr]
        return  # already reported as a broken expression
    names: set[str] = set()
    calls: set[tuple[str, str]] = set()
    literals: list[Any] = []
    for condition in conditions:
        names |= names_in(condition.tree)  # type: ignore[union-attr, arg-type]
        calls |= calls_in(condition.tree)  # type: ignore[union-attr, arg-type]
        literals += literals_in(condition.tree)  # type: ignore[union-attr, arg-type]
    numbers = {n for n in literals if isinstance(n, int) and not isinstance(n, bool)}
    texts = {t for t in literals if isinstance(t, str)}
    axes: list[tuple[str, list[Any]]] = []
    for name in sorted(names):
        variable = story.variables[name]
        axes.append((name, _samples(variable, numbers, texts)))
    visit_scenes = sorted({scene_id for function, scene_id in calls if function != "chose"})
    for scene_id in visit_scenes:
        axes.append((f"visits:{scene_id}", sorted({0, 1, 2} | {n for k in numbers for n in (k - 1, k, k + 1) if n >= 0})))
    for key in sorted({key for function, key in calls if function == "chose"}):
        axes.append((f"chose:{key}", [0, 1]))
    total = 1
    for _, values in axes:
        total *= len(values)
    if total > MAX_SAMPLED_STATES:
        return
    base = story.default_variables()
    for combination in itertools.product(*(values for _, values in axes)):
        values = dict(base)
        visits: dict[str, int] = {}
        chosen: dict[str, int] = {}
        for (name, _), value in zip(axes, combination):
            if name.startswith("visits:"):
                visits[name[7:]] = value
            elif name.startswith("chose:"):
                chosen[name[6:]] = value
            else:
                values[name] = value
        if not any(c.evaluate(values, visits, chosen) for c in conditions):  # type: ignore[union-attr, misc]
            witness = ", ".join(_witness(name, value) for (name, _), value in zip(axes, combination))
            diagnostics.warning(
                scene.pos, f"every choice of scene '{scene.id}' can be closed at once (for example when {witness})",
                "all-closed", "add a choice without 'if' so the player is never stuck",
            )
            return


def _witness(axis: str, value: Any) -> str:
    if axis.startswith("visits:"):
        return f"{axis[7:]} visited {value} times"
    if axis.startswith("chose:"):
        return f"'{axis[6:]}' {'chosen' if value else 'not chosen'}"
    return f"{axis} = {_literal(value)}"


def _literal(value: Any) -> str:
    """A value as the condition language writes it (``true``, ``"text"``, ``3``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"other text"' if value.startswith("\u0000") else f'"{value}"'
    return str(value)


def _samples(variable: Variable, numbers: set[int], texts: set[str]) -> list[Any]:
    if variable.type == "bool":
        return [False, True]
    if variable.type == "str":
        return sorted(texts | {variable.default, "\u0000other"})
    candidates = {variable.default}
    for number in numbers:
        candidates |= {number - 1, number, number + 1}
    if variable.minimum is not None:
        candidates.add(variable.minimum)
    if variable.maximum is not None:
        candidates.add(variable.maximum)
    return sorted(variable.clamp(value) for value in candidates)
