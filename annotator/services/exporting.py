"""Exporting the database to files. Every export goes to a temporary file and is moved into place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import UserError
from annotator.formats.atomic import atomic_output
from annotator.formats.jsonl import write_record
from annotator.services.progress import NoProgress, Progress, check_cancel
from annotator.services.project import Project
from annotator.store import repository as repo


@dataclass(frozen=True)
class ExportReport:
    path: Path
    articles: int
    annotation_sets: int

    def summary(self) -> str:
        return f"Wrote {self.articles} article(s) with {self.annotation_sets} annotation set(s) to {self.path}."


def set_filter_for(choice: str) -> repo.SetFilter:
    """'all', 'gold' or a coder's name, as given to --annotations."""
    if choice == "all":
        return repo.SetFilter("all")
    if choice == "gold":
        return repo.SetFilter("gold")
    return repo.SetFilter("coder", choice)


def export_jsonl(
    project: Project, output: str | Path, *, annotations: str = "all", progress: Progress | None = None
) -> ExportReport:
    progress = progress or NoProgress()
    set_filter = set_filter_for(annotations)
    path = Path(output)
    articles = sets = 0
    with project.engine.connect() as conn:
        if set_filter.mode == "coder" and not repo.coder_ids(conn, [annotations], create=False):
            raise UserError(f"there is no coder named '{annotations}' (use all, gold or a coder's name)")
        progress.start(repo.count_articles(conn), "Exporting")
        with atomic_output(path, newline="\n") as handle:
            for _, record in repo.iter_records(conn, set_filter=set_filter):
                write_record(handle, record, project.codebook)
                articles += 1
                sets += len(record.annotations)
                if articles % 500 == 0:
                    check_cancel(progress)
                    progress.advance(articles)
        progress.advance(articles)
    return ExportReport(path, articles, sets)
