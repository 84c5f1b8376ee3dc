"""The Overview's "Việc sắp đến hạn" panel: counts, then the list, soonest (overdue) first.

A row opens the People list on that person; the button opens the list filtered to every
deadline in the window. The leader sees the counts but no names (services.overview_law).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableWidgetItem, QWidget

from xasach.domain.deadlines import DEFAULT_WITHIN_DAYS, DueItem, due_kind_label
from xasach.i18n import _, ngettext
from xasach.services.due import DueSummary
from xasach.ui.formatting import fmt_date
from xasach.ui.overview.common import NOT_MET_COLOUR, Panel
from xasach.ui.sync.common import fit_columns, read_only_table

MAX_ROWS = 50


class DuePanel(Panel):
    """`open_people(filter)`: the officer asked to see people behind the panel."""

    open_people = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("duePanel", parent)
        self.items: tuple[DueItem, ...] = ()
        self.within_days = DEFAULT_WITHIN_DAYS
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.kinds_label = QLabel(self)
        self.kinds_label.setWordWrap(True)
        self.table = read_only_table(self, 4, "dueTable")
        self.table.setMinimumHeight(300)
        self.table.cellDoubleClicked.connect(self._row_opened)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openDueInPeople")
        self.open_button.clicked.connect(
            lambda: self.open_people.emit({"due_within_days": self.within_days})
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        self.body.addWidget(self.summary_label)
        self.body.addWidget(self.kinds_label)
        self.body.addWidget(self.table)
        self.body.addLayout(buttons)

    def show_due(
        self, summary: DueSummary | None, items: tuple[DueItem, ...] | None, *, can_open: bool
    ) -> None:
        self.setVisible(summary is not None)
        if summary is None:
            return
        self.within_days = summary.within_days
        self.title_label.setText(_("Due soon"))
        self.summary_label.setText(
            _("{overdue} overdue · {upcoming} due within {days} days").format(
                overdue=summary.overdue, upcoming=summary.upcoming, days=summary.within_days
            )
        )
        self.kinds_label.setText(
            " · ".join(f"{due_kind_label(kind)}: {n}" for kind, n in summary.by_kind)
        )
        self.items = items or ()
        self.table.setVisible(items is not None)
        self.open_button.setVisible(items is not None and can_open)
        self.open_button.setText(_("Open in the People list"))
        self.table.setHorizontalHeaderLabels([_("Due"), _("When"), _("Person"), _("What")])
        shown = self.items[:MAX_ROWS]
        self.table.setRowCount(len(shown))
        for row, item in enumerate(shown):
            cells = (fmt_date(item.due), when_text(item), item.person_name, item.label)
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if item.overdue:
                    cell.setForeground(QColor(NOT_MET_COLOUR))
                self.table.setItem(row, col, cell)
        fit_columns(self.table)
        if not self.items:
            self.summary_label.setText(
                _("Nothing due within {days} days.").format(days=summary.within_days)
            )

    def _row_opened(self, row: int, _column: int) -> None:
        if self.open_button.isVisible() and 0 <= row < len(self.items):
            self.open_people.emit({"text": self.items[row].person_name})


def when_text(item: DueItem) -> str:
    if item.days_left < 0:
        n = -item.days_left
        return ngettext("{n} day overdue", "{n} days overdue", n).format(n=n)
    if item.days_left == 0:
        return _("today")
    return ngettext("in {n} day", "in {n} days", item.days_left).format(n=item.days_left)
