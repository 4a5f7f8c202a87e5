"""The desktop interface. PySide6 is imported only in this package (and the entry module)."""
