"""Finding a commune's village from what a file says: "Thôn Đông Hưng", "thon dong hung",
"Đông Hưng" (kind word left out) or "Tổ 01" for "Tổ 1" all name the same village.

A name that matches none — or several — is an error the officer fixes: villages are added in
Settings, never created by an import (a typo would become a village).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.domain.text import fold
from xasach.i18n import _
from xasach.services.villages import KIND_PREFIXES
from xasach.store.models import Village

#: Cells meaning "every village of the commune" (toàn xã, toàn phường …), folded.
WHOLE_COMMUNE = frozenset(
    {
        "toan xa",
        "toan phuong",
        "toan thi tran",
        "tat ca",
        "tat ca cac thon",
        "ca xa",
        "toan dia ban",
    }
)


def _numbers(folded: str) -> str:
    """Numbers without leading zeros: "to 01" → "to 1"."""
    return " ".join((w.lstrip("0") or "0") if w.isdigit() else w for w in folded.split())


def _bare(folded: str) -> str:
    """Without the kind word: "thon 01" → "1", "thon dong hung" → "dong hung"."""
    for prefix, _kind in KIND_PREFIXES:
        if folded.startswith(prefix + " "):
            folded = folded[len(prefix) + 1 :]
            break
    return _numbers(folded)


class VillageIndex:
    """The commune's live villages, looked up by what a cell says."""

    def __init__(self, session: Session, unit: str) -> None:
        rows = session.execute(
            select(Village.id, Village.name).where(
                Village.unit_code == unit, Village.deleted_at.is_(None)
            )
        ).all()
        self.names = {vid: name for vid, name in rows}
        self._exact: dict[str, str] = {}
        self._bare: dict[str, set[str]] = {}
        for vid, name in rows:
            key = fold(name)
            self._exact[key] = vid
            self._exact.setdefault(_numbers(key), vid)
            self._bare.setdefault(_bare(key), set()).add(vid)

    def find(self, text: str) -> str:
        """The village id, or DomainError naming the village and what to do."""
        key = fold(text)
        found = self._exact.get(key) or self._exact.get(_numbers(key))
        if found is None:
            matches = self._bare.get(_bare(key), set())
            if len(matches) == 1:
                found = next(iter(matches))
            elif len(matches) > 1:
                raise DomainError(
                    _(
                        "“{village}” could be several villages ({names}). Write the full name "
                        "as in Settings."
                    ).format(village=text, names=", ".join(sorted(self.names[m] for m in matches))),
                    "village",
                )
        if found is None:
            raise DomainError(
                _(
                    "The village “{village}” is not in the commune's list. Add it in Settings → "
                    "Villages first (or correct the name in the file), then import again."
                ).format(village=text),
                "village",
            )
        return found

    def find_many(self, text: str) -> tuple[str, ...]:
        """Several villages in one cell ("Thôn 1, Thôn 2; Tổ 3"), or the whole commune."""
        if fold(text) in WHOLE_COMMUNE:
            return tuple(self.names)
        parts = [p.strip() for p in text.replace(";", ",").replace("\n", ",").split(",")]
        return tuple(dict.fromkeys(self.find(p) for p in parts if p))
