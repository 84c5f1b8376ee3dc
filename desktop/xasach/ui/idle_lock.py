"""Auto-lock: after some idle minutes the window hides its content until the same user types
their password again (SECURITY.md: auto-lock narrows the window for someone at an unattended
PC).

An application-wide event filter restarts a timer on every key press or mouse action. Locking
takes the central content out of the window (it is kept, not destroyed), disables every action
(menus and shortcuts), hides tool bars, docks and other windows (modal dialogs are closed), so
nothing readable stays on screen or one key away. The
password is checked exactly as at login — by opening the user's key slot, off the UI thread,
with the same back-off on wrong tries — and the lock and unlock go into the audit trail.
"""

from __future__ import annotations

import hmac
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from xasach.i18n import _
from xasach.services.backoff import Backoff
from xasach.store import audit
from xasach.store.database import Database
from xasach.store.keyslots import SlotError, SlotFile, WrongSecret, slot_path
from xasach.ui.login_dialog import busy_bar, message_label, run_in_background, show_message

IDLE_MINUTES_KEY = "security/idle_minutes"
DEFAULT_IDLE_MINUTES = 10
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


def idle_minutes(settings: QSettings) -> int:
    """The configured idle minutes (at least 1; a bad value falls back to the default)."""
    try:
        minutes = int(settings.value(IDLE_MINUTES_KEY, DEFAULT_IDLE_MINUTES))
    except (TypeError, ValueError):
        minutes = DEFAULT_IDLE_MINUTES
    return max(1, minutes)


def check_password(db_path: Path, username: str, password: str, key: bytes | None) -> None:
    """Raise WrongSecret unless `password` opens `username`'s slot and gives this database's
    key (a slot file swapped under us must not unlock)."""
    data_key, pending = SlotFile.load(slot_path(db_path)).open(password, user=username)
    if key is not None and not any(
        k is not None and hmac.compare_digest(k, key) for k in (data_key, pending)
    ):
        raise WrongSecret("the slot does not hold this database's key")


class LockPage(QWidget):
    """What a locked window shows: who is logged in, a password field, Unlock and Log out."""

    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockPage")
        self.username = username
        self.title_label = QLabel(self)
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.title_label.setFont(font)
        self.detail_label = QLabel(self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("unlockPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.unlock_button = QPushButton(self)
        self.logout_button = QPushButton(self)
        self.message_label, self.busy_bar = message_label(self), busy_bar(self)
        for label in (self.title_label, self.detail_label):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column = QWidget(self)
        column.setMaximumWidth(520)
        text = QVBoxLayout(column)
        text.setSpacing(12)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.logout_button)
        buttons.addWidget(self.unlock_button)
        for widget in (self.title_label, self.detail_label, self.password_edit):
            text.addWidget(widget)
        text.addLayout(buttons)
        text.addWidget(self.message_label)
        text.addWidget(self.busy_bar)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(column, 3)
        centre.addStretch(1)
        rows = QVBoxLayout(self)
        rows.addStretch(2)
        rows.addLayout(centre)
        rows.addStretch(3)
        self.password_edit.returnPressed.connect(self.unlock_button.click)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title_label.setText(_("Locked"))
        self.detail_label.setText(
            _("Type the password of {user} to continue.").format(user=self.username)
        )
        self.password_edit.setPlaceholderText(_("Password"))
        self.unlock_button.setText(_("&Unlock"))
        self.logout_button.setText(_("Log &out"))

    def set_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.password_edit.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        if busy:
            self.show_message(_("Checking the password…"), error=False)

    def show_message(self, text: str, *, error: bool = True) -> None:
        show_message(self.message_label, text, error=error)


class IdleLock(QObject):
    """Locks `window` after `idle_ms` without input (default: the `security/idle_minutes`
    setting); `db.actor` is the user who must unlock it."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        window: QMainWindow,
        db: Database,
        *,
        idle_ms: int | None = None,
        settings: QSettings | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        super().__init__(window)
        self.window, self.db = window, db
        self.username = db.actor.username if db.actor else ""
        self.backoff = backoff or Backoff(db.path)
        if idle_ms is None:
            idle_ms = idle_minutes(settings or QSettings()) * 60_000
        self.page: LockPage | None = None  # while locked
        self._spare_page: LockPage | None = None
        self._content: QWidget | None = None
        self._hidden: list[QWidget] = []
        self._disabled: list[QAction] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(idle_ms)
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    @property
    def is_locked(self) -> bool:
        return self.page is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt's name
        if self.page is None and event.type() in ACTIVITY:
            self.timer.start()
        return False

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def lock(self) -> None:
        """Hide everything readable behind the lock page (also from the File menu)."""
        if self.page is not None:
            return
        self.timer.stop()
        self._record("lock")
        self._hide_the_rest()
        self._content = self.window.takeCentralWidget()
        if self._spare_page is None:  # built once and kept: no widget deleted mid-signal
            self._spare_page = LockPage(self.username)
            self._spare_page.unlock_button.clicked.connect(self._try_unlock)
            self._spare_page.logout_button.clicked.connect(self.window.close)
        self.page = self._spare_page
        self.page.password_edit.clear()
        self.page.show_message("", error=False)
        self.window.setCentralWidget(self.page)
        self.page.show()  # at once: a reparented widget is otherwise shown by a queued call
        self.page.password_edit.setFocus()
        self.locked.emit()

    def _hide_the_rest(self) -> None:
        """Other windows, tool bars, docks and every action (menus and shortcuts alike)."""
        self._hidden, self._disabled = [], []
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible() or not widget.isWindow():
                continue
            if isinstance(widget, QDialog) and widget.isModal():
                widget.close()  # its exec() returns; showing it again later would be a ghost
            else:  # non-modal windows and progress dialogs come back after the unlock
                widget.hide()
                self._hidden.append(widget)
        for bar in (*self.window.findChildren(QToolBar), *self.window.findChildren(QDockWidget)):
            if bar.isVisible():
                bar.hide()
                self._hidden.append(bar)
        for action in self.window.findChildren(QAction):
            if action.isEnabled():
                action.setEnabled(False)
                self._disabled.append(action)
        self.window.menuBar().setEnabled(False)

    def _restore_the_rest(self) -> None:
        for widget in self._hidden:
            if Shiboken.isValid(widget):
                widget.show()
        for action in self._disabled:
            if Shiboken.isValid(action):
                action.setEnabled(True)
        self._hidden, self._disabled = [], []
        self.window.menuBar().setEnabled(True)

    def _try_unlock(self) -> None:
        page = self.page
        if page is None or not page.unlock_button.isEnabled():
            return
        password = page.password_edit.text()
        if not password:
            page.show_message(_("Type your password."))
            return
        wait = self.backoff.wait_seconds(self.username)
        if wait:
            page.show_message(
                _("Too many wrong passwords. Wait {n} seconds, then try again.").format(n=wait)
            )
            return
        page.set_busy(True)
        path, user, key = self.db.path, self.username, self.db.key
        run_in_background(
            page, lambda: check_password(path, user, password, key), self._unlock, self._refused
        )

    def _refused(self, exc: Exception) -> None:
        if self.page is None:
            return
        self.page.set_busy(False)
        if isinstance(exc, WrongSecret):
            self.backoff.failed(self.username)
            self.page.show_message(_("Wrong password. Try again."))
        elif isinstance(exc, SlotError):
            self.page.show_message(
                _(
                    "Your key could not be read from {keys}. Log out and log in again, or ask "
                    "the administrator."
                ).format(keys=slot_path(self.db.path))
            )
        else:
            self.page.show_message(_("Unexpected error: {detail}").format(detail=exc))
        self.page.password_edit.clear()
        self.page.password_edit.setFocus()

    def _unlock(self, _result: object = None) -> None:
        if self.page is None:
            return
        self.backoff.succeeded(self.username)
        self.page.set_busy(False)
        self.page.password_edit.clear()
        self.page = None
        self.window.takeCentralWidget().hide()  # the spare page, kept for the next lock
        if self._content is not None:
            self.window.setCentralWidget(self._content)
            self._content.show()
            self._content = None
        self._restore_the_rest()
        self._record("unlock")
        self.timer.start()
        self.unlocked.emit()

    def _record(self, action: str) -> None:
        """Audit the lock or unlock; a failed write must not stop the lock itself."""
        try:
            with self.db.session() as s:
                audit.append(s, self.username, action)
        except Exception as exc:
            self.window.statusBar().showMessage(
                _("Could not record this in the audit trail: {detail}").format(detail=exc), 10_000
            )
