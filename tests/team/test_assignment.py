"""Assignment: k distinct coders per article, equal shares, the same for the same seed, nothing twice."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.cli import main
from annotator.domain.models import Role
from annotator.services import annotate as an
from annotator.services import assignment
from annotator.services.importing import import_paths
from annotator.services.project import open_project
from annotator.services.team import add_member
from annotator.store.repository import assignments_t, coders_t


def _articles(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text(
        "".join(json.dumps({"id": f"a{i:03}", "text": f"Article number {i}."}) + "\n" for i in range(n)),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def team(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    project = open_project(db_url)
    import_paths(project, [_articles(tmp_path, 100)])
    for name in ("amal", "bilal", "chen", "dana"):
        add_member(project, name, Role.CODER) if project.engine.dialect.name == "sqlite" else _pg_coder(project, name)
    yield project
    project.close()


def _pg_coder(project, name: str) -> None:  # type: ignore[no-untyped-def]
    # Coders without logins (the rows a server's team add makes, minus the login): enough to assign.
    with project.engine.begin() as conn:
        conn.execute(coders_t.insert().values(name=name, role="coder"))


def _pairs(project) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    with project.engine.connect() as conn:
        return sorted(
            conn.execute(
                select(assignments_t.c.article_id, coders_t.c.name).join(
                    coders_t, coders_t.c.id == assignments_t.c.coder_id
                )
            ).all()
        )


def test_each_article_gets_k_distinct_coders_in_equal_shares(team) -> None:  # type: ignore[no-untyped-def]
    done = assignment.assign(team, ["amal", "bilal", "chen"], 2, batch="w1", seed=5)
    assert sorted(done.per_coder.values()) == [66, 67, 67]
    pairs = _pairs(team)
    coders_of: dict[int, list[str]] = defaultdict(list)
    for article, coder in pairs:
        coders_of[article].append(coder)
    assert len(coders_of) == 100 and all(len(set(c)) == len(c) == 2 for c in coders_of.values())
    # Pairings vary: all three pairs occur.
    assert len({tuple(sorted(c)) for c in coders_of.values()}) == 3
    again = assignment.assign(team, ["amal", "bilal", "chen"], 2, batch="w1", seed=5)
    assert again.pairs == [] and again.already_full == 100
    assert _pairs(team) == pairs


def test_the_same_seed_gives_the_same_assignment(db_url: str, fresh_db_url, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    results = []
    for url, seed in ((db_url, 11), (fresh_db_url(), 11), (fresh_db_url(), 12)):
        project = open_project(url)
        try:
            import_paths(project, [_articles(tmp_path, 30)])
            for name in ("amal", "bilal", "chen", "dana", "eve"):
                with project.engine.begin() as conn:
                    conn.execute(coders_t.insert().values(name=name, role="coder"))
            plan = assignment.assign(project, ["amal", "bilal", "chen", "dana", "eve"], 3, seed=seed)
            results.append(plan.pairs)
            assert max(plan.per_coder.values()) - min(plan.per_coder.values()) <= 1
        finally:
            project.close()
    assert results[0] == results[1] and results[0] != results[2]


def test_top_up_selection_and_preview(team, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = tmp_path / "ids.txt"
    ids.write_text("# the first ten\n" + "".join(f"a{i:03}\n" for i in range(10)), encoding="utf-8")
    selection = assignment.Selection(ids=assignment.read_ids_file(ids))
    preview = assignment.plan(team, ["amal", "bilal"], 1, selection=selection)
    assert preview.per_coder == {"amal": 5, "bilal": 5} and _pairs(team) == []  # a preview writes nothing
    assignment.assign(team, ["amal", "bilal"], 1, selection=selection, batch="b1")
    # Topping the same ten up to two coders adds one each, never one already there.
    topped = assignment.assign(team, ["amal", "bilal", "chen"], 2, selection=selection, batch="b2")
    assert len(topped.pairs) == 10
    coders_of: dict[int, list[str]] = defaultdict(list)
    for article, coder in _pairs(team):
        coders_of[article].append(coder)
    assert all(len(set(c)) == 2 for c in coders_of.values()) and len(coders_of) == 10
    limited = assignment.plan(team, ["dana"], 1, selection=assignment.Selection(limit=15))
    assert limited.articles == 15 and len(limited.pairs) == 5 and limited.already_full == 10


def test_unassign_keeps_started_work_unless_told(team) -> None:  # type: ignore[no-untyped-def]
    assignment.assign(team, ["amal"], 1, selection=assignment.Selection(limit=3), batch="x")
    with team.engine.connect() as conn:
        first = conn.scalar(select(func.min(assignments_t.c.article_id)))
    an.apply(team, an.AddSpan(an.SetRef(first, "amal"), 0, 7, "actor"))
    taken = assignment.unassign(team, ["amal"], batch="x")
    assert taken.removed == {"amal": 2} and taken.kept_started == {"amal": 1}
    assert assignment.unassign(team, ["amal"], include_started=True).removed == {"amal": 1}
    assert _pairs(team) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["assign", "--coders", "amal,zed"], "unknown coder(s): zed"),
        (["assign", "--coders", "amal,bilal", "--per-article", "3"], "cannot give each article 3 distinct coders"),
        (
            ["assign", "--coders", "amal", "--per-article", "1", "--ids", "IDS"],
            "IDS: 2 article id(s) are not in the database: 'nope', 'gone'",
        ),
        (["assign", "--coders", "amal", "--per-article", "1", "--status", "finished"], "'finished' is not a status"),
        (["team", "add", "fay", "--role", "leed"], "'leed' is not a role"),
        (["team", "set-role", "zed", "lead"], "there is no coder 'zed'"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_changes_nothing(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["import", str(_articles(tmp_path, 5)), "--db", sqlite_url]) == 0
    for name in ("amal", "bilal"):
        assert main(["team", "add", name, "--db", sqlite_url]) == 0
    ids = tmp_path / "ids.txt"
    ids.write_text("a001\nnope\ngone\n", encoding="utf-8")
    capsys.readouterr()
    argv = [str(ids) if a == "IDS" else a for a in argv]
    message = message.replace("IDS", str(ids))
    assert main([*argv, "--db", sqlite_url]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and err.startswith("annotator: ")
    project = open_project(sqlite_url)
    try:
        assert _pairs(project) == []
        with project.engine.connect() as conn:
            assert sorted(conn.scalars(select(coders_t.c.name))) == ["amal", "bilal"]
    finally:
        project.close()


def test_assign_and_team_commands(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["import", str(_articles(tmp_path, 9)), "--db", sqlite_url])
    for name, role in (("amal", "coder"), ("bilal", "coder"), ("rita", "reviewer")):
        assert main(["team", "add", name, "--role", role, "--db", sqlite_url]) == 0
    assert main(["assign", "--coders", "amal,bilal", "--per-article", "1", "--dry-run", "--db", sqlite_url]) == 0
    assert "Would assign 9 assignment(s) on 9 article(s): amal 5, bilal 4" in capsys.readouterr().out
    assert main(["assign", "--coders", "amal,bilal", "--per-article", "1", "--batch", "w1", "--db", sqlite_url]) == 0
    assert "Assigned 9 assignment(s)" in capsys.readouterr().out
    assert main(["team", "list", "--db", sqlite_url]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[1].split() == ["amal", "coder", "active", "5", "0"]
    assert listing[3].split() == ["rita", "reviewer", "active", "0", "0"]
    assert main(["team", "set-role", "amal", "lead", "--db", sqlite_url]) == 0
    assert main(["team", "disable", "bilal", "--db", sqlite_url]) == 0
    assert main(["team", "init", "--db", sqlite_url]) == 1
    assert "PostgreSQL" in capsys.readouterr().err
    assert main(["unassign", "--coders", "amal", "--db", sqlite_url]) == 0
    assert "Took back 5 assignment(s) (amal 5)." in capsys.readouterr().out


def test_progress_per_coder_and_per_day(team, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from annotator.services.team_progress import team_progress

    assignment.assign(team, ["amal", "bilal"], 1, selection=assignment.Selection(limit=6), batch="w1")
    assignment.assign(team, ["chen"], 1, selection=assignment.Selection(ids=("a050",)), batch="w2")
    with team.engine.connect() as conn:
        amal = sorted(
            conn.scalars(
                select(assignments_t.c.article_id)
                .join(coders_t, coders_t.c.id == assignments_t.c.coder_id)
                .where(coders_t.c.name == "amal")
            )
        )
    first, second = (an.SetRef(a, "amal") for a in amal[:2])
    an.apply(team, an.CreateEvent(first))
    an.apply(team, an.CreateEvent(first))
    an.apply(team, an.SetStatus(first, an.Status.DONE))
    an.apply(team, an.AddSpan(second, 0, 7, "actor"))
    progress = team_progress(team, batch="w1")
    lines = {c.coder: c for c in progress.coders}
    assert set(lines) == {"amal", "bilal"}
    assert (lines["amal"].assigned, lines["amal"].not_started, lines["amal"].in_progress, lines["amal"].done) == (
        3,
        1,
        1,
        1,
    )
    assert lines["amal"].events == 2 and lines["bilal"].not_started == 3
    (day,) = progress.per_day
    assert day.per_coder == {"amal": 1}
    everything = team_progress(team)
    assert {c.coder for c in everything.coders} == {"amal", "bilal", "chen"}
    # Reopening takes it off the day it was done.
    an.apply(team, an.SetStatus(first, an.Status.IN_PROGRESS))
    assert team_progress(team, batch="w1").per_day == []
    assert main(["progress", "--batch", "w1", "--json", "--db", team.url]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"] == {"assigned": 6, "done": 0} and data["coders"][0]["coder"] == "amal"
    assert main(["progress", "--db", team.url]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:2] == ["CODER", "ASSIGNED"] and table[1].split()[:2] == ["amal", "3"]


def test_progress_counts_no_not_started_article_for_a_coder_without_assignments(team) -> None:  # type: ignore[no-untyped-def]
    """View > Progress said "Not started 1" for a coder with 0 assigned: an article they opened
    and edited, then undid the edit, left a set that was back to not started."""
    assignment.assign(team, ["amal"], 1, selection=assignment.Selection(ids=("a001", "a002")), batch="w1")
    ids = _ids(team)
    undone = an.SetRef(ids["a010"], "dana")
    inverse, _changes = an.apply(team, an.AddSpan(undone, 0, 7, "actor"))
    an.apply(team, inverse)  # undo: the set is back to not started
    an.apply(team, an.AddSpan(an.SetRef(ids["a011"], "dana"), 0, 7, "actor"))
    an.apply(team, an.SetStatus(an.SetRef(ids["a012"], "chen"), an.Status.NOT_STARTED))
    lines = lines_of(team)
    dana = lines["dana"]
    assert (dana.assigned, dana.not_started, dana.in_progress, dana.done) == (0, 0, 1, 0)
    assert "chen" not in lines  # nothing assigned and nothing started: no line at all
    # An assigned article not yet started still counts, whatever other sets are left behind.
    an.apply(team, an.SetStatus(an.SetRef(ids["a001"], "amal"), an.Status.NOT_STARTED))
    an.apply(team, an.SetStatus(an.SetRef(ids["a013"], "amal"), an.Status.NOT_STARTED))
    amal = lines_of(team)["amal"]
    assert (amal.assigned, amal.not_started, amal.in_progress, amal.done) == (2, 2, 0, 0)


def lines_of(project):  # type: ignore[no-untyped-def]
    from annotator.services.team_progress import team_progress

    return {c.coder: c for c in team_progress(project).coders}


def _ids(project) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from annotator.store.repository import articles_t

    with project.engine.connect() as conn:
        return {r.external_id: r.id for r in conn.execute(select(articles_t.c.external_id, articles_t.c.id))}


def test_a_coders_queue(team) -> None:  # type: ignore[no-untyped-def]
    from annotator.services import workspace as ws

    assert not ws.has_queue(team, "amal")
    assignment.assign(team, ["amal"], 1, selection=assignment.Selection(ids=("a010", "a020", "a030")), batch="w1")
    assignment.assign(team, ["amal"], 1, selection=assignment.Selection(ids=("a040",)), batch="w2")
    assignment.assign(team, ["bilal"], 1, selection=assignment.Selection(ids=("a050",)), batch="w2")
    queue = ws.article_ids(team, "amal", ws.ArticleQuery(assigned_to="amal"))
    assert len(queue) == 4 and ws.has_queue(team, "amal")
    w1 = ws.article_ids(team, "amal", ws.ArticleQuery(assigned_to="amal", batch="w1"))
    assert w1 == queue[:3]
    rows = ws.article_rows(team, "amal", queue)
    assert [r.batch for r in rows] == ["w1", "w1", "w1", "w2"] and rows[0].external_id == "a010"
    assert (
        ws.article_rows(team, "amal", [ws.article_ids(team, "bilal", ws.ArticleQuery(assigned_to="bilal"))[0]])[0].batch
        is None
    )
    an.apply(team, an.SetStatus(an.SetRef(queue[1], "amal"), an.Status.DONE))
    # Ctrl+J: the next uncoded article of mine, skipping others' and my done ones, wrapping round.
    assert ws.next_article(team, "amal", queue[0], queue=True) == queue[2]
    assert ws.next_article(team, "amal", queue[3], queue=True) == queue[0]
    assert ws.next_article(team, "amal", queue[0]) == queue[0] + 1  # without the queue: any article
    done_filter = ws.article_ids(team, "amal", ws.ArticleQuery(status=an.Status.DONE, assigned_to="amal"))
    assert done_filter == [queue[1]]
    assert ws.batches(team) == ["w1", "w2"] and ws.batches(team, "bilal") == ["w2"]


def test_take_back_removes_exactly_what_one_assign_added(team) -> None:  # type: ignore[no-untyped-def]
    sel = assignment.Selection
    assignment.assign(team, ["amal"], 1, batch="w0", selection=sel(limit=10))
    before = _pairs(team)
    done = assignment.assign(team, ["amal", "bilal", "chen"], 2, batch="w1", selection=sel(limit=30), seed=3)
    # Articles 1-10 had amal already (in w0): they were only topped up, and keep amal after the undo.
    assert len(done.pairs) == 50 and len(_pairs(team)) == 60
    started = next(a for a, c in done.pairs if c == "bilal")
    an.apply(team, an.SetStatus(an.SetRef(started, "bilal"), an.Status.IN_PROGRESS))
    result = assignment.take_back(team, done)
    assert sum(result.removed.values()) == 49 and result.kept_started == {"amal": 0, "bilal": 1, "chen": 0}
    assert _pairs(team) == sorted([*before, (started, "bilal")])
