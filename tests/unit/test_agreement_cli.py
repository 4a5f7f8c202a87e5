"""annotator agreement: the worked example through JSONL import and --json; CSV and HTML reports; mistakes."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from annotator.cli import main
from tests.fixtures.agreement import PUBLISHED, worked_example_records
from tests.fixtures.interchange import write_jsonl


def _imported(tmp_path: Path, as_field: str) -> str:
    db = str(tmp_path / f"{as_field}.db")
    assert (
        main(["import", str(write_jsonl(tmp_path / f"{as_field}.jsonl", worked_example_records(as_field))), "--db", db])
        == 0
    )
    return db


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    capsys.readouterr()
    assert main(["agreement", "--json", "--resamples", "200", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_worked_example_through_import_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "--db", _imported(tmp_path, "event_type"))
    assert list(data) == ["coders", "articles", "events", "fields", "spans", "articles_by_disagreement"]
    assert data["coders"] == ["A", "B", "C", "D"]
    assert data["articles"] == 11
    assert set(data["events"]) == {"f1", "pairs"} and data["events"]["f1"] == 1.0
    assert len(data["events"]["pairs"]) == 6
    field = data["fields"]["event_type"]
    assert {"level", "alpha", "alpha_ci", "kappa", "percent", "units"} <= set(field)
    assert field["level"] == "nominal"
    assert round(field["alpha"], 3) == PUBLISHED["nominal"]
    assert field["units"] == 11 and len(field["alpha_ci"]) == 2
    assert field["kappa"] is None  # four coders: κ is for two
    assert data["fields"]["fatalities"]["alpha"] is None and data["fields"]["fatalities"]["units"] == 0
    assert {"exact_f1", "overlap_f1"} <= set(data["spans"]["actor"])
    worst = data["articles_by_disagreement"][0]
    assert worst["article"] == "unit-06"  # four coders, four different values


def test_fatalities_give_the_interval_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "--db", _imported(tmp_path, "fatalities"))
    assert round(data["fields"]["fatalities"]["alpha"], 3) == PUBLISHED["interval"]
    assert data["fields"]["fatalities"]["level"] == "interval"


def test_two_chosen_coders_get_kappa(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sklearn.metrics import cohen_kappa_score

    from tests.fixtures.agreement import WORKED_EXAMPLE

    data = _json(capsys, "--db", _imported(tmp_path, "event_type"), "--coders", "B,C")
    b, c = WORKED_EXAMPLE[1], WORKED_EXAMPLE[2]
    both = [(x, y) for x, y in zip(b, c, strict=True) if x is not None and y is not None]
    expected = cohen_kappa_score([x for x, _ in both], [y for _, y in both])
    assert data["coders"] == ["B", "C"]
    assert data["fields"]["event_type"]["kappa"] == pytest.approx(expected, abs=1e-4)
    assert data["fields"]["event_type"]["percent"] == pytest.approx(sum(x == y for x, y in both) / len(both), abs=1e-4)


def test_csv_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _imported(tmp_path, "event_type")
    out = tmp_path / "agreement.csv"
    assert main(["agreement", "--db", db, "--resamples", "50", "--csv", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    overall = next(r for r in rows if r["section"] == "field" and r["item"] == "event_type" and r["coder_a"] == "(all)")
    assert round(float(overall["alpha"]), 3) == PUBLISHED["nominal"]
    assert float(overall["alpha_low"]) < float(overall["alpha"]) < float(overall["alpha_high"])
    assert sum(r["section"] == "events" for r in rows) == 6
    assert sum(r["section"] == "article" for r in rows) == 11


def test_html_report_is_one_self_contained_file(tmp_path: Path) -> None:
    db = _imported(tmp_path, "event_type")
    out = tmp_path / "agreement.html"
    assert main(["agreement", "--db", db, "--resamples", "50", "--html", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<svg" in page and "<table>" in page and "<style>" in page
    # Nothing to fetch: no scripts, stylesheets, images or fonts from elsewhere (the SVG namespace is a name).
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\(|src=", page)
    assert set(re.findall(r"https?://[^\"' )]+", page)) == {"http://www.w3.org/2000/svg"}
    assert "0.743" in page and "event_type" in page


def test_html_escapes_what_coders_typed(tmp_path: Path) -> None:
    from annotator.domain.agreement.report import AgreementReport, ArticleAgreement
    from annotator.formats.agreement_report import render_html

    article = ArticleAgreement("<b>x</b>", "<script>alert(1)</script>", 2, 0.5, 0.5, None, None, 1, 0, 0)
    page = render_html(AgreementReport(("a<b", "c"), 1, (), {}, {}, (article,)))
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "a&lt;b" in page


def test_summary_in_the_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _imported(tmp_path, "event_type")
    capsys.readouterr()
    assert main(["agreement", "--db", db, "--resamples", "50", "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "11 article(s) coded by at least two of: A, B, C, D" in out
    assert re.search(r"event_type\s+nominal\s+0\.743", out)
    assert "unit-06" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--coders", "A"], 2, "at least two coders"),
        (["--json", "--html", "x.html"], 2, "not allowed with"),
        (["--match-threshold", "2"], 2, "between 0 and 1"),
        (["--from", "2024-13-01"], 2, "is not a date"),
        (["--coders", "A,Zed"], 1, "no coder called 'Zed'"),
        (["--status", "finished"], 1, "'finished' is not"),
        (["--from", "2024-06-30", "--to", "2024-06-01"], 1, "starts (2024-06-30) after it ends"),
    ],
)
def test_mistakes_get_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    db = _imported(tmp_path, "event_type")
    capsys.readouterr()
    try:
        result = main(["agreement", "--db", db, *args])
    except SystemExit as exc:  # argparse usage errors
        result = int(exc.code or 0)
    err = capsys.readouterr().err
    assert result == code
    assert message in err and "Traceback" not in err


def test_report_into_a_missing_folder_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _imported(tmp_path, "event_type")
    target = tmp_path / "nowhere" / "r.html"
    assert main(["agreement", "--db", db, "--resamples", "10", "--html", str(target)]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not target.parent.exists()
