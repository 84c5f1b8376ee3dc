"""Errors of the store, each with a message fit for an officer (what happened, what to do)."""

from __future__ import annotations


class StoreError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
