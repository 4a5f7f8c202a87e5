"""Review screen benchmark: a 1.5 MB article with 3 coders × 10,000 spans, against the coding screen
opening one coder's 10,000 spans of the same article, in the same run (target: at most 2x).

Both sides start from another (small) article and end when the event loop has painted what the
load made dirty: for the floor the coding window, for us the review screen (marks, event table).
"""

from __future__ import annotations

import random
import time

from tests.benchmarks.bench_ui import _app, _big_database, _big_text, _median_ms, _spans, _window
from tests.benchmarks.harness import Result, duration

OTHER_CODERS = ("bench2", "bench3")


def _with_two_more_coders() -> tuple[str, int]:
    """The coding benchmark's database, plus two coders who each marked 10,000 spans (a third of
    them where the first coder did), everyone done."""
    from sqlalchemy import insert, update

    from annotator.services.project import open_project
    from annotator.store import coding_rows
    from annotator.store import repository as repo
    from annotator.store.uow import transaction

    url, article_id, text = _big_database()
    project = open_project(url)
    try:
        with transaction(project.engine) as conn:
            if coding_rows.find_set(conn, article_id, OTHER_CODERS[0], "coder") is None:
                for n, coder in enumerate(OTHER_CODERS):
                    rng = random.Random(100 + n)
                    _big_text(rng)  # the same draws as the first coder's, then other spans
                    spans = _spans(text, rng)
                    set_id = coding_rows.create_set(conn, article_id, coder, "coder", "done")
                    conn.execute(
                        insert(repo.spans_t),
                        [
                            {"set_id": set_id, "key": f"s{i + 1}", "start_offset": s, "end_offset": e,
                             "label": label, "text": text[s:e]}
                            for i, (s, e, label) in enumerate(spans)
                        ],
                    )  # fmt: skip
                conn.execute(update(repo.sets_t).values(status="done"))
    finally:
        project.close()
    return url, article_id


def bench_open_review() -> Result:
    from annotator.services.project import open_project
    from annotator.ui.common.tasks import TaskRunner
    from annotator.ui.review.screen import ReviewScreen

    url, article_id = _with_two_more_coders()
    app = _app()
    window = _window(url)
    project = open_project(url)
    screen = ReviewScreen(project, "reviewer", TaskRunner(synchronous=True))
    screen.resize(window.size())
    screen.show()
    ours, floor = [], []
    try:
        for _ in range(5):
            window.coding.controller.open_article(article_id + 1)
            app.processEvents()
            t0 = time.perf_counter()
            window.coding.controller.open_article(article_id)
            app.processEvents()
            floor.append(time.perf_counter() - t0)
            screen.view = None  # a fresh open, as from the queue
            app.processEvents()
            t0 = time.perf_counter()
            screen.open_article(article_id)
            app.processEvents()
            ours.append(time.perf_counter() - t0)
            assert screen.view is not None and len(screen.view.coders) == 3
        positions = len(screen.view.positions)
    finally:
        window.close()
        screen.close()
        project.close()
    return duration(
        "open_review",
        _median_ms(ours),
        _median_ms(floor),
        note=f"3 coders x ~10,000 spans ({positions:,} distinct positions) vs the coding screen with one coder's "
        "10,000; median of 5, database to painted",
    )


def bench_review_queue() -> Result:
    """The review queue over the agreement benchmark's project (10,000 articles, 2 coders, all done):
    the ready articles read once and ranked by agreement's per-article measure, against the floor
    of raw sqlite3 fetching the same set, event and span rows, in the same run."""
    from annotator.services import adjudication as adj
    from annotator.services.project import open_project
    from tests.benchmarks.bench_agreement import N_ARTICLES, _floor, cached_database

    db = cached_database()
    project = open_project(str(db))
    try:
        adj.review_queue(project)  # imports and the first connection, as a running app has them
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            items = adj.review_queue(project)
            runs.append(time.perf_counter() - t0)
    finally:
        project.close()
    if len(items) != N_ARTICLES:
        raise AssertionError(f"queued {len(items)} articles, expected {N_ARTICLES}")
    floor, rows = min(_floor(db) for _ in range(3))
    return duration(
        "review_queue",
        min(runs),
        floor,
        note=f"{N_ARTICLES:,} ready articles x 2 coders ({rows:,} rows), ranked by disagreement; best of 3; "
        "floor = raw sqlite3 fetchall of the same rows",
    )


bench_review_queue.bench_name = "review_queue"  # type: ignore[attr-defined]

BENCHMARKS = [bench_open_review, bench_review_queue]
