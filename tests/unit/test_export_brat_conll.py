"""brat and CoNLL building blocks, without a database."""

from __future__ import annotations

from typing import Any

from annotator.domain.models import AnnotationSet, Event, EventFields, Span
from annotator.formats.brat import (
    BratStats,
    annotation_conf,
    brat_name,
    document_ann,
    file_stem,
    fragments,
    role_name,
    unique_stem,
)
from annotator.formats.conll import DocMarker, bio_tags, document, sentences, tokenize


def test_brat_names_are_storage_forms() -> None:
    assert brat_name("Air/drone strike") == "Air-drone_strike"
    assert brat_name("Shelling/artillery/missile attack") == "Shelling-artillery-missile_attack"
    assert brat_name("Non-state actor overtakes territory") == "Non-state_actor_overtakes_territory"
    assert brat_name("Protestas: sí") == "Protestas__s_"
    # brat reads trailing digits of a role as a repeat number, so no role may end in one
    for field in ("actor1", "assoc_actor_2", "admin3", "inter1"):
        assert not role_name(field)[-1].isdigit()


def test_fragments_split_at_line_breaks_and_trim() -> None:
    text = "one two\nthree\u2028four\tfive\n\n six"
    assert fragments(text, 0, len(text)) == [(0, 7), (8, 13), (14, 18), (19, 23), (26, 29)]
    assert fragments(text, 4, 7) == [(4, 7)]
    assert fragments("  \n ", 0, 4) == []


def test_file_stems_are_safe_and_unique() -> None:
    assert file_stem("a/b c:d") == "a_b_c_d"
    assert file_stem("../x", "amal k") == "x__amal_k"
    used: set[str] = set()
    assert [unique_stem(s, used) for s in ("x", "X", "x")] == ["x", "X-2", "x-3"]


def test_document_ann_trigger_roles_and_events_without_trigger() -> None:
    text = "Gunmen attacked Kano.\nTwo died."
    spans = [
        Span(key="a", start=0, end=6, label="actor"),
        Span(key="b", start=7, end=15, label="action"),
        Span(key="c", start=16, end=20, label="location"),
        Span(key="d", start=16, end=20, label="location"),
        Span(key="e", start=18, end=26, label="fatalities"),
    ]
    fields = EventFields(event_type="Violence against civilians", sub_event_type="Attack", civilian_targeting=True)
    events = [
        Event(
            key="E1",
            fields=fields,
            evidence={"actor1": ["a"], "sub_event_type": ["b"], "location": ["c", "d"], "fatalities": ["e"]},
        ),
        Event(key="E2", fields=fields, evidence={"actor1": ["a"]}),
    ]
    stats = BratStats()
    ann = document_ann(
        text, AnnotationSet(coder="x", spans=spans, events=events), stats, trigger_labels=frozenset({"action"})
    )
    lines = ann.splitlines()
    assert "T5\tfatalities 18 21;22 25\tno. Two" in lines  # across the line break, trailing blank trimmed
    assert "T6\tAttack 7 15\tattacked" in lines
    assert "E1\tAttack:T6 Actor_first:T1 Location:T3 Location2:T4 Fatalities:T5" in lines
    assert "A1\tCivilian_targeting E1" in lines
    assert stats.events == 1 and stats.events_without_trigger == ["E2"] and stats.spans == 5


def test_annotation_conf_lists_every_sub_event_type(codebook: Any) -> None:
    conf = annotation_conf(codebook)
    subs = [s for et in codebook.event_types for s in et.sub_event_types]
    event_lines = [line for line in conf.splitlines() if line.startswith("\t")]
    assert len(event_lines) == len(subs) == 25
    assert all("*:<SPAN>" in line for line in event_lines)
    assert "!Explosions-Remote_violence" in conf and "!Strategic_developments" in conf
    assert "<SPAN>=actor|location|action|date|fatalities" in conf


def _words(text: str) -> list[str]:
    return [text[s:e] for s, e in tokenize(text)]


def test_tokens_keep_numbers_words_and_marks_whole() -> None:
    assert _words("1,000 troops; 3.5 km at 12:30, didn't al-Shabaab?") == [
        "1,000",
        "troops",
        ";",
        "3.5",
        "km",
        "at",
        "12:30",
        ",",
        "didn't",
        "al-Shabaab",
        "?",
    ]
    assert _words("قُتِلَ مُحَمَّدٌ؟") == ["قُتِلَ", "مُحَمَّدٌ", "؟"]
    assert _words("हिन्दी 🙂") == ["हिन्दी", "🙂"]


def test_sentences() -> None:
    text = 'He said "Go." Then left! ok? Mr. smith came\nNew line؟ آخر.'
    tokens = tokenize(text)
    groups = [" ".join(text[tokens[i][0] : tokens[i][1]] for i in g) for g in sentences(text, tokens)]
    # No break before a lower-case word (abbreviations), always one at a line break.
    assert groups == ['He said " Go . "', "Then left ! ok ?", "Mr . smith came", "New line ؟", "آخر ."]


def test_bio_tags_longest_first_and_partial_tokens() -> None:
    text = "the Kano State government"
    tokens = tokenize(text)
    spans = [
        Span(key="1", start=4, end=8, label="location"),
        Span(key="2", start=4, end=14, label="location"),
        Span(key="3", start=15, end=20, label="armed group"),
        Span(key="4", start=10, end=12, label="x"),
    ]
    tags, dropped = bio_tags(tokens, spans)
    assert tags == ["O", "B-location", "I-location", "B-armed_group"]
    assert dropped == 2


def test_document_markers() -> None:
    doc = document("A b.", [], marker=DocMarker.DOCSTART)
    assert doc.text == "-DOCSTART- -X- O O\n\nA O\nb O\n. O\n\n"
    doc = document("A b.", [], marker=DocMarker.COMMENT, doc_id="x 1", coder="gold")
    assert doc.text == "# doc_id = x 1\n# coder = gold\nA O\nb O\n. O\n\n"


def test_brat_attributes_and_notes_follow_the_field_definitions(codebook: Any) -> None:
    text = "Gunmen attacked Kano."
    spans = [Span(key="b", start=7, end=15, label="action")]
    fields = EventFields(
        event_type="Violence against civilians",
        sub_event_type="Attack",
        time_precision=2,
        civilian_targeting=True,
        geo_precision=1,
        location="Kano",
        latitude=12.0,
        fatalities=0,
    )
    event = Event(key="E1", fields=fields, evidence={"sub_event_type": ["b"]})
    ann = document_ann(text, AnnotationSet(coder="x", spans=spans, events=[event]), trigger_labels={"action"})
    lines = ann.splitlines()
    assert [line for line in lines if line.startswith("A")] == [
        "A1\tTime_precision E1 2",
        "A2\tCivilian_targeting E1",
        "A3\tGeo_precision E1 1",
    ]
    (note,) = [line for line in lines if line.startswith("#")]
    assert note == (
        "#1\tAnnotatorNotes E1\tevent_type=Violence against civilians | sub_event_type=Attack | "
        "location=Kano | latitude=12.0000 | fatalities=0"
    )
    attributes = annotation_conf(codebook).split("[attributes]\n")[1].splitlines()
    assert attributes == [
        "Time_precision\tArg:<EVENT>, Value:1|2|3",
        "Civilian_targeting\tArg:<EVENT>",
        "Geo_precision\tArg:<EVENT>, Value:1|2|3",
    ]
