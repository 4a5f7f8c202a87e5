"""What the app remembers between runs: who is coding, theme, zoom, window layout, last article, and
the projects opened last (File > Recent projects; ``annotator`` with no arguments opens the first).

Stored with QSettings (the platform's usual place). ANNOTATOR_SETTINGS names an INI file instead,
which tests and screenshots use so they never read or write a person's own settings.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

RECENT_MAX = 8


def default_coder() -> str:
    try:
        return getpass.getuser() or "coder"
    except Exception:  # no user name in this environment (some containers)
        return "coder"


class Settings:
    def __init__(self, path: str | None = None) -> None:
        path = path or os.environ.get("ANNOTATOR_SETTINGS")
        if path:
            self._q = QSettings(path, QSettings.Format.IniFormat)
        else:
            self._q = QSettings("annotator", "Annotator")

    def _get(self, key: str, default: Any, kind: type) -> Any:
        value = self._q.value(key, default)
        if value is None:
            return default
        if kind is bool and isinstance(value, str):
            return value.lower() in ("1", "true", "yes")
        try:
            return kind(value)
        except (TypeError, ValueError):
            return default

    def text(self, key: str, default: str = "") -> str:
        return str(self._get(key, default, str))

    def set(self, key: str, value: Any) -> None:
        self._q.setValue(key, value)

    def sync(self) -> None:
        self._q.sync()

    @property
    def coder(self) -> str:
        return str(self._get("coder", "", str)).strip() or default_coder()

    @coder.setter
    def coder(self, name: str) -> None:
        self.set("coder", name.strip())

    @property
    def theme(self) -> str:
        return str(self._get("view/theme", "system", str))

    @property
    def zoom(self) -> int:
        return int(self._get("view/zoom", 0, int))

    @property
    def snap_to_words(self) -> bool:
        return bool(self._get("view/snap_to_words", False, bool))

    @property
    def show_suggestions(self) -> bool:
        return bool(self._get("view/suggestions", True, bool))

    def get_bool(self, key: str, default: bool = False) -> bool:
        return bool(self._get(key, default, bool))

    def last_article(self, url: str) -> int | None:
        value = self._get(f"last_article/{_slug(url)}", 0, int)
        return int(value) or None

    def set_last_article(self, url: str, article_id: int) -> None:
        self.set(f"last_article/{_slug(url)}", article_id)

    def recent_projects(self) -> list[str]:
        """Database URLs opened lately, the last one first (never with a password in them)."""
        raw = str(self._get("projects/recent", "", str))
        return [url for url in raw.split("\n") if url.strip()]

    def add_recent(self, url: str) -> None:
        """Put ``url`` first in the recent projects (keeping ``RECENT_MAX``)."""
        from annotator.store.server import without_password

        url = without_password(url)
        urls = [url, *(u for u in self.recent_projects() if u != url)][:RECENT_MAX]
        self.set("projects/recent", "\n".join(urls))

    def forget_recent(self, url: str | None = None) -> None:
        """Take ``url`` off the recent projects (None: clear the list)."""
        urls = [] if url is None else [u for u in self.recent_projects() if u != url]
        self.set("projects/recent", "\n".join(urls))

    def bytes(self, key: str) -> QByteArray | None:
        value = self._q.value(key)
        return value if isinstance(value, QByteArray) else None


def _slug(url: str) -> str:
    # QSettings keys use / as a group separator; keep one key per database.
    return "".join(ch if ch.isalnum() else "_" for ch in url)[-120:]
