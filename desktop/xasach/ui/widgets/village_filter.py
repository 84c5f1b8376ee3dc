"""The “village” filter of a register list: its first item (“all villages”) stays, the rest
is the commune's villages, reloaded without losing the officer's choice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.store.database import Database


def refill_villages(
    box: QComboBox, db: Database, village_choices: Callable[[Session], list[Any]]
) -> None:
    """`village_choices` is the register's own (it checks that register's permission)."""
    try:
        with db.reader() as session:
            villages = village_choices(session)
    except DomainError:
        villages = []
    current = box.currentData()
    box.blockSignals(True)
    while box.count() > 1:
        box.removeItem(1)
    for village in villages:
        box.addItem(village.name, village.id)
    box.setCurrentIndex(max(0, box.findData(current)))
    box.blockSignals(False)
