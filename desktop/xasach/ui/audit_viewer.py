"""The audit trail (nhật ký truy cập) for the administrator: who did what, when, to which record.

A thin table model over `services.audit_trail.audit_entries` (Vorta's table models): the
filters become an `AuditFilter`, so SQL does the filtering and paging, and the service checks
the permission — a non-administrator gets PermissionDenied however the dialog is reached.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, time
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xasach.domain.errors import DomainError
from xasach.i18n import N_, _
from xasach.services.audit_trail import AuditFilter, audit_entries, verify_trail
from xasach.services.auth import list_users
from xasach.store.audit import Verdict
from xasach.store.database import Database
from xasach.store.models import AuditEntry
from xasach.ui.login_dialog import message_label, refusal_text, run_in_background, show_message

PAGE_SIZE = 500
DATE_FORMAT = "dd/MM/yyyy"

ACTION_LABELS = {
    "login": N_("Log in"),
    "view": N_("Open a file"),
    "create": N_("Create"),
    "update": N_("Change"),
    "delete": N_("Delete"),
    "purge": N_("Delete for good"),
    "print": N_("Print"),
    "export": N_("Export"),
    "import": N_("Import"),
    "backup": N_("Backup"),
    "restore": N_("Restore a backup"),
    "reveal_id": N_("Show full ID number"),
    "user_add": N_("Add a user"),
    "user_remove": N_("Remove a user"),
    "passwd": N_("Set a password"),
    "lock": N_("Lock"),
    "unlock": N_("Unlock"),
    "setup": N_("Set-up"),
    "demo": N_("Demo data"),
    "units_import": N_("Update the unit list"),
    "encrypt": N_("Encrypt the data file"),
}

ENTITY_LABELS = {
    "person": N_("Person"),
    "episode": N_("Management episode"),
    "drug_test": N_("Drug test"),
    "hotspot": N_("Hotspot"),
    "hotspot_event": N_("Hotspot event"),
    "hotspot_person": N_("Person at a hotspot"),
    "activity": N_("Propaganda activity"),
    "activity_village": N_("Village of an activity"),
    "village": N_("Village"),
    "period_figures": N_("Period figures"),
    "user": N_("User"),
    "backup": N_("Backup file"),
    "unit": N_("Unit"),
    "admin_unit": N_("Unit list"),
    "database": N_("Data file"),
}

# Verdict.reason is the store's fixed English; the administrator reads it in their language.
BROKEN_REASONS = {
    "content does not match its hash (edited)": N_("the entry was changed after it was written"),
    "previous-hash mismatch (entry missing or inserted)": N_(
        "an entry before it was removed, or this one was inserted"
    ),
}


def action_label(action: str) -> str:
    return _(ACTION_LABELS[action]) if action in ACTION_LABELS else action


def entity_label(entity: str) -> str:
    return _(ENTITY_LABELS[entity]) if entity in ENTITY_LABELS else entity


def local_time(at: datetime) -> str:
    return at.astimezone().strftime("%d/%m/%Y %H:%M")


def verdict_text(verdict: Verdict) -> str:
    if verdict.ok:
        return _("The chain is intact: {n} entries checked.").format(n=verdict.entries)
    reason = verdict.reason
    reason = _(BROKEN_REASONS[reason]) if reason in BROKEN_REASONS else reason
    return _(
        "The chain is broken at entry {seq}: {reason}. Someone has changed the audit trail "
        "outside XaSach; tell the administrator and keep a backup from before that date."
    ).format(seq=verdict.first_broken, reason=reason)


class AuditTableModel(QAbstractTableModel):
    """Rows of the audit trail as loaded, newest first; no query of its own."""

    SEQ, TIME, USER, ACTION, ENTITY, ENTITY_ID = range(6)
    HEADERS = (N_("No."), N_("Time"), N_("User"), N_("Action"), N_("Record type"), N_("Record"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[AuditEntry] = []

    def set_rows(self, rows: list[AuditEntry]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: list[AuditEntry]) -> None:
        if not rows:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802 — Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        entry, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and entry.detail:
            return entry.detail
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SEQ:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return entry
        return None

    def _text(self, entry: AuditEntry, column: int) -> str:
        if column == self.SEQ:
            return str(entry.seq)
        if column == self.TIME:
            return local_time(entry.at)
        if column == self.USER:
            return entry.username
        if column == self.ACTION:
            return action_label(entry.action)
        if column == self.ENTITY:
            return entity_label(entry.entity)
        return entry.entity_id


class AuditViewer(QDialog):
    """Filters, the table, "Load more" and "Verify chain". Raises PermissionDenied when the
    logged-in user may not see the trail (the first page is read in the constructor)."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(parent)
        self.db, self.page_size = db, page_size
        self.model = AuditTableModel(self)
        self._build()
        self.retranslate_ui()
        self.reload()  # the service refuses a non-administrator here
        self.resize(1000, 600)

    def _build(self) -> None:
        self.user_box = QComboBox(self)
        self.user_box.setEditable(True)
        self.user_box.setMinimumContentsLength(12)
        self.action_box = QComboBox(self)
        self.action_box.addItem("", None)
        for action in sorted(ACTION_LABELS, key=action_label):
            self.action_box.addItem("", action)
        self.since_check, self.until_check = QCheckBox(self), QCheckBox(self)
        self.since_edit, self.until_edit = QDateEdit(self), QDateEdit(self)
        today = QDate.currentDate()
        for check, edit, date in (
            (self.since_check, self.since_edit, today.addDays(-30)),
            (self.until_check, self.until_edit, today),
        ):
            edit.setDisplayFormat(DATE_FORMAT)
            edit.setCalendarPopup(True)
            edit.setDate(date)
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
        filters = QHBoxLayout()
        self._user_caption, self._action_caption = QLabel(self), QLabel(self)
        row = (self._user_caption, self.user_box, self._action_caption, self.action_box)
        for widget in (*row, self.since_check, self.since_edit, self.until_check, self.until_edit):
            filters.addWidget(widget)
        filters.addStretch(1)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.count_label = QLabel(self)
        self.more_button = QPushButton(self)
        self.more_button.clicked.connect(self.load_more)
        self.verify_button = QPushButton(self)
        self.verify_button.clicked.connect(self.verify)
        self.verdict_label = message_label(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        for widget in (self.count_label, self.more_button):
            bottom.addWidget(widget)
        bottom.addStretch(1)
        bottom.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.verdict_label)
        layout.addWidget(self.buttons)
        # Any filter change re-reads the first page, once the officer pauses typing.
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self.reload)
        self.user_box.currentTextChanged.connect(lambda _text: self._debounce.start())
        for signal in (
            self.action_box.currentIndexChanged,
            self.since_check.toggled,
            self.until_check.toggled,
            self.since_edit.dateChanged,
            self.until_edit.dateChanged,
        ):
            signal.connect(lambda *_args: self._debounce.start())

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Audit trail"))
        self._user_caption.setText(_("User:"))
        self.user_box.lineEdit().setPlaceholderText(_("all users"))
        self._action_caption.setText(_("Action:"))
        self.action_box.setItemText(0, _("all actions"))
        for i in range(1, self.action_box.count()):
            self.action_box.setItemText(i, action_label(self.action_box.itemData(i)))
        self.since_check.setText(_("From"))
        self.until_check.setText(_("To"))
        self.more_button.setText(_("Load more"))
        self.verify_button.setText(_("Verify chain"))
        self._update_count()

    def current_filter(self) -> AuditFilter:
        """The filters as the service takes them: local days become UTC bounds, "to" inclusive."""
        since = self._day_start(self.since_edit.date()) if self.since_check.isChecked() else None
        until = (
            self._day_start(self.until_edit.date().addDays(1))
            if self.until_check.isChecked()
            else None
        )
        return AuditFilter(
            username=self.user_box.currentText().strip() or None,
            action=self.action_box.currentData(),
            since=since,
            until=until,
        )

    @staticmethod
    def _day_start(day: QDate) -> datetime:
        midnight = datetime.combine(day.toPython(), time())  # type: ignore[arg-type]
        return midnight.astimezone()  # local midnight, aware; the store compares in UTC

    def reload(self) -> None:
        self._debounce.stop()
        rows = audit_entries(self.db, self.current_filter(), limit=self.page_size)
        self.model.set_rows(rows)
        self._after_load(rows)
        if not self.user_box.count():
            self._fill_users()

    def load_more(self) -> None:
        rows = audit_entries(
            self.db, self.current_filter(), limit=self.page_size, offset=len(self.model.rows)
        )
        self.model.append_rows(rows)
        self._after_load(rows)

    def _after_load(self, rows: list[AuditEntry]) -> None:
        self.more_button.setEnabled(len(rows) == self.page_size)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(_("{n} entries shown").format(n=len(self.model.rows)))

    def _fill_users(self) -> None:
        """The installation's users and the names in the newest page, as suggestions; any name
        may still be typed ("recovery" and "system" also act)."""
        names = {row.username for row in self.model.rows}
        with contextlib.suppress(DomainError):  # a role that may read the trail, not the users
            names.update(user.username for user in list_users(self.db))
        self.user_box.blockSignals(True)
        self.user_box.addItems(["", *sorted(names)])
        self.user_box.setCurrentIndex(0)
        self.user_box.blockSignals(False)

    def verify(self) -> None:
        """Walk the whole chain off the UI thread (it reads every entry)."""
        self.verify_button.setEnabled(False)
        show_message(self.verdict_label, _("Checking the chain…"), error=False)
        run_in_background(self, lambda: verify_trail(self.db), self._verified, self._failed)

    def _verified(self, verdict: Verdict) -> None:
        self.verify_button.setEnabled(True)
        show_message(self.verdict_label, verdict_text(verdict), error=not verdict.ok)

    def _failed(self, exc: Exception) -> None:
        self.verify_button.setEnabled(True)
        show_message(self.verdict_label, refusal_text(exc))
