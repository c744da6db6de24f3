"""The screens of the desktop game, one module each, stacked by :class:`game.ui.app.App`."""
