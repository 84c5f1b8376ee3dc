"""Starting the desktop app: language, login, health check, main window, backups, event loop.

`python -m xasach` with no command lands here. The encrypted file opens only after a login;
a file that is missing or refused by the store becomes a message in the window rather than a
traceback: an officer can read a page, not a console. While the window is open, automatic
backups run off the UI thread and on quit; their failures are reported, never in the way.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

import xasach
from xasach.domain.errors import DomainError
from xasach.i18n import _
from xasach.services.auth import login
from xasach.services.backup import AutoBackupResult, auto_backup, backup_due, list_backups
from xasach.store.database import Database
from xasach.store.errors import StoreError
from xasach.store.health import quick_check
from xasach.store.keyslots import slot_path
from xasach.ui import main_thread_gc
from xasach.ui.idle_lock import IdleLock
from xasach.ui.login_dialog import LoginDialog, refusal_text, run_in_background
from xasach.ui.main_window import MainWindow
from xasach.ui.portable_badge import (
    app_icon,
    quit_later_for_smoke_test,
    show_portable,
    use_portable_settings,
)
from xasach.ui.qt_i18n import install_language, remove_translators

BACKUP_CHECK_MS = 30 * 60_000
FIRST_BACKUP_CHECK_MS = 60_000
AskLogin = Callable[[Path], Database | None]


@dataclass
class Opened:
    """What the window needs to know about the data file, and the open database if any."""

    db: Database | None = None
    unit_name: str | None = None
    unit_code: str | None = None
    mode: str | None = None
    message: str | None = None
    cancelled: bool = False


def login_with_dialog(db_path: Path) -> Database | None:
    """The login dialog; None when the officer cancels."""
    dialog = LoginDialog(db_path)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.database if accepted else None


def open_database(db_path: Path, ask_login: AskLogin = login_with_dialog) -> Opened:
    """Log in to `db_path` if it exists; a refusal is kept as its (already translated) message."""
    if not db_path.exists():
        return Opened()
    if not slot_path(db_path).exists():
        return Opened(message=_refusal_without_keys(db_path))
    db = ask_login(db_path)
    if db is None:
        return Opened(cancelled=True)
    return Opened(
        db=db,
        unit_name=db.setting("unit.name"),
        unit_code=db.setting("unit.code"),
        mode=db.setting("mode"),
    )


def _refusal_without_keys(db_path: Path) -> str:
    """Without a key file the login service refuses before any password is tried, in its own
    words: a plain file from the first version ("xasach encrypt") or a lost .keys file."""
    try:
        login(db_path, "", "").close()
    except (DomainError, StoreError) as exc:
        return exc.message
    return _("{path} cannot be opened without its key file.").format(path=db_path)


def damage_message(db: Database) -> str:
    """What to do when the quick check finds problems: the newest backup and how to restore."""
    text = _(
        "XaSach found problems in the data file {path}: it may be damaged. Work carefully and "
        "restore it from a backup soon."
    ).format(path=db.path)
    try:
        backups = [b for b in list_backups(db) if b.problem is None]
    except DomainError:  # this role may not list backups
        return text + "\n\n" + _("Ask the administrator to restore the newest backup.")
    if not backups:
        return text + "\n\n" + _("No backup was found. Ask the administrator what to do.")
    newest = backups[0]
    return (
        text
        + "\n\n"
        + _(
            "The newest backup is {file}, made on {date}. To restore it, close XaSach and run "
            "“xasach backup restore {file}”, or ask the administrator."
        ).format(file=newest.path, date=newest.created_at.astimezone().strftime("%d/%m/%Y %H:%M"))
    )


def warn_if_damaged(db: Database, parent: QWidget | None = None) -> list[str]:
    """Run the start-up quick check; on problems show what to do. Returns the problems."""
    problems = quick_check(db)
    if problems:
        box = QMessageBox(
            QMessageBox.Icon.Warning, _("The data file may be damaged"), "", parent=parent
        )
        box.setText(damage_message(db))
        box.setDetailedText("\n".join(problems))
        box.exec()
    return problems


class BackupScheduler(QObject):
    """Checks every 30 minutes whether an automatic backup is due and makes it off the UI
    thread; `report(text, error)` tells the window how it went."""

    def __init__(
        self,
        db: Database,
        report: Callable[..., None],
        parent: QObject | None = None,
        *,
        interval_ms: int = BACKUP_CHECK_MS,
        first_ms: int = FIRST_BACKUP_CHECK_MS,
    ) -> None:
        super().__init__(parent)
        self.db, self.report = db, report
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.running = False
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        QTimer.singleShot(first_ms, self, self.check)

    def check(self) -> None:
        if self.running:
            return
        self.running = True
        db = self.db
        run_in_background(
            self,
            lambda: auto_backup(db) if backup_due(db) else None,
            self._done,
            self._failed,
            pool=self.pool,
        )

    def _done(self, result: AutoBackupResult | None) -> None:
        self.running = False
        if result is not None:
            made = result.created.created_at.astimezone().strftime("%d/%m/%Y %H:%M")
            self.report(_("Automatic backup made {time}").format(time=made))

    def _failed(self, exc: Exception) -> None:
        self.running = False
        self.report(
            _("Automatic backup failed: {reason}").format(reason=refusal_text(exc)), error=True
        )

    def stop(self) -> None:
        """Stop checking and wait for a backup under way (it must finish before the close)."""
        self.timer.stop()
        self.pool.waitForDone()


def backup_on_quit(db: Database) -> str | None:
    """The on-exit backup if one is due; the reason on failure (quitting goes on regardless)."""
    if db.closed:  # replaced by a restore: the restored data has its own backups
        return None
    try:
        if backup_due(db):
            auto_backup(db)
    except Exception as exc:  # nothing may stop the officer from quitting
        return refusal_text(exc)
    return None


def _application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(xasach.APP_NAME)
    app.setOrganizationName(xasach.APP_NAME)
    app.setApplicationVersion(xasach.__version__)
    app.setWindowIcon(app_icon())
    use_portable_settings()  # portable mode: settings beside the data, not in this PC's registry
    main_thread_gc.install(app)  # workers must never run Qt destructors
    return app


def first_run(db_path: Path) -> Opened:
    """No data file yet: the first-run wizard creates it and logs the administrator in."""
    from xasach.ui.wizard import FirstRunWizard

    wizard = FirstRunWizard(db_path)
    if wizard.exec() != QDialog.DialogCode.Accepted or wizard.database is None:
        return Opened(cancelled=True)
    db = wizard.database
    return Opened(
        db=db,
        unit_name=db.setting("unit.name"),
        unit_code=db.setting("unit.code"),
        mode=db.setting("mode"),
    )


def chosen_language(lang: str | None) -> str:
    """--lang wins; then the officer's choice in Settings; Vietnamese by default."""
    if lang:
        return lang
    stored = QSettings().value("ui/language", "vi")
    return str(stored) if stored in ("vi", "en") else "vi"


def run_app(
    db_path: Path,
    lang: str | None,
    *,
    ask_login: AskLogin | None = None,
    setup: Callable[[Path], Opened] | None = None,
) -> int:
    """Log in to `db_path` (or create it with the first-run wizard) and show the main window;
    the exit code. Cancelling the login or the wizard exits with 0 without a window."""
    app = _application()
    quit_later_for_smoke_test(app)
    translators = install_language(app, chosen_language(lang))
    opened = Opened()

    def switch_language(new: str) -> None:
        nonlocal translators
        remove_translators(app, translators)
        translators = install_language(app, new)  # Qt sends LanguageChange to every widget

    try:
        if db_path.exists():
            opened = open_database(db_path, ask_login or login_with_dialog)
        else:
            opened = (setup or first_run)(db_path)
        if opened.cancelled:
            return 0
        if opened.db is not None:
            warn_if_damaged(opened.db)
        window = MainWindow(
            opened.unit_name,
            opened.unit_code,
            db_path,
            opened.message,
            mode=opened.mode,
            db=opened.db,
        )
        show_portable(window)
        if opened.db is None:
            window.show()
            return app.exec()
        window.language_requested.connect(switch_language)
        lock = IdleLock(window, opened.db, settings=QSettings())
        window.lock_action.triggered.connect(lock.lock)
        backups = BackupScheduler(opened.db, window.show_backup_status, window)
        window.show()
        try:
            return app.exec()
        finally:
            lock.stop()
            backups.stop()
            failure = backup_on_quit(opened.db)
            if failure:
                print(
                    _("Automatic backup failed: {reason}").format(reason=failure), file=sys.stderr
                )
    finally:
        if opened.db is not None:
            opened.db.close()
        remove_translators(app, translators)
