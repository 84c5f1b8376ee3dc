"""Dates as officers type them: dd/mm/yyyy, d/m/yy, or a year alone for a birth year."""

from __future__ import annotations

import re
from datetime import date

from xasach.domain.errors import DomainError
from xasach.i18n import _

_DMY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def parse_date(text: str, *, field: str | None = None, pivot: int = 30) -> date | None:
    """dd/mm/yyyy (or d/m/yy: 00–`pivot` → 20xx, else 19xx); empty → None."""
    if not text or not text.strip():
        return None
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000 if year <= pivot else 1900
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise DomainError(
        _("“{text}” is not a date. Type it as dd/mm/yyyy, e.g. 05/01/2026.").format(text=text),
        field,
    )


def parse_birth(text: str, *, field: str = "birth_date") -> tuple[date | None, int | None]:
    """A date of birth or a year alone: (date, year)."""
    if text and _YEAR.match(text):
        return None, int(text.strip())
    parsed = parse_date(text, field=field)
    return parsed, parsed.year if parsed else None


def birth_text(birth_date: date | None, birth_year: int | None) -> str:
    """dd/mm/yyyy, or the year alone when only the year of birth is known."""
    if birth_date:
        return birth_date.strftime("%d/%m/%Y")
    return str(birth_year) if birth_year else ""
