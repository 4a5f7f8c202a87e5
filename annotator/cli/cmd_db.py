"""annotator db upgrade|check|backup, and annotator articles."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    from annotator.cli.options import add_db_option

    p = sub.add_parser("db", help="database maintenance")
    dbsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    for name, helptext, handler in (
        ("upgrade", "back up, then upgrade the database to this version's schema", run_upgrade),
        ("check", "report the schema version and check the database's integrity", run_check),
        ("backup", "write a consistent backup copy of the database", run_backup),
    ):
        q = dbsub.add_parser(name, help=helptext)
        add_db_option(q)
        q.set_defaults(handler=handler)
    a = sub.add_parser("articles", help="list articles with their coding status")
    add_db_option(a)
    a.add_argument("--status", choices=("not_started", "in_progress", "done"), help="only this status")
    a.set_defaults(handler=run_articles)


def run_upgrade(args: argparse.Namespace) -> int:
    from annotator.domain.errors import UserError
    from annotator.store.database_file import existing_database, integrity_problems
    from annotator.store.engine import make_engine, resolve_url, sqlite_path
    from annotator.store.schema import inspect_schema, upgrade

    url = resolve_url(args.db)
    file = sqlite_path(url)
    existing_database(file)
    if file is not None and (problems := integrity_problems(file, limit=1)):
        # Upgrading would carry the damage into the new schema (or stop half-way): refused.
        raise UserError(f"{file} is damaged: {problems[0]}; 'annotator db check' lists the damage")
    engine = make_engine(url)
    try:
        before = inspect_schema(engine)
        backup = upgrade(engine, url)
        after = inspect_schema(engine)
    finally:
        engine.dispose()
    if before.status == after.status:
        print(f"Nothing to do: {after.describe()}.")
    else:
        print(f"Upgraded from {before.current or 'empty'} to {after.current}.")
    if backup:
        print(f"Backup of the old database: {backup}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from annotator.services.maintenance import check_database

    report = check_database(args.db)
    for line in report.lines:
        print(line)
    return 0 if report.ok else 1


def run_backup(args: argparse.Namespace) -> int:
    from annotator.store.backup import backup_database
    from annotator.store.database_file import existing_database
    from annotator.store.engine import resolve_url, sqlite_path

    url = resolve_url(args.db)
    existing_database(sqlite_path(url))
    print(f"Backup written to {backup_database(url)}")
    return 0


def run_articles(args: argparse.Namespace) -> int:
    from annotator.services.catalogue import list_articles
    from annotator.services.project import open_project

    project = open_project(args.db, codebook=args.codebook, create=False)
    try:
        rows = list_articles(project, status=args.status)
    finally:
        project.close()
    if not rows:
        print("No articles." if not args.status else f"No articles with status {args.status}.")
        return 0
    width = max(len(r.external_id) for r in rows)
    print(f"{'ID':<{width}}  {'STATUS':<11}  {'PUBLISHED':<10}  {'CODERS':<20}  TITLE")
    for r in rows:
        coders = ", ".join(r.coders) or "-"
        print(f"{r.external_id:<{width}}  {r.status:<11}  {r.published or ''!s:<10}  {coders[:20]:<20}  {r.title}")
    return 0
