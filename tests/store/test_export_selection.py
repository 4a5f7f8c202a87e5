"""Which annotation sets the brat, CoNLL and JSONL exports write is decided in SQL alone
(export_queries.sets_condition). These tests hold it to the rules the Python copy it replaced
(``kept_sets``, kept below as the reference) applied, over a project with every kind of case, for
every selection, on SQLite and PostgreSQL, and through the CoNLL export end to end.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.models import AnnotationSet, ArticleRecord, SetKind
from annotator.services.export_datasets import DatasetFormat, ExportOptions, export_dataset
from annotator.services.importing import import_paths
from annotator.store import export_queries as eq
from annotator.store import repository as repo
from tests.fixtures.interchange import write_jsonl


def _event(key: str, day: str | None, country: str) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "actor1": "Protesters",
        "country": country,
    }
    if day:
        fields["event_date"] = day
    return {"id": key, "fields": fields}


def _set(coder: str, status: str, *events: dict[str, Any], kind: str = "coder") -> dict[str, Any]:
    return {"coder": coder, "kind": kind, "status": status, "spans": [], "events": list(events)}


def _article(ext: str, *sets: dict[str, Any]) -> dict[str, Any]:
    return {"id": ext, "title": ext, "text": f"Protesters gathered in {ext}.", "annotations": list(sets)}


# Gold with and without coder sets, sets of each status, sets without events, events without a date,
# events on the edges of the date filters, several countries in one set.
RECORDS = [
    _article(
        "a0-gold-and-coders",
        _set("lead", "done", _event("E1", "2024-03-01", "Nigeria"), kind="gold"),
        _set("amal", "done", _event("E1", "2024-03-02", "Nigeria")),
        _set("bola", "in_progress", _event("E1", "2024-05-01", "Mali")),
    ),
    _article(
        "a1-coders-only",
        _set("amal", "in_progress", _event("E1", None, "Mali")),
        _set("bola", "not_started"),
    ),
    _article("a2-gold-only", _set("lead", "in_progress", _event("E1", "2024-04-10", "Mali"), kind="gold")),
    _article("a3-no-sets"),
    _article(
        "a4-empty-gold",
        _set("lead", "not_started", kind="gold"),
        _set("amal", "done", _event("E1", "2024-06-01", "Syria")),
    ),
    _article(
        "a5-two-countries",
        _set("bola", "done", _event("E1", "2024-01-01", "Nigeria"), _event("E2", "2024-07-01", "Mali")),
    ),
    _article(
        "a6-edges",
        _set("amal", "done", _event("E1", "2024-04-30", "Syria")),
        _set("bola", "done", _event("E1", "2024-03-01", "Syria"), _event("E2", None, "Nigeria")),
    ),
]


@pytest.fixture
def varied(project, tmp_path: Path):  # type: ignore[no-untyped-def]
    import_paths(project, [write_jsonl(tmp_path / "varied.jsonl", RECORDS)])
    return project


# ------------------------------------------------------------------ the Python rules that SQL replaced


def _event_matches(sel: eq.EventSelection, aset: AnnotationSet) -> bool:
    for event in aset.events:
        f = event.fields
        if sel.date_from and (f.event_date is None or f.event_date < sel.date_from):
            continue
        if sel.date_to and (f.event_date is None or f.event_date > sel.date_to):
            continue
        if sel.countries and f.country not in sel.countries:
            continue
        return True
    return False


def reference_kept_sets(record: ArticleRecord, sel: eq.EventSelection) -> list[AnnotationSet]:
    """services.export_datasets.kept_sets as it was before the selection moved to SQL only."""
    sets = list(record.annotations)
    if sel.sets == "auto":
        gold = [s for s in sets if s.kind == SetKind.GOLD]
        sets = gold or [s for s in sets if s.kind == SetKind.CODER]
    elif sel.sets == "gold":
        sets = [s for s in sets if s.kind == SetKind.GOLD]
    elif sel.sets == "coder":
        sets = [s for s in sets if s.kind == SetKind.CODER and s.coder == sel.coder]
    if sel.statuses:
        sets = [s for s in sets if s.status.value in sel.statuses]
    if sel.date_from or sel.date_to or sel.countries:
        sets = [s for s in sets if _event_matches(sel, s)]
    return sets


# ------------------------------------------------------------------ helpers


Key = tuple[str, str, str]  # article, kind, coder


def _key(record: ArticleRecord, aset: AnnotationSet) -> Key:
    return (record.article.external_id, aset.kind.value, aset.coder)


def expected(project: Any, sel: eq.EventSelection) -> list[Key]:
    with project.engine.connect() as conn:
        return [
            _key(record, aset) for _, record in repo.iter_records(conn) for aset in reference_kept_sets(record, sel)
        ]


def selected(project: Any, sel: eq.EventSelection) -> list[Key]:
    """What the exports read: the articles the SQL selects, each with the sets the SQL keeps."""
    with project.engine.connect() as conn:
        ids = eq.selected_article_ids(conn, sel)
        records = repo.iter_records(conn, set_filter=repo.SetFilter(where=eq.sets_condition(sel)), article_ids=ids)
        keys = []
        for _, record in records:
            assert record.annotations, f"{record.article.external_id} was selected with no set"
            keys += [_key(record, aset) for aset in record.annotations]
        return keys


SETS = [("auto", None), ("gold", None), ("all", None), ("coder", "amal"), ("coder", "bola"), ("coder", "nobody")]
STATUSES: list[tuple[str, ...]] = [(), ("done",), ("in_progress", "not_started")]
FILTERS: list[dict[str, Any]] = [
    {},
    {"date_from": dt.date(2024, 3, 1)},
    {"date_to": dt.date(2024, 4, 30)},
    {"date_from": dt.date(2024, 3, 1), "date_to": dt.date(2024, 4, 30)},
    {"countries": ("Mali",)},
    {"countries": ("Nigeria", "Syria"), "date_from": dt.date(2024, 3, 2)},
]


def test_sql_selects_the_sets_the_python_rules_did(varied: Any) -> None:
    compared = nonempty = 0
    for (mode, coder), statuses, filters in itertools.product(SETS, STATUSES, FILTERS):
        sel = eq.EventSelection(sets=mode, coder=coder, statuses=statuses, **filters)
        want = expected(varied, sel)
        assert selected(varied, sel) == want, sel
        compared += 1
        nonempty += bool(want)
    assert compared == 108 and nonempty > 60  # the matrix is not mostly empty selections


def test_the_reference_is_not_trivially_equal(varied: Any) -> None:
    """A few selections spelled out, so that the comparison above cannot pass on two empty lists."""
    auto = expected(varied, eq.EventSelection())
    assert auto == [
        ("a0-gold-and-coders", "gold", "lead"),
        ("a1-coders-only", "coder", "amal"),
        ("a1-coders-only", "coder", "bola"),
        ("a2-gold-only", "gold", "lead"),
        ("a4-empty-gold", "gold", "lead"),  # auto takes the gold set even when it holds nothing
        ("a5-two-countries", "coder", "bola"),
        ("a6-edges", "coder", "amal"),
        ("a6-edges", "coder", "bola"),
    ]
    march_april = eq.EventSelection(sets="all", date_from=dt.date(2024, 3, 1), date_to=dt.date(2024, 4, 30))
    assert expected(varied, march_april) == [
        ("a0-gold-and-coders", "gold", "lead"),
        ("a0-gold-and-coders", "coder", "amal"),
        ("a2-gold-only", "gold", "lead"),
        ("a6-edges", "coder", "amal"),
        ("a6-edges", "coder", "bola"),
    ]
    assert selected(varied, march_april) == expected(varied, march_april)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"annotations": "all", "statuses": ("done",)},
        {"annotations": "bola", "countries": ("Mali",)},
        {"annotations": "all", "date_from": dt.date(2024, 3, 1), "date_to": dt.date(2024, 4, 30)},
    ],
)
def test_conll_writes_one_document_per_selected_set(varied: Any, tmp_path: Path, options: dict[str, Any]) -> None:
    from annotator.formats.conll import DocMarker

    out = tmp_path / "docs.conll"
    result = export_dataset(varied, ExportOptions(DatasetFormat.CONLL, out, conll_marker=DocMarker.COMMENT, **options))
    lines = out.read_text(encoding="utf-8").splitlines()
    docs = [line.removeprefix("# doc_id = ") for line in lines if line.startswith("# doc_id = ")]
    coders = [line.removeprefix("# coder = ") for line in lines if line.startswith("# coder = ")]
    mode = options.get("annotations", "auto")
    sel = eq.EventSelection(
        sets=mode if mode in ("auto", "gold", "all") else "coder",
        coder=None if mode in ("auto", "gold", "all") else mode,
        statuses=options.get("statuses", ()),
        date_from=options.get("date_from"),
        date_to=options.get("date_to"),
        countries=options.get("countries", ()),
    )
    want = expected(varied, sel)
    assert want, "a selection that writes nothing proves little"
    assert list(zip(docs, coders, strict=True)) == [(a, "gold" if k == "gold" else c) for a, k, c in want]
    assert result.rows == len(want) and result.articles == len({a for a, _, _ in want})
