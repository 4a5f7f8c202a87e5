"""compute_agreement over a real database (SQLite and PostgreSQL): import, scope, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from annotator.domain.agreement.compute import MeasureOptions
from annotator.domain.agreement.scope import AgreementScope, DateBasis
from annotator.domain.errors import UserError
from annotator.domain.models import SetStatus
from annotator.services.agreement import compute_agreement
from annotator.services.importing import import_paths
from tests.fixtures.agreement import PUBLISHED, three_coder_articles, worked_example_records
from tests.fixtures.interchange import write_jsonl

FAST = MeasureOptions(resamples=200)


def test_worked_example_through_import_gives_the_published_alpha(project, tmp_path: Path) -> None:
    import_paths(project, [write_jsonl(tmp_path / "types.jsonl", worked_example_records("event_type"))])
    report = compute_agreement(project, options=FAST)
    assert report.coders == ("A", "B", "C", "D")
    assert report.articles == 11  # unit 12 has one coder only
    assert report.events_f1 == 1.0
    event_type = report.fields["event_type"]
    assert round(event_type.alpha, 3) == PUBLISHED["nominal"]
    assert event_type.units == 11 and event_type.level == "nominal"
    assert event_type.alpha_ci is not None and event_type.alpha_ci[0] < event_type.alpha < event_type.alpha_ci[1]
    assert report.fields["fatalities"].units == 0  # nobody gave fatalities: missing, not 0


def test_fatalities_give_the_interval_figure(project, tmp_path: Path) -> None:
    import_paths(project, [write_jsonl(tmp_path / "fat.jsonl", worked_example_records("fatalities"))])
    report = compute_agreement(project, options=FAST)
    assert round(report.fields["fatalities"].alpha, 3) == PUBLISHED["interval"]
    assert report.fields["fatalities"].level == "interval"


@pytest.fixture
def three_articles(project, tmp_path: Path):  # type: ignore[no-untyped-def]
    records = three_coder_articles()
    import_paths(project, [write_jsonl(tmp_path / "three.jsonl", records)])
    return project


def test_whole_project_and_per_pair_figures(three_articles) -> None:
    report = compute_agreement(three_articles, options=FAST)
    assert report.coders == ("amal", "bruno", "chen")
    assert report.articles == 3
    location = report.fields["location"]
    by_pair = {p.coders: p for p in location.pairs}
    assert by_pair[("amal", "bruno")].percent == 0.5  # jan agrees, jun differs
    assert by_pair[("amal", "bruno")].disagreeing_articles == ("jun",)
    assert by_pair[("amal", "chen")].percent == 0.5  # jan differs, dec agrees
    assert by_pair[("bruno", "chen")].units == 1
    actor = report.spans["actor"]
    assert {p.coders: p.exact for p in actor.pairs}[("amal", "bruno")] == 1
    assert actor.pairs[0].disagreeing_articles == ("jun",)
    assert report.by_article[-1].article == "dec"  # full agreement ranks last
    assert report.by_article[0].disagreement > 0


def test_chosen_coders(three_articles) -> None:
    report = compute_agreement(three_articles, AgreementScope(coders=("bruno", "amal")), FAST)
    assert report.coders == ("amal", "bruno")
    assert report.articles == 2
    assert [p.coders for p in report.event_pairs] == [("amal", "bruno")]
    assert report.fields["location"].percent == 0.5


def test_date_range_by_publication_or_by_event(three_articles) -> None:
    published = AgreementScope(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 1, 31))
    report = compute_agreement(three_articles, published, FAST)
    assert [a.article for a in report.by_article] == ["jan"]
    # "dec" was published in December but its event is dated February.
    by_event = AgreementScope(date_from=dt.date(2024, 2, 1), date_to=dt.date(2024, 6, 30), date_basis=DateBasis.EVENT)
    report = compute_agreement(three_articles, by_event, FAST)
    assert sorted(a.article for a in report.by_article) == ["dec", "jun"]


def test_status_filter(three_articles) -> None:
    report = compute_agreement(three_articles, AgreementScope(statuses=(SetStatus.DONE,)), FAST)
    # chen's January set is in progress, so January has amal and bruno only.
    jan = next(a for a in report.by_article if a.article == "jan")
    assert jan.coders == 2


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        (AgreementScope(coders=("amal", "zoe")), "no coder called 'zoe'"),
        (AgreementScope(coders=("amal",)), "at least two coders"),
        (AgreementScope(date_from=dt.date(2030, 1, 1)), "found none"),
    ],
)
def test_clear_errors(three_articles, scope: AgreementScope, message: str) -> None:
    with pytest.raises(UserError, match=message):
        compute_agreement(three_articles, scope, FAST)


def test_an_empty_project_says_so(project) -> None:
    with pytest.raises(UserError, match="at least two coders"):
        compute_agreement(project, options=FAST)


def test_batch_keeps_the_articles_assigned_in_it(three_articles) -> None:
    from annotator.services.assignment import Selection, assign

    assign(three_articles, ["amal", "bruno"], 2, batch="pilot", selection=Selection(ids=("jan", "jun")))
    report = compute_agreement(three_articles, AgreementScope(batch="pilot"), FAST)
    assert sorted(a.article for a in report.by_article) == ["jan", "jun"]
    assert "batch pilot" in report.scope
    with pytest.raises(UserError, match="found none"):
        compute_agreement(three_articles, AgreementScope(batch="no-such-batch"), FAST)


def test_every_row_is_read_however_many_chunks_it_takes(three_articles) -> None:
    from annotator.store import agreement_queries as q

    scope = AgreementScope()
    with three_articles.engine.connect() as conn:
        whole = list(q.stream(conn, q.sets_statement(scope, None), chunk=10_000))
        by_two = list(q.stream(conn, q.sets_statement(scope, None), chunk=2))
    assert len(whole) == 7 and by_two == whole  # 7 sets; a chunk of 2 once stopped after the first chunk
