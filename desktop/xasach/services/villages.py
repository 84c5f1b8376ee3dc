"""Villages and residential groups (thôn, xóm, bản, ấp, khóm, tổ dân phố) of the commune.

They are below the official unit list, so each commune enters its own (DOMAIN.md). People,
hotspots and propaganda activities point at them, so a village in use is never deleted (that
would orphan the coverage grid and the address of a file); it is renamed or its rows are moved
first. Deleting is a tombstone like every synced row. Names are unique per commune the way an
officer reads them: "Thôn Đông" and "thon dong" are the same village.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission
from xasach.domain.text import fold, nfc
from xasach.i18n import _, ngettext
from xasach.services.common import acting, own_unit
from xasach.store import audit
from xasach.store.models import Activity, ActivityVillage, AppUser, Hotspot, Person, Village

MAX_NAME = 120

#: Kind of a village from the first words of its name (folded), longest first. The kind is a
#: convenience for reports and addresses; the name the commune types is what is shown.
KIND_PREFIXES: tuple[tuple[str, str], ...] = (
    ("to dan pho", "to_dan_pho"),
    ("khu pho", "khu_pho"),
    ("thon", "thon"),
    ("xom", "xom"),
    ("ban", "ban"),
    ("ap", "ap"),
    ("khom", "khom"),
    ("to", "to_dan_pho"),
    ("khu", "khu_pho"),
)
DEFAULT_KIND = "thon"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class VillageLine:
    """A village as lists show it, in the commune's order (thứ tự)."""

    id: str
    name: str
    kind: str
    sort_order: int


@dataclass(frozen=True)
class References:
    """Live rows that still point at a village."""

    people: int
    hotspots: int
    activities: int

    @property
    def total(self) -> int:
        return self.people + self.hotspots + self.activities


def guess_kind(name: str) -> str:
    """thon / to_dan_pho / xom / ban / ap / khom / khu_pho from the name's first words."""
    words = fold(name)
    for prefix, kind in KIND_PREFIXES:
        if words == prefix or words.startswith(prefix + " "):
            return kind
    return DEFAULT_KIND


def clean_name(name: str) -> str:
    """The name as stored: precomposed, single spaces, checked for length."""
    cleaned = _SPACES.sub(" ", nfc(name or "")).strip()
    if not cleaned:
        raise DomainError(_("Type the name of the village or residential group."), "name")
    if len(cleaned) > MAX_NAME:
        raise DomainError(
            _("The name is too long (at most {n} characters).").format(n=MAX_NAME), "name"
        )
    return cleaned


def check_names(names: Iterable[str]) -> list[str]:
    """Clean a list of new names (the first-run wizard has no database yet to ask)."""
    cleaned: list[str] = []
    seen: dict[str, str] = {}
    for name in names:
        value = clean_name(name)
        key = fold(value)
        if key in seen:
            raise DomainError(_("“{name}” is in the list twice.").format(name=value), "name")
        seen[key] = value
        cleaned.append(value)
    return cleaned


def _live(session: Session, unit: str) -> list[Village]:
    return list(
        session.scalars(
            select(Village)
            .where(Village.unit_code == unit, Village.deleted_at.is_(None))
            .order_by(Village.sort_order, Village.name)
        )
    )


@dataclass(frozen=True)
class VillageChoice:
    """A village or residential group (thôn, tổ dân phố) to pick in a form or a filter."""

    id: str
    name: str


def village_choices_for(session: Session, permission: Permission) -> list[VillageChoice]:
    """The commune's live villages in their order (thứ tự thôn), for a register whose readers
    hold `permission` (each register's `village_choices` names its own)."""
    acting(session, permission)
    rows = session.execute(
        select(Village.id, Village.name)
        .where(Village.unit_code == own_unit(session), Village.deleted_at.is_(None))
        .order_by(Village.sort_order, Village.name)
    )
    return [VillageChoice(vid, name) for vid, name in rows]


def _line(v: Village) -> VillageLine:
    return VillageLine(v.id, v.name, v.kind, v.sort_order)


def _refuse_duplicate(villages: Sequence[Village], name: str, keep: str | None = None) -> None:
    key = fold(name)
    for other in villages:
        if other.id != keep and fold(other.name) == key:
            raise DomainError(
                _("The commune already has “{name}”.").format(name=other.name), "name"
            )


def _get(session: Session, unit: str, village_id: str) -> Village:
    village = session.get(Village, village_id)
    if village is None or village.deleted_at is not None or village.unit_code != unit:
        raise DomainError(_("This village or residential group no longer exists."))
    return village


def list_villages(session: Session) -> list[VillageLine]:
    """The commune's live villages in its order; every role may read them (no personal data)."""
    acting(session, Permission.VIEW_REPORTS)
    return [_line(v) for v in _live(session, own_unit(session))]


def add_village(session: Session, name: str, kind: str | None = None) -> VillageLine:
    """Append a village at the end of the commune's order."""
    acting(session, Permission.SETTINGS)
    unit = own_unit(session)
    value = clean_name(name)
    villages = _live(session, unit)
    _refuse_duplicate(villages, value)
    last = max((v.sort_order for v in villages), default=0)
    village = Village(
        unit_code=unit, name=value, kind=kind or guess_kind(value), sort_order=last + 1
    )
    session.add(village)
    session.flush()
    return _line(village)


def add_villages(session: Session, names: Iterable[str]) -> list[VillageLine]:
    """Several at once, in the given order (the wizard's list); all or nothing."""
    return [add_village(session, name) for name in check_names(names)]


def rename_village(
    session: Session, village_id: str, name: str, kind: str | None = None
) -> VillageLine:
    acting(session, Permission.SETTINGS)
    unit = own_unit(session)
    village = _get(session, unit, village_id)
    value = clean_name(name)
    _refuse_duplicate(_live(session, unit), value, keep=village.id)
    if village.name != value:
        village.name = value
        village.kind = kind or guess_kind(value)
    elif kind and village.kind != kind:
        village.kind = kind
    session.flush()
    return _line(village)


def reorder_villages(session: Session, ordered_ids: Sequence[str]) -> None:
    """Give the villages the order of `ordered_ids`, which must list every live village once."""
    acting(session, Permission.SETTINGS)
    villages = {v.id: v for v in _live(session, own_unit(session))}
    if sorted(ordered_ids) != sorted(villages):
        raise DomainError(
            _("The list of villages changed meanwhile. Reload it and try again."), "order"
        )
    for position, village_id in enumerate(ordered_ids, start=1):
        if villages[village_id].sort_order != position:
            villages[village_id].sort_order = position
    session.flush()


def move_village(session: Session, village_id: str, offset: int) -> None:
    """Move one village up (−1) or down (+1) in the order; at an end it stays."""
    ids = [v.id for v in list_villages(session)]
    if village_id not in ids:
        raise DomainError(_("This village or residential group no longer exists."))
    i = ids.index(village_id)
    j = max(0, min(len(ids) - 1, i + offset))
    ids.insert(j, ids.pop(i))
    reorder_villages(session, ids)


def references(session: Session, village_id: str) -> References:
    """How many live people, hotspots and activities still point at the village."""

    def count(stmt: Select[int]) -> int:
        return session.scalar(stmt) or 0

    people = count(
        select(func.count())
        .select_from(Person)
        .where(Person.village_id == village_id, Person.deleted_at.is_(None))
    )
    hotspots = count(
        select(func.count())
        .select_from(Hotspot)
        .where(Hotspot.village_id == village_id, Hotspot.deleted_at.is_(None))
    )
    activities = count(
        select(func.count(func.distinct(ActivityVillage.activity_id)))
        .join(Activity, Activity.id == ActivityVillage.activity_id)
        .where(
            ActivityVillage.village_id == village_id,
            ActivityVillage.deleted_at.is_(None),
            Activity.deleted_at.is_(None),
        )
    )
    return References(people, hotspots, activities)


def delete_village(session: Session, village_id: str) -> None:
    """Tombstone a village nobody points at; otherwise say what still does."""
    acting(session, Permission.SETTINGS)
    village = _get(session, own_unit(session), village_id)
    refs = references(session, village.id)
    if refs.total:
        parts = [
            ngettext("{n} person's file", "{n} people's files", refs.people).format(n=refs.people),
            ngettext("{n} hotspot", "{n} hotspots", refs.hotspots).format(n=refs.hotspots),
            ngettext(
                "{n} propaganda activity", "{n} propaganda activities", refs.activities
            ).format(n=refs.activities),
        ]
        counts = (refs.people, refs.hotspots, refs.activities)
        used = [p for p, n in zip(parts, counts, strict=True) if n]
        raise DomainError(
            _(
                "“{name}” cannot be deleted, it is still used by: {what}. Move them to another "
                "village first, or rename this one instead."
            ).format(name=village.name, what=", ".join(used))
        )
    village.soft_delete()
    session.flush()


def set_user_title(session: Session, username: str, title: str) -> None:
    """The officer's title (chức vụ) given in the first-run wizard, which `setup_secure` does
    not take. Kept beside the wizard's other first-run write until services.auth grows it."""
    actor = acting(session, Permission.MANAGE_USERS)
    user = session.get(AppUser, username)
    if user is None:
        raise DomainError(_("There is no active user “{name}”.").format(name=username))
    user.title = _SPACES.sub(" ", nfc(title)).strip()[:MAX_NAME]
    audit.append(session, actor.username, "user_title", "user", username)
