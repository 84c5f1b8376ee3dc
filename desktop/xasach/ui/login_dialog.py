"""Logging in before anything is shown, and setting a new password with the recovery code.

The unit's name lives inside the encrypted file, so the dialog can only name the file. The key
derivation takes about half a second by design, so it runs on a pool thread (Anki's
"operations") while the dialog shows it is busy; refusals from the services are shown in the
dialog, never as a crash.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xasach.domain.errors import DomainError
from xasach.i18n import _
from xasach.services.auth import login, reset_password_with_recovery
from xasach.services.backoff import Backoff
from xasach.store.database import Database
from xasach.store.errors import StoreError

LAST_USER_KEY = "login/last_user"
ERROR_COLOUR = QColor("#b00020")


class BackgroundRunner(QObject):
    """Runs work on a pool thread and calls back on the UI thread with its result or error.

    One runner per owner, living as long as it: the finished signal is connected to a slot of
    the runner, which lives on the UI thread, so Qt queues the call there. (A QObject per job,
    deleted after it reports, crashed PySide6 6.12 in tests.)"""

    _finished = Signal(object)

    def __init__(self, parent: QObject, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self.running = 0
        self._finished.connect(self._deliver)

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[Exception], None],
    ) -> None:
        def task() -> None:
            outcome: tuple[Callable[[Any], None], Any]
            try:
                outcome = (on_done, work())
            except Exception as exc:  # handed to the UI thread, never lost in the pool
                outcome = (on_failed, exc)
            with contextlib.suppress(RuntimeError):  # the owner was deleted meanwhile
                self._finished.emit(outcome)

        self.running += 1
        self.pool.start(task)

    @Slot(object)
    def _deliver(self, outcome: tuple[Callable[[Any], None], Any]) -> None:
        self.running -= 1
        callback, value = outcome
        callback(value)


def run_in_background(
    owner: QObject,
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[Exception], None],
    *,
    pool: QThreadPool | None = None,
) -> BackgroundRunner:
    """Start `work` off the UI thread; exactly one of the callbacks runs on the UI thread,
    unless `owner` is deleted first."""
    runner = owner.findChild(BackgroundRunner, "", Qt.FindChildOption.FindDirectChildrenOnly)
    if runner is None or (pool is not None and runner.pool is not pool):
        runner = BackgroundRunner(owner, pool)
    runner.run(work, on_done, on_failed)
    return runner


def refusal_text(exc: Exception) -> str:
    """The officer-facing message of a refusal; anything else is still a message, not a crash."""
    if isinstance(exc, (DomainError, StoreError)):
        return exc.message
    return _("Unexpected error: {detail}").format(detail=exc)


def message_label(parent: QWidget) -> QLabel:
    """The line under a form where refusals (red) and progress (plain) are written."""
    label = QLabel(parent)
    label.setObjectName("formMessage")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def show_message(label: QLabel, text: str, *, error: bool = True) -> None:
    palette = label.palette()
    parent = label.parentWidget()
    plain = (parent or label).palette().color(QPalette.ColorRole.WindowText)
    palette.setColor(QPalette.ColorRole.WindowText, ERROR_COLOUR if error else plain)
    label.setPalette(palette)
    label.setText(text)


def busy_bar(parent: QWidget) -> QProgressBar:
    """A thin bar that moves while a password is checked (no percentage is known)."""
    bar = QProgressBar(parent)
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(8)
    bar.hide()
    return bar


class _BusyForm(QDialog):
    """A small form dialog whose one action runs in the background: busy bar, message line."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.busy = False
        self._cancel_requested = False
        self.form = QFormLayout()
        self.message_label = message_label(self)
        self.busy_bar = busy_bar(self)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = QPushButton(self)
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def show_message(self, text: str, *, error: bool = True) -> None:
        show_message(self.message_label, text, error=error)

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        self.busy_bar.setVisible(busy)
        for child in self.findChildren(QLineEdit):
            child.setEnabled(not busy)
        self.ok_button.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
        if busy:
            self.show_message(text, error=False)

    def submit(self) -> None:
        raise NotImplementedError

    def reject(self) -> None:
        # Cancelling mid-check would leave an opened database nobody closes: finish first.
        if self.busy:
            self._cancel_requested = True
            return
        super().reject()


class LoginDialog(_BusyForm):
    """User name and password for `db_path`; `database` is the logged-in Database once accepted."""

    def __init__(
        self,
        db_path: Path,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.database: Database | None = None
        self._settings = settings if settings is not None else QSettings()
        self._backoff = backoff
        self.title_label = QLabel(self)
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title_label.setFont(font)
        self.file_label = QLabel(self)
        self.file_label.setWordWrap(True)
        self.file_label.setToolTip(str(self.db_path))
        self.user_edit = QLineEdit(self)
        self.user_edit.setObjectName("loginUser")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("loginPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.forgot_label = QLabel(self)
        self.forgot_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.forgot_label.linkActivated.connect(lambda _link: self.open_recovery())
        self._user_caption, self._password_caption = QLabel(self), QLabel(self)
        self.form.addRow(self._user_caption, self.user_edit)
        self.form.addRow(self._password_caption, self.password_edit)
        self._user_caption.setBuddy(self.user_edit)
        self._password_caption.setBuddy(self.password_edit)
        layout = QVBoxLayout(self)
        for widget in (self.title_label, self.file_label):
            layout.addWidget(widget)
        layout.addLayout(self.form)
        for widget in (self.forgot_label, self.message_label, self.busy_bar, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(440)
        self.retranslate_ui()
        self.user_edit.setText(str(self._settings.value(LAST_USER_KEY, "") or ""))
        (self.password_edit if self.user_edit.text() else self.user_edit).setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("XaSach — Log in"))
        self.title_label.setText(_("Log in to XaSach"))
        self.file_label.setText(_("Data file: {path}").format(path=self.db_path.name))
        self._user_caption.setText(_("&User name:"))
        self._password_caption.setText(_("&Password:"))
        self.ok_button.setText(_("Log in"))
        # Extraction does not look inside f-strings: translate first, then build the link.
        forgot = html.escape(_("Forgot your password?"))
        self.forgot_label.setText(f'<a href="recover">{forgot}</a>')

    def submit(self) -> None:
        if self.busy:
            return
        username, password = self.user_edit.text().strip(), self.password_edit.text()
        if not username:
            self.show_message(_("Type your user name."))
            self.user_edit.setFocus()
            return
        if not password:
            self.show_message(_("Type your password."))
            self.password_edit.setFocus()
            return
        self.set_busy(True, _("Checking the password…"))
        path, backoff = self.db_path, self._backoff
        run_in_background(
            self,
            lambda: login(path, username, password, backoff=backoff),
            lambda db: self._logged_in(db, username),
            self._refused,
        )

    def _logged_in(self, db: Database, username: str) -> None:
        self.set_busy(False)
        self.database = db
        self.password_edit.clear()
        self._settings.setValue(LAST_USER_KEY, username)
        if self._cancel_requested:  # cancelled while checking: do not keep it open
            db.close()
            self.database = None
            super().reject()
            return
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.set_busy(False)
        if self._cancel_requested:
            super().reject()
            return
        self.show_message(refusal_text(exc))
        self.password_edit.clear()
        self.password_edit.setFocus()

    def open_recovery(self) -> bool:
        """The "forgot password" dialog; True when a new password was set."""
        dialog = RecoveryDialog(self.db_path, self.user_edit.text().strip(), self)
        dialog.backoff = self._backoff
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.user_edit.setText(dialog.user_edit.text().strip())
        self.password_edit.clear()
        self.show_message(
            _("A new password is set for {user}. Log in with it.").format(
                user=self.user_edit.text()
            ),
            error=False,
        )
        self.password_edit.setFocus()
        return True


class RecoveryDialog(_BusyForm):
    """Every password forgotten: the 30-digit code from the safe sets a new one for a user."""

    def __init__(self, db_path: Path, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.backoff: Backoff | None = None
        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        self.code_edit = QLineEdit(self)
        self.code_edit.setObjectName("recoveryCode")
        self.code_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.code_edit.setPlaceholderText("00000 00000 00000 00000 00000 00000")
        self.user_edit = QLineEdit(username or "admin", self)
        self.new_edit = QLineEdit(self)
        self.repeat_edit = QLineEdit(self)
        for edit in (self.new_edit, self.repeat_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self._captions = [QLabel(self) for _i in range(4)]
        edits = (self.code_edit, self.user_edit, self.new_edit, self.repeat_edit)
        for caption, edit in zip(self._captions, edits, strict=True):
            caption.setBuddy(edit)
            self.form.addRow(caption, edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(self.form)
        for widget in (self.message_label, self.busy_bar, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(520)
        self.retranslate_ui()
        self.code_edit.setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Set a new password with the recovery code"))
        self.intro_label.setText(
            _(
                "Type the 30-digit recovery code from the sheet kept in the commune chief's safe "
                "(spaces do not matter), the user name and the new password twice."
            )
        )
        captions = (_("Recovery &code:"), _("&User name:"), _("&New password:"), _("&Again:"))
        for caption, text in zip(self._captions, captions, strict=True):
            caption.setText(text)
        self.ok_button.setText(_("Set new password"))

    def submit(self) -> None:
        if self.busy:
            return
        code, username = self.code_edit.text(), self.user_edit.text().strip()
        new, repeat = self.new_edit.text(), self.repeat_edit.text()
        if not code.strip() or not username or not new:
            self.show_message(_("Fill in every field."))
            return
        if new != repeat:
            self.show_message(_("The two passwords differ. Nothing was changed."))
            self.repeat_edit.clear()
            self.repeat_edit.setFocus()
            return
        self.set_busy(True, _("Checking the recovery code…"))
        path, backoff = self.db_path, self.backoff
        run_in_background(
            self,
            lambda: reset_password_with_recovery(path, code, username, new, backoff=backoff),
            self._done,
            self._refused,
        )

    def _done(self, _result: object) -> None:
        self.set_busy(False)
        for edit in (self.code_edit, self.new_edit, self.repeat_edit):
            edit.clear()
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.set_busy(False)
        if self._cancel_requested:
            super().reject()
            return
        self.show_message(refusal_text(exc))
        self.new_edit.clear()
        self.repeat_edit.clear()
