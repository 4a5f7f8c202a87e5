"""Regenerate the README screenshots: python docs/screenshots/make_screenshots.py

Renders the window offscreen (as ``annotator screenshot --demo`` does) in the light and dark
themes, and an Arabic article. The shipped samples code only the first article, so before the
Arabic shot this script tags a few of its words and makes an event through the same services
commands the window runs when a coder presses keys.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotator.services import annotate as an
from annotator.services.demo import load_demo
from annotator.services.project import open_project
from annotator.store.repository import article_ids
from annotator.ui.screenshot import render

HERE = Path(__file__).resolve().parent
ARABIC = "sample-006"
# (text to find, label) tagged in the Arabic sample, then an event made from them.
ARABIC_SPANS = (
    ("قوات الأمن", "actor"),
    ("خمسة ناشطين", "actor"),
    ("الخرطوم", "location"),
    ("يوم الاثنين", "date"),
    ("اعتقلت", "action"),
)


def code_arabic(url: str) -> None:
    project = open_project(url)
    try:
        with project.engine.connect() as conn:
            article_id = article_ids(conn, [ARABIC])[ARABIC]
            text = conn.exec_driver_sql("SELECT text FROM articles WHERE id = ?", (article_id,)).scalar()
        ref = an.SetRef(article_id, "demo")
        keys = {}
        for needle, label in ARABIC_SPANS:
            start = text.find(needle)
            if start < 0:
                continue
            inverse, _ = an.apply(project, an.AddSpan(ref, start, start + len(needle), label))
            keys[label, needle] = inverse.commands[0].key if isinstance(inverse, an.Composite) else inverse.key
        evidence = {
            "actor1": [keys.get(("actor", "قوات الأمن"))],
            "actor2": [keys.get(("actor", "خمسة ناشطين"))],
            "location": [keys.get(("location", "الخرطوم"))],
            "event_date": [keys.get(("date", "يوم الاثنين"))],
            "sub_event_type": [keys.get(("action", "اعتقلت"))],
        }
        an.apply(
            project,
            an.CreateEvent(
                ref,
                values=(
                    ("event_type", "Strategic developments"),
                    ("sub_event_type", "Arrests"),
                    ("country", "Sudan"),
                    ("actor1", "Police Forces of Sudan"),
                    ("inter1", 1),
                    ("actor2", "Civilians (Sudan)"),
                    ("inter2", 7),
                    ("location", "Khartoum"),
                    ("admin1", "Khartoum"),
                    ("event_date", "2024-07-01"),
                    ("time_precision", 1),
                ),
                evidence=tuple((f, tuple(k for k in ks if k)) for f, ks in evidence.items() if any(ks)),
            ),
        )
    finally:
        project.close()


def agreement(folder: Path, theme: str) -> None:
    """Review > Agreement… on the three-coder articles of the agreement tests, Fields tab."""
    from PySide6.QtWidgets import QApplication

    from annotator.services.importing import import_paths
    from annotator.ui.common.tasks import TaskRunner
    from annotator.ui.common.theme import apply_theme, resolve
    from annotator.ui.review.agreement_view import AgreementWindow
    from tests.fixtures.agreement import three_coder_articles
    from tests.fixtures.interchange import write_jsonl

    app = QApplication.instance() or QApplication(["annotator"])
    assert isinstance(app, QApplication)
    project = open_project(f"sqlite:///{folder / f'agreement-{theme}.db'}")
    try:
        import_paths(project, [write_jsonl(folder / "three.jsonl", three_coder_articles())])
        apply_theme(app, resolve(theme))
        window = AgreementWindow(project, TaskRunner(synchronous=True), dark=theme == "dark")
        window.resize(1200, 720)
        window.show()
        window.measure()
        heat = window.heat
        window.heat.setCurrentCell(heat.rowCount() - 1, 0)  # location, amal / bruno: the articles behind it
        for _ in range(3):
            app.processEvents()
        window.grab().save(str(HERE / f"agreement-{theme}.png"))
        window.close()
    finally:
        project.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        load_demo(url)
        render(url, HERE / "workspace-light.png", theme="light")
        render(url, HERE / "workspace-dark.png", theme="dark")
        code_arabic(url)
        render(url, HERE / "workspace-arabic.png", article=ARABIC, theme="light")
        agreement(Path(tmp), "light")
    sys.stdout.write(f"Wrote the screenshots to {HERE}\n")


if __name__ == "__main__":
    main()
