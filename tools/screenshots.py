"""Render every main screen and dialog with demo data into docs/screenshots/ (`make screenshots`).

Runs offscreen at 1366×768 (the common office laptop) in Vietnamese by default
(`--lang en` for English). The database is a fresh demo installation in a temporary folder.
Look at the result: diacritics intact, nothing clipped.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XASACH_KDF_PROFILE", "test")  # demo data only: a fast key derivation

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from xasach.demo import generate_demo
from xasach.services.auth import login, setup_secure
from xasach.services.setup import MODE_COMMUNE, MODE_UPPER
from xasach.ui.qt_i18n import install_language

SIZE = (1366, 768)
WINDOW = (1320, 700)  # what is left of 1366×768 after the taskbar and title bar
PASSWORD = "matkhau-demo"


def settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def grab(app: QApplication, widget: QWidget, out: Path, name: str) -> Path:
    widget.show()
    settle(app)
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(path)
    return path


def build_demo(folder: Path) -> Path:
    db_path = folder / "xa.db"
    setup_secure(db_path, mode=MODE_COMMUNE, unit_code="00070", admin="admin", password=PASSWORD)
    db = login(db_path, "admin", PASSWORD)
    generate_demo(db, persons=400, hotspots=24, activities=180, seed=7)
    db.close()
    return db_path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="vi", choices=("vi", "en"))
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setOrganizationName("XaSach-screenshots")
    QSettings().clear()
    install_language(app, args.lang)
    with tempfile.TemporaryDirectory() as tmp:
        db_path = build_demo(Path(tmp))
        shots(app, db_path, args.out)
        sync_shots(app, db_path, args.out)
    return 0


def shots(app: QApplication, db_path: Path, out: Path) -> None:
    from xasach.ui.audit_viewer import AuditViewer
    from xasach.ui.hotspots.hotspot_dialog import HotspotDialog
    from xasach.ui.idle_lock import IdleLock
    from xasach.ui.login_dialog import LoginDialog
    from xasach.ui.main_window import MainWindow
    from xasach.ui.people.person_dialog import PersonDialog
    from xasach.ui.propaganda.activity_dialog import ActivityDialog
    from xasach.ui.wizard import FirstRunWizard

    wizard = FirstRunWizard(db_path.parent / "new.db")
    grab(app, wizard, out, "01-wizard-welcome")
    wizard.next()
    wizard.unit_page.search_edit.setText("hoan kiem")
    grab(app, wizard, out, "02-wizard-unit")
    wizard.close()

    grab(app, LoginDialog(db_path), out, "03-login")
    db = login(db_path, "admin", PASSWORD)
    window = MainWindow(
        db.setting("unit.name"), db.setting("unit.code"), db_path, mode=MODE_COMMUNE, db=db
    )
    window.resize(*WINDOW)
    assert window.workspace is not None
    pages: list[tuple[str, str, Callable[[], None] | None]] = [
        ("overview", "04-overview", None),
        ("people", "05-people", None),
        ("hotspots", "07-hotspots", None),
        ("propaganda", "09-propaganda-list", None),
        ("propaganda", "10-propaganda-coverage", lambda: page_tabs(window, "propaganda", 1)),
        ("settings", "12-settings", None),
        ("overview", "18-due-targets-class", lambda: scroll_to_law(window)),
    ]
    for key, name, prepare in pages:
        window.workspace.show_page(key)
        if prepare:
            prepare()
        grab(app, window, out, name)

    reports = window.workspace.show_page("reports")
    reports.select_form("danh-sach-quan-ly")  # type: ignore[union-attr]
    reports.preview()  # type: ignore[union-attr]
    deadline = time.monotonic() + 30
    while reports.document.pageCount() == 0 and time.monotonic() < deadline:  # type: ignore[union-attr]
        app.processEvents()
    until = time.monotonic() + 2  # QPdfView renders its pages in the background
    while time.monotonic() < until:
        app.processEvents()
    grab(app, window, out, "17-print")

    people = window.workspace.pages["people"]
    first_id = people.model.person_id(0)
    dialog = PersonDialog(window.ctx, first_id, window)
    dialog.resize(1100, 680)
    grab(app, dialog, out, "06-person")
    dialog.reject()

    hotspots = window.workspace.pages["hotspots"]
    first_hotspot = hotspots.model.line(0).id
    hd = HotspotDialog(window.ctx, first_hotspot, window)
    grab(app, hd, out, "08-hotspot")
    hd.reject()
    ad = ActivityDialog(window.ctx, None, window)
    grab(app, ad, out, "11-activity-new")
    ad.reject()

    viewer = AuditViewer(db, window)
    grab(app, viewer, out, "13-audit-trail")
    viewer.close()
    lock = IdleLock(window, db, idle_ms=3_600_000)
    lock.lock()
    grab(app, window, out, "14-locked")
    lock.stop()
    db.close()


def sync_shots(app: QApplication, db_path: Path, out: Path) -> None:
    """The commune's Sync page after one bundle was sent, and the upper level's Import page
    previewing that bundle (each side enrolled and checked the other's key card)."""
    from xasach.services import sync_export, sync_keys
    from xasach.ui.main_window import MainWindow

    folder = db_path.parent
    upper_path = folder / "hub" / "hub.db"
    upper_path.parent.mkdir()
    setup_secure(upper_path, mode=MODE_UPPER, unit_code="01", admin="admin", password=PASSWORD)
    commune, upper = login(db_path, "admin", PASSWORD), login(upper_path, "admin", PASSWORD)
    cards = folder / "cards"
    cards.mkdir()
    sync_keys.import_card(commune, sync_keys.export_card(upper, cards), verified=True)
    sync_keys.import_card(upper, sync_keys.export_card(commune, cards), verified=True)
    sync_export.export_bundle(commune, folder / "out")
    window = MainWindow(
        commune.setting("unit.name"), "00070", db_path, mode=MODE_COMMUNE, db=commune
    )
    window.resize(*WINDOW)
    assert window.workspace is not None
    window.workspace.show_page("sync")
    grab(app, window, out, "15-sync")
    hub = MainWindow(upper.setting("unit.name"), "01", upper_path, mode=MODE_UPPER, db=upper)
    hub.resize(*WINDOW)
    assert hub.workspace is not None
    page = hub.workspace.show_page("import")
    page.preview([folder / "out"])  # type: ignore[union-attr]
    deadline = time.monotonic() + 30
    while not page.outcomes and time.monotonic() < deadline:  # type: ignore[union-attr]
        app.processEvents()
    grab(app, hub, out, "16-import")
    for w in (window, hub):
        w.close()
    commune.close()
    upper.close()


def scroll_to_law(window: object) -> None:
    """The Overview scrolled down to its due, targets and classification panels."""
    from PySide6.QtWidgets import QScrollArea

    page = window.workspace.pages["overview"]  # type: ignore[attr-defined]
    scroll = page.findChild(QScrollArea)
    scroll.verticalScrollBar().setValue(page.due_panel.y() - 10)


def page_tabs(window: object, key: str, index: int) -> None:
    page = window.workspace.pages[key]  # type: ignore[attr-defined]
    page.tabs.setCurrentIndex(index)


if __name__ == "__main__":
    sys.exit(main())
