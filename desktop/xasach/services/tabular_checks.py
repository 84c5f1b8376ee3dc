"""What a checked row of an imported list is: its verdict and, when valid, what to write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from xasach.domain.errors import DomainError


class RowStatus(StrEnum):
    NEW = "new"  # valid, will be imported
    ALREADY = "already"  # the same record is already in the register
    INVALID = "invalid"  # a value is wrong: the reason says which and how to fix it
    DUPLICATE = "duplicate"  # probably a record the register (or the file) already has


@dataclass(frozen=True)
class Checked:
    status: RowStatus
    reason: str = ""
    payload: Any = None


def birth_text(birth_date: date | None, birth_year: int | None) -> str:
    if birth_date:
        return birth_date.strftime("%d/%m/%Y")
    return str(birth_year) if birth_year else "?"


def in_field(label: str, exc: DomainError) -> DomainError:
    """The message, prefixed with the column it came from."""
    return DomainError(f"{label}: {exc.message}", exc.field)
