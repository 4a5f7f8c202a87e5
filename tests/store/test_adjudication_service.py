"""Adjudication through the services on SQLite and PostgreSQL: decisions, undo, provenance, refusals."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.domain.adjudication.rules import MergeRule, Strategy
from annotator.domain.adjudication.spans import SpanState
from annotator.domain.errors import UserError
from annotator.domain.models import SetStatus
from annotator.domain.provenance import Origin
from annotator.services import adjudication as adj
from annotator.services import annotate as a
from annotator.services.export_datasets import DatasetFormat, ExportOptions, export_dataset
from annotator.services.importing import import_paths
from annotator.services.project import Project, open_project
from annotator.store.repository import articles_t, provenance_t
from tests.fixtures import adjudication as fx

AT = dt.datetime(2024, 7, 1, 9, 30, tzinfo=dt.UTC)


def _import(project: Project, tmp_path: Path) -> int:
    path = tmp_path / "three.jsonl"
    path.write_text(fx.jsonl(), encoding="utf-8")
    import_paths(project, [path])
    with project.engine.connect() as conn:
        return int(conn.scalar(select(articles_t.c.id).where(articles_t.c.external_id == fx.ARTICLE_ID)))


def _decisions(project: Project, article: int) -> tuple[adj.ReviewView, adj.Decisions]:
    view = adj.open_review(project, article, "rita")
    return view, adj.Decisions(view, "rita", now=lambda: AT)


def _gold_export(project: Project, out: Path, fmt: DatasetFormat = DatasetFormat.JSONL) -> str:
    export_dataset(project, ExportOptions(fmt, out, annotations="gold"))
    return out.read_text(encoding="utf-8")


def test_a_decision_is_one_undo_step_with_its_provenance(project: Project, tmp_path: Path) -> None:
    article = _import(project, tmp_path)
    view, decide = _decisions(project, article)
    assert view.gold_owner == "rita" and view.coder_names == ["amal", "ben", "chen"]
    command = decide.accept_span("chen", (22, 33, "actor"))
    inverse, _ = adj.decide(project, view, command)
    view, decide = _decisions(project, article)
    states = {p.position: p.state for p in view.positions}
    assert states[(22, 33, "actor")] is SpanState.ACCEPTED
    assert states[(25, 33, "actor")] is SpanState.REJECTED
    (span,) = view.gold.spans
    assert span.provenance is not None and span.provenance.origin is Origin.ACCEPTED
    assert (span.provenance.coders, span.provenance.by, span.provenance.at) == (("chen",), "rita", AT)
    # Accepting amal's version replaces chen's in the same step.
    adj.decide(project, view, decide.accept_span("amal", (25, 33, "actor")))
    view, decide = _decisions(project, article)
    assert [(s.start, s.end) for s in view.gold.spans] == [(25, 33)]
    assert view.gold.spans[0].provenance.coders == ("amal", "ben")  # type: ignore[union-attr]
    del inverse


def test_undo_restores_gold_and_provenance_exactly(project: Project, tmp_path: Path) -> None:
    article = _import(project, tmp_path)
    before = _gold_export(project, tmp_path / "before.jsonl")
    undo: list[a.Command] = []
    view, decide = _decisions(project, article)
    for build in (
        lambda d: d.accept_all_agreed(),
        lambda d: d.accept_span("chen", (22, 33, "actor")),
        lambda d: d.reject_span((48, 55, "action")),
        lambda d: d.accept_event("ben", next(i for i, g in enumerate(d.view.groups) if len(g.members) == 2)),
        lambda d: d.accept_field(
            "chen", next(i for i, g in enumerate(d.view.groups) if len(g.members) == 3), "sub_event_type"
        ),
        lambda d: d.edit_field(0, "notes", "Teachers' strike, day 2."),
        lambda d: d.mark_done(),
    ):
        view, decide = _decisions(project, article)
        inverse, _ = adj.decide(project, view, build(decide))
        undo.append(inverse)
    after = _gold_export(project, tmp_path / "after.jsonl")
    record = json.loads(after)
    (gold,) = record["annotations"]
    assert gold["status"] == "done"
    assert {s["provenance"]["origin"] for s in gold["spans"]} == {"accepted"}
    protest = next(e for e in gold["events"] if e["fields"].get("location") == "Nairobi")
    assert protest["fields"]["sub_event_type"] == "Excessive force against protesters"
    assert protest["provenance"]["fields"]["sub_event_type"]["coders"] == ["chen"]
    assert protest["provenance"]["fields"]["notes"] == {"origin": "edited", "coders": [], "by": "rita",
                                                        "at": "2024-07-01T09:30:00Z"}  # fmt: skip
    # Closed: a further decision is refused with who closed it; nothing changes.
    view, decide = _decisions(project, article)
    assert view.closed is not None and view.closed.by == "rita"
    with pytest.raises(UserError, match="closed"):
        decide.reject_span((0, 6, "actor"))
    redo: list[a.Command] = []
    for inverse in reversed(undo):
        redo.append(a.apply(project, inverse)[0])
    # The gold set's row stays (as a coder's set does after undoing its first edit), empty again.
    undone = json.loads(_gold_export(project, tmp_path / "undone.jsonl"))
    assert undone["annotations"] == [{"coder": "rita", "kind": "gold", "status": "not_started", "spans": [],
                                      "events": []}]  # fmt: skip
    assert json.loads(before)["annotations"] == []
    with project.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(provenance_t)) == 0
    for command in reversed(redo):
        a.apply(project, command)
    assert _gold_export(project, tmp_path / "redone.jsonl") == after


def test_stale_view_closed_article_and_one_coder_are_refused(project: Project, tmp_path: Path) -> None:
    article = _import(project, tmp_path)
    view, decide = _decisions(project, article)
    command = decide.accept_span("amal", (37, 44, "location"))
    # amal changes her set after the review opened.
    a.apply(project, a.AddSpan(a.SetRef(article, "amal"), 65, 71, "actor"))
    with pytest.raises(UserError, match=r"amal changed their annotations .* reload"):
        adj.decide(project, view, command)
    view, decide = _decisions(project, article)
    adj.decide(project, view, decide.accept_span("amal", (37, 44, "location")))
    # Another reviewer closes it meanwhile.
    other_view = adj.open_review(project, article, "sara")
    adj.decide(project, other_view, adj.Decisions(other_view, "sara").mark_done())
    view_before = view
    with pytest.raises(UserError, match=r"was closed by sara at .*: reopen it"):
        adj.decide(project, view_before, decide.reject_span((0, 6, "actor")))
    assert len(adj.open_review(project, article, "rita").gold.spans) == 1
    # One coder, or none.
    single = tmp_path / "single.jsonl"
    rec = fx.record() | {"id": "adj-2", "text": fx.TEXT + " Again.", "annotations": fx.SETS[:1]}
    single.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    import_paths(project, [single])
    with project.engine.connect() as conn:
        lone = int(conn.scalar(select(articles_t.c.id).where(articles_t.c.external_id == "adj-2")))
    with pytest.raises(UserError, match="only amal's annotations: adjudication needs at least two"):
        adj.open_review(project, lone, "rita")


def test_auto_merge_by_strategy_and_never_over_a_decision(project: Project, tmp_path: Path) -> None:
    article = _import(project, tmp_path)
    view, decide = _decisions(project, article)
    adj.decide(project, view, decide.accept_span("chen", (22, 33, "actor")))
    result = adj.auto_merge_articles(project, "bot", MergeRule(Strategy.MAJORITY, 2))
    assert (result.articles, result.changed, result.events) == (1, 1, 2)
    view = adj.open_review(project, article, "rita")
    spans = {(s.start, s.end, s.label): s.provenance for s in view.gold.spans}
    assert set(spans) == {(0, 6, "actor"), (22, 33, "actor"), (48, 55, "date"), (83, 89, "location")}
    assert spans[(22, 33, "actor")].origin is Origin.ACCEPTED  # type: ignore[union-attr]
    assert spans[(48, 55, "date")].strategy == "majority"  # type: ignore[union-attr]
    again = adj.auto_merge_articles(project, "bot", MergeRule(Strategy.MAJORITY, 2))
    assert again.changed == 0  # idempotent
    told = adj.auto_merge_articles(project, "bot", MergeRule(Strategy.MAJORITY, 2), overwrite=True)
    assert told.changed == 1
    view = adj.open_review(project, article, "rita")
    assert {(s.start, s.end) for s in view.gold.spans if s.label == "actor"} == {(0, 6), (25, 33)}


def test_queue_send_back_and_notes(project: Project, tmp_path: Path) -> None:
    article = _import(project, tmp_path)
    (item,) = adj.review_queue(project)
    assert (item.article_id, item.coders, item.status) == (article, ("amal", "ben", "chen"), "not_started")
    assert 0 < item.disagreement < 1
    view = adj.open_review(project, article, "rita")
    with pytest.raises(UserError, match="say in the note"):
        adj.send_back(project, view, "chen", "  ", "rita")
    assert adj.open_notes(project, article, "chen") == []  # chen is done: nothing to answer
    inverse, _ = adj.send_back(project, view, "chen", "Sub-event type: tear gas at a protest is intervention.", "rita")
    assert adj.review_queue(project) == []  # chen is no longer done
    (note,) = adj.notes_for(project, article, "chen")
    assert (note.sent_by, note.note) == ("rita", "Sub-event type: tear gas at a protest is intervention.")
    assert adj.open_notes(project, article, "chen") == [note] and adj.open_notes(project, article, "amal") == []
    with pytest.raises(UserError, match="chen changed"):
        adj.decide(project, view, adj.Decisions(view, "rita").accept_all_agreed())
    # One step back: the note goes and chen is done again; redo sends it again.
    redo, _ = a.apply(project, inverse)
    assert adj.notes_for(project, article, "chen") == [] and [i.article_id for i in adj.review_queue(project)] == [
        article
    ]
    adj.apply_guarded(project, redo)
    assert [n.note for n in adj.open_notes(project, article, "chen")] == [note.note]
    # Marking the article done again answers the note (it stays on record).
    a.apply(project, a.SetStatus(a.SetRef(article, "chen"), SetStatus.DONE))
    assert adj.open_notes(project, article, "chen") == [] and len(adj.notes_for(project, article, "chen")) == 1


def test_undoing_a_send_back_after_the_coder_edited_is_refused(project: Project, tmp_path: Path) -> None:
    article = _import(project, tmp_path)
    view = adj.open_review(project, article, "rita")
    inverse, _ = adj.send_back(project, view, "chen", "Nairobi is a location too.", "rita")
    a.apply(project, a.AddSpan(a.SetRef(article, "chen"), 37, 44, "location"))  # chen works on it
    with pytest.raises(UserError):
        a.apply(project, inverse)
    assert len(adj.open_notes(project, article, "chen")) == 1  # nothing was taken back


def test_gold_provenance_round_trips_through_jsonl(project: Project, fresh_db_url: Any, tmp_path: Path) -> None:
    article = _import(project, tmp_path)
    adj.auto_merge_articles(project, "bot", MergeRule(Strategy.PRESENT))
    view, decide = _decisions(project, article)
    adj.decide(project, view, decide.accept_span("chen", (22, 33, "actor")))
    first = tmp_path / "first.jsonl"
    export_dataset(project, ExportOptions(DatasetFormat.JSONL, first, annotations="all"))
    text = first.read_text(encoding="utf-8")
    assert '"provenance"' in text
    again = open_project(fresh_db_url())
    try:
        import_paths(again, [first])
        second = tmp_path / "second.jsonl"
        export_dataset(again, ExportOptions(DatasetFormat.JSONL, second, annotations="all"))
        with project.engine.connect() as c1, again.engine.connect() as c2:
            columns = [provenance_t.c[n] for n in ("kind", "key", "field", "origin", "coders", "decided_by",
                                                   "decided_at", "strategy")]  # fmt: skip
            rows1 = sorted(map(_normalised, c1.execute(select(*columns)).all()))
            rows2 = sorted(map(_normalised, c2.execute(select(*columns)).all()))
        assert rows2 == [r for r in rows1 if r[0] in ("span", "event", "field")] and rows2
    finally:
        again.close()
    assert second.read_bytes() == first.read_bytes()


def _normalised(row: Any) -> tuple[Any, ...]:
    values = list(row)
    values[4] = tuple(values[4])
    moment = values[6]
    values[6] = (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
    return tuple(values)


def test_coder_sets_cannot_carry_provenance(project: Project, tmp_path: Path) -> None:
    record = fx.record()
    record["annotations"][0]["spans"][0]["provenance"] = {"origin": "edited", "coders": [], "by": "x",
                                                         "at": "2024-07-01T00:00:00Z"}  # fmt: skip
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"line 1, field 'annotations\[0\].spans\[0\].provenance'"):
        import_paths(project, [path])
    assert SetStatus.DONE  # the import changed nothing: no article
    with project.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(articles_t)) == 0


def test_the_queue_ranks_only_ready_articles_as_agreement_does(project: Project, tmp_path: Path) -> None:
    from annotator.services.agreement import compute_agreement

    article = _import(project, tmp_path)
    # A second article with two coders, one still at work, and a third with one coder done.
    text = "Soldiers shot two men in Gao on Friday."
    others = [
        {"id": "busy", "text": text, "annotations": [
            {"coder": "amal", "status": "done", "spans": [{"id": "s1", "start": 0, "end": 8, "label": "actor"}]},
            {"coder": "ben", "status": "in_progress", "spans": []}]},
        {"id": "alone", "text": text + " ", "annotations": [
            {"coder": "amal", "status": "done", "spans": [{"id": "s1", "start": 0, "end": 8, "label": "actor"}]}]},
    ]  # fmt: skip
    path = tmp_path / "others.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in others), encoding="utf-8")
    import_paths(project, [path])
    (item,) = adj.review_queue(project)
    assert (item.article_id, item.coders) == (article, ("amal", "ben", "chen"))
    whole = {x.article: x.disagreement for x in compute_agreement(project).by_article}
    assert item.disagreement == pytest.approx(whole[fx.ARTICLE_ID])  # the same measure as over everything
    assert "busy" in whole  # (which does count the article still being coded)
