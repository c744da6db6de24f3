"""The handout of a class session: Markdown, a print-friendly HTML page, a CSV of decisions.

All three are written from the same :class:`~game.classroom.session.ClassSession` log,
at any moment of the lesson (a scene still on screen counts up to now). Each step of the
path quotes what the class read there, as the log kept it: the reply of the choice that
led there, the scene's paragraphs as rendered for this class, and the question above the
choices (the same story read by another class may differ in every one of them). All three
end with a bibliography of exactly the passages this class saw — quoted as the source
file has them, with the source's title, publisher, date and paragraph number — so the
handout is honest about its evidence the way the game is.

Beside every passage — a record's citation on the path, a passage of the bibliography —
stand the editors' notes the class was shown with it, as the log kept them, marked as
the editors' note (never the BBC's words), and a citation the scene made ``as: report``
says "as reported". The bibliography ends with the works the notes name. A session file
older than the notes says so instead of looking them up in today's story.

A lesson taught over several days is one log with several sittings: the handout names
each sitting with its date (in the header, in a table of its own, where it begins on the
class's path, and beside each scene's time), so a lesson of three days reads as one.
The class's name, when the teacher gave one, stands in the title.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..core.model import Source
from ..core.safefile import FileRefused, write_text_safely
from .apparatus import (
    NOTES_NOT_RECORDED, WORKS_CITED, NoteLog, kind_order, note_heading, note_plain, references_line,
    sentence, stance_words, works_cited,
)
from .render import esc, format_day, format_duration, format_moment, html_page, md, md_quote
from .session import (
    EPILOGUE, NOT_RECORDED, ChoiceTally, ClassSession, Decision, PassageSeen, RecordLog, SceneVisit,
)

MARKDOWN_FILE = "session.md"
HTML_FILE = "session.html"
CSV_FILE = "decisions.csv"
BIBLIOGRAPHY_CSV_FILE = "bibliography.csv"

#: Columns of decisions.csv before the per-choice columns (choice_N, status_N, votes_N,
#: devices_N and hands_N: votes_N is their sum) and
#: after. ``reply`` and ``scene_text`` are what the class read at the decision's scene.
#: ``kind`` says which file a row came from when a teacher pastes both into one sheet.
CSV_HEAD = [
    "kind", "step", "story_date", "dateline", "chapter", "scene", "scene_title", "question", "reply", "scene_text",
]
CSV_TAIL = [
    "total_votes", "device_votes", "hand_votes", "winner", "winner_text", "method", "tie", "tie_broken_by_teacher",
    "undone",
    "decided_at", "record_text", "record_citations", "record_notes", "sitting",
]
#: Columns of bibliography.csv: one row per passage the class saw.
BIBLIOGRAPHY_COLUMNS = [
    "kind", "source", "source_title", "publisher", "source_date", "paragraph", "line", "quote", "seen_in", "cited_as",
    "editors_notes",
]
#: OWASP's list: a cell starting with one of these is read as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class BibliographyEntry:
    """One source with the passages of it the class saw, in the order of the file."""

    source: Source
    passages: list[PassageSeen]


@dataclass
class SittingRow:
    """One sitting of the lesson as the handout shows it."""

    number: int
    day: str  # "Tuesday 5 March 2024"
    began: str  # "09:00"
    ended: str
    seconds: float  # time on scenes shown in this sitting
    decisions: int


def export_session(session: ClassSession, folder: Path | str) -> dict[str, Path]:
    """Write ``session.md``, ``session.html``, ``decisions.csv`` and ``bibliography.csv``.

    Returns ``{"markdown": path, "html": path, "csv": path, "bibliography": path}``. Files of an earlier export
    to the same folder are replaced: the latest export holds the whole session so far.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = {
        "markdown": target / MARKDOWN_FILE,
        "html": target / HTML_FILE,
        "csv": target / CSV_FILE,
        "bibliography": target / BIBLIOGRAPHY_CSV_FILE,
    }
    # never through a symlink left in the folder (FileRefused, an OSError, says so, and
    # names the file, since the message names only the folder)
    try:
        write_text_safely(written["markdown"], session_markdown(session))
        write_text_safely(written["html"], session_html(session))
        # utf-8-sig: spreadsheet programs then read the Hungarian letters correctly
        write_text_safely(written["csv"], session_csv(session), encoding="utf-8-sig", newline="")
        write_text_safely(written["bibliography"], bibliography_csv(session), encoding="utf-8-sig", newline="")
    except FileRefused as refused:
        name = next(path.name for path in written.values() if not path.is_file() or path.is_symlink())
        raise FileRefused(f"{name}: {refused}", refused.rule) from refused
    return written


# --------------------------------------------------------------------------- shared data


def bibliography(session: ClassSession) -> list[BibliographyEntry]:
    """The passages seen, grouped by source and sorted as they stand in the file."""
    entries = []
    for source in session.data.sources.values():
        passages = sorted(
            (p for p in session.log.passages if p.source == source.id), key=lambda p: (p.paragraph, p.start),
        )
        if passages:
            entries.append(BibliographyEntry(source, passages))
    return entries


def paragraph_line(source: Source, paragraph: int) -> int | None:
    """The file's line where a paragraph starts, so a reader can find it in the text."""
    if source.document is None or not 0 <= paragraph < len(source.document.paragraphs):
        return None
    return source.document.paragraphs[paragraph].line


def _scene_names(session: ClassSession, scene_ids: list[str]) -> list[str]:
    names = {EPILOGUE: "the story's epilogue"}
    return [session.data.scenes[s].title if s in session.data.scenes else names.get(s, s) for s in scene_ids]


def _seen_at(session: ClassSession, passage: PassageSeen) -> list[str]:
    """Where the class saw a passage, each place with the stance taken there: "The curfew
    (as reported)". A file that predates the stance names the places only."""
    names = _scene_names(session, passage.scenes)
    out = []
    for scene, name in zip(passage.scenes, names):
        stances = passage.stances_at(scene)
        if "report" in stances:
            name += " (as fact and as reported)" if "fact" in stances else f" ({stance_words('report')})"
        out.append(name)
    return out


def notes_in_handout(session: ClassSession) -> list[NoteLog]:
    """Every editors' note the handout shows (records on the path, passages seen), once
    each by id, errors first."""
    found: dict[str, NoteLog] = {}
    for decision in session.log.decisions:
        for cite in decision.record.cites if decision.record else []:
            for note in cite.notes or []:
                found.setdefault(note.id, note)
    for passage in session.log.passages:
        for note in passage.notes or []:
            found.setdefault(note.id, note)
    return sorted(found.values(), key=lambda note: kind_order(note.kind))


def _notes_unrecorded(session: ClassSession) -> bool:
    """Whether some passage of the handout comes from a file that did not keep notes."""
    cites = [c for d in session.log.decisions if d.record for c in d.record.cites]
    return any(c.notes is None for c in cites) or any(p.notes is None for p in session.log.passages)


def _notes_summary(session: ClassSession) -> str:
    notes = notes_in_handout(session)
    counts: dict[str, int] = {}
    for note in notes:
        counts[note.label] = counts.get(note.label, 0) + 1
    text = f"{len(notes)}" + (" (" + ", ".join(f"{n} {label.lower()}" for label, n in counts.items()) + ")" if notes else "")
    return text + ("; some not recorded (an older session file)" if _notes_unrecorded(session) else "")


def vote_cell(decision: Decision, choice: ChoiceTally) -> str:
    """A choice's votes in a handout's table: ``7``, or ``7 (5 devices, 2 hands)`` when the
    class's devices voted; ``-`` when the teacher chose without a vote."""
    if decision.method != "vote":
        return "-"
    if not decision.device_votes:
        return str(choice.votes)
    return f"{choice.votes} ({choice.devices} device{'s' * (choice.devices != 1)}, {choice.hands} hand{'s' * (choice.hands != 1)})"


def cast_words(decision: Decision) -> str:
    """How a vote was cast, devices and hands (hands only, as before the class had
    devices, says so too: a reader of the handout should not have to guess)."""
    devices, hands = decision.device_votes, decision.hand_votes
    if not devices:
        return f"All {hands} were hands counted by the teacher." if hands else "No votes were cast."
    if not hands:
        return f"All {devices} were cast from the class's devices."
    return f"Cast from the class's devices: {devices}; hands counted by the teacher: {hands}."


def _outcome(decision: Decision) -> str:
    """One sentence on how the choice was made."""
    winner = decision.winning_choice
    if decision.method == "teacher":
        text = f"The teacher chose {winner.number} without a vote."
    elif decision.tie:
        tied = " and ".join(str(i + 1) for i in decision.tied)
        text = f"A tie between {tied} ({winner.votes} each): the teacher chose {winner.number}."
    else:
        text = f"The class chose {winner.number} with {winner.votes} of {decision.total_votes} votes."
    if decision.method == "vote":
        text += f" {cast_words(decision)}"
    if decision.undone:
        text += f" Undone at {format_moment(decision.undone_at, False)}: the class went back."
    return text


def _read_parts(visit: SceneVisit | None, question: str) -> tuple[list[str], list[str]] | None:
    """What the class read at a step, split into the reply and the scene's paragraphs
    before the question (which each format sets apart, so it is left out here); ``None``
    when the log does not have the text (a session file from before it kept it)."""
    if visit is None or visit.reply is None or visit.text is None:
        return None
    reply, text = list(visit.reply), list(visit.text)
    if text and text[-1] == question:
        text.pop()
    elif not text and reply and reply[-1] == question:
        reply.pop()
    return reply, text


def _citation_label(session: ClassSession, source_id: str, paragraph: int | None, stance: str | None = None) -> str:
    """``BBC On This Day, ¶54`` — and ``; as reported`` for a citation made ``as: report``."""
    source = session.data.sources.get(source_id)
    title = source.title if source else source_id
    label = f"{title}, ¶{paragraph + 1}" if paragraph is not None else f"{title} (passage not found in the file)"
    return label + (f"; {stance_words(stance)}" if stance_words(stance) else "")


def handout_title(session: ClassSession) -> str:
    """``Budapest 1956: class session — 7B History`` (the class's name when given)."""
    title = f"{session.data.title}: class session"
    return f"{title} — {session.class_name}" if session.class_name else title


def sitting_rows(session: ClassSession) -> list[SittingRow]:
    """Each sitting with its day, its hours, its time on scenes and its decisions."""
    log = session.log
    rows = []
    for number, sitting in enumerate(log.sittings, start=1):
        seconds = sum(session.visit_seconds(v) for v in log.visits if log.sitting_of(v.shown_at) == number)
        decisions = sum(1 for d in log.decisions if log.sitting_of(d.decided_at) == number)
        rows.append(SittingRow(
            number, format_day(sitting.began_at), format_moment(sitting.began_at, False)[:5],
            format_moment(sitting.last_at, False)[:5], round(seconds, 3), decisions,
        ))
    return rows


def _sitting_words(row: SittingRow) -> str:
    return f"Sitting {row.number}: {row.day}, {row.began}–{row.ended}"


def _sitting_starts(session: ClassSession) -> dict[int, list[SittingRow]]:
    """For a lesson of several sittings: the sittings that begin before each decision
    of the path (by the decision's index in the log; ``len(decisions)`` for those that
    begin before the scene the class is at now). A sitting without a decision is named
    with the next one, so every sitting appears once, in order."""
    rows = sitting_rows(session)
    if len(rows) < 2:
        return {}
    starts: dict[int, list[SittingRow]] = {}
    named = 0
    decisions = session.log.decisions
    for index, decision in enumerate(decisions):
        number = session.log.sitting_of(decision.decided_at)
        if number > named:
            starts[index] = rows[named:number]
            named = number
    if named < len(rows):
        starts[len(decisions)] = rows[named:]
    return starts


def _left(session: ClassSession, number: int, visit: SceneVisit) -> str:
    """When the class left a scene ("on screen" while it is there); a scene the lesson
    broke off at says so, since the next visit is another day's."""
    if visit.left_at is None:
        return "on screen"
    left = format_moment(visit.left_at, False)
    visits, log = session.log.visits, session.log
    if number < len(visits) and log.sitting_of(visits[number].shown_at) > log.sitting_of(visit.shown_at):
        return f"{left} (end of sitting)"
    return left


def _status(session: ClassSession) -> str:
    if session.is_ending and session.scene.ending:
        return f"Ending reached: {session.scene.ending.title} ({session.scene.title})"
    return f"In progress, at: {session.scene.title}"


def _summary_rows(session: ClassSession) -> list[tuple[str, str]]:
    """The handout's header facts, shared by Markdown and HTML."""
    log = session.log
    perspective = session.story.perspective
    decisions = log.decisions
    by_vote = sum(1 for d in decisions if d.method == "vote")
    ties = sum(1 for d in decisions if d.tie)
    undone = sum(1 for d in decisions if d.undone)
    who = ""
    if perspective:
        who = perspective.name + (f", {perspective.role}" if perspective.role else "") + (
            " (fictional)" if perspective.fictional else "")
    rows = [("Class", log.class_name)] if log.class_name else []
    sittings = sitting_rows(session)
    if len(sittings) > 1:
        rows.append(("Sittings", f"{len(sittings)}, {sittings[0].day} to {sittings[-1].day}"))
    return rows + [
        ("Point of view", who),
        ("Story version", session.data.version),
        ("Session started", format_moment(log.started_at)),
        ("Session finished", format_moment(log.finished_at) or "not yet (exported during the lesson)"),
        ("Time on scenes", format_duration(session.total_seconds())),
        ("Decisions", f"{len(decisions)} ({by_vote} by vote, {len(decisions) - by_vote} by the teacher, "
                      f"{_count(ties, 'tie')} broken by the teacher, {undone} undone)"),
        ("Where the class is", _status(session)),
        ("Passages seen", str(len(log.passages))),
        ("Editors' notes shown", _notes_summary(session)),
    ]


# --------------------------------------------------------------------------- Markdown


def session_markdown(session: ClassSession) -> str:
    """The handout as Markdown."""
    data = session.data
    lines = [f"# {md(handout_title(session))}", ""]
    if data.subtitle:
        lines += [f"*{md(data.subtitle)}*", ""]
    lines += [f"- **{name}:** {md(value)}" for name, value in _summary_rows(session)]
    lines += _md_sittings(session)
    lines += ["", "## The class's path", ""]
    starts = _sitting_starts(session)
    for index, decision in enumerate(session.log.decisions):
        lines += [line for row in starts.get(index, []) for line in (f"**{md(_sitting_words(row))}**", "")]
        lines += _md_decision(session, decision)
    lines += [line for row in starts.get(len(session.log.decisions), []) for line in (f"**{md(_sitting_words(row))}**", "")]
    lines += _md_now(session)
    lines += ["## Discussion prompts shown", ""]
    lines += [
        f"- **{md(p.scene_title)}** ({format_moment(p.shown_at, False)}"
        + (f", shown {p.times} times" if p.times > 1 else "") + f"): {md(p.text)}"
        for p in session.log.prompts
    ] or ["No discussion prompt was shown."]
    several = len(session.log.sittings) > 1
    sitting_head, sitting_rule = (" Sitting |", " ---: |") if several else ("", "")
    lines += ["", "## Time per scene", "", f"| # |{sitting_head} Scene | Chapter | Shown | Left | Time |",
              f"| ---: |{sitting_rule} --- | --- | --- | --- | ---: |"]
    for number, visit in enumerate(session.log.visits, start=1):
        sitting = f" {session.log.sitting_of(visit.shown_at)} |" if several else ""
        lines.append(
            f"| {number} |{sitting} {md(visit.title)} | {md(visit.chapter_title)} | {format_moment(visit.shown_at, False)} "
            f"| {_left(session, number, visit)} | {format_duration(session.visit_seconds(visit))} |"
        )
    lines += [f"| |{' |' if several else ''} **Total** | | | | **{format_duration(session.total_seconds())}** |", ""]
    lines += _md_bibliography(session)
    return "\n".join(lines).rstrip() + "\n"


def _md_sittings(session: ClassSession) -> list[str]:
    """A lesson of several sittings: when each was, and what the class did in it."""
    rows = sitting_rows(session)
    if len(rows) < 2:
        return []
    lines = ["", "## Sittings", "", "| # | Day | From | To | Time on scenes | Decisions |",
             "| ---: | --- | --- | --- | ---: | ---: |"]
    lines += [f"| {r.number} | {r.day} | {r.began} | {r.ended} | {format_duration(r.seconds)} | {r.decisions} |"
              for r in rows]
    return lines


def _md_decision(session: ClassSession, decision: Decision) -> list[str]:
    marker = " (undone)" if decision.undone else ""
    lines = [f"### Step {decision.step}: {md(decision.scene_title)}{marker}", "", f"*{md(decision.dateline)}*", ""]
    lines += _md_read(session.visit_of(decision), decision.question)
    lines += [md_quote(decision.question), "", "| # | Choice | Votes |", "| ---: | --- | ---: |"]
    for choice in decision.choices:
        text = md(choice.text)
        if choice.index == decision.winner:
            text = f"**{text}** (went ahead)"
        elif not choice.open:
            text = f"{text} (closed" + (f": {md(choice.reason)}" if choice.reason else "") + ")"
        lines.append(f"| {choice.number} | {text} | {vote_cell(decision, choice)} |")
    lines += ["", md(_outcome(decision)), ""]
    if decision.record:
        lines += _md_record(session, decision.record)
    return lines


def _md_read(visit: SceneVisit | None, question: str) -> list[str]:
    """The reply in italics, then the scene's paragraphs (the question follows, quoted)."""
    parts = _read_parts(visit, question)
    if parts is None:
        return [f"*{md(NOT_RECORDED)}*", ""]
    reply, text = parts
    return [line for paragraph in reply for line in (f"*{md(paragraph)}*", "")] + [
        line for paragraph in text for line in (md(paragraph), "")
    ]


def _md_record(session: ClassSession, record: RecordLog) -> list[str]:
    lines = [f"**What the record says:** {md(record.text)}", ""]
    for cite in record.cites:
        lines += [md_quote(cite.quote), "", f"({md(_citation_label(session, cite.source, cite.paragraph, cite.stance))})", ""]
        lines += _md_notes(cite.notes)
    return lines


def _md_notes(notes: list[NoteLog] | None) -> list[str]:
    """The editors' notes beside a passage, one list item each (never a block quote: in
    a handout a block quote is the source's own words)."""
    if notes is None:
        return [f"- *{md(NOTES_NOT_RECORDED)}.*", ""]
    if not notes:
        return []
    lines = []
    for note in notes:
        refs = references_line(note.references)
        lines.append(f"- **{md(sentence(note_heading(note)))}** {md(note.text)}" + (f" *{md(refs)}*" if refs else ""))
    return lines + [""]


def _md_works_cited(session: ClassSession) -> list[str]:
    works = works_cited(notes_in_handout(session))
    if not works:
        return []
    lines = [f"### {WORKS_CITED}", "", "The standard works the editors' notes in this handout rest on.", ""]
    lines += [f"- {md(work)}" for work in works]
    if _notes_unrecorded(session):
        lines += ["", md("Passages whose notes were not recorded are not included.")]
    return lines + [""]


def _md_now(session: ClassSession) -> list[str]:
    scene = session.scene
    read = _md_read(session.last_visit, "")
    if scene.ending:
        lines = [f"### The ending: {md(scene.ending.title)}", "", f"*{md(scene.title)}*", ""] + read
        if session.story.epilogue:
            lines += ["#### Epilogue", ""]
        for paragraph in session.story.epilogue:
            lines += [md(paragraph), ""]
        return lines
    return [f"### Now at: {md(scene.title)}", ""] + read + ["The lesson has not reached an ending yet.", ""]


def _md_bibliography(session: ClassSession) -> list[str]:
    lines = ["## Bibliography", "", "Exactly the passages this class saw, quoted as the source has them.", ""]
    entries = bibliography(session)
    if not entries:
        return lines + ["The class did not open any passage of the source."]
    for entry in entries:
        source = entry.source
        lines += [f"### {md(source.title)}", "", f"{md(source.publisher)}, {md(source.date)}.", ""]
        for passage in entry.passages:
            line = paragraph_line(source, passage.paragraph)
            where = f"¶{passage.paragraph_number}" + (f", line {line}" if line else "")
            seen = ", ".join(md(name) for name in _seen_at(session, passage))
            lines += [
                md_quote(passage.quote), "",
                f"{md(source.title)}, {md(source.publisher)}, {md(source.date)}, {where}. Seen at: {seen}.", "",
            ]
            lines += _md_notes(passage.notes)
    return lines + _md_works_cited(session)


# --------------------------------------------------------------------------- HTML


def session_html(session: ClassSession) -> str:
    """The handout as one self-contained, printable HTML page."""
    data = session.data
    parts = [f"<header><h1>{esc(handout_title(session))}</h1>"]
    if data.subtitle:
        parts.append(f'<p class="subtitle">{esc(data.subtitle)}</p>')
    parts.append('<dl class="meta">' + "".join(
        f"<dt>{esc(name)}</dt><dd>{esc(value)}</dd>" for name, value in _summary_rows(session)
    ) + "</dl></header>")
    sittings = _html_sittings(session)
    parts.append(
        '<nav class="screen-only"><ol>' + ('<li><a href="#sittings">Sittings</a></li>' if sittings else "")
        + '<li><a href="#path">The class\'s path</a></li>'
        '<li><a href="#prompts">Discussion prompts shown</a></li><li><a href="#time">Time per scene</a></li>'
        '<li><a href="#bibliography">Bibliography</a></li></ol></nav>'
    )
    parts.append(sittings)
    parts.append('<section id="path"><h2>The class\'s path</h2>')
    starts = _sitting_starts(session)
    for index, decision in enumerate(session.log.decisions):
        parts += [_html_sitting_start(row) for row in starts.get(index, [])]
        parts.append(_html_decision(session, decision))
    parts += [_html_sitting_start(row) for row in starts.get(len(session.log.decisions), [])]
    parts.append(_html_now(session) + "</section>")
    parts.append(_html_prompts(session))
    parts.append(_html_times(session))
    parts.append(_html_bibliography(session))
    return html_page(handout_title(session), "\n".join(part for part in parts if part))


def _html_sittings(session: ClassSession) -> str:
    rows = sitting_rows(session)
    if len(rows) < 2:
        return ""
    body = "".join(
        f'<tr><td class="num">{r.number}</td><td>{esc(r.day)}</td><td>{esc(r.began)}</td><td>{esc(r.ended)}</td>'
        f'<td class="num">{esc(format_duration(r.seconds))}</td><td class="num">{r.decisions}</td></tr>'
        for r in rows
    )
    return ('<section id="sittings"><h2>Sittings</h2><table><thead><tr><th class="num">#</th><th>Day</th>'
            '<th>From</th><th>To</th><th class="num">Time on scenes</th><th class="num">Decisions</th></tr></thead>'
            f"<tbody>{body}</tbody></table></section>")


def _html_sitting_start(row: SittingRow) -> str:
    return f'<p class="sitting" id="sitting-{row.number}">{esc(_sitting_words(row))}</p>'


def _html_decision(session: ClassSession, decision: Decision) -> str:
    classes = "step undone" if decision.undone else "step"
    rows = []
    most = max((c.votes for c in decision.choices), default=0) or 1
    for choice in decision.choices:
        kind = "winner" if choice.index == decision.winner else ("closed" if not choice.open else "")
        note = "" if choice.open else " (closed" + (f": {esc(choice.reason)}" if choice.reason else "") + ")"
        votes = esc(vote_cell(decision, choice))
        width = round(100 * choice.votes / most) if decision.method == "vote" else 0
        rows.append(
            f'<tr class="{kind}"><td class="num">{choice.number}</td><td>{esc(choice.text)}{note}</td>'
            f'<td class="num">{votes}</td><td>{_html_bar(decision, choice.votes, width)}</td></tr>'
        )
    record = _html_record(session, decision.record) if decision.record else ""
    return (
        f'<article class="{classes}" id="step-{decision.step}">'
        f"<h3>Step {decision.step}: {esc(decision.scene_title)}{' (undone)' if decision.undone else ''}</h3>"
        f'<p class="dateline">{esc(decision.dateline)}</p>'
        f"{_html_read(session.visit_of(decision), decision.question)}"
        f'<blockquote class="question">{esc(decision.question)}</blockquote>'
        '<table class="votes"><thead><tr><th class="num">#</th><th>Choice</th><th class="num">Votes</th>'
        f'<th>Share</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        f'<p class="outcome">{esc(_outcome(decision))}</p>{record}</article>'
    )


def _html_bar(decision: Decision, votes: int, width: int) -> str:
    """The bar drawn for sighted readers; a screen reader hears "5 of 9 votes" instead of an
    empty cell (the number column already says 5, the bar adds the share)."""
    if decision.method != "vote":
        return ""
    words = f"{votes} of {decision.total_votes} votes"
    return f'<span class="bar" style="width:{width}%" aria-hidden="true"></span><span class="visually-hidden">{words}</span>'


#: scene text before the question longer than this (in characters) is folded in a <details>
FOLD_AFTER = 320


def _html_read(visit: SceneVisit | None, question: str, *, folded: bool = True) -> str:
    """The reply, always shown; the scene's paragraphs before the question (which follows,
    quoted) shown too when short, else folded in a ``<details>`` so that the page keeps
    the shape of the lesson; never folded when ``folded`` is false."""
    parts = _read_parts(visit, question)
    if parts is None:
        return f'<p class="not-recorded">{esc(NOT_RECORDED)}</p>'
    reply, text = parts
    html = "".join(f'<p class="reply">{esc(paragraph)}</p>' for paragraph in reply)
    paragraphs = "".join(f"<p>{esc(paragraph)}</p>" for paragraph in text)
    if not text:
        return html
    if not folded or sum(len(paragraph) for paragraph in text) <= FOLD_AFTER:
        return html + f'<div class="read">{paragraphs}</div>'
    count = f"{len(text)} paragraph{'s' if len(text) != 1 else ''}"
    summary = f"The scene as the class read it ({count}{' before the question' if question else ''})"
    return html + f'<details class="read"><summary>{esc(summary)}</summary>{paragraphs}</details>'


def _html_record(session: ClassSession, record: RecordLog) -> str:
    cites = "".join(
        f'<blockquote class="cite">{esc(cite.quote)}</blockquote>'
        f'<p class="ref">{esc(_citation_label(session, cite.source, cite.paragraph, cite.stance))}</p>'
        + html_notes(cite.notes)
        for cite in record.cites
    )
    return f'<div class="record"><h4>What the record says</h4><p>{esc(record.text)}</p>{cites}</div>'


def html_notes(notes: list[NoteLog] | None) -> str:
    """The editors' notes beside a passage, each an ``<aside>`` headed as the editors'
    note, with its references in a smaller line."""
    if notes is None:
        return f'<p class="notes-not-recorded">{esc(NOTES_NOT_RECORDED)}.</p>'
    return "".join(html_note(note) for note in notes)


def html_note(note: NoteLog, anchor: str = "") -> str:
    refs = references_line(note.references)
    return (
        f'<aside class="editors-note {esc(note.kind)}"' + (f' id="{esc(anchor)}"' if anchor else "")
        + f' data-note="{esc(note.id)}"><p class="note-label">{esc(note_heading(note))}</p>'
        f"<p>{esc(note.text)}</p>" + (f'<p class="note-refs">{esc(refs)}</p>' if refs else "") + "</aside>"
    )


def _html_works_cited(session: ClassSession) -> str:
    works = works_cited(notes_in_handout(session))
    if not works:
        return ""
    missing = ("<p>Passages whose notes were not recorded are not included.</p>"
               if _notes_unrecorded(session) else "")
    return (f'<h3 id="works-cited">{esc(WORKS_CITED)}</h3>'
            "<p>The standard works the editors' notes in this handout rest on.</p>"
            '<ul class="works">' + "".join(f"<li>{esc(work)}</li>" for work in works) + f"</ul>{missing}")


def _html_now(session: ClassSession) -> str:
    scene = session.scene
    read = _html_read(session.last_visit, "", folded=False)
    if scene.ending:
        epilogue = "".join(f"<p>{esc(p)}</p>" for p in session.story.epilogue)
        if epilogue:
            epilogue = f'<div class="epilogue"><h4>Epilogue</h4>{epilogue}</div>'
        return (f'<article class="step ending"><h3>The ending: {esc(scene.ending.title)}</h3>'
                f'<p class="dateline">{esc(scene.title)}</p>{read}{epilogue}</article>')
    return (f'<article class="step"><h3>Now at: {esc(scene.title)}</h3>{read}'
            "<p>The lesson has not reached an ending yet.</p></article>")


def _html_prompts(session: ClassSession) -> str:
    items = "".join(
        f"<li><strong>{esc(p.scene_title)}</strong> ({esc(format_moment(p.shown_at, False))}"
        + (f", shown {p.times} times" if p.times > 1 else "") + f"): {esc(p.text)}</li>"
        for p in session.log.prompts
    )
    body = f"<ul>{items}</ul>" if items else "<p>No discussion prompt was shown.</p>"
    return f'<section id="prompts"><h2>Discussion prompts shown</h2>{body}</section>'


def _html_times(session: ClassSession) -> str:
    several = len(session.log.sittings) > 1

    def sitting(visit: SceneVisit) -> str:
        return f'<td class="num">{session.log.sitting_of(visit.shown_at)}</td>' if several else ""

    rows = "".join(
        f'<tr><td class="num">{number}</td>{sitting(v)}<td>{esc(v.title)}</td><td>{esc(v.chapter_title)}</td>'
        f"<td>{esc(format_moment(v.shown_at, False))}</td><td>{esc(_left(session, number, v))}</td>"
        f'<td class="num">{esc(format_duration(session.visit_seconds(v)))}</td></tr>'
        for number, v in enumerate(session.log.visits, start=1)
    )
    return (
        '<section id="time"><h2>Time per scene</h2><table><thead><tr><th class="num">#</th>'
        + ('<th class="num">Sitting</th>' if several else "")
        + '<th>Scene</th><th>Chapter</th><th>Shown</th><th>Left</th><th class="num">Time</th></tr></thead>'
        f'<tbody>{rows}</tbody><tfoot><tr><th scope="row" colspan="{6 if several else 5}">Total</th>'
        f'<td class="num">{esc(format_duration(session.total_seconds()))}</td></tr></tfoot></table></section>'
    )


def _html_bibliography(session: ClassSession) -> str:
    parts = ['<section id="bibliography"><h2>Bibliography</h2>',
             "<p>Exactly the passages this class saw, quoted as the source has them.</p>"]
    entries = bibliography(session)
    if not entries:
        parts.append("<p>The class did not open any passage of the source.</p>")
    for entry in entries:
        source = entry.source
        parts.append(f"<h3>{esc(source.title)}</h3><p class=\"ref\">{esc(source.publisher)}, {esc(source.date)}.</p>")
        for passage in entry.passages:
            line = paragraph_line(source, passage.paragraph)
            where = f"¶{passage.paragraph_number}" + (f", line {line}" if line else "")
            seen = ", ".join(_seen_at(session, passage))
            parts.append(
                f'<blockquote class="passage" data-source="{esc(source.id)}" data-paragraph="{passage.paragraph_number}">'
                f"{esc(passage.quote)}</blockquote>"
                f'<p class="ref">{esc(source.title)}, {esc(source.publisher)}, {esc(source.date)}, {esc(where)}. '
                f"Seen at: {esc(seen)}.</p>" + html_notes(passage.notes)
            )
    parts.append(_html_works_cited(session))
    parts.append("</section>")
    return "".join(parts)


# --------------------------------------------------------------------------- CSV


def session_csv(session: ClassSession) -> str:
    """decisions.csv: one row per decision (undone ones too, marked); votes, steps and
    sittings are plain integers a spreadsheet can add up."""
    width = max((len(d.choices) for d in session.log.decisions), default=0)
    per_choice = [f"{name}_{n}" for n in range(1, width + 1) for name in ("choice", "status", "votes", "devices", "hands")]
    return _csv_text(CSV_HEAD + per_choice + CSV_TAIL, [_csv_decision(session, d) for d in session.log.decisions])


def bibliography_csv(session: ClassSession) -> str:
    """bibliography.csv: one row per passage the class saw, in the order of the source."""
    rows = [_csv_passage(session, entry.source, passage) for entry in bibliography(session) for passage in entry.passages]
    return _csv_text(BIBLIOGRAPHY_COLUMNS, rows)


def _csv_text(columns: list[str], rows: list[dict[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: guard_cell(value) for name, value in row.items()})
    return buffer.getvalue()


def guard_cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula (author text such as
    '=HYPERLINK(...)' or '-the crowd') gets OWASP's leading apostrophe; numbers stay
    numbers, so a negative integer in a count column is still a number."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_decision(session: ClassSession, decision: Decision) -> dict[str, object]:
    winner = decision.winning_choice
    row: dict[str, object] = {
        "kind": "decision", "step": decision.step, "story_date": decision.date, "dateline": decision.dateline,
        "chapter": decision.chapter, "scene": decision.scene, "scene_title": decision.scene_title,
        "question": decision.question, **_csv_read(session.visit_of(decision)),
        "total_votes": decision.total_votes, "device_votes": decision.device_votes,
        "hand_votes": decision.hand_votes, "winner": winner.number,
        "winner_text": winner.text, "method": decision.method, "tie": _yes(decision.tie),
        "tie_broken_by_teacher": _yes(decision.teacher_tiebreak), "undone": _yes(decision.undone),
        "decided_at": decision.decided_at, "sitting": session.log.sitting_of(decision.decided_at),
        "record_text": decision.record.text if decision.record else "",
        "record_citations": " | ".join(
            f"{_citation_label(session, c.source, c.paragraph, c.stance)}: {c.quote}" for c in decision.record.cites
        ) if decision.record else "",
        "record_notes": " | ".join(
            _csv_notes(c.notes) for c in decision.record.cites if c.notes is None or c.notes
        ) if decision.record else "",
    }
    for choice in decision.choices:
        row[f"choice_{choice.number}"] = choice.text
        row[f"status_{choice.number}"] = "open" if choice.open else "closed"
        row[f"votes_{choice.number}"] = choice.votes
        row[f"devices_{choice.number}"] = choice.devices
        row[f"hands_{choice.number}"] = choice.hands
    return row


def _csv_read(visit: SceneVisit | None) -> dict[str, str]:
    """The reply and the scene's text as shown, paragraphs separated by a blank line (the
    question is the last of them, and has its own column too)."""
    if visit is None or visit.reply is None or visit.text is None:
        return {"reply": NOT_RECORDED, "scene_text": NOT_RECORDED}
    return {"reply": "\n\n".join(visit.reply), "scene_text": "\n\n".join(visit.text)}


def _csv_passage(session: ClassSession, source: Source, passage: PassageSeen) -> dict[str, object]:
    return {
        "kind": "passage", "source": source.id, "source_title": source.title, "publisher": source.publisher,
        "source_date": source.date, "paragraph": passage.paragraph_number,
        "line": paragraph_line(source, passage.paragraph) or "", "quote": passage.quote,
        "seen_in": "; ".join(_scene_names(session, passage.scenes)),
        "cited_as": _csv_stances(session, passage), "editors_notes": _csv_notes(passage.notes),
    }


def _csv_notes(notes: list[NoteLog] | None) -> str:
    """The notes beside a passage in one cell, each marked as the editors' note."""
    if notes is None:
        return NOTES_NOT_RECORDED
    return " | ".join(note_plain(note) for note in notes)


def _csv_stances(session: ClassSession, passage: PassageSeen) -> str:
    """``The curfew: report; the story's epilogue: fact`` ("not recorded" for an old file)."""
    if passage.uses is None:
        return "not recorded"
    names = dict(zip(passage.scenes, _scene_names(session, passage.scenes)))
    return "; ".join(f"{names.get(use.scene, use.scene)}: {use.stance}" for use in passage.uses)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
