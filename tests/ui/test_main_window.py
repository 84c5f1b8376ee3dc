"""The first window: the unit it opened, or a page saying what to do; Quit, About, languages;
and run_app around it: login first, the start-up health check, automatic backups."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QLocale, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

import xasach
from xasach.services.auth import login
from xasach.services.backup import auto_backup, default_folder
from xasach.store.database import Database, commit_new
from xasach.store.errors import StoreError
from xasach.store.reference import load_shipped_rules, load_shipped_units, put_setting
from xasach.ui import app as app_module
from xasach.ui.app import (
    BackupScheduler,
    backup_on_quit,
    damage_message,
    open_database,
    run_app,
    warn_if_damaged,
)
from xasach.ui.main_window import MainWindow
from xasach.ui.qt_i18n import install_language, remove_translators

from conftest import ADMIN, PASSWORD

UNIT_CODE = "00070"
UNIT_NAME = "Phường Hoàn Kiếm"


@pytest.fixture(autouse=True)
def default_settings_in_tmp(tmp_path):
    """run_app's QSettings() write here, not into the tester's own settings."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "user-settings")
    )
    yield
    QSettings.setDefaultFormat(QSettings.Format.NativeFormat)


def log_in_as_admin(path: Path) -> Database:
    return login(path, ADMIN, PASSWORD)


@pytest.fixture
def commune_db(tmp_path: Path) -> Path:
    """A plain (unencrypted) database, as the first version made them."""
    db, final = Database.create(tmp_path / "c.db")
    with db.session() as s:
        load_shipped_units(s)
        load_shipped_rules(s)
        put_setting(s, "unit.code", UNIT_CODE)
        put_setting(s, "unit.name", UNIT_NAME)
        put_setting(s, "mode", "commune")
    commit_new(db, final)
    return final


@pytest.fixture
def language(qapp: QApplication) -> Iterator[object]:
    """Switch language like run_app does; undo the translators and QLocale afterwards."""
    installed = []
    before = QLocale()

    def switch(lang: str) -> None:
        installed.extend(install_language(qapp, lang))

    yield switch
    remove_translators(qapp, installed)
    QLocale.setDefault(before)


def window_for(qtbot, db_path: Path, db: Database | None = None) -> MainWindow:
    """The window as run_app builds it; `db` is the logged-in database, if any."""
    opened = open_database(db_path, lambda _path: db)
    window = MainWindow(
        opened.unit_name, opened.unit_code, db_path, opened.message, mode=opened.mode, db=opened.db
    )
    qtbot.addWidget(window)
    return window


def test_the_window_shows_the_unit_in_title_page_and_status_bar(qtbot, db):
    window = window_for(qtbot, db.path, db)
    assert window.windowTitle() == f"XaSach — {UNIT_NAME}"
    assert window.centralWidget() is window.workspace  # the registers, not an empty page
    assert window.workspace.current_key() == "overview"
    assert UNIT_CODE in window.status_label.text()
    assert UNIT_NAME in window.status_label.text()


def test_the_status_bar_shows_the_logged_in_user_and_role(qtbot, db):
    window = window_for(qtbot, db.path, db)
    assert window.user_label.text() == f"Người dùng: {ADMIN} (Quản trị viên)"
    assert window.lock_action.isVisible()


def test_a_missing_file_shows_how_to_create_one(qtbot, tmp_path, language):
    language("en")
    missing = tmp_path / "none.db"
    assert open_database(missing).message is None
    window = window_for(qtbot, missing)
    assert window.windowTitle() == "XaSach"
    assert window.title_label.text() == "No data file yet"
    assert "xasach init --commune CODE" in window.detail_label.text()
    assert str(missing) in window.path_label.text()
    assert not missing.exists()


def test_a_file_without_its_key_file_shows_the_store_message_instead_of_crashing(
    qtbot, tmp_path, language
):
    language("en")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(8192))
    opened = open_database(garbage, lambda _path: pytest.fail("no login without a key file"))
    assert opened.db is None and opened.message
    window = window_for(qtbot, garbage)
    assert window.title_label.text() == "The data file could not be opened"
    assert window.detail_label.text() == opened.message
    assert "garbage.db.keys" in opened.message


def test_a_plain_database_says_to_encrypt_it(qtbot, commune_db, language):
    language("en")
    opened = open_database(commune_db, lambda _path: pytest.fail("no login for a plain file"))
    assert opened.db is None and "xasach encrypt" in (opened.message or "")


def test_an_encrypted_installation_asks_for_a_login_first(db_path):
    asked = []
    opened = open_database(db_path, lambda path: asked.append(path) or log_in_as_admin(path))
    assert asked == [db_path]
    assert opened.db is not None and opened.unit_name == UNIT_NAME
    opened.db.close()


def test_a_cancelled_login_opens_nothing(db_path):
    opened = open_database(db_path, lambda _path: None)
    assert opened.cancelled and opened.db is None and opened.message is None


def test_the_window_fits_a_1366_by_768_screen(qtbot, db):
    window = window_for(qtbot, db.path, db)
    assert window.width() <= 1366 and window.height() <= 768 - 70


def test_quit_closes_the_window(qtbot, commune_db):
    window = window_for(qtbot, commune_db)
    window.show()
    qtbot.waitExposed(window)
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    window.quit_action.trigger()
    assert not window.isVisible()


def test_about_names_the_version(qtbot, commune_db, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda *args: shown.append(args))
    window = window_for(qtbot, commune_db)
    window.about_action.trigger()
    ((_parent, _title, text),) = shown
    assert xasach.__version__ in text


def test_help_opens_the_user_guide(qtbot, commune_db, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window = window_for(qtbot, commune_db)
    assert window.guide_action in window.help_menu.actions()
    assert window.guide_action.shortcut().toString() == "F1"
    window.guide_action.trigger()
    (url,) = opened
    path = Path(url.toLocalFile())
    assert path.name == "huong-dan-su-dung.md" and path.exists()  # the source tree's guide
    assert "Hướng dẫn sử dụng" in path.read_text(encoding="utf-8")


def test_a_missing_user_guide_is_explained(qtbot, commune_db, monkeypatch, tmp_path):
    from xasach.ui import main_window

    warned = []
    monkeypatch.setattr(main_window, "user_guide", lambda: tmp_path / "gone.html")
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args))
    window = window_for(qtbot, commune_db)
    window.guide_action.trigger()
    ((_parent, _title, text),) = warned
    assert "gone.html" in text


def test_in_vietnamese_the_window_speaks_vietnamese(qtbot, tmp_path, language):
    language("vi")
    window = window_for(qtbot, tmp_path / "none.db")
    assert window.file_menu.title() == "&Tệp"
    assert window.quit_action.text() == "&Thoát"
    assert window.title_label.text() == "Chưa có tệp dữ liệu"


def test_in_english_the_window_speaks_english(qtbot, tmp_path, language):
    language("en")
    window = window_for(qtbot, tmp_path / "none.db")
    assert window.file_menu.title() == "&File"
    assert window.quit_action.text() == "&Quit"


def test_changing_language_retranslates_an_open_window(qtbot, tmp_path, language):
    language("en")
    window = window_for(qtbot, tmp_path / "none.db")
    language("vi")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&Tệp")


def test_qt_dialog_buttons_come_from_our_catalog(qtbot, language):
    language("vi")
    vi = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(vi)
    assert sorted(b.text() for b in vi.buttons()) == ["Hủy", "Đồng ý"]


def test_in_english_qt_keeps_its_own_button_texts(qtbot, language):
    language("en")
    en = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(en)
    assert sorted(b.text() for b in en.buttons()) == ["Cancel", "OK"]


def quit_when_shown(qapp: QApplication, seen: list[object]) -> QTimer:
    """Quit from the menu once the window is up; a watchdog turns a hang into exit code 3."""

    def quit_from_the_menu() -> None:
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen.extend(w for w in windows)
        seen.append(QLocale().name())
        for w in windows:
            w.quit_action.trigger()

    QTimer.singleShot(0, quit_from_the_menu)
    watchdog = QTimer(singleShot=True, interval=5000)
    watchdog.timeout.connect(lambda: qapp.exit(3))
    watchdog.start()
    return watchdog


def test_run_app_logs_in_shows_the_window_and_closes_the_database_on_quit(
    qapp, db_path, monkeypatch
):
    closed = []
    real_close = Database.close
    monkeypatch.setattr(
        app_module.Database, "close", lambda db: closed.append(db) or real_close(db)
    )
    monkeypatch.setattr(app_module, "quick_check", lambda db: [])
    seen: list[object] = []
    watchdog = quit_when_shown(qapp, seen)
    before = QLocale()
    try:
        assert run_app(db_path, "en", ask_login=log_in_as_admin) == 0
    finally:
        watchdog.stop()
        QLocale.setDefault(before)
    window, locale = seen
    assert window.windowTitle() == f"XaSach — {UNIT_NAME}"
    assert window.user_label.text() == f"User: {ADMIN} (Administrator)"
    assert locale == "en_GB"
    assert len(closed) == 1
    assert qapp.applicationName() == "XaSach"
    # The on-exit backup: none was made yet, so one was due.
    assert list(default_folder(db_path).glob("xasach-*"))


def test_a_cancelled_login_exits_without_a_window(qapp, db_path, monkeypatch):
    monkeypatch.setattr(app_module.QApplication, "exec", lambda: pytest.fail("no event loop"))
    assert run_app(db_path, "vi", ask_login=lambda _path: None) == 0
    assert not [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_run_app_on_a_plain_file_shows_the_encrypt_message(qapp, commune_db):
    seen: list[object] = []
    watchdog = quit_when_shown(qapp, seen)
    try:
        assert run_app(commune_db, "en", ask_login=lambda _p: pytest.fail("no login")) == 0
    finally:
        watchdog.stop()
    assert "xasach encrypt" in seen[0].detail_label.text()


def test_problems_at_start_name_the_newest_backup_and_how_to_restore(db, monkeypatch):
    newest = auto_backup(db).created
    monkeypatch.setattr(app_module, "quick_check", lambda _db: ["Tree 7 page 12: bad cell"])
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    assert warn_if_damaged(db) == ["Tree 7 page 12: bad cell"]
    (box,) = shown
    assert str(newest.path) in box.text()
    assert newest.created_at.astimezone().strftime("%d/%m/%Y") in box.text()
    assert "xasach backup restore" in box.text() and "hỏng" in box.text()
    assert "page 12" in box.detailedText()


def test_problems_without_any_backup_say_to_ask_the_administrator(db):
    assert "quản trị viên" in damage_message(db)


def test_a_sound_file_shows_no_warning(db, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail("no warning expected"))
    assert warn_if_damaged(db) == []


def test_a_due_automatic_backup_runs_off_the_ui_thread_and_is_reported(qtbot, db):
    reports = []
    scheduler = BackupScheduler(
        db, lambda text, error=False: reports.append((text, error)), first_ms=0
    )
    qtbot.waitUntil(lambda: bool(reports), timeout=10_000)
    scheduler.stop()
    ((text, error),) = reports
    assert not error and "sao lưu tự động" in text.lower()
    assert list(default_folder(db.path).glob("xasach-*"))


def test_a_failed_automatic_backup_is_reported_not_raised(qtbot, db, monkeypatch):
    def full_disk(_db):
        raise StoreError("Ổ đĩa đầy.")

    monkeypatch.setattr(app_module, "auto_backup", full_disk)
    reports = []
    scheduler = BackupScheduler(
        db, lambda text, error=False: reports.append((text, error)), first_ms=0
    )
    qtbot.waitUntil(lambda: bool(reports), timeout=10_000)
    scheduler.stop()
    assert reports == [(reports[0][0], True)] and "Ổ đĩa đầy." in reports[0][0]
    assert backup_on_quit(db) == "Ổ đĩa đầy."


def test_the_window_reports_backups_in_its_status_bar(qtbot, db):
    window = window_for(qtbot, db.path, db)
    window.show_backup_status("Sao lưu tự động thất bại", error=True)
    assert window.backup_label.text() == "Sao lưu tự động thất bại"
