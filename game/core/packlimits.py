"""How many of each thing a pack may hold (scenes/README.md states them).

Every count a stranger's pack controls is bounded here, so that opening any pack within
the caps costs seconds: a 5,000-scene generated story loads and checks in about a second
(``budapest1956 bench`` measures 10,000 scenes at about two), and the shipped story uses
a small part of each cap (127 scenes, 4 choices, 7 citations, 29 variables). Each cap
is an error at the first item past it, naming the cap, under the rule ``too-many``.
"""

from __future__ import annotations

MAX_SCENES = 5_000
#: chapter files, listed in ``files:`` or found next to story.yaml
MAX_CHAPTER_FILES = 100
#: all of a pack's YAML together (story.yaml, chapters, notes, guide): each file is also
#: capped alone (safefile.MAX_YAML_BYTES); the shipped story's YAML is about 0.5 MiB
MAX_PACK_YAML_BYTES = 8 * 1024 * 1024
#: all of a pack's source texts together: each is also capped alone (2 MiB), and twenty
#: of those were 40 MB to normalise and index, half a minute of ``check``; the shipped
#: source is 10 KB
MAX_PACK_SOURCE_BYTES = 4 * 1024 * 1024
MAX_VARIABLES = 500
MAX_CHAPTERS = 100
MAX_PERSPECTIVES = 20
MAX_SOURCES = 20
MAX_CHOICES = 20  # per scene
MAX_CITATIONS = 20  # per scene, record or epilogue
MAX_EFFECTS = 20  # items of one effects list (each item is one expression, at most 1,000 characters)
#: any other list: paragraphs, prompts, cast, glossary, notes, topics, passages
MAX_ITEMS = 1_000

RULE = "too-many"


class ReadBudget:
    """The bytes of YAML a pack may still have read (one per load)."""

    def __init__(self, total: int | None = None):
        self.total = MAX_PACK_YAML_BYTES if total is None else total
        self.left = self.total

    def take(self, size: int) -> bool:
        """Count one file's bytes; False once the pack's files together pass the cap."""
        self.left -= size
        return self.left >= 0

#: the hint of every ``too-many`` error
PAST_THE_LIMIT = "this is the first one past the limit; scenes/README.md lists the limits"
