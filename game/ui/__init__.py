"""The pygame desktop front end: a shell around :mod:`game.core`.

It pulls from the :class:`~game.core.story.Story` facade and owns the loop; screens sit on
a pushdown stack (story, drawer, journal, menus) so overlays stay simple.
"""
