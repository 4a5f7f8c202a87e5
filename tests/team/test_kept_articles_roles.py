"""Reopening an article from memory (services/kept_articles) under coders' own logins: row-level
security decides what is read, and the check that the spans are still as kept sees the edits
another window of the same coder made meanwhile."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.services import annotate as an
from annotator.services.kept_articles import KeptArticles

TEXT = "Protesters 🪧 gathered in Juba.\nقوات الأمن في الخرطوم.\nPolice arrived later."


def _open(kept: KeptArticles, project, ref: an.SetRef):  # type: ignore[no-untyped-def]
    doc, from_memory = kept.article(project, ref.article_id)
    assert doc is not None
    rows, index, _u16 = kept.annotations(project, ref, doc)
    return from_memory, rows, [(s.start, s.end, s.label) for s in index.in_order()]


def test_a_coder_reopens_from_memory_and_sees_their_own_other_windows_edits(team_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    coders, article = team_server.one_article_for_two_coders(TEXT, tmp_path)  # both code it, blind
    one, two = (team_server.open_as(name) for name in coders)
    mine, theirs = an.SetRef(article, coders[0]), an.SetRef(article, coders[1])
    juba = TEXT.index("Juba")
    an.apply(one, an.AddSpan(mine, juba, juba + 4, "location"))
    an.apply(two, an.AddSpan(theirs, 0, 10, "actor"))

    kept = KeptArticles()
    assert _open(kept, one, mine)[0::2] == (False, [(juba, juba + 4, "location")])  # only their own
    other_window = team_server.open_as(coders[0])  # the same coder, another window
    an.apply(other_window, an.AddSpan(mine, TEXT.index("Police"), TEXT.index("Police") + 6, "actor"))
    from_memory, rows, spans = _open(kept, one, mine)
    assert from_memory and spans == [
        (juba, juba + 4, "location"),
        (TEXT.index("Police"), TEXT.index("Police") + 6, "actor"),
    ]
    # The versions handed to the window are the new ones: an edit from them is not refused.
    an.apply(one, an.DeleteSpan(mine, "s2", rows.span_versions["s2"]))
    assert _open(kept, one, mine)[2] == [(juba, juba + 4, "location")]
    # What was kept before another window's edit is not what this window edits against: the
    # version it is handed is the new one, and an edit naming the old one is refused, not written over.
    held = _open(kept, one, mine)[1].span_versions["s1"]
    an.apply(other_window, an.RelabelSpan(mine, "s1", "actor", version=held))
    assert _open(kept, one, mine)[1].span_versions["s1"] == held + 1
    with pytest.raises(an.ConflictError, match="span s1 was changed elsewhere"):
        an.apply(one, an.RelabelSpan(mine, "s1", "date", version=held))
    # And the other coder's spans, on the same article, were never in this coder's reads.
    assert _open(KeptArticles(), two, theirs)[2] == [(0, 10, "actor")]
