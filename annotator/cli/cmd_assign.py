"""annotator assign / unassign: give articles to coders, and take them back."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    from annotator.cli.options import add_db_option

    a = sub.add_parser("assign", help="give each article k distinct coders, equal shares (leads)")
    a.add_argument("--coders", required=True, metavar="A,B,C", help="the coders to share the articles")
    a.add_argument("--per-article", type=int, default=2, metavar="K", help="coders per article (default 2)")
    a.add_argument("--batch", default="", metavar="NAME", help="a name for this batch of work")
    a.add_argument("--status", metavar="S", help="only articles with this status (not_started, in_progress, done)")
    a.add_argument("--ids", metavar="FILE", help="only the articles whose ids FILE lists, one a line")
    a.add_argument("--limit", type=int, metavar="N", help="only the first N articles selected")
    a.add_argument("--seed", type=int, default=0, metavar="N", help="the same seed gives the same assignment")
    a.add_argument("--dry-run", action="store_true", help="show the counts per coder, assign nothing")
    add_db_option(a)
    a.set_defaults(handler=run_assign)
    u = sub.add_parser("unassign", help="take articles back from coders (leads)")
    u.add_argument("--coders", required=True, metavar="A,B,C")
    u.add_argument("--batch", metavar="NAME", help="only this batch")
    u.add_argument("--ids", metavar="FILE", help="only the articles whose ids FILE lists")
    u.add_argument("--include-started", action="store_true", help="also articles the coder has started")
    add_db_option(u)
    u.set_defaults(handler=run_unassign)


def run_assign(args: argparse.Namespace) -> int:
    from annotator.services import assignment
    from annotator.services.project import open_project

    status = _status(args.status) if args.status else None
    if args.ids:
        selection = assignment.selection_from_file(args.ids, status=status, limit=args.limit)
    else:
        selection = assignment.Selection(status=status, limit=args.limit)
    coders = args.coders.split(",")
    project = open_project(args.db, codebook=args.codebook, create=False)
    try:
        act = assignment.plan if args.dry_run else assignment.assign
        result = act(project, coders, args.per_article, batch=args.batch, selection=selection, seed=args.seed)
    finally:
        project.close()
    prefix = "Would assign" if args.dry_run else "Assigned"
    print(f"{prefix} {result.summary()}.")
    return 0


def run_unassign(args: argparse.Namespace) -> int:
    from annotator.services import assignment
    from annotator.services.project import open_project

    ids = assignment.read_ids_file(args.ids) if args.ids else None
    project = open_project(args.db, codebook=args.codebook, create=False)
    try:
        result = assignment.unassign(
            project,
            args.coders.split(","),
            batch=args.batch,
            ids=ids,
            include_started=args.include_started,
            ids_source=args.ids or "",
        )
    finally:
        project.close()
    print(result.summary())
    return 0


def _status(value: str) -> Any:
    from annotator.domain.errors import UserError
    from annotator.domain.models import SetStatus

    try:
        return SetStatus.parse(value)
    except ValueError:
        raise UserError(f"'{value}' is not a status (not_started, in_progress or done)") from None
