"""annotator pack --coder NAME [--batch B] -o FILE: a coder's work, to code without the server."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    from annotator.cli.options import add_db_option

    p = sub.add_parser(
        "pack",
        help="write a coder's assigned articles (and their own annotations) to code elsewhere; "
        "'annotator import' brings the file back",
    )
    p.add_argument("--coder", required=True, metavar="NAME")
    p.add_argument("--batch", metavar="NAME", help="only this batch")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the pack (.jsonl)")
    add_db_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.services.packs import write_pack
    from annotator.services.project import open_project

    project = open_project(args.db, codebook=args.codebook, create=False)
    try:
        written = write_pack(project, args.coder, args.output, batch=args.batch)
    finally:
        project.close()
    print(written.summary())
    return 0
