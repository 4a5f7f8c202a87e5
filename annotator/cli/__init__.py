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
    from annotator.cli import cmd_agreement, cmd_app, cmd_db, cmd_export, cmd_import, cmd_screenshot, cmd_suggest
    from annotator.cli.options import add_db_option

    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Code political events in news text. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    add_db_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (cmd_app, cmd_import, cmd_export, cmd_db, cmd_suggest, cmd_screenshot, cmd_agreement):
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
    except KeyboardInterrupt:
        print("annotator: interrupted; nothing was changed by the unfinished step", file=sys.stderr)
        return EXIT_INTERRUPTED
