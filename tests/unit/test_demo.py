"""annotator demo opens as the samples' coder, so the coded sample shows as done, as in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from annotator.domain.models import SetStatus
from annotator.services import workspace
from annotator.services.demo import demo_coder, load_demo
from annotator.services.project import open_project


def test_the_demo_coder_sees_the_coded_sample_as_done(db_url: str) -> None:
    load_demo(db_url)
    coder = demo_coder()
    assert coder == "demo"  # who coded resources/samples/articles.jsonl
    project = open_project(db_url)
    try:
        ids = workspace.article_ids(project, coder)
        rows = {r.external_id: r for r in workspace.article_rows(project, coder, ids)}
        assert len(rows) == 7
        coded = [r for r in rows.values() if r.status != SetStatus.NOT_STARTED]
        assert [(r.status, r.events > 0) for r in coded] == [(SetStatus.DONE, True)]
        assert workspace.progress(project, coder).done == 1
        # Anyone else (the operating-system user the demo used to open as) sees nothing started.
        others = workspace.article_rows(project, "someone-else", ids)
        assert {r.status for r in others} == {SetStatus.NOT_STARTED}
        assert workspace.progress(project, "someone-else").done == 0
    finally:
        project.close()


def test_the_demo_command_opens_the_window_as_the_samples_coder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import annotator.ui.launch

    opened: list[tuple[str, str | None]] = []

    def fake_launch(url: str, *, codebook: object = None, coder: str | None = None) -> int:
        opened.append((url, coder))
        return 0

    monkeypatch.setattr(annotator.ui.launch, "launch", fake_launch)
    assert main(["demo", "--db", str(tmp_path / "demo.db")]) == 0
    assert [coder for _, coder in opened] == ["demo"]
    assert "Coding as 'demo'" in capsys.readouterr().out
