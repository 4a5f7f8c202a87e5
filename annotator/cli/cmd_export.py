"""annotator export --format FORMAT --output PATH [options]

The formats, their options, defaults and help come from ``annotator.services.export_spec``, as in
the app's File > Export… dialog; ``export_dataset`` checks them with the same ``validate``. Every
export goes to a temporary file and is moved into place when complete.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date like 2024-06-30") from None


def _many(values: list[str] | None) -> tuple[str, ...] | None:
    """Repeated options and comma-separated lists, both: --status done --status in_progress, or done,in_progress."""
    if values is None:
        return None
    out: list[str] = []
    for value in values:
        out += [part.strip() for part in value.split(",") if part.strip()]
    return tuple(out)


def _choices_help(help_text: str, choices: Any) -> str:
    return f"{help_text}: " + "; ".join(f"{c.value} = {c.help}" for c in choices)


def register(sub: Any) -> None:
    from annotator.services.export_spec import (
        ANNOTATION_CHOICES,
        FILTER_FORMATS,
        FORMATS,
        OPTIONS,
        STATUS_CHOICES,
    )

    p = sub.add_parser(
        "export",
        help="export the database to a file",
        description="Export coded articles. "
        + "; ".join(f"{fmt.value} writes {spec.summary}" for fmt, spec in FORMATS.items())
        + ".",
    )
    p.add_argument("--format", required=True, choices=[f.value for f in FORMATS], help="file format")
    folders = ", ".join(f.value for f, spec in FORMATS.items() if spec.writes_folder)
    p.add_argument("--output", "-o", required=True, metavar="PATH", help=f"file to write (a folder for {folders})")
    jsonl_auto = ", ".join(f"{f.value}: {spec.auto_means}" for f, spec in FORMATS.items() if spec.auto_means != "auto")
    p.add_argument(
        "--annotations",
        default="auto",
        metavar="auto|gold|all|CODER",
        help=_choices_help("which annotation sets", ANNOTATION_CHOICES)
        + f" (default: auto; {jsonl_auto}); or one coder's name",
    )
    sel = p.add_argument_group(f"filters ({', '.join(f.value for f in FILTER_FORMATS)})")
    statuses = ", ".join(c.value for c in STATUS_CHOICES)
    sel.add_argument(
        "--status",
        action="append",
        metavar="STATUS",
        help=f"keep annotation sets with this status: {statuses} (repeat or separate with commas)",
    )
    sel.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="events on or after this date")
    sel.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="events on or before this date")
    sel.add_argument(
        "--country", action="append", metavar="NAME", help="events in this country (repeat or separate with commas)"
    )
    groups: dict[tuple[str, ...], Any] = {}
    for option in OPTIONS:
        key = tuple(f.value for f in option.formats)
        group = groups.get(key) or groups.setdefault(key, p.add_argument_group(", ".join(key)))
        if option.is_switch:
            action = "store_false" if option.default else "store_true"
            group.add_argument(option.flag, dest=option.name, action=action, help=option.help)
        else:
            group.add_argument(
                option.flag,
                dest=option.name,
                choices=[c.value for c in option.choices],
                default=str(option.default),
                help=_choices_help(option.help, option.choices),
            )
    from annotator.cli.options import add_db_option

    add_db_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from annotator.cli.progress import project_with_progress
    from annotator.services.export_datasets import export_dataset
    from annotator.services.export_spec import OPTIONS, DatasetFormat, ExportOptions

    own: dict[str, Any] = {option.name: option.read(getattr(args, option.name)) for option in OPTIONS}
    options = ExportOptions(
        format=DatasetFormat(args.format),
        output=Path(args.output),
        annotations=args.annotations,
        statuses=_many(args.status),
        date_from=args.date_from,
        date_to=args.date_to,
        countries=_many(args.country) or (),
        **own,
    )
    with project_with_progress(args) as (project, progress):
        result = export_dataset(project, options, progress=progress)
    print(result.summary())
    return 0
