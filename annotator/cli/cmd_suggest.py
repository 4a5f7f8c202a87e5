"""annotator suggest (--article ID | --all) [--json] [--date-order ORDER [--keep]]"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from typing import Any


def register(sub: Any) -> None:
    from annotator.cli.options import add_db_option

    p = sub.add_parser("suggest", help="suggest dates, places, actors and action words in articles (offline)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--article", action="append", metavar="ID", help="an article's id (repeatable)")
    which.add_argument("--all", action="store_true", help="every article")
    p.add_argument(
        "--json",
        action="store_true",
        help='one JSON object per article and line: {"article": ID, "suggestions": [...]}',
    )
    p.add_argument(
        "--date-order",
        choices=["day-first", "month-first", "unset"],
        help="how to read year-less numeric dates such as 'on 12/03' (this run; the project's setting otherwise, "
        "and unset: flagged as ambiguous)",
    )
    p.add_argument("--keep", action="store_true", help="store --date-order as the project's setting")
    add_db_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.domain.errors import UserError
    from annotator.domain.gc_pause import gc_paused

    if args.keep and not args.date_order:
        raise UserError("--keep stores the order given with --date-order: give one")
    with contextlib.ExitStack() as closing:
        # Start-up (the services and the database libraries, the project and its codebook) makes a
        # few hundred thousand objects that live until the command ends: the collector's passes over
        # them freed nothing and cost ~50 ms of a one-article run. Paused until the project is open,
        # then they are kept out of later passes. (build_engine pauses it for the engine too.)
        with gc_paused(freeze=True):
            from annotator.cli.progress import project_with_progress
            from annotator.services.project_learning import parse_date_order, set_date_order
            from annotator.services.suggestions import Assistant, suggest_articles

            project, progress = closing.enter_context(project_with_progress(args))
        day_first = parse_date_order(args.date_order) if args.date_order else None
        if args.keep:
            set_date_order(project, day_first)
            print(f"Year-less numeric dates are now read {args.date_order} in this project.", file=sys.stderr)
        print("Loading the gazetteer and dictionaries...", file=sys.stderr, flush=True)
        assistant = Assistant(project, day_first=day_first, date_order_given=args.date_order is not None)
        for result in suggest_articles(assistant, None if args.all else args.article, progress=progress):
            if args.json:
                rows = [s.as_dict() for s in result.suggestions]
                print(json.dumps({"article": result.external_id, "suggestions": rows}, ensure_ascii=False, default=str))
            else:
                progress.finish()
                _print_human(result, project.codebook)
    return 0


def _print_human(result: Any, codebook: Any) -> None:
    from annotator.domain.codebook import LabelKind

    print(f"{result.external_id}: {len(result.suggestions)} suggestion(s)")
    for s in result.suggestions:
        value = s.value
        kind = codebook.kind_of(s.label)
        if kind is LabelKind.DATE:
            detail = f"{value['event_date']} (precision {value['time_precision']})"
        elif kind is LabelKind.PLACE:
            detail = f"{value['location']}, {value.get('admin1') or '-'}, {value['country']}"
            if value.get("ambiguous"):
                detail += " (ambiguous)"
        elif kind is LabelKind.ACTOR:
            detail = f"{value['name']} (type {value['type_code']})"
        else:
            detail = f"{value['event_type']} / {value['sub_event_type']}"
        print(f"  {s.start:>6}-{s.end:<6} {s.label:<9} {s.text!r:<28} -> {detail}")
