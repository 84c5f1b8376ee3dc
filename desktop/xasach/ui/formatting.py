"""Dates and numbers on screen through babel, in the chosen language: dd/mm/yyyy always."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_datetime
from babel.numbers import format_decimal

from xasach.i18n import babel_locale


def fmt_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def fmt_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return format_datetime(value.astimezone(), "dd/MM/yyyy HH:mm", locale=babel_locale())


def fmt_number(value: float | int | None) -> str:
    return "" if value is None else format_decimal(value, locale=babel_locale())


def fmt_birth(birth_date: date | None, birth_year: int | None) -> str:
    """Date of birth, or the year alone when only the year is known."""
    if birth_date:
        return fmt_date(birth_date)
    return str(birth_year) if birth_year else ""
