"""The first window: the unit it opened, or a page saying what to do; Quit, About, languages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

import xasach
from xasach.store.database import Database, commit_new
from xasach.store.reference import load_shipped_rules, load_shipped_units, put_setting
from xasach.ui import app as app_module
from xasach.ui.app import open_database, run_app
from xasach.ui.main_window import MainWindow
from xasach.ui.qt_i18n import install_language, remove_translators

UNIT_CODE = "00070"
UNIT_NAME = "Phường Hoàn Kiếm"


@pytest.fixture
def commune_db(tmp_path: Path) -> Path:
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


def window_for(qtbot, db_path: Path) -> MainWindow:
    opened = open_database(db_path)
    if opened.db is not None:
        opened.db.close()
    window = MainWindow(
        opened.unit_name, opened.unit_code, db_path, opened.message, mode=opened.mode
    )
    qtbot.addWidget(window)
    return window


def test_the_window_shows_the_unit_in_title_page_and_status_bar(qtbot, commune_db):
    window = window_for(qtbot, commune_db)
    assert window.windowTitle() == f"XaSach — {UNIT_NAME}"
    assert window.title_label.text() == UNIT_NAME
    assert str(commune_db) in window.path_label.text()
    assert UNIT_CODE in window.status_label.text()
    assert UNIT_NAME in window.status_label.text()


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


def test_a_garbage_file_shows_the_store_message_instead_of_crashing(qtbot, tmp_path, language):
    language("en")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(8192))
    opened = open_database(garbage)
    assert opened.db is None and opened.message
    window = window_for(qtbot, garbage)
    assert window.title_label.text() == "The data file could not be opened"
    assert window.detail_label.text() == opened.message
    assert "damaged" in opened.message


def test_an_encrypted_installation_asks_for_the_command_line_not_called_damaged(
    qtbot, db_path, language
):
    language("en")
    opened = open_database(db_path)
    assert opened.db is None
    assert "protected by passwords" in (opened.message or "")
    assert "damaged" not in (opened.message or "")


def test_the_window_fits_a_1366_by_768_screen(qtbot, commune_db):
    window = window_for(qtbot, commune_db)
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


def test_run_app_shows_the_window_and_closes_the_database_on_quit(qapp, commune_db, monkeypatch):
    closed = []
    real_close = Database.close
    monkeypatch.setattr(
        app_module.Database, "close", lambda db: closed.append(db) or real_close(db)
    )
    seen = []

    def quit_from_the_menu() -> None:
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen.extend(w.windowTitle() for w in windows)
        seen.append(QLocale().name())
        for w in windows:
            w.quit_action.trigger()

    QTimer.singleShot(0, quit_from_the_menu)
    watchdog = QTimer(singleShot=True, interval=5000)  # a hang fails the test instead
    watchdog.timeout.connect(lambda: qapp.exit(3))
    watchdog.start()
    before = QLocale()
    try:
        assert run_app(commune_db, "en") == 0
    finally:
        watchdog.stop()
        QLocale.setDefault(before)
    assert seen == [f"XaSach — {UNIT_NAME}", "en_GB"]
    assert len(closed) == 1
    assert qapp.applicationName() == "XaSach"
