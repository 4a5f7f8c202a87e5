"""annotator suggest and the suggestion service over the database (suggestions are never stored)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.cli import main
from annotator.services.demo import load_demo
from annotator.services.project import open_project
from annotator.services.suggestions import Assistant, project_actors, suggest_articles
from annotator.store.repository import spans_t


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("suggest") / "demo.db"
    load_demo(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gazetteer-cache")


def _run_json(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cache: Path
) -> list[dict]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    assert main(args) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_json_rows_for_one_article(demo_db: str, shared_cache: Path, capsys, monkeypatch) -> None:
    rows = _run_json(
        ["suggest", "--article", "sample-002", "--json", "--db", demo_db], capsys, monkeypatch, shared_cache
    )
    assert len(rows) == 1 and rows[0]["article"] == "sample-002"
    found = {(s["label"], s["text"]): s for s in rows[0]["suggestions"]}
    for s in rows[0]["suggestions"]:
        assert set(s) == {"start", "end", "label", "text", "value", "confidence"}
    place = found[("location", "Al-Malikiyah")]["value"]
    assert place["country"] == "Syria" and place["admin1"] == "Al Hasakeh" and place["iso"] == 760
    assert found[("date", "Sunday")]["value"]["event_date"] == "2024-05-19"
    assert found[("date", "Sunday")]["value"]["time_precision"] == 1
    patrol = found[("actor", "Russian patrol")]["value"]
    assert patrol["name"] == "Military Forces of Russia (2000-)" and patrol["type_code"] == 8
    assert found[("action", "drone strike")]["value"]["sub_event_type"] == "Air/drone strike"


def test_offsets_are_code_points_in_emoji_and_arabic_articles(
    demo_db: str, shared_cache: Path, capsys, monkeypatch
) -> None:
    rows = _run_json(["suggest", "--all", "--json", "--db", demo_db], capsys, monkeypatch, shared_cache)
    assert [r["article"] for r in rows] == [f"sample-00{i}" for i in range(1, 8)]
    project = open_project(demo_db)
    try:
        with project.engine.connect() as conn:
            from annotator.store.repository import articles_t

            texts = dict(conn.execute(select(articles_t.c.external_id, articles_t.c.text)).all())
            stored_spans = conn.scalar(select(func.count()).select_from(spans_t))
    finally:
        project.close()
    for r in rows:
        for s in r["suggestions"]:
            assert texts[r["article"]][s["start"] : s["end"]] == s["text"]
    emoji_article = {
        (s["label"], s["text"]): s for s in next(r for r in rows if r["article"] == "sample-005")["suggestions"]
    }
    assert emoji_article[("location", "Oaxaca de Juárez")]["value"]["country"] == "Mexico"
    assert emoji_article[("date", "Wednesday")]["value"]["event_date"] == "2024-02-21"
    arabic = [
        s for s in next(r for r in rows if r["article"] == "sample-006")["suggestions"] if s["label"] == "location"
    ]
    assert {s["value"]["country"] for s in arabic} == {"Sudan"} and len(arabic) >= 2
    assert stored_spans == 5  # only the coded sample's spans: suggestions are never stored


def test_unknown_article_is_a_clear_error(demo_db: str, shared_cache: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache))
    assert main(["suggest", "--article", "nope", "--db", demo_db]) == 1
    assert "no article with id 'nope'" in capsys.readouterr().err


def test_project_actors_feed_the_dictionary(demo_db: str, shared_cache: Path) -> None:
    project = open_project(demo_db)
    try:
        assert ("Protesters (Kenya)", 6) in project_actors(project)
        assistant = Assistant(project, cache=shared_cache)
        results = list(suggest_articles(assistant, ["sample-001"]))
        assert results[0].external_id == "sample-001"
        assert any(s.label == "location" and s.text == "Nakuru" for s in results[0].suggestions)
    finally:
        project.close()
