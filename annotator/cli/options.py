"""Options every sub-command shares (kept apart from the package module, which imports the commands)."""

from __future__ import annotations

import argparse


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="database: a SQLite file path or URL, or postgresql+psycopg://user@host/name "
        "(default: $ANNOTATOR_DB, else a file in your user data folder)",
    )
    parser.add_argument(
        "--codebook", metavar="FILE", default=argparse.SUPPRESS, help="codebook TOML file (default: ACLED)"
    )
