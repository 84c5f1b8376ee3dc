"""What every printout needs from the store: who issues it (the unit's names and place), who
printed it, the confidentiality mark, and its number from the per-year register (sổ đăng ký
văn bản, NĐ 30/2020: numbers start at 01 each year, per issuing body).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.domain.roles import Actor
from xasach.domain.units import PROVINCE
from xasach.i18n import _
from xasach.printing.model import Issue
from xasach.printing.words import document_number
from xasach.services.setup import MODE_UPPER
from xasach.store.models import AppUser, DocumentNumber, utcnow
from xasach.store.reference import find_unit, get_setting

#: Setting holding the default confidentiality mark (độ mật) printed on every form, if any.
CONFIDENTIAL_SETTING = "print.confidential"
CONFIDENTIAL_MARKS = ("MẬT", "TỐI MẬT", "TUYỆT MẬT")
_PROVINCE_PREFIXES = ("Thành phố ", "Tỉnh ")


def is_upper(session: Session) -> bool:
    return get_setting(session, "mode") == MODE_UPPER


def place_name(session: Session, unit_code: str, fallback: str) -> str:
    """Địa danh: the commune's official name; a province's name without "Tỉnh"/"Thành phố"
    (NĐ 30/2020: "Hà Nội, ngày …")."""
    unit = find_unit(session, unit_code) if unit_code else None
    if unit is None:
        return fallback
    if unit.level == PROVINCE:
        for prefix in _PROVINCE_PREFIXES:
            if unit.name.startswith(prefix):
                return unit.name.removeprefix(prefix)
    return unit.name


def check_mark(mark: str | None) -> str | None:
    if not mark:
        return None
    chosen = mark.strip().upper()
    if chosen not in CONFIDENTIAL_MARKS:
        raise DomainError(
            _("Unknown confidentiality mark “{mark}”. Use one of: {marks}.").format(
                mark=mark, marks=", ".join(CONFIDENTIAL_MARKS)
            )
        )
    return chosen


def make_issue(
    session: Session,
    actor: Actor,
    day: date,
    *,
    number: str | None = None,
    confidential: str | None = None,
) -> Issue:
    code = get_setting(session, "unit.code") or ""
    name = get_setting(session, "unit.name") or code
    user = session.get(AppUser, actor.username)
    mark = confidential if confidential is not None else get_setting(session, CONFIDENTIAL_SETTING)
    return Issue(
        unit_name=name,
        province_name=get_setting(session, "unit.parent_name") or "",
        place=place_name(session, code, name),
        day=day,
        upper_level=is_upper(session),
        number=number,
        confidential=check_mark(mark),
        prepared_by=(user.full_name if user and user.full_name else actor.username),
    )


@dataclass(frozen=True)
class Numbered:
    """A number from the register: the text printed ("05/QĐ-UBND") and the day it was given."""

    text: str
    issued: date
    new: bool


def allocate_number(
    session: Session,
    actor: Actor,
    *,
    form: str,
    series: str,
    symbol: str,
    subject: str,
    ref_key: str,
    day: date,
    person_id: str | None = None,
) -> Numbered:
    """The document's number: the one it already has (a reprint of the same decision or report
    keeps its number), or the next of the year in its issuing body's series."""
    found = session.scalars(
        select(DocumentNumber)
        .where(DocumentNumber.form == form, DocumentNumber.ref_key == ref_key)
        .order_by(DocumentNumber.id.desc())
        .limit(1)
    ).first()
    if found is not None:
        return Numbered(document_number(found.number, found.symbol), _local(found.issued_at), False)
    last = session.scalar(
        select(func.max(DocumentNumber.number)).where(
            DocumentNumber.year == day.year, DocumentNumber.series == series
        )
    )
    entry = DocumentNumber(
        year=day.year,
        series=series,
        number=(last or 0) + 1,
        form=form,
        symbol=symbol,
        subject=subject[:300],
        ref_key=ref_key,
        person_id=person_id,
        issued_at=utcnow(),
        issued_by=actor.username,
    )
    session.add(entry)
    session.flush()
    return Numbered(document_number(entry.number, symbol), day, True)


def _local(moment: datetime) -> date:
    return moment.astimezone().date()
