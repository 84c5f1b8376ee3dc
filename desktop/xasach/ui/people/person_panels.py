"""The side panels of a person's file: drug tests (xét nghiệm: list and add) and the hotspots
the person is linked to (read-only: links are made on the hotspot's own form).

New tests are part of the person's form like new episodes: shown in italics until the file is
saved, in the same transaction.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.i18n import _
from xasach.services.episodes import (
    TEST_RESULT_LABELS,
    add_drug_test,
    check_drug_test,
    result_label_of,
)
from xasach.services.person_file import DrugTestLine, LinkedHotspot
from xasach.ui.formatting import fmt_date
from xasach.ui.registers.record_dialog import error_label
from xasach.ui.widgets.date_field import DateField


def _tree(parent: QWidget, headers: list[str], widths: tuple[int, ...]) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setHeaderLabels(headers)
    for column, width in enumerate(widths):
        tree.setColumnWidth(column, width)
    return tree


class DrugTestsPanel(QWidget):
    """`changed` when a test is added (the form is dirty). `pending` holds the new tests."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, editable: bool = True) -> None:
        super().__init__(parent)
        self.pending: list[DrugTestLine] = []
        self.stored: list[DrugTestLine] = []
        self.tree = _tree(self, [_("Date"), _("Result"), _("Substances")], (90, 90))
        self.tree.setObjectName("drugTests")
        self.date_edit = DateField(self)
        self.result_box = QComboBox(self)
        self.result_box.addItem(_("— result —"), None)
        for result, label in TEST_RESULT_LABELS.items():
            self.result_box.addItem(_(label), result)
        self.substances_edit = QLineEdit(self)
        self.substances_edit.setMaxLength(200)
        self.substances_edit.setPlaceholderText(_("e.g. Methamphetamine (MET)"))
        self.add_button = QPushButton(_("Add &test"), self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_test)
        self.error = error_label(self)
        row = QGridLayout()
        date_label = QLabel(_("Test &date:"), self)
        date_label.setBuddy(self.date_edit)
        row.addWidget(date_label, 0, 0)
        row.addWidget(self.date_edit, 0, 1)
        row.addWidget(self.result_box, 0, 2)
        row.addWidget(self.substances_edit, 0, 3)
        row.addWidget(self.add_button, 0, 4)
        row.setColumnStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        for widget in (self.date_edit, self.result_box, self.substances_edit, self.add_button):
            widget.setEnabled(editable)

    def load(self, tests: list[DrugTestLine] | tuple[DrugTestLine, ...]) -> None:
        self.stored, self.pending = list(tests), []
        self._show()

    def _show(self) -> None:
        self.tree.clear()
        italic = QFont(self.tree.font())
        italic.setItalic(True)
        for test in sorted([*self.stored, *self.pending], key=lambda t: t.test_date):
            new = test in self.pending
            label = _("{result} (not saved yet)").format(result=test.result_label)
            item = QTreeWidgetItem(
                [fmt_date(test.test_date), label if new else test.result_label, test.substances]
            )
            if new:
                for column in range(3):
                    item.setFont(column, italic)
            self.tree.addTopLevelItem(item)

    def add_test(self) -> bool:
        """Check the typed test and keep it for the save; False (with the message) if refused."""
        self.error.hide()
        try:
            try:
                when = self.date_edit.value()
            except DomainError as exc:
                raise DomainError(exc.message, "test_date") from None
            result = self.result_box.currentData() or ""
            check_drug_test(when, result, date.today())
        except DomainError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return False
        assert when is not None
        self.pending.append(
            DrugTestLine("", when, result, result_label_of(result), self.substances_edit.text(), "")
        )
        self.date_edit.clear()
        self.result_box.setCurrentIndex(0)
        self.substances_edit.clear()
        self._show()
        self.changed.emit()
        return True

    def save(self, session: Session, person_id: str) -> None:
        for test in self.pending:
            add_drug_test(session, person_id, test.test_date, test.result, test.substances)


class HotspotsPanel(QWidget):
    """The hotspots (tụ điểm) the person is linked to, with the role there."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = _tree(
            self,
            [_("Hotspot"), _("Kind"), _("Village"), _("Status"), _("Role")],
            (200, 150, 120, 90),
        )
        self.tree.setObjectName("linkedHotspots")
        self.empty = QLabel(_("Not linked to any hotspot."), self)
        hint = QLabel(_("Links are made on the hotspot's form (Hotspots page)."), self)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(hint)

    def load(self, hotspots: list[LinkedHotspot] | tuple[LinkedHotspot, ...]) -> None:
        self.tree.clear()
        for h in hotspots:
            self.tree.addTopLevelItem(
                QTreeWidgetItem([h.name, h.kind_label, h.village, h.status_label, h.role])
            )
        self.empty.setVisible(not hotspots)
