"""The codebook file: the shipped ACLED codebook loads; broken files get errors naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.codebook import load_codebook
from annotator.domain.errors import CodebookError
from annotator.resources import default_codebook_path


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "book.toml"
    p.write_text(text, encoding="utf-8")
    return p


def _default_text() -> str:
    return default_codebook_path().read_text(encoding="utf-8")


def test_default_codebook_has_the_four_core_labels_with_keys(codebook) -> None:
    for name in ("actor", "location", "action", "date"):
        assert name in codebook.label_by_name
    keys = [lb.key for lb in codebook.labels]
    assert len(keys) == len(set(keys))


def test_actor_types_accept_codes_labels_and_old_names(codebook) -> None:
    assert codebook.actor_type_code(6) == 6
    assert codebook.actor_type_code("6") == 6
    assert codebook.actor_type_code("Protesters") == 6
    assert codebook.actor_type_code("protestors") == 6
    assert codebook.actor_type_code("Communal / Identity Groups") == 4
    assert codebook.actor_type_code("") is None
    assert codebook.actor_type_code(0) is None


@pytest.mark.parametrize("bad", [9, "9", "Soldiers", True, 1.5])
def test_actor_types_reject_other_values(codebook, bad: object) -> None:
    with pytest.raises(ValueError, match="actor"):
        codebook.actor_type_code(bad)


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    p = _write(tmp_path, 'name = "x"\nlabels = [\n')
    with pytest.raises(CodebookError) as err:
        load_codebook(p)
    assert str(p) in str(err.value)
    assert "not valid TOML" in str(err.value)


def test_bad_colour_names_the_key_path(tmp_path: Path) -> None:
    text = _default_text().replace('colour = "#16a34a"', 'colour = "green"', 1)
    with pytest.raises(CodebookError) as err:
        load_codebook(_write(tmp_path, text))
    assert "labels[1].colour" in str(err.value)
    assert "'green' is not a colour" in str(err.value)


def test_unknown_key_is_reported_as_a_spelling_problem(tmp_path: Path) -> None:
    text = _default_text().replace('key = "a"', 'key = "a"\ncolor = "#000000"', 1)
    with pytest.raises(CodebookError) as err:
        load_codebook(_write(tmp_path, text))
    assert "labels[0].color" in str(err.value)
    assert "spelling" in str(err.value)


def test_disorder_type_must_be_declared(tmp_path: Path) -> None:
    text = _default_text().replace('disorder_type = "Demonstrations"', 'disorder_type = "Demonstration"', 1)
    with pytest.raises(CodebookError) as err:
        load_codebook(_write(tmp_path, text))
    assert "disorder_type: 'Demonstration'" in str(err.value)
    assert "event_types[1].sub_event_types[1]" in str(err.value)


def test_duplicate_label_keys_are_refused(tmp_path: Path) -> None:
    text = _default_text().replace('key = "l"', 'key = "a"', 1)
    with pytest.raises(CodebookError, match="key 'a' appears more than once"):
        load_codebook(_write(tmp_path, text))


def test_missing_required_key_is_named(tmp_path: Path) -> None:
    text = _default_text().replace('name = "ACLED"\n', "", 1)
    with pytest.raises(CodebookError) as err:
        load_codebook(_write(tmp_path, text))
    assert "name: is required but missing" in str(err.value)


def test_a_project_can_add_its_own_label(tmp_path: Path) -> None:
    extra = '\n[[labels]]\nname = "weapon"\ncolour = "#0f766e"\nkey = "w"\n'
    text = _default_text().replace("# How the event form groups its fields.", extra + "\n# How the event form", 1)
    book = load_codebook(_write(tmp_path, text))
    assert book.label_by_key["w"].name == "weapon"


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="cannot be read"):
        load_codebook(tmp_path / "nope.toml")


def test_values_of_the_wrong_kind_are_named_with_what_was_expected(tmp_path: Path) -> None:
    text = (
        _default_text()
        .replace("one_sided_allowed = false", 'one_sided_allowed = "maybe"', 1)
        .replace('iso3 = "AFG"', 'iso3 = "afg"', 1)
        .replace('key = "a"', "key = 7", 1)
    )
    with pytest.raises(CodebookError) as err:
        load_codebook(_write(tmp_path, text))
    message = str(err.value)
    # Every problem of the file at once, each with its key path.
    assert "the codebook has 3 problem(s)" in message
    assert "labels[0].key: 7 should be text" in message
    assert "event_types[0].one_sided_allowed: 'maybe' should be true or false" in message
    assert "countries[0].iso3: 'afg' is not an ISO 3166-1 alpha-3 code" in message


def test_numbers_out_of_range_and_empty_lists_are_refused(tmp_path: Path) -> None:
    text = (
        _default_text()
        .replace("code = 1\n", "code = 9\n", 1)
        .replace("regions = [\n", "regions = []\nold_regions = [\n", 1)
    )
    with pytest.raises(CodebookError) as err:
        load_codebook(_write(tmp_path, text))
    assert "actor_types[0].code: 9 should be from 1 to 8" in str(err.value)
    assert "regions: should list at least 1" in str(err.value)


def test_a_consistency_problem_is_reported_only_once_the_parts_read(tmp_path: Path) -> None:
    text = _default_text().replace('key = "l"', 'key = "a"', 1).replace('key = "d"', 'key = "a"', 1)
    with pytest.raises(CodebookError) as err:
        load_codebook(_write(tmp_path, text))
    assert str(err.value).count("key 'a' appears more than once") == 2


def test_values_older_codebooks_wrote_loosely_still_load(tmp_path: Path) -> None:
    # Read as before (pydantic took these): a project's stored codebook must keep loading.
    text = _default_text().replace("one_sided_allowed = false", 'one_sided_allowed = "no"', 1)
    text = text.replace("code = 1\n", 'code = "1"\n', 1)
    book = load_codebook(_write(tmp_path, text))
    assert book.event_types[0].one_sided_allowed is False
    assert book.actor_types[0].code == 1


def test_a_divided_region_gives_each_point_its_part(codebook) -> None:
    shan = next(s for s in codebook.admin_splits if (s.country, s.region) == ("MMR", "Shan"))
    assert shan.part_at(22.54, 97.03) == "Shan-North"  # Kyaukme
    assert shan.part_at(20.45, 99.88) == "Shan-East"  # Tachileik
    assert shan.part_at(20.79, 97.04) == "Shan-South"  # Taunggyi
    assert shan.part_at(20.32, 98.36) == "Shan-South"  # Mong Pan, west of the Salween


@pytest.mark.parametrize(
    "old, new, where, says",
    [
        ('region = "Shan"', 'region = ""', "admin_splits[0].region", "should not be empty"),
        ("min_latitude = 22.0", "min_latitude = 122.0", "admin_splits[0].parts[0].min_latitude", "from -90 to 90"),
        ("min_latitude = 22.0", 'min_latitude = "north"', "admin_splits[0].parts[0].min_latitude", "degrees"),
        ('country = "MMR"\nregion = "Shan"', 'country = "XXX"\nregion = "Shan"', "admin_splits[0].country", "iso3"),
        ('[state_forces.MLI]\nmilitary = ["FAMa"', '[state_forces.MLI]\nnavy = ["FAMa"', "state_forces.MLI.navy",
         "not a kind of force"),
        ('[state_forces.MLI]\nmilitary = ["FAMa"', '[state_forces.XXX]\nmilitary = ["FAMa"', "state_forces.XXX",
         "not the iso3"),
        ('[state_forces.MLI]\nmilitary = ["FAMa"', '[state_forces.MLI]\nmilitary = [3', "state_forces.MLI.military[0]",
         "should be text"),
        ('admin1_from_admin2 = ["SRB"]', 'admin1_from_admin2 = ["SRX"]', "admin1_from_admin2", "iso3"),
        ('admin1_from_admin2 = ["SRB"]', 'admin1_from_admin2 = "SRB"', "admin1_from_admin2", "list"),
        ('formerly = ["VDP: Volunteers for the Defense of the Homeland"]', "formerly = [3]", "].formerly[0]",
         "should be text"),
    ],
)  # fmt: skip
def test_a_bad_region_division_or_state_force_name_names_its_key(
    tmp_path: Path, old: str, new: str, where: str, says: str
) -> None:
    text = _default_text()
    assert old in text
    with pytest.raises(CodebookError) as err:
        load_codebook(_write(tmp_path, text.replace(old, new, 1)))
    assert where in str(err.value)
    assert says in str(err.value)
