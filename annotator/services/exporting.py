"""The JSONL interchange export under its own name, with its own default (every annotation set).

It is ``export_dataset`` with the JSONL format; kept for the callers that want a whole-database dump.
"""

from __future__ import annotations

from pathlib import Path

from annotator.services.export_datasets import ExportResult, export_dataset
from annotator.services.export_spec import ALL, DatasetFormat, ExportOptions
from annotator.services.progress import Progress
from annotator.services.project import Project


def export_jsonl(
    project: Project, output: str | Path, *, annotations: str = ALL, progress: Progress | None = None
) -> ExportResult:
    """Every article with the sets ``annotations`` chooses (all, gold or a coder's name)."""
    return export_dataset(project, ExportOptions(DatasetFormat.JSONL, Path(output), annotations=annotations), progress)
