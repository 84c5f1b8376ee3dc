"""Identity rules of a person's file (hồ sơ quản lý): names, birth, sex, ID numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from xasach.domain.errors import DomainError
from xasach.domain.personal_id import Sex, validate_legacy_id, validate_personal_id
from xasach.domain.text import nfc
from xasach.i18n import _

EARLIEST_BIRTH_YEAR = 1900


@dataclass(frozen=True)
class Identity:
    """The validated, normalised identity of a person."""

    full_name: str
    birth_date: date | None
    birth_year: int | None
    sex: Sex | None
    id_number: str | None
    legacy_id_number: str | None


def validate_identity(
    *,
    full_name: str,
    today: date,
    birth_date: date | None = None,
    birth_year: int | None = None,
    sex: Sex | str | None = None,
    id_number: str | None = None,
    legacy_id_number: str | None = None,
) -> Identity:
    """Check one person's identity fields together; the first problem raises DomainError."""
    name = " ".join(nfc(full_name or "").split())
    if not name:
        raise DomainError(_("Enter the person's full name."), "full_name")
    if len(name) > 120:
        raise DomainError(_("The full name is too long (at most 120 characters)."), "full_name")
    sex_value = Sex(sex) if sex else None
    if birth_date is not None:
        if birth_date > today:
            raise DomainError(
                _("The date of birth {d} is in the future.").format(
                    d=birth_date.strftime("%d/%m/%Y")
                ),
                "birth_date",
            )
        if birth_year is not None and birth_year != birth_date.year:
            raise DomainError(
                _("The year of birth {y} does not match the date of birth {d}.").format(
                    y=birth_year, d=birth_date.strftime("%d/%m/%Y")
                ),
                "birth_year",
            )
        birth_year = birth_date.year
    if birth_year is not None and not EARLIEST_BIRTH_YEAR <= birth_year <= today.year:
        raise DomainError(
            _("The year of birth must be between {low} and {high} (got {y}).").format(
                low=EARLIEST_BIRTH_YEAR, high=today.year, y=birth_year
            ),
            "birth_year",
        )
    id_clean = None
    if id_number and id_number.strip():
        id_clean = validate_personal_id(
            id_number, sex=sex_value, birth_year=birth_year, current_year=today.year
        )
    legacy_clean = None
    if legacy_id_number and legacy_id_number.strip():
        legacy_clean = validate_legacy_id(legacy_id_number)
    return Identity(name, birth_date, birth_year, sex_value, id_clean, legacy_clean)
