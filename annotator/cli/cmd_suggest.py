"""annotator suggest (--article ID | --all) [--json]"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: Any) -> None:
    from annotator.cli import add_db_option

    p = sub.add_parser("suggest", help="suggest dates, places, actors and action words in articles (offline)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--article", action="append", metavar="ID", help="an article's id (repeatable)")
    which.add_argument("--all", action="store_true", help="every article")
    p.add_argument(
        "--json",
        action="store_true",
        help='one JSON object per article and line: {"article": ID, "suggestions": [...]}',
    )
    add_db_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.cli.progress import project_with_progress
    from annotator.services.suggestions import Assistant, suggest_articles

    with project_with_progress(args) as (project, progress):
        print("Loading the gazetteer and dictionaries...", file=sys.stderr, flush=True)
        assistant = Assistant(project)
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
