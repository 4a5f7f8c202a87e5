"""Where the shipped resources (codebooks, samples, icons, styles) are.

In a wheel they are packaged as ``annotator/resources``; in a source checkout they sit in the
top-level ``resources/`` folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if (candidate / "codebooks").is_dir():
            return candidate
    raise FileNotFoundError("Annotator's resources folder is missing; reinstall the package")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def default_codebook_path() -> Path:
    return resource_path("codebooks", "acled.toml")


def samples_dir() -> Path:
    return resource_path("samples")
