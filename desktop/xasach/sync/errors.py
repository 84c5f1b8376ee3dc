"""Why a sync file was refused: one line an officer can act on."""

from __future__ import annotations

from xasach.domain.errors import DomainError


class SyncFileError(DomainError):
    """A key card, bundle or receipt that must not be used; the database was not touched."""


class QuarantineError(SyncFileError):
    """A bundle that is kept aside (unverified sender key, reused sequence) until resolved."""
