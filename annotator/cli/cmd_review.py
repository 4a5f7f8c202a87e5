"""annotator review: open the app on the review screen (Review → Review articles)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    from annotator.cli.options import add_db_option

    p = sub.add_parser("review", help="open the review screen: coders side by side, decide into the gold set")
    add_db_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import os

    from annotator.ui.launch import launch

    return launch(args.db or os.environ.get("ANNOTATOR_DB") or None, codebook=args.codebook, review=True)
