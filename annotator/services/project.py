"""A project: the database plus the codebook its coders work with.

Opening and creating are kept apart (issue 14): only ``import``, ``demo`` and the app's New project
create a database file. ``open_project(..., create=False)`` (the app's Open project, Recent projects
and start-up) refuses a missing file, a file that is not an Annotator database, and never writes
to one; ``create_project`` makes a new file and refuses one that exists.

On PostgreSQL the database login is the coder's identity (issue 12): ``Project.login`` is who the
server says we are, and the app codes under that name.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine

from annotator.domain.codebook import Codebook, load_codebook
from annotator.domain.errors import UserError
from annotator.resources import default_codebook_path
from annotator.store import coding_rows
from annotator.store.engine import resolve_url, sqlite_path
from annotator.store.schema import open_database


class ArticleTexts:
    """The texts of the articles being coded, kept by id, so a tag costs the same on any article.

    A tag's offsets are checked against the text, and the tagged stretch copied from it. Asking the
    database for ``substr``/``length`` instead scans the whole text at every tag (6 MB: 25-60 ms a tag).
    An article's text never changes after import (nothing updates or deletes articles); each use still
    looks the article up by id and checks its external id (unique, and read without touching the
    text), so a copy never outlives its article or stands in for another.
    Thread-safe: commands run on worker threads too.
    """

    def __init__(self, keep: int = 4, max_chars: int = 32_000_000) -> None:
        self._keep = keep
        self._max_chars = max_chars
        self._texts: OrderedDict[int, tuple[str, str]] = OrderedDict()  # id -> (external id, text)
        self._lock = threading.Lock()

    def get(self, conn: Connection, article_id: int) -> str | None:
        """The article's text (None: no such article), read from the database at most once."""
        external_id = coding_rows.article_external_id(conn, article_id)
        if external_id is None:
            return None
        with self._lock:
            kept = self._texts.get(article_id)
            if kept is not None and kept[0] == external_id:
                self._texts.move_to_end(article_id)
                return kept[1]
        text = coding_rows.article_text(conn, article_id)
        if text is None:
            return None
        self.keep(article_id, external_id, text)
        return text

    def keep(self, article_id: int, external_id: str, text: str) -> None:
        """Keep the text of an article just read whole (to open it), so its first tag does not read
        it again: on the GUI thread, that first tag took 20 ms more (a 1.5 MB text read and
        decoded, while the suggestion engine was loading beside it)."""
        with self._lock:
            self._texts[article_id] = (external_id, text)
            self._texts.move_to_end(article_id)
            while len(self._texts) > 1 and (
                len(self._texts) > self._keep or sum(len(t) for _, t in self._texts.values()) > self._max_chars
            ):
                self._texts.popitem(last=False)


@dataclass
class Project:
    url: str
    engine: Engine
    codebook: Codebook
    codebook_path: Path = field(default_factory=default_codebook_path)
    texts: ArticleTexts = field(default_factory=ArticleTexts, repr=False)
    login: str | None = None  # on a server: the database login, which is the coder's identity
    # The stored codebook's version (None: not stored in the database; see services.codebooks).
    codebook_version: int | None = None

    @property
    def country_iso3(self) -> dict[str, str]:
        return {c.name: c.iso3 for c in self.codebook.countries}

    def close(self) -> None:
        self.engine.dispose()


def open_project(
    db: str | None = None,
    *,
    demo: bool = False,
    codebook: str | Path | None = None,
    create: bool = True,
    password: str | None = None,
) -> Project:
    """Open the database (upgrading an older schema), with the codebook stored in it.

    ``create``: make the database if it is not there (import, demo). Without it a SQLite file must
    already be an Annotator database; nothing is created or changed otherwise. ``password``: a
    server's password, given to the driver apart from the URL (``annotator.store.server``).
    ``codebook`` names a file for a project that has none stored yet (it is stored then); a project
    that has one refuses a different file (``services.codebooks``)."""
    from annotator.services.codebooks import project_codebook
    from annotator.store import server

    path = Path(codebook) if codebook else default_codebook_path()
    if codebook:
        load_codebook(path)  # a bad file fails before a database is created for it
    url = resolve_url(db, demo=demo)
    file = sqlite_path(url)
    if not create and file is not None:
        from annotator.store.database_file import check_annotator_file

        check_annotator_file(file)
    if server.is_postgres(url):
        url, in_url = server.split_password(url)
        password = password or in_url or server.keyring_password(url)
        engine = open_database(url, connect_args=server.connect_args(url, password))
        login: str | None = _login(engine)
    else:
        engine, login = open_database(url), None
    try:
        book, version = project_codebook(engine, path if codebook else None, default_codebook_path())
    except BaseException:
        engine.dispose()
        raise
    return Project(url=url, engine=engine, codebook=book, codebook_path=path, login=login, codebook_version=version)


def create_project(file: str | Path, *, codebook: str | Path | None = None) -> Project:
    """A new, empty SQLite project at ``file`` (the app's File > New project…). An existing file is
    refused: a new project never replaces anything."""
    target = Path(file).expanduser()
    if target.exists():
        raise UserError(f"{target} already exists: open it with Open project…, or choose a new name")
    return open_project(str(target.resolve()), codebook=codebook, create=True)


def _login(engine: Engine) -> str:
    from sqlalchemy import text

    with engine.connect() as conn:
        return str(conn.scalar(text("SELECT current_user")))
