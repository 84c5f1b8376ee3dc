"""The Settings page: language applied at once (and announced), auto-lock minutes, villages
edited through the villages service, the extra backup folder, users, and the rule table; a
role sees what it may not change disabled or hidden."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from xasach.domain.errors import DomainError
from xasach.domain.roles import Actor, Role
from xasach.i18n import current_language
from xasach.services.auth import add_user, list_users, login
from xasach.services.backup import extra_folder
from xasach.services.villages import add_village, list_villages
from xasach.store.models import Person
from xasach.ui.context import AppContext
from xasach.ui.idle_lock import IDLE_MINUTES_KEY
from xasach.ui.settings_page import LANGUAGE_KEY, SettingsPage
from xasach.ui.user_dialogs import AddUserDialog, PasswordDialog, RemoveUserDialog

from conftest import ADMIN, COMMUNE_CODE, COMMUNE_NAME, PASSWORD


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def page(qtbot, db, settings):
    return make_page(qtbot, db, settings)


def make_page(qtbot, db, settings) -> SettingsPage:
    ctx = AppContext(db, COMMUNE_CODE, COMMUNE_NAME, "commune")
    page = SettingsPage(ctx, settings=settings)
    qtbot.addWidget(page)
    page.resize(940, 600)
    page.show()
    qtbot.waitExposed(page)
    return page


def village_names(page) -> list[str]:
    return [page.village_list.item(i).text() for i in range(page.village_list.count())]


def stored_names(db) -> list[str]:
    with db.reader() as s:
        return [v.name for v in list_villages(s)]


def test_switching_the_language_applies_it_announces_it_and_remembers_it(qtbot, page, settings):
    vietnamese = page.user_table.horizontalHeaderItem(3).text()
    assert vietnamese != "Active"  # the column title comes from the Vietnamese catalog
    with qtbot.waitSignal(page.language_changed) as changed:
        page.language_combo.setCurrentIndex(page.language_combo.findData("en"))
    assert changed.args == ["en"]
    assert current_language() == "en"
    assert page.user_table.horizontalHeaderItem(3).text() == "Active"
    assert settings.value(LANGUAGE_KEY) == "en"


def test_the_auto_lock_minutes_are_stored_within_1_to_120(page, settings):
    page.idle_spin.setValue(15)
    assert int(settings.value(IDLE_MINUTES_KEY)) == 15
    page.idle_spin.setValue(500)
    assert page.idle_spin.value() == 120


@pytest.fixture
def say_yes(monkeypatch):
    """The officer answers Yes to "Delete …?"."""
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)


def test_villages_are_added_renamed_moved_and_deleted_through_the_page(qtbot, page, db, say_yes):
    changes = []
    page.ctx.bus.changed.connect(changes.append)
    for name in ("Thôn Đông", "Tổ dân phố 1"):
        page.village_edit.setText(name)
        qtbot.mouseClick(page.village_buttons["add"], Qt.MouseButton.LeftButton)
    assert village_names(page) == stored_names(db) == ["Thôn Đông", "Tổ dân phố 1"]
    assert changes == ["village", "village"]

    page.village_list.item(0).setText("Thôn Đông Hạ")  # what an in-place edit does
    assert stored_names(db) == ["Thôn Đông Hạ", "Tổ dân phố 1"]

    page.village_list.setCurrentRow(1)
    qtbot.mouseClick(page.village_buttons["up"], Qt.MouseButton.LeftButton)
    assert stored_names(db) == ["Tổ dân phố 1", "Thôn Đông Hạ"]
    assert page.village_list.currentItem().text() == "Tổ dân phố 1"

    page.village_list.setCurrentRow(1)
    qtbot.mouseClick(page.village_buttons["del"], Qt.MouseButton.LeftButton)
    assert stored_names(db) == village_names(page) == ["Tổ dân phố 1"]


def test_a_duplicate_or_a_village_in_use_is_refused_with_the_reason(qtbot, page, db, say_yes):
    with db.session() as s:
        v = add_village(s, "Thôn Đông")
        s.add(Person(unit_code=COMMUNE_CODE, full_name="Trần Văn Bình", village_id=v.id))
    page.refresh()
    page.village_edit.setText("thon dong")
    qtbot.mouseClick(page.village_buttons["add"], Qt.MouseButton.LeftButton)
    assert "Thôn Đông" in page.village_message.text()
    assert village_names(page) == ["Thôn Đông"]

    page.village_list.item(0).setText("")  # an emptied name is refused and put back
    assert village_names(page) == ["Thôn Đông"] and page.village_message.text()

    page.village_list.setCurrentRow(0)
    qtbot.mouseClick(page.village_buttons["del"], Qt.MouseButton.LeftButton)
    assert "1" in page.village_message.text()
    assert stored_names(db) == ["Thôn Đông"]


def test_the_extra_backup_folder_is_chosen_and_cleared(qtbot, page, db, tmp_path, monkeypatch):
    stick = tmp_path / "usb"
    stick.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(stick))
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    assert extra_folder(db) == stick
    assert str(stick) in page.folder_label.text()
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert extra_folder(db) is None


def test_the_administrator_sees_the_users_and_adds_one(qtbot, page, db):
    assert page.user_table.rowCount() == 1
    assert page.user_table.item(0, 0).text() == "admin"
    dialog = AddUserDialog(page.ctx, page)
    qtbot.addWidget(dialog)
    dialog.edits["username"].setText("congan.b")
    dialog.edits["full_name"].setText("Lê Văn Bảo")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("police"))
    dialog.edits["pw"].setText("mat-khau-cong-an")
    dialog.edits["again"].setText("mat-khau-cong-an")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=20_000)
    users = {u.username: u for u in list_users(db)}
    assert users["congan.b"].role == "police" and users["congan.b"].full_name == "Lê Văn Bảo"


def test_add_user_refuses_different_passwords(qtbot, page):
    dialog = AddUserDialog(page.ctx, page)
    qtbot.addWidget(dialog)
    dialog.edits["username"].setText("vanhoa")
    dialog.edits["pw"].setText("mat-khau-1234")
    dialog.edits["again"].setText("mat-khau-9999")
    dialog.submit()
    assert dialog.message_label.text() and not dialog.busy


OFFICER, OFFICER_PASSWORD = "congan.b", "mat-khau-cong-an"


def _with_officer(page, db):
    add_user(db, OFFICER, OFFICER_PASSWORD, "police", full_name="Lê Văn Bảo")
    page.refresh()
    row = next(
        r for r in range(page.user_table.rowCount()) if page.user_table.item(r, 0).text() == OFFICER
    )
    page.user_table.selectRow(row)
    assert page.selected_user() == OFFICER


def _submit(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)


def _opens(path, username, password) -> bool:
    try:
        login(path, username, password).close()
    except DomainError:
        return False
    return True


def test_the_user_buttons_wait_for_a_chosen_user(page, db):
    assert not page.set_password_button.isEnabled() and not page.remove_user_button.isEnabled()
    _with_officer(page, db)
    assert page.set_password_button.isEnabled() and page.remove_user_button.isEnabled()


def test_the_administrator_sets_a_forgotten_password(qtbot, page, db):
    _with_officer(page, db)
    dialog = PasswordDialog(page.ctx, page.selected_user(), page)
    assert OFFICER in dialog.explanation.text()
    dialog.edits["pw"].setText("mat-khau-moi-2026")
    dialog.edits["again"].setText("mat-khau-moi-2026")
    _submit(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.message_label.text()
    assert _opens(db.path, OFFICER, "mat-khau-moi-2026")
    assert not _opens(db.path, OFFICER, OFFICER_PASSWORD)


def test_a_password_dialog_refuses_a_mismatch_and_a_short_password(qtbot, page, db):
    _with_officer(page, db)
    dialog = PasswordDialog(page.ctx, OFFICER, page)
    dialog.edits["pw"].setText("mat-khau-moi-2026")
    dialog.edits["again"].setText("mat-khau-khac-2026")
    _submit(qtbot, dialog)
    assert "không khớp" in dialog.message_label.text()
    dialog.edits["pw"].setText("ngan")
    dialog.edits["again"].setText("ngan")
    _submit(qtbot, dialog)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.message_label.text()  # the service's reason, in Vietnamese
    assert _opens(db.path, OFFICER, OFFICER_PASSWORD)


def test_removing_an_officer_locks_their_password_out_and_keeps_the_data(qtbot, page, db):
    _with_officer(page, db)
    with db.session() as s:
        people_before = s.query(Person).count()
    dialog = RemoveUserDialog(page.ctx, OFFICER, page)
    assert OFFICER in dialog.explanation.text()
    _submit(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.message_label.text()
    assert {u.username: u.active for u in list_users(db)}[OFFICER] is False
    with db.reader() as s:  # the open database goes on under the new key
        assert s.query(Person).count() == people_before
    db.close()
    assert not _opens(db.path, OFFICER, OFFICER_PASSWORD)
    assert _opens(db.path, ADMIN, PASSWORD)


def test_the_administrator_cannot_remove_themselves(qtbot, page, db):
    dialog = RemoveUserDialog(page.ctx, ADMIN, page)
    _submit(qtbot, dialog)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "quản trị viên khác" in dialog.message_label.text()


def test_an_officer_changes_their_own_password(qtbot, db, settings):
    add_user(db, OFFICER, OFFICER_PASSWORD, "police")
    db.actor = Actor(OFFICER, Role.POLICE)
    page = make_page(qtbot, db, settings)
    assert page.boxes["users"].isHidden() and page.own_password_button.isVisible()
    dialog = PasswordDialog(page.ctx, OFFICER, page)
    assert dialog.windowTitle() == "Đổi mật khẩu của tôi"
    dialog.edits["pw"].setText("mat-khau-cua-toi")
    dialog.edits["again"].setText("mat-khau-cua-toi")
    _submit(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.message_label.text()
    assert _opens(db.path, OFFICER, "mat-khau-cua-toi")


def test_a_police_officer_changes_language_but_not_villages_backups_or_users(qtbot, db, settings):
    db.actor = Actor("congan", Role.POLICE)
    page = make_page(qtbot, db, settings)
    assert page.boxes["display"].isEnabled()
    assert not page.boxes["villages"].isEnabled()
    assert not page.boxes["backup"].isEnabled()
    assert page.boxes["users"].isHidden()


def test_the_rule_table_version_is_shown(page, db):
    assert db.setting("rules.version") in page.rules_label.text()
    assert "<" not in page.rules_label.text()
