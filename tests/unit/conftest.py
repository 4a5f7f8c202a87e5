"""Fixtures the unit tests of the assists share: the shipped codebook, the bundled gazetteer (built
once per machine into a fixed temporary folder and then only opened) and an engine over both with
the codebook's actors."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from annotator.assist import ActorDictionary, Gazetteer, SuggestionEngine
from annotator.domain.codebook import Codebook, load_codebook

GAZETTEER_CACHE = Path(tempfile.gettempdir()) / "annotator-test-gazetteer"


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook(Path(__file__).parents[2] / "resources" / "codebooks" / "acled.toml")


@pytest.fixture(scope="module")
def gazetteer(codebook: Codebook) -> Gazetteer:
    return Gazetteer(codebook, cache_dir=GAZETTEER_CACHE)


@pytest.fixture(scope="module")
def engine(codebook: Codebook, gazetteer: Gazetteer) -> SuggestionEngine:
    return SuggestionEngine(codebook, gazetteer, ActorDictionary(codebook, countries=gazetteer.countries))
