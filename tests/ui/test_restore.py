"""Restoring a backup from the app (Settings → Restore from a backup…): the administrator
chooses a backup, gives the password of that day and confirms; a wrong password changes
nothing; after a restore the data is the backup's and XaSach closes to be opened again."""

from __future__ import annotations

import os
from datetime import date

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import func, select

from xasach.domain.roles import Actor, Role
from xasach.i18n import _
from xasach.services.auth import login
from xasach.services.backup import create_backup
from xasach.services.people import create_person
from xasach.store.models import Person
from xasach.ui import restore_dialog
from xasach.ui.context import AppContext
from xasach.ui.restore_dialog import RestoreDialog, restore_and_quit
from xasach.ui.settings_page import SettingsPage

from conftest import ADMIN, COMMUNE_CODE, COMMUNE_NAME, PASSWORD

JOB_MS = 20_000


def _people(db) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(Person))


def _add(db, name: str) -> None:
    with db.session() as s:
        create_person(s, full_name=name, birth_date=date(1990, 5, 1), sex="M")


@pytest.fixture
def backed_up(db):
    """One person in the backup, a second one entered after it."""
    _add(db, "Nguyễn Văn Đức")
    create_backup(db)
    _add(db, "Trần Thị Lan")
    assert _people(db) == 2
    return db


def _settings_page(qtbot, db, tmp_path) -> SettingsPage:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    page = SettingsPage(AppContext(db, COMMUNE_CODE, COMMUNE_NAME, "commune"), settings=settings)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_only_the_administrator_sees_the_restore_button(qtbot, db, tmp_path):
    assert _settings_page(qtbot, db, tmp_path).restore_button.isVisible()
    db.actor = Actor("congan", Role.POLICE)
    assert not _settings_page(qtbot, db, tmp_path).restore_button.isVisible()


def test_restore_needs_a_backup_the_password_and_the_confirmation(qtbot, backed_up):
    dialog = RestoreDialog(backed_up)
    qtbot.addWidget(dialog)
    assert dialog.backups.count() == 1 and dialog.chosen() is not None
    assert not dialog.restore_button.isEnabled()
    dialog.password.setText(PASSWORD)
    assert not dialog.restore_button.isEnabled()  # not confirmed yet
    dialog.confirm.setChecked(True)
    assert dialog.restore_button.isEnabled()


def test_a_wrong_password_changes_nothing(qtbot, backed_up):
    dialog = RestoreDialog(backed_up)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.password.setText("không phải mật khẩu")
    dialog.confirm.setChecked(True)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.message.isVisible, timeout=JOB_MS)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert _people(backed_up) == 2  # the database still works and holds both people


def test_a_restore_brings_the_backup_back_and_closes_xasach(qtbot, backed_up, monkeypatch):
    shown: list[str] = []
    quits: list[bool] = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda _p, _t, text: shown.append(text))
    )
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(True)))

    def confirm_and_restore(dialog: RestoreDialog) -> int:
        dialog.password.setText(PASSWORD)
        dialog.confirm.setChecked(True)
        dialog.restore()
        qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=JOB_MS)
        return dialog.result()

    monkeypatch.setattr(restore_dialog.RestoreDialog, "exec", confirm_and_restore)
    result = restore_and_quit(backed_up)
    assert result is not None and backed_up.closed and quits == [True]
    assert _("XaSach closes now. Open it again and log in.") in shown[0]
    assert str(result.previous) in shown[0] and result.previous.exists()
    again = login(backed_up.path, ADMIN, PASSWORD)
    try:
        with again.reader() as s:
            names = list(s.scalars(select(Person.full_name)))
        assert names == ["Nguyễn Văn Đức"]
    finally:
        again.close()
