"""Pieces every screen uses: undo adapter, workers, theme, settings, bidi, shortcuts."""
