"""Setting up an installation (`xasach init`): a commune's, or the upper level's."""

from __future__ import annotations

import uuid
from pathlib import Path

from xasach.domain.errors import DomainError
from xasach.domain.units import COMMUNE, PROVINCE
from xasach.i18n import _
from xasach.store import audit
from xasach.store.database import Database, commit_new, discard_new
from xasach.store.models import AppUser
from xasach.store.reference import (
    find_unit,
    load_shipped_rules,
    load_shipped_units,
    put_setting,
)

MODE_COMMUNE = "commune"
MODE_UPPER = "upper"


def init_installation(
    path: Path,
    *,
    mode: str,
    unit_code: str,
    name: str | None = None,
    key: bytes | None = None,
    database_id: str | None = None,
    admin: AppUser | None = None,
) -> str:
    """Create the database at `path` for the commune (or upper-level office) `unit_code`,
    encrypted with `key` when given, with its first administrator. Returns the unit's name.
    Nothing is left on disk when anything fails."""
    db, final = Database.create(path, key)
    try:
        with db.session() as s:
            load_shipped_units(s)
            s.flush()
            unit = find_unit(s, unit_code)
            expected = COMMUNE if mode == MODE_COMMUNE else PROVINCE
            if unit is None or (mode == MODE_COMMUNE and unit.level != expected):
                raise DomainError(
                    _(
                        "There is no commune with code “{code}” in the official list. Codes have "
                        "5 digits (QĐ 19/2025/QĐ-TTg), e.g. 00070 for Phường Hoàn Kiếm."
                    ).format(code=unit_code)
                    if mode == MODE_COMMUNE
                    else _(
                        "There is no unit with code “{code}” in the official list (a province has "
                        "a 2-digit code, a commune 5 digits)."
                    ).format(code=unit_code)
                )
            unit_name = name.strip() if name and name.strip() else unit.name
            parent = find_unit(s, unit.parent_code) if unit.parent_code else None
            put_setting(s, "mode", mode)
            put_setting(s, "unit.code", unit.code)
            put_setting(s, "unit.name", unit_name)
            put_setting(s, "unit.parent_name", parent.name if parent else "")
            put_setting(s, "installation.id", str(uuid.uuid4()))
            put_setting(s, "database.id", database_id or str(uuid.uuid4()))
            load_shipped_rules(s)
            # Sync keys and the first epoch exist from the start (late import: sync_keys
            # uses this module's mode names).
            from xasach.services.sync_keys import ensure_own_keys
            from xasach.services.sync_state import start_new_epoch

            ensure_own_keys(s)
            start_new_epoch(s)
            if admin is not None:
                s.add(admin)
                audit.append(s, admin.username, "setup", "unit", unit.code)
    except BaseException:
        discard_new(db)
        raise
    commit_new(db, final)
    return unit_name
