"""Concurrent edits lose nothing: races forced at the worst moment, versions, keys, retries.

The interleavings are forced, not hoped for: a racing write is made between an edit's read and its
write (by a connection that does not take the set's lock, as an older client or a script would), or
two threads are held at a barrier inside their transactions.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import create_engine, delete, select, text, update
from sqlalchemy.exc import OperationalError

from annotator.services import annotate as an
from annotator.store import coding_rows, retry
from annotator.store.repository import events_t, sets_t, spans_t
from tests.unit.test_annotate import TEXT, add_article, span_at


@pytest.fixture
def ref(project) -> an.SetRef:  # type: ignore[no-untyped-def]
    return an.SetRef(add_article(project), "alice")


def _event(project, ref, **values: Any) -> str:  # type: ignore[no-untyped-def]
    _inv, changes = an.apply(project, an.CreateEvent(ref, values=tuple(values.items())))
    return next(iter(changes.events))


def _racer(project) -> Any:  # type: ignore[no-untyped-def]
    """A second connection, outside the app: on SQLite it gives up at once if the file is locked."""
    url = project.engine.url
    if project.engine.dialect.name == "sqlite":
        return create_engine(url, connect_args={"timeout": 0.2})
    return create_engine(url)


def _before_call(monkeypatch: pytest.MonkeyPatch, name: str, hook: Callable[[], None]) -> None:
    """Run ``hook`` once, just before the first call of ``coding_rows.<name>`` (the edit's write)."""
    real = getattr(coding_rows, name)
    done: list[bool] = []

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not done:
            done.append(True)
            hook()
        return real(*args, **kwargs)

    monkeypatch.setattr(coding_rows, name, wrapped)


# ---------------------------------------------------------------- the two races of the issue


def test_an_edit_of_an_event_deleted_meanwhile_fails_and_says_so(project, ref, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    key = _event(project, ref, notes="first")
    racer = _racer(project)
    outcome: list[str] = []

    def delete_it() -> None:
        try:
            with racer.begin() as conn:
                conn.execute(delete(events_t).where(events_t.c.key == key))
            outcome.append("deleted")
        except OperationalError as exc:
            assert "locked" in str(exc)
            outcome.append("locked out")

    _before_call(monkeypatch, "update_event_fields", delete_it)
    try:
        if project.engine.dialect.name == "postgresql":
            # The delete lands between the edit's read and its write: the edit must not report success.
            with pytest.raises(an.ConflictError, match=f"event {key} was deleted elsewhere") as err:
                an.apply(project, an.SetEventField.one(ref, key, "notes", "second"))
            assert err.value.current is None and err.value.key == key
            assert outcome == ["deleted"]
            with project.engine.connect() as conn:
                assert conn.scalar(select(events_t.c.id).where(events_t.c.key == key)) is None
        else:
            # SQLite: the edit holds the write lock from its first statement; the delete cannot get in.
            an.apply(project, an.SetEventField.one(ref, key, "notes", "second"))
            assert outcome == ["locked out"]
            with project.engine.connect() as conn:
                assert conn.scalar(select(events_t.c.notes).where(events_t.c.key == key)) == "second"
    finally:
        racer.dispose()


def test_event_type_and_sub_event_type_stay_consistent_when_edited_at_once(project, ref, monkeypatch, codebook) -> None:  # type: ignore[no-untyped-def]
    """One window sets the event type to Riots while another sets the sub-event type to Peaceful protest.
    The old code checked the pair on values read before the other's commit and stored a forbidden pair."""
    key = _event(project, ref, event_type="Protests")
    racer = _racer(project)
    outcome: list[str] = []

    def riots_elsewhere() -> None:
        try:
            with racer.begin() as conn:
                conn.execute(
                    update(events_t)
                    .where(events_t.c.key == key)
                    .values(event_type="Riots", sub_event_type="", version=events_t.c.version + 1)
                )
            outcome.append("committed")
        except OperationalError:
            outcome.append("locked out")

    _before_call(monkeypatch, "update_event_fields", riots_elsewhere)
    try:
        an.apply(project, an.SetEventField.one(ref, key, "sub_event_type", "Peaceful protest"))
    finally:
        racer.dispose()
    with project.engine.connect() as conn:
        pair = conn.execute(select(events_t.c.event_type, events_t.c.sub_event_type)).one()
    assert codebook.event_type_of(pair.sub_event_type) == pair.event_type
    assert tuple(pair) == ("Protests", "Peaceful protest")
    assert outcome == (["committed"] if project.engine.dialect.name == "postgresql" else ["locked out"])


@pytest.mark.postgres
def test_two_edits_of_one_event_run_one_after_the_other(pg_url: str, codebook) -> None:  # type: ignore[no-untyped-def]
    """Real threads through the app's own path: the second waits for the first's lock on the set and
    validates against what the first wrote (Riots then Peaceful protest gives Protests/Peaceful protest)."""
    from annotator.services.project import open_project

    project = open_project(pg_url)
    try:
        ref = an.SetRef(add_article(project), "alice")
        key = _event(project, ref, event_type="Protests")
        inside, release = threading.Event(), threading.Event()
        real = coding_rows.update_event_fields

        def slow_write(*args: Any, **kwargs: Any) -> Any:
            if threading.current_thread().name == "first":
                inside.set()
                assert release.wait(10)
            return real(*args, **kwargs)

        coding_rows.update_event_fields = slow_write  # type: ignore[assignment]
        errors: list[BaseException] = []

        def run(command: an.Command) -> None:
            try:
                an.apply(project, command)
            except BaseException as exc:
                errors.append(exc)

        first = threading.Thread(
            target=run, name="first", args=(an.SetEventField.one(ref, key, "event_type", "Riots"),)
        )
        second = threading.Thread(
            target=run, name="second", args=(an.SetEventField.one(ref, key, "sub_event_type", "Peaceful protest"),)
        )
        first.start()
        assert inside.wait(10)
        second.start()
        second.join(0.5)
        assert second.is_alive()  # waiting for the set's lock
        release.set()
        first.join(10)
        second.join(10)
        coding_rows.update_event_fields = real  # type: ignore[assignment]
        assert errors == []
        with project.engine.connect() as conn:
            pair = conn.execute(select(events_t.c.event_type, events_t.c.sub_event_type, events_t.c.version)).one()
        assert (pair.event_type, pair.sub_event_type) == ("Protests", "Peaceful protest")
        assert pair.version == 3  # created, then each edit once
    finally:
        coding_rows.update_event_fields = real  # type: ignore[assignment]
        project.close()


def test_a_stale_read_is_caught_by_the_version_and_the_edit_runs_again(project, ref, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Whatever the backend, a write never lands on a row other than the one read: a read that is
    stale (simulated here) makes the write hit no row, and the edit runs again on what is stored."""
    key = _event(project, ref, notes="first")
    with project.engine.begin() as conn:
        conn.execute(update(events_t).values(notes="changed meanwhile", version=events_t.c.version + 1))
    real = coding_rows.event_by_key
    calls: list[int] = []

    def stale(conn: Any, set_id: int, event_key: str) -> Any:
        row = real(conn, set_id, event_key)
        calls.append(1)
        if len(calls) == 1:  # the first read sees the version before the change
            return SimpleNamespace(**{**row._mapping, "version": row.version - 1, "notes": "first"})
        return row

    monkeypatch.setattr(coding_rows, "event_by_key", stale)
    inverse, _ = an.apply(project, an.SetEventField.one(ref, key, "fatalities", 3))
    with project.engine.connect() as conn:
        row = conn.execute(select(events_t.c.notes, events_t.c.fatalities, events_t.c.version)).one()
    assert tuple(row) == ("changed meanwhile", 3, 3)
    assert inverse == an.SetEventField(ref, key, (("fatalities", None),))


# ---------------------------------------------------------------- versions a window holds


def test_a_command_naming_an_old_version_is_refused_with_what_changed(project, ref) -> None:  # type: ignore[no-untyped-def]
    s, e = span_at(TEXT, "Police")
    _inv, changes = an.apply(project, an.AddSpan(ref, s, e, "actor"))
    span = changes.spans["s1"]
    assert span is not None and span.version == 1
    an.apply(project, an.RelabelSpan(ref, "s1", "location", version=1))  # the other window
    with pytest.raises(an.ConflictError, match=r"span s1 was changed elsewhere.*tagged location") as err:
        an.apply(project, an.MoveSpan(ref, "s1", s, e + 1, version=1))  # this window, still at version 1
    assert err.value.current.label == "location" and err.value.current.version == 2
    # With the version it now holds, the edit goes through.
    _inv, changes = an.apply(project, an.MoveSpan(ref, "s1", s, e + 1, version=2))
    assert changes.spans["s1"].version == 3  # type: ignore[union-attr]

    key = _event(project, ref)
    an.apply(project, an.SetEventField.one(ref, key, "event_type", "Riots", version=1))
    with pytest.raises(an.ConflictError, match=r"event e1 was changed elsewhere.*event type 'Riots'"):
        an.apply(project, an.SetEventField.one(ref, key, "notes", "mine", version=1))
    with pytest.raises(an.ConflictError, match="event e1"):
        an.apply(project, an.LinkEvidence(ref, key, "actor1", "s1", version=1))
    an.apply(project, an.DeleteEvent(ref, key, version=2))
    with pytest.raises(an.ConflictError, match="event e1 was deleted elsewhere"):
        an.apply(project, an.SetEventField.one(ref, key, "notes", "mine", version=2))


def test_marking_done_after_changes_elsewhere_is_refused(project, ref) -> None:  # type: ignore[no-untyped-def]
    _inv, changes = an.apply(project, an.AddSpan(ref, 0, 10, "actor"))
    seen = changes.set_versions[ref]
    an.apply(project, an.SetStatus(ref, an.Status.IN_PROGRESS, version=seen))  # a reviewer reopens, say
    with pytest.raises(an.ConflictError, match="changed elsewhere"):
        an.apply(project, an.SetStatus(ref, an.Status.DONE, version=seen))
    _inv, changes = an.apply(project, an.SetStatus(ref, an.Status.DONE, version=seen + 1))
    assert changes.set_versions[ref] == seen + 2


def test_undo_with_the_windows_versions_never_conflicts_with_its_own_edits(project, ref) -> None:  # type: ignore[no-untyped-def]
    """What an undo stack does: replay inverses expecting the versions the window holds now."""
    key = _event(project, ref)
    held: dict[str, int] = {}
    set_version = 0
    undo: list[an.Command] = []
    for name, value in (("notes", "one"), ("fatalities", 2), ("notes", "two")):
        command = an.expecting(
            an.SetEventField.one(ref, key, name, value), set_version=set_version, spans={}, events=held
        )
        inverse, changes = an.apply(project, command)
        held[key] = changes.events[key].version  # type: ignore[union-attr]
        set_version = changes.set_versions[ref]
        undo.append(inverse)
    while undo:
        command = an.expecting(undo.pop(), set_version=set_version, spans={}, events=held)
        _inv, changes = an.apply(project, command)
        held[key] = changes.events[key].version  # type: ignore[union-attr]
    with project.engine.connect() as conn:
        assert conn.execute(select(events_t.c.notes, events_t.c.fatalities)).one() == ("", None)
    # Someone else edits the event: the next undo-like replay is refused.
    an.apply(project, an.SetEventField.one(ref, key, "notes", "theirs"))
    with pytest.raises(an.ConflictError):
        an.apply(
            project, an.expecting(an.SetEventField.one(ref, key, "notes", "x"), set_version=None, spans={}, events=held)
        )


# ---------------------------------------------------------------- keys drawn at once


def _hammer(project, commands: list[list[an.Command]]) -> tuple[list[BaseException], list[str]]:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []
    keys: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(commands))

    def run(batch: list[an.Command]) -> None:
        barrier.wait()
        for command in batch:
            try:
                _inv, changes = an.apply(project, command)
            except BaseException as exc:
                with lock:
                    errors.append(exc)
                continue
            with lock:
                keys.extend(changes.spans or changes.events)

    threads = [threading.Thread(target=run, args=(batch,)) for batch in commands]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors, keys


def test_one_coder_in_two_windows_draws_distinct_keys(project, ref) -> None:  # type: ignore[no-untyped-def]
    """The issue measured 36 % of concurrent add-span and 47 % of create-event calls failing on
    PostgreSQL with 'edit clashes ... reload'. Two windows of one coder, 40 of each, at once: none."""
    windows = [
        [an.AddSpan(ref, w * 40 + i, w * 40 + i + 1, "actor") for i in range(40)]
        + [an.CreateEvent(ref) for _ in range(40)]
        for w in range(2)
    ]
    errors, keys = _hammer(project, windows)
    assert errors == []
    assert len(keys) == len(set(keys)) == 160
    with project.engine.connect() as conn:
        span_keys = set(conn.scalars(select(spans_t.c.key)))
        event_keys = set(conn.scalars(select(events_t.c.key)))
        seqs = conn.execute(select(sets_t.c.span_seq, sets_t.c.event_seq)).one()
    assert span_keys == {f"s{i}" for i in range(1, 81)} and event_keys == {f"e{i}" for i in range(1, 81)}
    assert tuple(seqs) == (80, 80)


def test_a_deleted_key_is_not_drawn_again(project, ref) -> None:  # type: ignore[no-untyped-def]
    """So undoing a deletion cannot meet another window's new span under the same key."""
    an.apply(project, an.AddSpan(ref, 0, 5, "actor"))
    undo_delete, _ = an.apply(project, an.DeleteSpan(ref, "s1"))
    _inv, changes = an.apply(project, an.AddSpan(ref, 6, 9, "actor"))  # the other window
    assert list(changes.spans) == ["s2"]
    an.apply(project, undo_delete)  # s1 comes back
    with project.engine.connect() as conn:
        assert sorted(conn.scalars(select(spans_t.c.key))) == ["s1", "s2"]


def test_the_first_edit_from_two_windows_makes_one_set(project) -> None:  # type: ignore[no-untyped-def]
    ref = an.SetRef(add_article(project, "fresh", "Fresh text for two windows."), "alice")
    errors, keys = _hammer(project, [[an.AddSpan(ref, i, i + 3, "actor")] for i in range(4)])
    assert errors == [] and sorted(keys) == ["s1", "s2", "s3", "s4"]
    with project.engine.connect() as conn:
        assert len(conn.execute(select(sets_t.c.id)).all()) == 1


# ---------------------------------------------------------------- retries


@pytest.mark.postgres
def test_a_deadlock_is_retried_and_both_edits_land(pg_url: str) -> None:
    """Two edits each lock two sets, in opposite orders, held at a barrier after their first lock:
    PostgreSQL aborts one with a deadlock (40P01), which is run again."""
    from annotator.services.project import open_project

    project = open_project(pg_url)
    real = coding_rows.lock_set_of
    try:
        one = an.SetRef(add_article(project, "one", "First article text."), "alice")
        two = an.SetRef(add_article(project, "two", "Second article text."), "alice")
        an.apply(project, an.AddSpan(one, 0, 5, "actor"))
        an.apply(project, an.AddSpan(two, 0, 6, "actor"))
        barrier = threading.Barrier(2, timeout=10)
        first_lock: set[str] = set()
        deadlocks: list[int] = []

        def lock_then_wait(conn: Any, *args: Any) -> Any:
            found = real(conn, *args)
            name = threading.current_thread().name
            if name not in first_lock:  # only the first attempt of each waits for the other
                first_lock.add(name)
                barrier.wait()
            return found

        coding_rows.lock_set_of = lock_then_wait  # type: ignore[assignment]
        from annotator.store import retry

        real_pause = retry.pause

        def counting_pause(attempt: int) -> None:
            deadlocks.append(attempt)
            real_pause(attempt)

        retry.pause = counting_pause  # type: ignore[assignment]
        errors: list[BaseException] = []

        def run(command: an.Command) -> None:
            try:
                an.apply(project, command)
            except BaseException as exc:
                errors.append(exc)

        a = threading.Thread(
            target=run,
            name="a",
            args=(an.Composite((an.AddSpan(one, 6, 11, "actor"), an.AddSpan(two, 7, 14, "actor"))),),
        )
        b = threading.Thread(
            target=run,
            name="b",
            args=(an.Composite((an.AddSpan(two, 15, 19, "actor"), an.AddSpan(one, 12, 19, "actor"))),),
        )
        a.start()
        b.start()
        a.join(30)
        b.join(30)
        retry.pause = real_pause  # type: ignore[assignment]
        assert errors == []
        assert len(deadlocks) == 1  # one of them was aborted once, then landed
        with project.engine.connect() as conn:
            assert len(conn.execute(select(spans_t.c.id)).all()) == 6
    finally:
        coding_rows.lock_set_of = real  # type: ignore[assignment]
        project.close()


@pytest.mark.postgres
def test_a_serialization_failure_is_retried_and_both_transactions_land(pg_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Two SERIALIZABLE transactions read a counter, meet at a barrier, and both increment it: the
    server aborts the second with 40001 once the first commits; run again, it reads 1 and writes 2."""
    from annotator.store import retry
    from annotator.store.engine import make_engine

    engine = make_engine(pg_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE counter (n integer NOT NULL)"))
            conn.execute(text("INSERT INTO counter VALUES (0)"))
        barrier = threading.Barrier(2, timeout=10)
        met: set[str] = set()
        states: list[str | None] = []

        def increment(conn: Any) -> int:
            conn.execute(text("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"))
            n = int(conn.execute(text("SELECT n FROM counter")).scalar())
            name = threading.current_thread().name
            if name not in met:  # only the first attempt of each waits for the other
                met.add(name)
                barrier.wait()
            conn.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
            return n + 1

        real_retryable = retry.is_retryable

        def noting(exc: BaseException) -> bool:
            states.append(retry.sqlstate(exc))
            return real_retryable(exc)

        monkeypatch.setattr(retry, "is_retryable", noting)
        results: list[int] = []
        errors: list[BaseException] = []

        def run() -> None:
            try:
                results.append(retry.run_transaction(engine, increment))
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=run, name=name) for name in ("a", "b")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert errors == []
        assert states == ["40001"]  # one was aborted by the server, once
        assert sorted(results) == [1, 2]
        with engine.connect() as conn:
            assert conn.execute(text("SELECT n FROM counter")).scalar() == 2  # neither increment lost
    finally:
        engine.dispose()


def _abort_once(monkeypatch: pytest.MonkeyPatch, sqlstate_name: str, times: int) -> list[int]:
    """Make the server abort the next ``times`` span inserts with this SQLSTATE (by condition name)."""
    real = coding_rows.insert_span
    raised: list[int] = []

    def aborting(conn: Any, *args: Any) -> Any:
        if len(raised) < times:
            raised.append(1)
            conn.execute(
                text(f"DO $$ BEGIN RAISE EXCEPTION 'forced by the test' USING ERRCODE = '{sqlstate_name}'; END $$")
            )
        return real(conn, *args)

    monkeypatch.setattr(coding_rows, "insert_span", aborting)
    return raised


@pytest.mark.postgres
@pytest.mark.parametrize("condition", ["serialization_failure", "deadlock_detected"])
def test_an_edit_aborted_by_the_server_is_run_again_and_lands_once(pg_url: str, monkeypatch, condition: str) -> None:  # type: ignore[no-untyped-def]
    from annotator.services.project import open_project
    from annotator.store import retry

    monkeypatch.setattr(retry, "pause", lambda attempt: None)
    project = open_project(pg_url)
    try:
        ref = an.SetRef(add_article(project), "alice")
        raised = _abort_once(monkeypatch, condition, 2)
        _inv, changes = an.apply(project, an.AddSpan(ref, 0, 5, "actor"))
        assert raised == [1, 1] and list(changes.spans) == ["s1"]
        with project.engine.connect() as conn:
            assert conn.execute(select(spans_t.c.key)).scalars().all() == ["s1"]
            assert conn.execute(select(sets_t.c.span_seq)).scalar() == 1  # the aborted tries drew nothing
        # A server that aborts every try: the coder is told, in words, and nothing is written.
        _abort_once(monkeypatch, condition, 100)
        with pytest.raises(an.ConnectionLost, match="too busy with other people's changes; nothing was saved"):
            an.apply(project, an.AddSpan(ref, 6, 9, "actor"))
        with project.engine.connect() as conn:
            assert conn.execute(select(spans_t.c.key)).scalars().all() == ["s1"]
    finally:
        project.close()


# ---------------------------------------------------------------- a dropped connection


def _terminate(project, pid: int) -> None:  # type: ignore[no-untyped-def]
    killer = create_engine(project.engine.url)
    try:
        with killer.begin() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar() is True
    finally:
        killer.dispose()


@pytest.mark.postgres
def test_after_the_server_ends_the_connection_the_next_edit_lands(pg_url: str) -> None:
    from annotator.services.project import open_project

    project = open_project(pg_url)
    try:
        ref = an.SetRef(add_article(project), "alice")
        an.apply(project, an.AddSpan(ref, 0, 5, "actor"))
        with project.engine.connect() as conn:
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        _terminate(project, int(pid))  # the pooled connection the next edit would use
        _inv, changes = an.apply(project, an.AddSpan(ref, 6, 9, "actor"))
        assert list(changes.spans) == ["s2"]
        with project.engine.connect() as conn:
            assert sorted(conn.scalars(select(spans_t.c.key))) == ["s1", "s2"]
    finally:
        project.close()


@pytest.mark.postgres
def test_a_connection_ended_in_the_middle_of_an_edit_applies_it_exactly_once(pg_url: str) -> None:
    from annotator.services.project import open_project

    project = open_project(pg_url)
    real = coding_rows.insert_span
    try:
        ref = an.SetRef(add_article(project), "alice")
        killed: list[bool] = []

        def die_first(conn: Any, *args: Any) -> Any:
            if not killed:
                killed.append(True)
                _terminate(project, int(conn.execute(text("SELECT pg_backend_pid()")).scalar()))
            return real(conn, *args)

        coding_rows.insert_span = die_first  # type: ignore[assignment]
        _inv, changes = an.apply(project, an.AddSpan(ref, 0, 5, "actor"))
        assert killed == [True] and list(changes.spans) == ["s1"]
        with project.engine.connect() as conn:
            assert conn.execute(select(spans_t.c.key)).scalars().all() == ["s1"]
    finally:
        coding_rows.insert_span = real  # type: ignore[assignment]
        project.close()


@pytest.mark.postgres
def test_a_connection_ended_during_commit_is_looked_up_not_applied_twice(pg_url: str) -> None:
    """COMMIT's answer lost: the edit's mark on its set says whether it landed."""
    from annotator.services.project import open_project

    project = open_project(pg_url)
    real = an._attempt
    try:
        ref = an.SetRef(add_article(project), "alice")
        calls: list[bool] = []

        def landed_but_unheard(project_: Any, run: Any, command: Any) -> Any:
            inverse, changes = real(project_, run, command)
            if not calls:
                calls.append(True)
                raise retry.CommitLost(inverse)
            return inverse, changes

        an._attempt = landed_but_unheard  # type: ignore[assignment]
        inverse, changes = an.apply(project, an.AddSpan(ref, 0, 5, "actor"))
        assert calls == [True] and list(changes.spans) == ["s1"]
        assert isinstance(inverse, an.Composite) and inverse.commands[0] == an.DeleteSpan(ref, "s1")
        with project.engine.connect() as conn:
            assert conn.execute(select(spans_t.c.key)).scalars().all() == ["s1"]

        # Lost before it landed: the commit never reached the server, so the edit runs again, once.
        def lost_before(project_: Any, run: Any, command: Any) -> Any:
            if len(calls) == 1:
                calls.append(True)
                with project_.engine.connect() as conn:
                    run.conn = conn
                    with conn.begin() as transaction:
                        inverse = run.finish(run.do(command))
                        transaction.rollback()
                raise retry.CommitLost(inverse)
            return real(project_, run, command)

        an._attempt = lost_before  # type: ignore[assignment]
        _inv, changes = an.apply(project, an.AddSpan(ref, 6, 9, "actor"))
        assert list(changes.spans) == ["s2"]
        with project.engine.connect() as conn:
            assert sorted(conn.execute(select(spans_t.c.key)).scalars()) == ["s1", "s2"]
    finally:
        an._attempt = real  # type: ignore[assignment]
        project.close()


@pytest.mark.postgres
def test_a_server_that_stays_away_is_reported_not_a_traceback(pg_url: str) -> None:
    """Every retry fails: the edit is refused as a CodingError (the window says so), nothing is pushed."""
    import dataclasses

    from annotator.services.project import open_project

    project = open_project(pg_url)
    try:
        ref = an.SetRef(add_article(project), "alice")
        gone = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/test", pool_pre_ping=True)
        away = dataclasses.replace(project, engine=gone)
        with pytest.raises(an.ConnectionLost, match="connection to the database server was lost"):
            an.apply(away, an.AddSpan(ref, 0, 5, "actor"))
        gone.dispose()
        assert isinstance(an.ConnectionLost("x"), an.CodingError)
    finally:
        project.close()
