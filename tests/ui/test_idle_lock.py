"""Auto-lock: idle time hides the window's content until the same user's password is typed;
wrong passwords keep it locked (and slow down), Log out closes, the audit trail records both."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from xasach.services.backoff import Backoff
from xasach.store.models import AuditEntry
from xasach.ui.idle_lock import DEFAULT_IDLE_MINUTES, IDLE_MINUTES_KEY, IdleLock, idle_minutes
from xasach.ui.main_window import MainWindow

from conftest import ADMIN, COMMUNE_CODE, COMMUNE_NAME, PASSWORD


class Clock:
    """A clock that stands still, so the back-off wait is known exactly."""

    now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def window(qtbot, db):
    window = MainWindow(COMMUNE_NAME, COMMUNE_CODE, db.path, mode="commune", db=db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def make_lock(window, db):
    made: list[IdleLock] = []

    def make(idle_ms: int = 50, backoff: Backoff | None = None) -> IdleLock:
        lock = IdleLock(window, db, idle_ms=idle_ms, backoff=backoff or Backoff(db.path))
        made.append(lock)
        return lock

    yield make
    for lock in made:
        lock.stop()


def locked(qtbot, make_lock, **kwargs) -> IdleLock:
    lock = make_lock(**kwargs)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5_000)
    return lock


def unlock_with(qtbot, lock: IdleLock, password: str) -> None:
    page = lock.page
    qtbot.keyClicks(page.password_edit, password)
    qtbot.keyClick(page.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not lock.is_locked or page.unlock_button.isEnabled(), timeout=10_000)


def audit_actions(db) -> list[tuple[str, str]]:
    with db.reader() as s:
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
        return [(e.username, e.action) for e in entries]


def test_idle_time_hides_the_content_behind_the_lock_page(qtbot, window, make_lock):
    content = window.centralWidget()
    lock = locked(qtbot, make_lock)
    assert window.centralWidget() is lock.page
    assert not content.isVisible()
    assert not window.menuBar().isEnabled()
    assert lock.page.title_label.text() == "Đã khóa"
    assert ADMIN in lock.page.detail_label.text()
    assert window.focusWidget() is lock.page.password_edit


def test_input_restarts_the_idle_timer(qtbot, window, make_lock):
    lock = make_lock(idle_ms=600)
    for _ in range(6):  # 1.2 s of use, never 0.6 s idle
        qtbot.wait(150)
        qtbot.keyClick(window, Qt.Key.Key_Shift)
    assert not lock.is_locked
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5_000)


def test_a_wrong_password_keeps_it_locked(qtbot, window, make_lock):
    lock = locked(qtbot, make_lock)
    unlock_with(qtbot, lock, "sai-mat-khau")
    assert lock.is_locked and window.centralWidget() is lock.page
    assert "Sai mật khẩu" in lock.page.message_label.text()
    assert lock.page.password_edit.text() == ""


def test_the_right_password_unlocks_and_both_are_audited(qtbot, window, make_lock, db):
    content = window.centralWidget()
    lock = locked(qtbot, make_lock, idle_ms=50)
    lock.timer.setInterval(60_000)  # no second lock while the test looks
    unlock_with(qtbot, lock, PASSWORD)
    assert not lock.is_locked
    assert window.centralWidget() is content and content.isVisible()
    assert window.menuBar().isEnabled()
    assert audit_actions(db)[-2:] == [(ADMIN, "lock"), (ADMIN, "unlock")]


def test_repeated_wrong_passwords_must_wait_before_the_next_try(qtbot, make_lock, db):
    backoff = Backoff(db.path, Clock())
    for _ in range(3):
        backoff.failed(ADMIN)
    lock = locked(qtbot, make_lock, backoff=backoff)
    qtbot.keyClicks(lock.page.password_edit, PASSWORD)
    lock.page.unlock_button.click()
    assert lock.is_locked and lock.page.unlock_button.isEnabled()  # not even checked
    assert "chờ 1 giây" in lock.page.message_label.text()


def test_log_out_closes_the_window(qtbot, window, make_lock):
    lock = locked(qtbot, make_lock)
    lock.page.logout_button.click()
    assert not window.isVisible()


def test_locking_hides_other_windows_and_brings_them_back(qtbot, window, make_lock):
    viewer = QDialog(window)  # non-modal, like the audit viewer
    viewer.show()
    qtbot.waitExposed(viewer)
    lock = locked(qtbot, make_lock)
    lock.timer.setInterval(60_000)
    assert not viewer.isVisible()
    unlock_with(qtbot, lock, PASSWORD)
    assert viewer.isVisible()


def test_locking_closes_a_modal_dialog(qtbot, window, make_lock):
    question = QDialog(window)
    question.setModal(True)
    question.show()
    qtbot.waitExposed(question)
    lock = locked(qtbot, make_lock)
    lock.timer.setInterval(60_000)
    assert not question.isVisible()
    unlock_with(qtbot, lock, PASSWORD)
    assert not question.isVisible()


def test_no_action_or_shortcut_works_while_locked(qtbot, window, make_lock):
    lock = locked(qtbot, make_lock)
    lock.timer.setInterval(60_000)
    assert not window.audit_action.isEnabled() and not window.quit_action.isEnabled()
    unlock_with(qtbot, lock, PASSWORD)
    assert window.audit_action.isEnabled() and window.quit_action.isEnabled()


def test_it_locks_again_after_the_next_idle_time(qtbot, make_lock):
    lock = locked(qtbot, make_lock, idle_ms=50)
    unlock_with(qtbot, lock, PASSWORD)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5_000)
    assert lock.page.password_edit.text() == "" and lock.page.password_edit.isEnabled()


def test_lock_now_from_the_file_menu(qtbot, window, make_lock):
    lock = make_lock(idle_ms=60_000)
    window.lock_action.triggered.connect(lock.lock)
    assert window.lock_action.isVisible()
    window.lock_action.trigger()
    assert lock.is_locked


def test_idle_minutes_come_from_the_settings(tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert idle_minutes(settings) == DEFAULT_IDLE_MINUTES == 10
    settings.setValue(IDLE_MINUTES_KEY, 3)
    assert idle_minutes(settings) == 3
    settings.setValue(IDLE_MINUTES_KEY, "không rõ")
    assert idle_minutes(settings) == DEFAULT_IDLE_MINUTES
    settings.setValue(IDLE_MINUTES_KEY, 0)
    assert idle_minutes(settings) == 1
