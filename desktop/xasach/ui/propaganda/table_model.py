"""The activity list's model: `ActivityQuery` filters, SQL paging through the services."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from xasach.i18n import N_
from xasach.services.propaganda_queries import (
    ActivityLine,
    ActivityQuery,
    ActivitySort,
    count_activities,
    list_activities,
)
from xasach.store.database import Database
from xasach.ui.formatting import fmt_date, fmt_number
from xasach.ui.registers.paged_model import PAGE_SIZE, Column, PagedTableModel


class ActivityTableModel(PagedTableModel):
    DATE, FORM, TOPIC, VILLAGES, ORGANISER, PARTICIPANTS, COST = range(7)
    COLUMNS = (
        Column(N_("Date"), ActivitySort.DATE, lambda a: fmt_date(a.activity_date)),
        Column(N_("Form"), ActivitySort.FORM, lambda a: a.form_label),
        Column(N_("Topic"), ActivitySort.TOPIC, lambda a: a.topic),
        Column(N_("Villages"), None, lambda a: ", ".join(a.villages)),
        Column(N_("Organiser"), ActivitySort.ORGANISER, lambda a: a.organiser),
        Column(
            N_("Participants"),
            ActivitySort.PARTICIPANTS,
            lambda a: fmt_number(a.participants),
            number=True,
        ),
        Column(N_("Cost (VND)"), ActivitySort.COST, lambda a: fmt_number(a.cost_vnd), number=True),
    )

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(db, parent, page_size=page_size)
        self.query = ActivityQuery()

    def set_query(self, query: ActivityQuery) -> None:
        """New filters (the sort is kept from the header)."""
        self.query = replace(query, sort=self.query.sort, descending=self.query.descending)
        self.reload()

    def set_sort(self, key: str, descending: bool) -> None:
        self.query = replace(self.query, sort=ActivitySort(key), descending=descending)

    def fetch(self, session: Session, limit: int, offset: int) -> list[ActivityLine]:
        return list_activities(session, self.query, limit=limit, offset=offset)

    def count(self, session: Session) -> int:
        return count_activities(session, self.query)

    def decorate(self, line: ActivityLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.TOPIC, self.VILLAGES):
            return "\n".join((line.topic, ", ".join(line.villages), line.audience_label))
        return None

    def sort_column(self) -> int:
        return next(i for i, c in enumerate(self.COLUMNS) if c.sort == self.query.sort)
