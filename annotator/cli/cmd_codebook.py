"""annotator codebook set|show|export: the codebook stored in the project."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    from annotator.cli.options import add_db_option

    p = sub.add_parser("codebook", help="the project's codebook: set a new version (leads), show, export")
    csub = p.add_subparsers(dest="codebook_command", metavar="ACTION", required=True)
    s = csub.add_parser("set", help="store FILE as the project's codebook: validated, versioned, with a diff")
    s.add_argument("file", metavar="FILE")
    s.add_argument("--dry-run", action="store_true", help="show what would change, store nothing")
    s.set_defaults(handler=run_set)
    show = csub.add_parser("show", help="the codebook in force, and its versions")
    show.set_defaults(handler=run_show)
    e = csub.add_parser("export", help="write the stored codebook's TOML")
    e.add_argument("-o", "--output", required=True, metavar="FILE")
    e.add_argument("--version", type=int, metavar="N", help="an older version")
    e.set_defaults(handler=run_export)
    for q in (s, show, e):
        add_db_option(q)


def _engine(args: argparse.Namespace) -> Any:
    from annotator.store.database_file import existing_database
    from annotator.store.engine import resolve_url, sqlite_path
    from annotator.store.schema import open_database

    url = resolve_url(args.db)
    existing_database(sqlite_path(url))
    return open_database(url)


def run_set(args: argparse.Namespace) -> int:
    from annotator.services.codebooks import set_codebook

    engine = _engine(args)
    try:
        changed = set_codebook(engine, args.file, dry_run=args.dry_run)
    finally:
        engine.dispose()
    if not changed.changes:
        print("Nothing to do: the project's codebook is the same.")
        return 0
    for line in changed.changes:
        print(line)
    if changed.version is None:
        print("(dry run: nothing stored)")
    else:
        print(f"Stored as version {changed.version}.")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from annotator.services.codebooks import history
    from annotator.services.project import open_project

    project = open_project(args.db, create=False)
    try:
        book = project.codebook
        versions = history(project.engine)
    finally:
        project.close()
    stored = f"version {project.codebook_version}" if project.codebook_version else "not stored in the database"
    print(f"{book.name} {book.version}".strip() + f" ({stored})")
    subs = sum(len(et.sub_event_types) for et in book.event_types)
    print(
        f"{len(book.labels)} span labels ({', '.join(book.label_names)}); {len(book.event_types)} event types, "
        f"{subs} sub-event types; {len(book.actor_types)} actor types; {len(book.countries)} countries"
    )
    for version, when, by, changes in versions:
        first = changes.splitlines()[0] if changes else ""
        more = f" (+{len(changes.splitlines()) - 1} more)" if len(changes.splitlines()) > 1 else ""
        print(f"  v{version}  {when:%Y-%m-%d %H:%M}  {by or '-'}  {first}{more}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from annotator.services.codebooks import export_codebook

    engine = _engine(args)
    try:
        version = export_codebook(engine, args.output, version=args.version)
    finally:
        engine.dispose()
    print(f"Wrote codebook version {version} to {args.output}")
    return 0
