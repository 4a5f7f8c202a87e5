"""annotator import PATH..."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "import",
        help="import articles from files or folders: .jsonl, .csv, .txt, .html, .pdf, .docx "
        "(and Nexis Uni and Factiva exports), and other tools' annotations: brat (.ann), doccano (.jsonl), "
        "Label Studio (.json), INCEpTION (WebAnno .tsv)",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    p.add_argument(
        "--update-sets",
        action="store_true",
        help="replace annotation sets that differ from the file's (also sets marked done)",
    )
    p.add_argument(
        "--map",
        action="append",
        metavar="LABEL=label,...",
        help="map another tool's span labels to the codebook's, e.g. --map ORG=actor,GPE=location "
        "(labels that map to nothing are reported and their spans left out)",
    )
    p.add_argument(
        "--coder",
        metavar="NAME",
        help="whose annotation sets another tool's files hold, where the file does not name the annotator",
    )
    from annotator.cli.options import add_db_option

    add_db_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.cli.progress import project_with_progress
    from annotator.services.importing import import_paths

    with project_with_progress(args, create=True) as (project, progress):
        report = import_paths(
            project,
            args.paths,
            progress=progress,
            update_sets=args.update_sets,
            label_map=args.map,
            coder=args.coder,
        )
    for line in report.detail_lines():
        print(line, file=sys.stderr)
    print(report.summary())
    return 0
