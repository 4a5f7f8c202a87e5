"""The suggestion process learns the project's coding again when it changes (issue #13): the coder's
new evidence text is suggested in the next pass, with no new window or process."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.services import suggestion_process
from annotator.services.suggestion_process import RemoteAssistant
from tests.unit.test_annotate import add_article
from tests.unit.test_project_learning import TEXT, code_event

CACHE = Path(tempfile.gettempdir()) / "annotator-test-gazetteer"


@pytest.fixture
def child() -> Iterator[None]:
    suggestion_process.stop()
    yield
    suggestion_process.stop()


def test_new_coding_is_learnt_by_the_running_process(sqlite_project, child) -> None:  # type: ignore[no-untyped-def]
    article = add_article(sqlite_project, "bd1", TEXT)
    assistant = RemoteAssistant(sqlite_project, cache=CACHE)

    def cadres() -> list[tuple[str, float]]:
        found = assistant.suggest_text("In Dhaka, Bangladesh, BNP activists blocked a road.", dt.date(2024, 6, 5))
        return [(s.value["name"], s.confidence) for s in found if s.label == "actor" and s.text == "BNP activists"]

    assert cadres() == []
    assert not assistant.relearn(force=True)  # nothing coded since: nothing to learn
    code_event(sqlite_project, article, "Rioters (Bangladesh)", "BNP activists", "Violent demonstration", "Riots")
    assert assistant.relearn(force=True)
    assert cadres() == [("Rioters (Bangladesh)", 0.9)]
    assert suggestion_process.child_pid() is not None
