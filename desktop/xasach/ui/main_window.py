"""The main window: menus, status bar, and the workspace of the registers once logged in.

The window never opens the database itself; `run_app` logs in and passes what the window
shows, so a missing or unreadable file is a page that explains what to do, not a crash. Menus
follow the logged-in user's role (the services check again). Every visible string is set in
`retranslate_ui` (after Frescobaldi), so a language change re-runs it.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QFont,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

import xasach
from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission, role_label
from xasach.i18n import _
from xasach.paths import user_guide
from xasach.services.setup import MODE_COMMUNE, MODE_UPPER
from xasach.services.stats import unsent_changes
from xasach.store.database import Database
from xasach.ui.audit_viewer import AuditViewer
from xasach.ui.context import AppContext
from xasach.ui.workspace import PageSpec, Workspace

# Fits a 1366×768 screen with the Windows taskbar and title bar, the officers' usual PC.
DEFAULT_SIZE = (1120, 660)
MINIMUM_SIZE = (800, 500)
PAGE_WIDTH = 760


class PageState(Enum):
    """What the central page explains: the open unit, a file not created yet, or a refusal."""

    UNIT = "unit"
    NO_FILE = "no-file"
    ERROR = "error"


class MainWindow(QMainWindow):
    """XaSach's main window; `message` is the store's refusal when the file could not open,
    `db` the logged-in database (its actor decides which menus and pages show).
    `language_requested(lang)`: the officer chose another language in Settings."""

    language_requested = Signal(str)

    def __init__(
        self,
        unit_name: str | None,
        unit_code: str | None,
        db_path: Path,
        message: str | None = None,
        *,
        mode: str | None = None,
        db: Database | None = None,
        pages: list[PageSpec] | None = None,
    ) -> None:
        super().__init__()
        self.db = db
        self.ctx: AppContext | None = None
        self.workspace: Workspace | None = None
        self._pages = pages
        self.audit_viewer: AuditViewer | None = None
        self.unit_name = unit_name
        self.unit_code = unit_code
        self.db_path = db_path
        self.message = message
        self.mode = mode
        if message:
            self.state = PageState.ERROR
        elif not db_path.exists():
            self.state = PageState.NO_FILE
        else:
            self.state = PageState.UNIT
        if db is not None and db.actor is not None and self.state is PageState.UNIT:
            self.ctx = AppContext(db, unit_code or "", unit_name or "", mode or MODE_COMMUNE)
        self._build_menus()
        self._build_page()
        self._build_status_bar()
        self.retranslate_ui()
        self._fit_to_screen()

    def _build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.quit_action = QAction(self)
        self.quit_action.setObjectName("quitAction")
        # Not QKeySequence.Quit: that one is empty on Windows.
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        # Triggered by run_app's IdleLock; shown only when someone is logged in.
        self.lock_action = QAction(self)
        self.lock_action.setObjectName("lockAction")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setVisible(self._actor_can(None))
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.tools_menu = self.menuBar().addMenu("")
        self.audit_action = QAction(self)
        self.audit_action.setObjectName("auditAction")
        self.audit_action.triggered.connect(self.open_audit_viewer)
        self.tools_menu.addAction(self.audit_action)
        can_audit = self._actor_can(Permission.VIEW_AUDIT)
        self.audit_action.setVisible(can_audit)
        self.tools_menu.menuAction().setVisible(can_audit)

        self.help_menu = self.menuBar().addMenu("")
        self.guide_action = QAction(self)
        self.guide_action.setObjectName("guideAction")
        self.guide_action.setShortcut(QKeySequence("F1"))
        self.guide_action.triggered.connect(self.open_user_guide)
        self.help_menu.addAction(self.guide_action)
        self.about_action = QAction(self)
        self.about_action.setObjectName("aboutAction")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

    def _build_page(self) -> None:
        if self.ctx is not None:
            self.workspace = Workspace(self.ctx, self, self._pages)
            self.workspace.language_changed.connect(self.language_requested)
            self.ctx.bus.changed.connect(self._update_unsent)
            self.setCentralWidget(self.workspace)
            return
        self._build_empty_state()

    def _build_empty_state(self) -> None:
        # A centred column of full-width labels: word-wrapped labels given an alignment in the
        # layout get a one-line height and clip their text.
        column = QWidget(self)
        column.setMaximumWidth(PAGE_WIDTH)
        text = QVBoxLayout(column)
        text.setSpacing(14)
        self.title_label = self._label("pageTitle", scale=2.0, bold=True)
        self.detail_label = self._label("pageDetail")
        self.hint_label = self._label("pageHint")
        self.path_label = self._label("pagePath", scale=0.9)
        for label in (self.title_label, self.detail_label, self.hint_label, self.path_label):
            text.addWidget(label)
        page = QWidget(self)
        page.setObjectName("emptyState")
        rows = QVBoxLayout(page)
        rows.setContentsMargins(48, 32, 48, 32)
        rows.addStretch(2)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(column, 4)
        centre.addStretch(1)
        rows.addLayout(centre)
        rows.addStretch(3)
        self.setCentralWidget(page)

    def _label(self, name: str, *, scale: float = 1.0, bold: bool = False) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        # Officers copy the command and the path into a terminal or an e-mail.
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(label.font())
        if scale != 1.0:
            font.setPointSizeF(font.pointSizeF() * scale)
        font.setBold(bold)
        label.setFont(font)
        return label

    def _build_status_bar(self) -> None:
        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusUnit")
        self.statusBar().addWidget(self.status_label)
        # Permanent widgets: a temporary status message must not hide who is logged in.
        self.backup_label = QLabel(self)
        self.backup_label.setObjectName("statusBackup")
        self.statusBar().addPermanentWidget(self.backup_label)
        self.unsent_label = QLabel(self)
        self.unsent_label.setObjectName("statusUnsent")
        self.statusBar().addPermanentWidget(self.unsent_label)
        self.unsent_label.setVisible(self._counts_unsent())
        self.user_label = QLabel(self)
        self.user_label.setObjectName("statusUser")
        self.statusBar().addPermanentWidget(self.user_label)
        self.user_label.setVisible(self._actor_can(None))

    def _fit_to_screen(self) -> None:
        self.setMinimumSize(*MINIMUM_SIZE)
        width, height = DEFAULT_SIZE
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, available.width())
            height = min(height, available.height())
        self.resize(width, height)

    def retranslate_ui(self) -> None:
        """Set every visible string; run again when the language changes."""
        name = self.unit_name or _("Unnamed unit")
        if self.state is PageState.UNIT:
            self.setWindowTitle(_("XaSach — {unit}").format(unit=name))
        else:
            self.setWindowTitle(_("XaSach"))
        self.file_menu.setTitle(_("&File"))
        self.quit_action.setText(_("&Quit"))
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("&About XaSach"))
        self.guide_action.setText(_("&User guide"))
        self.lock_action.setText(_("&Lock now"))
        self.tools_menu.setTitle(_("&Tools"))
        self.audit_action.setText(_("&Audit trail…"))
        if self.workspace is not None:
            self.workspace.retranslate_ui()
        else:
            self._retranslate_page(name)
        self.status_label.setText(self._status_text(name))
        self._update_unsent()
        if self.db is not None and self.db.actor is not None:
            self.user_label.setText(
                _("User: {user} ({role})").format(
                    user=self.db.actor.username, role=role_label(self.db.actor.role)
                )
            )

    def _retranslate_page(self, name: str) -> None:
        path = str(self.db_path)
        if self.state is PageState.UNIT:
            self.title_label.setText(name)
            self.detail_label.setText(
                _(
                    "The registers — People, Hotspots and Propaganda — arrive in the next "
                    "version of XaSach."
                )
            )
            self.hint_label.setText(self._mode_text())
            self.path_label.setText(_("Data file: {path}").format(path=path))
        elif self.state is PageState.NO_FILE:
            self.title_label.setText(_("No data file yet"))
            self.detail_label.setText(
                _(
                    "Create one with the command “xasach init --commune CODE”, where CODE is "
                    "your commune's five-digit unit code, then start XaSach again."
                )
            )
            self.hint_label.setText(_("A later version will guide you through this step."))
            self.path_label.setText(_("XaSach looked for: {path}").format(path=path))
        else:
            self.title_label.setText(_("The data file could not be opened"))
            self.detail_label.setText(self.message or "")
            self.hint_label.setText("")
            self.path_label.setText(_("Data file: {path}").format(path=path))
        self.hint_label.setVisible(bool(self.hint_label.text()))

    def _counts_unsent(self) -> bool:
        """Only a commune sends: at the upper level the change log holds the communes' merged
        changes, and "not yet sent" would count those."""
        return self.ctx is not None and self.ctx.mode == MODE_COMMUNE

    def _update_unsent(self, _table: str = "") -> None:
        """The number of changes the upper level has not acknowledged yet (refreshed on every
        change-bus message: edits add to it, an export or a receipt import changes it)."""
        if self.ctx is None or not self._counts_unsent():
            return
        with self.ctx.db.reader() as session:
            count = unsent_changes(session)
        self.unsent_label.setText(_("Not yet sent to the upper level: {n}").format(n=count))

    def _mode_text(self) -> str:
        if self.mode == MODE_UPPER:
            return _("Upper-level mode: bundles from communes are merged here.")
        if self.mode == MODE_COMMUNE:
            return _("Commune mode: the registers of this commune are kept here.")
        return ""

    def _status_text(self, name: str) -> str:
        if self.state is PageState.UNIT:
            if self.unit_code:
                return _("Unit {code} — {name}").format(code=self.unit_code, name=name)
            return name
        if self.state is PageState.NO_FILE:
            return _("No data file")
        return _("Data file not opened")

    def _actor_can(self, permission: Permission | None) -> bool:
        """Someone is logged in (and, given a permission, may use it)."""
        actor = self.db.actor if self.db is not None else None
        return actor is not None and (permission is None or actor.can(permission))

    def open_audit_viewer(self) -> AuditViewer | None:
        """Tools → Audit trail…; a refusal from the service is a message, not a crash. One
        viewer is kept and re-read on each opening (closing only hides it)."""
        if self.db is None:
            return None
        if self.audit_viewer is None:
            try:
                self.audit_viewer = AuditViewer(self.db, self)
            except DomainError as exc:
                QMessageBox.warning(self, _("Audit trail"), exc.message)
                return None
        elif not self.audit_viewer.isVisible():
            self.audit_viewer.reload()
        self.audit_viewer.show()
        self.audit_viewer.raise_()
        self.audit_viewer.activateWindow()
        return self.audit_viewer

    def show_backup_status(self, text: str, *, error: bool = False) -> None:
        """The outcome of an automatic backup, kept visible until the next one."""
        self.backup_label.setText(text)
        self.backup_label.setToolTip(text)
        self.backup_label.setStyleSheet("color: #b00020;" if error else "")

    def open_user_guide(self) -> None:
        guide = user_guide()
        if not guide.exists() or not QDesktopServices.openUrl(QUrl.fromLocalFile(str(guide))):
            QMessageBox.warning(
                self,
                _("User guide"),
                _(
                    "The user guide could not be opened ({path}). On a PC where XaSach was "
                    "installed it is also in the Start menu, next to XaSach."
                ).format(path=guide),
            )

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            _("About XaSach"),
            _(
                "XaSach {version}\n\nOffline registers of drug users, drug hotspots and "
                "propaganda activities for commune officers, with encrypted sync to the upper "
                "level."
            ).format(version=xasach.__version__),
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 — Qt's name
        # Unsaved edits are never lost silently; the caller closes the database on quit.
        if self.workspace is not None and not self.workspace.confirm_leave():
            event.ignore()
            return
        if self.audit_viewer is not None:
            self.audit_viewer.close()
        event.accept()
