"""Rehearsing a first tag (annotate.rehearse) under coders' own logins: row-level security lets a
coder rehearse on their own set and refuses another coder's, and neither writes anything, nor
wakes another window (a notification sent in the rolled-back transaction is dropped with it)."""

from __future__ import annotations

from pathlib import Path

from annotator.services import annotate as an
from annotator.services.live import ChangeListener
from tests.hostile.common import fingerprint

TEXT = "😀 Protesters gathered in Juba.\nقوات الأمن في الخرطوم.\nPolice arrived later."


def test_a_coder_rehearses_on_their_own_set_only_and_nothing_is_stored(team_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    coders, article = team_server.one_article_for_two_coders(TEXT, tmp_path)  # both code it, blind
    one = team_server.open_as(coders[0])
    mine, theirs = an.SetRef(article, coders[0]), an.SetRef(article, coders[1])
    an.apply(one, an.AddSpan(mine, TEXT.index("Juba"), TEXT.index("Juba") + 4, "location"))

    # A word after the emoji, in code points (what the window rehearses: an untagged word).
    start, end, label = TEXT.index("Protesters"), TEXT.index("Protesters") + len("Protesters"), "actor"
    assert start == 2
    arabic = TEXT.index("الخرطوم")
    before = fingerprint(team_server.admin.engine)
    listener = ChangeListener(team_server.url_of(coders[0]))
    try:
        assert listener.connected
        assert an.rehearse(one, an.AddSpan(mine, start, end, label)) is True
        assert an.rehearse(one, an.AddSpan(mine, arabic, arabic + len("الخرطوم"), "location")) is True
        assert an.rehearse(one, an.AddSpan(theirs, start, end, label)) is False  # not their set
        assert listener.poll(0.5) == []  # no other window is told of anything
        assert fingerprint(team_server.admin.engine) == before
        # And the real tag after it lands as usual, with the next key, and is told.
        _, changes = an.apply(one, an.AddSpan(mine, start, end, label))
        assert list(changes.spans) == ["s2"]
        assert listener.poll(2.0) != []
    finally:
        listener.close()
