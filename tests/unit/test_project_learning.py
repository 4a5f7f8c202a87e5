"""What the suggestion engine learns from a project's database (issue #13), on SQLite and PostgreSQL:
the coders' evidence texts for actors, the coded events' sentences, the project's date order, and
the CLI that sets and uses it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.domain.errors import UserError
from annotator.services import annotate as an
from annotator.services.project_learning import (
    date_order,
    learning_stamp,
    parse_date_order,
    project_learning,
    set_date_order,
)
from annotator.services.suggestions import Assistant
from tests.unit.test_annotate import add_article

TEXT = (
    "DHAKA — Rioters burned two buses in Dhaka on 12/03, police said.\n"
    "Later BNP activists blocked the highway near Savar. Nobody was hurt."
)


def code_event(project, article: int, actor: str, evidence: str, sub: str, event_type: str) -> None:  # type: ignore[no-untyped-def]
    """A coder tags ``evidence`` as an actor and links it to actor1 of a new event."""
    ref = an.SetRef(article, "alice")
    start = TEXT.index(evidence)
    _inverse, changes = an.apply(project, an.AddSpan(ref, start, start + len(evidence), "actor"))
    (span,) = changes.spans
    an.apply(
        project,
        an.CreateEvent(
            ref,
            values=(("actor1", actor), ("inter1", 5), ("country", "Bangladesh"), ("event_type", event_type),
                    ("sub_event_type", sub)),
            evidence=(("actor1", (span,)),),
        ),
    )  # fmt: skip


def test_evidence_texts_and_sentences_are_learnt(project) -> None:  # type: ignore[no-untyped-def]
    article = add_article(project, "bd1", TEXT)
    before = learning_stamp(project)
    code_event(project, article, "Rioters (Bangladesh)", "BNP activists", "Violent demonstration", "Riots")
    assert learning_stamp(project) != before
    learning = project_learning(project)
    assert ("Rioters (Bangladesh)", 5) in learning.actors
    assert [(a.text, a.actor, a.type_code, a.country) for a in learning.aliases] == [
        ("BNP activists", "Rioters (Bangladesh)", 5, "Bangladesh")
    ]
    # The evidence's sentence, not the whole article.
    assert [(e.text, e.sub_event_type) for e in learning.examples] == [
        ("Later BNP activists blocked the highway near Savar", "Violent demonstration")
    ]
    assert learning.project  # the project's id names its model file
    assert learning.digest() != project_learning(project, max_examples=0).digest()


def test_the_date_order_is_the_projects_setting(project) -> None:  # type: ignore[no-untyped-def]
    with project.engine.connect() as conn:
        assert date_order(conn) is None
    set_date_order(project, True)
    set_date_order(project, False)  # changed, not added twice
    with project.engine.connect() as conn:
        assert date_order(conn) is False
    assert project_learning(project).day_first is False
    set_date_order(project, None)
    with project.engine.connect() as conn:
        assert date_order(conn) is None
    with pytest.raises(UserError, match="not a date order"):
        parse_date_order("yesterday-first")


def test_the_assistant_reads_dates_in_the_projects_order(sqlite_project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    add_article(sqlite_project, "bd1", TEXT, published=dt.date(2024, 6, 5))

    def date_of(assistant: Assistant) -> tuple[str, str]:
        found = next(s for s in assistant.suggest_text(TEXT, dt.date(2024, 6, 5)) if s.label == "date")
        return found.value["event_date"], found.value["rule"]

    cache = Path(__import__("tempfile").gettempdir()) / "annotator-test-gazetteer"
    assert "ambiguous" in date_of(Assistant(sqlite_project, cache=cache))[1]
    set_date_order(sqlite_project, False)
    assert date_of(Assistant(sqlite_project, cache=cache))[0] == "2023-12-03"
    # Given for one run, the order wins over the setting.
    assert date_of(Assistant(sqlite_project, cache=cache, day_first=True, date_order_given=True))[0] == "2024-03-12"


def test_cli_keeps_the_date_order_and_reads_with_it(sqlite_url: str, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from annotator.services.project import open_project

    project = open_project(sqlite_url)
    add_article(project, "bd1", TEXT, published=dt.date(2024, 6, 5))
    project.close()
    monkeypatch.setenv("XDG_CACHE_HOME", str(Path(__import__("tempfile").gettempdir()) / "annotator-test-xdg"))
    args = ["suggest", "--article", "bd1", "--json", "--db", sqlite_url]
    assert main([*args, "--date-order", "day-first", "--keep"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    date = next(s for s in rows[0]["suggestions"] if s["label"] == "date")
    assert (date["value"]["event_date"], date["value"]["rule"]) == ("2024-03-12", "numeric day/month")
    project = open_project(sqlite_url)
    with project.engine.connect() as conn:
        assert date_order(conn) is True  # kept: later runs read it so without being told
    project.close()
    assert main(["suggest", "--all", "--keep", "--db", sqlite_url]) != 0
    assert "--keep stores the order" in capsys.readouterr().err
