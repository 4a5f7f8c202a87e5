"""annotator screenshot PATH [--demo] [--article ID] [--size WxH] [--theme light|dark]"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    from annotator.cli.options import add_db_option

    p = sub.add_parser("screenshot", help="render the main window offscreen to a PNG (no display needed)")
    p.add_argument("path", metavar="PATH", help="PNG file to write")
    p.add_argument("--demo", action="store_true", help="use the sample articles (in a temporary database)")
    p.add_argument("--article", metavar="ID", help="article to show: its id in the file or in the database")
    p.add_argument("--size", metavar="WxH", default="1440x900", type=_size, help="window size (default 1440x900)")
    p.add_argument("--theme", choices=("light", "dark"), default="light", help="colour theme (default light)")
    p.add_argument("--coder", metavar="NAME", help="whose annotations to show (default: who coded most)")
    p.add_argument(
        "--suggestions",
        action="store_true",
        help="show the article's suggestions as dashed marks (waits for the suggestion pass)",
    )
    add_db_option(p)
    p.set_defaults(handler=run)


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{3,5})\s*[xX×]\s*(\d{3,5})\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1440x900")
    return int(m.group(1)), int(m.group(2))


def run(args: argparse.Namespace) -> int:
    from annotator.store.engine import resolve_url
    from annotator.ui.screenshot import render

    if args.demo:
        from annotator.services.demo import load_demo

        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'demo.db'}"
            load_demo(url, codebook=args.codebook)
            out = render(
                url,
                args.path,
                article=args.article,
                size=args.size,
                theme=args.theme,
                coder=args.coder,
                codebook=args.codebook,
                suggestions=args.suggestions,
            )
    else:
        out = render(
            resolve_url(args.db),
            args.path,
            article=args.article,
            size=args.size,
            theme=args.theme,
            coder=args.coder,
            codebook=args.codebook,
            suggestions=args.suggestions,
        )
    print(f"Wrote {out}")
    return 0
