"""The hub lists' models: the registers of every commune, paged from SQL through the hub's
services (`services.hub_lists`), with the commune as the first column."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from xasach.domain.episodes import STATUS_NONE
from xasach.i18n import N_
from xasach.services.hub_lists import (
    HubActivityLine,
    HubHotspotLine,
    HubPersonLine,
    HubQuery,
    count_hub_activities,
    count_hub_hotspots,
    count_hub_people,
    hub_activities,
    hub_hotspots,
    hub_people,
)
from xasach.store.database import Database
from xasach.ui.formatting import fmt_date, fmt_number
from xasach.ui.hotspots.table_model import STATUS_COLOURS
from xasach.ui.people.table_model import SETTLED
from xasach.ui.registers.paged_model import PAGE_SIZE, Column, PagedTableModel


class HubModel(PagedTableModel):
    """`set_query(query)` re-reads from the first page. The order is fixed by the service."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(db, parent, page_size=page_size)
        self.query = HubQuery()

    def set_query(self, query: HubQuery) -> None:
        self.query = query
        self.reload()

    def set_sort(self, key: str, descending: bool) -> None:
        """Not sortable by the header: every column's sort is None."""


class HubPeopleModel(HubModel):
    COMMUNE, NAME, BIRTH, SEX, ID_NUMBER, VILLAGE, STATUS = range(7)
    COLUMNS = (
        Column(N_("Commune"), None, lambda p: p.commune),
        Column(N_("Full name"), None, lambda p: p.full_name),
        Column(N_("Born"), None, lambda p: p.birth),
        Column(N_("Sex"), None, lambda p: p.sex_label),
        Column(N_("ID number"), None, lambda p: p.id_masked),
        Column(N_("Village"), None, lambda p: p.village),
        Column(N_("Status"), None, lambda p: p.status_label),
    )

    def fetch(self, session: Session, limit: int, offset: int) -> list[HubPersonLine]:
        # The next page starts after the last line's key: page 1,000 costs what page 1 costs.
        last = self.lines[-1] if offset and self.lines else None
        if last is not None and last.key is not None:
            return hub_people(session, self.query, limit=limit, after=last.key)
        return hub_people(session, self.query, limit=limit, offset=offset)

    def count(self, session: Session) -> int:
        return count_hub_people(session, self.query)

    def decorate(self, line: HubPersonLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and line.status == STATUS_NONE:
            return SETTLED
        return None


class HubHotspotsModel(HubModel):
    COMMUNE, NAME, KIND, VILLAGE, STATUS, SINCE, DISCOVERED = range(7)
    COLUMNS = (
        Column(N_("Commune"), None, lambda h: h.commune),
        Column(N_("Name"), None, lambda h: h.name),
        Column(N_("Kind"), None, lambda h: h.kind_label),
        Column(N_("Village"), None, lambda h: h.village),
        Column(N_("Status"), None, lambda h: h.status_label),
        Column(N_("Since"), None, lambda h: fmt_date(h.status_date)),
        Column(N_("Discovered"), None, lambda h: fmt_date(h.discovered_date)),
    )

    def fetch(self, session: Session, limit: int, offset: int) -> list[HubHotspotLine]:
        return hub_hotspots(session, self.query, limit=limit, offset=offset)

    def count(self, session: Session) -> int:
        return count_hub_hotspots(session, self.query)

    def decorate(self, line: HubHotspotLine, column: int, role: int) -> Any:
        if column == self.STATUS and role == Qt.ItemDataRole.ForegroundRole:
            return STATUS_COLOURS.get(line.status)  # type: ignore[call-overload]
        if column == self.NAME and role == Qt.ItemDataRole.ToolTipRole:
            return line.address or None
        return None


class HubActivitiesModel(HubModel):
    COMMUNE, DATE, FORM, TOPIC, VILLAGES, ORGANISER, PARTICIPANTS = range(7)
    COLUMNS = (
        Column(N_("Commune"), None, lambda a: a.commune),
        Column(N_("Date"), None, lambda a: fmt_date(a.activity_date)),
        Column(N_("Form"), None, lambda a: a.form_label),
        Column(N_("Topic"), None, lambda a: a.topic),
        Column(N_("Villages"), None, lambda a: ", ".join(a.villages)),
        Column(N_("Organiser"), None, lambda a: a.organiser),
        Column(N_("Participants"), None, lambda a: fmt_number(a.participants), number=True),
    )

    def fetch(self, session: Session, limit: int, offset: int) -> list[HubActivityLine]:
        return hub_activities(session, self.query, limit=limit, offset=offset)

    def count(self, session: Session) -> int:
        return count_hub_activities(session, self.query)
