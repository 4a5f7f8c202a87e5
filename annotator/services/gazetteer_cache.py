"""The gazetteer each process shares: one per set of codebook countries, admin spellings and project
places file, opened from the on-disk index in the user's cache folder (built there on first use)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.assist.places import Gazetteer
    from annotator.domain.codebook import Codebook


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("annotator", appauthor=False))


_gazetteers: dict[str, Gazetteer] = {}
_gazetteers_lock = threading.Lock()


def shared_gazetteer(codebook: Codebook, cache: Path | None = None, places: Path | None = None) -> Gazetteer:
    """One gazetteer per set of codebook countries and admin spellings and project places file
    for the whole process (it opens the on-disk index; the first use on a machine builds it)."""
    from annotator.assist.places import Gazetteer

    key = repr((codebook.countries, codebook.admin_aliases)) + str(places)  # the parts the gazetteer reads
    with _gazetteers_lock:
        found = _gazetteers.get(key)
        if found is None:
            found = _gazetteers[key] = Gazetteer(
                codebook, cache_dir=cache or cache_dir(), project_places=[places] if places else []
            )
    return found
