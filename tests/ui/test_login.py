"""The login dialog: the password is checked off the UI thread, refusals are shown in the
dialog, Esc cancels, and the recovery code sets a new password that then logs in."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QLineEdit

from xasach.domain.roles import Role
from xasach.services.auth import login
from xasach.store.keyslots import slot_path
from xasach.ui.app import login_with_dialog
from xasach.ui.login_dialog import LAST_USER_KEY, LoginDialog, RecoveryDialog

from conftest import ADMIN, PASSWORD

NEW_PASSWORD = "mat-khau-moi-2025"


@pytest.fixture(autouse=True)
def default_settings_in_tmp(tmp_path):
    """Dialogs built with QSettings() write here, not into the tester's own settings."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "user-settings")
    )
    yield
    QSettings.setDefaultFormat(QSettings.Format.NativeFormat)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def dialog(qtbot, db_path, settings):
    dialog = LoginDialog(db_path, settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog
    if dialog.database is not None:
        dialog.database.close()


def type_login(qtbot, dialog: LoginDialog, user: str, password: str) -> None:
    dialog.user_edit.setText(user)
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, password)


def test_the_dialog_names_the_data_file_and_hides_the_password(dialog, db_path):
    assert db_path.name in dialog.file_label.text()
    assert dialog.password_edit.echoMode() is QLineEdit.EchoMode.Password
    assert dialog.windowTitle() == "XaSach — Đăng nhập"


def test_enter_logs_in_and_keeps_the_database_with_its_actor(qtbot, dialog):
    type_login(qtbot, dialog, ADMIN, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.database is not None
    assert dialog.database.actor.username == ADMIN
    assert dialog.database.actor.role is Role.ADMIN


def test_while_the_password_is_checked_the_button_is_disabled_and_busy(qtbot, dialog):
    type_login(qtbot, dialog, ADMIN, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.ok_button.click()
        # The check runs on a pool thread, so the dialog is still painting and shows it.
        assert not dialog.ok_button.isEnabled()
        assert dialog.busy_bar.isVisible()
        assert not dialog.password_edit.isEnabled()


def test_a_wrong_password_is_a_message_and_the_dialog_stays_open(qtbot, dialog):
    type_login(qtbot, dialog, ADMIN, "sai-mat-khau")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.isVisible() and dialog.database is None
    assert "Sai tên đăng nhập hoặc mật khẩu" in dialog.message_label.text()
    assert dialog.password_edit.text() == ""
    assert dialog.user_edit.text() == ADMIN
    assert dialog.focusWidget() is dialog.password_edit
    assert dialog.ok_button.isEnabled()


def test_empty_fields_are_asked_for_before_any_check(qtbot, dialog):
    dialog.user_edit.clear()
    dialog.ok_button.click()
    assert not dialog.busy and "tên đăng nhập" in dialog.message_label.text()


def test_escape_cancels(qtbot, dialog):
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.database is None


def test_the_last_user_is_remembered_never_the_password(qtbot, dialog, db_path, settings):
    type_login(qtbot, dialog, ADMIN, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.ok_button.click()
    settings.sync()
    assert settings.value(LAST_USER_KEY) == ADMIN
    assert PASSWORD not in Path(settings.fileName()).read_text(encoding="utf-8")
    again = LoginDialog(db_path, settings=settings)
    qtbot.addWidget(again)
    assert again.user_edit.text() == ADMIN and again.password_edit.text() == ""


def test_a_missing_key_file_is_the_store_message_in_the_dialog(qtbot, dialog, db_path):
    slot_path(db_path).unlink()
    type_login(qtbot, dialog, ADMIN, PASSWORD)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert ".keys" in dialog.message_label.text() and dialog.isVisible()


def recovery(qtbot, db_path, code: str, new: str, repeat: str | None = None) -> RecoveryDialog:
    dialog = RecoveryDialog(db_path, ADMIN)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.code_edit, code)
    qtbot.keyClicks(dialog.new_edit, new)
    qtbot.keyClicks(dialog.repeat_edit, new if repeat is None else repeat)
    return dialog


def test_the_recovery_code_sets_a_new_password_that_then_logs_in(qtbot, db_path, recovery_code):
    dialog = recovery(qtbot, db_path, recovery_code.replace(" ", ""), NEW_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.ok_button.click()
    login(db_path, ADMIN, NEW_PASSWORD).close()


def test_a_wrong_recovery_code_is_refused_in_the_dialog(qtbot, db_path):
    dialog = recovery(qtbot, db_path, "12345 " * 6, NEW_PASSWORD)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert "30 chữ số" in dialog.message_label.text()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted


def test_the_new_password_must_be_typed_twice_alike(qtbot, db_path, recovery_code):
    dialog = recovery(qtbot, db_path, recovery_code, NEW_PASSWORD, repeat="khac-hoan-toan")
    dialog.ok_button.click()
    assert not dialog.busy and "không khớp" in dialog.message_label.text()


def test_forgot_password_opens_recovery_and_comes_back_to_log_in(
    qtbot, dialog, db_path, recovery_code, monkeypatch
):
    def fill_and_accept(self: RecoveryDialog) -> int:
        self.code_edit.setText(recovery_code)
        self.new_edit.setText(NEW_PASSWORD)
        self.repeat_edit.setText(NEW_PASSWORD)
        self.submit()
        qtbot.waitUntil(lambda: self.result() == QDialog.DialogCode.Accepted, timeout=10_000)
        return self.result()

    monkeypatch.setattr(RecoveryDialog, "exec", fill_and_accept)
    dialog.forgot_label.linkActivated.emit("recover")
    assert ADMIN in dialog.message_label.text() and dialog.user_edit.text() == ADMIN
    qtbot.keyClicks(dialog.password_edit, NEW_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.ok_button.click()
    assert dialog.database is not None


def test_the_app_gets_the_logged_in_database_from_the_dialog(qtbot, db_path, monkeypatch):
    def log_in(self: LoginDialog) -> int:
        self.user_edit.setText(ADMIN)
        self.password_edit.setText(PASSWORD)
        self.submit()
        qtbot.waitUntil(lambda: self.result() == QDialog.DialogCode.Accepted, timeout=10_000)
        return self.result()

    monkeypatch.setattr(LoginDialog, "exec", log_in)
    db = login_with_dialog(db_path)
    assert db is not None and db.actor.username == ADMIN
    db.close()


def test_a_cancelled_login_gives_the_app_nothing(db_path, monkeypatch):
    monkeypatch.setattr(LoginDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert login_with_dialog(db_path) is None
