"""Roles and what each may do (vai trò, quyền). Checked by the services, not by hiding buttons.

The culture officer edits propaganda but never sees people's files; the leader only sees
reports; the administrator manages users. `Actor` is whoever is logged in.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from xasach.domain.errors import DomainError
from xasach.i18n import N_, _


class Role(StrEnum):
    ADMIN = "admin"  # quản trị
    POLICE = "police"  # công an xã
    SOCIAL = "social"  # cán bộ văn hóa - xã hội phụ trách lao động, thương binh và xã hội
    CULTURE = "culture"  # cán bộ văn hóa, thông tin
    LEADER = "leader"  # lãnh đạo (chỉ xem báo cáo)


class Permission(StrEnum):
    VIEW_PEOPLE = "view_people"
    EDIT_PEOPLE = "edit_people"
    REVEAL_ID = "reveal_id"  # xem đầy đủ số định danh
    VIEW_HOTSPOTS = "view_hotspots"
    EDIT_HOTSPOTS = "edit_hotspots"
    VIEW_PROPAGANDA = "view_propaganda"
    EDIT_PROPAGANDA = "edit_propaganda"
    VIEW_REPORTS = "view_reports"
    PRINT = "print"
    EXPORT = "export"
    IMPORT = "import"
    SYNC = "sync"
    BACKUP = "backup"
    RESTORE = "restore"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    SETTINGS = "settings"


P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.POLICE: frozenset(
        {
            P.VIEW_PEOPLE,
            P.EDIT_PEOPLE,
            P.REVEAL_ID,
            P.VIEW_HOTSPOTS,
            P.EDIT_HOTSPOTS,
            P.VIEW_PROPAGANDA,
            P.EDIT_PROPAGANDA,
            P.VIEW_REPORTS,
            P.PRINT,
            P.EXPORT,
            P.IMPORT,
            P.SYNC,
            P.BACKUP,
        }
    ),
    Role.SOCIAL: frozenset(
        {
            P.VIEW_PEOPLE,
            P.EDIT_PEOPLE,
            P.REVEAL_ID,
            P.VIEW_HOTSPOTS,
            P.VIEW_PROPAGANDA,
            P.VIEW_REPORTS,
            P.PRINT,
            P.EXPORT,
            P.BACKUP,
        }
    ),
    Role.CULTURE: frozenset({P.VIEW_PROPAGANDA, P.EDIT_PROPAGANDA, P.VIEW_REPORTS, P.PRINT}),
    Role.LEADER: frozenset({P.VIEW_REPORTS, P.PRINT}),
}

ROLE_LABELS = {
    Role.ADMIN: N_("Administrator"),
    Role.POLICE: N_("Commune police"),
    Role.SOCIAL: N_("Social affairs officer"),
    Role.CULTURE: N_("Culture officer"),
    Role.LEADER: N_("Leader (read-only)"),
}

PERMISSION_LABELS = {
    P.VIEW_PEOPLE: N_("see people's files"),
    P.EDIT_PEOPLE: N_("edit people's files"),
    P.REVEAL_ID: N_("see full personal ID numbers"),
    P.VIEW_HOTSPOTS: N_("see hotspots"),
    P.EDIT_HOTSPOTS: N_("edit hotspots"),
    P.VIEW_PROPAGANDA: N_("see propaganda activities"),
    P.EDIT_PROPAGANDA: N_("edit propaganda activities"),
    P.VIEW_REPORTS: N_("see reports"),
    P.PRINT: N_("print"),
    P.EXPORT: N_("export data"),
    P.IMPORT: N_("import data"),
    P.SYNC: N_("send and receive sync bundles"),
    P.BACKUP: N_("make backups"),
    P.RESTORE: N_("restore a backup"),
    P.MANAGE_USERS: N_("manage users"),
    P.VIEW_AUDIT: N_("see the audit trail"),
    P.SETTINGS: N_("change settings"),
}


def role_label(role: str) -> str:
    try:
        return _(ROLE_LABELS[Role(role)])
    except ValueError:
        return role


class PermissionDenied(DomainError):  # noqa: N818 - reads as what happened
    """The logged-in user's role does not allow this."""


@dataclass(frozen=True)
class Actor:
    """Who is acting: a logged-in user, or the installation itself during set-up."""

    username: str
    role: Role

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied(
                _("Your role ({role}) may not {action}. Ask the administrator.").format(
                    role=role_label(self.role), action=_(PERMISSION_LABELS[permission])
                )
            )


#: The installation itself, for set-up and demo data (never a login).
SYSTEM = Actor("system", Role.ADMIN)


def require(actor: Actor | None, permission: Permission) -> Actor:
    if actor is None:
        raise PermissionDenied(_("Nobody is logged in. Log in first."))
    actor.require(permission)
    return actor
