"""Derivation rules: every valid interaction code and every sub-event type, from ACLED's codebook."""

from __future__ import annotations

import datetime as dt

import pytest

from annotator.domain import acled, fields

# ACLED codebook Table 3: the valid interaction codes.
VALID_CODES = [
    10,
    11,
    12,
    13,
    14,
    15,
    16,
    17,
    18,
    20,
    22,
    23,
    24,
    25,
    26,
    27,
    28,
    30,
    33,
    34,
    35,
    36,
    37,
    38,
    40,
    44,
    45,
    46,
    47,
    48,
    50,
    55,
    56,
    57,
    58,
    60,
    66,
    67,
    68,
    70,
    77,
    78,
    80,
    88,
]

LABELS = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

# ACLED codebook Table 2, written out: sub-event type -> (event type, disorder type).
SUB_EVENTS = {
    "Government regains territory": ("Battles", "Political violence"),
    "Non-state actor overtakes territory": ("Battles", "Political violence"),
    "Armed clash": ("Battles", "Political violence"),
    "Excessive force against protesters": ("Protests", "Political violence; Demonstrations"),
    "Protest with intervention": ("Protests", "Demonstrations"),
    "Peaceful protest": ("Protests", "Demonstrations"),
    "Violent demonstration": ("Riots", "Demonstrations"),
    "Mob violence": ("Riots", "Political violence"),
    "Chemical weapon": ("Explosions/Remote violence", "Political violence"),
    "Air/drone strike": ("Explosions/Remote violence", "Political violence"),
    "Suicide bomb": ("Explosions/Remote violence", "Political violence"),
    "Shelling/artillery/missile attack": ("Explosions/Remote violence", "Political violence"),
    "Remote explosive/landmine/IED": ("Explosions/Remote violence", "Political violence"),
    "Grenade": ("Explosions/Remote violence", "Political violence"),
    "Sexual violence": ("Violence against civilians", "Political violence"),
    "Attack": ("Violence against civilians", "Political violence"),
    "Abduction/forced disappearance": ("Violence against civilians", "Political violence"),
    "Agreement": ("Strategic developments", "Strategic developments"),
    "Arrests": ("Strategic developments", "Strategic developments"),
    "Change to group/activity": ("Strategic developments", "Strategic developments"),
    "Disrupted weapons use": ("Strategic developments", "Strategic developments"),
    "Headquarters or base established": ("Strategic developments", "Strategic developments"),
    "Looting/property destruction": ("Strategic developments", "Strategic developments"),
    "Non-violent transfer of territory": ("Strategic developments", "Strategic developments"),
    "Other": ("Strategic developments", "Strategic developments"),
}


def test_the_rule_generates_exactly_acleds_valid_codes() -> None:
    assert list(acled.VALID_INTERACTIONS) == VALID_CODES


@pytest.mark.parametrize("code", VALID_CODES)
def test_every_valid_interaction_is_derived_from_either_actor_order(code: int) -> None:
    first, second = divmod(code, 10)
    if second == 0:
        assert acled.interaction_code(first, None) == code
        assert acled.interaction_code(None, first) == code
    else:
        assert acled.interaction_code(first, second) == code
        assert acled.interaction_code(second, first) == code


@pytest.mark.parametrize("code", VALID_CODES)
def test_every_valid_interaction_has_acleds_text_form(code: int) -> None:
    first, second = divmod(code, 10)
    text = acled.interaction_text(code, LABELS)
    if second == 0:
        assert text == f"{LABELS[first]} only"
    elif code == 78:
        assert text == "External/Other forces-Civilians"
    else:
        assert text == f"{LABELS[first]}-{LABELS[second]}"


def test_examples_from_real_rows() -> None:
    assert acled.interaction_code(3, 7) == 37  # BEN876: unidentified armed group vs civilians
    assert acled.interaction_code(7, 1) == 17
    assert acled.interaction_code(6, None) == 60
    assert acled.interaction_text(37, LABELS) == "Political militia-Civilians"
    assert acled.interaction_code(None, None) is None


@pytest.mark.parametrize(("sub", "expected"), sorted(SUB_EVENTS.items()))
def test_every_sub_event_type_derives_its_event_and_disorder_type(
    codebook, sub: str, expected: tuple[str, str]
) -> None:
    event_type, disorder = expected
    assert codebook.event_type_of(sub) == event_type
    assert codebook.disorder_type(sub) == disorder
    assert sub in codebook.sub_event_types_for(event_type)


def test_codebook_has_exactly_acleds_sub_event_types(codebook) -> None:
    assert set(codebook.sub_event_index) == set(SUB_EVENTS)
    assert len(codebook.event_types) == 6


def test_derive_year_iso_region_from_fields(codebook) -> None:
    derived = codebook.derive(dt.date(2022, 12, 27), "Attack", 3, 7, "Benin")
    assert derived == {
        "year": 2022,
        "disorder_type": "Political violence",
        "interaction": 37,
        "iso": 204,
        "region": "Western Africa",
    }


def test_derive_leaves_unknowns_blank(codebook) -> None:
    assert codebook.derive(None, "", None, None, "") == {
        "year": None,
        "disorder_type": "",
        "interaction": None,
        "iso": None,
        "region": "",
    }


def test_event_ids_parse_and_format() -> None:
    assert acled.parse_event_id("ETH9766") == ("ETH", 9766)
    assert acled.format_event_id("BEN", 876) == "BEN876"
    for bad in ("eth12", "ET12", "ETH", "ETH12a", ""):
        with pytest.raises(ValueError, match="not an ACLED event id"):
            acled.parse_event_id(bad)


def test_multi_valued_fields_join_with_semicolon_space() -> None:
    assert fields.join_multi([" Labor Group (Spain)", "Women (Spain) ", ""]) == "Labor Group (Spain); Women (Spain)"
    assert fields.split_multi("a;b ;  c") == ["a", "b", "c"]


def test_column_layout_is_acleds_31_columns() -> None:
    assert len(acled.COLUMNS) == 31
    assert acled.COLUMNS[0] == "event_id_cnty" and acled.COLUMNS[-1] == "timestamp"
    assert acled.COLUMNS.index("civilian_targeting") == 14
