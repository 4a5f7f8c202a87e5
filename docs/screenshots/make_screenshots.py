"""Regenerate the README screenshots: python docs/screenshots/make_screenshots.py

Renders the window offscreen (as ``annotator screenshot --demo`` does) in the light and dark
themes, and an Arabic article; the agreement report; the review screen in light, dark and on the
Arabic sample coded by three coders. The shipped samples code only the first article, so before the
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


def _import_three(url: str) -> None:
    """The three coders' article of the adjudication tests (agreements and disagreements)."""
    from annotator.services.importing import import_paths
    from tests.fixtures import adjudication

    project = open_project(url)
    try:
        path = Path(url.removeprefix("sqlite:///")).with_suffix(".jsonl")
        path.write_text(adjudication.jsonl(), encoding="utf-8")
        import_paths(project, [path])
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


# Three coders' versions of the Arabic sample for the review shot: (text, label) per coder, with
# one span only some marked, one under another label, and one with other edges.
ARABIC_CODERS = {
    "amal": (("قوات الأمن", "actor"), ("خمسة ناشطين", "actor"), ("الخرطوم", "location"), ("يوم الاثنين", "date")),
    "ben": (("قوات الأمن", "actor"), ("ناشطين", "actor"), ("الخرطوم", "location"), ("يوم الاثنين", "date")),
    "chen": (("قوات الأمن", "actor"), ("خمسة ناشطين", "actor"), ("يوم الاثنين", "action"), ("اعتقلت", "action")),
}


def code_arabic_three(url: str) -> str:
    """The Arabic sample coded by three coders who partly disagree, each done; returns its id."""
    from annotator.domain.models import SetStatus

    project = open_project(url)
    try:
        with project.engine.connect() as conn:
            article_id = article_ids(conn, [ARABIC])[ARABIC]
            text = conn.exec_driver_sql("SELECT text FROM articles WHERE id = ?", (article_id,)).scalar()
        for n, (coder, spans) in enumerate(ARABIC_CODERS.items()):
            ref = an.SetRef(article_id, coder)
            for needle, label in spans:
                start = text.find(needle)
                if start >= 0:
                    an.apply(project, an.AddSpan(ref, start, start + len(needle), label))
            an.apply(
                project,
                an.CreateEvent(
                    ref,
                    values=(
                        ("event_type", "Strategic developments" if n < 2 else "Protests"),
                        ("sub_event_type", "Arrests" if n < 2 else "Protest with intervention"),
                        ("country", "Sudan"),
                        ("actor1", "Police Forces of Sudan"),
                        ("inter1", 1),
                        ("location", "Khartoum"),
                        ("event_date", "2024-07-01"),
                        ("time_precision", 1),
                        ("fatalities", 0 if n == 0 else None),
                    ),
                ),
            )
            an.apply(project, an.SetStatus(ref, SetStatus.DONE))
        return ARABIC
    finally:
        project.close()


def review(url: str, theme: str, article: str, name: str) -> None:
    """Review > Review articles… on ``article``: the reviewer has taken what all agree on, and the
    first field still to decide is chosen."""
    from PySide6.QtWidgets import QApplication

    from annotator.services.assignment import article_id
    from annotator.ui.common.tasks import TaskRunner
    from annotator.ui.common.theme import apply_theme, resolve
    from annotator.ui.review.install import ReviewWindow
    from annotator.ui.review.screen import ReviewScreen

    app = QApplication.instance() or QApplication(["annotator"])
    assert isinstance(app, QApplication)
    project = open_project(url)
    try:
        apply_theme(app, resolve(theme))
        screen = ReviewScreen(project, "rita", TaskRunner(synchronous=True))
        screen.set_theme(resolve(theme))
        window = ReviewWindow(screen)
        window.resize(1366, 768)
        window.show()
        screen.load_queue()
        screen.open_article(article_id(project, article))
        if screen.view is not None and not screen.view.gold.spans:
            screen.accept_all_agreed()
        screen.step(1)
        for _ in range(3):
            app.processEvents()
        window.grab().save(str(HERE / f"{name}.png"))
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
        three = f"sqlite:///{Path(tmp) / 'review.db'}"
        _import_three(three)
        review(three, "light", "adj-1", "review-light")
        review(three, "dark", "adj-1", "review-dark")
        arabic = f"sqlite:///{Path(tmp) / 'arabic.db'}"  # the samples again, without the demo coder's work
        load_demo(arabic)
        review(arabic, "light", code_arabic_three(arabic), "review-arabic")
    sys.stdout.write(f"Wrote the screenshots to {HERE}\n")


if __name__ == "__main__":
    main()
