"""File > Connect to server…: a PostgreSQL database, with the login that is the coder's identity.

The server is given as host, port, database and user, or as a URL pasted whole. The password is
asked here and given to the driver apart from the URL (which is remembered among the recent
projects); with the box ticked it is kept in the system keyring, and with no password libpq reads
``PGPASSFILE`` itself. Another machine is reached over TLS unless "Encrypt the connection" is
unticked (``annotator.store.server``); a server without TLS, a wrong password or an unknown login
is said under the fields, and the dialog stays open to fix it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.common.settings import Settings

if TYPE_CHECKING:
    from annotator.services.project import Project
    from annotator.ui.common.tasks import TaskRunner

Opener = Callable[[str, "str | None"], "Project"]


class ConnectDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        opener: Opener,
        tasks: TaskRunner | None = None,
        url: str | None = None,
        problem: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectDialog")
        self.setWindowTitle("Connect to server")
        self.settings = settings
        self.opener = opener
        self.tasks = tasks
        self.project: Project | None = None
        self.error: BaseException | None = None
        self._busy = False
        self._build()
        self._fill(url)
        if problem:
            self.show_message(problem)
            self.password.setFocus()

    def _build(self) -> None:
        from annotator.store.server import keyring_available

        self.url = QLineEdit()
        self.url.setObjectName("serverUrl")
        self.url.setPlaceholderText("postgresql://amal@db.example.org/events  (or fill in the fields below)")
        self.host = QLineEdit()
        self.host.setObjectName("serverHost")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit()
        self.database.setObjectName("serverDatabase")
        self.user = QLineEdit()
        self.user.setObjectName("serverUser")
        self.password = QLineEdit()
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("asked by the server; left empty, PGPASSFILE or the keyring is used")
        self.encrypt = QCheckBox("Encrypt the connection (TLS)")
        self.encrypt.setChecked(True)
        self.encrypt.setToolTip(
            "Required for a server on another machine: your password and work never cross the network "
            "in plain text. Untick only on a network you trust."
        )
        self.remember = QCheckBox("Remember the password in the system keyring")
        self.remember.setVisible(keyring_available())
        self.message = QLabel("")
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        form = QFormLayout()
        form.addRow("Server URL", self.url)
        form.addRow("Host", self.host)
        form.addRow("Port", self.port)
        form.addRow("Database", self.database)
        form.addRow("User (your login)", self.user)
        form.addRow("Password", self.password)
        form.addRow("", self.encrypt)
        form.addRow("", self.remember)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton("Connect", QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setDefault(True)
        self.buttons.accepted.connect(self.connect_now)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.url.textChanged.connect(self._url_typed)
        self.host.textChanged.connect(lambda _t: self._tls_choice())
        self.setMinimumWidth(520)

    def _fill(self, url: str | None) -> None:
        """Start from ``url`` (a recent project that asked for a password) or the last server used."""
        if url:
            self.url.setText(url)
            return
        self.host.setText(self.settings.text("server/host"))
        self.database.setText(self.settings.text("server/database"))
        self.user.setText(self.settings.text("server/user") or self.settings.coder)
        port = self.settings.text("server/port")
        if port.isdigit():
            self.port.setValue(int(port))
        self._tls_choice()

    def _url_typed(self, text: str) -> None:
        """A pasted URL fills the fields (its password goes to the password field, not kept in it)."""
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        for w in (self.host, self.port, self.database, self.user):
            w.setEnabled(not text.strip())
        if not text.strip():
            return
        try:
            parsed = make_url(text.strip())
        except ArgumentError:
            return
        self.host.setText(parsed.host or "")
        self.port.setValue(parsed.port or 5432)
        self.database.setText(parsed.database or "")
        self.user.setText(parsed.username or "")
        if parsed.password:
            self.password.setText(str(parsed.password))
        if parsed.query.get("sslmode") in ("disable", "allow", "prefer"):
            self.encrypt.setChecked(False)
        self._tls_choice()

    def _tls_choice(self) -> None:
        from annotator.store.server import is_loopback

        local = is_loopback(self.host.text().strip())
        self.encrypt.setEnabled(not local)
        self.encrypt.setText("Encrypt the connection (TLS)" + ("  (not needed on this machine)" if local else ""))

    def server_url(self) -> str:
        """The URL to connect to, never with the password in it."""
        from sqlalchemy.engine import make_url

        from annotator.domain.errors import UserError
        from annotator.store.engine import normalise_url
        from annotator.store.server import is_postgres, server_url, with_tls_policy, without_password

        typed = self.url.text().strip()
        if typed:
            url = without_password(normalise_url(typed))
            if not is_postgres(url):
                raise UserError("A server URL starts with postgresql:// (for a file, use Open project…).")
            if not self.encrypt.isChecked() and "sslmode" not in make_url(url).query:
                url = make_url(url).update_query_dict({"sslmode": "prefer"}).render_as_string(hide_password=False)
            return with_tls_policy(url)
        host, database = self.host.text().strip(), self.database.text().strip()
        if not database:
            raise UserError("Which database on the server? Fill in Database.")
        port = self.port.value()
        return server_url(
            host, database, self.user.text().strip(), None if port == 5432 else port, encrypt=self.encrypt.isChecked()
        )

    def connect_now(self) -> None:
        from annotator.domain.errors import UserError

        if self._busy:
            return
        try:
            url = self.server_url()
        except UserError as exc:
            self.show_message(str(exc))
            return
        password = self.password.text() or None
        self._busy = True
        self.connect_button.setEnabled(False)
        self.show_message("Connecting…", error=False)
        opener = self.opener
        if self.tasks is None:
            try:
                self._connected(opener(url, password), url, password)
            except Exception as exc:
                self._refused(exc)
            return
        self.tasks.run_db(
            lambda: opener(url, password),
            lambda project: self._connected(project, url, password),
            self._refused,
            channel="connect",
        )

    def _connected(self, project: Project, url: str, password: str | None) -> None:
        from sqlalchemy.engine import make_url

        from annotator.store.server import save_keyring_password

        self._busy = False
        self.project = project
        parsed = make_url(url)
        for key, value in (
            ("host", parsed.host or ""),
            ("port", str(parsed.port or 5432)),
            ("database", parsed.database or ""),
            ("user", parsed.username or ""),
        ):
            self.settings.set(f"server/{key}", value)
        if password and self.remember.isVisible() and self.remember.isChecked():
            save_keyring_password(project.url, password)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        from annotator.domain.errors import UserError
        from annotator.store.server import LoginRefused, NoTLS, PasswordNeeded

        self._busy = False
        self.error = exc
        self.connect_button.setEnabled(True)
        self.show_message(str(exc) if isinstance(exc, UserError) else f"Cannot connect: {exc}")
        if isinstance(exc, PasswordNeeded | LoginRefused):
            self.password.setFocus()
            self.password.selectAll()
        elif isinstance(exc, NoTLS):
            self.encrypt.setFocus()

    def show_message(self, text: str, *, error: bool = True) -> None:
        self.message.setObjectName("fieldError" if error else "muted")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.show()
