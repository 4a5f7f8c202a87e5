"""The project's own gazetteer (issue #13, point 2 and 3): ``annotator gazetteer add`` with a
GeoNames extract or a CSV, on SQLite and PostgreSQL; coded places ranking first; admin spellings
from the codebook."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import tempfile
import zipfile
from pathlib import Path

import pytest

from annotator.assist.places import Gazetteer
from annotator.cli import main
from annotator.domain.codebook import Codebook, load_codebook
from annotator.domain.errors import InputError
from annotator.services.annotate import AddSpan, CreateEvent, SetRef, apply
from annotator.services.gazetteer import add_places, count_places, project_places_file
from annotator.services.importing import import_paths
from annotator.services.project_learning import project_learning
from annotator.services.suggestions import build_engine
from annotator.services.workspace import article_ids

ROOT = Path(__file__).parents[2]
CACHE = Path(tempfile.gettempdir()) / "annotator-test-gazetteer"


def geonames_line(gid: int, name: str, alternates: str, lat: float, lon: float, fclass: str, fcode: str, cc: str,
                  admin1: str, population: int = 0) -> str:  # fmt: skip
    """One line of the GeoNames dump's 19 tab-separated columns."""
    cols = [str(gid), name, name, alternates, str(lat), str(lon), fclass, fcode, cc, "", admin1, "", "", "",
            str(population), "", "250", "Africa/Porto-Novo", "2024-01-01"]  # fmt: skip
    return "\t".join(cols)


# Two villages the bundled data does not have, and a hill, which is not a populated place.
EXTRACT = "\n".join([
    geonames_line(9_900_001, "Kofounou", "Kofouno,Kofounu", 12.0455, 3.1338, "P", "PPL", "BJ", "07"),
    geonames_line(9_900_002, "Qesirdib", "Qasr Dib", 37.1502, 42.1203, "P", "PPL", "SY", "01", 310),
    geonames_line(9_900_003, "Mont Kofounou", "", 12.05, 3.14, "T", "HLL", "BJ", "07"),
]) + "\n"  # fmt: skip


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook(ROOT / "resources" / "codebooks" / "acled.toml")


@pytest.fixture(scope="module")
def bundled(codebook: Codebook) -> Gazetteer:
    g = Gazetteer(codebook, cache_dir=CACHE)
    g.load()
    return g


def _suggested_places(project, cache: Path, text: str) -> list[dict]:  # type: ignore[no-untyped-def]
    engine = build_engine(project.codebook, project_learning(project), CACHE, project_places_file(project, cache))
    found = engine.suggest(text, published=dt.date(2022, 12, 30))
    return [s.value for s in found if s.label == "location"]


def test_a_geonames_extract_loads_and_its_villages_are_found(project, bundled: Gazetteer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert _suggested_places(project, tmp_path, "Gunmen attacked Kofounou in Benin on Tuesday.") == []
    extract = tmp_path / "BJ.txt"
    extract.write_text(EXTRACT, encoding="utf-8")
    report = add_places(project, extract, gazetteer=bundled)
    assert (report.added, report.skipped, count_places(project)) == (2, 1, 2)
    places = _suggested_places(project, tmp_path, "Gunmen attacked Kofounou in Benin on Tuesday.")
    assert [(p["location"], p["admin1"], p["country"], p["latitude"]) for p in places] == [
        ("Kofounou", "Alibori", "Benin", 12.0455)
    ]
    # Its alternate names, and the admin names resolved from the extract's codes.
    engine_places = _suggested_places(project, tmp_path, "Clashes near Qasr Dib, Syria.")
    assert [(p["location"], p["admin1"], p["geo_precision"]) for p in engine_places] == [("Qesirdib", "Al Hasakeh", 2)]
    # The place search (Ctrl+G) finds them too, by prefix.
    from annotator.services.gazetteer import place_lookup

    lookup = place_lookup(project, cache=tmp_path)
    lookup.prepare()
    assert [o.location for o in lookup.search("Kofou", country="Benin")][:1] == ["Kofounou"]


def test_a_zipped_extract_and_a_csv_load(project, bundled: Gazetteer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "BJ.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("BJ.txt", EXTRACT)
        z.writestr("readme.txt", "GeoNames")
    assert add_places(project, archive, gazetteer=bundled).added == 2
    places = tmp_path / "villages.csv"
    places.write_text(
        "name,alternate_names,latitude,longitude,country,admin1,admin2\n"
        "Gorou,Gorou Peulh;Goru,11.98,3.25,Benin,Alibori,Karimama\n",
        encoding="utf-8",
    )
    assert add_places(project, places, gazetteer=bundled).added == 1
    found = _suggested_places(project, tmp_path, "Residents fled Gorou Peulh, Benin.")
    assert [(p["location"], p["admin1"], p["admin2"]) for p in found] == [("Gorou", "Alibori", "Karimama")]


@pytest.mark.parametrize(
    ("bad_line", "where", "why"),
    [
        (geonames_line(9_900_004, "Bad", "", 112.0, 3.1, "P", "PPL", "BJ", "07"), "line 3", "latitude"),
        ("9900005\tShort\tline", "line 3", "19 tab-separated columns"),
        (geonames_line(9_900_006, "Bad", "", 12.0, 3.1, "P", "PPL", "XX", "07"), "line 3", "country"),
    ],
)
def test_a_malformed_extract_is_refused_with_its_line_and_nothing_is_loaded(  # type: ignore[no-untyped-def]
    project, bundled: Gazetteer, tmp_path: Path, bad_line: str, where: str, why: str
) -> None:
    extract = tmp_path / "BJ.txt"
    extract.write_text(EXTRACT.splitlines()[0] + "\n" + EXTRACT.splitlines()[1] + "\n" + bad_line + "\n", "utf-8")
    with pytest.raises(InputError) as caught:
        add_places(project, extract, gazetteer=bundled)
    assert where in str(caught.value) and why in str(caught.value) and "BJ.txt" in str(caught.value)
    assert count_places(project) == 0


def test_a_malformed_csv_is_refused_with_its_line(project, bundled: Gazetteer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    places = tmp_path / "villages.csv"
    places.write_text("name,latitude,longitude,country\nGorou,11.98,3.25,Benin\nGoru,north,3.2,Benin\n", "utf-8")
    with pytest.raises(InputError, match=r"villages.csv, line 3, field 'latitude'"):
        add_places(project, places, gazetteer=bundled)
    assert count_places(project) == 0
    places.write_text("name,lat,lon\nGorou,11.98,3.25\n", "utf-8")
    with pytest.raises(InputError, match="missing country, latitude, longitude"):
        add_places(project, places, gazetteer=bundled)


def test_the_command_says_what_it_loaded_and_names_the_bad_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "p.db")
    extract = tmp_path / "BJ.txt"
    extract.write_text(EXTRACT, encoding="utf-8")
    assert main(["gazetteer", "add", str(extract), "--db", db]) == 0
    assert (
        capsys.readouterr()
        .out.strip()
        .endswith(
            "Added 2 places from BJ.txt (left out: 1 feature that is not a populated place, such as a river or a hill)."
        )
    )
    extract.write_text(EXTRACT + "not a line\n", encoding="utf-8")
    assert main(["gazetteer", "add", str(extract), "--db", db]) == 1
    assert "BJ.txt, line 4" in capsys.readouterr().err
    assert main(["gazetteer", "count", "--db", db]) == 0
    assert capsys.readouterr().out.strip() == "2"


def _import_text(project, tmp_path: Path, text: str) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "a", "text": text, "published": "2024-06-12"}) + "\n", encoding="utf-8")
    import_paths(project, [source])


def _code_location(project, text: str, evidence: str, fields: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    """The imported article's event, coded by "amal" at the place ``fields`` give, with
    ``evidence`` (a stretch of ``text``) linked to its location."""
    ref = SetRef(article_ids(project, "amal")[0], "amal")
    start = text.index(evidence)
    apply(project, AddSpan(ref, start, start + len(evidence), "location", key="s1"))
    apply(project, CreateEvent(ref, values=tuple(fields.items()), evidence=(("location", ("s1",)),)))


def test_coded_places_rank_first_and_their_evidence_becomes_a_name(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A place the project coded is suggested before any namesake, also under the text a coder
    linked to it ("Tripoli" coded once to the Lebanese city, and "Bab al-Tabbaneh" as evidence)."""
    text = "Clashes in Bab al-Tabbaneh, Tripoli, left two dead."
    _import_text(project, tmp_path, text)
    assert [p["country"] for p in _suggested_places(project, tmp_path, "Clashes in Tripoli.")] == ["Libya"]
    fields = {"country": "Lebanon", "admin1": "North", "admin2": "Tripoli", "admin3": "", "location": "Tripoli",
              "latitude": 34.4367, "longitude": 35.8497, "geo_precision": 1}  # fmt: skip
    _code_location(project, text, "Bab al-Tabbaneh", fields)
    found = _suggested_places(project, tmp_path, "Clashes in Tripoli.")
    assert [(p["location"], p["admin1"], p["country"], p["feature"], p["ambiguous"]) for p in found] == [
        ("Tripoli", "North", "Lebanon", "coded", False)
    ]
    by_evidence = _suggested_places(project, tmp_path, "Snipers in Bab al-Tabbaneh again.")
    assert [(p["location"], p["admin1"]) for p in by_evidence] == [("Tripoli", "North")]


def test_a_coded_place_gives_way_to_the_namesake_whose_region_the_text_names(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The project coded the Springfield of Missouri: a bare "Springfield" is that one, but an
    article that says "Springfield, Illinois" means Illinois's (also when it names the country,
    which makes the coded one look settled)."""
    text = "American farmers marched in Springfield on Monday."
    _import_text(project, tmp_path, text)
    fields = {"country": "United States", "admin1": "Missouri", "admin2": "Greene", "admin3": "",
              "location": "Springfield", "latitude": 37.2153, "longitude": -93.2982, "geo_precision": 1}  # fmt: skip
    _code_location(project, text, "Springfield", fields)
    bare = _suggested_places(project, tmp_path, text)
    assert [(p["location"], p["admin1"], p["feature"]) for p in bare] == [("Springfield", "Missouri", "coded")]
    named = _suggested_places(project, tmp_path, "American farmers marched in Springfield, Illinois, on Monday.")
    town = next(p for p in named if p["location"] == "Springfield")
    assert (town["admin1"], town["feature"]) == ("Illinois", "populated place")
    assert abs(town["latitude"] - 39.80) < 0.1 and town["admin_named"] is True


def test_a_coded_spelling_gives_way_to_another_spellings_place_in_the_named_province(
    project, bundled: Gazetteer, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Afghanistan has a Dowlatabad in Balkh and one in Faryab. The project coded "Dawlat Abad" as
    the one in Balkh: a bare mention is that one, but "Dawlat Abad district, Faryab" is Faryab's,
    which the gazetteer spells another way."""
    balkh = next(c for c in bundled.lookup("Dowlatabad", context_countries=["Afghanistan"]) if c.admin1 == "Balkh")
    text = "Afghan commandos raided a compound in Dawlat Abad on Friday."
    _import_text(project, tmp_path, text)
    fields = {"country": "Afghanistan", "admin1": "Balkh", "admin2": "", "admin3": "", "location": "Dawlat Abad",
              "latitude": balkh.latitude, "longitude": balkh.longitude, "geo_precision": 1}  # fmt: skip
    _code_location(project, text, "Dawlat Abad", fields)
    bare = _suggested_places(project, tmp_path, text)
    assert [(p["location"], p["admin1"], p["feature"]) for p in bare] == [("Dawlat Abad", "Balkh", "coded")]
    named = _suggested_places(project, tmp_path, "Afghan commandos raided a compound in Dawlat Abad district, Faryab.")
    assert (named[0]["location"], named[0]["admin1"], named[0]["admin_named"]) == ("Dowlatabad", "Faryab", True)
    assert ("Dawlat Abad", "Balkh") in [(c["location"], c["admin1"]) for c in named[0]["candidates"]]  # offered still


def test_the_codebook_spells_admin_names_its_own_way(codebook: Codebook) -> None:
    """ACLED writes "Idleb", "Banadir", "Erbil"; the gazetteer has other spellings."""
    g = Gazetteer(codebook, cache_dir=CACHE)
    assert g.lookup("Saraqib", context_countries=["Syria"])[0].admin1 == "Idleb"
    assert g.lookup("Mogadishu")[0].admin1 == "Banadir"
    assert g.lookup("Erbil", context_countries=["Iraq"])[0].admin1 == "Erbil"
    assert g.lookup("Marka", context_countries=["Somalia"])[0].admin1 == "Lower Shabelle"  # GeoNames: Shabeelle
    plain = Gazetteer(dataclasses.replace(codebook, admin_aliases={}), cache_dir=CACHE)
    assert plain.lookup("Saraqib", context_countries=["Syria"])[0].admin1 == "Idlib"
