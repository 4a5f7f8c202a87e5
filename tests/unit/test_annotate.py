"""Coding commands without Qt, on SQLite and PostgreSQL: apply, undo with the inverse, redo exactly."""

from __future__ import annotations

import datetime as dt

import pytest

from annotator.domain.models import SetStatus
from annotator.domain.text import content_hash
from annotator.services import annotate as an
from annotator.store import repository as repo
from annotator.store.uow import transaction
from tests.fixtures.coding import load_coding

TEXT = (
    "Protesters gathered in Khartoum on 3 June 2024. Police fired tear gas 😀 and killed two people.\n"
    "Later, 👩‍👩‍👧 families marched to the ministry.\n"
    "تظاهر المئات في الخرطوم يوم الاثنين."
)


def add_article(project, external_id: str = "a1", text: str = TEXT, published=dt.date(2024, 6, 5)) -> int:  # type: ignore[no-untyped-def]
    with transaction(project.engine) as conn:
        repo.insert_articles(
            conn,
            [
                {
                    "external_id": external_id,
                    "title": f"Title {external_id}",
                    "text": text,
                    "source": "Test wire",
                    "url": "https://example.org/a",
                    "published": published,
                    "language": "en",
                    "meta": {},
                    "content_hash": content_hash(text),
                    "created_at": dt.datetime.now(dt.UTC),
                }
            ],
        )
        return repo.article_ids(conn, [external_id])[external_id]


def snapshot(project, ref):  # type: ignore[no-untyped-def]
    state = load_coding(project, ref)
    return (
        state.status,
        [(s.key, s.start, s.end, s.label, s.text) for s in state.spans],
        [(e.key, e.position, e.fields.model_dump(), dict(e.evidence)) for e in state.events],
    )


@pytest.fixture
def ref(project) -> an.SetRef:  # type: ignore[no-untyped-def]
    return an.SetRef(add_article(project), "alice")


def span_at(text: str, needle: str) -> tuple[int, int]:
    start = TEXT.index(needle) if text is TEXT else text.index(needle)
    return start, start + len(needle)


def roundtrip(project, command):  # type: ignore[no-untyped-def]
    """Apply, undo, redo; check undo restores the state before and redo the state after exactly."""
    target = _target(command)
    before = snapshot(project, target)
    inverse, changes = an.apply(project, command)
    after = snapshot(project, target)
    redo, _ = an.apply(project, inverse)
    assert snapshot(project, target) == before
    an.apply(project, redo)
    assert snapshot(project, target) == after
    return inverse, changes, redo


def _target(command):  # type: ignore[no-untyped-def]
    if isinstance(command, an.Composite):
        return _target(command.commands[0])
    return command.target


def test_add_span_stores_code_points_after_emoji(project, ref) -> None:  # type: ignore[no-untyped-def]
    start, end = span_at(TEXT, "killed two people")
    inverse, changes, _ = roundtrip(project, an.AddSpan(ref, start, end, "fatalities"))
    state = load_coding(project, ref)
    [span] = state.spans
    assert (span.start, span.end, span.text) == (start, end, "killed two people")
    assert TEXT[span.start : span.end] == span.text
    assert changes.spans == {"s1": an.SpanInfo("s1", start, end, "fatalities", "killed two people")}
    assert inverse == an.Composite((an.DeleteSpan(ref, "s1"), an.SetStatus(ref, SetStatus.NOT_STARTED)), "Delete span")


def test_arabic_span(project, ref) -> None:  # type: ignore[no-untyped-def]
    start, end = span_at(TEXT, "الخرطوم")
    an.apply(project, an.AddSpan(ref, start, end, "location"))
    [span] = load_coding(project, ref).spans
    assert span.text == "الخرطوم"


def test_first_edit_creates_set_in_progress_and_undo_restores(project, ref) -> None:  # type: ignore[no-untyped-def]
    assert load_coding(project, ref).status == SetStatus.NOT_STARTED
    inverse, changes = an.apply(project, an.AddSpan(ref, 0, 10, "actor"))
    assert changes.status == SetStatus.IN_PROGRESS
    assert load_coding(project, ref).status == SetStatus.IN_PROGRESS
    redo, changes = an.apply(project, inverse)
    assert changes.status == SetStatus.NOT_STARTED
    assert load_coding(project, ref).status == SetStatus.NOT_STARTED
    an.apply(project, redo)
    state = load_coding(project, ref)
    assert state.status == SetStatus.IN_PROGRESS and [s.key for s in state.spans] == ["s1"]


def test_keys_are_stable_across_undo_and_redo(project, ref) -> None:  # type: ignore[no-untyped-def]
    an.apply(project, an.AddSpan(ref, 0, 10, "actor"))
    inverse, _ = an.apply(project, an.AddSpan(ref, 23, 30, "location"))
    redo, _ = an.apply(project, inverse)
    assert redo == an.AddSpan(ref, 23, 30, "location", key="s2")
    an.apply(project, redo)
    assert [s.key for s in load_coding(project, ref).spans] == ["s1", "s2"]


def test_overlapping_and_nested_spans_are_allowed_but_not_duplicates(project, ref) -> None:  # type: ignore[no-untyped-def]
    an.apply(project, an.AddSpan(ref, 0, 30, "action"))
    an.apply(project, an.AddSpan(ref, 0, 10, "actor"))
    an.apply(project, an.AddSpan(ref, 5, 40, "date"))
    an.apply(project, an.AddSpan(ref, 0, 10, "location"))
    with pytest.raises(an.CodingError, match="already tagged actor"):
        an.apply(project, an.AddSpan(ref, 0, 10, "actor"))
    assert len(load_coding(project, ref).spans) == 4


@pytest.mark.parametrize(
    ("start", "end", "label", "message"),
    [
        (5, 5, "actor", "not a stretch"),
        (-1, 5, "actor", "not a stretch"),
        (0, 10_000, "actor", "past the end"),
        (0, 5, "weapon", "not a span label"),
    ],
)
def test_bad_spans_are_refused_and_nothing_is_written(project, ref, start, end, label, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(an.CodingError, match=message):
        an.apply(project, an.AddSpan(ref, start, end, label))
    state = load_coding(project, ref)
    assert state.spans == [] and state.status == SetStatus.NOT_STARTED


def test_unknown_article_is_refused(project) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(an.CodingError, match="not in the database"):
        an.apply(project, an.AddSpan(an.SetRef(999, "alice"), 0, 3, "actor"))


def test_relabel_and_move(project, ref) -> None:  # type: ignore[no-untyped-def]
    an.apply(project, an.AddSpan(ref, 0, 10, "actor"))
    roundtrip(project, an.RelabelSpan(ref, "s1", "action"))
    assert load_coding(project, ref).spans[0].label == "action"
    start, end = span_at(TEXT, "Protesters gathered")
    _, changes, _ = roundtrip(project, an.MoveSpan(ref, "s1", start, end))
    assert changes.spans["s1"].text == "Protesters gathered"  # type: ignore[union-attr]


def test_unknown_span_is_refused(project, ref) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(an.CodingError, match="no span 'zz'"):
        an.apply(project, an.DeleteSpan(ref, "zz"))


def test_event_lifecycle_with_evidence(project, ref) -> None:  # type: ignore[no-untyped-def]
    who = span_at(TEXT, "Police")
    where = span_at(TEXT, "Khartoum")
    when = span_at(TEXT, "3 June 2024")
    for (start, end), label in ((who, "actor"), (where, "location"), (when, "date")):
        an.apply(project, an.AddSpan(ref, start, end, label))
    _, changes, _ = roundtrip(project, an.CreateEvent(ref, values=(("event_type", "Riots"),)))
    assert set(changes.events) == {"e1"}
    roundtrip(project, an.SetEventField.one(ref, "e1", "actor1", "Police Forces of Sudan (2019-)"))
    roundtrip(project, an.LinkEvidence(ref, "e1", "actor1", "s1"))
    roundtrip(project, an.LinkEvidence(ref, "e1", "location", "s2"))
    roundtrip(project, an.LinkEvidence(ref, "e1", "location", "s3"))
    roundtrip(project, an.UnlinkEvidence(ref, "e1", "location", "s3"))
    [event] = load_coding(project, ref).events
    assert event.fields.actor1 == "Police Forces of Sudan (2019-)"
    assert dict(event.evidence) == {"actor1": ("s1",), "location": ("s2",)}
    # Deleting a span that is evidence: undo puts it back in the list, in its place.
    an.apply(project, an.LinkEvidence(ref, "e1", "location", "s1"))
    an.apply(project, an.LinkEvidence(ref, "e1", "location", "s3"))
    _, changes, _ = roundtrip(project, an.DeleteSpan(ref, "s1"))
    assert changes.events["e1"] is not None
    assert dict(load_coding(project, ref).events[0].evidence) == {"location": ("s2", "s3")}
    # Deleting the event, and undoing it, keeps key, position, fields and evidence.
    roundtrip(project, an.DeleteEvent(ref, "e1"))
    assert load_coding(project, ref).events == []


def test_event_type_limits_sub_event_type(project, ref) -> None:  # type: ignore[no-untyped-def]
    an.apply(project, an.CreateEvent(ref))
    roundtrip(project, an.SetEventField.one(ref, "e1", "sub_event_type", "Peaceful protest"))
    fields = load_coding(project, ref).events[0].fields
    assert (fields.event_type, fields.sub_event_type) == ("Protests", "Peaceful protest")
    # Another event type clears a sub-event type that does not belong to it, and undo brings it back.
    inverse, _, _ = roundtrip(project, an.SetEventField.one(ref, "e1", "event_type", "Riots"))
    fields = load_coding(project, ref).events[0].fields
    assert (fields.event_type, fields.sub_event_type) == ("Riots", "")
    assert dict(inverse.values) == {"event_type": "Protests", "sub_event_type": "Peaceful protest"}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("fatalities", "many", "not a whole number"),
        ("fatalities", -2, "greater than or equal to 0"),
        ("event_date", "next Tuesday", "not a date"),
        ("inter1", "Aliens", "not an actor type"),
        ("event_type", "Picnic", "not an event type"),
        ("country", "Atlantis", "not a country"),
        ("latitude", "95", "less than or equal to 90"),
        ("year", "2024", "not an event field"),
    ],
)
def test_bad_field_values_raise_field_errors(project, ref, name, value, message) -> None:  # type: ignore[no-untyped-def]
    an.apply(project, an.CreateEvent(ref))
    before = snapshot(project, ref)
    with pytest.raises(an.FieldError, match=message) as info:
        an.apply(project, an.SetEventField.one(ref, "e1", name, value))
    assert info.value.field == name
    assert snapshot(project, ref) == before


def test_text_values_are_parsed(project, ref) -> None:  # type: ignore[no-untyped-def]
    an.apply(project, an.CreateEvent(ref))
    an.apply(
        project,
        an.SetEventField(
            ref,
            "e1",
            (
                ("fatalities", "12"),
                ("event_date", "2024-06-03"),
                ("inter1", "State forces"),
                ("latitude", "15.5"),
                ("time_precision", ""),
            ),
        ),
    )
    fields = load_coding(project, ref).events[0].fields
    assert (fields.fatalities, fields.event_date, fields.inter1, fields.latitude, fields.time_precision) == (
        12,
        dt.date(2024, 6, 3),
        1,
        15.5,
        None,
    )


def test_event_id_is_assigned_once_and_never_reused(project, ref) -> None:  # type: ignore[no-untyped-def]
    an.apply(project, an.CreateEvent(ref, values=(("country", "Sudan"),)))
    first = load_coding(project, ref).events[0].fields.event_id_cnty
    assert first == "SDN1"
    # Setting the country on a second event assigns the next number; undo clears it, redo keeps it.
    an.apply(project, an.CreateEvent(ref))
    _, _, redo = roundtrip(project, an.SetEventField.one(ref, "e2", "country", "Sudan"))
    assert dict(redo.values) == {"country": "Sudan", "event_id_cnty": "SDN2"}  # type: ignore[union-attr]
    assert load_coding(project, ref).events[1].fields.event_id_cnty == "SDN2"
    # Changing the country later keeps the id.
    an.apply(project, an.SetEventField.one(ref, "e2", "country", "Chad"))
    assert load_coding(project, ref).events[1].fields.event_id_cnty == "SDN2"
    # A deleted event's id is not given out again; undoing the delete restores it.
    delete_inverse, _ = an.apply(project, an.DeleteEvent(ref, "e2"))
    an.apply(project, an.CreateEvent(ref, key="e9", values=(("country", "Sudan"),)))
    ids = {e.key: e.fields.event_id_cnty for e in load_coding(project, ref).events}
    assert ids == {"e1": "SDN1", "e9": "SDN3"}
    an.apply(project, delete_inverse)
    ids = {e.key: e.fields.event_id_cnty for e in load_coding(project, ref).events}
    assert ids == {"e1": "SDN1", "e2": "SDN2", "e9": "SDN3"}


def test_duplicate_event_id_is_a_field_error(project, ref) -> None:  # type: ignore[no-untyped-def]
    an.apply(project, an.CreateEvent(ref, values=(("country", "Sudan"),)))
    an.apply(project, an.CreateEvent(ref))
    with pytest.raises(an.FieldError, match="already another event's id"):
        an.apply(project, an.SetEventField.one(ref, "e2", "event_id_cnty", "SDN1"))


def test_new_event_from_selection_is_one_composite(project, ref) -> None:  # type: ignore[no-untyped-def]
    an.apply(project, an.AddSpan(ref, *span_at(TEXT, "Police"), "actor"))
    an.apply(project, an.AddSpan(ref, *span_at(TEXT, "Khartoum"), "location"))
    command = an.Composite(
        (
            an.CreateEvent(ref, key="e1", values=(("actor1", "Police"), ("location", "Khartoum"))),
            an.LinkEvidence(ref, "e1", "actor1", "s1"),
            an.LinkEvidence(ref, "e1", "location", "s2"),
        ),
        "New event from selection",
    )
    _, changes, _ = roundtrip(project, command)
    assert set(changes.events) == {"e1"}
    [event] = load_coding(project, ref).events
    assert event.fields.location == "Khartoum" and dict(event.evidence) == {"actor1": ("s1",), "location": ("s2",)}


def test_failed_composite_writes_nothing(project, ref) -> None:  # type: ignore[no-untyped-def]
    command = an.Composite((an.AddSpan(ref, 0, 5, "actor"), an.LinkEvidence(ref, "e1", "actor1", "s1")))
    with pytest.raises(an.CodingError, match="no event 'e1'"):
        an.apply(project, command)
    assert load_coding(project, ref).spans == []


def test_several_events_keep_their_order(project, ref) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        an.apply(project, an.CreateEvent(ref))
    roundtrip(project, an.DeleteEvent(ref, "e2"))
    an.apply(project, an.CreateEvent(ref))
    assert [(e.key, e.position) for e in load_coding(project, ref).events] == [("e1", 0), ("e3", 2), ("e4", 3)]


def test_status_commands(project, ref) -> None:  # type: ignore[no-untyped-def]
    an.apply(project, an.AddSpan(ref, 0, 5, "actor"))
    inverse, changes, _ = roundtrip(project, an.SetStatus(ref, SetStatus.DONE))
    assert changes.status == SetStatus.DONE and inverse == an.SetStatus(ref, SetStatus.IN_PROGRESS)
    # An edit on a done article leaves it done.
    an.apply(project, an.AddSpan(ref, 6, 9, "actor"))
    assert load_coding(project, ref).status == SetStatus.DONE


def test_coders_have_separate_sets(project, ref) -> None:  # type: ignore[no-untyped-def]
    bob = an.SetRef(ref.article_id, "bob")
    an.apply(project, an.AddSpan(ref, 0, 5, "actor"))
    an.apply(project, an.AddSpan(bob, 0, 5, "actor"))
    an.apply(project, an.AddSpan(bob, 6, 9, "actor"))
    assert len(load_coding(project, ref).spans) == 1 and len(load_coding(project, bob).spans) == 2


def test_merge_key_only_for_typing_in_one_field(project, ref) -> None:  # type: ignore[no-untyped-def]
    an.apply(project, an.CreateEvent(ref))
    cmd = an.SetEventField.one(ref, "e1", "notes", "Pol")
    inverse, _ = an.apply(project, cmd)
    key = an.merge_key(cmd, inverse)
    cmd2 = an.SetEventField.one(ref, "e1", "notes", "Police")
    assert an.merge_key(cmd2, an.apply(project, cmd2)[0]) == key
    other = an.SetEventField.one(ref, "e1", "actor1", "P")
    assert an.merge_key(other, an.apply(project, other)[0]) != key
    picker = an.SetEventField.one(ref, "e1", "event_type", "Riots")
    assert an.merge_key(picker, an.apply(project, picker)[0]) is None


def test_a_typed_actor_and_the_type_that_follows_it_merge(project, ref) -> None:  # type: ignore[no-untyped-def]
    """Typing an actor sends its actor type along with every key press: still one undo step."""
    an.apply(project, an.CreateEvent(ref))
    first = an.SetEventField(ref, "e1", (("actor1", "Prot"), ("inter1", None)))
    key = an.merge_key(first, an.apply(project, first)[0])
    later = an.SetEventField(ref, "e1", (("actor1", "Protesters (Syria)"), ("inter1", 6)))
    assert key is not None and an.merge_key(later, an.apply(project, later)[0]) == key
    # Another field riding along is not typing: no merge.
    other = an.SetEventField(ref, "e1", (("actor1", "Protesters"), ("inter2", 6)))
    assert an.merge_key(other, an.apply(project, other)[0]) is None


def test_next_key() -> None:
    assert an.next_key("s", []) == "s1"
    assert an.next_key("s", ["s1", "s10", "x99", "s2", "sa"]) == "s11"


def test_describe() -> None:
    ref = an.SetRef(1, "a")
    assert an.describe(an.AddSpan(ref, 0, 1, "actor")) == "Tag actor"
    assert an.describe(an.SetEventField.one(ref, "e1", "sub_event_type", "x")) == "Edit sub event type"
    assert an.describe(an.SetStatus(ref, SetStatus.DONE)) == "Mark done"
