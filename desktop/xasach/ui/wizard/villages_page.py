"""Wizard page: the commune's villages and residential groups (thôn, xóm, bản, tổ dân phố).

They are not in the official list, so the officer types them, in the order lists and reports
should follow. The names are checked by the villages service (no duplicates, accents and case
ignored) before the database exists; Settings edits them later.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from xasach.domain.errors import DomainError
from xasach.i18n import _, ngettext
from xasach.services.villages import check_names, clean_name
from xasach.ui.login_dialog import message_label, show_message


class VillagesPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unit_name = ""
        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("villageName")
        self.name_edit.installEventFilter(self)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("addVillage")
        self.village_list = QListWidget(self)
        self.village_list.setObjectName("villageList")
        self.village_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("removeVillage")
        self.up_button = QPushButton(self)
        self.up_button.setObjectName("villageUp")
        self.down_button = QPushButton(self)
        self.down_button.setObjectName("villageDown")
        self.message_label = message_label(self)
        grid = QGridLayout()
        grid.addWidget(self.name_edit, 0, 0)
        grid.addWidget(self.add_button, 0, 1)
        grid.addWidget(self.village_list, 1, 0, 4, 1)
        grid.addWidget(self.remove_button, 1, 1)
        grid.addWidget(self.up_button, 2, 1)
        grid.addWidget(self.down_button, 3, 1)
        grid.setRowStretch(4, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(grid, 1)
        layout.addWidget(self.message_label)
        self.add_button.clicked.connect(self.add_typed)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.village_list.itemChanged.connect(lambda _i: self._changed())
        self.village_list.model().rowsMoved.connect(lambda *_a: self._changed())
        self.village_list.currentRowChanged.connect(lambda _r: self._buttons())
        self.retranslate_ui()
        self._changed()

    def retranslate_ui(self) -> None:
        self.setTitle(_("Villages and residential groups"))
        self.setSubTitle(
            _("Type each village (thôn, xóm, bản, ấp) or residential group (tổ dân phố).")
        )
        self.intro_label.setText(
            _(
                "List those of {unit} in the order lists and reports should follow. Double-click a "
                "name to correct it. You can change the list later in Settings."
            ).format(unit=self.unit_name or _("your commune"))
        )
        self.name_edit.setPlaceholderText(_("e.g. Thôn Đông, Tổ dân phố 1"))
        self.add_button.setText(_("&Add"))
        self.remove_button.setText(_("&Remove"))
        self.up_button.setText(_("Move &up"))
        self.down_button.setText(_("Move do&wn"))

    def set_unit_name(self, name: str) -> None:
        self.unit_name = name
        self.retranslate_ui()

    def names(self) -> list[str]:
        return [self.village_list.item(i).text() for i in range(self.village_list.count())]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt's name
        # Enter in the name field adds the name; it must not press the wizard's Next button.
        if watched is self.name_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.add_typed()
                return True
        return super().eventFilter(watched, event)

    def add_typed(self) -> None:
        try:
            name = clean_name(self.name_edit.text())
            check_names([*self.names(), name])
        except DomainError as exc:
            show_message(self.message_label, exc.message)
            self.name_edit.setFocus()
            return
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.village_list.addItem(item)
        self.village_list.setCurrentItem(item)
        self.name_edit.clear()
        self.name_edit.setFocus()
        self._changed()

    def remove_current(self) -> None:
        row = self.village_list.currentRow()
        if row >= 0:
            self.village_list.takeItem(row)
            self._changed()

    def move_current(self, offset: int) -> None:
        row = self.village_list.currentRow()
        target = row + offset
        if row < 0 or not 0 <= target < self.village_list.count():
            return
        item = self.village_list.takeItem(row)
        self.village_list.insertItem(target, item)
        self.village_list.setCurrentRow(target)
        self._changed()

    def problem(self) -> str | None:
        """Why the list cannot be used yet, or None."""
        if not self.names():
            return _("Add at least one village or residential group.")
        try:
            check_names(self.names())
        except DomainError as exc:
            return exc.message
        return None

    def _buttons(self) -> None:
        row, count = self.village_list.currentRow(), self.village_list.count()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)

    def _changed(self) -> None:
        problem = self.problem()
        if problem and self.names():
            show_message(self.message_label, problem)
        else:
            show_message(
                self.message_label,
                ngettext(
                    "{n} village or residential group in the list.",
                    "{n} villages or residential groups in the list.",
                    len(self.names()),
                ).format(n=len(self.names()))
                if self.names()
                else "",
                error=False,
            )
        self._buttons()
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 — Qt's name
        return self.problem() is None
