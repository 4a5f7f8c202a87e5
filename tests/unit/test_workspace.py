"""Workspace reads without Qt: the article list windows, filters, search, progress, next article, fills."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert

from annotator.domain.models import SetKind, SetStatus
from annotator.services import annotate as an
from annotator.services import workspace as ws
from annotator.store.repository import assignments_t, coder_ids
from tests.unit.test_annotate import add_article


@pytest.fixture
def three(project):  # type: ignore[no-untyped-def]
    ids = [
        add_article(project, "n1", "Police fired tear gas at 100% of the crowd in Juba."),
        add_article(project, "n2", "Talks continued in Nairobi_x without incident."),
        add_article(project, "n3", "تظاهر المئات في الخرطوم يوم الاثنين."),
    ]
    return ids


def test_article_ids_and_rows(project, three) -> None:  # type: ignore[no-untyped-def]
    assert ws.article_ids(project, "alice") == three
    rows = ws.article_rows(project, "alice", list(reversed(three)))
    assert [r.id for r in rows] == list(reversed(three))
    assert rows[0].title == "Title n3" and rows[0].status == SetStatus.NOT_STARTED and rows[0].events == 0


def test_status_filter_is_per_coder(project, three) -> None:  # type: ignore[no-untyped-def]
    alice = an.SetRef(three[0], "alice")
    an.apply(project, an.CreateEvent(alice))
    an.apply(project, an.SetStatus(an.SetRef(three[1], "bob"), SetStatus.DONE))
    query = ws.ArticleQuery(status=SetStatus.IN_PROGRESS)
    assert ws.article_ids(project, "alice", query) == [three[0]]
    assert ws.article_ids(project, "alice", ws.ArticleQuery(status=SetStatus.NOT_STARTED)) == three[1:]
    assert ws.article_ids(project, "bob", ws.ArticleQuery(status=SetStatus.DONE)) == [three[1]]
    [row] = ws.article_rows(project, "alice", [three[0]])
    assert row.status == SetStatus.IN_PROGRESS and row.events == 1


def test_rows_show_the_coders_own_set_and_assignment(project, three) -> None:  # type: ignore[no-untyped-def]
    """A row is the coder's: another coder's set and assignment of the same article, or their own
    gold set, change nothing of it; a name that has nothing sees every article not started."""
    first = three[0]
    with project.engine.begin() as conn:  # alice is given the first article, bob the first two
        ids = coder_ids(conn, ["alice", "bob"])
        mark = {"assigned_at": dt.datetime.now(dt.UTC)}
        conn.execute(
            insert(assignments_t),
            [
                {"article_id": first, "coder_id": ids["alice"], "batch": "w1", **mark},
                {"article_id": first, "coder_id": ids["bob"], "batch": "w2", **mark},
                {"article_id": three[1], "coder_id": ids["bob"], "batch": "w2", **mark},
            ],
        )
    an.apply(project, an.CreateEvent(an.SetRef(first, "alice")))
    bob = an.SetRef(first, "bob")
    an.apply(project, an.CreateEvent(bob))
    an.apply(project, an.CreateEvent(bob))
    an.apply(project, an.SetStatus(bob, SetStatus.DONE))
    gold = an.SetRef(three[1], "alice", SetKind.GOLD)
    an.apply(project, an.CreateEvent(gold))
    an.apply(project, an.SetStatus(gold, SetStatus.DONE))

    def seen(coder: str) -> list[tuple[SetStatus, int, str | None]]:
        return [(r.status, r.events, r.batch) for r in ws.article_rows(project, coder, three)]

    nothing = (SetStatus.NOT_STARTED, 0, None)
    assert seen("alice") == [(SetStatus.IN_PROGRESS, 1, "w1"), nothing, nothing]
    assert seen("bob") == [(SetStatus.DONE, 2, "w2"), (SetStatus.NOT_STARTED, 0, "w2"), nothing]
    assert seen("nobody") == [nothing] * 3
    assert [ws.done_count(project, c) for c in ("alice", "bob", "nobody")] == [0, 1, 0]
    assert ws.next_article(project, "bob", None) == three[1] and ws.next_article(project, "alice", None) == first


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("tear gas", [0]),
        ("TEAR", [0]),
        ("100%", [0]),
        ("i_x", [1]),
        ("الخرطوم", [2]),
        ("title n2", [1]),
        ("nothing like this", []),
        ("  ", [0, 1, 2]),
    ],
)
def test_search_title_and_text(project, three, term, expected) -> None:  # type: ignore[no-untyped-def]
    assert ws.article_ids(project, "alice", ws.ArticleQuery(search=term)) == [three[i] for i in expected]


def test_progress_and_next_article(project, three) -> None:  # type: ignore[no-untyped-def]
    assert ws.progress(project, "alice") == ws.Progress(0, 3)
    assert ws.next_article(project, "alice", None) == three[0]
    assert ws.next_article(project, "alice", three[0]) == three[1]
    an.apply(project, an.SetStatus(an.SetRef(three[1], "alice"), SetStatus.DONE))
    assert ws.progress(project, "alice") == ws.Progress(1, 3)
    assert ws.next_article(project, "alice", three[0]) == three[2]
    # Wraps round past the end.
    assert ws.next_article(project, "alice", three[2]) == three[0]
    for i in (0, 2):
        an.apply(project, an.SetStatus(an.SetRef(three[i], "alice"), SetStatus.DONE))
    assert ws.next_article(project, "alice", three[2]) is None
    assert ws.progress(project, "alice") == ws.Progress(3, 3)


def test_load_article_and_coding(project, three) -> None:  # type: ignore[no-untyped-def]
    doc = ws.load_article(project, three[2])
    assert doc is not None and doc.text.startswith("تظاهر") and doc.source == "Test wire"
    assert ws.load_article(project, 999) is None
    ref = an.SetRef(three[0], "alice")
    an.apply(project, an.AddSpan(ref, 7, 12, "action"))
    an.apply(project, an.AddSpan(ref, 0, 6, "actor"))
    an.apply(project, an.CreateEvent(ref))
    an.apply(project, an.LinkEvidence(ref, "e1", "actor1", "s2"))
    opened, state = ws.open_for_coding(project, ref)  # what opening the article reads
    assert opened == ws.load_article(project, three[0])
    assert {s[0]: s[1:] for s in state.spans} == {"s2": (0, 6, "actor"), "s1": (7, 12, "action")}
    assert state.events[0].evidence == {"actor1": ("s2",)}
    # The screen reads the two halves apart (the text first): the same annotations.
    assert ws.coding_rows(project, ref) == state
    assert ws.coding_rows(project, an.SetRef(three[1], "alice")).status is SetStatus.NOT_STARTED
    assert ws.article_exists(project, three[2]) and not ws.article_exists(project, 999)


def test_fill_values(codebook) -> None:  # type: ignore[no-untyped-def]
    published = dt.date(2024, 6, 5)  # a Wednesday
    assert ws.fill_values(codebook, "actor1", " Police\nof Sudan ", "", published) == {"actor1": "Police of Sudan"}
    assert ws.fill_values(codebook, "event_date", "2024-06-03", None, None) == {
        "event_date": dt.date(2024, 6, 3),
        "time_precision": 1,
    }
    monday = ws.fill_values(codebook, "event_date", "Monday", None, published)
    assert monday == {"event_date": dt.date(2024, 6, 3), "time_precision": 1}
    assert ws.fill_values(codebook, "fatalities", "killed 12 people", None, published) == {"fatalities": 12}
    assert ws.fill_values(codebook, "fatalities", "killed two people", None, published) == {"fatalities": 2}
    assert ws.fill_values(codebook, "fatalities", "قتل ٣ أشخاص", None, published) == {"fatalities": 3}
    assert ws.fill_values(codebook, "fatalities", "several", None, published) == {}
    assert ws.fill_values(codebook, "country", "Sudan", "", published) == {"country": "Sudan"}
    assert ws.fill_values(codebook, "country", "Narnia", "", published) == {}
    assert ws.fill_values(codebook, "assoc_actor_1", "Students", "Teachers", published) == {
        "assoc_actor_1": "Teachers; Students"
    }
    assert ws.fill_values(codebook, "assoc_actor_1", "Teachers", "Teachers", published) == {}
    assert ws.fill_values(codebook, "inter1", "police", None, published) == {}


def test_event_from_spans(codebook) -> None:  # type: ignore[no-untyped-def]
    spans = [
        an.SpanInfo("s1", 0, 6, "actor", "Police"),
        an.SpanInfo("s2", 10, 20, "action", "fired tear gas"),
        an.SpanInfo("s3", 21, 31, "actor", "protesters"),
        an.SpanInfo("s4", 35, 40, "location", "Juba"),
        an.SpanInfo("s5", 41, 47, "date", "Monday"),
        an.SpanInfo("s6", 50, 60, "actor", "students"),
        an.SpanInfo("s7", 61, 70, "actor", "teachers"),
        an.SpanInfo("s8", 71, 75, "weapon", "guns"),
    ]
    values, evidence = ws.event_from_spans(codebook, spans, dt.date(2024, 6, 5))
    assert values == {
        "actor1": "Police",
        "actor2": "protesters",
        "location": "Juba",
        "event_date": dt.date(2024, 6, 3),
        "time_precision": 1,
        "assoc_actor_1": "students; teachers",
    }
    assert evidence == {
        "actor1": ["s1"],
        "sub_event_type": ["s2"],
        "actor2": ["s3"],
        "location": ["s4"],
        "event_date": ["s5"],
        "assoc_actor_1": ["s6", "s7"],
    }
