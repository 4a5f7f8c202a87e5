"""annotator export --format FORMAT --output PATH"""

from __future__ import annotations

import argparse
from typing import Any

FORMATS = ("jsonl",)


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="export the database to a file")
    p.add_argument("--format", required=True, choices=FORMATS, help="file format")
    p.add_argument("--output", "-o", required=True, metavar="PATH", help="file to write")
    p.add_argument("--annotations", default="all", metavar="all|gold|CODER",
                   help="which annotation sets: all (default), gold, or one coder's name")
    from annotator.cli import add_db_option

    add_db_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.cli.progress import TerminalProgress
    from annotator.services.exporting import export_jsonl
    from annotator.services.project import open_project

    project = open_project(args.db, codebook=args.codebook)
    progress = TerminalProgress()
    try:
        report = export_jsonl(project, args.output, annotations=args.annotations, progress=progress)
    finally:
        progress.finish()
        project.close()
    print(report.summary())
    return 0
