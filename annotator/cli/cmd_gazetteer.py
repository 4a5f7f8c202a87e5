"""annotator gazetteer add FILE | count: the project's own gazetteer (issue #13)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    from annotator.cli.options import add_db_option

    p = sub.add_parser("gazetteer", help="the project's own places: add a GeoNames extract or a CSV of places")
    gsub = p.add_subparsers(dest="gazetteer_command", metavar="ACTION", required=True)
    a = gsub.add_parser(
        "add",
        help="load FILE: a GeoNames country extract (XX.txt or XX.zip) or a CSV with name, country, latitude, "
        "longitude and optionally alternate_names (';'-separated), admin1, admin2, admin3, population",
    )
    a.add_argument("file", metavar="FILE")
    a.set_defaults(handler=run_add)
    c = gsub.add_parser("count", help="how many places the project's gazetteer holds")
    c.set_defaults(handler=run_count)
    for q in (a, c):
        add_db_option(q)


def run_add(args: argparse.Namespace) -> int:
    from annotator.cli.progress import project_with_progress
    from annotator.services.gazetteer import add_places

    with project_with_progress(args, create=True) as (project, progress):
        report = add_places(project, args.file, progress=progress)
        progress.finish()
    print(report.summary())
    return 0


def run_count(args: argparse.Namespace) -> int:
    from annotator.cli.progress import project_with_progress
    from annotator.services.gazetteer import count_places

    with project_with_progress(args) as (project, _progress):
        print(count_places(project))
    return 0
