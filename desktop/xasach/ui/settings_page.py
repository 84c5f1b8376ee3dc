"""The Settings page (cài đặt): language, auto-lock, villages, extra backup folder, users, the
rule table in force, and the fields that stay at the commune when syncing.

Language and auto-lock belong to this Windows user (QSettings), so every role may change them;
everything stored in the data file goes through the services, which check the role again —
sections a role may not change are shown disabled rather than hidden, so officers know where
the administrator will look. The user dialogs (add, set a password, remove) are in
ui/user_dialogs.py; "Change my password…" is for every role.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission, role_label
from xasach.i18n import _, current_language, set_language
from xasach.services import villages as svc
from xasach.services.auth import list_users
from xasach.services.backup import extra_folder, set_extra_folder
from xasach.ui.context import AppContext
from xasach.ui.idle_lock import IDLE_MINUTES_KEY, idle_minutes
from xasach.ui.login_dialog import message_label
from xasach.ui.login_dialog import show_message as paint_message
from xasach.ui.page import Page
from xasach.ui.rules.rules_box import RulesBox
from xasach.ui.sync.withheld_box import WithheldBox
from xasach.ui.user_dialogs import AddUserDialog, PasswordDialog, RemoveUserDialog

LANGUAGE_KEY = "ui/language"
LANGUAGES = (("vi", "Tiếng Việt"), ("en", "English"))  # each in its own language, never translated
ID_ROLE = Qt.ItemDataRole.UserRole


class SettingsPage(Page):
    """`language_changed(lang)`: the officer chose another language (already applied)."""

    language_changed = Signal(str)

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, settings: QSettings | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.settings = settings if settings is not None else QSettings()
        self.boxes = {name: QGroupBox(self) for name in ("display", "villages", "backup", "users")}
        self.boxes["users"].setVisible(ctx.can(Permission.MANAGE_USERS))
        for name in ("villages", "backup"):
            self.boxes[name].setEnabled(ctx.can(Permission.SETTINGS))
        self._build_display()
        self._build_villages()
        self._build_backup()
        self._build_users()
        self.rules_label = QLabel(self)
        self.rules_label.setWordWrap(True)
        self.withheld_box = WithheldBox(self)
        self.rules_box = RulesBox(ctx, self)
        body = QWidget(self)
        column = QVBoxLayout(body)
        for box in self.boxes.values():
            column.addWidget(box)
        column.addWidget(self.withheld_box)
        column.addWidget(self.rules_label)
        column.addWidget(self.rules_box)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        QVBoxLayout(self).addWidget(scroll)
        self.retranslate_ui()
        self.refresh()

    def _build_display(self) -> None:
        box = self.boxes["display"]
        self.language_combo = QComboBox(box)
        self.language_combo.setObjectName("languageCombo")
        for code, name in LANGUAGES:
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(current_language()))
        )
        self.language_combo.currentIndexChanged.connect(lambda _i: self.apply_language())
        self.idle_spin = QSpinBox(box)
        self.idle_spin.setObjectName("idleMinutes")
        self.idle_spin.setRange(1, 120)
        self.idle_spin.setValue(min(120, idle_minutes(self.settings)))
        self.idle_spin.valueChanged.connect(lambda v: self.settings.setValue(IDLE_MINUTES_KEY, v))
        self._language_caption, self._idle_caption = QLabel(box), QLabel(box)
        self._language_caption.setBuddy(self.language_combo)
        self._idle_caption.setBuddy(self.idle_spin)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self._language_caption, self.language_combo)
        form.addRow(self._idle_caption, self.idle_spin)
        self.own_password_button = QPushButton(box)
        self.own_password_button.setObjectName("ownPassword")
        self.own_password_button.clicked.connect(self.open_own_password)
        self.own_password_button.setVisible(self.ctx.db.actor is not None)
        form.addRow("", self.own_password_button)

    def _build_villages(self) -> None:
        box = self.boxes["villages"]
        self.village_edit = QLineEdit(box)
        self.village_edit.setObjectName("villageName")
        self.village_edit.returnPressed.connect(self.add_village)
        self.village_list = QListWidget(box)
        self.village_list.setObjectName("villageList")
        self.village_list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
        self.village_list.itemChanged.connect(self._renamed)
        self.village_message = message_label(box)
        self.village_buttons = {n: QPushButton(box) for n in ("add", "rename", "up", "down", "del")}
        actions = {
            "add": self.add_village,
            "rename": lambda: self._edit_current(),
            "up": lambda: self.move_village(-1),
            "down": lambda: self.move_village(1),
            "del": self.delete_village,
        }
        grid = QGridLayout(box)
        grid.addWidget(self.village_edit, 0, 0)
        grid.addWidget(self.village_list, 1, 0, 5, 1)
        for row, (name, button) in enumerate(self.village_buttons.items()):
            button.setObjectName(f"village_{name}")
            button.clicked.connect(actions[name])
            grid.addWidget(button, row, 1)
        grid.addWidget(self.village_message, 6, 0, 1, 2)

    def _build_backup(self) -> None:
        box = self.boxes["backup"]
        self.folder_label = QLabel(box)
        self.folder_label.setWordWrap(True)
        self.choose_button, self.clear_button = QPushButton(box), QPushButton(box)
        self.choose_button.clicked.connect(self.choose_folder)
        self.clear_button.clicked.connect(lambda: self.set_folder(None))
        self.restore_button = QPushButton(box)
        self.restore_button.setObjectName("restoreBackup")
        self.restore_button.clicked.connect(self.open_restore)
        self.restore_button.setVisible(self.ctx.can(Permission.RESTORE))
        self.backup_message = message_label(box)
        layout = QGridLayout(box)
        layout.addWidget(self.folder_label, 0, 0, 1, 4)
        layout.addWidget(self.choose_button, 1, 0)
        layout.addWidget(self.clear_button, 1, 1)
        layout.addWidget(self.restore_button, 1, 3)
        layout.setColumnStretch(2, 1)
        layout.addWidget(self.backup_message, 2, 0, 1, 4)

    def _build_users(self) -> None:
        box = self.boxes["users"]
        self.user_table = QTableWidget(0, 4, box)
        self.user_table.setObjectName("userTable")
        self.user_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.user_table.verticalHeader().hide()
        self.user_table.horizontalHeader().setStretchLastSection(True)
        self.user_table.setMinimumHeight(160)
        self.add_user_button = QPushButton(box)
        self.add_user_button.setObjectName("addUser")
        self.add_user_button.clicked.connect(self.open_add_user)
        self.user_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.user_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.user_table.itemSelectionChanged.connect(self._user_selected)
        self.set_password_button = QPushButton(box)
        self.set_password_button.setObjectName("setPassword")
        self.set_password_button.clicked.connect(self.open_set_password)
        self.remove_user_button = QPushButton(box)
        self.remove_user_button.setObjectName("removeUser")
        self.remove_user_button.clicked.connect(self.open_remove_user)
        layout = QVBoxLayout(box)
        layout.addWidget(self.user_table)
        row = QHBoxLayout()
        for button in (self.add_user_button, self.set_password_button, self.remove_user_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

    def open_restore(self) -> None:
        from xasach.ui.restore_dialog import restore_and_quit

        restore_and_quit(self.ctx.db, self)

    def title(self) -> str:
        return _("Settings")

    def retranslate_ui(self) -> None:
        titles = {
            "display": _("Language and screen lock"),
            "villages": _("Villages and residential groups"),
            "backup": _("Extra backup folder"),
            "users": _("Users"),
        }
        for name, text in titles.items():
            self.boxes[name].setTitle(text)
        self._language_caption.setText(_("&Language:"))
        self._idle_caption.setText(_("&Lock after (minutes without use):"))
        self.village_edit.setPlaceholderText(_("New village or residential group"))
        labels = {
            "add": _("&Add"),
            "rename": _("Re&name"),
            "up": _("Move &up"),
            "down": _("Move do&wn"),
            "del": _("&Delete"),
        }
        for name, text in labels.items():
            self.village_buttons[name].setText(text)
        self.choose_button.setText(_("&Choose folder…"))
        self.clear_button.setText(_("C&lear"))
        self.restore_button.setText(_("&Restore from a backup…"))
        self.add_user_button.setText(_("Add &user…"))
        self.set_password_button.setText(_("Set &password…"))
        self.remove_user_button.setText(_("Remo&ve user…"))
        self.own_password_button.setText(_("Change &my password…"))
        self.withheld_box.retranslate_ui()
        self.rules_box.retranslate_ui()
        self.user_table.setHorizontalHeaderLabels(
            [_("User name"), _("Full name"), _("Role"), _("Active")]
        )
        self.refresh()

    def refresh(self) -> None:
        self._load_villages()
        folder = extra_folder(self.ctx.db)
        self.folder_label.setText(
            _("Automatic backups are also copied to: {folder}").format(folder=folder)
            if folder
            else _("Automatic backups are kept in the data folder only.")
        )
        self.clear_button.setEnabled(folder is not None)
        if self.ctx.can(Permission.MANAGE_USERS):
            self._load_users()
        name, version = self.ctx.db.setting("rules.name"), self.ctx.db.setting("rules.version")
        self.rules_label.setText(
            _("Rule table in force: {name}, version {version}.").format(
                name=name or "—", version=version or "—"
            )
        )

    # --- villages -----------------------------------------------------------------------------

    def _load_villages(self, select: str | None = None) -> None:
        self.village_list.blockSignals(True)
        self.village_list.clear()
        with self.ctx.db.reader() as s:
            lines = svc.list_villages(s)
        for line in lines:
            item = QListWidgetItem(line.name)
            item.setData(ID_ROLE, line.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.village_list.addItem(item)
            if line.id == select:
                self.village_list.setCurrentItem(item)
        self.village_list.blockSignals(False)

    def _current_id(self) -> str | None:
        item = self.village_list.currentItem()
        return str(item.data(ID_ROLE)) if item is not None else None

    def _change(self, work: Callable[[Session], object], select: str | None = None) -> bool:
        """Run a villages service call in one transaction; refusals become the message."""
        try:
            with self.ctx.db.session() as s:
                result = work(s)
        except DomainError as exc:
            paint_message(self.village_message, exc.message)
            self._load_villages(select)
            return False
        paint_message(self.village_message, "", error=False)
        self._load_villages(getattr(result, "id", None) or select)
        self.ctx.bus.changed.emit("village")
        return True

    def add_village(self) -> None:
        name = self.village_edit.text()
        if self._change(lambda s: svc.add_village(s, name)):
            self.village_edit.clear()

    def _edit_current(self) -> None:
        item = self.village_list.currentItem()
        if item is not None:
            self.village_list.editItem(item)

    def _renamed(self, item: QListWidgetItem) -> None:
        village_id, name = str(item.data(ID_ROLE)), item.text()
        self._change(lambda s: svc.rename_village(s, village_id, name), village_id)

    def move_village(self, offset: int) -> None:
        village_id = self._current_id()
        if village_id:
            self._change(lambda s: svc.move_village(s, village_id, offset), village_id)

    def delete_village(self) -> None:
        item = self.village_list.currentItem()
        if item is None:
            return
        village_id = str(item.data(ID_ROLE))
        answer = QMessageBox.question(
            self,
            _("Delete village"),
            _("Delete “{name}” from the list?").format(name=item.text()),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._change(lambda s: svc.delete_village(s, village_id))

    # --- language, backup folder, users -------------------------------------------------------

    def apply_language(self) -> None:
        lang = str(self.language_combo.currentData())
        if lang == current_language():
            return
        chosen = set_language(lang)
        self.settings.setValue(LANGUAGE_KEY, chosen)
        self.retranslate_ui()
        self.language_changed.emit(chosen)

    def choose_folder(self) -> None:
        current = extra_folder(self.ctx.db)
        folder = QFileDialog.getExistingDirectory(
            self, _("Folder for extra backups"), str(current or Path.home())
        )
        if folder:
            self.set_folder(Path(folder))

    def set_folder(self, folder: Path | None) -> None:
        try:
            set_extra_folder(self.ctx.db, folder)
        except DomainError as exc:
            paint_message(self.backup_message, exc.message)
            return
        paint_message(self.backup_message, "", error=False)
        self.refresh()

    def _load_users(self) -> None:
        users = list_users(self.ctx.db)
        self.user_table.setRowCount(len(users))
        for row, user in enumerate(users):
            cells = (
                user.username,
                user.full_name,
                role_label(user.role),
                _("yes") if user.active else _("no"),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, user.username if user.active else None)
                self.user_table.setItem(row, col, item)
        self.user_table.resizeColumnsToContents()
        self._user_selected()

    def selected_user(self) -> str | None:
        """The active user chosen in the table (a removed one cannot be changed)."""
        rows = self.user_table.selectionModel().selectedRows()
        item = self.user_table.item(rows[0].row(), 0) if rows else None
        return item.data(ID_ROLE) if item is not None else None

    def _user_selected(self) -> None:
        chosen = self.selected_user() is not None
        self.set_password_button.setEnabled(chosen)
        self.remove_user_button.setEnabled(chosen)

    def _run_user_dialog(self, dialog: QDialog) -> bool:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        if self.ctx.can(Permission.MANAGE_USERS):
            self._load_users()
        return True

    def open_add_user(self) -> bool:
        return self._run_user_dialog(AddUserDialog(self.ctx, self))

    def open_set_password(self) -> bool:
        username = self.selected_user()
        return username is not None and self._run_user_dialog(
            PasswordDialog(self.ctx, username, self)
        )

    def open_remove_user(self) -> bool:
        username = self.selected_user()
        return username is not None and self._run_user_dialog(
            RemoveUserDialog(self.ctx, username, self)
        )

    def open_own_password(self) -> bool:
        actor = self.ctx.db.actor
        return actor is not None and self._run_user_dialog(
            PasswordDialog(self.ctx, actor.username, self)
        )
