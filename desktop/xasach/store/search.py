"""Accent-insensitive person search over the FTS5 index the store keeps (migration 0001).

Every query word is matched as a prefix against the folded text ("Đức" → "duc", so "duc"
finds Đức, Dức and Dực alike). Words typed *with* accents also decide the order: people in
whom those words appear with the same accents come first. Each group is one FTS5 query with a
LIMIT and no sort over all matches, so a common name among 200,000 people stays fast.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from xasach.domain.text import exact_lower, fold

MAX_QUERY_WORDS = 8


def _phrase(words: list[str]) -> str:
    # Folded and lower-cased words hold only letters and digits: quoting each escapes syntax.
    return " ".join(f'"{w}"*' for w in words)


def fts_query(query: str) -> str | None:
    """The MATCH expression over the folded text, or None when the query has no words."""
    words = fold(query).split()[:MAX_QUERY_WORDS]
    return f"body : ({_phrase(words)})" if words else None


def _accented_words(query: str) -> list[str]:
    return [w for w in exact_lower(query).split()[:MAX_QUERY_WORDS] if fold(w) != w]


def search_person_ids(
    session: Session, query: str, *, limit: int = 50, unit_code: str | None = None
) -> list[str]:
    """Ids of live persons matching `query`: exact-accent matches first."""
    folded = fts_query(query)
    if folded is None or limit <= 0:
        return []
    accented = _accented_words(query)
    groups = [folded]
    if accented:
        exact = f"exact : ({_phrase(accented)})"
        groups = [f"{folded} AND {exact}", f"{folded} NOT {exact}"]
    unit_join = "JOIN person p ON p.id = m.person_id AND p.unit_code = :unit" if unit_code else ""
    found: list[str] = []
    for match in groups:
        sql = text(
            f"""SELECT m.person_id FROM person_search
            JOIN person_search_map m ON m.doc = person_search.rowid {unit_join}
            WHERE person_search MATCH :match LIMIT :limit"""
        )
        params: dict[str, object] = {"match": match, "limit": limit - len(found)}
        if unit_code:
            params["unit"] = unit_code
        found.extend(session.scalars(sql, params))
        if len(found) >= limit:
            break
    return found
