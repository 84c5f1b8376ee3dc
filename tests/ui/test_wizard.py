"""The first-run wizard, driven through its widgets: from no file to an encrypted, logged-in
database with its villages, and a recovery code that really opens the recovery slot."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QWizard

from xasach.domain.errors import DomainError
from xasach.services.auth import login, reset_password_with_recovery
from xasach.services.villages import list_villages
from xasach.store.keyslots import slot_path
from xasach.store.models import AppUser
from xasach.ui.wizard import FirstRunWizard
from xasach.ui.wizard.wizard import OFFICER, RECOVERY, SUMMARY, UNIT, VILLAGES, WELCOME

ADMIN_PASSWORD = "mat-khau-cua-xa-1"


@pytest.fixture
def path(tmp_path):
    return tmp_path / "data" / "xasach.db"


@pytest.fixture
def wizard(qtbot, path):
    w = FirstRunWizard(path)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    if w.database is not None:
        w.database.close()


def type_text(qtbot, widget, text: str) -> None:
    """Type like an officer: ASCII through qtbot.keyClicks; Vietnamese letters as key events
    carrying their text, the way Unikey delivers them on Windows (QTest asserts on non-ASCII
    keys)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch)
                )


def click(qtbot, wizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def next_page(qtbot, wizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.NextButton)


def fill_up_to_summary(qtbot, wizard) -> None:
    assert wizard.currentId() == WELCOME
    next_page(qtbot, wizard)
    assert wizard.currentId() == UNIT
    qtbot.keyClicks(wizard.unit_page.search_edit, "hoan kiem")
    assert wizard.unit_page.choice().code == "00070"
    next_page(qtbot, wizard)
    assert wizard.currentId() == VILLAGES
    page = wizard.villages_page
    assert not page.isComplete()  # at least one village
    type_text(qtbot, page.name_edit, "Tổ dân phố 1")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, page.name_edit, "Thôn Đông")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)  # Enter adds, it does not leave the page
    assert wizard.currentId() == VILLAGES
    assert page.names() == ["Tổ dân phố 1", "Thôn Đông"]
    next_page(qtbot, wizard)
    assert wizard.currentId() == OFFICER
    officer = wizard.officer_page
    type_text(qtbot, officer.full_name_edit, "Nguyễn Văn An")
    type_text(qtbot, officer.title_edit, "Trưởng Công an phường")
    qtbot.keyClicks(officer.password_edit, ADMIN_PASSWORD)
    qtbot.keyClicks(officer.repeat_edit, ADMIN_PASSWORD)
    assert officer.isComplete()
    next_page(qtbot, wizard)
    assert wizard.currentId() == SUMMARY


def create(qtbot, wizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == RECOVERY or not wizard.busy, timeout=30_000)
    qtbot.waitUntil(lambda: not wizard.busy, timeout=30_000)


def test_the_wizard_creates_an_encrypted_database_with_villages_and_a_working_recovery_code(
    qtbot, wizard, path
):
    fill_up_to_summary(qtbot, wizard)
    assert "Phường Hoàn Kiếm" in wizard.summary_page.values[0].text()
    assert "Thôn Đông" in wizard.summary_page.values[1].text()
    create(qtbot, wizard)
    assert wizard.currentId() == RECOVERY
    shown = wizard.recovery_page.sheet.code_view.text()
    assert [len(g) for g in shown.split()] == [5] * 6

    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    wizard.reject()  # Esc or the window's close button: refused, the code must be kept first
    assert wizard.isVisible()
    wizard.recovery_page.confirm_box.click()
    assert finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.result() == QDialog.DialogCode.Accepted

    db = wizard.database
    assert db is not None and db.actor.username == "admin"
    with db.reader() as s:
        assert [v.name for v in list_villages(s)] == ["Tổ dân phố 1", "Thôn Đông"]
        admin = s.get(AppUser, "admin")
        assert (admin.full_name, admin.title) == ("Nguyễn Văn An", "Trưởng Công an phường")
    assert db.setting("unit.code") == "00070"
    db.close()
    wizard.database = None

    assert not path.read_bytes().startswith(b"SQLite format 3")  # encrypted
    login(path, "admin", ADMIN_PASSWORD).close()
    reset_password_with_recovery(path, shown, "admin", "mat-khau-moi-123")
    login(path, "admin", "mat-khau-moi-123").close()


def test_a_failure_after_creating_leaves_nothing_on_disk_and_the_next_try_works(
    qtbot, wizard, path, monkeypatch
):
    import xasach.ui.wizard.creation as creation

    real = creation.add_villages

    def broken(*_a, **_k):
        raise DomainError("Ổ đĩa đầy")

    monkeypatch.setattr(creation, "add_villages", broken)
    fill_up_to_summary(qtbot, wizard)
    create(qtbot, wizard)
    assert wizard.currentId() == SUMMARY
    assert "Ổ đĩa đầy" in wizard.summary_page.message_label.text()
    assert list(path.parent.iterdir()) == []
    assert wizard.database is None

    monkeypatch.setattr(creation, "add_villages", real)
    create(qtbot, wizard)
    assert wizard.currentId() == RECOVERY and path.exists() and slot_path(path).exists()


def test_an_existing_file_is_refused_and_left_alone(qtbot, wizard, path):
    path.parent.mkdir(parents=True)
    path.write_bytes(b"the officer's old file")
    fill_up_to_summary(qtbot, wizard)
    create(qtbot, wizard)
    assert wizard.currentId() == SUMMARY
    assert str(path) in wizard.summary_page.message_label.text()
    assert path.read_bytes() == b"the officer's old file"
    assert not slot_path(path).exists()


def test_cancel_before_creating_leaves_no_file(qtbot, wizard, path):
    next_page(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert wizard.result() == QDialog.DialogCode.Rejected
    assert wizard.database is None and not path.exists()


def test_the_province_narrows_the_communes(qtbot, wizard):
    next_page(qtbot, wizard)
    page = wizard.unit_page
    page.province_combo.setCurrentIndex(page.province_combo.findText("Thành phố Hà Nội"))
    assert page.result_list.count() > 100  # all of Hà Nội's communes, nothing typed
    qtbot.keyClicks(page.search_edit, "dong anh")
    labels = [page.result_list.item(i).text() for i in range(page.result_list.count())]
    assert labels and all("Thành phố Hà Nội" in label for label in labels)
    assert "Đông Anh" in labels[0]


def test_an_upper_level_office_skips_the_villages(qtbot, wizard):
    next_page(qtbot, wizard)
    page = wizard.unit_page
    page.upper_radio.click()
    assert not page.isComplete()
    page.province_combo.setCurrentIndex(page.province_combo.findText("Thành phố Hà Nội"))
    assert page.isComplete()
    next_page(qtbot, wizard)
    assert wizard.currentId() == OFFICER
    assert wizard.request().mode == "upper" and wizard.request().unit_code == "01"


def test_the_officer_page_explains_what_is_wrong_next_to_the_field(qtbot, wizard):
    page = wizard.officer_page
    qtbot.keyClicks(page.password_edit, "ngan")
    assert "8" in page.password_hint.text()
    page.user_edit.setText("Nguyễn")
    assert page.user_hint.text()
    page.user_edit.setText("nguyenvan.a")
    assert page.user_hint.text() == ""
    qtbot.keyClicks(page.password_edit, "-dai-hon")
    qtbot.keyClicks(page.repeat_edit, "khac-han")
    assert page.repeat_hint.text()
    assert not page.isComplete()


def test_the_same_village_twice_is_refused(qtbot, wizard):
    page = wizard.villages_page
    for name in ("Thôn Đông", "thon dong"):
        type_text(qtbot, page.name_edit, name)
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.names() == ["Thôn Đông"]
    assert "Thôn Đông" in page.message_label.text() or "thon dong" in page.message_label.text()


def test_villages_can_be_reordered_and_removed(qtbot, wizard):
    page = wizard.villages_page
    for name in ("A", "B", "C"):
        qtbot.keyClicks(page.name_edit, name)
        qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    page.village_list.setCurrentRow(2)
    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    assert page.names() == ["A", "C", "B"]
    page.village_list.setCurrentRow(0)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert page.names() == ["C", "B"]


def test_the_recovery_sheet_saves_as_a_pdf_with_the_code(qtbot, wizard, tmp_path, monkeypatch):
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    fill_up_to_summary(qtbot, wizard)
    create(qtbot, wizard)
    target = tmp_path / "stick" / "phieu"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    sheet = wizard.recovery_page.sheet
    qtbot.mouseClick(sheet.pdf_button, Qt.MouseButton.LeftButton)
    pdf = target.with_suffix(".pdf")
    text = "".join(PdfReader(pdf).pages[0].extract_text().split())
    assert "".join(wizard.recovery_code.split()) in text
    assert "PhườngHoànKiếm" in text  # Vietnamese survives into the PDF
    assert str(pdf) in sheet.note_label.text()


def test_an_upper_level_office_is_created_without_villages(qtbot, wizard, path):
    next_page(qtbot, wizard)
    page = wizard.unit_page
    page.upper_radio.click()
    page.province_combo.setCurrentIndex(page.province_combo.findText("Thành phố Hà Nội"))
    next_page(qtbot, wizard)
    officer = wizard.officer_page
    type_text(qtbot, officer.full_name_edit, "Phạm Thị Lan")
    qtbot.keyClicks(officer.password_edit, ADMIN_PASSWORD)
    qtbot.keyClicks(officer.repeat_edit, ADMIN_PASSWORD)
    next_page(qtbot, wizard)
    create(qtbot, wizard)
    assert wizard.currentId() == RECOVERY
    assert wizard.database.setting("mode") == "upper"
    assert wizard.database.setting("unit.code") == "01"


def test_cancelling_the_job_after_the_file_exists_removes_it(path):
    from xasach.ui.operations import Cancelled
    from xasach.ui.wizard.creation import SetupRequest, create_installation, created_files

    calls = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if done == 2:  # the file exists and the officer is logged in: Cancel pressed now
            raise Cancelled()

    request = SetupRequest(
        path, "commune", "00070", "admin", ADMIN_PASSWORD, villages=("Thôn Đông",)
    )
    with pytest.raises(Cancelled):
        create_installation(request, progress)
    assert calls == [0, 1, 2]
    assert not any(f.exists() for f in created_files(path))
