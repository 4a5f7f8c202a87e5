"""The environment checks of ``annotator selftest`` that need no Qt: resources, article readers,
gazetteer, data folder, database. (The Qt checks are in ``ui.display``.)

Each check gives one line: what was checked, what was found, and for a failure, what to do. A check
never changes anything the user has: the database is opened only if it exists, and the write test
in the data folder removes its file.
"""

from __future__ import annotations

import importlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Status(StrEnum):
    OK = "ok"
    WARN = "warn"  # works, with a limit worth knowing (no display: no window, but everything else)
    FAIL = "FAIL"


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str
    fix: str = ""

    def line(self) -> str:
        text = f"[{self.status}] {self.name}: {self.detail}"
        return f"{text} — fix: {self.fix}" if self.fix and self.status != Status.OK else text


REINSTALL = "reinstall Annotator (pip install --force-reinstall annotator, or unpack the bundle again)"


def check_resources() -> Check:
    from annotator.resources import default_codebook_path, resource_path, samples_dir

    try:
        needed = [default_codebook_path(), samples_dir() / "articles.jsonl", resource_path("icons", "annotator.png")]
    except FileNotFoundError as exc:
        return Check("resources", Status.FAIL, str(exc), REINSTALL)
    missing = [p for p in needed if not p.exists()]
    if missing:
        return Check("resources", Status.FAIL, f"missing {', '.join(str(p) for p in missing)}", REINSTALL)
    return Check("resources", Status.OK, f"codebook, samples and icons in {needed[0].parent.parent}")


# The libraries the article readers load only when a file of their kind is imported: a bundle that
# left one out would fail on the first such file, so they are loaded here.
READER_MODULES = {
    "web pages": "trafilatura",
    "PDF": "pdfminer.layout",
    "Word": "docx",
    "encodings": "charset_normalizer",
}


# Loaded on first use too: the agreement figures and the event matching.
MATHS_MODULES = {"arrays": "numpy", "optimal matching": "scipy.optimize"}


def check_maths() -> Check:
    return _check_loads("agreement maths", MATHS_MODULES, "numpy, scipy")


def check_readers() -> Check:
    return _check_loads("article readers", READER_MODULES, "jsonl, csv, txt, html, pdf, docx")


def _check_loads(name: str, modules: dict[str, str], found: str) -> Check:
    broken = []
    for kind, module in modules.items():
        try:
            importlib.import_module(module)
        except Exception as exc:  # ImportError, or a library failing at import (a missing data file)
            broken.append(f"{kind} ({module}: {exc})")
    if broken:
        return Check(name, Status.FAIL, "cannot load " + "; ".join(broken), REINSTALL)
    return Check(name, Status.OK, found)


def check_gazetteer(load: Callable[[], object] | None = None) -> Check:
    """The place names the suggestions use: the data files are there and a known place is found."""
    from annotator.assist.places import Gazetteer, geonames_files

    try:
        files = geonames_files()
    except FileNotFoundError as exc:
        return Check("gazetteer", Status.FAIL, str(exc), REINSTALL)
    missing = [str(p) for p in files if not p.exists()]
    if missing:
        return Check("gazetteer", Status.FAIL, f"missing {', '.join(missing)}", REINSTALL)
    from annotator.services.suggestions import cache_dir

    gazetteer = Gazetteer(cache_dir=cache_dir())
    try:
        (load or gazetteer.load)()
        found = gazetteer.lookup("Aleppo", limit=1) if load is None else ["(not looked up)"]
    except Exception as exc:  # a damaged data file: say so rather than crash the self-test
        return Check("gazetteer", Status.FAIL, f"cannot be read: {exc}", REINSTALL)
    if not found:
        return Check("gazetteer", Status.FAIL, "loaded but finds no place named Aleppo", REINSTALL)
    return Check("gazetteer", Status.OK, f"GeoNames places in {files[0].parent}")


def check_data_folder(folder: Path | None = None) -> Check:
    """The folder where the database, caches and backups go can be created and written."""
    from annotator.store.engine import data_dir

    folder = folder or data_dir()
    fix = f"make {folder} writable by you (or set ANNOTATOR_DB to a database elsewhere)"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".selftest-", delete=True) as handle:
            handle.write(b"ok")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        return Check("data folder", Status.FAIL, f"{folder}: {exc.strerror or exc}", fix)
    return Check("data folder", Status.OK, f"{folder} is writable")


def check_database(db: str | None) -> Check:
    """The database the app would open: reachable, and of a schema this version reads."""
    from sqlalchemy.engine import make_url

    from annotator.domain.errors import UserError
    from annotator.store.engine import is_sqlite, make_engine, resolve_url
    from annotator.store.schema import SchemaStatus, inspect_schema

    try:
        url = resolve_url(db)
    except UserError as exc:
        return Check("database", Status.FAIL, str(exc), "give --db a SQLite file or postgresql:// URL")
    shown = make_url(url).render_as_string(hide_password=True)
    if is_sqlite(url):
        path = make_url(url).database or ""
        if not Path(path).exists():
            return Check(
                "database",
                Status.OK,
                f"no database yet at {path} (File → New project, or annotator demo, makes one)",
            )
    engine = make_engine(url)
    try:
        state = inspect_schema(engine)
    except UserError as exc:
        return Check("database", Status.FAIL, f"{shown}: {exc}", "check the server address, login and password")
    except Exception as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        fix = "start the server, or check its address and your login" if not is_sqlite(url) else REINSTALL
        return Check("database", Status.FAIL, f"{shown} cannot be reached: {reason}", fix)
    finally:
        engine.dispose()
    if state.status == SchemaStatus.NEWER:
        return Check("database", Status.FAIL, f"{shown}: {state.describe()}", "update Annotator")
    if state.status == SchemaStatus.FOREIGN:
        return Check("database", Status.FAIL, f"{shown}: {state.describe()}", "give --db an Annotator database")
    if state.status == SchemaStatus.OLDER:
        return Check("database", Status.WARN, f"{shown}: {state.describe()}", "annotator db upgrade")
    return Check("database", Status.OK, f"{shown}: {state.describe()}")
