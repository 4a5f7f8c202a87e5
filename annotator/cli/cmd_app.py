"""Opening the app: ``annotator`` (the project database) and ``annotator demo`` (sample data)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    from annotator.cli.options import add_db_option

    p = sub.add_parser("open", help="open the app (the default when no command is given)")
    add_db_option(p)
    p.set_defaults(handler=run_app)
    d = sub.add_parser("demo", help="load the sample articles into a separate demo database and open the app")
    add_db_option(d)
    d.add_argument("--no-window", action="store_true", help="load the samples only; do not open the app")
    d.set_defaults(handler=run_demo)


def run_app(args: argparse.Namespace) -> int:
    """The database given (``--db`` or ANNOTATOR_DB), else the project opened last (``launch``).

    Opening never creates a database: a mistyped path shows the start page with what is wrong."""
    import os

    from annotator.ui.launch import launch

    # Passed on as typed: the window normalises it when it opens the project, after its first paint
    # (the URL functions load SQLAlchemy, which would delay the window by half a second).
    return launch(args.db or os.environ.get("ANNOTATOR_DB") or None, codebook=args.codebook)  # engine.ENV_VAR


def run_demo(args: argparse.Namespace) -> int:
    from annotator.services.demo import demo_coder, load_demo
    from annotator.store.engine import resolve_url

    url = resolve_url(args.db, demo=True)
    report = load_demo(url, codebook=args.codebook)
    print(f"Demo database {url}: {report.summary()}")
    if args.no_window:
        return 0
    from annotator.ui.launch import launch

    # As the samples' coder, so their coded article shows as coded; the user's own coder name is kept
    # for their own projects.
    coder = demo_coder(codebook=args.codebook)
    if coder:
        print(f"Coding as '{coder}', who coded the samples (File > Coder name… to change, for this session).")
    return launch(url, codebook=args.codebook, coder=coder)
