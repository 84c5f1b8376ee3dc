"""Starting the desktop app: language, database, main window, event loop.

`python -m xasach` with no command lands here. The database is opened before the window, and
a file that is missing or refused by the store becomes a message in the window rather than a
traceback: an officer can read a page, not a console.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication

import xasach
from xasach.i18n import _
from xasach.store.database import Database
from xasach.store.errors import StoreError
from xasach.store.keyslots import slot_path
from xasach.ui.main_window import MainWindow
from xasach.ui.qt_i18n import install_language, remove_translators


@dataclass
class Opened:
    """What the window needs to know about the data file, and the open database if any."""

    db: Database | None = None
    unit_name: str | None = None
    unit_code: str | None = None
    mode: str | None = None
    message: str | None = None


def open_database(db_path: Path) -> Opened:
    """Open `db_path` if it exists; a refusal is kept as its (already translated) message."""
    if not db_path.exists():
        return Opened()
    if slot_path(db_path).exists():
        # An encrypted installation needs a login, which the window does not offer yet;
        # opening it without its key would wrongly call the file damaged.
        return Opened(
            message=_(
                "{path} is protected by passwords. Logging in from this window arrives in the "
                "next version of XaSach; until then use the command line (“xasach --help”)."
            ).format(path=db_path)
        )
    try:
        db = Database.open(db_path)
    except StoreError as exc:
        return Opened(message=exc.message)
    return Opened(
        db=db,
        unit_name=db.setting("unit.name"),
        unit_code=db.setting("unit.code"),
        mode=db.setting("mode"),
    )


def _application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(xasach.APP_NAME)
    app.setOrganizationName(xasach.APP_NAME)
    app.setApplicationVersion(xasach.__version__)
    return app


def run_app(db_path: Path, lang: str) -> int:
    """Show the main window for `db_path` in `lang` ("vi" or "en"); return the exit code."""
    app = _application()
    translators = install_language(app, lang)
    opened = open_database(db_path)
    try:
        window = MainWindow(
            opened.unit_name,
            opened.unit_code,
            db_path,
            opened.message,
            mode=opened.mode,
        )
        window.show()
        return app.exec()
    finally:
        if opened.db is not None:
            opened.db.close()
        remove_translators(app, translators)
