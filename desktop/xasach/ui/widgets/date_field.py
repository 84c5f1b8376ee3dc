"""A date typed as dd/mm/yyyy, checked as the officer types; optionally a year alone.

QDateEdit cannot be empty and cannot hold "year only", which a birth often is; a line edit with
the domain's parser can, and shows the problem next to the field.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from xasach.domain.dates import parse_birth, parse_date
from xasach.domain.errors import DomainError
from xasach.i18n import _

INVALID_STYLE = "QLineEdit { border: 1px solid #c62828; background: #fff5f5; }"


class DateField(QLineEdit):
    """`value()` → date | None; with `year_only_allowed`, `birth()` → (date, year)."""

    validity_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, year_only_allowed: bool = False) -> None:
        super().__init__(parent)
        self.year_only_allowed = year_only_allowed
        self.setPlaceholderText(
            _("dd/mm/yyyy") if not year_only_allowed else _("dd/mm/yyyy or yyyy")
        )
        self.setMaxLength(10)
        self.error: str | None = None
        self.textChanged.connect(self._check)

    def set_value(self, value: date | None, year: int | None = None) -> None:
        if value is not None:
            self.setText(value.strftime("%d/%m/%Y"))
        elif year is not None and self.year_only_allowed:
            self.setText(str(year))
        else:
            self.clear()

    def value(self) -> date | None:
        """The date typed (None when empty); raises DomainError when it is not a date."""
        if self.year_only_allowed:
            return self.birth()[0]
        return parse_date(self.text())

    def birth(self) -> tuple[date | None, int | None]:
        return parse_birth(self.text()) if self.year_only_allowed else (self.value(), None)

    def _check(self) -> None:
        try:
            self.birth() if self.year_only_allowed else parse_date(self.text())
            self.error = None
        except DomainError as exc:
            self.error = exc.message
        self.setStyleSheet(INVALID_STYLE if self.error else "")
        self.setToolTip(self.error or "")
        self.validity_changed.emit(self.error is None)
