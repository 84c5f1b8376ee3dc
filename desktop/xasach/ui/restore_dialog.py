"""Khôi phục từ bản sao lưu: the administrator replaces the data with a backup, from the app.

Everything is checked before the data is touched (services.restore); the data as it was is
kept aside, never deleted. The running window holds the old database, so after a restore XaSach
closes and the officer opens it again and logs in — with the passwords of the backup's day.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xasach.i18n import _
from xasach.services.backup import BackupInfo, list_backups
from xasach.services.restore import RestoreResult, restore_backup
from xasach.store.backup import WrongBackupPasswordError
from xasach.store.database import Database
from xasach.ui.formatting import fmt_datetime
from xasach.ui.login_dialog import message_label, refusal_text, show_message
from xasach.ui.operations import run_job


class RestoreDialog(QDialog):
    """Choose a backup, give the password of that day, confirm; `result` after success."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.result_: RestoreResult | None = None
        self.setWindowTitle(_("Restore from a backup"))
        self.resize(640, 480)
        warning = QLabel(
            _(
                "Restoring replaces ALL the data with the chosen backup: what was entered after "
                "it is no longer in the registers. The data as it is now is kept aside in the "
                "data folder (never deleted). Passwords become those of the backup's day."
            ),
            self,
        )
        warning.setWordWrap(True)
        self.backups = QListWidget(self)
        self.backups.setObjectName("backupList")
        self.other_button = QPushButton(_("Choose another backup file…"), self)
        self.other_button.clicked.connect(self.choose_file)
        self.password = QLineEdit(self)
        self.password.setObjectName("restorePassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QCheckBox(
            _("I understand that the current data will be replaced by this backup."), self
        )
        self.confirm.setObjectName("confirmRestore")
        self.message = message_label(self)
        self.message.hide()
        self.buttons = QDialogButtonBox(self)
        self.restore_button = self.buttons.addButton(
            _("Restore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restoreButton")
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.restore)
        self.buttons.rejected.connect(self.reject)
        for signal in (self.backups.currentRowChanged, self.confirm.toggled):
            signal.connect(self._update)
        self.password.textChanged.connect(self._update)
        form = QFormLayout()
        form.addRow(_("Your password on the backup's day:"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addWidget(self.backups, 1)
        layout.addWidget(self.other_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(form)
        layout.addWidget(self.confirm)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._fill()
        self._update()

    def _fill(self) -> None:
        for info in list_backups(self.db):
            self._add(info)
        if self.backups.count():
            self.backups.setCurrentRow(0)

    def _add(self, info: BackupInfo) -> QListWidgetItem:
        text = _("{when} — {file}").format(when=fmt_datetime(info.created_at), file=info.path.name)
        if info.problem:
            text += f" ({info.problem})"
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, str(info.path))
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled if info.problem else item.flags())
        self.backups.addItem(item)
        return item

    def chosen(self) -> Path | None:
        item = self.backups.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a backup file"), str(self.db.path.parent), _("Backups (*.xsbak)")
        )
        if path:
            item = QListWidgetItem(Path(path).name)
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.backups.insertItem(0, item)
            self.backups.setCurrentRow(0)

    def _update(self) -> None:
        ready = (
            self.chosen() is not None and bool(self.password.text()) and self.confirm.isChecked()
        )
        self.restore_button.setEnabled(ready)

    def restore(self) -> None:
        path = self.chosen()
        if path is None:
            return
        password = self.password.text()
        self.restore_button.setEnabled(False)
        db = self.db
        run_job(
            self,
            _("Restoring…"),
            lambda _progress: restore_backup(db, path, password),
            self._done,
            self._failed,
        )

    def _done(self, result: RestoreResult) -> None:
        self.result_ = result
        result.database.close()
        self.db.close()  # already closed by the restore; the app must not use it again
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, WrongBackupPasswordError):
            text = _(
                "This password does not open the backup. Give your password as it was on the "
                "day of the backup; nothing was changed."
            )
        else:
            text = refusal_text(exc) if isinstance(exc, Exception) else str(exc)
        show_message(self.message, text)
        self.message.show()
        self._update()


def restore_and_quit(db: Database, parent: QWidget | None = None) -> RestoreResult | None:
    """Run the dialog; after a restore, tell the officer and close XaSach (open it again)."""
    dialog = RestoreDialog(db, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_ is None:
        return None
    result = dialog.result_
    when = fmt_datetime(result.backup.created_at)
    lines = [
        _("Restored the backup of {when}.").format(when=when),
        _("Passwords are again those of {when}.").format(when=when),
        _("The data as it was before is kept in {path} (with its .keys file).").format(
            path=result.previous
        ),
    ]
    if result.revived_users:
        lines.append(
            _(
                "These users had been removed and can log in again: {users}. Remove them again "
                "in Settings → Users."
            ).format(users=", ".join(result.revived_users))
        )
    lines.append(_("XaSach closes now. Open it again and log in."))
    QMessageBox.information(parent, _("Restore from a backup"), "\n\n".join(lines))
    app = QApplication.instance()
    if app is not None:
        app.quit()
    return result
