"""Shared fixtures. Store tests run on SQLite and on the local PostgreSQL server.

PostgreSQL tests get a fresh schema each (cheap, isolated) in the ``test`` database. Set
ANNOTATOR_TEST_PG to another URL, or to "off" to skip them where no server runs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_URL = os.environ.get("ANNOTATOR_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


_THROWAWAY_CACHE: list[Path] = []


def pytest_configure(config: pytest.Config) -> None:
    """Caches the app builds (the gazetteer) go to pytest's cache folder, never the user's own.

    Without pytest's cache (``-p no:cacheprovider``) they go to a temporary folder removed at the end."""
    cache = getattr(config, "cache", None)
    if cache is not None:
        folder = Path(cache.mkdir("xdg-cache"))
    else:
        folder = Path(tempfile.mkdtemp(prefix="annotator-cache-"))
        _THROWAWAY_CACHE.append(folder)
    os.environ["XDG_CACHE_HOME"] = str(folder)


def pytest_unconfigure(config: pytest.Config) -> None:
    while _THROWAWAY_CACHE:
        shutil.rmtree(_THROWAWAY_CACHE.pop(), ignore_errors=True)


_UI_TESTS = Path(__file__).parent / "ui"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Everything under tests/ui needs Qt: mark it, so ``-m "not qt"`` and the Qt-blocked run skip it."""
    for item in items:
        if item.path.is_relative_to(_UI_TESTS):
            item.add_marker(pytest.mark.qt)


def _pg_available() -> bool:
    if PG_URL == "off":
        return False
    try:
        import psycopg

        with psycopg.connect(PG_URL.replace("+psycopg", ""), connect_timeout=3):
            return True
    except Exception:
        return False


_PG_OK: bool | None = None


def pg_ok() -> bool:
    global _PG_OK
    if _PG_OK is None:
        _PG_OK = _pg_available()
    return _PG_OK


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the real user data folder or a developer's ANNOTATOR_DB."""
    home = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'annotator.db'}"


class PgSchemas:
    """Creates fresh PostgreSQL schemas and drops them all at teardown."""

    def __init__(self) -> None:
        self.created: list[str] = []
        self.plain = PG_URL.replace("+psycopg", "")

    def new_url(self) -> str:
        import psycopg

        schema = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.plain, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        self.created.append(schema)
        sep = "&" if "?" in PG_URL else "?"
        return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"

    def drop_all(self) -> None:
        import psycopg

        with psycopg.connect(self.plain, autocommit=True) as conn:
            for schema in self.created:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def pg_schemas() -> Iterator[PgSchemas]:
    if not pg_ok():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {PG_URL}; CI must run the store tests on it")
        pytest.skip("PostgreSQL not reachable")
    schemas = PgSchemas()
    yield schemas
    schemas.drop_all()


@pytest.fixture
def pg_url(pg_schemas: PgSchemas) -> str:
    return pg_schemas.new_url()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh, empty database URL on each backend."""
    return str(request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url"))


@pytest.fixture
def fresh_db_url(db_url: str, tmp_path: Path, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """A factory of further empty databases on the same backend as ``db_url``."""
    counter = iter(range(1, 1000))
    if db_url.startswith("sqlite"):
        return lambda: f"sqlite:///{tmp_path / f'extra{next(counter)}.db'}"
    schemas = request.getfixturevalue("pg_schemas")
    return schemas.new_url


@pytest.fixture
def codebook():  # type: ignore[no-untyped-def]
    from annotator.domain.codebook import load_codebook
    from annotator.resources import default_codebook_path

    return load_codebook(default_codebook_path())


@pytest.fixture
def project(db_url: str):  # type: ignore[no-untyped-def]
    from annotator.services.project import open_project

    p = open_project(db_url)
    yield p
    p.close()


@pytest.fixture
def sqlite_project(sqlite_url: str):  # type: ignore[no-untyped-def]
    from annotator.services.project import open_project

    p = open_project(sqlite_url)
    yield p
    p.close()
