"""annotator adjudicate --auto [--strategy all|present|majority] [--min-votes N] [--batch B]: auto-merge into gold."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    from annotator.cli.options import add_db_option

    p = sub.add_parser(
        "adjudicate",
        help="merge what the coders agree on into each article's gold set (never over a reviewer's decision)",
    )
    p.add_argument("--auto", action="store_true", required=True, help="run auto-merge (the only mode for now)")
    p.add_argument(
        "--strategy",
        choices=("all", "present", "majority"),
        default="all",
        help="all: every coder agrees (default); present: everyone who coded it agrees; "
        "majority: more than half of those who coded it, with at least --min-votes",
    )
    p.add_argument("--min-votes", type=int, default=2, metavar="N", help="votes a majority needs (default 2)")
    p.add_argument("--batch", metavar="NAME", help="only the articles assigned in this batch")
    p.add_argument(
        "--overwrite-decisions",
        action="store_true",
        help="also replace what a reviewer accepted, edited or rejected where the strategy says otherwise",
    )
    p.add_argument("--as", dest="who", metavar="NAME", help="who is recorded as deciding (default: your login)")
    add_db_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.domain.adjudication.rules import MergeRule, Strategy
    from annotator.services.adjudication import auto_merge_articles
    from annotator.services.project import open_project
    from annotator.store.repository import acting_user

    rule = MergeRule(Strategy(args.strategy), args.min_votes)
    project = open_project(args.db, codebook=args.codebook, create=False)
    try:
        who = args.who or project.login
        if not who:
            with project.engine.connect() as conn:
                who = acting_user(conn) or "reviewer"
        result = auto_merge_articles(project, who, rule, batch=args.batch, overwrite=args.overwrite_decisions)
    finally:
        project.close()
    print(
        f"Auto-merge ({rule.describe()}) over {result.articles} article(s) with two or more coders: "
        f"{result.changed} gold set(s) changed; {result.spans} span(s), {result.events} new event(s), "
        f"{result.fields} field(s) merged, as {who}."
    )
    for reason in result.skipped:
        print(f"  left alone: {reason}", file=sys.stderr)
    return 0
