"""annotator agreement [--batch B] [--coders a,b] [--from DATE] [--to DATE] [--json | --csv FILE | --html FILE]

Agreement between coders on events (matching), event fields (Krippendorff's α with a 95 % bootstrap
interval, Cohen's κ, percent agreement) and spans (exact and overlap F1, character α), per pair of
coders and overall, with the articles ranked by disagreement.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date like 2024-06-30") from None


def _names(value: str) -> tuple[str, ...]:
    names = tuple(part.strip() for part in value.split(",") if part.strip())
    if len(names) < 2:
        raise argparse.ArgumentTypeError("name at least two coders, separated by commas: --coders amal,bruno")
    return names


def _threshold(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError("the match threshold is between 0 and 1")
    return number


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number of 0 or more")
    return int(value)


def register(sub: Any) -> None:
    from annotator.cli.options import add_db_option

    p = sub.add_parser(
        "agreement",
        help="measure agreement between coders (events, fields, spans)",
        description="Measure how far coders agree: which events they found (matched within each article), "
        "their event fields (Krippendorff's α with a 95%% bootstrap interval, Cohen's κ, percent "
        "agreement) and their spans (exact and overlap F1, character α), per pair of coders and overall. "
        "Only articles coded by at least two of the coders count.",
    )
    p.add_argument("--coders", type=_names, metavar="A,B[,C...]", help="coders to compare (default: every coder)")
    p.add_argument("--batch", metavar="B", help="only the articles assigned in this batch (annotator assign --batch)")
    p.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="articles on or after this date")
    p.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="articles on or before this date")
    p.add_argument(
        "--date-by",
        choices=("published", "event"),
        default="published",
        help="what --from/--to look at: the article's publication date (default), or the dates of its "
        "coded events (an article is in when any of its events is)",
    )
    p.add_argument(
        "--status",
        action="append",
        metavar="STATUS",
        help="only annotation sets with this status: not_started, in_progress, done (repeat or separate with commas)",
    )
    p.add_argument(
        "--match-threshold",
        type=_threshold,
        default=None,
        metavar="X",
        help="least similarity (0-1) for two coders' events to count as the same event (default 0.42)",
    )
    p.add_argument(
        "--resamples", type=_count, default=1000, metavar="N", help="bootstrap resamples for α's 95%% interval"
    )
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the results as one JSON object")
    out.add_argument("--csv", metavar="FILE", help="write every figure as rows of a CSV file")
    out.add_argument("--html", metavar="FILE", help="write a self-contained HTML report with tables and charts")
    p.add_argument("--top", type=_count, default=10, metavar="N", help="articles to list in the summary (default 10)")
    add_db_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from annotator.cli.progress import project_with_progress
    from annotator.domain.agreement.matching import MatchSettings
    from annotator.domain.agreement.scope import AgreementScope, DateBasis
    from annotator.domain.errors import UserError
    from annotator.domain.models import SetStatus
    from annotator.services.agreement import MeasureOptions, compute_agreement

    statuses: list[SetStatus] = []
    for value in args.status or []:
        for part in value.split(","):
            if part.strip():
                try:
                    statuses.append(SetStatus.parse(part))
                except ValueError:
                    raise UserError(f"--status: '{part.strip()}' is not not_started, in_progress or done") from None
    try:
        scope = AgreementScope(
            coders=args.coders or (),
            date_from=args.date_from,
            date_to=args.date_to,
            date_basis=DateBasis(args.date_by),
            statuses=tuple(statuses),
            batch=args.batch,
        )
    except ValueError as exc:
        raise UserError(str(exc)) from None
    match = MatchSettings() if args.match_threshold is None else MatchSettings(threshold=args.match_threshold)
    options = MeasureOptions(match=match, resamples=args.resamples)
    with project_with_progress(args) as (project, _):
        report = compute_agreement(project, scope, options)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    elif args.csv:
        from annotator.formats.agreement_report import write_csv

        write_csv(report, Path(args.csv))
        print(f"Wrote {args.csv}")
    elif args.html:
        from annotator.formats.agreement_report import write_html

        write_html(report, Path(args.html))
        print(f"Wrote {args.html}")
    else:
        _print_summary(report, args.top)
    return 0


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _print_summary(report: Any, top: int) -> None:
    print(f"{report.articles} article(s) coded by at least two of: {', '.join(report.coders)}")
    print(f"Events: F1 {_fmt(report.events_f1)}")
    for p in report.event_pairs:
        print(
            f"  {p.coders[0]} / {p.coders[1]}: {p.articles} article(s), events {p.events_a} / {p.events_b}, "
            f"matched {p.matched}, precision {_fmt(p.precision)}, recall {_fmt(p.recall)}, F1 {_fmt(p.f1)}"
        )
    print(f"\n{'field':<20} {'level':<12} {'alpha':>7} {'95% interval':>16} {'kappa':>7} {'agree':>7} {'units':>7}")
    for f in report.fields.values():
        ci = "-" if f.alpha_ci is None else f"{f.alpha_ci[0]:.3f} to {f.alpha_ci[1]:.3f}"
        agree = "-" if f.percent is None else f"{f.percent:.1%}"
        print(f"{f.name:<20} {f.level:<12} {_fmt(f.alpha):>7} {ci:>16} {_fmt(f.kappa):>7} {agree:>7} {f.units:>7}")
    print(f"\n{'span label':<20} {'exact F1':>9} {'overlap F1':>11} {'char alpha':>11}")
    for s in report.spans.values():
        print(f"{s.label:<20} {_fmt(s.exact_f1):>9} {_fmt(s.overlap_f1):>11} {_fmt(s.alpha):>11}")
    if top and report.by_article:
        print("\nMost disagreement:")
        for a in report.by_article[:top]:
            print(
                f"  {a.article:<24} {a.disagreement:.3f}  unmatched events {a.unmatched_events}, "
                f"field values {a.field_disagreements}, spans {a.span_disagreements}"
            )
