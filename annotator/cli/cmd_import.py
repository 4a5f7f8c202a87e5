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
    for file, encoding in report.encodings.items():
        print(f"read {file} as {encoding} (detected: it is not UTF-8)", file=sys.stderr)
    for s in report.skipped:
        where = f"{s.file}:{s.line}" if s.line else s.file
        print(f"skipped {where} ({s.external_id}): {s.reason}", file=sys.stderr)
    merged = report.merged
    for label, outcomes in (("added", merged.added), ("replaced", merged.updated), ("conflict", merged.conflicts)):
        for o in outcomes:
            reason = f": {o.reason}" if o.reason else ""
            kind = " (gold)" if o.kind == "gold" else ""
            print(f"{label}: article {o.external_id}, {o.coder}{kind}{reason}", file=sys.stderr)
    if merged.adopted:
        print(f"This database is now a copy of project {merged.adopted}, with its codebook.", file=sys.stderr)
    for line in report.unmapped:
        print(f"not in the codebook: {line}", file=sys.stderr)
    print(report.summary())
    return 0
