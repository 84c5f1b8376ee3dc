"""What every page of the main window is given: the open database and a change bus.

No global singletons (STYLE.md habit 7): the main window builds one `AppContext` and passes
it to each page. A page that changes data calls `ctx.bus.changed.emit(table)`; every page
listening refreshes itself (after Anki's "operation → changed notification" pattern).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from xasach.domain.roles import Actor, Permission
from xasach.store.database import Database


class ChangeBus(QObject):
    """`changed(table)`: rows of `table` ("person", "hotspot", "activity", "village" …) changed."""

    changed = Signal(str)


@dataclass
class AppContext:
    db: Database
    unit_code: str
    unit_name: str
    mode: str
    bus: ChangeBus = field(default_factory=ChangeBus)

    @property
    def actor(self) -> Actor | None:
        return self.db.actor

    def can(self, permission: Permission) -> bool:
        return self.db.actor is not None and self.db.actor.can(permission)
