"""``budapest1956 sources``: for each paragraph of each source, the scenes that cite it
(and whether as fact or as what the BBC reported), the editors' notes on it, and the
content paragraphs no scene cites yet (headings and captions marked as such)."""

from __future__ import annotations

from typing import Any

from ..core.model import StoryData
from ..core.notes import notes_in_paragraph


def citing_scenes(story: StoryData) -> dict[tuple[str, int], list[str]]:
    """(source id, paragraph index) -> ids of the scenes citing it, in story order."""
    found: dict[tuple[str, int], list[str]] = {}
    for scene, citation in story.citations():
        if citation.paragraph is None:
            continue
        scenes = found.setdefault((citation.source, citation.paragraph), [])
        if scene.id not in scenes:
            scenes.append(scene.id)
    if story.epilogue:
        for citation in story.epilogue.cites:
            if citation.paragraph is not None:
                scenes = found.setdefault((citation.source, citation.paragraph), [])
                if "(epilogue)" not in scenes:
                    scenes.append("(epilogue)")
    return found


def sources_report(story: StoryData) -> dict[str, Any]:
    cited = citing_scenes(story)
    reported: dict[tuple[str, int], list[str]] = {}
    for scene, citation in story.citations():
        if citation.paragraph is not None and citation.as_report:
            scenes = reported.setdefault((citation.source, citation.paragraph), [])
            if scene.id not in scenes:
                scenes.append(scene.id)
    report: dict[str, Any] = {"sources": []}
    for source in story.sources.values():
        if source.document is None:
            continue
        paragraphs = []
        for paragraph in source.document.paragraphs:
            paragraphs.append(
                {
                    "index": paragraph.index,
                    "line": paragraph.line,
                    "kind": paragraph.kind,
                    "text": paragraph.text,
                    "cited_by": cited.get((source.id, paragraph.index), []),
                    "cited_as_report_by": reported.get((source.id, paragraph.index), []),
                    "notes": [
                        {"id": note.id, "kind": note.kind, "title": note.title, "text": note.text,
                         "quote": paragraph.text[note.match.start:note.match.end] if note.match else note.quote,
                         "references": [str(reference) for reference in note.references]}
                        for note in notes_in_paragraph(story.notes, source.id, paragraph.index)
                    ],
                }
            )
        uncited = [p["index"] for p in paragraphs if p["kind"] == "text" and not p["cited_by"]]
        content = [p for p in paragraphs if p["kind"] == "text"]
        report["sources"].append(
            {
                "id": source.id,
                "title": source.title,
                "paragraphs": paragraphs,
                "uncited": uncited,
                "coverage": f"{len(content) - len(uncited)}/{len(content)}",
            }
        )
    return report


def format_sources_report(report: dict[str, Any], width: int = 72) -> str:
    lines: list[str] = []
    for source in report["sources"]:
        lines.append(f"{source['title']} [{source['id']}]")
        lines.append(f"content paragraphs cited: {source['coverage']}")
        lines.append("")
        for paragraph in source["paragraphs"]:
            excerpt = paragraph["text"].replace("\n", " ")
            if len(excerpt) > width:
                excerpt = excerpt[: width - 1] + "…"
            marker = "" if paragraph["kind"] == "text" else f" ({paragraph['kind']})"
            lines.append(f"¶{paragraph['index'] + 1:>3} line {paragraph['line']:>3}{marker}: {excerpt}")
            if paragraph["cited_by"]:
                lines.append("       cited by: " + ", ".join(
                    f"{scene} (as reported)" if scene in paragraph["cited_as_report_by"] else scene
                    for scene in paragraph["cited_by"]
                ))
            elif paragraph["kind"] == "text":
                lines.append("       not cited")
            for note in paragraph["notes"]:
                lines.append(f"       editors' note ({note['kind']}): {note['title']} — on “{note['quote']}”")
        lines.append("")
        if source["uncited"]:
            lines.append("content paragraphs no scene cites: " + ", ".join(f"¶{i + 1}" for i in source["uncited"]))
        else:
            lines.append("every content paragraph is cited")
    return "\n".join(lines)
