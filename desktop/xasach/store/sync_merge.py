"""The merge of a commune's validated records at the upper level (SECURITY.md "Merge").

Each row keeps the state with the highest (version, updated_at, content hash): a deterministic
rule, so bundles applied in any order, any number of times, give one result. Rows are written
with plain SQL (the ORM flush hook would re-stamp versions); the derived caches (search text,
a person's status, a hotspot's status) are computed here instead.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from xasach.domain.episodes import EpisodeSpan, EpisodeType, derive_status
from xasach.domain.hotspots import HotspotStatus, current_status
from xasach.i18n import _
from xasach.store.session import search_text
from xasach.store.sync_records import (
    CHUNK,
    SPECS,
    TABLES,
    TableSpec,
    withheld_by_table,
)
from xasach.sync.errors import SyncFileError


@dataclass
class MergeResult:
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> str:
        return json.dumps(
            {"inserted": self.inserted, "updated": self.updated, "kept": self.kept},
            sort_keys=True,
        )

    @property
    def changed(self) -> int:
        return sum(self.inserted.values()) + sum(self.updated.values())


def content_hash(table: str, row: dict[str, Any], skip: set[str]) -> str:
    spec = SPECS[table]
    body = {k: row.get(k) for k in spec.columns if k not in skip}
    return hashlib.sha256(
        json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()


def _wins(table: str, incoming: dict[str, Any], existing: dict[str, Any], skip: set[str]) -> bool:
    new = (incoming["version"], incoming["updated_at"])
    old = (existing["version"], existing["updated_at"])
    if new != old:
        return new > old
    return content_hash(table, incoming, skip) > content_hash(table, existing, skip)


def _foreign_row(sender: str, table: str, other: str) -> SyncFileError:
    return SyncFileError(
        _(
            "The bundle from unit {sender} would overwrite a record ({table}) that belongs to "
            "unit {other}. The bundle was refused; nothing was imported."
        ).format(sender=sender, table=table, other=other)
    )


def merge(
    session: Session,
    sender: str,
    checked: list[tuple[str, dict[str, Any]]],
    withheld: Iterable[tuple[str, str]] = (),
    *,
    today: date | None = None,
    search_texts: dict[str, tuple[str, str]] | None = None,
) -> MergeResult:
    """Apply validated records of `sender` inside the caller's transaction.

    Decide every row first, derive the people's statuses from the episodes that will be
    there, then write each row once (a second UPDATE per person for its status would cost
    as much again at 200,000 people). `search_texts` (person id → folded, exact) may be
    computed beforehand, off this thread; missing ones are computed here."""
    conn = session.connection()
    skip = withheld_by_table(withheld)
    by_table: dict[str, list[dict[str, Any]]] = {}
    for table, row in checked:
        by_table.setdefault(table, []).append(row)
    result = MergeResult()
    decided: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
    for table in TABLES:
        rows = by_table.get(table)
        if not rows:
            continue
        inserts, updates, kept = _decide(conn, sender, table, rows, skip.get(table, set()))
        decided[table] = (inserts, updates)
        result.inserted[table] = len(inserts)
        result.updated[table] = len(updates)
        result.kept[table] = kept
    statuses = _people_statuses(conn, decided, today or date.today())
    for table, (inserts, updates) in decided.items():
        texts = search_texts or {}
        _write(conn, table, SPECS[table], inserts, updates, skip.get(table, set()), statuses, texts)
    people_in, people_up = decided.get("person", ([], []))
    written = {r["id"] for r in (*people_in, *people_up)}
    only_episodes = [(st, pid, st) for pid, st in statuses.items() if pid not in written]
    if only_episodes:  # people whose episodes changed but whose own row did not
        conn.exec_driver_sql(
            "UPDATE person SET status = ? WHERE id = ? AND status IS NOT ?", only_episodes
        )
    _check_references(conn, sender, by_table)
    touched_hotspots: set[str] = set()
    for table, key in (("hotspot", "id"), ("hotspot_event", "hotspot_id")):
        inserts, updates = decided.get(table, ([], []))
        touched_hotspots.update(r[key] for r in (*inserts, *updates))
    _refresh_hotspots(conn, touched_hotspots)
    return result


def _decide(
    conn: Any, sender: str, table: str, rows: list[dict[str, Any]], skip: set[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """(rows to insert, rows to update, rows kept as they are) by the merge rule."""
    latest: dict[str, dict[str, Any]] = {}
    for row in rows:  # a row twice in one bundle: the rule picks one
        seen = latest.get(row["id"])
        if seen is None or _wins(table, row, seen, skip):
            latest[row["id"]] = row
    existing = _existing(conn, table, list(SPECS[table].columns), list(latest))
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for row_id, row in latest.items():
        old = existing.get(row_id)
        if old is None:
            inserts.append(row)
        elif old["unit_code"] != sender:
            raise _foreign_row(sender, table, old["unit_code"])
        elif _wins(table, row, old, skip):
            updates.append(row)
    return inserts, updates, len(latest) - len(inserts) - len(updates)


def _people_statuses(
    conn: Any,
    decided: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]],
    today: date,
) -> dict[str, str]:
    """Status (tình trạng) of every person written or whose episodes change, from the
    episodes stored plus those this bundle writes."""
    people_in, people_up = decided.get("person", ([], []))
    episodes_in, episodes_up = decided.get("episode", ([], []))
    incoming = {e["id"]: e for e in (*episodes_in, *episodes_up)}
    person_ids = {p["id"] for p in (*people_in, *people_up)}
    person_ids.update(e["person_id"] for e in incoming.values())
    episodes: dict[str, list[tuple[str, str, str | None, str | None]]] = {
        pid: [] for pid in person_ids
    }
    # A person this bundle inserts has no stored episodes (the foreign key forbids them).
    stored_ids = sorted(person_ids - {p["id"] for p in people_in})
    for start in range(0, len(stored_ids), CHUNK):
        chunk = stored_ids[start : start + CHUNK]
        sql = (
            "SELECT id, person_id, kind, start_date, actual_end, deleted_at FROM episode "
            f"WHERE person_id IN ({', '.join('?' * len(chunk))})"
        )
        for eid, pid, kind, start_date, end, deleted in conn.exec_driver_sql(sql, tuple(chunk)):
            if eid not in incoming:
                episodes[pid].append((kind, start_date, end, deleted))
    for e in incoming.values():
        episodes[e["person_id"]].append(
            (e["kind"], e["start_date"], e.get("actual_end"), e.get("deleted_at"))
        )
    return {
        pid: derive_status(
            [
                EpisodeSpan(
                    EpisodeType(kind),
                    date.fromisoformat(start_date),
                    date.fromisoformat(end) if end else None,
                )
                for kind, start_date, end, deleted in spans
                if deleted is None
            ],
            today,
        )
        for pid, spans in episodes.items()
    }


def _existing(conn: Any, table: str, names: list[str], ids: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        sql = f"SELECT {', '.join(names)} FROM {table} WHERE id IN ({', '.join('?' * len(chunk))})"
        for row in conn.exec_driver_sql(sql, tuple(chunk)):
            values = dict(zip(names, row, strict=True))
            found[values["id"]] = values
    return found


def _write(
    conn: Any,
    table: str,
    spec: TableSpec,
    inserts: list[dict[str, Any]],
    updates: list[dict[str, Any]],
    skip: set[str],
    statuses: dict[str, str],
    texts: dict[str, tuple[str, str]],
) -> None:
    """Write each decided row once; a person with its search text and derived status."""
    person = table == "person"
    extra = ["search_folded", "search_exact", "status"] if person else []
    if inserts:
        local = [c for c in spec.local_defaults if c not in extra]
        names = [*spec.columns, *extra, *local]
        pairs = [(c, spec.columns[c].default) for c in spec.columns]
        tail = tuple(spec.local_defaults[c] for c in local)
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        conn.exec_driver_sql(
            sql, [_values(pairs, r, statuses if person else None, texts) + tail for r in inserts]
        )
    if updates:
        names = [c for c in spec.columns if c != "id" and c not in skip]
        pairs = [(c, spec.columns[c].default) for c in names]
        sets = ", ".join(f"{c} = ?" for c in [*names, *extra])
        sql = f"UPDATE {table} SET {sets} WHERE id = ?"
        conn.exec_driver_sql(
            sql,
            [(*_values(pairs, r, statuses if person else None, texts), r["id"]) for r in updates],
        )


def _values(
    pairs: list[tuple[str, Any]],
    row: dict[str, Any],
    statuses: dict[str, str] | None,
    texts: dict[str, tuple[str, str]],
) -> tuple[Any, ...]:
    values = [row.get(c, default) for c, default in pairs]
    if statuses is not None:  # a person: search text and status are derived here
        values.extend(texts.get(row["id"]) or person_row_search_text(row))
        values.append(statuses[row["id"]])
    return tuple(values)


def person_row_search_text(row: dict[str, Any]) -> tuple[str, str]:
    """(folded, exact) search text of a person record as a bundle carries it."""
    get = row.get
    return search_text(
        get("full_name"),
        get("other_names"),
        get("id_number"),
        get("legacy_id_number"),
        get("address_text"),
    )


def _check_references(conn: Any, sender: str, by_table: dict[str, list[dict[str, Any]]]) -> None:
    """A commune's rows may only point at rows of the same commune."""
    for table in by_table:
        for column in SPECS[table].columns.values():
            if column.references is None or column.references not in SPECS:
                continue
            sql = (
                f"SELECT r.unit_code FROM {table} t JOIN {column.references} r "
                f"ON t.{column.name} = r.id WHERE t.unit_code = ? AND r.unit_code != ? LIMIT 1"
            )
            other = conn.exec_driver_sql(sql, (sender, sender)).first()
            if other is not None:
                raise _foreign_row(sender, column.references, other[0])


def _refresh_hotspots(conn: Any, hotspot_ids: set[str]) -> None:
    for hotspot_id in sorted(hotspot_ids):
        found = conn.exec_driver_sql(
            "SELECT discovered_date FROM hotspot WHERE id = ?", (hotspot_id,)
        ).first()
        if found is None:
            continue
        events = [
            (date.fromisoformat(d), HotspotStatus(s))
            for d, s in conn.exec_driver_sql(
                "SELECT event_date, status FROM hotspot_event "
                "WHERE hotspot_id = ? AND deleted_at IS NULL",
                (hotspot_id,),
            )
        ]
        status, since = current_status(events, date.fromisoformat(found[0]))
        conn.exec_driver_sql(
            "UPDATE hotspot SET status = ?, status_date = ? WHERE id = ?",
            (status.value, since.isoformat() if since else None, hotspot_id),
        )
