"""The demo database: the sample articles shipped in resources/samples."""

from __future__ import annotations

from pathlib import Path

from annotator.resources import samples_dir
from annotator.services.importing import ImportReport, import_paths
from annotator.services.project import open_project


def load_demo(url: str, *, codebook: str | Path | None = None) -> ImportReport:
    """Import the samples; articles already there are skipped, so this can run at every demo start."""
    project = open_project(url, codebook=codebook)
    try:
        return import_paths(project, [samples_dir()])
    finally:
        project.close()
