"""The coverage grid (bảng độ phủ tuyên truyền): villages × months of one year.

The seeds hold every village to propaganda at least once a month; the grid shows at a glance
where that failed. A covered cell is green with its count, a gap is red with "0" (orange in the
current month, still open), months not due yet are grey and empty. Clicking a cell (or Enter)
asks the page to list that village's activities of that month.
"""

from __future__ import annotations

from typing import Any

from babel.numbers import format_percent
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xasach.domain.coverage import MONTHS
from xasach.domain.coverage import CoverageGrid as Grid
from xasach.domain.errors import DomainError
from xasach.i18n import _, babel_locale, ngettext
from xasach.services.propaganda import coverage
from xasach.services.propaganda_queries import activity_years
from xasach.ui.context import AppContext

_Index = QModelIndex | QPersistentModelIndex

#: (background, text) of each kind of cell; the red and the green differ in lightness too, so
#: the gaps still stand out to a colour-blind officer or on a grey printout.
COVERED = (QColor("#a5d6a7"), QColor("#1b5e20"))
GAP = (QColor("#e53935"), QColor("#ffffff"))
OPEN_GAP = (QColor("#ffb74d"), QColor("#4e2600"))
FUTURE = (QColor("#eeeeee"), QColor("#9e9e9e"))
GAPS_COLUMN = 12


def month_header(month: int) -> str:
    # Translators: the short header of a month column; Vietnamese "T{month}" (T1 … T12).
    return _("M{month}").format(month=month)


class CoverageModel(QAbstractTableModel):
    """One row per village, 12 month columns and a last column counting the row's gaps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid: Grid | None = None

    def set_grid(self, grid: Grid | None) -> None:
        self.beginResetModel()
        self.grid = grid
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.grid is None else len(self.grid.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(MONTHS) + 1

    def headerData(  # noqa: N802 — Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return self.grid.rows[section].village_name if self.grid else None
        return _("Gaps") if section == GAPS_COLUMN else month_header(section + 1)

    def cell(self, index: _Index) -> tuple[str, int] | None:
        """(village id, month) of a month cell; None for the gaps column."""
        if self.grid is None or not index.isValid() or index.column() == GAPS_COLUMN:
            return None
        return self.grid.rows[index.row()].village_id, index.column() + 1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.grid is None or not index.isValid():
            return None
        row = self.grid.rows[index.row()]
        if index.column() == GAPS_COLUMN:
            return self._gaps_data(row, role)
        month = index.column() + 1
        count, future = row.count(month), self.grid.is_future(month)
        colours = (
            FUTURE
            if future
            else COVERED
            if count
            else OPEN_GAP
            if self.grid.is_open(month)
            else GAP
        )
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if future else str(count)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(colours[0])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(colours[1])
        if role == Qt.ItemDataRole.FontRole and not future and count == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row.village_name, month, count, future)
        if role == Qt.ItemDataRole.UserRole:
            return (row.village_id, month)
        return None

    def _gaps_data(self, row: Any, role: int) -> Any:
        assert self.grid is not None
        gaps = self.grid.row_gaps(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return str(gaps) if self.grid.due_months else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and gaps:
            return QBrush(GAP[0])
        if role == Qt.ItemDataRole.FontRole and gaps:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _tooltip(self, village: str, month: int, count: int, future: bool) -> str:
        assert self.grid is not None
        when = _("{month}/{year}").format(month=month, year=self.grid.year)
        if future:
            return _("{village}, {when}: not due yet.").format(village=village, when=when)
        if count == 0:
            return _("{village}, {when}: no propaganda activity.").format(
                village=village, when=when
            )
        return ngettext(
            "{village}, {when}: {n} activity.", "{village}, {when}: {n} activities.", count
        ).format(village=village, when=when, n=count)


class CoverageGrid(QWidget):
    """The grid with its year selector and summary. `cell_chosen(village_id, year, month)`."""

    cell_chosen = Signal(str, int, int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = CoverageModel(self)
        self.grid: Grid | None = None
        self.year_label = QLabel(self)
        self.year_box = QComboBox(self)
        self.year_label.setBuddy(self.year_box)
        self.year_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.summary_label = QLabel(self)
        font = QFont(self.summary_label.font())
        font.setBold(True)
        self.summary_label.setFont(font)
        self.summary_label.setWordWrap(True)
        self.legend = [QLabel(self) for _i in range(4)]
        for label, (background, text) in zip(
            self.legend, (COVERED, GAP, OPEN_GAP, FUTURE), strict=True
        ):
            label.setStyleSheet(
                f"background: {background.name()}; color: {text.name()}; padding: 2px 8px;"
            )
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setShowGrid(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(44)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.clicked.connect(self._chosen)
        self.table.activated.connect(self._chosen)
        top = QHBoxLayout()
        top.addWidget(self.year_label)
        top.addWidget(self.year_box)
        top.addSpacing(16)
        for label in self.legend:
            top.addWidget(label)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.year_label.setText(_("&Year:"))
        for label, text in zip(
            self.legend,
            (_("covered"), _("gap"), _("gap this month (still open)"), _("not due yet")),
            strict=True,
        ):
            label.setText(text)
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, GAPS_COLUMN)
        self._summarise()

    def year(self) -> int | None:
        data = self.year_box.currentData()
        return int(data) if data is not None else None

    def set_year(self, year: int) -> None:
        index = self.year_box.findData(year)
        if index < 0:
            self.year_box.addItem(str(year), year)
            index = self.year_box.count() - 1
        self.year_box.setCurrentIndex(index)  # reloads through currentIndexChanged

    def refresh(self) -> None:
        """Re-read the years on offer and the grid of the year shown."""
        try:
            with self.ctx.db.reader() as session:
                years = activity_years(session)
        except DomainError as exc:  # a role that may not see propaganda
            self.year_box.clear()
            self.grid = None
            self.model.set_grid(None)
            self._summarise(exc.message)
            return
        current = self.year()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in years:
            self.year_box.addItem(str(year), year)
        self.year_box.setCurrentIndex(max(0, self.year_box.findData(current)))
        self.year_box.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        year = self.year()
        self.grid, error = None, ""
        if year is not None:
            try:
                with self.ctx.db.reader() as session:
                    self.grid = coverage(session, year)
            except DomainError as exc:
                error = exc.message
        self.model.set_grid(self.grid)
        self.table.horizontalHeader().setSectionResizeMode(
            GAPS_COLUMN, QHeaderView.ResizeMode.ResizeToContents
        )
        self._summarise(error)

    def _summarise(self, error: str = "") -> None:
        grid = self.grid
        if error or grid is None:
            self.summary_label.setText(error)
            return
        if grid.share is None:
            self.summary_label.setText(_("Nothing is due yet in {year}.").format(year=grid.year))
            return
        share = format_percent(grid.share, "#,##0.#%", locale=babel_locale())
        covered = _("Covered {covered} of {due} village-months ({share}).").format(
            covered=grid.covered, due=grid.due, share=share
        )
        gaps = len(grid.gaps)
        missing = ngettext(
            "{n} village-month without any activity.",
            "{n} village-months without any activity.",
            gaps,
        ).format(n=gaps)
        target = _("Target: at least one activity a month in every village.")
        self.summary_label.setText(f"{covered} {missing} {target}")

    def _chosen(self, index: QModelIndex) -> None:
        cell = self.model.cell(index)
        if cell is not None and self.grid is not None and not self.grid.is_future(cell[1]):
            self.cell_chosen.emit(cell[0], self.grid.year, cell[1])
