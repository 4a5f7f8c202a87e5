"""The demo database: the sample articles shipped in resources/samples, opened as the samples' coder."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from annotator.domain.codebook import load_codebook
from annotator.domain.models import SetKind
from annotator.resources import default_codebook_path, samples_dir
from annotator.services.importing import ImportReport, collect_files, import_paths, read_file
from annotator.services.project import open_project


def load_demo(url: str, *, codebook: str | Path | None = None) -> ImportReport:
    """Import the samples; articles already there are skipped, so this can run at every demo start."""
    project = open_project(url, codebook=codebook)
    try:
        return import_paths(project, [samples_dir()])
    finally:
        project.close()


def demo_coder(*, codebook: str | Path | None = None) -> str | None:
    """The coder whose work the samples carry (most spans and events if several), or None if none.

    The demo opens as this coder: opened as the operating-system user, the coded samples would show
    as not started, since coding status belongs to a coder."""
    book = load_codebook(Path(codebook) if codebook else default_codebook_path())
    weight: Counter[str] = Counter()
    for path in collect_files([samples_dir()]):
        for _line, record in read_file(path, book):
            for coded in record.annotations:
                if coded.kind == SetKind.CODER:
                    weight[coded.coder] += 1 + len(coded.spans) + len(coded.events)
    found = weight.most_common(1)
    return found[0][0] if found else None
