"""How projects are named to a person, and the File > Recent projects menu."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMenu

from annotator.ui.common.settings import Settings

# These run while the first window is built, before SQLAlchemy is loaded: plain URL parsing only.


def _file(url: str) -> Path | None:
    """The file of a SQLite URL or a bare path (None: a server)."""
    if "://" not in url:
        return Path(url).expanduser()
    scheme, _, rest = url.partition("://")
    if not scheme.startswith("sqlite"):
        return None
    path = rest[1:] if rest.startswith("/") else rest  # sqlite:///relative or sqlite:////absolute
    return Path(path.split("?", 1)[0])


def project_label(url: str) -> str:
    """A project's short name: its file name, or ``database on server``."""
    from urllib.parse import unquote, urlsplit

    file = _file(url)
    if file is not None:
        return file.name or "in-memory database"
    parts = urlsplit(url)
    host = parts.hostname or "this machine"
    port = f":{parts.port}" if parts.port else ""
    return f"{unquote(parts.path.lstrip('/'))} on {host}{port}"


def project_place(url: str) -> str:
    """Where a project is: the file's full path, or the server URL (no password)."""
    file = _file(url)
    if file is not None:
        return str(file)
    from annotator.store.server import without_password

    return without_password(url)


def is_missing(url: str) -> bool:
    """A SQLite project whose file is gone (moved, deleted, on an unplugged disk)."""
    file = _file(url)
    return file is not None and not file.is_file()


def fill_recent_menu(menu: QMenu, settings: Settings, open_url: Callable[[str], None]) -> None:
    """List the recent projects in ``menu``: missing files greyed (they may come back: a disk to plug
    in), and a way to clear the list."""
    menu.clear()
    urls = settings.recent_projects()
    for n, url in enumerate(urls, 1):
        missing = is_missing(url)
        action = menu.addAction(f"&{n}  {project_label(url)}" + ("  (missing)" if missing else ""))
        action.setToolTip(project_place(url))
        action.setStatusTip(project_place(url))
        action.setEnabled(not missing)
        action.triggered.connect(lambda _c=False, u=url: open_url(u))
    if not urls:
        menu.addAction("No recent projects").setEnabled(False)
        return
    menu.addSeparator()
    clear = menu.addAction("Clear the list")
    clear.triggered.connect(lambda: settings.forget_recent())
