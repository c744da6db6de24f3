"""What a student's page shows: the lesson as it stands, worked out from the session log.

The page follows the projector. It is computed from the :class:`ClassSession` after every
change to the log (the lesson's keeper publishes it), so it can never show a vote the
teacher has closed or a scene the class has left: the scene's title, dateline and the
question on screen; the discussion prompts once the teacher has put them up; the scene's
cited passages, each in its paragraph with the quoted words marked and the editors' notes
beside it, in the same words as every handout (:mod:`..apparatus`); the open vote's
choices, or the result of the vote just closed.

Everything is plain JSON strings and numbers: the page sets them as text, never as HTML,
so nothing an author or a source wrote can run in a student's browser.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...core.dateline import dateline
from ...core.notewords import note_heading, references_line, reported_by, stance_line
from ...core.sources import CitationMatch
from ..apparatus import notes_shown
from ..session import ClassSession, Decision, SessionError


def page_view(session: ClassSession) -> dict[str, Any]:
    """The page's state for the lesson as it is now (no device's own ballot: see
    :meth:`.room.Room.view_for`)."""
    scene = session.scene
    story = session.story
    vote = session.vote
    shown = list(story.state.shown)
    view: dict[str, Any] = {
        "story": session.data.title,
        "class_name": session.class_name,
        "scene": {
            "id": scene.id,
            "title": scene.title,
            "dateline": dateline(scene),
            "question": shown[-1] if shown and not session.is_ending else "",
        },
        "prompts": prompts_up(session),
        "passages": passages(session),
        "vote": None,
        "result": last_result(session),
    }
    if vote is not None:
        view["vote"] = {
            "key": vote.key,
            "choices": [{"number": t.number, "text": t.text, "open": t.open, "reason": t.reason} for t in vote.tallies],
        }
        view["state"] = "vote"
    elif session.is_ending:
        view["state"] = "ending"
    elif view["prompts"]:
        view["state"] = "discussion"
    else:
        view["state"] = "reading"
    return view


def prompts_up(session: ClassSession) -> list[str]:
    """The discussion prompts the teacher has put on screen during this showing of the
    scene (none before the lesson pauses: the class reads first)."""
    visit = session.current_visit
    if visit is None:
        return []
    since = datetime.fromisoformat(visit.shown_at)
    return [prompt.text for prompt in session.log.prompts
            if prompt.scene == session.scene.id and datetime.fromisoformat(prompt.shown_at) >= since]


def passages(session: ClassSession) -> list[dict[str, Any]]:
    """The current scene's citations as a reader of the source drawer sees them."""
    data = session.data
    found = []
    for citation in session.scene.cites:
        try:
            paragraph, start, end, quote = session.locate(citation)
        except SessionError:
            continue  # a quote not in its source (a story that failed check) is not shown
        source = data.sources[citation.source]
        text = source.document.paragraphs[paragraph].text  # type: ignore[union-attr]
        notes = notes_shown(data, citation.source, CitationMatch(paragraph, start, end))
        found.append({
            "source": source.title,
            "paragraph": paragraph + 1,
            "before": text[:start],
            "quote": quote,
            "after": text[end:],
            "reported": reported_by(source.publisher) if citation.as_report else "",
            "reported_means": stance_line(source.publisher) if citation.as_report else "",
            "notes": [{"heading": note_heading(note, with_title=True), "text": note.text,
                       "references": references_line(note.references)} for note in notes],
        })
    return found


def last_result(session: ClassSession) -> dict[str, Any] | None:
    """The vote the class has just closed, while no other has opened: the page shows what
    the class chose, and how many votes came from devices and how many were hands."""
    if session.vote is not None:
        return None
    decisions = session.log.active_decisions
    if not decisions or decisions[-1].method != "vote":
        return None
    decision = decisions[-1]
    if session.story.history and session.story.history[-1].scene != decision.scene:
        return None  # undone past it
    return result_of(decision)


def result_of(decision: Decision) -> dict[str, Any]:
    winner = decision.winning_choice
    return {
        "scene_title": decision.scene_title,
        "winner": winner.number,
        "winner_text": winner.text,
        "tie_broken": decision.teacher_tiebreak,
        "total": decision.total_votes,
        "devices": decision.device_votes,
        "hands": decision.hand_votes,
        "choices": [{"number": c.number, "text": c.text, "open": c.open, "votes": c.votes, "devices": c.devices,
                     "hands": c.hands} for c in decision.choices],
    }


__all__ = ["last_result", "page_view", "passages", "prompts_up", "result_of"]
