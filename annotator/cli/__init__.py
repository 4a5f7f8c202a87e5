"""The ``annotator`` command. Each sub-command lives in its own module and calls the services layer.

User mistakes (bad files, bad options, a database too new) print one clear message and exit 1;
tracebacks are kept for real bugs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from annotator import __version__
from annotator.domain.errors import UserError

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


# Each command module and the sub-commands it registers. ``main`` registers only the module of the
# command given: registering them all imports every module's services (the export formats alone
# cost ~0.1-0.2 s), which a one-off command such as ``annotator suggest`` would pay for nothing.
# tests/unit/test_cli.py checks this table against what the modules register.
COMMANDS: dict[str, tuple[str, ...]] = {
    "cmd_app": ("open", "demo"),
    "cmd_import": ("import",),
    "cmd_export": ("export",),
    "cmd_db": ("db", "articles"),
    "cmd_suggest": ("suggest",),
    "cmd_gazetteer": ("gazetteer",),
    "cmd_screenshot": ("screenshot",),
    "cmd_agreement": ("agreement",),
    "cmd_team": ("team",),
    "cmd_assign": ("assign", "unassign"),
    "cmd_progress": ("progress",),
    "cmd_codebook": ("codebook",),
    "cmd_pack": ("pack",),
    "cmd_adjudicate": ("adjudicate",),
    "cmd_review": ("review",),
    "cmd_selftest": ("selftest",),
}
# Options of the top-level parser that take a value (the value is not the command's name).
_VALUE_OPTIONS = ("--db", "--codebook")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The full parser; with ``command`` (a sub-command's name) only that command is registered."""
    import importlib

    from annotator.cli.options import add_db_option

    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Code political events in news text. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    add_db_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, commands in COMMANDS.items():
        if command is None or command in commands:
            importlib.import_module(f"annotator.cli.{name}").register(sub)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    """The sub-command named in ``argv`` if it is a known one, else None (then the full parser
    reads ``argv``, and its usage errors and help list every command)."""
    args = iter(argv)
    for arg in args:
        if arg in _VALUE_OPTIONS:
            next(args, None)
        elif not arg.startswith("-"):
            return arg if any(arg in commands for commands in COMMANDS.values()) else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_in(argv))
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
    except BrokenPipeError:
        # The reader of the output went away ("annotator articles | head"): what it wanted was
        # written. Point stdout at nothing so that the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
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
