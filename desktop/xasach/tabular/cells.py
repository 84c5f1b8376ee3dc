"""Cell values as offices type them: text, numbers, dates (typed, or Excel serial numbers),
years alone, ID numbers that Excel turned into numbers and stripped of their leading zeros.

Every parser takes what a reader returns (str, int, float, date, datetime or None) and raises
DomainError with a message naming the value and the way to type it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from xasach.domain.dates import parse_date
from xasach.domain.errors import DomainError
from xasach.domain.text import fold, nfc
from xasach.i18n import _

#: Excel's day 0 (its serials count from here, the 1900 leap-year bug included).
_EXCEL_EPOCH = date(1899, 12, 30)
#: Serial numbers that can be dates a register holds (1900 … 2100).
_SERIAL_RANGE = (1, 73050)
#: Four-digit numbers in this range in a birth column are years, not serials.
YEAR_RANGE = (1900, 2100)
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_NUMBER = re.compile(r"^\s*\d+(?:\.0+)?\s*$")

Cell = str | int | float | date | datetime | None


def cell_text(value: Any) -> str:
    """The value as the officer sees it: trimmed, NFC, numbers without a trailing .0, dates as
    dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, int):
        return str(value)
    text = nfc(str(value)).replace("\u00a0", " ").strip()
    return text[1:].strip() if text.startswith("'") else text


def is_empty(value: Any) -> bool:
    return cell_text(value) == ""


def from_serial(serial: float) -> date:
    """An Excel serial day number as a date."""
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def _serial(value: Any) -> date | None:
    number: float | None = None
    if (isinstance(value, int | float) and not isinstance(value, bool)) or (
        isinstance(value, str) and _NUMBER.match(value)
    ):
        number = float(value)
    if number is None:
        return None
    if not _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
        raise DomainError(
            _("“{text}” is not a date. Type it as dd/mm/yyyy, e.g. 05/01/2026.").format(
                text=cell_text(value)
            )
        )
    return from_serial(number)


def parse_date_cell(value: Any) -> date | None:
    """A date cell, an Excel serial, dd/mm/yyyy, d/m/yy or yyyy-mm-dd; empty → None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if is_empty(value):
        return None
    serial = _serial(value)
    if serial is not None:
        return serial
    text = cell_text(value)
    iso = _ISO.match(text)
    if iso:
        try:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            pass
    return parse_date(text)


def _whole(value: Any) -> int | None:
    """A number cell holding a whole number, as an int; anything else None."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    return None


def parse_birth_cell(value: Any) -> tuple[date | None, int | None]:
    """A date of birth or a year alone: (date, year). A number 1900–2100 is a year; any other
    number is an Excel serial date."""
    whole = _whole(value)
    if whole is not None and YEAR_RANGE[0] <= whole <= YEAR_RANGE[1]:
        return None, whole
    text = cell_text(value)
    if _YEAR.match(text):
        return None, int(text)
    parsed = parse_date_cell(value)
    return parsed, parsed.year if parsed else None


def parse_year_cell(value: Any) -> int | None:
    """A year alone (e.g. "sử dụng từ năm"); a full date gives its year."""
    if is_empty(value):
        return None
    return parse_birth_cell(value)[1]


def parse_int_cell(value: Any) -> int:
    """A count or an amount of money: "1.200", "1,200", "1 200 000 đ" → 1200 …; empty → 0."""
    whole = _whole(value)
    if whole is not None:
        return whole
    text = cell_text(value)
    if not text:
        return 0
    cleaned = re.sub(r"(?i)\s*(đồng|dong|vnd|vnđ|đ|d|người|nguoi|tờ|to|cuốn|cuon)\.?\s*$", "", text)
    cleaned = re.sub(r"[\s.,]", "", cleaned)
    if not cleaned.isdigit():
        raise DomainError(_("“{text}” is not a whole number.").format(text=text))
    return int(cleaned)


def parse_float_cell(value: Any) -> float | None:
    """A coordinate (vĩ độ, kinh độ): 21.0285 or 21,0285; empty → None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = cell_text(value)
    if not text:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise DomainError(_("“{text}” is not a number.").format(text=text)) from None


def id_digits(value: Any) -> str:
    """An ID number as digits: spaces and dots removed, and the leading zeros Excel strips from
    a number put back (a 12-digit CCCD starts with 0: 10 or 11 digits left mean zeros lost)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"[\s.\-]", "", cell_text(value))
    if text.isdigit() and len(text) in (10, 11):
        return text.zfill(12)
    return text


#: Words for "male" and "female" (folded) as registers write them.
_MALE = frozenset({"nam", "m", "male", "trai", "gioi nam"})
_FEMALE = frozenset({"nu", "f", "female", "gai", "gioi nu"})


def parse_sex_cell(value: Any) -> str | None:
    """ "Nam"/"Nữ" (or M/F) → "M"/"F"; empty → None."""
    text = fold(cell_text(value))
    if not text:
        return None
    if text in _MALE:
        return "M"
    if text in _FEMALE:
        return "F"
    raise DomainError(
        _("“{text}” is not a sex. Write Nam or Nữ.").format(text=cell_text(value)), "sex"
    )


def is_mark(value: Any) -> bool:
    """A tick in a column ("x", "X", "1", "✓") rather than a value."""
    return fold(cell_text(value)) in {"x", "1", "v", "co"} or cell_text(value) in {"✓", "✔"}
