"""A real spreadsheet opens the ACLED export: LibreOffice, headless, converts it and runs no formula.

Needs ``soffice`` (Debian: ``apt-get install -y --no-install-recommends libreoffice-calc-nogui``).
Skipped where it is missing, except under CI (the CI variable set), where that is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from annotator.services.export_datasets import DatasetFormat, ExportOptions, export_dataset
from annotator.services.importing import import_paths
from annotator.store.repository import events_t

CODED = Path(__file__).parent.parent / "fixtures" / "export" / "coded.jsonl"

# Cells a spreadsheet would run, put where coders' text goes: notes, actor names, places, sources, tags.
HOSTILE = {
    "MLI1": {
        "notes": "=1+2",
        "actor1": "+3+4",
        "actor2": "-5+6",
        "assoc_actor_1": "@SUM(1,2)",
        "admin1": "\t=7+8",
        "location": "   =9+10",
        "source": '=HYPERLINK("http://evil.example","x")',
    },
    "MLI2": {
        "notes": "  -1+1",
        "actor1": "@A1",
        "admin2": "\u00a0=2*3",
        "tags": "+crowd size=50",
        "source_scale": "-National",
    },
    "SYR1": {"notes": "\t@SUM(9,9)", "actor2": "  +1", "assoc_actor_2": "=cmd|' /C calc'!A0"},
}


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    reason = (
        "LibreOffice (soffice) is not installed; on Debian: "
        "apt-get install -y --no-install-recommends libreoffice-calc-nogui"
    )
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run this test)")
    pytest.skip(reason)


def _to_ods(soffice: str, csv_path: Path, work: Path) -> str:
    """Convert with LibreOffice's CSV import (comma, double quote, UTF-8) and return content.xml."""
    profile = work / "profile"
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "ods",
            "--outdir",
            str(work),
            str(csv_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    ods = work / (csv_path.stem + ".ods")
    with zipfile.ZipFile(ods) as archive:
        return archive.read("content.xml").decode("utf-8")


def _formulas(content: str) -> list[str]:
    return re.findall(r'table:formula="([^"]*)"', content)


@pytest.fixture
def hostile(sqlite_project):  # type: ignore[no-untyped-def]
    import_paths(sqlite_project, [CODED])
    with sqlite_project.engine.begin() as conn:
        for event_id, values in HOSTILE.items():
            conn.execute(update(events_t).where(events_t.c.event_id_cnty == event_id).values(**values))
    return sqlite_project


def test_libreoffice_runs_no_formula_from_an_export(hostile: Any, tmp_path: Path) -> None:
    soffice = _soffice()
    safe_csv = tmp_path / "safe.csv"
    raw_csv = tmp_path / "raw.csv"
    export_dataset(hostile, ExportOptions(DatasetFormat.ACLED, safe_csv, annotations="all"))
    export_dataset(hostile, ExportOptions(DatasetFormat.ACLED, raw_csv, annotations="all", neutralise_formulas=False))
    # The control: the same cells, written raw, do become formulas in this LibreOffice.
    raw_formulas = _formulas(_to_ods(soffice, raw_csv, tmp_path))
    assert "of:=1+2" in raw_formulas, raw_formulas
    content = _to_ods(soffice, safe_csv, tmp_path)
    assert _formulas(content) == []
    # The neutralised cells arrive as text, quote and all.
    assert "&apos;=1+2" in content and "&apos;=cmd|&apos; /C calc&apos;!A0" in content
