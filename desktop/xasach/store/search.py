"""Accent-insensitive person search over the FTS5 index the store keeps (migration 0001).

The query is folded like the index ("Đức" → "duc"), each word matched as a prefix; results
whose words match the query *with its accents* rank first, then FTS5's bm25 rank.
"""

from __future__ import annotations

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from xasach.domain.text import exact_lower, tokens

MAX_QUERY_WORDS = 8


def fts_query(query: str) -> str | None:
    """The FTS5 MATCH expression for a user query, or None when it has no words.
    Folded tokens hold only letters and digits, so quoting each is enough to escape syntax."""
    words = tokens(query)[:MAX_QUERY_WORDS]
    return " ".join(f'"{w}"*' for w in words) if words else None


def search_person_ids(
    session: Session, query: str, *, limit: int = 50, unit_code: str | None = None
) -> list[str]:
    """Ids of live persons matching `query`, best first."""
    match = fts_query(query)
    if match is None:
        return []
    exact = exact_lower(query).split()[:MAX_QUERY_WORDS]
    score = " + ".join(f"(instr(p.search_exact, :e{i}) > 0)" for i in range(len(exact))) or "0"
    unit_filter = "AND p.unit_code = :unit" if unit_code else ""
    sql = text(
        f"""
        SELECT p.id FROM person_search
        JOIN person_search_map m ON m.doc = person_search.rowid
        JOIN person p ON p.id = m.person_id
        WHERE person_search MATCH :match AND p.deleted_at IS NULL {unit_filter}
        ORDER BY ({score}) DESC, person_search.rank, p.full_name
        LIMIT :limit
        """
    )
    params: dict[str, object] = {"match": match, "limit": limit}
    params.update({f"e{i}": word for i, word in enumerate(exact)})
    if unit_code:
        params["unit"] = unit_code
    return list(session.scalars(sql.bindparams(*(bindparam(k) for k in params)), params))
