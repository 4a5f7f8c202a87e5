"""annotator progress [--batch B] [--json]: the team's progress per coder and per day."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(sub: Any) -> None:
    from annotator.cli.options import add_db_option

    p = sub.add_parser("progress", help="per coder: assigned, in progress, done, events; done per day")
    p.add_argument("--batch", metavar="NAME", help="only this batch")
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    add_db_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.services.project import open_project
    from annotator.services.team_progress import team_progress

    project = open_project(args.db, codebook=args.codebook, create=False)
    try:
        progress = team_progress(project, batch=args.batch)
    finally:
        project.close()
    if args.json:
        print(json.dumps(progress.to_json(), ensure_ascii=False, indent=2))
        return 0
    if not progress.coders:
        print("Nothing assigned or coded yet" + (f" in batch '{args.batch}'." if args.batch else "."))
        return 0
    width = max(5, *(len(c.coder) for c in progress.coders))
    print(f"{'CODER':<{width}}  {'ASSIGNED':>8}  {'NOT STARTED':>11}  {'IN PROGRESS':>11}  {'DONE':>5}  {'EVENTS':>6}")
    for c in progress.coders:
        print(
            f"{c.coder:<{width}}  {c.assigned:>8}  {c.not_started:>11}  {c.in_progress:>11}  {c.done:>5}  {c.events:>6}"
        )
    if progress.per_day:
        print()
        print("DONE PER DAY")
        for day in progress.per_day:
            who = ", ".join(f"{name} {n}" for name, n in day.per_coder.items())
            print(f"{day.day.isoformat()}  {day.total:>4}  ({who})")
    return 0
