"""The ``annotator`` command. Each sub-command lives in its own module and calls the services layer.

User mistakes (bad files, bad options, a database too new) print one clear message and exit 1;
tracebacks are kept for real bugs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from annotator import __version__
from annotator.domain.errors import UserError

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    from annotator.cli import (
        cmd_adjudicate,
        cmd_agreement,
        cmd_app,
        cmd_assign,
        cmd_codebook,
        cmd_db,
        cmd_export,
        cmd_gazetteer,
        cmd_import,
        cmd_pack,
        cmd_progress,
        cmd_review,
        cmd_screenshot,
        cmd_selftest,
        cmd_suggest,
        cmd_team,
    )
    from annotator.cli.options import add_db_option

    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Code political events in news text. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    add_db_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (
        cmd_app,
        cmd_import,
        cmd_export,
        cmd_db,
        cmd_suggest,
        cmd_gazetteer,
        cmd_screenshot,
        cmd_agreement,
        cmd_team,
        cmd_assign,
        cmd_progress,
        cmd_codebook,
        cmd_pack,
        cmd_adjudicate,
        cmd_review,
        cmd_selftest,
    ):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "db"):
        args.db = None
    if not hasattr(args, "codebook"):
        args.codebook = None
    handler = getattr(args, "handler", None)
    if handler is None:
        from annotator.cli.cmd_app import run_app

        handler = run_app
    try:
        return int(handler(args) or EXIT_OK)
    except UserError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception as exc:
        refused = _refused_by_role(exc) or _damaged_file(exc)
        if refused is None:
            raise
        print(f"annotator: {refused}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("annotator: interrupted; nothing was changed by the unfinished step", file=sys.stderr)
        return EXIT_INTERRUPTED


def _damaged_file(exc: Exception) -> str | None:
    """A SQLite file found damaged while a command read it: one line saying so, not a traceback."""
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, sqlite3.DatabaseError) or isinstance(orig, sqlite3.OperationalError):
        return None
    return f"the database is damaged ({orig}); 'annotator db check' tells where, a backup can replace it"


def _refused_by_role(exc: Exception) -> str | None:
    """On a team server, what the person's role does not allow is their mistake, not a bug: one line."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, DBAPIError):
        return None
    from annotator.store.retry import sqlstate

    if sqlstate(exc) != "42501":
        return None
    from annotator.services.permissions import permission_reason

    return f"your role does not allow this: {permission_reason(exc)}"
