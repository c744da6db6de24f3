"""Small shared pieces for the handouts: escaping, durations, and the print-friendly page.

Every page is self-contained (inline CSS, no scripts, no fonts or images from elsewhere)
so a teacher can e-mail it, open it offline or print it; all author and source text
goes through :func:`html.escape`.
"""

from __future__ import annotations

import html
import re
from datetime import datetime

BASE_CSS = """
:root { color-scheme: light; }
body { font-family: Georgia, "Times New Roman", serif; font-size: 17px; line-height: 1.5;
  color: #111; background: #fff; max-width: 52rem; margin: 2rem auto; padding: 0 1.25rem; }
h1, h2, h3, h4, nav, table, .meta, .dateline, .ref, .kind { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; }
h1 { font-size: 1.9rem; margin-bottom: .25rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid #222; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .3rem; }
h4 { font-size: .95rem; margin: .8rem 0 .2rem; }
.subtitle { font-style: italic; margin-top: 0; }
.meta { font-size: .9rem; }
.meta dt { font-weight: bold; float: left; clear: left; width: 12rem; }
.meta dd { margin-left: 12.5rem; }
.dateline, .ref, .kind { font-size: .85rem; color: #444; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; font-size: .9rem; }
table.votes { table-layout: fixed; }
table.votes th:nth-child(1) { width: 2.5rem; }
table.votes th:nth-child(3) { width: 4.5rem; }
table.votes th:nth-child(4) { width: 25%; }
th, td { border: 1px solid #999; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.winner td { font-weight: bold; }
tr.closed td { color: #666; font-style: italic; }
.bar { display: inline-block; height: .8em; background: #333; vertical-align: middle; }
blockquote { margin: .4rem 0 .4rem 1rem; padding-left: .8rem; border-left: 3px solid #999; }
.record { border: 1px solid #bbb; background: #f6f6f6; padding: .3rem .8rem; margin: .5rem 0; }
.reply { font-style: italic; margin: .4rem 0; }
.read p, .epilogue p { margin: .4rem 0; }
details.read { margin: .3rem 0; }
details.read summary { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: .85rem; color: #444;
  cursor: pointer; }
.not-recorded, .notes-not-recorded { font-size: .85rem; color: #555; font-style: italic; }
.undone { color: #555; }
.sitting { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-weight: bold; font-size: .95rem;
  border-top: 1px dashed #888; padding-top: .5rem; margin-top: 1.8rem; }
.undone h3 { text-decoration: line-through; }
.note { font-size: .9rem; color: #333; }
.editors-note { border-left: 4px solid #7a5c00; background: #fbf6e6; padding: .3rem .8rem; margin: .4rem 0 .6rem 1rem;
  font-size: .92rem; }
.editors-note.error { border-left-color: #a3122a; background: #fbeeee; }
.editors-note.contested { border-left-color: #a35a00; }
.editors-note p { margin: .25rem 0; }
.note-label { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-weight: bold; font-size: .85rem; }
.note-refs { font-size: .78rem; color: #444; }
mark.noted { background: #f3d9a4; }
mark { background: #ffe58a; color: #000; }
nav ol { font-size: .9rem; }
.paragraph { margin: .5rem 0; }
.paragraph.heading, .paragraph.caption, .paragraph.credit { color: #444; }
.paragraph.heading .text { font-weight: bold; }
.paragraph.caption .text, .paragraph.credit .text { font-style: italic; }
.pnum { font-family: "DejaVu Sans", Arial, sans-serif; font-size: .8rem; color: #555; margin-right: .4rem; }
a { color: #0b3d91; }
/* WCAG 2.2 target size: every link at least 24 px high, lists of links spaced to match */
li a, td a, p a, nav a { display: inline-block; min-height: 24px; line-height: 24px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  clip-path: inset(50%); white-space: nowrap; }
@media print {
  body { font-size: 11pt; max-width: none; margin: 0; padding: 0; color: #000; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3, h4 { break-after: avoid; page-break-after: avoid; }
  .step, blockquote, tr, .record, .paragraph, li, .editors-note { break-inside: avoid; page-break-inside: avoid; }
  nav { break-after: page; }
  a { color: inherit; text-decoration: none; }
  th, .record, mark, .bar, .editors-note { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .screen-only { display: none; }
  @page { margin: 16mm 14mm; }
}
"""

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")
# What makes a line a block of its own: a heading, a list item, a setext underline, a
# fence (backticks and ~ are already escaped inline), a block quote (> is too).
_MD_LINE_START = re.compile(r"^([#+=-])")
_MD_NUMBERED = re.compile(r"^(\d+)([.)])")


def esc(text: object) -> str:
    """HTML-escape any author or source text (quotes included, for attributes)."""
    return html.escape(str(text), quote=True)


def md(text: object) -> str:
    """Escape the Markdown characters that would change meaning; keep the words as they are
    (no other white space is touched: a quote keeps the file's no-break space)."""
    line = _MD_SPECIAL.sub(r"\\\1", re.sub(r"[ \t]*\r?\n[ \t]*", " ", str(text)).strip())
    # at the start of a line the text would become a heading, a list or a numbered item;
    # escaped everywhere md() is used, since "- **{md(x)}**" is harmless with "\#" too
    return _MD_NUMBERED.sub(r"\1\\\2", _MD_LINE_START.sub(r"\\\1", line))


def md_quote(text: str) -> str:
    """A Markdown block quote, one ``>`` line per line of the text."""
    return "\n".join("> " + md(line) for line in text.splitlines() if line.strip()) or "> "


def html_page(title: str, body: str, *, lang: str = "en") -> str:
    """A whole, self-contained HTML document around ``body`` (already escaped)."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{BASE_CSS}</style>\n</head>\n<body>\n"
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def format_duration(seconds: float) -> str:
    """``1 h 02 min``, ``12 min 30 s`` or ``45 s``: readable on a handout."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min {secs:02d} s"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def format_moment(stamp: str | None, with_date: bool = True) -> str:
    """An ISO timestamp of the log as ``2024-03-01 09:02:30`` (locale-independent)."""
    if not stamp:
        return ""
    moment = datetime.fromisoformat(stamp)
    return moment.strftime("%Y-%m-%d %H:%M:%S" if with_date else "%H:%M:%S")


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def format_day(moment: datetime | str, with_date: bool = True) -> str:
    """``Tuesday 5 March 2024`` (or ``Tuesday``), in English whatever the machine's locale,
    like the rest of the handout."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    weekday = WEEKDAYS[moment.weekday()]
    return f"{weekday} {moment.day} {MONTHS[moment.month - 1]} {moment.year}" if with_date else weekday


def slug(text: str) -> str:
    """An id for an in-page anchor."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
