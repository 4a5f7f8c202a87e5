"""What the window shows with no project open: new, open, connect, and the recent projects."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from annotator.ui.common.settings import Settings
from annotator.ui.project.recent import is_missing, project_label, project_place

UrlRole = Qt.ItemDataRole.UserRole + 1


class StartPage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    connectRequested = Signal()
    recentChosen = Signal(str)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        self.settings = settings
        heading = QLabel("No project is open")
        heading.setObjectName("startHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        heading.setFont(font)
        self.problem = QLabel("")
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        hint = QLabel(
            "A project is one database of articles and their coding: a file on this computer, "
            "or a database on your team's server."
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, signal in (
            ("New project…", self.newRequested),
            ("Open project…", self.openRequested),
            ("Connect to server…", self.connectRequested),
        ):
            button = QPushButton(text)
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.recent_heading = QLabel("Recent projects")
        self.recent_heading.setObjectName("muted")
        self.recent = QListWidget()
        self.recent.setObjectName("recentProjects")
        self.recent.itemActivated.connect(self._chosen)
        column = QVBoxLayout()
        column.addWidget(heading)
        column.addWidget(self.problem)
        column.addWidget(hint)
        column.addSpacing(8)
        column.addLayout(buttons)
        column.addSpacing(12)
        column.addWidget(self.recent_heading)
        column.addWidget(self.recent)
        self.recent.setMaximumHeight(self.recent.sizeHintForRow(0) * 9 if self.recent.count() else 220)
        box = QWidget()
        box.setLayout(column)
        box.setMaximumWidth(640)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 4)
        row.addStretch(1)
        outer = QVBoxLayout(self)  # the content packed together, a little above the middle
        outer.addStretch(2)
        outer.addLayout(row)
        outer.addStretch(3)
        self.refresh()

    def refresh(self) -> None:
        self.recent.clear()
        urls = self.settings.recent_projects()
        for url in urls:
            missing = is_missing(url)
            item = QListWidgetItem(f"{project_label(url)}    {project_place(url)}" + ("  (missing)" if missing else ""))
            item.setData(UrlRole, url)
            item.setToolTip(project_place(url))
            if missing:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent.addItem(item)
        self.recent.setVisible(bool(urls))
        self.recent_heading.setVisible(bool(urls))

    def show_problem(self, text: str | None) -> None:
        self.problem.setText(text or "")
        self.problem.setVisible(bool(text))

    def _chosen(self, item: QListWidgetItem) -> None:
        url = item.data(UrlRole)
        if url:
            self.recentChosen.emit(str(url))
