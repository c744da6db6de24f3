"""Text as it may reach a terminal: no control characters from author YAML or sources.

Why: everything the tools print comes, in the end, from a story pack, and a pack may be
anyone's. A terminal obeys what it is sent, so a title holding ``ESC ] 0; ... BEL`` would
retitle the player's terminal window, ``ESC [ 2 J`` would wipe the screen, a carriage
return or a colour sequence could hide the words before it, and a bidi override (U+202E)
makes text read in an order other than the one stored (the "Trojan Source" trick), so a
screen reader and an eye no longer agree. :func:`printable` drops all of it, whole
sequences rather than only their ESC, so no stray ``[2J`` is read aloud either; line
breaks and tabs stay.

One function, used by every path that prints: the command line wraps standard output
and error with :class:`PrintableStream`, and the text player also cleans what it writes
when it is handed another stream.
"""

from __future__ import annotations

import codecs
import io
import re
import sys
from contextlib import contextmanager
from typing import Iterator, TextIO

#: ESC sequences first, whole: CSI (``ESC [ ... final``), OSC/DCS/APC/PM/SOS strings up
#: to their terminator (BEL or ``ESC \``, or the end of the text), then any other
#: two-character ESC sequence; their 8-bit C1 spellings (CSI U+009B, OSC U+009D ...) too
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
#: what is left: C0 but tab and line feed, DEL, C1, and the bidi embeddings, overrides
#: and isolates (U+202A-U+202E, U+2066-U+2069)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` without anything a terminal would obey rather than show."""
    if not _CONTROL.search(text):
        return text  # the usual case (ESC and the C1 introducers are in _CONTROL too)
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


class PrintableStream(io.TextIOBase):
    """A text stream that passes everything written through :func:`printable`.

    Everything else (``fileno``, ``isatty``, ``encoding``, ``buffer``) is the wrapped
    stream's, so callers that check for a terminal or flush still see the real one."""

    def __init__(self, stream: TextIO):
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:  # type: ignore[override]
        self.stream.write(printable(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", "utf-8")

    def __getattr__(self, name: str):  # buffer, errors, reconfigure ...
        return getattr(self.stream, name)


def _undecoded_or_replaced(error: UnicodeError) -> tuple[str | bytes, int]:
    """Encoding errors of the standard streams: a name the C locale could not decode
    (a file name given on the command line, kept by Python as surrogate escapes) goes
    out as its own bytes; any other lone surrogate as U+FFFD, never a traceback."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start:error.end]
    if all("\udc80" <= char <= "\udcff" for char in chunk):
        return bytes(ord(char) - 0xDC00 for char in chunk), error.end
    return "\ufffd" * len(chunk), error.end


STREAM_ERRORS = "budapest1956-terminal"
codecs.register_error(STREAM_ERRORS, _undecoded_or_replaced)


@contextmanager
def terminal_streams() -> Iterator[None]:
    """Standard output and error as UTF-8 and through :func:`printable`, for one command.

    Why UTF-8 whatever the console says: the story is full of names (Gerő, Zsófia) and
    the tools print ▶; under a Windows console encoding (cp1252, as soon as output is
    redirected) or ``LC_ALL=C`` Python would otherwise raise UnicodeEncodeError half-way
    through a scene. Standard input is read as UTF-8 too, bad bytes replaced rather than
    fatal. The streams are given back as they were afterwards (tests call ``main`` many
    times in one process)."""
    saved = (sys.stdout, sys.stderr)
    for stream, errors in ((sys.stdin, "replace"), (sys.stdout, STREAM_ERRORS), (sys.stderr, STREAM_ERRORS)):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors=errors)
            except (ValueError, OSError):  # a stream already read from keeps its encoding
                pass
    if sys.stdout is not None:
        sys.stdout = PrintableStream(sys.stdout)  # type: ignore[assignment]
    if sys.stderr is not None:
        sys.stderr = PrintableStream(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        for wrapper in (sys.stdout, sys.stderr):
            if isinstance(wrapper, PrintableStream):
                try:
                    wrapper.stream.flush()
                except (OSError, ValueError):
                    pass
        sys.stdout, sys.stderr = saved
