"""The one i18n module: `_`, `N_`, `ngettext`, and the language chosen once per process.

Vietnamese is the default. Catalogs are the `.po` files in `i18n/<lang>/LC_MESSAGES/`;
a compiled `.mo` beside them is used when present (frozen builds), otherwise the `.po` is
compiled in memory with babel, so a fresh checkout needs no build step. Nothing is put in
builtins: modules import `_` from here (STYLE.md, after Picard).
"""

from __future__ import annotations

import gettext as _gettext
import io
from pathlib import Path

from xasach.paths import i18n_dir

DOMAIN = "xasach"
SUPPORTED = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def _load_catalog(lang: str, root: Path) -> _gettext.NullTranslations:
    folder = root / lang / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    po = folder / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    if po.exists():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        buf.seek(0)
        return _gettext.GNUTranslations(buf)
    return _gettext.NullTranslations()


def set_language(lang: str | None, root: Path | None = None) -> str:
    """Choose the language for the whole process; returns the language actually used."""
    global _translations, _language
    chosen = lang if lang in SUPPORTED else DEFAULT_LANGUAGE
    _translations = _load_catalog(chosen, root or i18n_dir())
    _language = chosen
    return chosen


def current_language() -> str:
    return _language


def babel_locale() -> str:
    """The babel/Qt locale name for the current language."""
    return {"vi": "vi_VN", "en": "en_GB"}[_language]


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 — the gettext convention for "mark, translate later"
    return message


set_language(DEFAULT_LANGUAGE)
