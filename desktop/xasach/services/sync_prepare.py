"""The upper level's import, the part that needs no database lock: whose keys open the
bundles, and each bundle's bytes opened (decrypted, header checked) and its records validated
— done for the next file in a worker thread while the current one commits (`import_paths`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission
from xasach.i18n import _
from xasach.services.common import acting
from xasach.services.setup import MODE_UPPER
from xasach.services.sync_keys import ensure_own_keys, own_mode, stored_own_keys
from xasach.store.database import Database
from xasach.store.sync_merge import person_row_search_text
from xasach.store.sync_validate import validate
from xasach.sync.bundle_format import Bundle, open_bundle
from xasach.sync.keys import OwnKeys


@dataclass(frozen=True)
class Prepared:
    """What a bundle's bytes say without the database: opened (decrypted, header checked)
    and its records validated — or the refusal, kept to be raised at the same point of the
    receiver's order as without preparation."""

    bundle: Bundle | None = None
    open_error: DomainError | None = None
    checked: list[tuple[str, dict[str, Any]]] | None = None
    invalid: DomainError | None = None
    search_texts: dict[str, tuple[str, str]] = field(default_factory=dict)


def prepare(data: bytes, keys: OwnKeys, withheld: frozenset[tuple[str, str]]) -> Prepared:
    try:
        bundle = open_bundle(data, keys)
    except DomainError as exc:
        return Prepared(open_error=exc)
    try:
        # Validated as the unit the header names; `_import` refuses a bundle whose signer is
        # another unit before these records are used.
        checked = validate(bundle.records(), bundle.header["sender_unit"], withheld)
    except DomainError as exc:
        return Prepared(bundle, invalid=exc)
    texts = {row["id"]: person_row_search_text(row) for table, row in checked if table == "person"}
    return Prepared(bundle, checked=checked, search_texts=texts)


def ready_to_import(db: Database) -> tuple[str, OwnKeys]:
    """(who imports, this office's keys) — the keys are read, or made once for an older file."""
    with db.reader() as s:
        actor = acting(s, Permission.SYNC)
        if own_mode(s) != MODE_UPPER:
            raise DomainError(
                _("Only an upper-level installation imports bundles (this one is a commune's).")
            )
        keys = stored_own_keys(s)
    if keys is None:
        with db.session() as s:
            keys = ensure_own_keys(s)  # made by init; an older data file gets them now
    return actor.username, keys


def bundle_files(paths: list[Path]) -> list[Path]:
    """Files as given, and the .xsb files of folders, oldest name first (names sort by date)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() == ".xsb"))
        else:
            found.append(path)
    return found
