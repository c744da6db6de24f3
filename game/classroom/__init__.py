"""Classroom mode, the headless half: the session log, the lessons kept on disk, their
exports, and the teacher's guide.

The pygame screens (``screens.py``, written separately) draw what these modules return
and forward the teacher's keys to :class:`ClassSession`; nothing imported here imports
pygame, so the command line (``budapest1956 guide``, ``budapest1956 classroom
--headless``) and the tests run without a display. ``screens`` is deliberately not
imported by this package.
"""

from .autoplay import SimulatedClock, autoplay_session, run_autoplay
from .exports import bibliography_csv, export_session, session_csv, session_html, session_markdown
from .guide import Guide, build_guide, guide_html, guide_markdown, write_guide
from .lessons import Lesson, LessonInfo, LessonStore
from .session import ClassSession, Debrief, Decision, SessionError, Vote, load_session, save_session

__all__ = [
    "ClassSession", "Debrief", "Decision", "Guide", "Lesson", "LessonInfo", "LessonStore", "SessionError",
    "SimulatedClock", "Vote",
    "autoplay_session", "build_guide", "export_session", "guide_html", "guide_markdown", "load_session",
    "bibliography_csv", "run_autoplay", "save_session", "session_csv", "session_html", "session_markdown", "write_guide",
]
