"""What the services share: who is acting in a session, and the installation's own unit."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.domain.roles import Actor, Permission, require
from xasach.i18n import _
from xasach.store.reference import get_setting
from xasach.store.session import ACTOR


def acting(session: Session, permission: Permission) -> Actor:
    """The logged-in user of this session, if their role allows `permission`."""
    return require(session.info.get(ACTOR), permission)


def own_unit(session: Session) -> str:
    code = get_setting(session, "unit.code")
    if not code:
        raise DomainError(_("This data file has no unit. Create it with “xasach init”."))
    return code
