"""Which encoding a CSV file was saved in: UTF-8 (with or without BOM), else Windows-1258 or
Windows-1252, whichever reads as more Vietnamese.

Windows-1258 writes most tone marks as separate combining characters, so text is decoded and
then NFC-normalised; a Windows-1252 file read as 1258 (or the reverse) leaves stray marks and
foreign letters, which the score counts against it.
"""

from __future__ import annotations

import codecs
import unicodedata

from xasach.domain.errors import DomainError
from xasach.i18n import _

UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
CP1258 = "cp1258"
CP1252 = "cp1252"
#: What the officer may choose instead of the automatic guess, in the order offered.
CHOICES = (UTF8, CP1258, CP1252)

_VIETNAMESE = frozenset(
    unicodedata.normalize("NFC", c)
    for c in (
        "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
        "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬEÈÉẺẼẸÊỀẾỂỄỆIÌÍỈĨỊOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢUÙÚỦŨỤƯỪỨỬỮỰYỲÝỶỸỴĐ"
    )
)


def _score(text: str) -> int:
    """Vietnamese letters beyond ASCII count for, other non-ASCII letters and stray combining
    marks against."""
    score = 0
    for ch in text:
        if ch.isascii():
            continue
        if ch in _VIETNAMESE:
            score += 1
        elif unicodedata.combining(ch) or ch.isalpha():
            score -= 2
    return score


def detect_encoding(data: bytes) -> str:
    """The encoding to read `data` with (a Python codec name)."""
    if data.startswith(codecs.BOM_UTF8):
        return UTF8_BOM
    try:
        data.decode(UTF8)
    except UnicodeDecodeError:
        pass
    else:
        return UTF8
    sample = data[:200_000]
    as_1258 = _score(unicodedata.normalize("NFC", sample.decode(CP1258, errors="replace")))
    as_1252 = _score(unicodedata.normalize("NFC", sample.decode(CP1252, errors="replace")))
    return CP1258 if as_1258 >= as_1252 else CP1252


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text in NFC, encoding used); `encoding` None guesses."""
    chosen = encoding or detect_encoding(data)
    if chosen == UTF8 and data.startswith(codecs.BOM_UTF8):
        chosen = UTF8_BOM
    try:
        text = data.decode(chosen)
    except UnicodeDecodeError:
        raise DomainError(
            _(
                "The file cannot be read as {encoding}. Choose another encoding (for old files "
                "made on Windows, try Windows-1258)."
            ).format(encoding=encoding_label(chosen)),
            "encoding",
        ) from None
    except LookupError:
        raise DomainError(
            _("Unknown encoding “{encoding}”. Use utf-8, cp1258 or cp1252.").format(
                encoding=chosen
            ),
            "encoding",
        ) from None
    return unicodedata.normalize("NFC", text), chosen


def encoding_label(encoding: str) -> str:
    return {
        UTF8: "UTF-8",
        UTF8_BOM: "UTF-8",
        CP1258: "Windows-1258",
        CP1252: "Windows-1252",
    }.get(encoding, encoding)
