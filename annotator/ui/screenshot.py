"""Render the main window offscreen to a PNG, with an article's spans and events showing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def render(
    url: str,
    path: str | Path,
    *,
    article: str | None = None,
    size: tuple[int, int] = (1440, 900),
    theme: str = "light",
    coder: str | None = None,
    codebook: str | Path | None = None,
    suggestions: bool = False,
) -> Path:
    """Draw the window for ``article`` (an id or external id; default: the first coded one).

    ``suggestions``: wait for the article's suggestions and show their dashed marks (the first
    time this builds the gazetteer, seconds); otherwise they are switched off for the picture."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from annotator.domain.errors import UserError
    from annotator.ui.common.settings import Settings
    from annotator.ui.common.theme import apply_theme, resolve
    from annotator.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(["annotator"])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        # A throw-away settings file: a screenshot neither reads nor changes the user's layout.
        settings = Settings(str(Path(tmp) / "screenshot.ini"))
        settings.set("view/theme", theme)
        settings.set("view/suggestions", suggestions)
        window = MainWindow(url, codebook=codebook, settings=settings, synchronous=True)
        try:
            window.resize(*size)
            apply_theme(app, resolve(theme))
            window.theme = resolve(theme)
            window.load()
            if window.project is None:
                raise UserError(window.coding.opening.text())
            article_id, best_coder = _pick(window.project, article)
            if coder or best_coder:
                window.set_coder(coder or best_coder or settings.coder)
            window.coding.controller.open_article(article_id)
            window.show()
            layer = window.coding.suggestions
            if suggestions and layer is not None and not layer.wait(120):
                raise UserError("the suggestions did not arrive in time")
            _stage(window)
            for _ in range(3):
                app.processEvents()
            out = Path(path)
            out.parent.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(out), "PNG"):
                raise UserError(f"cannot write {out}")
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
    return out


def _pick(project: object, article: str | None) -> tuple[int, str | None]:
    """The article to show and the coder whose annotations it has most of."""
    from sqlalchemy import func, select

    from annotator.domain.errors import UserError
    from annotator.store.repository import articles_t, coders_t, sets_t, spans_t

    engine = project.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        if article is None:
            row = conn.execute(
                select(sets_t.c.article_id)
                .join(spans_t, spans_t.c.set_id == sets_t.c.id)
                .order_by(sets_t.c.article_id)
                .limit(1)
            ).first()
            if row is None:
                row = conn.execute(select(articles_t.c.id).order_by(articles_t.c.id).limit(1)).first()
        else:
            row = conn.execute(select(articles_t.c.id).where(articles_t.c.external_id == article)).first()
            if row is None and article.isdigit():
                row = conn.execute(select(articles_t.c.id).where(articles_t.c.id == int(article))).first()
        if row is None:
            raise UserError(f"no article '{article}' in the database" if article else "the database has no articles")
        article_id = int(row[0])
        best = conn.execute(
            select(coders_t.c.name, func.count(spans_t.c.id).label("n"))
            .join(sets_t, sets_t.c.coder_id == coders_t.c.id)
            .outerjoin(spans_t, spans_t.c.set_id == sets_t.c.id)
            .where(sets_t.c.article_id == article_id)
            .group_by(coders_t.c.name)
            .order_by(func.count(spans_t.c.id).desc())
            .limit(1)
        ).first()
    return article_id, (str(best[0]) if best else None)


def _stage(window: object) -> None:
    """Show what a coder sees mid-work: the first event open, one of its evidence spans selected."""
    from annotator.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    controller, view = window.coding.controller, window.coding.view
    if controller.events:
        event = controller.events[0]
        controller.select_event(event.key)
        keys = [k for ks in event.evidence.values() for k in ks]
        if keys:
            controller.select_span(keys[0])
    view.moveCursor(view.textCursor().MoveOperation.Start)
