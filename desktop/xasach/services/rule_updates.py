"""Rule updates (cập nhật quy định): the upper level edits the rule table and the plan targets
and sends them down; a commune applies them and shows which rule set and version it runs.

The update travels as a reference bundle (sync.reference_format): signed with the upper
level's sync key and encrypted to every verified commune key enrolled there. A commune applies
it only when the signer is its enrolled upper level's key, verified by phone, and only when the
version is newer than the one in force — an older or replayed file is refused. A version is
compared number by number ("2026.10" is newer than "2026.9").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission
from xasach.domain.rules import Rule, rules_from_rows
from xasach.domain.targets import Plan, plan_from_dict
from xasach.i18n import _
from xasach.services.common import acting, own_unit
from xasach.services.setup import MODE_COMMUNE, MODE_UPPER
from xasach.services.sync_keys import ensure_own_keys, own_mode
from xasach.services.targets import load_plan, store_plan
from xasach.store import audit
from xasach.store.atomic import write_atomic
from xasach.store.database import Database
from xasach.store.models import SyncPeer, utcnow
from xasach.store.reference import get_setting, put_setting, replace_rules, rule_set
from xasach.sync.errors import SyncFileError
from xasach.sync.reference_format import SUFFIX, open_reference, seal_reference

RECEIVED_FROM = "rules.received_from"
RECEIVED_AT = "rules.received_at"


@dataclass(frozen=True)
class RuleSetInfo:
    """The rule set in force here: name, version, where it came from, its rows and the plan."""

    name: str
    version: str
    received_from: str  # unit code of the upper level that sent it; "" = shipped or local
    received_at: str  # ISO date, or ""
    rules: tuple[Rule, ...]
    plan: Plan


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Comparable form of a version: numbers as numbers, so 2026.10 > 2026.9."""
    parts = re.findall(r"\d+|[^\d.\-_ ]+", version)
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in parts)


def rule_set_info(session: Session) -> RuleSetInfo:
    acting(session, Permission.VIEW_REPORTS)
    rules = rule_set(session)
    ordered = sorted(rules.all(), key=lambda r: (r.key, r.effective_from))
    return RuleSetInfo(
        name=rules.name,
        version=rules.version,
        received_from=get_setting(session, RECEIVED_FROM) or "",
        received_at=get_setting(session, RECEIVED_AT) or "",
        rules=tuple(ordered),
        plan=load_plan(session),
    )


def _row(rule: Rule) -> dict[str, Any]:
    return {
        "key": rule.key,
        "value": rule.value,
        "unit": rule.unit,
        "verified": rule.verified,
        "effective_from": rule.effective_from.isoformat(),
        "source": rule.source,
        "description": rule.description,
    }


def reference_document(session: Session) -> dict[str, Any]:
    """The rule table and the plan as one JSON document (the rules.json shape plus targets)."""
    info = rule_set_info(session)
    return {
        "name": info.name,
        "version": info.version,
        "rules": [_row(r) for r in info.rules],
        "targets": info.plan.as_dict(),
    }


def _require_newer(session: Session, version: str) -> None:
    current = rule_set(session).version
    if version_key(version) <= version_key(current):
        raise DomainError(
            _(
                "This rule set is version {new}, not newer than version {current} in force "
                "here. Give the changed rules a newer version; nothing was changed."
            ).format(new=version, current=current)
        )


def _apply(session: Session, doc: dict[str, Any]) -> tuple[str, str]:
    """Replace the rule table (and the plan, when the document has one) with `doc`."""
    try:
        name, version, raw = str(doc["name"]), str(doc["version"]), doc["rules"]
    except (KeyError, TypeError) as exc:
        raise DomainError(_("The rule set has no name, version or rules.")) from exc
    if not version.strip() or not isinstance(raw, list):
        raise DomainError(_("The rule set has no name, version or rules."))
    rules = rules_from_rows(raw)
    plan = plan_from_dict(doc["targets"]) if doc.get("targets") is not None else None
    if plan is not None and plan.villages_with_model is None:
        # A commune's own figure (no register holds models): an update does not erase it.
        plan = replace(plan, villages_with_model=load_plan(session).villages_with_model)
    _require_newer(session, version)
    replace_rules(session, list(rules), name, version)
    if plan is not None:
        store_plan(session, plan)
    return name, version


def _require_upper(session: Session) -> None:
    if own_mode(session) != MODE_UPPER:
        raise DomainError(
            _(
                "Only the upper level edits the rule table; a commune receives it from the "
                "upper level (Settings → Rules and targets → Import the rule update)."
            )
        )


def update_rules(
    session: Session,
    values: dict[tuple[str, date], float],
    *,
    version: str,
    plan: Plan | None = None,
) -> None:
    """Upper level: set rule values, keyed by (key, effective from), under a newer version."""
    actor = acting(session, Permission.SETTINGS)
    _require_upper(session)
    doc = reference_document(session)
    by_row = {(r["key"], date.fromisoformat(r["effective_from"])): r for r in doc["rules"]}
    for row_key, value in values.items():
        if row_key not in by_row:
            raise DomainError(
                _("The rule table has no rule “{key}” from {day}.").format(
                    key=row_key[0], day=row_key[1].strftime("%d/%m/%Y")
                )
            )
        if value < 0 or value != value:
            raise DomainError(_("A rule's value cannot be negative."))
        by_row[row_key]["value"] = value
    doc["version"] = version.strip()
    if plan is not None:
        doc["targets"] = plan.as_dict()
    _apply(session, doc)
    audit.append(session, actor.username, "rules_change", "rule", version, {"changed": len(values)})


def export_rules_json(db: Database, path: Path) -> Path:
    """Write the rule table and the plan as JSON (readable, for review or another office)."""
    with db.reader() as s:
        doc = reference_document(s)
    write_atomic(path, json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8"))
    return path


def import_rules_json(db: Database, path: Path) -> tuple[str, str]:
    """Upper level: take a rule set (and plan) from a JSON file; a commune gets its rules only
    in the upper level's signed update."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DomainError(
            _("The rule table {path} cannot be read ({detail}).").format(path=path, detail=exc)
        ) from exc
    if not isinstance(doc, dict):
        raise DomainError(_("The rule set has no name, version or rules."))
    with db.session() as s:
        actor = acting(s, Permission.SETTINGS)
        _require_upper(s)
        name, version = _apply(s, doc)
        audit.append(s, actor.username, "rules_import", "rule", version, {"file": path.name})
    return name, version


def reference_file_name(unit: str, version: str) -> str:
    safe = re.sub(r"[^0-9A-Za-z.\-]+", "-", version)
    return f"{unit}_quy-dinh_{safe}{SUFFIX}"


def export_reference(db: Database, target: Path) -> tuple[Path, int]:
    """Upper level: the signed, encrypted rule update for every verified commune key.
    Returns (file, number of communes that can read it)."""
    with db.session() as s:
        actor = acting(s, Permission.SETTINGS)
        _require_upper(s)
        own = ensure_own_keys(s)
        peers = s.scalars(
            select(SyncPeer).where(
                SyncPeer.mode == MODE_COMMUNE,
                SyncPeer.active.is_(True),
                SyncPeer.verified_at.is_not(None),
            )
        ).all()
        doc = reference_document(s)
        unit = own_unit(s)
        data = seal_reference(
            own,
            sender_unit=unit,
            recipients=[p.age_recipient for p in peers],
            document=doc,
            created_at=utcnow().isoformat(),
        )
        path = target / reference_file_name(unit, doc["version"]) if target.is_dir() else target
        audit.append(
            s, actor.username, "rules_send", "rule", doc["version"], {"communes": len(peers)}
        )
    write_atomic(path, data)
    return path, len(peers)


def import_reference(db: Database, path: Path) -> RuleSetInfo:
    """Commune: apply the upper level's rule update, or refuse it with the reason."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SyncFileError(
            _("Cannot read the file {path}: {error}").format(path=path, error=exc.strerror)
        ) from exc
    with db.session() as s:
        actor = acting(s, Permission.SETTINGS)
        if own_mode(s) != MODE_COMMUNE:
            raise DomainError(
                _("The upper level edits its rule table itself; a rule update is for communes.")
            )
        bundle = open_reference(data, ensure_own_keys(s))
        peer = s.get(SyncPeer, bundle.sender_key_id)
        if peer is None or peer.mode != MODE_UPPER or not peer.active:
            raise SyncFileError(
                _(
                    "This rule update is signed by a key this commune has not enrolled as its "
                    "upper level's. Import the upper level's key card first; nothing was "
                    "changed."
                )
            )
        if peer.verified_at is None:
            raise SyncFileError(
                _(
                    "The upper level's key is not verified yet. Check its fingerprint by phone "
                    "(the Sync page, Keys), then import the update again; nothing was changed."
                )
            )
        bundle.check_signature(bytes.fromhex(peer.sign_public))
        _name, version = _apply(s, bundle.document())
        put_setting(s, RECEIVED_FROM, peer.unit_code)
        put_setting(s, RECEIVED_AT, date.today().isoformat())
        audit.append(s, actor.username, "rules_receive", "rule", version, {"from": peer.unit_code})
        s.flush()
        return rule_set_info(s)
