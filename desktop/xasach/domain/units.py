"""Administrative units after the 2025 reform (đơn vị hành chính): two tiers, codes per
QĐ 19/2025/QĐ-TTg (2-digit province, 5-digit commune, never reused).

Reads the unit list files that `units import` accepts: our CSV (`code,level,name,parent_code`,
UTF-8, `#` comment lines allowed) or the nested JSON of the `vietnam-provinces` package
(provinces, each with its `wards`).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from xasach.domain.errors import DomainError
from xasach.domain.text import nfc
from xasach.i18n import _

PROVINCE = "province"
COMMUNE = "commune"


@dataclass(frozen=True)
class UnitRow:
    code: str
    level: str
    name: str
    parent_code: str | None


def is_province_code(code: str) -> bool:
    return len(code) == 2 and code.isdigit()


def is_commune_code(code: str) -> bool:
    return len(code) == 5 and code.isdigit()


def _row(code: str, level: str, name: str, parent: str | None, where: str) -> UnitRow:
    code, name = code.strip(), nfc(name.strip())
    parent = (parent or "").strip() or None
    if level == PROVINCE and not is_province_code(code):
        raise DomainError(
            _("{where}: a province code has 2 digits (got “{code}”).").format(
                where=where, code=code
            )
        )
    if level == COMMUNE and not is_commune_code(code):
        raise DomainError(
            _("{where}: a commune code has 5 digits (got “{code}”).").format(where=where, code=code)
        )
    if level not in (PROVINCE, COMMUNE):
        raise DomainError(
            _("{where}: unknown level “{level}” (province or commune).").format(
                where=where, level=level
            )
        )
    if not name:
        raise DomainError(_("{where}: the unit has no name.").format(where=where))
    if level == COMMUNE and not (parent and is_province_code(parent)):
        raise DomainError(
            _("{where}: commune {code} has no valid province code.").format(where=where, code=code)
        )
    return UnitRow(code, level, name, parent if level == COMMUNE else None)


def parse_units(data: bytes, filename: str) -> list[UnitRow]:
    """Parse a unit list; every row is checked and the whole file refused on the first error."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(_("The unit list must be UTF-8 text.")) from exc
    rows: list[UnitRow] = []
    if filename.lower().endswith(".json"):
        rows = _parse_nested_json(text)
    else:
        lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
        reader = csv.DictReader(io.StringIO("\n".join(lines)))
        missing = {"code", "level", "name", "parent_code"} - set(reader.fieldnames or [])
        if missing:
            raise DomainError(
                _("The unit list lacks the columns: {cols}.").format(
                    cols=", ".join(sorted(missing))
                )
            )
        for i, rec in enumerate(reader, start=2):
            where = _("line {n}").format(n=i)
            rows.append(_row(rec["code"], rec["level"], rec["name"], rec["parent_code"], where))
    if not rows:
        raise DomainError(_("The unit list is empty."))
    dupes = _dupes([r.code for r in rows])
    if dupes:
        raise DomainError(
            _("The unit list has the same code more than once: {codes}.").format(
                codes=", ".join(sorted(dupes)[:5])
            )
        )
    return rows


def _dupes(codes: list[str]) -> set[str]:
    seen: set[str] = set()
    twice: set[str] = set()
    for c in codes:
        (twice if c in seen else seen).add(c)
    return twice


def _parse_nested_json(text: str) -> list[UnitRow]:
    try:
        provinces = json.loads(text)
        rows: list[UnitRow] = []
        for i, prov in enumerate(provinces, start=1):
            where = _("province {n}").format(n=i)
            pcode = f"{int(prov['code']):02d}"
            rows.append(_row(pcode, PROVINCE, str(prov["name"]), None, where))
            for ward in prov["wards"]:
                code = f"{int(ward['code']):05d}"
                rows.append(_row(code, COMMUNE, str(ward["name"]), pcode, where))
        return rows
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, DomainError):
            raise
        raise DomainError(
            _("The unit list is not in the expected JSON shape ({detail}).").format(detail=exc)
        ) from exc
