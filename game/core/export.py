"""The compiled story as one JSON-ready dict, for other tools (the guide, classroom, web).

Reactive text keeps its structure, in the shape the YAML format writes it: a plain
paragraph is a string (``{name}`` slots as written), a conditional paragraph is
``{"if": ..., "text": [...], "else": [...]}``, so a tool can measure how far the story
answers its player without running it."""

from __future__ import annotations

from typing import Any

from .model import Citation, StoryData
from .notes import EditorsNote
from .text import Paragraph, Text


def _citation(citation: Citation) -> dict[str, Any]:
    return {
        "source": citation.source,
        "quote": citation.quote,
        "paragraph": citation.paragraph,
        "span": [citation.match.start, citation.match.end] if citation.match else None,
        "note": citation.note,
        "as": citation.stance,
        "location": citation.pos.short,
    }


def _editors_note(note: EditorsNote) -> dict[str, Any]:
    return {
        "id": note.id,
        "source": note.source,
        "paragraph": note.paragraph,
        "span": [note.match.start, note.match.end] if note.match else None,
        "quote": note.quote,
        "kind": note.kind,
        "title": note.title,
        "text": note.text,
        "references": [{"author": r.author, "title": r.title, "year": r.year} for r in note.references],
        "location": note.pos.short,
    }


def text_json(text: Text) -> list[Any]:
    items: list[Any] = []
    for item in text:
        if isinstance(item, Paragraph):
            items.append(item.source)
        else:
            items.append({
                "if": item.condition.source,
                "text": [p.source for p in item.then],
                "else": [p.source for p in item.otherwise],
                "location": str(item.condition.pos),
            })
    return items


def export_story(story: StoryData) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "subtitle": story.subtitle,
        "version": story.version,
        "description": story.description,
        "variables": {
            name: {"type": v.type, "default": v.default, "min": v.minimum, "max": v.maximum, "doc": v.doc}
            for name, v in story.variables.items()
        },
        "sources": [
            {
                "id": source.id,
                "title": source.title,
                "publisher": source.publisher,
                "date": source.date,
                "file": source.file.name,
                "note": source.note,
                "paragraphs": [p.text for p in source.document.paragraphs] if source.document else [],
                "paragraph_kinds": [p.kind for p in source.document.paragraphs] if source.document else [],
            }
            for source in story.sources.values()
        ],
        "perspectives": [
            {"id": p.id, "name": p.name, "role": p.role, "fictional": p.fictional, "start": p.start, "blurb": p.blurb}
            for p in story.perspectives.values()
        ],
        "chapters": [{"id": c.id, "title": c.title, "summary": c.summary} for c in story.chapters.values()],
        "cast": [
            {"name": m.name, "fictional": m.fictional, "role": m.role, "perspective": m.perspective}
            for m in story.cast
        ],
        "glossary": [{"term": term, "definition": definition} for term, definition in story.glossary],
        "notes": [_editors_note(note) for note in story.notes],
        "guide_topics": [
            {"id": t.id, "title": t.title, "explanation": t.explanation, "passages": t.passages, "keywords": t.keywords}
            for t in story.topics
        ],
        "epilogue": {
            "title": story.epilogue.title,
            "text": story.epilogue.text,
            "cites": [_citation(c) for c in story.epilogue.cites],
        } if story.epilogue else None,
        "scenes": [
            {
                "id": scene.id,
                "title": scene.title,
                "chapter": scene.chapter,
                "perspective": scene.perspective,
                "date": scene.date,
                "place": scene.place,
                "text": text_json(scene.text),
                "reactive": scene.text.is_reactive,
                "ending": {
                    "title": scene.ending.title, "epilogue": text_json(scene.ending.epilogue), "kind": scene.ending.kind,
                } if scene.ending else None,
                "choices": [
                    {
                        "id": choice.id,
                        "key": choice.key,
                        "named": choice.named,
                        "text": choice.text,
                        "reply": text_json(choice.reply),
                        "goto": choice.goto,
                        "if": choice.condition.source if choice.condition else None,
                        "effects": choice.effects.sources if choice.effects else [],
                        "closed": choice.closed_reason,
                        "record": {
                            "text": choice.record.text,
                            "cites": [_citation(c) for c in choice.record.cites],
                        } if choice.record else None,
                    }
                    for choice in scene.choices
                ],
                "effects": scene.effects.sources if scene.effects else [],
                "cites": [_citation(c) for c in scene.cites],
                "discussion": scene.discussion,
                "content_note": scene.content_note,
                "pause": scene.pause,
                "flashback": scene.flashback,
                "words": scene.word_count,
                "location": scene.pos.short,
            }
            for scene in story.scenes.values()
        ],
    }
