"""Dates, numbers and document numbers written the way Vietnamese official documents write them.

NĐ 30/2020/NĐ-CP, Phụ lục I: the date line reads "ngày 05 tháng 01 năm 2026" — a leading zero
for days below 10 and for months 1 and 2 (so "tháng 3", "tháng 12"); document numbers below 10
take a leading zero too ("Số: 05/QĐ-UBND"). Numbers use a dot between thousands and a comma
for decimals (1.234,5), as Vietnamese texts do.
"""

from __future__ import annotations

import unicodedata
from datetime import date


def day_words(day: date) -> str:
    """ "ngày 05 tháng 01 năm 2026" (ngày … tháng … năm …)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(place: str, day: date) -> str:
    """The place-and-date line (địa danh và thời gian ban hành): "Phường Y, ngày 05 tháng 01 năm
    2026"."""
    return f"{place}, {day_words(day)}" if place else day_words(day).capitalize()


def short_date(day: date | None) -> str:
    """dd/mm/yyyy, or empty."""
    return day.strftime("%d/%m/%Y") if day else ""


def document_number(number: int, symbol: str) -> str:
    """Số, ký hiệu: "05/QĐ-UBND" (two digits at least)."""
    return f"{number:02d}/{symbol}" if symbol else f"{number:02d}"


def count(value: int | None) -> str:
    """An integer with dots between thousands (1.234); empty for None."""
    if value is None:
        return ""
    return f"{value:,}".replace(",", ".")


def decimal(value: float | None, digits: int = 1) -> str:
    """A decimal with a comma (12,5) and dots between thousands; empty for None."""
    if value is None:
        return ""
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def percent(value: float | None, digits: int = 1) -> str:
    """A share 0…1 as "87,5%"; empty for None."""
    return "" if value is None else decimal(value * 100, digits) + "%"


def change(now: float | None, before: float | None, *, digits: int = 0) -> str:
    """The change from the previous period with its sign ("+3", "−2", "0"); empty if unknown."""
    if now is None or before is None:
        return ""
    delta = now - before
    if abs(delta) < 10**-digits / 2:
        return "0"
    sign = "+" if delta > 0 else "−"
    magnitude = abs(delta)
    return sign + (count(round(magnitude)) if digits == 0 else decimal(magnitude, digits))


def upper(text: str) -> str:
    """Upper case that keeps Vietnamese letters whole (composed, NFC)."""
    return unicodedata.normalize("NFC", text.upper())
