"""The sync screens: the commune's Sync page sends bundles (to a folder or for e-mail) and takes
receipts back; the upper level's Import page previews, then applies, the communes' bundles;
key cards are trusted only through the fingerprint check, and only by the administrator."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from xasach.domain.roles import Actor, Role
from xasach.i18n import _
from xasach.services import sync_export, sync_import
from xasach.services.auth import login, setup_secure
from xasach.services.setup import MODE_COMMUNE, MODE_UPPER
from xasach.services.sync_keys import export_card, import_card, list_peers
from xasach.services.sync_state import withheld_fields
from xasach.services.villages import add_village
from xasach.store.database import Database
from xasach.store.keyslots import slot_path
from xasach.ui.context import AppContext
from xasach.ui.main_window import MainWindow
from xasach.ui.settings_page import SettingsPage
from xasach.ui.sync import fingerprint_dialog
from xasach.ui.sync.common import EMAIL_FOLDER, RECEIPTS_FOLDER
from xasach.ui.sync.fingerprint_dialog import FingerprintDialog, Trust
from xasach.ui.sync.import_page import ImportPage
from xasach.ui.sync.outcome_table import RESULT_COLUMN, status_word
from xasach.ui.sync.send_page import SyncPage

from conftest import ADMIN, COMMUNE_CODE, COMMUNE_NAME, PASSWORD

UPPER_CODE = "01"
JOB_MS = 15_000


# --- installations ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def upper_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("upper-template") / "upper.db"
    setup_secure(path, mode=MODE_UPPER, unit_code=UPPER_CODE, admin=ADMIN, password=PASSWORD)
    return path


@pytest.fixture
def upper(upper_template: Path, tmp_path: Path) -> Iterator[Database]:
    """The upper level, logged in as its administrator, in its own folder."""
    target = tmp_path / "upper" / "upper.db"
    target.parent.mkdir()
    shutil.copyfile(upper_template, target)
    shutil.copyfile(slot_path(upper_template), slot_path(target))
    database = login(target, ADMIN, PASSWORD)
    yield database
    database.close()


@pytest.fixture
def cards(db: Database, upper: Database, tmp_path: Path) -> tuple[Path, Path]:
    """(the commune's key card, the upper level's key card)."""
    folder = tmp_path / "cards"
    folder.mkdir()
    return export_card(db, folder), export_card(upper, folder)


@pytest.fixture
def linked(db: Database, upper: Database, cards: tuple[Path, Path]) -> None:
    """Both sides enrolled and checked the other's key, and the commune changed something."""
    commune_card, upper_card = cards
    import_card(db, upper_card, verified=True)
    import_card(upper, commune_card, verified=True)
    change_something(db)


def change_something(db: Database, name: str = "Thôn Đông") -> None:
    with db.session() as s:
        add_village(s, name)


@pytest.fixture
def user_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def nothing_blocks(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """No Explorer window, and a message box would be a test failure, not a hang."""
    opened: list[object] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    for name in ("warning", "information", "question", "critical"):
        monkeypatch.setattr(QMessageBox, name, _no_message_box)
    return opened


def _no_message_box(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("the sync screens answer in the page, never in a message box")


def shown(qtbot, page):
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def sync_page(qtbot, db: Database) -> SyncPage:
    return shown(qtbot, SyncPage(AppContext(db, COMMUNE_CODE, COMMUNE_NAME, MODE_COMMUNE)))


def import_page(qtbot, upper: Database, settings: QSettings) -> ImportPage:
    ctx = AppContext(upper, UPPER_CODE, "Thành phố Hà Nội", MODE_UPPER)
    return shown(qtbot, ImportPage(ctx, settings=settings))


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_and_wait(qtbot, page, button) -> None:
    with qtbot.waitSignal(page.job_finished, timeout=JOB_MS):
        click(qtbot, button)


def cells(table, row: int) -> list[str]:
    return [table.item(row, col).text() for col in range(table.columnCount())]


# --- the commune's Sync page -----------------------------------------------------------------


def test_saving_to_a_folder_writes_a_bundle_and_lists_it_as_sent(
    qtbot, db, linked, tmp_path, monkeypatch
):
    stick = tmp_path / "usb"
    stick.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(stick))
    page = sync_page(qtbot, db)
    assert page.table.rowCount() == 0
    click_and_wait(qtbot, page, page.usb_button)
    bundles = list(stick.glob("*.xsb"))
    assert len(bundles) == 1 and bundles[0].name.startswith(COMMUNE_CODE)
    assert bundles[0].name in page.message.text()
    assert page.table.rowCount() == 1
    assert cells(page.table, 0)[0] == bundles[0].name


def test_preparing_for_e_mail_opens_the_folder_and_offers_the_subject_line(
    qtbot, db, linked, tmp_path, nothing_blocks
):
    page = sync_page(qtbot, db)
    click_and_wait(qtbot, page, page.email_button)
    folder = tmp_path / EMAIL_FOLDER  # next to the data file
    bundles = list(folder.glob("*.xsb"))
    assert len(bundles) == 1
    assert [url.toLocalFile() for url in nothing_blocks] == [str(folder)]
    dialog = page.email_dialog
    assert dialog is not None and dialog.file_label.text() == bundles[0].name
    assert COMMUNE_CODE in dialog.subject_edit.text()
    click(qtbot, dialog.copy_button)
    assert QGuiApplication.clipboard().text() == dialog.subject_edit.text()
    dialog.reject()


def test_a_refused_export_says_what_to_do(qtbot, db, tmp_path, monkeypatch):
    """No upper level's key yet: the service's message, on the page."""
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(tmp_path))
    change_something(db)
    page = sync_page(qtbot, db)
    click_and_wait(qtbot, page, page.usb_button)
    assert "key card" in page.message.text() or "khóa" in page.message.text()
    assert not list(tmp_path.glob("*.xsb"))


def test_importing_the_receipt_marks_the_bundle_acknowledged_and_nothing_is_left_to_send(
    qtbot, db, upper, linked, tmp_path, monkeypatch
):
    sent = sync_export.export_bundle(db, tmp_path / "out")
    assert sent is not None
    [outcome] = sync_import.import_paths(upper, [sent.path], receipts=tmp_path / "receipts")
    assert outcome.receipt is not None
    page = sync_page(qtbot, db)
    assert cells(page.table, 0)[4] == _("not yet")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(outcome.receipt), "")
    )
    with qtbot.waitSignal(page.ctx.bus.changed):
        click(qtbot, page.receipt_button)
    assert cells(page.table, 0)[4] != _("not yet")
    assert str(sent.last_seq) in page.message.text()
    stick = tmp_path / "usb"
    stick.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(stick))
    click_and_wait(qtbot, page, page.usb_button)
    assert not list(stick.glob("*.xsb"))
    assert page.message.text() == _(
        "Nothing new to send: the upper level has acknowledged every change."
    )


def test_the_status_bar_counts_unsent_changes_at_a_commune_only(qtbot, db, upper, linked):
    commune = MainWindow(COMMUNE_NAME, COMMUNE_CODE, db.path, mode=MODE_COMMUNE, db=db)
    hub = MainWindow("Thành phố Hà Nội", UPPER_CODE, upper.path, mode=MODE_UPPER, db=upper)
    for window in (commune, hub):
        qtbot.addWidget(window)
    assert commune.unsent_label.isVisibleTo(commune) and commune.unsent_label.text()
    assert not hub.unsent_label.isVisibleTo(hub) and not hub.unsent_label.text()
    assert "sync" in commune.workspace.pages and "import" in hub.workspace.pages


def test_the_status_bar_drops_to_zero_once_the_receipt_is_imported(
    qtbot, db, upper, linked, tmp_path, monkeypatch
):
    sent = sync_export.export_bundle(db, tmp_path / "out")
    assert sent is not None
    [outcome] = sync_import.import_paths(upper, [sent.path], receipts=tmp_path / "receipts")
    window = MainWindow(COMMUNE_NAME, COMMUNE_CODE, db.path, mode=MODE_COMMUNE, db=db)
    qtbot.addWidget(window)
    assert not window.unsent_label.text().endswith(" 0")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(outcome.receipt), "")
    )
    page = window.workspace.show_page("sync")
    click(qtbot, page.receipt_button)
    assert window.unsent_label.text().endswith(" 0")


# --- the upper level's Import page ------------------------------------------------------------


def test_the_import_page_previews_then_applies_a_commune_bundle_and_writes_its_receipt(
    qtbot, db, upper, linked, tmp_path, user_settings, monkeypatch
):
    sent = sync_export.export_bundle(db, tmp_path / "out")
    assert sent is not None
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(sent.path)], ""))
    page = import_page(qtbot, upper, user_settings)
    click_and_wait(qtbot, page, page.files_button)
    row = cells(page.table, 0)
    assert row[0] == sent.path.name and row[1] == COMMUNE_NAME
    assert row[RESULT_COLUMN] == status_word(sync_import.WOULD_APPLY)
    assert int(row[3].split(" / ")[0]) >= 1  # the new village, at least
    assert not list((tmp_path / "upper").glob(f"{RECEIPTS_FOLDER}/*"))  # a preview writes nothing
    click_and_wait(qtbot, page, page.apply_button)
    assert cells(page.table, 0)[RESULT_COLUMN] == status_word(sync_import.DONE)
    receipts = tmp_path / "upper" / RECEIPTS_FOLDER
    assert len(list(receipts.glob("*.xsr"))) == 1
    assert str(receipts) in page.receipts_label.text()
    assert not page.apply_button.isEnabled()


def test_a_bundle_held_for_an_unchecked_key_is_applied_once_the_fingerprint_is_checked(
    qtbot, db, upper, cards, tmp_path, user_settings, monkeypatch
):
    commune_card, upper_card = cards
    import_card(db, upper_card, verified=True)
    import_card(upper, commune_card, verified=False)
    change_something(db)
    sent = sync_export.export_bundle(db, tmp_path / "out")
    assert sent is not None
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(sent.path.parent)
    )
    page = import_page(qtbot, upper, user_settings)
    click_and_wait(qtbot, page, page.folder_button)
    assert cells(page.table, 0)[RESULT_COLUMN] == status_word(sync_import.HELD)
    assert page.held.table.isHidden()  # a preview holds nothing
    click_and_wait(qtbot, page, page.apply_button)
    assert cells(page.table, 0)[RESULT_COLUMN] == status_word(sync_import.HELD)
    # The held bundle is listed with its commune, whatever session received it.
    assert not page.held.table.isHidden()
    assert cells(page.held.table, 0)[:2] == [sent.path.name, "00070"]
    assert import_page(qtbot, upper, user_settings).held.table.rowCount() == 1
    monkeypatch.setattr(fingerprint_dialog, "ask_trust", lambda *_a: Trust.VERIFIED)
    page.keys.table.selectRow(0)
    click_and_wait(qtbot, page, page.keys.verify_button)
    assert cells(page.table, 0)[RESULT_COLUMN] == status_word(sync_import.DONE)
    assert page.held.table.isHidden() and page.held.table.rowCount() == 0
    assert all(p.verified for p in list_peers(upper))


# --- keys --------------------------------------------------------------------------------------


def test_the_fingerprint_dialog_shows_the_six_groups_and_who_reads_which(qtbot):
    digits = "12345 67890 11111 22222 33333 44444"
    dialog = FingerprintDialog("Thành phố Hà Nội", UPPER_CODE, digits)
    qtbot.addWidget(dialog)
    assert [label.text() for label in dialog.group_labels] == digits.split()
    assert "Thành phố Hà Nội" in dialog.unit_label.text()
    assert dialog.cancel_button.isDefault()  # Enter never trusts a key
    click(qtbot, dialog.trust_button)
    assert dialog.choice is Trust.VERIFIED


def test_importing_a_card_not_now_enrols_it_unchecked_until_fingerprint_checked(
    qtbot, db, cards, monkeypatch
):
    _commune_card, upper_card = cards
    seen: list[str] = []

    def answer(choice):
        return lambda _parent, _name, _code, fingerprint: seen.append(fingerprint) or choice

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(upper_card), ""))
    monkeypatch.setattr(fingerprint_dialog, "ask_trust", answer(Trust.LATER))
    page = sync_page(qtbot, db)
    keys = page.keys
    click(qtbot, keys.import_button)
    [peer] = list_peers(db)
    assert not peer.verified and seen == [peer.fingerprint]
    assert keys.table.rowCount() == 1 and keys.verify_button.isEnabled()
    monkeypatch.setattr(fingerprint_dialog, "ask_trust", answer(Trust.VERIFIED))
    click(qtbot, keys.verify_button)
    assert list_peers(db)[0].verified
    assert not keys.verify_button.isEnabled()


def test_a_user_who_may_not_change_settings_cannot_import_keys(qtbot, db, cards, monkeypatch):
    db.actor = Actor("congan", Role.POLICE)  # may sync, may not change settings
    monkeypatch.setattr(QFileDialog, "getOpenFileName", _no_message_box)
    page = sync_page(qtbot, db)
    keys = page.keys
    assert not keys.import_button.isEnabled() and not keys.verify_button.isEnabled()
    assert keys.rights_label.isVisible() and keys.rights_label.text()
    assert keys.import_peer_card() is None
    assert keys.message.text() == keys.rights_label.text()
    assert keys.export_button.isEnabled()  # our own card is public: anyone may hand it over
    assert list_peers(db) == []


# --- settings ---------------------------------------------------------------------------------


def test_settings_lists_the_fields_that_stay_at_the_commune(qtbot, db, user_settings):
    page = SettingsPage(
        AppContext(db, COMMUNE_CODE, COMMUNE_NAME, MODE_COMMUNE), settings=user_settings
    )
    qtbot.addWidget(page)
    table = page.withheld_box.table
    fields = withheld_fields()
    assert table.rowCount() == len(fields)
    assert cells(table, 0)[:2] == [fields[0].label_vi, f"{fields[0].table}.{fields[0].column}"]
