"""Exporting a register's list, as filtered on screen, to `.xlsx` or `.csv`.

The rows are those the list shows, in its order (the same filter objects and queries as the
screens), with every field of the record — so a file exported here imports back with nothing
lost. Headers and coded values are fixed Vietnamese words (`tabular.fields`, `tabular.values`):
the file is an office document whatever the language of the screen. Full ID numbers only for a
role that may see them; each export is one audit entry. Files are written atomically.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from xasach.domain.episodes import status_label
from xasach.domain.errors import DomainError
from xasach.domain.personal_id import mask_id
from xasach.domain.roles import Permission
from xasach.i18n import _
from xasach.services.common import acting
from xasach.services.hotspot_queries import HotspotLine, HotspotQuery, list_hotspots
from xasach.services.people_list import PeopleFilter, PeopleSort, people_page
from xasach.services.propaganda_queries import ActivityLine, ActivityQuery, list_activities
from xasach.store import audit
from xasach.store.atomic import write_atomic
from xasach.store.database import Database
from xasach.store.models import Activity, Hotspot, Person
from xasach.store.reference import get_setting
from xasach.tabular.cells import Cell
from xasach.tabular.fields import Register, field_of
from xasach.tabular.values import (
    VI_AUDIENCE,
    VI_CATEGORY,
    VI_FORM,
    VI_HOTSPOT_KIND,
    VI_HOTSPOT_STATUS,
    VI_SEX,
)
from xasach.tabular.writing import Column, ColumnType, Sheet, csv_bytes, xlsx_bytes

ProgressFn = Callable[[int, int], None]
BATCH = 500
FORMATS = (".xlsx", ".csv")

#: Titles of the exported lists (fixed Vietnamese, like the headers).
TITLES = {
    Register.PEOPLE: "Danh sách người sử dụng trái phép chất ma túy, người nghiện ma túy",
    Register.HOTSPOTS: "Danh sách điểm, tụ điểm phức tạp về ma túy",
    Register.ACTIVITIES: "Danh sách hoạt động tuyên truyền phòng, chống ma túy",
}
ROW_NUMBER = Column("STT", ColumnType.NUMBER)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


def _col(register: Register, key: str, kind: ColumnType = ColumnType.TEXT) -> Column:
    return Column(field_of(register, key).header, kind)


def _fmt(value: Any) -> Cell:
    return value if value not in (None, "") else None


# --- people ----------------------------------------------------------------------------------

P = Register.PEOPLE
PEOPLE_COLUMNS = (
    ROW_NUMBER,
    _col(P, "full_name"),
    _col(P, "other_names"),
    _col(P, "birth", ColumnType.DATE),
    _col(P, "sex"),
    _col(P, "id_number"),
    _col(P, "legacy_id_number"),
    _col(P, "village"),
    _col(P, "address_text"),
    _col(P, "occupation"),
    _col(P, "category"),
    _col(P, "drug_types"),
    _col(P, "use_method"),
    _col(P, "using_since_year", ColumnType.NUMBER),
    _col(P, "family_situation"),
    _col(P, "criminal_record"),
    _col(P, "administrative_record"),
    Column("Tình trạng hiện tại"),
    _col(P, "notes"),
)


def _people_rows(
    session: Session, flt: PeopleFilter, today: date, full_ids: bool
) -> list[list[Cell]]:
    ids: list[str] = []
    after = None
    while True:
        page = people_page(session, flt, PeopleSort.NAME, limit=BATCH, after=after, today=today)
        ids.extend(r.id for r in page)
        if len(page) < BATCH:
            break
        after = page[-1].key
    rows: list[list[Cell]] = []
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        found = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(chunk)))}
        for pid in chunk:
            p = found[pid]
            id_number = p.id_number if full_ids else mask_id(p.id_number or "")
            rows.append(
                [
                    len(rows) + 1,
                    p.full_name,
                    _fmt(p.other_names),
                    p.birth_date or p.birth_year,
                    VI_SEX.get(p.sex or ""),
                    _fmt(id_number),
                    _fmt(p.legacy_id_number if full_ids else mask_id(p.legacy_id_number or "")),
                    p.village.name if p.village else None,
                    _fmt(p.address_text),
                    _fmt(p.occupation),
                    VI_CATEGORY.get(p.category, p.category),
                    _fmt(p.drug_types),
                    _fmt(p.use_method),
                    p.using_since_year,
                    _fmt(p.family_situation),
                    _fmt(p.criminal_record),
                    _fmt(p.administrative_record),
                    status_label(p.status),
                    _fmt(p.notes),
                ]
            )
    return rows


# --- hotspots --------------------------------------------------------------------------------

H = Register.HOTSPOTS
HOTSPOT_COLUMNS = (
    ROW_NUMBER,
    _col(H, "name"),
    _col(H, "kind"),
    _col(H, "village"),
    _col(H, "address_text"),
    _col(H, "discovered_date", ColumnType.DATE),
    _col(H, "status"),
    _col(H, "status_date", ColumnType.DATE),
    Column("Số người liên quan", ColumnType.NUMBER),
    _col(H, "latitude"),
    _col(H, "longitude"),
    _col(H, "description"),
)


def _hotspot_rows(session: Session, query: HotspotQuery) -> list[list[Cell]]:
    lines: list[HotspotLine] = _all_pages(
        lambda offset: list_hotspots(session, query, limit=BATCH, offset=offset)
    )
    rows: list[list[Cell]] = []
    for line, h in _with_records(session, Hotspot, lines):
        rows.append(
            [
                len(rows) + 1,
                h.name,
                VI_HOTSPOT_KIND.get(h.kind, h.kind),
                _fmt(line.village),
                _fmt(h.address_text),
                h.discovered_date,
                VI_HOTSPOT_STATUS.get(h.status, h.status),
                h.status_date if h.status != "active" else None,
                line.people,
                h.latitude,
                h.longitude,
                _fmt(h.description),
            ]
        )
    return rows


class _Line(Protocol):
    @property
    def id(self) -> str: ...


L = TypeVar("L", bound=_Line)


def _all_pages(fetch: Callable[[int], list[L]]) -> list[L]:
    """Every line of a list service that pages by offset (the list's own filter and order)."""
    lines: list[L] = []
    while True:
        page = fetch(len(lines))
        lines.extend(page)
        if len(page) < BATCH:
            return lines


def _with_records(session: Session, model: Any, lines: list[L]) -> Iterator[tuple[L, Any]]:
    """Each list line with its full record, loaded BATCH ids at a time."""
    for start in range(0, len(lines), BATCH):
        chunk = lines[start : start + BATCH]
        ids = [line.id for line in chunk]
        found = {r.id: r for r in session.scalars(select(model).where(model.id.in_(ids)))}
        for line in chunk:
            yield line, found[line.id]


# --- propaganda activities -------------------------------------------------------------------

A = Register.ACTIVITIES
ACTIVITY_COLUMNS = (
    ROW_NUMBER,
    _col(A, "activity_date", ColumnType.DATE),
    _col(A, "form"),
    _col(A, "topic"),
    _col(A, "villages"),
    _col(A, "organiser"),
    _col(A, "partners"),
    _col(A, "audience"),
    _col(A, "participants", ColumnType.NUMBER),
    _col(A, "materials", ColumnType.NUMBER),
    _col(A, "cost_vnd", ColumnType.NUMBER),
    _col(A, "notes"),
)


def _activity_rows(session: Session, query: ActivityQuery) -> list[list[Cell]]:
    lines: list[ActivityLine] = _all_pages(
        lambda offset: list_activities(session, query, limit=BATCH, offset=offset)
    )
    rows: list[list[Cell]] = []
    for line, a in _with_records(session, Activity, lines):
        rows.append(
            [
                len(rows) + 1,
                a.activity_date,
                VI_FORM.get(a.form, a.form),
                a.topic,
                ", ".join(line.villages),
                _fmt(a.organiser),
                _fmt(a.partners),
                VI_AUDIENCE.get(a.audience, a.audience),
                a.participants,
                a.materials,
                a.cost_vnd,
                _fmt(a.notes),
            ]
        )
    return rows


# --- the service -----------------------------------------------------------------------------

ListFilter = PeopleFilter | HotspotQuery | ActivityQuery
_DEFAULT_FILTER: dict[Register, Callable[[], ListFilter]] = {
    Register.PEOPLE: PeopleFilter,
    Register.HOTSPOTS: HotspotQuery,
    Register.ACTIVITIES: ActivityQuery,
}


def export_format(path: Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise DomainError(
            _("Choose a file name ending in .xlsx (Excel) or .csv, not “{name}”.").format(
                name=Path(path).name
            )
        )
    return suffix


def export_list(
    db: Database,
    register: Register | str,
    path: Path | str,
    flt: ListFilter | None = None,
    *,
    today: date | None = None,
    filtered: str = "",
) -> ExportResult:
    """Write the list (`flt`: the screen's filter; None: everything) to `path`; `filtered`
    says in words how it was filtered, for the file's second line."""
    register = Register(register)
    path = Path(path)
    suffix = export_format(path)
    today = today or date.today()
    flt = flt if flt is not None else _DEFAULT_FILTER[register]()
    with db.session() as session:
        actor = acting(session, Permission.EXPORT)
        full_ids = actor.can(Permission.REVEAL_ID)
        columns: Sequence[Column]
        if register == Register.PEOPLE:
            assert isinstance(flt, PeopleFilter)
            columns, rows = PEOPLE_COLUMNS, _people_rows(session, flt, today, full_ids)
        elif register == Register.HOTSPOTS:
            assert isinstance(flt, HotspotQuery)
            columns, rows = HOTSPOT_COLUMNS, _hotspot_rows(session, flt)
        else:
            assert isinstance(flt, ActivityQuery)
            columns, rows = ACTIVITY_COLUMNS, _activity_rows(session, flt)
        unit = get_setting(session, "unit.name") or get_setting(session, "unit.code") or ""
        subtitle = f"{unit} — ngày xuất {today.strftime('%d/%m/%Y')}"
        if filtered:
            subtitle += f" — {filtered}"
        elif flt != _DEFAULT_FILTER[register]():
            subtitle += " — danh sách đã lọc"
        if suffix == ".xlsx":
            data = xlsx_bytes(Sheet(TITLES[register], subtitle, columns, rows))
        else:
            data = csv_bytes(columns, rows)
        audit.append(
            session,
            actor.username,
            "export",
            {Register.PEOPLE: "person", Register.HOTSPOTS: "hotspot"}.get(register, "activity"),
            "",
            {"file": path.name, "rows": len(rows), "ids": "full" if full_ids else "masked"},
        )
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise DomainError(
                _(
                    "Cannot write {name}: {reason}. Choose another folder or close the file in "
                    "Excel."
                ).format(name=path.name, reason=exc.strerror or exc)
            ) from exc
    return ExportResult(path, len(rows))
