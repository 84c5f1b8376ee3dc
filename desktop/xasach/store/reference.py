"""Reference data in the store: administrative units, the rule table and settings."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.domain.rules import Rule, RuleSet, rules_from_rows
from xasach.domain.text import fold
from xasach.domain.units import PROVINCE, UnitRow, parse_units
from xasach.i18n import _
from xasach.paths import resources_dir
from xasach.store.models import AdminUnit, RuleRow, Setting

SHIPPED_UNITS = "units/units.csv"
SHIPPED_RULES = "rules/rules.json"


def get_setting(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(Setting, key)
    return row.value if row else default


def put_setting(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def upsert_units(session: Session, rows: list[UnitRow]) -> tuple[int, int]:
    """Add new units and rename changed ones; codes are never reused, so nothing is removed.
    Returns (added, renamed)."""
    existing = {u.code: u for u in session.scalars(select(AdminUnit))}
    known_provinces = {c for c, u in existing.items() if u.level == PROVINCE}
    known_provinces |= {r.code for r in rows if r.level == PROVINCE}
    added = renamed = 0
    for row in rows:
        if row.parent_code and row.parent_code not in known_provinces:
            raise DomainError(
                _("Commune {code} belongs to province {parent}, which is not in the list.").format(
                    code=row.code, parent=row.parent_code
                )
            )
    for row in sorted(rows, key=lambda r: r.level != PROVINCE):  # provinces first (FK)
        unit = existing.get(row.code)
        if unit is None:
            session.add(
                AdminUnit(
                    code=row.code,
                    level=row.level,
                    name=row.name,
                    name_folded=fold(row.name),
                    parent_code=row.parent_code,
                    active=True,
                )
            )
            added += 1
        elif unit.name != row.name or unit.parent_code != row.parent_code:
            unit.name, unit.name_folded, unit.parent_code = (
                row.name,
                fold(row.name),
                row.parent_code,
            )
            renamed += 1
    return added, renamed


def import_units_file(session: Session, path: Path) -> tuple[int, int]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DomainError(
            _("Cannot read the unit list {path}: {reason}.").format(path=path, reason=exc.strerror)
        ) from exc
    return upsert_units(session, parse_units(data, path.name))


def load_shipped_units(session: Session) -> None:
    import_units_file(session, resources_dir() / SHIPPED_UNITS)


def find_unit(session: Session, code: str) -> AdminUnit | None:
    return session.get(AdminUnit, code.strip())


def load_rules_file(session: Session, path: Path) -> RuleSet:
    """Replace the rule table with the rule set in `path` (JSON: name, version, rules)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        name, version, raw_rules = str(doc["name"]), str(doc["version"]), doc["rules"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DomainError(
            _("The rule table {path} cannot be read ({detail}).").format(path=path, detail=exc)
        ) from exc
    rules = rules_from_rows(raw_rules)
    replace_rules(session, rules, name, version)
    return RuleSet(rules, name, version)


def replace_rules(session: Session, rules: list[Rule], name: str, version: str) -> None:
    """The rule table becomes `rules`, under the rule set's name and version."""
    session.execute(delete(RuleRow))
    session.add_all(
        RuleRow(
            key=r.key,
            value=r.value,
            unit=r.unit,
            source=r.source,
            effective_from=r.effective_from,
            verified=r.verified,
            description=r.description,
            rule_set_version=version,
        )
        for r in rules
    )
    put_setting(session, "rules.name", name)
    put_setting(session, "rules.version", version)


def load_shipped_rules(session: Session) -> RuleSet:
    return load_rules_file(session, resources_dir() / SHIPPED_RULES)


def rule_set(session: Session) -> RuleSet:
    rows = session.scalars(select(RuleRow)).all()
    rules = [
        Rule(r.key, r.value, r.unit, r.source, r.effective_from, r.verified, r.description)
        for r in rows
    ]
    return RuleSet(
        rules, get_setting(session, "rules.name") or "", get_setting(session, "rules.version") or ""
    )


def count_units(session: Session, level: str) -> int:
    return (
        session.scalar(select(func.count()).select_from(AdminUnit).where(AdminUnit.level == level))
        or 0
    )
