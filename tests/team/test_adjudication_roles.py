"""Adjudication on a team server: reviewers write gold with provenance; coders read their notes only."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from annotator.domain.models import Role
from annotator.services import adjudication as adj
from annotator.services import annotate as an
from annotator.services.assignment import assign
from annotator.services.importing import import_paths

pytestmark = pytest.mark.postgres


def test_reviewer_adjudicates_and_coders_see_only_their_notes(team_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lead = team_server.add("lead", Role.LEAD)
    c1, c2 = team_server.add("c1", Role.CODER), team_server.add("c2", Role.CODER)
    reviewer = team_server.add("rev", Role.REVIEWER)
    as_lead = team_server.open_as(lead)
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a1", "text": "Police fired at teachers in Juba."}) + "\n", encoding="utf-8")
    import_paths(as_lead, [path])
    assign(as_lead, [c1, c2], 2)
    for name in (c1, c2):
        project = team_server.open_as(name)
        ref = an.SetRef(1, name)  # the only article
        an.apply(project, an.AddSpan(ref, 0, 6, "actor"))
        an.apply(project, an.SetStatus(ref, an.Status.DONE))
    as_reviewer = team_server.open_as(reviewer)
    (item,) = adj.review_queue(as_reviewer)
    view = adj.open_review(as_reviewer, item.article_id, reviewer)
    adj.decide(as_reviewer, view, adj.Decisions(view, reviewer).accept_all_agreed())
    adj.send_back(as_reviewer, adj.open_review(as_reviewer, item.article_id, reviewer), c1, "Tag Juba too.", reviewer)
    with psycopg.connect(team_server.plain_url_of(c1)) as conn:
        assert conn.execute("SELECT count(*) FROM provenance").fetchone()[0] == 0  # gold is not theirs to read
        assert conn.execute("SELECT note FROM review_notes").fetchall() == [("Tag Juba too.",)]
        with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
            conn.execute(
                "INSERT INTO review_notes (article_id, coder_id, note, sent_by, sent_at) "
                "SELECT 1, id, 'self-praise', 'me', now() FROM coders WHERE name = %s",
                (c1,),
            )
    with psycopg.connect(team_server.plain_url_of(c2)) as conn:
        assert conn.execute("SELECT count(*) FROM review_notes").fetchone()[0] == 0
    with psycopg.connect(team_server.plain_url_of(reviewer)) as conn:
        assert conn.execute("SELECT kind, origin, decided_by FROM provenance").fetchall() == [
            ("span", "accepted", reviewer)
        ]
    assert [n.note for n in adj.notes_for(team_server.open_as(c1), item.article_id, c1)] == ["Tag Juba too."]
