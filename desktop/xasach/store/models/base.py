"""Declarative base, naming convention and the columns every synced row carries."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Constraint names Alembic can find again (batch mode on SQLite needs named constraints).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

_UTC_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes stored as fixed-width ISO text, so text order is time order and the
    value survives JSON bundles unchanged."""

    impl = String(27)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).strftime(_UTC_FORMAT)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.strptime(value, _UTC_FORMAT).replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Synced:
    """Mixin of rows that travel in bundles: UUID key, owning unit, times, version, tombstone.

    The store maintains `created_at`, `updated_at` and `version` in one place (store.session);
    callers never set them. Columns named in `__local_columns__` are derived caches that do not
    make a new version (and so are not logged or sent).
    """

    __local_columns__: ClassVar[frozenset[str]] = frozenset()

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    unit_code: Mapped[str] = mapped_column(String(5), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    version: Mapped[int] = mapped_column(default=1)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def soft_delete(self) -> None:
        self.deleted_at = utcnow()


def synced_tables() -> list[str]:
    """Names of every table whose rows are synced (and logged), in dependency order."""
    return [
        str(mapper.local_table.description)
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, Synced)
    ]


def column_values(row: Any) -> dict[str, Any]:
    """A row's column values by attribute name (for JSON, tests and comparisons)."""
    return {c.key: getattr(row, c.key) for c in row.__mapper__.column_attrs}
