"""Counts per register and per status (`xasach stats`, the Overview)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from xasach.domain.episodes import status_label
from xasach.domain.hotspots import hotspot_status_label
from xasach.domain.roles import Permission, require
from xasach.store.models import Activity, ChangeLogEntry, Episode, Hotspot, Person, Village
from xasach.store.reference import get_setting
from xasach.store.session import ACTOR

#: The last change-log sequence the upper level acknowledged (set by receipts, step 4).
ACKED_SEQ_SETTING = "sync.acked_seq"


def register_stats(session: Session, *, today: date | None = None) -> dict[str, Any]:
    require(session.info.get(ACTOR), Permission.VIEW_REPORTS)
    today = today or date.today()

    def live(model: Any) -> Any:
        return model.deleted_at.is_(None)

    persons_by_status = dict(
        session.execute(
            select(Person.status, func.count()).where(live(Person)).group_by(Person.status)
        ).all()
    )
    hotspots_by_status = dict(
        session.execute(
            select(Hotspot.status, func.count()).where(live(Hotspot)).group_by(Hotspot.status)
        ).all()
    )
    activities_total = session.scalar(select(func.count()).where(live(Activity))) or 0
    activities_year = (
        session.scalar(
            select(func.count()).where(
                live(Activity), extract("year", Activity.activity_date) == today.year
            )
        )
        or 0
    )
    return {
        "villages": session.scalar(select(func.count()).where(live(Village))) or 0,
        "persons": {
            "total": sum(persons_by_status.values()),
            "by_status": {
                k: {"count": v, "label": status_label(k)}
                for k, v in sorted(persons_by_status.items())
            },
        },
        "episodes": session.scalar(select(func.count()).where(live(Episode))) or 0,
        "hotspots": {
            "total": sum(hotspots_by_status.values()),
            "by_status": {
                k: {"count": v, "label": hotspot_status_label(k)}
                for k, v in sorted(hotspots_by_status.items())
            },
        },
        "activities": {"total": activities_total, "this_year": activities_year},
    }


def unsent_changes(session: Session) -> int:
    """Changes not yet acknowledged by the upper level (the status bar's "not yet sent")."""
    acked = int(get_setting(session, ACKED_SEQ_SETTING) or 0)
    return session.scalar(select(func.count()).where(ChangeLogEntry.seq > acked)) or 0
