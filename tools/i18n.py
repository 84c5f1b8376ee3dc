"""Extract messages, update the vi/en catalogs and compile them (`make i18n`).

Uses babel's Python API rather than `pybabel` so one file holds the whole recipe (keywords,
comment handling, the `en` auto-fill) and the test suite can extract exactly the same way.
Headers carry dates that change on every run; a file is rewritten only when its messages or
translations changed, so `make i18n` on an unchanged tree leaves git clean. Messages gone from
the code are dropped from the catalogs rather than kept as `#~` entries: git history keeps them.

Run: .venv/bin/python tools/i18n.py [--check]
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "desktop" / "xasach"
I18N = ROOT / "i18n"
POT = I18N / "xasach.pot"
DOMAIN = "xasach"
LANGUAGES = ("vi", "en")
# `_` and `N_` take one message; `ngettext` takes singular and plural (xasach/i18n.py).
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
METHOD_MAP = [("**.py", "python")]
# Every comment right above a message goes to the translator, except lint/type pragmas.
COMMENT_TAGS = ("",)
PRAGMAS = ("noqa", "type:", "pragma", "fmt:")
HEADER_DATES = ("POT-Creation-Date:", "PO-Revision-Date:")
HEADER_COMMENT = (
    "# Translations template for PROJECT.\n"
    "# Source strings are English; run `make i18n` after changing messages in the code.\n"
    "# This file is distributed under the same license as the PROJECT project.\n"
    "#"
)


def _version() -> str:
    sys.path.insert(0, str(ROOT / "desktop"))
    try:
        import xasach

        return xasach.__version__
    finally:
        sys.path.pop(0)


def extract(source: Path = SOURCE) -> Catalog:
    """Every `_()`, `N_()` and `ngettext()` message under `source`, sorted by file."""
    catalog = Catalog(
        project="XaSach",
        version=_version(),
        copyright_holder="XaSach team",
        header_comment=HEADER_COMMENT,
        charset="utf-8",
    )
    found = extract_from_dir(
        str(source),
        method_map=METHOD_MAP,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        path = (source / filename).relative_to(ROOT).as_posix()
        notes = [c.strip() for c in comments if c.strip() and not c.strip().startswith(PRAGMAS)]
        catalog.add(message, None, [(path, lineno)], auto_comments=notes, context=context, flags=())
    return catalog


def _render(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, sort_by_file=True, ignore_obsolete=True)
    return buf.getvalue()


def _without_dates(data: bytes) -> list[bytes]:
    return [
        line
        for line in data.splitlines()
        if not line.lstrip(b'"').startswith(tuple(d.encode() for d in HEADER_DATES))
    ]


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write unless only header dates differ (keeps `make i18n` from churning git)."""
    if path.exists() and _without_dates(path.read_bytes()) == _without_dates(data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _fill_english(catalog: Catalog) -> None:
    """Source strings are English, so the `en` catalog translates each message to itself."""
    for message in catalog:
        if not message.id:
            continue
        message.string = message.id
        message.flags.discard("fuzzy")


def update(template: Catalog, lang: str) -> Catalog:
    """The `lang` catalog brought up to `template`, keeping translations, with no fuzzy guesses."""
    po = I18N / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if po.exists():
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
    else:
        catalog = Catalog(locale=lang, domain=DOMAIN)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=True)
    catalog.project, catalog.version = template.project, template.version
    catalog.copyright_holder = template.copyright_holder
    catalog.language_team = catalog.last_translator = "XaSach team"
    catalog.revision_date = datetime.now(UTC)
    catalog.fuzzy = False
    if lang == "en":
        _fill_english(catalog)
    return catalog


def untranslated(catalog: Catalog) -> list[Message]:
    """Messages with no usable translation (empty, partly empty or fuzzy)."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message)
    return missing


def compile_mo(catalog: Catalog, lang: str) -> Path:
    mo = I18N / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with mo.open("wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)
    return mo


def _ids(messages: Iterable[Message]) -> str:
    return "\n".join(f"  {m.id!r}" for m in messages)


def _updated(changed: bool) -> str:
    return " (updated)" if changed else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail when a Vietnamese translation is missing"
    )
    args = parser.parse_args(argv)
    template = extract()
    changed = _write_if_changed(POT, _render(template))
    print(f"{POT.relative_to(ROOT)}: {len(template)} messages{_updated(changed)}")
    status = 0
    for lang in LANGUAGES:
        catalog = update(template, lang)
        po = I18N / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        changed = _write_if_changed(po, _render(catalog))
        compile_mo(catalog, lang)
        missing = untranslated(catalog)
        note = f", {len(missing)} untranslated" if missing else ""
        print(f"{po.relative_to(ROOT)}: {len(catalog)} messages{note}{_updated(changed)}")
        if missing and args.check:
            print(_ids(missing), file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
