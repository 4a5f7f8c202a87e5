"""Agreement reports as files: a CSV of every figure, and one self-contained HTML page.

The HTML page is meant to be sent by email: everything is inside the one file (inline CSS, inline SVG
charts), nothing is fetched from anywhere, and it prints on A4.
"""

from __future__ import annotations

import csv
import html
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from annotator.domain.agreement.report import RELIABLE, TENTATIVE, AgreementReport, shown_agreement
from annotator.formats.atomic import atomic_output
from annotator.formats.csv_safety import neutralise

CSV_COLUMNS = (
    "section",
    "item",
    "level",
    "coder_a",
    "coder_b",
    "units",
    "alpha",
    "alpha_low",
    "alpha_high",
    "kappa",
    "percent",
    "events_a",
    "events_b",
    "matched",
    "precision",
    "recall",
    "f1",
    "exact_f1",
    "overlap_f1",
    "disagreement",
)
ALL = "(all)"


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def csv_rows(report: AgreementReport) -> Iterable[dict[str, Any]]:
    """One row per figure group: events per pair, each field overall and per pair, each label, each article."""
    for p in report.event_pairs:
        yield {
            "section": "events",
            "item": "events",
            "coder_a": p.coders[0],
            "coder_b": p.coders[1],
            "units": p.articles,
            "events_a": p.events_a,
            "events_b": p.events_b,
            "matched": p.matched,
            "precision": _num(p.precision),
            "recall": _num(p.recall),
            "f1": _num(p.f1),
        }
    for f in report.fields.values():
        lo, hi = f.alpha_ci or (None, None)
        yield {
            "section": "field",
            "item": f.name,
            "level": f.level,
            "coder_a": ALL,
            "coder_b": ALL,
            "units": f.units,
            "alpha": _num(f.alpha),
            "alpha_low": _num(lo),
            "alpha_high": _num(hi),
            "kappa": _num(f.kappa),
            "percent": _num(f.percent),
        }
        for fp in f.pairs:
            yield {
                "section": "field",
                "item": f.name,
                "level": f.level,
                "coder_a": fp.coders[0],
                "coder_b": fp.coders[1],
                "units": fp.units,
                "alpha": _num(fp.alpha),
                "kappa": _num(fp.kappa),
                "percent": _num(fp.percent),
            }
    for s in report.spans.values():
        yield {
            "section": "span",
            "item": s.label,
            "level": "character",
            "coder_a": ALL,
            "coder_b": ALL,
            "alpha": _num(s.alpha),
            "exact_f1": _num(s.exact_f1),
            "overlap_f1": _num(s.overlap_f1),
        }
        for sp in s.pairs:
            yield {
                "section": "span",
                "item": s.label,
                "level": "character",
                "coder_a": sp.coders[0],
                "coder_b": sp.coders[1],
                "units": sp.spans_a + sp.spans_b,
                "events_a": sp.spans_a,
                "events_b": sp.spans_b,
                "matched": sp.exact,
                "alpha": _num(sp.alpha),
                "exact_f1": _num(sp.exact_f1),
                "overlap_f1": _num(sp.overlap_f1),
            }
    for a in report.by_article:
        yield {
            "section": "article",
            "item": a.article,
            "coder_a": ALL,
            "coder_b": ALL,
            "units": a.coders,
            "percent": _num(a.fields_percent),
            "f1": _num(a.events_f1),
            "exact_f1": _num(a.spans_f1),
            "disagreement": _num(a.disagreement),
        }


def write_csv(report: AgreementReport, path: Path) -> None:
    """Every figure as CSV rows (columns ``CSV_COLUMNS``); written to a temporary file, then renamed."""
    with atomic_output(path, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, restval="")
        writer.writeheader()
        for row in csv_rows(report):
            # Coder names and article ids are free text: neutralised so no spreadsheet runs them.
            for key in ("item", "coder_a", "coder_b"):
                if isinstance(row.get(key), str):
                    row[key] = neutralise(row[key])
            writer.writerow(row)


# ---------------------------------------------------------------- HTML


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _colour(value: float | None) -> str:
    """Red below α .667, amber to .8, green above: Krippendorff's thresholds, as a fill colour."""
    if value is None:
        return "#eceff1"
    if value >= RELIABLE:
        return "#a5d6a7" if value < 0.9 else "#66bb6a"
    if value >= TENTATIVE:
        return "#ffe082"
    return "#ef9a9a" if value >= 0.4 else "#e57373"


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric_from: int = 1) -> str:
    cells = "".join(f"<th{' class=n' if i >= numeric_from else ''}>{_e(h)}</th>" for i, h in enumerate(head))
    body = "".join(
        "<tr>" + "".join(f"<td{' class=n' if i >= numeric_from else ''}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _svg(label: str, width: float, height: float) -> str:
    """An inline SVG at its natural size (shrinks on a narrow screen, never grows)."""
    return (
        f'<svg class=chart role=img aria-label="{_e(label)}" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" xmlns="http://www.w3.org/2000/svg">'
    )


def _forest(report: AgreementReport) -> str:
    """α and its 95 % interval per field, on one axis, with the .667 and .8 lines."""
    fields = [f for f in report.fields.values() if f.alpha is not None]
    if not fields:
        return "<p class=muted>No field had enough paired values for α.</p>"
    lows = [min(f.alpha or 0.0, (f.alpha_ci or (0.0, 0.0))[0]) for f in fields]
    lo = min(0.0, min(lows))
    lo = max(-1.0, (int(lo * 10) - 1) / 10 if lo < 0 else 0.0)
    label_w, plot_w, row_h, top = 150, 520, 22, 24
    height = top + row_h * len(fields) + 10

    def x(v: float) -> float:
        return label_w + (max(lo, min(1.0, v)) - lo) / (1.0 - lo) * plot_w

    parts = [_svg("alpha per field", label_w + plot_w + 60, height)]
    for tick in [t / 10 for t in range(int(lo * 10), 11, 2)]:
        parts.append(f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top - 6}" y2="{height - 6}" class=grid />')
        parts.append(f'<text x="{x(tick):.1f}" y="{top - 10}" class=tick>{tick:.1f}</text>')
    for ref in (TENTATIVE, RELIABLE):
        parts.append(f'<line x1="{x(ref):.1f}" x2="{x(ref):.1f}" y1="{top - 6}" y2="{height - 6}" class=ref />')
    for i, f in enumerate(fields):
        y = top + i * row_h + row_h / 2
        parts.append(f'<text x="{label_w - 8}" y="{y + 4:.1f}" class=lab>{_e(f.name)}</text>')
        if f.alpha_ci:
            parts.append(
                f'<line x1="{x(f.alpha_ci[0]):.1f}" x2="{x(f.alpha_ci[1]):.1f}" y1="{y:.1f}" y2="{y:.1f}" class=ci />'
            )
        assert f.alpha is not None
        parts.append(
            f'<circle cx="{x(f.alpha):.1f}" cy="{y:.1f}" r="5" fill="{_colour(f.alpha)}" class=dot>'
            f"<title>{_e(f.name)}: α {_fmt(f.alpha)}</title></circle>"
        )
        parts.append(f'<text x="{label_w + plot_w + 8}" y="{y + 4:.1f}" class=val>{_fmt(f.alpha)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _heatmap(report: AgreementReport) -> str:
    """α per field (rows) and pair of coders (columns), coloured by Krippendorff's thresholds."""
    pairs = report.pairs
    fields = list(report.fields.values())
    label_w, cell_w, cell_h, top = 150, 92, 20, 46
    width = label_w + cell_w * len(pairs) + 10
    height = top + cell_h * len(fields) + 10
    parts = [_svg("alpha per field and pair", width, height)]
    for j, (a, b) in enumerate(pairs):
        cx = label_w + j * cell_w + cell_w / 2
        parts.append(f'<text x="{cx:.1f}" y="{top - 24}" class=colhead>{_e(a)}</text>')
        parts.append(f'<text x="{cx:.1f}" y="{top - 10}" class=colhead>{_e(b)}</text>')
    for i, f in enumerate(fields):
        y = top + i * cell_h
        parts.append(f'<text x="{label_w - 8}" y="{y + 14}" class=lab>{_e(f.name)}</text>')
        for j, fp in enumerate(f.pairs):
            x = label_w + j * cell_w
            value, is_alpha = shown_agreement(fp.alpha, fp.percent)
            parts.append(
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{_colour(value)}">'
                f"<title>{_e(f.name)}, {_e(fp.coders[0])} / {_e(fp.coders[1])}: α {_fmt(fp.alpha)}, "
                f"agreement {_pct(fp.percent)}, {fp.units} units</title></rect>"
            )
            text = _fmt(value, 2) if is_alpha or value is None else f"{value:.0%}"
            style = "" if is_alpha else ' font-style="italic"'
            parts.append(f'<text x="{x + cell_w / 2:.1f}" y="{y + 14}" class=cell{style}>{text}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _span_bars(report: AgreementReport) -> str:
    """Exact F1, overlap F1 and character α per label, as grouped bars."""
    spans = list(report.spans.values())
    label_w, bar_h, gap, plot_w = 110, 9, 10, 400
    series = (("exact F1", "#5c6bc0"), ("overlap F1", "#26a69a"), ("character α", "#ffa726"))
    group_h = bar_h * len(series) + gap
    top = 30
    height = top + group_h * len(spans) + 4
    parts = [_svg("span agreement per label", label_w + plot_w + 60, height)]
    for k, (name, colour) in enumerate(series):
        parts.append(f'<rect x="{label_w + k * 120}" y="4" width="12" height="12" fill="{colour}" />')
        parts.append(f'<text x="{label_w + k * 120 + 18}" y="14" class=legend>{_e(name)}</text>')
    for i, s in enumerate(spans):
        y0 = top + i * group_h
        parts.append(f'<text x="{label_w - 8}" y="{y0 + bar_h * 2}" class=lab>{_e(s.label)}</text>')
        for k, ((name, colour), value) in enumerate(zip(series, (s.exact_f1, s.overlap_f1, s.alpha), strict=True)):
            y = y0 + k * bar_h
            w = max(0.0, min(1.0, value or 0.0)) * plot_w
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 1}" fill="{colour}">'
                f"<title>{_e(s.label)}: {_e(name)} {_fmt(value)}</title></rect>"
            )
            parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 1}" class=small>{_fmt(value, 2)}</text>')
    parts.append("</svg>")
    return "".join(parts)


_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1f2933;margin:0;
background:#f7f8fa}
main{max-width:980px;margin:0 auto;padding:24px 28px 40px;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d9dee3;padding-bottom:4px}
.muted{color:#616e7c}.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{flex:1 1 0;min-width:130px;border:1px solid #d9dee3;border-radius:6px;padding:10px 14px}
.card b{display:block;font-size:22px;overflow-wrap:anywhere}.card span{color:#616e7c;font-size:12px}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}
th,td{padding:4px 8px;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}
th{background:#f0f2f5;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.pill{display:inline-block;min-width:44px;padding:0 6px;border-radius:10px;text-align:center}
svg.chart{display:block;max-width:100%;height:auto;font-size:12px;margin:6px 0}
.lab{text-anchor:end;fill:#1f2933}.tick,.colhead,.cell{text-anchor:middle;fill:#3e4c59}.val,.small,.legend{fill:#3e4c59}
.grid{stroke:#e4e7eb}.ref{stroke:#9aa5b1;stroke-dasharray:4 3}.ci{stroke:#52606d;stroke-width:2}.dot{stroke:#323f4b}
.notes{font-size:12px;color:#52606d}.notes li{margin:3px 0}
@media print{body{background:#fff}main{padding:0}h2{break-after:avoid}table,svg{break-inside:avoid}}
"""


def render_html(report: AgreementReport, *, top: int = 25) -> str:
    """The whole report as one HTML document (no external resources)."""
    coders = ", ".join(report.coders)
    worst = min((f for f in report.fields.values() if f.alpha is not None), key=lambda f: f.alpha or 0.0, default=None)
    reliable = sum(1 for f in report.fields.values() if f.alpha is not None and f.alpha >= RELIABLE)
    measured = sum(1 for f in report.fields.values() if f.alpha is not None)
    cards = [
        (str(report.articles), "articles coded by two coders or more"),
        (str(len(report.coders)), "coders"),
        (_fmt(report.events_f1), "event F1 (events both coders found)"),
        (f"{reliable} of {measured}", "fields with α ≥ .800"),
        ("–" if worst is None else f"{_e(worst.name)} {_fmt(worst.alpha, 2)}", "lowest field α"),
    ]
    pill = '<span class=pill style="background:{}">{}</span>'
    event_rows = [
        (
            f"{_e(p.coders[0])} / {_e(p.coders[1])}",
            str(p.articles),
            f"{p.events_a} / {p.events_b}",
            str(p.matched),
            _fmt(p.precision),
            _fmt(p.recall),
            pill.format(_colour(p.f1), _fmt(p.f1)),
        )
        for p in report.event_pairs
    ]
    field_rows = [
        (
            _e(f.name),
            _e(f.level),
            pill.format(_colour(f.alpha), _fmt(f.alpha)),
            "–" if f.alpha_ci is None else f"{f.alpha_ci[0]:.3f} – {f.alpha_ci[1]:.3f}",
            _fmt(f.kappa),
            _pct(f.percent),
            str(f.units),
        )
        for f in report.fields.values()
    ]
    span_rows = [
        (
            _e(s.label),
            pill.format(_colour(s.exact_f1), _fmt(s.exact_f1)),
            pill.format(_colour(s.overlap_f1), _fmt(s.overlap_f1)),
            pill.format(_colour(s.alpha), _fmt(s.alpha)),
            str(sum(p.spans_a + p.spans_b for p in s.pairs)),
        )
        for s in report.spans.values()
    ]
    article_rows = [
        (
            _e(a.article),
            _e(a.title),
            _fmt(a.disagreement),
            _fmt(a.events_f1),
            _pct(a.fields_percent),
            _fmt(a.spans_f1),
            f"{a.unmatched_events} / {a.field_disagreements} / {a.span_disagreements}",
        )
        for a in report.by_article[:top]
    ]
    created = report.created.strftime("%Y-%m-%d %H:%M UTC")
    body = [
        "<h1>Coder agreement</h1>",
        f"<p class=muted>{_e(report.scope or 'whole project')} · coders {_e(coders)} · {created}</p>",
        "<div class=cards>"
        + "".join(f"<div class=card><b>{v}</b><span>{_e(t)}</span></div>" for v, t in cards)
        + "</div>",
        "<h2>Events</h2>",
        "<p class=muted>Each coder's events in an article are matched one to one by similarity of date, place, "
        "type and actors. Precision and recall take the first coder as the reference.</p>",
        _table(("coders", "articles", "events", "matched", "precision", "recall", "F1"), event_rows),
        "<h2>Fields</h2>",
        "<p class=muted>Over matched events. Krippendorff's α at each field's level of measurement with a 95% "
        "bootstrap interval; dashed lines at .667 and .800. κ (Cohen) for two coders only.</p>",
        _forest(report),
        _table(("field", "level", "α", "95% interval", "κ", "agreement", "units"), field_rows, numeric_from=2),
        "<h3>α per pair of coders</h3>",
        "<p class=muted>In italics where α is undefined because no value varies: the share of agreeing values.</p>",
        _heatmap(report),
        "<h2>Spans</h2>",
        "<p class=muted>Exact F1: same start, end and label. Overlap F1: spans of the label that share a "
        "character. Character α: every character is a unit, inside or outside the label's spans.</p>",
        _span_bars(report),
        _table(("label", "exact F1", "overlap F1", "character α", "spans"), span_rows),
        f"<h2>Articles with the most disagreement</h2><p class=muted>The first {min(top, len(report.by_article))} "
        f"of {len(report.by_article)}; the last column counts unmatched events / differing field values / "
        "differing spans.</p>",
        _table(
            ("article", "title", "disagreement", "event F1", "fields agree", "span F1", "differences"),
            article_rows,
            numeric_from=2,
        ),
        "<h2>How to read this</h2><ul class=notes>"
        "<li>α = 1 is perfect agreement, 0 is what chance alone gives; Krippendorff advises relying on "
        "variables with α ≥ .800 and drawing only tentative conclusions from .667 to .800.</li>"
        "<li>A value a coder left empty is missing, not zero; α is blank where too few values were paired "
        "or every value was the same.</li>"
        "<li>Dates (as day numbers), fatalities and coordinates (in km) are compared as quantities: a date a "
        "day off in a corpus spanning months, or a place 5 km off in one spanning a country, is a small "
        "difference and α stays near 1; the agreement column shows how often the values were identical.</li>"
        "<li>Only articles coded by at least two of the coders count.</li></ul>",
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Coder agreement – {_e(coders)}</title><style>{_CSS}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )


def write_html(report: AgreementReport, path: Path) -> None:
    with atomic_output(path) as handle:
        handle.write(render_html(report))
