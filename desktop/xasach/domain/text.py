"""Vietnamese text folding for search and matching.

Unicode decomposition removes tone and vowel marks but leaves đ/Đ alone — it is a letter of its
own, not d with a mark — so it is mapped to d explicitly. Folding is deliberately lossy:
"duc" finds Đức, Dức and Dục alike; ranking puts exact-accent matches first.
"""

from __future__ import annotations

import re
import unicodedata

_STROKED = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
#: Every combining mark of the Basic Multilingual Plane, as one character class: removing them
#: with one regex is ~5x faster than testing each character (folding runs on every import).
_COMBINING = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c)))
    + "]+"
)


def nfc(text: str) -> str:
    """Precomposed form: files typed on old keyboards (NFD) and new ones (NFC) compare equal."""
    return unicodedata.normalize("NFC", text)


def fold(text: str | None) -> str:
    """Lower case, accents removed, đ → d, punctuation to single spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKED))
    bare = decomposed if decomposed.isascii() else _COMBINING.sub("", decomposed)
    if not bare.isascii() and max(bare) > "\uffff":  # marks beyond the BMP: rare, slow path
        bare = "".join(ch for ch in bare if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", bare.lower().translate(_STROKED)).split())


def exact_lower(text: str | None) -> str:
    """Lower case with accents kept (NFC), for ranking exact-accent matches first."""
    if not text:
        return ""
    return " ".join(_NON_WORD.sub(" ", nfc(text).lower()).split())


def tokens(text: str | None) -> list[str]:
    """Folded words of a query, in order."""
    return fold(text).split()
