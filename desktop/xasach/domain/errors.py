"""Errors raised by domain rules, carrying a message already fit to show an officer."""

from __future__ import annotations


class DomainError(ValueError):
    """A rule was broken. `field` names the input at fault so a form can show it there."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
