"""Teams without a server: pack -> code elsewhere -> import gives exactly the spans and events coded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.cli import main
from annotator.domain.errors import InputError
from annotator.services import annotate as an
from annotator.services import assignment
from annotator.services.importing import import_paths
from annotator.services.packs import _canonical, write_pack
from annotator.services.project import open_project
from annotator.store import repository as repo
from annotator.store.repository import assignments_t, coders_t
from tests.unit.test_annotate import TEXT

TEXTS = {
    "a1": TEXT,
    "a2": "Police fired tear gas at students in Juba on Monday, 12 June 2024.\r\nTwo were hurt. 😀",
    "a3": "مقتل شخصين في اشتباكات قرب حلب يوم الأحد.",
    "a4": "Farmers blocked the road to Kisumu.",
}


def _articles(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text(
        "".join(json.dumps({"id": k, "text": v}, ensure_ascii=False) + "\n" for k, v in TEXTS.items()),
        encoding="utf-8",
    )
    return path


def _ids(project: Any) -> dict[str, int]:
    with project.engine.connect() as conn:
        return repo.article_ids(conn, list(TEXTS))


def _sets(project: Any, coder: str) -> dict[str, Any]:
    with project.engine.connect() as conn:
        return {
            record.article.external_id: _canonical(s)
            for _aid, record in repo.iter_records(conn)
            for s in record.annotations
            if s.coder == coder
        }


def _text_of(project: Any, external_id: str) -> str:
    with project.engine.connect() as conn:
        return str(conn.scalar(select(repo.articles_t.c.text).where(repo.articles_t.c.external_id == external_id)))


@pytest.fixture
def server(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    project = open_project(db_url)
    import_paths(project, [_articles(tmp_path)])
    with project.engine.begin() as conn:
        conn.execute(coders_t.insert(), [{"name": "amal", "role": "coder"}, {"name": "bilal", "role": "coder"}])
    assignment.assign(project, ["amal"], 1, selection=assignment.Selection(ids=("a1", "a2", "a3")), batch="w1")
    assignment.assign(project, ["bilal"], 1, selection=assignment.Selection(ids=("a4",)), batch="w1")
    yield project
    project.close()


def test_pack_code_elsewhere_and_import_back(server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = _ids(server)
    an.apply(server, an.AddSpan(an.SetRef(ids["a1"], "amal"), 0, 10, "actor"))  # begun on the server
    written = write_pack(server, "amal", tmp_path / "amal.jsonl", batch="w1")
    assert (written.articles, written.sets) == (3, 1)
    header = json.loads((tmp_path / "amal.jsonl").read_text(encoding="utf-8").splitlines()[0])["annotator_pack"]
    assert header["coder"] == "amal" and header["codebook"]["version"] == 1

    laptop = open_project(f"sqlite:///{tmp_path / 'laptop.db'}")
    try:
        report = import_paths(laptop, [tmp_path / "amal.jsonl"])
        assert report.added == 3 and report.merged.adopted == header["project"]
        with laptop.engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(assignments_t)) == 3
        here = _ids(laptop)
        a1, a2 = an.SetRef(here["a1"], "amal"), an.SetRef(here["a2"], "amal")
        an.apply(laptop, an.AddSpan(a1, 30, 37, "location"))
        text2 = _text_of(laptop, "a2")
        police = (text2.index("Police"), text2.index("Police") + 6)
        juba = (text2.index("Juba"), text2.index("Juba") + 4)
        an.apply(laptop, an.AddSpan(a2, *police, "actor"))
        an.apply(laptop, an.AddSpan(a2, *juba, "location"))
        an.apply(laptop, an.AddSpan(a2, text2.index("😀"), text2.index("😀") + 1, "action"))
        an.apply(
            laptop,
            an.CreateEvent(
                a2,
                values=(("actor1", "Police"), ("location", "Juba"), ("country", "South Sudan"), ("fatalities", 0)),
                evidence=(("actor1", ("s1",)), ("location", ("s2",))),
            ),
        )
        an.apply(laptop, an.SetStatus(a2, an.Status.DONE))
        write_pack(laptop, "amal", tmp_path / "back.jsonl")
        coded = _sets(laptop, "amal")
    finally:
        laptop.close()

    report = import_paths(server, [tmp_path / "back.jsonl"])
    assert report.added == 0 and len(report.skipped) == 3
    assert [(o.external_id, o.coder) for o in report.merged.added] == [("a2", "amal")]
    assert [(o.external_id, o.reason) for o in report.merged.conflicts] == [("a1", "differs from the one here")]
    on_server = _sets(server, "amal")
    assert on_server["a2"] == coded["a2"] and on_server["a1"] != coded["a1"]

    report = import_paths(server, [tmp_path / "back.jsonl"], update_sets=True)
    assert [(o.external_id, o.coder) for o in report.merged.updated] == [("a1", "amal")]
    assert report.merged.conflicts == [] and report.merged.added == []
    assert _sets(server, "amal") == coded
    again = import_paths(server, [tmp_path / "back.jsonl"])
    assert again.merged.summary() == ""  # nothing differs any more


def test_a_done_set_is_not_replaced_and_a_changed_text_is_refused(server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = _ids(server)
    ref = an.SetRef(ids["a2"], "amal")
    an.apply(server, an.AddSpan(ref, 0, 6, "actor"))
    an.apply(server, an.SetStatus(ref, an.Status.DONE))
    pack = tmp_path / "amal.jsonl"
    write_pack(server, "amal", pack)
    lines = pack.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines[1:]]
    a2 = next(r for r in records if r["id"] == "a2")
    a2["annotations"][0]["spans"].append({"id": "s9", "start": 7, "end": 12, "label": "action"})
    edited = tmp_path / "edited.jsonl"
    edited.write_text(
        "\n".join([lines[0], *(json.dumps(r, ensure_ascii=False) for r in records)]) + "\n", encoding="utf-8"
    )
    report = import_paths(server, [edited])
    assert [(o.external_id, o.reason) for o in report.merged.conflicts] == [("a2", "marked done here")]

    a2["text"] = a2["text"].replace("Juba", "Wau")
    changed = tmp_path / "changed.jsonl"
    changed.write_text(
        "\n".join([lines[0], *(json.dumps(r, ensure_ascii=False) for r in records)]) + "\n", encoding="utf-8"
    )
    before = _sets(server, "amal")
    with pytest.raises(InputError, match="article 'a2' has a different text") as err:
        import_paths(server, [changed], update_sets=True)
    assert err.value.file == str(changed) and err.value.line is not None
    assert _sets(server, "amal") == before


def test_a_pack_from_another_project_is_refused(server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    other = open_project(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        import_paths(other, [_articles(tmp_path)])
        with other.engine.begin() as conn:
            conn.execute(coders_t.insert().values(name="amal", role="coder"))
        assignment.assign(other, ["amal"], 1)
        write_pack(other, "amal", tmp_path / "foreign.jsonl")
    finally:
        other.close()
    before = _everything(server)
    with pytest.raises(InputError, match="this pack is from another project"):
        import_paths(server, [tmp_path / "foreign.jsonl"])
    assert main(["import", str(tmp_path / "foreign.jsonl"), "--db", server.url]) == 1
    err = capsys.readouterr().err
    assert "foreign.jsonl: this pack is from another project" in err and err.count("\n") == 1
    assert _everything(server) == before  # nothing added, merged or assigned
    assert main(["pack", "--coder", "zed", "-o", str(tmp_path / "z.jsonl"), "--db", server.url]) == 1
    err = capsys.readouterr().err
    assert "unknown coder 'zed'" in err and err.count("\n") == 1 and not (tmp_path / "z.jsonl").exists()
    assert main(["pack", "--coder", "bilal", "-o", str(tmp_path / "b.jsonl"), "--db", server.url]) == 0
    assert "Wrote 1 article(s) for bilal" in capsys.readouterr().out


def _everything(project: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables an import or a pack could touch."""
    with project.engine.connect() as conn:
        return {
            t.name: sorted(tuple(r) for r in conn.execute(select(t)).all())
            for t in (repo.articles_t, repo.sets_t, repo.spans_t, repo.events_t, assignments_t, coders_t)
        }


def test_importing_a_set_again_is_no_conflict_though_its_events_were_numbered(db_url: str, tmp_path: Path) -> None:
    """A file's event without event_id_cnty gets one here (KEN1); the same file imported again is
    the same set, not "1 differing set" (every `annotator demo` after the first said so)."""
    event = {"id": "E1", "fields": {"event_type": "Protests", "country": "Kenya"}, "evidence": {"actor1": ["T1"]}}
    coded = {"coder": "amal", "kind": "coder", "status": "done", "spans": [], "events": [event]}
    coded["spans"] = [{"id": "T1", "start": 0, "end": 6, "label": "actor"}]
    path = tmp_path / "coded.jsonl"
    path.write_text(json.dumps({"id": "k1", "text": "Police fired.", "annotations": [coded]}) + "\n", "utf-8")
    project = open_project(db_url)
    try:
        import_paths(project, [path])
        with project.engine.connect() as conn:
            assert conn.scalar(select(repo.events_t.c.event_id_cnty)) == "KEN1"  # numbered on import
        again = import_paths(project, [path])
        assert again.summary().count("conflict") == 0 and not again.merged.conflicts
        event["fields"]["event_id_cnty"] = "KEN9"  # a file that gives another number does differ
        path.write_text(json.dumps({"id": "k1", "text": "Police fired.", "annotations": [coded]}) + "\n", "utf-8")
        assert [c.coder for c in import_paths(project, [path]).merged.conflicts] == ["amal"]
    finally:
        project.close()
