"""The Overview page (tổng quan): tiles and charts, each a way into the register behind it.

Every figure comes from `services.overview`, which leaves out what the role may not see; the
page hides those tiles and charts. A click emits `navigate(page, filter)` — e.g.
("people", {"status": "compulsory_rehab"}) — and the main window opens that page filtered. A
tile is clickable only when the role may open its register (the leader sees counts, not files).
New panels (e.g. "due soon") go into `self.grid`, a row below the tiles, beside or under the
charts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.dates import get_month_names
from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QKeyEvent, QMouseEvent, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from xasach.domain.episodes import STATUS_NONE
from xasach.domain.errors import DomainError
from xasach.domain.periods import Period
from xasach.domain.roles import Permission
from xasach.i18n import _, babel_locale
from xasach.services.overview import CoverageMonth, Overview, overview
from xasach.services.overview_law import LawOverview, law_overview
from xasach.ui.context import AppContext
from xasach.ui.formatting import fmt_number
from xasach.ui.overview import ClassificationPanel, DuePanel, TargetsPanel
from xasach.ui.page import Page

#: Tables whose changes alter a figure here (ctx.bus.changed).
WATCHED = frozenset(
    ["person", "episode", "hotspot", "hotspot_event", "activity", "activity_village", "village",
     "period_figures", "rule", "setting"]  # the last three: the law panels' figures and rules
)  # fmt: skip
PEOPLE_COLOUR, ACTIVE_COLOUR, ELIMINATED_COLOUR = "#1565c0", "#c62828", "#2e7d32"
COVERAGE_COLOUR, GAP_COLOUR = "#00838f", "#ef6c00"
CHART_HEIGHT = 280
#: Tiles: name → (page it opens, permission needed to open it, attribute of Overview).
TILES: dict[str, tuple[str, Permission | None, str]] = {
    "people": ("people", Permission.VIEW_PEOPLE, "under_management"),
    "active": ("hotspots", Permission.VIEW_HOTSPOTS, "hotspots_active"),
    "eliminated": ("hotspots", Permission.VIEW_HOTSPOTS, "hotspots_eliminated"),
    "activities": ("propaganda", Permission.VIEW_PROPAGANDA, "activities_this_year"),
    "villages": ("settings", None, "villages"),
}


class Tile(QFrame):
    """A big number with a caption; clicked by mouse, Enter or Space when `clickable`."""

    clicked = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value_label = QLabel(self)
        font = QFont(self.value_label.font())
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.value_label.setFont(font)
        self.caption_label = QLabel(self)
        self.caption_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption_label)
        layout.addStretch(1)
        self.setMinimumWidth(150)
        self.set_clickable(False)

    def set_clickable(self, on: bool) -> None:
        self.clickable = on
        self.setCursor(Qt.CursorShape.PointingHandCursor if on else Qt.CursorShape.ArrowCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if on else Qt.FocusPolicy.NoFocus)

    def set_text(self, value: str, caption: str, tooltip: str = "") -> None:
        self.value_label.setText(value)
        self.caption_label.setText(caption)
        self.setToolTip(tooltip)
        self.setAccessibleName(f"{caption}: {value}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 — Qt's name
        if self.clickable and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — Qt's name
        if self.clickable and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Space,
        ):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


@dataclass
class Bars:
    """One series of bars for `bar_chart`: label, values, colour."""

    label: str
    values: list[float]
    colour: str


def _chart_view(name: str, parent: QWidget) -> QChartView:
    view = QChartView(parent)
    view.setObjectName(name)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(CHART_HEIGHT)
    return view


def bar_chart(
    view: QChartView,
    title: str,
    categories: list[str],
    series_bars: list[Bars],
    *,
    horizontal: bool = False,
    stacked: bool = False,
    top: float | None = None,
    value_format: str = "%d",
    axis_title: str = "",
) -> list[QBarSet]:
    """Put a bar chart in `view` (the old chart is deleted); returns its bar sets, whose
    `clicked(index)` and `hovered(on, index)` the caller connects."""
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setVisible(len(series_bars) > 1)
    series: QAbstractBarSeries
    if horizontal:
        series = QHorizontalBarSeries()
    else:
        series = QStackedBarSeries() if stacked else QBarSeries()
    sets = []
    for spec in series_bars:
        bars = QBarSet(spec.label)
        bars.append(spec.values)
        bars.setColor(QColor(spec.colour))
        bars.setBorderColor(QColor(spec.colour))
        series.append(bars)
        sets.append(bars)
    chart.addSeries(series)
    axis_cat, axis_val = QBarCategoryAxis(), QValueAxis()
    axis_cat.append(categories)
    axis_cat.setTruncateLabels(False)
    axis_cat.setTitleText(axis_title)
    values = [spec.values for spec in series_bars]
    columns = list(zip(*values, strict=True))
    highest = max((sum(c) if stacked else max(c) for c in columns), default=0.0)
    axis_val.setRange(0, top if top is not None else max(highest, 1.0))
    axis_val.setLabelFormat(value_format)
    if top is None:
        axis_val.applyNiceNumbers()  # ticks on round numbers: 0, 20, 40 … not 0, 35, 70 …
    left, bottom = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom
    chart.addAxis(axis_cat, left if horizontal else bottom)
    chart.addAxis(axis_val, bottom if horizontal else left)
    series.attachAxis(axis_cat)
    series.attachAxis(axis_val)
    old = view.chart()
    view.setChart(chart)  # the view gives up the old chart without deleting it
    if old is not None:
        old.deleteLater()
    return sets


def _hover(bars: QBarSet, text: Callable[[int], str]) -> None:
    bars.hovered.connect(
        lambda on, i: QToolTip.showText(QCursor.pos(), text(i)) if on else QToolTip.hideText()
    )


class OverviewPage(Page):
    """`navigate(page, filter)`: a tile, bar or legend was clicked (see the module doc)."""

    navigate = Signal(str, dict)

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self._today = today
        self.data: Overview | None = None
        self._stale = True
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.tiles = {name: Tile(name, self) for name in TILES}
        for name, tile in self.tiles.items():
            tile.clicked.connect(
                lambda name=name: self.navigate.emit(TILES[name][0], self.tile_filter(name))
            )
        self.people_chart = _chart_view("peopleChart", self)
        self.hotspot_chart = _chart_view("hotspotChart", self)
        self.coverage_chart = _chart_view("coverageChart", self)
        tile_row = QHBoxLayout()
        for tile in self.tiles.values():
            tile_row.addWidget(tile, 1)
        self.grid = QGridLayout()
        self.grid.addWidget(self.people_chart, 0, 0, 1, 2)
        self.grid.addWidget(self.hotspot_chart, 1, 0)
        self.grid.addWidget(self.coverage_chart, 1, 1)
        self.due_panel = DuePanel(self)
        self.due_panel.open_people.connect(lambda flt: self.navigate.emit("people", flt))
        self.targets_panel = TargetsPanel(self)
        self.classification_panel = ClassificationPanel(self)
        self.classification_panel.enter_figures.connect(self.open_figures)
        self.grid.addWidget(self.due_panel, 2, 0)
        self.grid.addWidget(self.targets_panel, 2, 1)
        self.grid.addWidget(self.classification_panel, 3, 0, 1, 2)
        self.law: LawOverview | None = None
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.addWidget(self.message_label)
        column.addLayout(tile_row)
        column.addLayout(self.grid)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        ctx.bus.changed.connect(self._data_changed)
        self.retranslate_ui()

    @property
    def year(self) -> int:
        return (self._today or date.today()).year

    def title(self) -> str:
        return _("Overview")

    def retranslate_ui(self) -> None:
        self.refresh()  # labels, month names and chart titles all come with the figures

    def _data_changed(self, table: str) -> None:
        if table in WATCHED:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 — Qt's name
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        try:
            with self.ctx.db.reader() as s:
                self.data = overview(s, today=self._today)
        except DomainError as exc:
            self.data = None
            self.message_label.setText(exc.message)
        self.message_label.setVisible(self.data is None)
        self._stale = False
        self._show_tiles()
        self._show_people()
        self._show_hotspots()
        self._show_coverage()
        self._show_law()

    # --- tiles ------------------------------------------------------------------------------

    def _show_tiles(self) -> None:
        captions = {
            "people": _("people under management"),
            "active": _("active hotspots"),
            "eliminated": _("eliminated hotspots"),
            "activities": _("propaganda activities in {year}").format(year=self.year),
            "villages": _("villages and residential groups"),
        }
        for name, (_page, permission, attribute) in TILES.items():
            value = getattr(self.data, attribute) if self.data else None
            tile = self.tiles[name]
            tile.setVisible(value is not None)
            may_open = permission is None or self.ctx.can(permission)
            tile.set_clickable(may_open)
            hint = _("Click to open the list.") if may_open else ""
            tile.set_text(fmt_number(value), captions[name], hint)

    def tile_filter(self, name: str) -> dict[str, Any]:
        """The filter a tile opens its page with."""
        filters: dict[str, dict[str, Any]] = {
            "people": {"under_management": True},
            "active": {"status": "active"},
            "eliminated": {"status": "eliminated"},
            "activities": {"year": self.year},
            "villages": {"section": "villages"},
        }
        return filters[name]

    # --- charts -----------------------------------------------------------------------------

    def _show_people(self) -> None:
        people = self.data.people if self.data else None
        self.people_chart.setVisible(people is not None)
        if people is None:
            return
        # Files no longer under management would dwarf the rest; the tile's tooltip counts them.
        # Horizontal bars are drawn bottom-up: reversed, the largest is on top.
        rows = [p for p in reversed(people) if p.status != STATUS_NONE]
        (bars,) = bar_chart(
            self.people_chart,
            _("People under management, by status"),
            [p.label for p in rows],
            [Bars(_("People"), [float(p.count) for p in rows], PEOPLE_COLOUR)],
            horizontal=True,
        )
        bars.setLabelColor(QColor("#ffffff"))
        self.people_chart.chart().series()[0].setLabelsVisible(True)  # type: ignore[attr-defined]
        if self.ctx.can(Permission.VIEW_PEOPLE):
            bars.clicked.connect(lambda i: self.navigate.emit("people", {"status": rows[i].status}))
        _hover(bars, lambda i: f"{rows[i].label}: {fmt_number(rows[i].count)}")
        self.people_chart.setMinimumHeight(max(CHART_HEIGHT, 70 + 24 * len(rows)))

    def _show_hotspots(self) -> None:
        history = self.data.hotspot_history if self.data else None
        self.hotspot_chart.setVisible(bool(history))
        if not history:
            return
        months = [m.month.strftime("%m/%y") for m in history]
        sets = bar_chart(
            self.hotspot_chart,
            _("Hotspots at the end of each month"),
            months,
            [
                Bars(_("Active"), [float(m.active) for m in history], ACTIVE_COLOUR),
                Bars(_("Eliminated"), [float(m.eliminated) for m in history], ELIMINATED_COLOUR),
            ],
            stacked=True,
        )
        self.hotspot_chart.chart().axes(Qt.Orientation.Horizontal)[0].setLabelsAngle(-90)
        for bars, status in zip(sets, ("active", "eliminated"), strict=True):
            if self.ctx.can(Permission.VIEW_HOTSPOTS):
                bars.clicked.connect(
                    lambda _i, s=status: self.navigate.emit("hotspots", {"status": s})
                )
            _hover(bars, self._month_tip(bars, months))

    @staticmethod
    def _month_tip(bars: QBarSet, months: list[str]) -> Callable[[int], str]:
        return lambda i: f"{months[i]} — {bars.label()}: {fmt_number(bars.at(i))}"

    def _show_coverage(self) -> None:
        coverage = self.data.coverage if self.data else None
        self.coverage_chart.setVisible(coverage is not None)
        if coverage is None:
            return
        # Two stacked sets, one of them 0 in each month: full months and months that missed a
        # village get their own colour and a legend that says which is which.
        full = [m.share * 100 if m.share is not None and m.share >= 1 else 0.0 for m in coverage]
        short = [m.share * 100 if m.share is not None and m.share < 1 else 0.0 for m in coverage]
        sets = bar_chart(
            self.coverage_chart,
            _("Villages reached by propaganda, {year}").format(year=self.year),
            [str(m.month) for m in coverage],
            [
                Bars(_("Every village reached"), full, COVERAGE_COLOUR),
                Bars(_("Some villages missed"), short, GAP_COLOUR),
            ],
            stacked=True,
            top=100,
            value_format="%d%%",
            axis_title=_("Month"),
        )
        names = get_month_names("wide", locale=babel_locale(), context="format")
        for bars in sets:
            if self.ctx.can(Permission.VIEW_PROPAGANDA):
                bars.clicked.connect(
                    lambda i: self.navigate.emit(
                        "propaganda", {"year": self.year, "month": coverage[i].month}
                    )
                )
            _hover(bars, lambda i: coverage_tip(names[coverage[i].month], coverage[i]))

    # --- the law: due, targets, classification ----------------------------------------------

    def _show_law(self) -> None:
        self.law = None
        if self.data is not None:
            try:
                with self.ctx.db.reader() as s:
                    self.law = law_overview(s, today=self._today)
            except DomainError as exc:
                self.message_label.setText(exc.message)
                self.message_label.setVisible(True)
        law = self.law
        self.due_panel.show_due(
            law.due_summary if law else None,
            law.due if law else None,
            can_open=self.ctx.can(Permission.VIEW_PEOPLE),
        )
        if law is None:
            self.targets_panel.setVisible(False)
            self.classification_panel.setVisible(False)
            return
        self.targets_panel.show_targets(law.period, law.targets)
        self.classification_panel.show_classification(law.classification, law.rule_set)
        self.classification_panel.figures_button.setVisible(self.ctx.can(Permission.EDIT_PEOPLE))

    def open_figures(self, period_code: str) -> None:
        """Enter the period figures the classification is missing, then show it again."""
        from xasach.ui.overview.figures_dialog import FiguresDialog

        dialog = FiguresDialog(self.ctx, Period.parse(period_code), self)
        if dialog.exec() == FiguresDialog.DialogCode.Accepted:
            self.refresh()


def coverage_tip(month_name: str, m: CoverageMonth) -> str:
    if not m.due:
        return _("{month}: not due yet").format(month=month_name)
    return _("{month}: {covered} of {villages} villages reached, {n} activities").format(
        month=month_name, covered=m.covered, villages=m.villages, n=m.activities
    )
