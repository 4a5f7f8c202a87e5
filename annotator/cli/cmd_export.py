"""annotator export --format FORMAT --output PATH [options]

Formats: jsonl (interchange, re-importable), acled (ACLED-style CSV), brat (standoff folder), conll
(BIO-tagged tokens). Every export goes to a temporary file and is moved into place when complete.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

FORMATS = ("jsonl", "acled", "brat", "conll")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date like 2024-06-30") from None


def _many(values: list[str] | None) -> tuple[str, ...]:
    """Repeated options and comma-separated lists, both: --status done --status in_progress, or done,in_progress."""
    out: list[str] = []
    for value in values or []:
        out += [part.strip() for part in value.split(",") if part.strip()]
    return tuple(out)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "export",
        help="export the database to a file",
        description="Export coded articles. acled writes ACLED's 31 columns, one row per event; brat writes a "
        "folder of .txt/.ann files with an annotation.conf; conll writes BIO-tagged tokens; jsonl "
        "writes the interchange format that 'annotator import' reads back.",
    )
    p.add_argument("--format", required=True, choices=FORMATS, help="file format")
    p.add_argument("--output", "-o", required=True, metavar="PATH", help="file to write (a folder for brat)")
    p.add_argument(
        "--annotations",
        default=None,
        metavar="auto|gold|all|CODER",
        help="which annotation sets: auto = gold where an article has one, else every coder's "
        "(default for acled, brat, conll); gold; all (default for jsonl); or one coder's name",
    )
    sel = p.add_argument_group("filters (acled, brat, conll)")
    sel.add_argument(
        "--status",
        action="append",
        metavar="STATUS",
        help="keep annotation sets with this status: not_started, in_progress, done (repeat or separate with commas)",
    )
    sel.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="events on or after this date")
    sel.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="events on or before this date")
    sel.add_argument(
        "--country", action="append", metavar="NAME", help="events in this country (repeat or separate with commas)"
    )
    ac = p.add_argument_group("acled")
    ac.add_argument(
        "--date-format",
        choices=("iso", "legacy"),
        default="iso",
        help="event_date as 2024-06-30 (iso, default) or 30 June 2024 (legacy)",
    )
    ac.add_argument(
        "--inter",
        choices=("text", "numeric"),
        default="text",
        help="inter1, inter2 and interaction as text like current ACLED files (default) or codes",
    )
    ac.add_argument("--excel", action="store_true", help="UTF-8 with a byte-order mark, so Excel reads it right")
    ac.add_argument(
        "--raw",
        action="store_true",
        help="do not neutralise cells a spreadsheet would run as a formula (=, +, -, @, tab...)",
    )
    ac.add_argument(
        "--skip-invalid",
        action="store_true",
        help="write the valid rows and report the events that break the codebook (default: stop and write nothing)",
    )
    ac.add_argument(
        "--coder-column",
        choices=("auto", "yes", "no"),
        default="auto",
        help="add a 'coder' column (auto: when rows can come from coder sets)",
    )
    co = p.add_argument_group("conll")
    co.add_argument(
        "--doc-marker",
        choices=("docstart", "comment"),
        default="docstart",
        help="start each document with '-DOCSTART- -X- O O' (default) or '# doc_id = ...' comments",
    )
    from annotator.cli.options import add_db_option

    add_db_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from annotator.cli.progress import project_with_progress
    from annotator.formats.acled_csv import DateStyle, InterStyle
    from annotator.formats.conll import DocMarker
    from annotator.services.export_datasets import DatasetFormat, ExportOptions, export_dataset

    fmt = DatasetFormat(args.format)
    annotations = args.annotations or ("all" if fmt is DatasetFormat.JSONL else "auto")
    options = ExportOptions(
        format=fmt,
        output=Path(args.output),
        annotations=annotations,
        statuses=_many(args.status),
        date_from=args.date_from,
        date_to=args.date_to,
        countries=_many(args.country),
        date_style=DateStyle(args.date_format),
        inter_style=InterStyle(args.inter),
        excel=args.excel,
        neutralise_formulas=not args.raw,
        skip_invalid=args.skip_invalid,
        coder_column={"auto": None, "yes": True, "no": False}[args.coder_column],
        conll_marker=DocMarker(args.doc_marker),
    )
    with project_with_progress(args) as (project, progress):
        result = export_dataset(project, options, progress=progress)
    print(result.summary())
    return 0
