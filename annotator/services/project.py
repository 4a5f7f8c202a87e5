"""A project: the database plus the codebook its coders work with."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from annotator.domain.codebook import Codebook, load_codebook
from annotator.resources import default_codebook_path
from annotator.store.engine import resolve_url
from annotator.store.schema import open_database


@dataclass
class Project:
    url: str
    engine: Engine
    codebook: Codebook
    codebook_path: Path = field(default_factory=default_codebook_path)

    @property
    def country_iso3(self) -> dict[str, str]:
        return {c.name: c.iso3 for c in self.codebook.countries}

    def close(self) -> None:
        self.engine.dispose()


def open_project(db: str | None = None, *, demo: bool = False, codebook: str | Path | None = None) -> Project:
    """Open (creating or upgrading as needed) the database and load the codebook."""
    path = Path(codebook) if codebook else default_codebook_path()
    book = load_codebook(path)
    url = resolve_url(db, demo=demo)
    return Project(url=url, engine=open_database(url), codebook=book, codebook_path=path)
