"""File > Export…: the dataset exports of ``annotator export`` in one dialog.

The same options as the command line (format, annotation sets, status/date/country filters, the ACLED
and CoNLL options), run on a worker thread with a progress bar and Cancel (Esc cancels too), and
remembered for next time. Everything that can go wrong is said once, inside the dialog: a summary
with "Open folder" on success; the list of events that break the codebook (article, event, coder,
field, reason) when the ACLED export refuses to write; "nothing was written" when cancelled; a
plain sentence for any other problem. Never a message box per problem, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QDate, QPoint, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import UserError
from annotator.formats.acled_csv import DateStyle, InterStyle
from annotator.formats.conll import DocMarker
from annotator.services import export_datasets
from annotator.services.export_datasets import (
    DatasetFormat,
    ExportOptions,
    ExportResult,
    InvalidEventsError,
    coder_choices,
)
from annotator.services.progress import Cancelled
from annotator.ui.common.tasks import LongTask, TaskRunner

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex
    from PySide6.QtGui import QCloseEvent, QShowEvent

    from annotator.formats.acled_csv import Problem
    from annotator.services.project import Project
    from annotator.ui.common.settings import Settings

SETTINGS_KEY = "export/choices"
CANCELLED_TEXT = "Export cancelled; nothing was written."

# (label in the format list, file-name stem, suffix ("" for a folder), file-dialog filter)
FORMATS: dict[DatasetFormat, tuple[str, str, str, str]] = {
    DatasetFormat.ACLED: (
        "ACLED CSV: one row per event, ACLED's 31 columns",
        "acled-export",
        ".csv",
        "CSV files (*.csv)",
    ),
    DatasetFormat.JSONL: ("JSONL: everything, for re-import", "annotations", ".jsonl", "JSON Lines (*.jsonl)"),
    DatasetFormat.BRAT: ("brat standoff: a folder of .txt and .ann files", "brat-export", "", ""),
    DatasetFormat.CONLL: ("CoNLL: BIO-tagged tokens for NER", "conll-export", ".conll", "CoNLL files (*.conll *.txt)"),
}
FORMAT_NOTES = {
    DatasetFormat.ACLED: "",
    DatasetFormat.JSONL: (
        "Every article with its text, spans and events, in the interchange format that 'annotator import' reads back."
    ),
    DatasetFormat.BRAT: (
        "A folder with one .txt and one .ann file per annotation set, and an annotation.conf. "
        "Exporting again to the same folder replaces it."
    ),
    DatasetFormat.CONLL: "",
}
STATUSES = (("not_started", "Not started"), ("in_progress", "In progress"), ("done", "Done"))
DEFAULTS: dict[str, Any] = {
    "format": DatasetFormat.ACLED.value,
    "folder": "",
    "annotations": "auto",
    "statuses": [s for s, _ in STATUSES],
    "date_from": "",
    "date_to": "",
    "countries": "",
    "date_style": DateStyle.ISO.value,
    "inter_style": InterStyle.TEXT.value,
    "coder_column": "auto",
    "excel": False,
    "neutralise_formulas": True,
    "skip_invalid": False,
    "conll_marker": DocMarker.DOCSTART.value,
}


def load_choices(settings: Settings) -> dict[str, Any]:
    """The choices of the last export (defaults for anything missing or unreadable)."""
    choices = dict(DEFAULTS)
    raw = settings.bytes(SETTINGS_KEY)
    if raw is not None:
        try:
            saved = json.loads(bytes(raw.data()).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            saved = None
        if isinstance(saved, dict):
            choices.update({k: v for k, v in saved.items() if k in DEFAULTS and type(v) is type(DEFAULTS[k])})
    return choices


def save_choices(settings: Settings, choices: dict[str, Any]) -> None:
    # One JSON value kept as bytes: Settings reads bytes back through its public API, and the
    # export's choices stay together under one key.
    settings.set(SETTINGS_KEY, QByteArray(json.dumps(choices, sort_keys=True).encode("utf-8")))
    settings.sync()


def suggested_name(fmt: DatasetFormat, today: dt.date | None = None) -> str:
    _, stem, suffix, _ = FORMATS[fmt]
    return f"{stem}-{(today or dt.date.today()).isoformat()}{suffix}"


def default_folder() -> str:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and os.path.isdir(docs) else str(Path.home())


def open_folder(path: Path) -> bool:
    """Show ``path`` in the platform's file manager (a module function, so tests can replace it)."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text and not text.startswith(("/", "\\")) else text


class _ListCompleter(QCompleter):
    """Completes the last name of a comma-separated list, keeping the names before it."""

    _head = ""

    def splitPath(self, path: str) -> list[str]:
        # Called as the user types (not when a highlighted completion is shown), so ``path`` is typed text.
        head, _, last = path.rpartition(",")
        self._head = f"{head.strip()}, " if head.strip() else ""
        return [last.strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return f"{self._head}{super().pathFromIndex(index)}, "


class ExportDialog(QDialog):
    def __init__(
        self, project: Project, settings: Settings, parent: QWidget | None = None, *, tasks: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self.project = project
        self.settings = settings
        self.result_: ExportResult | None = None
        self.error: BaseException | None = None
        self._suggested = True  # the path is one we proposed, so a format change may rename it
        self._close_when_done = False
        self._last_format = DatasetFormat.ACLED
        self._what = "Exporting"
        self._canonical = {name.casefold(): c.name for name, c in project.codebook.country_by_name.items()}
        # The export runs as long work on the task runner's pool; the coder list is a read.
        self.tasks = tasks if tasks is not None else TaskRunner(parent=self)
        self._task: LongTask[ExportResult] | None = None
        self._build()
        self.restore(load_choices(settings))

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        self.forms: list[QFormLayout] = []
        top = QFormLayout()
        self.forms.append(top)
        top.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.format = QComboBox()
        for fmt, (label, *_rest) in FORMATS.items():
            self.format.addItem(label, fmt.value)
        self.format.currentIndexChanged.connect(self._format_changed)
        top.addRow("&Format:", self.format)

        self.path = QLineEdit()
        self.path.setClearButtonEnabled(True)
        self.path.textEdited.connect(self._path_edited)
        self.path.textChanged.connect(self._check_path)
        self.browse = QPushButton("&Browse…")
        self.browse.clicked.connect(self.choose_path)
        path_row = QHBoxLayout()
        path_row.setSpacing(6)
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse)
        path_box = QWidget()
        path_box_layout = QVBoxLayout(path_box)
        path_box_layout.setContentsMargins(0, 0, 0, 0)
        path_box_layout.setSpacing(2)
        path_box_layout.addLayout(path_row)
        self.path_note = QLabel("")
        self.path_note.setObjectName("muted")
        self.path_note.setWordWrap(True)
        self.path_note.hide()
        path_box_layout.addWidget(self.path_note)
        self.path_label = QLabel("&Save to:")
        self.path_label.setBuddy(self.path)
        top.addRow(self.path_label, path_box)

        self.annotations = QComboBox()
        self.annotations.addItem("Auto: gold where an article has it, else every coder", "auto")
        self.annotations.addItem("Gold only", "gold")
        self.annotations.addItem("All: gold and every coder", "all")
        project = self.project
        self.tasks.run_db(lambda: coder_choices(project), self._coders_arrived, channel="coders")
        self.annotations.setToolTip("Which annotation sets to export. For JSONL, Auto means All.")
        top.addRow("&Annotations:", self.annotations)
        layout.addLayout(top)

        # Filters (ACLED, brat, CoNLL).
        self.filters = QGroupBox("Filters")
        filters = QFormLayout(self.filters)
        self.forms.append(filters)
        status_row = QHBoxLayout()
        status_row.setSpacing(14)
        self.status_boxes: dict[str, QCheckBox] = {}
        for value, text in STATUSES:
            box = QCheckBox(text)
            self.status_boxes[value] = box
            status_row.addWidget(box)
        status_row.addStretch(1)
        filters.addRow("Status:", status_row)

        self.from_on = QCheckBox("Fro&m")
        self.date_from = self._date_edit()
        self.to_on = QCheckBox("&To")
        self.date_to = self._date_edit()
        self.from_on.toggled.connect(self.date_from.setEnabled)
        self.to_on.toggled.connect(self.date_to.setEnabled)
        dates_row = QHBoxLayout()
        dates_row.setSpacing(6)
        dates_row.addWidget(self.from_on)
        dates_row.addWidget(self.date_from)
        dates_row.addSpacing(16)
        dates_row.addWidget(self.to_on)
        dates_row.addWidget(self.date_to)
        dates_row.addStretch(1)
        filters.addRow("Event dates:", dates_row)

        self.countries = QLineEdit()
        self.countries.setPlaceholderText("All countries, or names separated by commas: Nigeria, Mali")
        self.countries.setClearButtonEnabled(True)
        completer = _ListCompleter(sorted(c.name for c in self.project.codebook.countries), self.countries)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.countries.setCompleter(completer)
        filters.addRow("&Countries:", self.countries)
        self.filters_note = QLabel("These filters apply to ACLED, brat and CoNLL, not to JSONL.")
        self.filters_note.setObjectName("muted")
        filters.addRow(self.filters_note)
        layout.addWidget(self.filters)

        # Options of the chosen format: one page shown at a time, and the dialog fits the one shown.
        self.options = QWidget()
        pages_layout = QVBoxLayout(self.options)
        pages_layout.setContentsMargins(0, 0, 0, 0)
        self.pages: dict[DatasetFormat, QWidget] = {}
        self.pages[DatasetFormat.ACLED] = self._acled_page()
        self.pages[DatasetFormat.CONLL] = self._conll_page()
        for fmt in (DatasetFormat.JSONL, DatasetFormat.BRAT):
            self.pages[fmt] = self._note_page(fmt)
        for fmt in FORMATS:
            pages_layout.addWidget(self.pages[fmt])
        layout.addWidget(self.options)

        # Progress and outcome.
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.message = QLabel("")
        self.message.setObjectName("muted")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)
        self.problems = QTreeWidget()
        self.problems.setObjectName("exportProblems")
        self.problems.setColumnCount(5)
        self.problems.setHeaderLabels(["Article", "Event", "Coder", "Field", "Reason"])
        self.problems.setRootIsDecorated(False)
        self.problems.setUniformRowHeights(True)
        self.problems.setAlternatingRowColors(True)
        self.problems.setMinimumHeight(150)
        header = self.problems.header()
        header.setStretchLastSection(True)
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.problems.hide()
        layout.addWidget(self.problems, 1)

        buttons = QHBoxLayout()
        self.open_button = QPushButton("&Open folder")
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_output_folder)
        self.open_button.hide()
        self.skip_button = QPushButton("Skip &invalid events and export")
        self.skip_button.setAutoDefault(False)
        self.skip_button.setToolTip("Tick “Skip invalid events” and export the valid rows")
        self.skip_button.clicked.connect(self._export_skipping)
        self.skip_button.hide()
        self.close_button = QPushButton("Close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.export_button = QPushButton("&Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.export_button)
        layout.addLayout(buttons)

        self._align_forms()
        self.setMinimumWidth(640)

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setDate(QDate.currentDate())
        edit.setEnabled(False)
        return edit

    def _acled_page(self) -> QWidget:
        box = QGroupBox("ACLED CSV")
        form = QFormLayout(box)
        self.date_style = QComboBox()
        self.date_style.addItem("ISO: 2024-06-30", DateStyle.ISO.value)
        self.date_style.addItem("Legacy: 30 June 2024", DateStyle.LEGACY.value)
        form.addRow("&Dates:", self.date_style)
        self.inter_style = QComboBox()
        self.inter_style.addItem("Text: State forces, State forces-Civilians", InterStyle.TEXT.value)
        self.inter_style.addItem("Numeric codes: 1, 17", InterStyle.NUMERIC.value)
        form.addRow("Actor t&ypes:", self.inter_style)
        self.coder_column = QComboBox()
        self.coder_column.addItem("Automatic: when rows can come from coders' sets", "auto")
        self.coder_column.addItem("Always", "yes")
        self.coder_column.addItem("Never (exactly ACLED's 31 columns)", "no")
        form.addRow("Coder co&lumn:", self.coder_column)
        self.excel = QCheckBox("For E&xcel: UTF-8 with a byte-order mark")
        self.neutralise = QCheckBox("&Neutralise formulas")
        self.skip_invalid = QCheckBox("S&kip invalid events")
        checks = QVBoxLayout()
        checks.setSpacing(2)
        checks.setContentsMargins(0, 6, 0, 0)
        for box_, hint in (
            (self.excel, ""),
            (self.neutralise, "Cells starting with = + - @ get a leading ' so spreadsheets show them as text."),
            (self.skip_invalid, "Write the valid rows and list the rest; otherwise an invalid event stops the export."),
        ):
            checks.addWidget(box_)
            if hint:
                checks.addWidget(self._hint(hint))
            checks.addSpacing(4)
        form.addRow(checks)
        self.forms.append(form)
        return box

    def _conll_page(self) -> QWidget:
        box = QGroupBox("CoNLL")
        form = QFormLayout(box)
        self.conll_marker = QComboBox()
        self.conll_marker.addItem("-DOCSTART- -X- O O lines", DocMarker.DOCSTART.value)
        self.conll_marker.addItem("# doc_id = … comments", DocMarker.COMMENT.value)
        form.addRow("Document ma&rker:", self.conll_marker)
        self.forms.append(form)
        form.addRow(
            self._hint("Overlapping spans cannot all be tagged; the summary says how many were left out.", indent=False)
        )
        return box

    def _note_page(self, fmt: DatasetFormat) -> QWidget:
        box = QGroupBox(FORMATS[fmt][0].split(":")[0])
        inner = QVBoxLayout(box)
        note = QLabel(FORMAT_NOTES[fmt])
        note.setWordWrap(True)
        note.setObjectName("muted")
        inner.addWidget(note)
        inner.addStretch(1)
        return box

    def _hint(self, text: str, *, indent: bool = True) -> QLabel:
        label = QLabel(text)
        label.setObjectName("muted")
        label.setWordWrap(True)
        if not indent:
            return label
        style = self.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + style.pixelMetric(
            QStyle.PixelMetric.PM_CheckBoxLabelSpacing
        )
        label.setContentsMargins(margin, 0, 0, 0)  # under the check box's text, not its box
        return label

    def _align_forms(self) -> None:
        """One label width for every form, so the fields of all the sections start in one column."""
        labels: list[QLabel] = []
        for form in self.forms:
            for row in range(form.rowCount()):
                item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                widget = item.widget() if item is not None else None
                if isinstance(widget, QLabel):
                    labels.append(widget)
        width = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)
        self._inset_done = False

    def showEvent(self, e: QShowEvent) -> None:
        super().showEvent(e)
        if not self._inset_done:
            # The sections' forms sit inside group boxes: widen the top form's labels by the boxes'
            # inset, so that every field starts at the same x.
            self._inset_done = True
            if (layout := self.layout()) is not None:
                layout.activate()
            origin = QPoint(0, 0)
            inset = self.countries.mapTo(self, origin).x() - self.format.mapTo(self, origin).x()
            if inset > 0:
                form = self.forms[0]
                for row in range(form.rowCount()):
                    item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                    label = item.widget() if item is not None else None
                    if isinstance(label, QLabel):
                        label.setMinimumWidth(label.minimumWidth() + inset)

    # ------------------------------------------------------------------ choices

    def current_format(self) -> DatasetFormat:
        return DatasetFormat(self.format.currentData())

    def choices(self) -> dict[str, Any]:
        """What the dialog shows, in the form ``save_choices`` keeps."""
        path = self.path.text().strip()
        return {
            "format": self.current_format().value,
            "folder": str(Path(path).expanduser().parent) if path else "",
            "annotations": str(self.annotations.currentData() or "auto"),
            "statuses": [s for s, box in self.status_boxes.items() if box.isChecked()],
            "date_from": self.date_from.date().toString("yyyy-MM-dd") if self.from_on.isChecked() else "",
            "date_to": self.date_to.date().toString("yyyy-MM-dd") if self.to_on.isChecked() else "",
            "countries": self.countries.text().strip().strip(",").strip(),
            "date_style": str(self.date_style.currentData()),
            "inter_style": str(self.inter_style.currentData()),
            "coder_column": str(self.coder_column.currentData()),
            "excel": self.excel.isChecked(),
            "neutralise_formulas": self.neutralise.isChecked(),
            "skip_invalid": self.skip_invalid.isChecked(),
            "conll_marker": str(self.conll_marker.currentData()),
        }

    def restore(self, choices: dict[str, Any]) -> None:
        _select(self.format, choices["format"])
        self._last_format = self.current_format()
        if not _select(self.annotations, choices["annotations"]):
            _select(self.annotations, "auto")  # that coder has no sets any more
        for value, box in self.status_boxes.items():
            box.setChecked(value in choices["statuses"])
        for on, edit, key in ((self.from_on, self.date_from, "date_from"), (self.to_on, self.date_to, "date_to")):
            day = QDate.fromString(choices[key], "yyyy-MM-dd") if choices[key] else QDate()
            on.setChecked(day.isValid())
            if day.isValid():
                edit.setDate(day)
            edit.setEnabled(on.isChecked())
        self.countries.setText(choices["countries"])
        _select(self.date_style, choices["date_style"])
        _select(self.inter_style, choices["inter_style"])
        _select(self.coder_column, choices["coder_column"])
        _select(self.conll_marker, choices["conll_marker"])
        self.excel.setChecked(choices["excel"])
        self.neutralise.setChecked(choices["neutralise_formulas"])
        self.skip_invalid.setChecked(choices["skip_invalid"])
        folder = choices["folder"] if choices["folder"] and os.path.isdir(choices["folder"]) else default_folder()
        self.path.setText(os.path.join(folder, suggested_name(self.current_format())))
        self._suggested = True
        self._format_changed()

    def export_options(self) -> ExportOptions:
        """The options for ``export_dataset``; a UserError names the first thing to fix."""
        fmt = self.current_format()
        text = self.path.text().strip()
        if not text:
            raise _Fix(self.path, "Choose where to save the export.")
        path = Path(text).expanduser()
        if not path.is_absolute():
            raise _Fix(self.path, "Give the full path of where to save the export (or use Browse…).")
        statuses: tuple[str, ...] = ()
        date_from: dt.date | None = None
        date_to: dt.date | None = None
        countries: tuple[str, ...] = ()
        if fmt is not DatasetFormat.JSONL:
            chosen = tuple(s for s, box in self.status_boxes.items() if box.isChecked())
            if not chosen:
                raise _Fix(self.status_boxes["done"], "Tick at least one status to export.")
            statuses = () if len(chosen) == len(self.status_boxes) else chosen
            date_from = _day(self.date_from.date()) if self.from_on.isChecked() else None
            date_to = _day(self.date_to.date()) if self.to_on.isChecked() else None
            if date_from and date_to and date_from > date_to:
                raise _Fix(self.date_from, f"The date range is empty: {date_from} is after {date_to}.")
            countries, unknown = self._countries()
            if unknown:
                names = ", ".join(f"“{n}”" for n in unknown)
                raise _Fix(self.countries, f"Not a country of the codebook: {names}.")
        coder_column = {"auto": None, "yes": True, "no": False}[str(self.coder_column.currentData())]
        return ExportOptions(
            format=fmt,
            output=path,
            annotations=str(self.annotations.currentData() or "auto"),
            statuses=statuses,
            date_from=date_from,
            date_to=date_to,
            countries=countries,
            date_style=DateStyle(self.date_style.currentData()),
            inter_style=InterStyle(self.inter_style.currentData()),
            excel=self.excel.isChecked(),
            neutralise_formulas=self.neutralise.isChecked(),
            skip_invalid=self.skip_invalid.isChecked(),
            coder_column=coder_column,
            conll_marker=DocMarker(self.conll_marker.currentData()),
        )

    def _countries(self) -> tuple[tuple[str, ...], list[str]]:
        found: list[str] = []
        unknown: list[str] = []
        for raw in self.countries.text().split(","):
            name = raw.strip()
            if not name:
                continue
            canonical = self._canonical.get(name.casefold())
            if canonical is None:
                unknown.append(name)
            elif canonical not in found:
                found.append(canonical)
        return tuple(found), unknown

    # ------------------------------------------------------------------ format and path

    def _format_changed(self, _index: int = -1) -> None:
        fmt = self.current_format()
        for page_format, page in self.pages.items():
            page.setVisible(page_format is fmt)
        if self.isVisible() and (layout := self.layout()) is not None:
            layout.activate()
            self.resize(self.width(), self.sizeHint().height())
        jsonl = fmt is DatasetFormat.JSONL
        for widget in (*self.status_boxes.values(), self.from_on, self.to_on, self.countries):
            widget.setEnabled(not jsonl)
        self.date_from.setEnabled(not jsonl and self.from_on.isChecked())
        self.date_to.setEnabled(not jsonl and self.to_on.isChecked())
        self.filters_note.setVisible(jsonl)
        self.path_label.setText("&Save to folder:" if fmt is DatasetFormat.BRAT else "&Save to:")
        old = self._last_format
        self._last_format = fmt
        if old is not fmt:
            self._rename_for(old, fmt)
        self._check_path()

    def _rename_for(self, old: DatasetFormat, new: DatasetFormat) -> None:
        text = self.path.text().strip()
        if not text:
            return
        path = Path(text)
        if self._suggested:
            path = path.parent / suggested_name(new)
        else:
            old_suffix, new_suffix = FORMATS[old][2], FORMATS[new][2]
            if old_suffix and path.suffix.lower() == old_suffix:
                path = path.with_suffix(new_suffix)
            elif not old_suffix and new_suffix and not path.suffix:
                path = path.with_name(path.name + new_suffix)
        self.path.setText(str(path))

    def _path_edited(self, _text: str) -> None:
        self._suggested = False

    def _check_path(self, _text: str = "") -> None:
        """A quiet line under the path when it would replace something, or cannot be written."""
        text = self.path.text().strip()
        note = ""
        if text:
            path = Path(text).expanduser()
            brat = self.current_format() is DatasetFormat.BRAT
            if brat and path.is_dir():
                if (path / "annotation.conf").exists():
                    note = "An earlier brat export: exporting replaces this folder."
                elif any(path.iterdir()):
                    note = "This folder holds other files; choose a new or empty folder for brat."
            elif brat and path.exists():
                note = "This is a file; brat needs a folder."
            elif not brat and path.is_dir():
                note = "This is a folder; add the name of the file to write."
            elif path.is_file():
                note = "A file with this name exists: exporting replaces it."
            elif path.is_absolute() and not path.parent.is_dir():
                note = f"The folder {path.parent} does not exist."
        self.path_note.setText(note)
        self.path_note.setVisible(bool(note))

    def choose_path(self) -> None:
        fmt = self.current_format()
        current = self.path.text().strip() or os.path.join(default_folder(), suggested_name(fmt))
        if fmt is DatasetFormat.BRAT:
            start = current if os.path.isdir(current) else str(Path(current).parent)
            chosen = QFileDialog.getExistingDirectory(self, "Export brat standoff to folder", start)
        else:
            _label, _stem, suffix, filters = FORMATS[fmt]
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to", current, f"{filters};;All files (*)")
            if chosen and not Path(chosen).suffix:
                chosen += suffix
        if chosen:
            self.path.setText(chosen)
            self._suggested = False

    # ------------------------------------------------------------------ running

    def _coders_arrived(self, coders: list[str]) -> None:
        if coders:
            self.annotations.insertSeparator(self.annotations.count())
            for name in coders:
                self.annotations.addItem(f"Coder: {name}", name)
        remembered = load_choices(self.settings)["annotations"]
        if self.annotations.currentData() == "auto" and remembered in coders:
            _select(self.annotations, remembered)  # the coder chosen last time, now listed

    @property
    def running(self) -> bool:
        return self._task is not None and self._task.running

    def start_export(self) -> None:
        if self.running:
            return
        try:
            options = self.export_options()
        except _Fix as fix:
            self._show_message(str(fix), "fieldError")
            fix.widget.setFocus()
            return
        save_choices(self.settings, self.choices())
        self.result_ = None
        self.error = None
        self._clear_outcome()
        self._set_running(True)
        self.progress.setRange(0, 0)
        self.progress.setFormat("Starting…")
        self.progress.show()
        project, export = self.project, export_datasets.export_dataset
        self._task = self.tasks.run_long(
            lambda progress: export(project, options, progress),
            name="annotator-export",
            done=self._succeeded,
            failed=self._failed,
            started=self._started,
            advanced=self._advanced,
        )

    def cancel(self) -> None:
        if self._task is not None and self.running:
            self._task.cancel()
            self.close_button.setEnabled(False)
            self.close_button.setText("Cancelling…")
            self.progress.setFormat("Cancelling…")

    def _export_skipping(self) -> None:
        self.skip_invalid.setChecked(True)
        self.start_export()

    def _set_running(self, on: bool) -> None:
        for widget in (
            self.format,
            self.path,
            self.browse,
            self.annotations,
            self.filters,
            self.options,
            self.export_button,
        ):
            widget.setEnabled(not on)
        self.close_button.setEnabled(True)
        self.close_button.setText("Cancel" if on else "Close")
        if on:
            self.close_button.setFocus()
        else:
            self._format_changed()

    def _started(self, total: int | None, what: str) -> None:
        self._what = what
        if total:
            self.progress.setRange(0, total)
            self._advanced(0)
        else:
            self.progress.setRange(0, 0)  # busy: nothing to count yet
            self.progress.setFormat(f"{what}…")

    def _advanced(self, done: int) -> None:
        total = self.progress.maximum()
        if total > 0 and self.close_button.isEnabled():  # (once cancelling, the bar says so)
            self.progress.setValue(min(done, total))
            self.progress.setFormat(f"{self._what}… {min(done, total):,} of {total:,}")

    def _finish(self) -> None:
        if self._task is not None:
            self._task.wait(5)  # the work has ended; nothing more will arrive from it
        self.progress.hide()
        self._set_running(False)
        if self._close_when_done:
            super().reject()

    def _succeeded(self, result: ExportResult) -> None:
        self.result_ = result
        self._finish()
        lines = [line for line in result.summary().splitlines() if not line.startswith("  ")]
        self._show_message("\n".join(lines), "saved")
        if result.problems:
            self._show_problems(result.problems, result.skipped, skipped=True)
        self.open_button.show()
        self.export_button.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self.error = exc
        self._finish()
        if isinstance(exc, Cancelled):
            self._show_message(CANCELLED_TEXT, "muted")
        elif isinstance(exc, InvalidEventsError):
            by_field = ", ".join(
                f"{name} {n:,}" for name, n in sorted(exc.by_field.items(), key=lambda kv: (-kv[1], kv[0]))
            )
            self._show_message(
                f"{exc.total_events:,} event(s) break the codebook ({by_field}), so nothing was written. "
                "Fix them, or tick “Skip invalid events” to write the valid rows only.",
                "fieldError",
            )
            self._show_problems(exc.problems, exc.total_events, skipped=False)
            self.skip_button.show()
        elif isinstance(exc, UserError):
            self._show_message(_sentence(str(exc)), "fieldError")
        elif isinstance(exc, OSError):
            where = exc.filename or self.path.text().strip()
            self._show_message(f"Could not write {where}: {exc.strerror or exc}.", "fieldError")
        else:
            self._show_message(f"The export failed: {exc or type(exc).__name__}. Nothing was written.", "fieldError")

    # ------------------------------------------------------------------ outcome

    def _clear_outcome(self) -> None:
        self.message.hide()
        self.problems.clear()
        self.problems.hide()
        self.open_button.hide()
        self.skip_button.hide()

    def _show_message(self, text: str, style: str) -> None:
        self.message.setText(text)
        self.message.setObjectName(style)  # the theme colours muted, saved (green) and fieldError (red)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()

    def _show_problems(self, problems: list[Problem], events: int, *, skipped: bool) -> None:
        self.problems.clear()
        items = []
        for p in problems:
            item = QTreeWidgetItem(
                [
                    p.article,
                    p.event if not p.event_id else f"{p.event} ({p.event_id})",
                    p.coder or "gold",
                    p.field,
                    p.reason,
                ]
            )
            item.setToolTip(4, p.message())
            items.append(item)
        self.problems.addTopLevelItems(items)
        shown = len({(p.article, p.event, p.coder) for p in problems})
        if events > shown:
            more = QTreeWidgetItem([f"… and {events - shown:,} more event(s)", "", "", "", ""])
            more.setFirstColumnSpanned(True)
            self.problems.addTopLevelItem(more)
        self.problems.setAccessibleName("Skipped events" if skipped else "Events that break the codebook")
        self.problems.show()

    def open_output_folder(self) -> None:
        if self.result_ is None:
            return
        path = Path(self.result_.path)
        open_folder(path if path.is_dir() else path.parent)

    # ------------------------------------------------------------------ closing

    def reject(self) -> None:
        """Esc and Close: while exporting they cancel (and the dialog stays to say so)."""
        if self.running:
            self.cancel()
            return
        super().reject()

    def closeEvent(self, e: QCloseEvent) -> None:
        if self.running:
            self._close_when_done = True
            self.cancel()
            e.ignore()
            return
        super().closeEvent(e)


class _Fix(UserError):
    """Something in the dialog to fix before exporting, and the widget to fix it in."""

    def __init__(self, widget: QWidget, message: str) -> None:
        super().__init__(message)
        self.widget = widget


def _select(combo: QComboBox, value: object) -> bool:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)
    return index >= 0


def _day(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())
