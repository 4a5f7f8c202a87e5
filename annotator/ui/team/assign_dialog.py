"""Project > Assign…: ``annotator assign`` in a dialog, with a live preview of the counts per coder.

The options are the command's (coders, coders per article, batch, status, ids file, limit, seed). Each change
works the plan out again on the database worker (``services.assignment.plan``, which writes
nothing), and the table shows how many new assignments each coder would get; a mistake (more
coders per article than coders ticked, an ids file that cannot be read or names articles that are
not in the project) shows as one line and Assign stays off. The ids file is read on the worker with
the plan, each time, so what is assigned is what the file says when Assign is pressed. Assign writes the
plan in one transaction (``assignment.assign``, on the worker: the window stays responsive); Undo
then takes exactly those assignments back (``assignment.take_back``), except the ones a coder has
started meanwhile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from annotator.services.assignment import Plan, Selection, Unassigned
    from annotator.services.project import Project
    from annotator.services.team import Member
    from annotator.ui.common.tasks import TaskRunner

PREVIEW_DELAY_MS = 150  # typing a batch name or a seed asks for one preview, not one per key
NO_CODERS = "Tick the coders who share the articles."


class AssignDialog(QDialog):
    assigned = Signal(object)  # the Plan written
    undone = Signal(object)  # Unassigned, after Undo

    def __init__(
        self, project: Project, tasks: TaskRunner, parent: QWidget | None = None, *, error_colour: str = "#c0362c"
    ) -> None:
        super().__init__(parent)
        self.setObjectName("assignDialog")
        self.error_colour = error_colour
        self.setWindowTitle("Assign articles")
        self.project = project
        self.tasks = tasks
        self.plan: Plan | None = None  # the last preview
        self.written: Plan | None = None  # what Assign wrote (Undo takes it back)
        self.busy = False
        self.note = ""  # what the last Undo did, said above the next preview

        self.coders = QListWidget()
        self.coders.setObjectName("assignCoders")
        self.coders.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.per_article = QSpinBox()
        self.per_article.setObjectName("assignPerArticle")
        self.per_article.setRange(1, 50)
        self.per_article.setValue(2)
        self.batch = QLineEdit()
        self.batch.setObjectName("assignBatch")
        self.batch.setPlaceholderText("a name for this batch of work (optional)")
        self.batch.setMaxLength(100)
        self.status = QComboBox()
        self.status.setObjectName("assignStatus")
        for text, value in (
            ("Any status", None),
            ("Not started", "not_started"),
            ("In progress", "in_progress"),
            ("Done", "done"),
        ):
            self.status.addItem(text, value)
        self.ids_file = QLineEdit()
        self.ids_file.setObjectName("assignIdsFile")
        self.ids_file.setPlaceholderText("every article (or a file of ids, one a line)")
        self.ids_file.setClearButtonEnabled(True)
        self.ids_file.setToolTip("Only the articles whose ids the file lists, one a line (annotator assign --ids)")
        self.choose_ids = QPushButton("Choose…")
        self.choose_ids.setObjectName("assignIdsChoose")
        self.choose_ids.clicked.connect(self.pick_ids_file)
        ids_row = QHBoxLayout()
        ids_row.addWidget(self.ids_file, 1)
        ids_row.addWidget(self.choose_ids)
        self.limit = QSpinBox()
        self.limit.setObjectName("assignLimit")
        self.limit.setRange(0, 2_000_000_000)
        self.limit.setSpecialValueText("No limit")
        self.limit.setToolTip("Only the first N articles selected, in import order")
        self.seed = QSpinBox()
        self.seed.setObjectName("assignSeed")
        self.seed.setRange(0, 2_000_000_000)
        self.seed.setToolTip("The same seed gives the same assignment")

        form = QFormLayout()
        form.addRow("Coders per article", self.per_article)
        form.addRow("Batch", self.batch)
        form.addRow("Articles with status", self.status)
        form.addRow("Only the ids in", ids_row)
        form.addRow("At most", self.limit)
        form.addRow("Seed", self.seed)

        self.preview = QTableWidget(0, 2)
        self.preview.setObjectName("assignPreview")
        self.preview.setHorizontalHeaderLabels(["Coder", "New assignments"])
        self.preview.verticalHeader().hide()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.preview.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.preview.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.summary = QLabel("")
        self.summary.setObjectName("assignSummary")
        self.summary.setWordWrap(True)
        self.error = QLabel("")
        self.error.setObjectName("assignError")
        self.error.setWordWrap(True)
        self.error.hide()

        self.buttons = QDialogButtonBox()
        self.assign_button = QPushButton("Assign")
        self.assign_button.setObjectName("assignButton")
        self.assign_button.setDefault(True)
        self.assign_button.setEnabled(False)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setObjectName("assignUndo")
        self.undo_button.setToolTip("Take back the assignments just made (not those a coder has started)")
        self.close_button = QPushButton("Cancel")
        self.buttons.addButton(self.assign_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.undo_button.hide()  # (after adding it: adding shows it) until something is assigned
        self.assign_button.clicked.connect(self.commit)
        self.undo_button.clicked.connect(self.undo)
        self.close_button.clicked.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(QLabel("Coders"))
        left.addWidget(self.coders, 1)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(QLabel("Preview"))
        right.addWidget(self.preview, 1)
        right.addWidget(self.summary)
        top = QHBoxLayout()
        top.addLayout(left, 2)
        top.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(640, 420)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.coders.itemChanged.connect(lambda _item: self._changed())
        for spin in (self.per_article, self.limit, self.seed):
            spin.valueChanged.connect(lambda _v: self._changed())
        self.batch.textChanged.connect(lambda _t: self._changed())
        self.ids_file.textChanged.connect(lambda _t: self._changed())
        self.status.currentIndexChanged.connect(lambda _i: self._changed())
        self._load_coders()

    # ------------------------------------------------------------------ the options

    def _load_coders(self) -> None:
        from annotator.services import workspace
        from annotator.services.team import list_members

        project = self.project

        def read() -> tuple[list[Member], list[str]]:
            return list_members(project), workspace.batches(project)

        self.tasks.run_db(read, self._coders_read, self._failed, channel="assign-coders")

    def _coders_read(self, found: tuple[list[Member], list[str]]) -> None:
        from annotator.domain.models import Role

        members, batches = found
        self.coders.blockSignals(True)
        self.coders.clear()
        for m in members:
            if not m.active:
                continue
            item = QListWidgetItem(m.name if m.role is Role.CODER else f"{m.name}  ({m.role.value})")
            item.setData(Qt.ItemDataRole.UserRole, m.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            # Coders are ticked to start with; reviewers and leads code only when ticked.
            item.setCheckState(Qt.CheckState.Checked if m.role is Role.CODER else Qt.CheckState.Unchecked)
            self.coders.addItem(item)
        self.coders.blockSignals(False)
        completer = QCompleter([b for b in batches if b], self.batch)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.batch.setCompleter(completer)
        self.refresh_preview()

    def chosen_coders(self) -> list[str]:
        return [
            str(self.coders.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.coders.count())
            if self.coders.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_coders(self, names: list[str]) -> None:
        """Tick exactly these coders (the others unticked)."""
        for i in range(self.coders.count()):
            item = self.coders.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in names
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def selection(self) -> Selection:
        """The options that choose articles, except the ids file (read on the worker: ``_selected``)."""
        from annotator.domain.models import SetStatus
        from annotator.services.assignment import Selection

        status = self.status.currentData()
        return Selection(status=SetStatus(status) if status else None, limit=self.limit.value() or None)

    def pick_ids_file(self) -> None:
        from pathlib import Path

        current = self.ids_file.text().strip()
        folder = str(Path(current).parent) if current else ""
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Assign the articles listed in", folder, "Lists of ids (*.txt *.csv *.tsv);;All files (*)"
        )
        if chosen:
            self.ids_file.setText(chosen)

    def _changed(self) -> None:
        self.note = ""
        if self.written is not None:
            self._ready_again()
        self.assign_button.setEnabled(False)  # until the preview of these options is in
        self._timer.start()

    # ------------------------------------------------------------------ preview

    def refresh_preview(self) -> None:
        from annotator.services.assignment import plan

        self._timer.stop()
        coders = self.chosen_coders()
        if not coders:
            self._show_error(NO_CODERS)
            return
        project, k, batch, selection, ids, seed = (
            self.project,
            self.per_article.value(),
            self.batch.text().strip(),
            self.selection(),
            self.ids_file.text().strip(),
            self.seed.value(),
        )
        self.tasks.run_db(
            lambda: plan(project, coders, k, batch=batch, selection=_selected(selection, ids), seed=seed),
            self._previewed,
            self._failed,
            channel="assign-preview",
        )

    def _previewed(self, found: Plan) -> None:
        self.plan = found
        self._show_error(None)
        self._fill(found.per_coder)
        self.summary.setText(f"{self.note}\n{_words(found)}" if self.note else _words(found))
        self.assign_button.setEnabled(bool(found.pairs) and not self.busy and self.written is None)

    def _fill(self, counts: dict[str, int]) -> None:
        self.preview.setRowCount(len(counts))
        for row, (name, n) in enumerate(counts.items()):
            self.preview.setItem(row, 0, QTableWidgetItem(name))
            count = QTableWidgetItem(f"{n:,}")
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.preview.setItem(row, 1, count)

    def _failed(self, exc: BaseException) -> None:
        from annotator.domain.errors import UserError

        self.busy = False
        text = str(exc) if isinstance(exc, UserError) else f"Could not read the database: {exc}"
        self._show_error(text)

    def _show_error(self, text: str | None) -> None:
        """One line under the options; with an error nothing can be assigned."""
        if text is None:
            self.error.hide()
            return
        self.plan = None
        first = text.strip().splitlines()[0] if text.strip() else text
        self.error.setText(first[:1].upper() + first[1:])
        self.error.setStyleSheet(f"color: {self.error_colour};")
        self.error.show()
        self.preview.setRowCount(0)
        self.summary.setText("")
        self.assign_button.setEnabled(False)

    # ------------------------------------------------------------------ writing

    def commit(self) -> None:
        """Write the plan of the options shown (worked out again inside the transaction, so what is
        written is what the data says now)."""
        from annotator.services.assignment import assign

        if self.plan is None or self.busy:
            return
        coders, k, batch, selection, ids, seed = (
            list(self.plan.coders),
            self.plan.per_article,
            self.plan.batch,
            self.selection(),
            self.ids_file.text().strip(),
            self.seed.value(),
        )
        project = self.project
        self._set_busy(True)
        self.tasks.run_db(
            lambda: assign(project, coders, k, batch=batch, selection=_selected(selection, ids), seed=seed),
            self._committed,
            self._failed_write,
            channel="assign-write",
        )

    def _committed(self, written: Plan) -> None:
        self._set_busy(False)
        self.written = written
        self.summary.setText("Assigned " + _words(written) + ".")
        self._fill(written.per_coder)
        self.assign_button.setEnabled(False)
        self.undo_button.show()
        self.undo_button.setEnabled(bool(written.pairs))
        self.close_button.setText("Close")
        self.assigned.emit(written)

    def undo(self) -> None:
        from annotator.services.assignment import take_back

        written = self.written
        if written is None or self.busy:
            return
        project = self.project
        self._set_busy(True)
        self.tasks.run_db(lambda: take_back(project, written), self._undone, self._failed_write, channel="assign-write")

    def _undone(self, result: Unassigned) -> None:
        self._set_busy(False)
        self.note = undo_words(result)
        self.summary.setText(self.note)
        self._ready_again()
        self.undone.emit(result)
        self.refresh_preview()

    def _ready_again(self) -> None:
        self.written = None
        self.undo_button.hide()
        self.close_button.setText("Cancel")

    def _failed_write(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._failed(exc)

    def _set_busy(self, on: bool) -> None:
        self.busy = on
        self.assign_button.setEnabled(not on and self.plan is not None and self.written is None)
        self.undo_button.setEnabled(not on)


def _selected(base: Selection, ids_file: str) -> Selection:
    """``base`` narrowed to the articles the ids file lists (read here, on the worker), if one is given."""
    from annotator.services.assignment import selection_from_file

    if not ids_file:
        return base
    return selection_from_file(ids_file, status=base.status, limit=base.limit)


def _words(plan: Plan) -> str:
    if not plan.pairs:
        if not plan.articles:
            return "Nothing to assign: no article matches these options"
        return f"Nothing to assign: the {plan.articles:,} article(s) selected already have {plan.per_article} coder(s)"
    articles = len({a for a, _ in plan.pairs})
    text = f"{len(plan.pairs):,} assignment(s) on {articles:,} article(s)"
    if plan.batch:
        text += f" in batch '{plan.batch}'"
    if plan.already_full:
        text += f"; {plan.already_full:,} article(s) already had {plan.per_article} coder(s)"
    return text


def undo_words(result: Unassigned) -> str:
    removed = sum(result.removed.values())
    kept = sum(result.kept_started.values())
    text = f"Took back {removed:,} assignment(s)"
    if kept:
        text += f"; kept {kept:,} that the coder has already started"
    return text + "."
