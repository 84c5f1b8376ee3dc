"""One mechanism for what every write must do, whoever writes: stamp times and versions,
refresh derived caches (a person's status and search text, a hotspot's status).

The change log itself is written by triggers (migration 0001) from the version this hook
sets, so a change is logged in the same transaction as the write.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine, event, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from xasach.domain.episodes import EpisodeSpan, EpisodeType, derive_status
from xasach.domain.hotspots import HotspotStatus, current_status
from xasach.domain.text import exact_lower, fold
from xasach.store import audit
from xasach.store.models import Episode, Hotspot, HotspotEvent, Person, Synced, new_id, utcnow

#: session.info keys: who is acting (domain.roles.Actor) and whether row changes are audited
#: one by one (bulk imports audit one summary entry instead).
ACTOR = "actor"
AUDIT_ROWS = "audit_rows"


class StoreSession(Session):
    """The store's session class; the flush hook is attached to it alone."""


def make_session_factory(engine: Engine) -> sessionmaker[StoreSession]:
    return sessionmaker(bind=engine, class_=StoreSession, expire_on_commit=False)


def person_search_text(person: Any) -> tuple[str, str]:
    """(folded, exact) search text of a person: names, ID numbers and address."""
    return search_text(
        person.full_name,
        person.other_names,
        person.id_number,
        person.legacy_id_number,
        person.address_text,
    )


def search_text(
    full_name: str | None,
    other_names: str | None,
    id_number: str | None,
    legacy_id_number: str | None,
    address_text: str | None,
) -> tuple[str, str]:
    """(folded, exact) search text from the fields themselves (the bundle merge has dicts)."""
    parts = (full_name, other_names, id_number, legacy_id_number, address_text)
    joined = " ".join(p for p in parts if p)
    exact_parts = (full_name, other_names, address_text)
    return fold(joined), exact_lower(" ".join(p for p in exact_parts if p))


def _has_synced_change(obj: Synced) -> bool:
    state = inspect(obj)
    local = type(obj).__local_columns__
    for attr in state.mapper.column_attrs:
        if attr.key in local or attr.key in {"version", "updated_at", "created_at"}:
            continue
        if state.attrs[attr.key].history.has_changes():
            return True
    return False


def _stamp(session: Session) -> list[tuple[str, Synced]]:
    """Stamp new and changed synced rows; return what changed, for the audit trail."""
    now = utcnow()
    changes: list[tuple[str, Synced]] = []
    for obj in session.new:
        if isinstance(obj, Synced):
            if not obj.unit_code:
                raise ValueError(f"{type(obj).__name__} without an owning unit code")
            obj.id = obj.id or new_id()
            obj.created_at = obj.created_at or now
            obj.updated_at = obj.updated_at or now
            obj.version = obj.version or 1
            changes.append(("create", obj))
    for obj in session.dirty:
        if isinstance(obj, Synced) and _has_synced_change(obj):
            deleting = inspect(obj).attrs.deleted_at.history.added not in ((), [None])
            obj.version = (obj.version or 0) + 1
            obj.updated_at = now
            changes.append(("delete" if deleting and obj.deleted_at else "update", obj))
    for obj in session.deleted:
        if isinstance(obj, Synced):
            changes.append(("purge", obj))
    return changes


def _audit_changes(session: Session, changes: list[tuple[str, Synced]]) -> None:
    actor = session.info.get(ACTOR)
    if actor is None or not session.info.get(AUDIT_ROWS, True):
        return
    for action, obj in changes:
        audit.append(session, actor.username, action, type(obj).__tablename__, obj.id)  # type: ignore[attr-defined]


def _refresh_person_status(session: Session, today: date) -> None:
    touched = [
        o for o in (*session.new, *session.dirty, *session.deleted) if isinstance(o, Episode)
    ]
    person_ids = {e.person_id or (e.person.id if e.person else None) for e in touched}
    person_ids.discard(None)
    for person_id in person_ids:
        person = session.get(Person, person_id)
        if person is None:
            continue
        stored = session.scalars(select(Episode).where(Episode.person_id == person_id)).all()
        episodes = {id(e): e for e in stored}
        for e in touched:
            if e.person_id == person_id or (e.person is not None and e.person is person):
                episodes[id(e)] = e
        spans = [
            EpisodeSpan(EpisodeType(e.kind), e.start_date, e.actual_end)
            for e in episodes.values()
            if e.deleted_at is None and e not in session.deleted
        ]
        status = derive_status(spans, today)
        if person.status != status:
            person.status = status


def _refresh_hotspot_status(session: Session) -> None:
    touched = [o for o in (*session.new, *session.dirty) if isinstance(o, HotspotEvent)]
    for hotspot_id in {e.hotspot_id or e.hotspot.id for e in touched}:
        hotspot = session.get(Hotspot, hotspot_id)
        if hotspot is None:
            continue
        stored = session.scalars(
            select(HotspotEvent).where(HotspotEvent.hotspot_id == hotspot_id)
        ).all()
        events = {id(e): e for e in stored}
        events.update({id(e): e for e in touched if e.hotspot_id == hotspot_id})
        live = [
            (e.event_date, HotspotStatus(e.status)) for e in events.values() if not e.deleted_at
        ]
        status, since = current_status(live, hotspot.discovered_date)
        if (hotspot.status, hotspot.status_date) != (status.value, since):
            hotspot.status, hotspot.status_date = status.value, since


def _refresh_search_text(session: Session) -> None:
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Person):
            folded, exact = person_search_text(obj)
            if obj.search_folded != folded:
                obj.search_folded = folded
            if obj.search_exact != exact:
                obj.search_exact = exact


@event.listens_for(StoreSession, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    with session.no_autoflush:
        _refresh_person_status(session, date.today())
        _refresh_hotspot_status(session)
        _refresh_search_text(session)
        _audit_changes(session, _stamp(session))
