"""Checking the rows of an imported list of people (hồ sơ quản lý): identity through the domain
rules, the village by name, and the person compared with the register and with the rows above.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.domain.person import EARLIEST_BIRTH_YEAR, Identity, validate_identity
from xasach.domain.text import fold
from xasach.i18n import _
from xasach.services.tabular_checks import Checked, RowStatus, birth_text, in_field
from xasach.services.tabular_villages import VillageIndex
from xasach.store.models import Person
from xasach.tabular.cells import (
    Cell,
    cell_text,
    id_digits,
    is_mark,
    parse_birth_cell,
    parse_sex_cell,
    parse_year_cell,
)
from xasach.tabular.fields import Register
from xasach.tabular.values import parse_category


@dataclass(frozen=True)
class _Known:
    """A person the register holds, or a row above in the file (`row` set)."""

    name: str
    folded: str
    birth_date: date | None
    birth_year: int | None
    id_number: str | None
    village_id: str | None
    row: int | None = None


class PeopleRows:
    register = Register.PEOPLE

    def __init__(self, session: Session, unit: str, villages: VillageIndex) -> None:
        self.villages = villages
        self.by_id: dict[str, _Known] = {}
        self.by_name: dict[tuple[str, int | None], list[_Known]] = {}
        rows = session.execute(
            select(
                Person.full_name,
                Person.birth_date,
                Person.birth_year,
                Person.id_number,
                Person.village_id,
            ).where(Person.unit_code == unit, Person.deleted_at.is_(None))
        )
        for name, birth_date, birth_year, id_number, village_id in rows:
            self._add(_Known(name, fold(name), birth_date, birth_year, id_number, village_id))

    def _add(self, known: _Known) -> None:
        if known.id_number:
            self.by_id.setdefault(known.id_number, known)
        self.by_name.setdefault((known.folded, known.birth_year), []).append(known)

    def _fields(self, v: dict[str, Cell], today: date) -> dict[str, Any]:
        sex = None
        birth: tuple[date | None, int | None] = (None, None)
        if cell_text(v.get("birth")):
            try:
                birth = parse_birth_cell(v.get("birth"))
            except DomainError as exc:
                raise in_field(_("Date of birth"), exc) from None
        if cell_text(v.get("sex")):
            sex = parse_sex_cell(v.get("sex"))
        for key, code in (("male", "M"), ("female", "F")):
            cell = v.get(key)
            if not cell_text(cell):
                continue
            if sex is not None and sex != code:
                raise DomainError(_("The row is marked both Nam and Nữ. Keep one."), "sex")
            sex = code
            if not is_mark(cell):
                try:
                    birth = parse_birth_cell(cell)
                except DomainError as exc:
                    raise in_field(_("Date of birth"), exc) from None
        id_number = id_digits(v.get("id_number")) or None
        legacy = id_digits(v.get("legacy_id_number")) or None
        if id_number and len(id_number) == 9 and not legacy:
            id_number, legacy = None, id_number  # a CMND/CCCD column holding an old CMND
        village = cell_text(v.get("village"))
        since = None
        if cell_text(v.get("using_since_year")):
            try:
                since = parse_year_cell(v.get("using_since_year"))
            except DomainError as exc:
                raise in_field(_("Using since (year)"), exc) from None
            if since is not None and not EARLIEST_BIRTH_YEAR <= since <= today.year:
                raise DomainError(
                    _("The year drug use began must be between {low} and {high} (got {y}).").format(
                        low=EARLIEST_BIRTH_YEAR, high=today.year, y=since
                    ),
                    "using_since_year",
                )
        return {
            "full_name": cell_text(v.get("full_name")),
            "birth_date": birth[0],
            "birth_year": birth[1],
            "sex": sex,
            "id_number": id_number,
            "legacy_id_number": legacy,
            "village_id": self.villages.find(village) if village else None,
            "category": parse_category(cell_text(v.get("category"))),
            "using_since_year": since,
            **{
                key: cell_text(v.get(key))
                for key in (
                    "other_names",
                    "address_text",
                    "occupation",
                    "drug_types",
                    "use_method",
                    "family_situation",
                    "criminal_record",
                    "administrative_record",
                    "notes",
                )
            },
        }

    def check(self, v: dict[str, Cell], row: int, today: date) -> Checked:
        if not cell_text(v.get("full_name")):
            return Checked(RowStatus.INVALID, _("The full name is empty."))
        try:
            fields = self._fields(v, today)
            identity = validate_identity(
                full_name=fields["full_name"],
                today=today,
                birth_date=fields["birth_date"],
                birth_year=fields["birth_year"],
                sex=fields["sex"],
                id_number=fields["id_number"],
                legacy_id_number=fields["legacy_id_number"],
            )
        except DomainError as exc:
            return Checked(RowStatus.INVALID, exc.message)
        fields.update(
            full_name=identity.full_name,
            birth_date=identity.birth_date,
            birth_year=identity.birth_year,
            id_number=identity.id_number,
        )
        known = _Known(
            identity.full_name,
            fold(identity.full_name),
            identity.birth_date,
            identity.birth_year,
            identity.id_number,
            fields["village_id"],
            row,
        )
        verdict = self._compare(known, identity)
        if verdict.status == RowStatus.NEW:
            self._add(known)
            return Checked(RowStatus.NEW, "", fields)
        return verdict

    def _compare(self, row: _Known, identity: Identity) -> Checked:
        same_id = self.by_id.get(identity.id_number) if identity.id_number else None
        if same_id is not None:
            return self._verdict(row, same_id, _("the same ID number"))
        for other in self.by_name.get((row.folded, row.birth_year), []):
            if row.village_id and other.village_id and row.village_id != other.village_id:
                continue
            if row.id_number and other.id_number and row.id_number != other.id_number:
                continue
            return self._verdict(row, other, _("the same name and year of birth"))
        return Checked(RowStatus.NEW)

    def _verdict(self, row: _Known, other: _Known, why: str) -> Checked:
        same = (
            row.folded == other.folded
            and (row.birth_date, row.birth_year) == (other.birth_date, other.birth_year)
            and row.id_number == other.id_number
            and row.village_id == other.village_id
        )
        if other.row is not None:
            return Checked(
                RowStatus.DUPLICATE,
                _("Probably the same person as row {row} of this file ({why}).").format(
                    row=other.row, why=why
                ),
            )
        if same:
            return Checked(RowStatus.ALREADY, _("Already in the register."))
        village = self.villages.names.get(other.village_id or "", "")
        return Checked(
            RowStatus.DUPLICATE,
            _(
                "Probably already in the register as “{name}” (born {birth}{village}): {why}. "
                "Check the two; correct the file or the existing record."
            ).format(
                name=other.name,
                birth=birth_text(other.birth_date, other.birth_year),
                village=f", {village}" if village else "",
                why=why,
            ),
        )
