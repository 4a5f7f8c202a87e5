"""Pieces every screen uses: undo adapter, task runner, theme, settings, bidi, shortcuts."""
