"""Every message in the code has a Vietnamese translation that keeps its placeholders.

Messages are extracted from the source tree here, the way `make i18n` does, not read from the
committed .pot: a message added without running `make i18n` fails this test.
"""

from __future__ import annotations

import importlib.util
import string
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from xasach.i18n import _, set_language

ROOT = Path(__file__).resolve().parent.parent


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def template() -> Catalog:
    return _tool().extract()


def _catalog(lang: str) -> Catalog:
    with (ROOT / "i18n" / lang / "LC_MESSAGES" / "xasach.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def _strings(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def _pairs(template: Catalog, lang: str) -> list[tuple[Message, Message]]:
    catalog = _catalog(lang)
    found = [(m, catalog.get(m.id, context=m.context)) for m in template if m.id]
    return [(m, t) for m, t in found if t is not None]


def test_the_source_has_messages_to_translate(template):
    assert len(template) > 50


def test_every_message_has_a_vietnamese_translation(template):
    catalog = _catalog("vi")
    missing = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id, context=message.context)
        strings = _strings(translated.string) if translated else ()
        if translated is None or translated.fuzzy or not strings or not all(strings):
            missing.append(message.id)
    assert not missing, "run `make i18n` and translate in i18n/vi:\n" + "\n".join(
        map(repr, missing)
    )


def placeholders_kept(source: str | tuple[str, ...], forms: tuple[str, ...]) -> bool:
    """Same placeholders as the source; for a plural, the last form (the only one in
    Vietnamese) has the plural's and no form invents one (a singular may drop `{n}`)."""
    if isinstance(source, str):
        return all(placeholders(f) == placeholders(source) for f in forms)
    allowed = set().union(*(placeholders(s) for s in source))
    return placeholders(forms[-1]) == placeholders(source[-1]) and all(
        placeholders(f) <= allowed for f in forms
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_translations_keep_the_placeholders(template, lang):
    wrong = []
    for message, translated in _pairs(template, lang):
        forms = tuple(f for f in _strings(translated.string) if f)
        if forms and not placeholders_kept(message.id, forms):
            wrong.append((message.id, forms))
    assert not wrong, "\n".join(f"{m!r} -> {t!r}" for m, t in wrong)


def test_a_lost_or_invented_placeholder_is_caught():
    assert placeholders_kept("Data file: {path}", ("Tệp dữ liệu: {path}",))
    assert not placeholders_kept("Data file: {path}", ("Tệp dữ liệu: {duong_dan}",))
    assert not placeholders_kept("Data file: {path}", ("Tệp dữ liệu",))
    assert placeholders_kept(("One file", "{n} files"), ("One file", "{n} files"))
    assert placeholders_kept(("{n} file", "{n} files"), ("{n} tệp",))
    assert not placeholders_kept(("{n} file", "{n} files"), ("tệp",))


def test_the_english_catalog_translates_each_message_to_itself(template):
    different = [m.id for m, t in _pairs(template, "en") if t.string and t.string != m.id]
    assert not different


def test_vietnamese_is_chosen_by_set_language():
    set_language("vi")
    assert _("Compulsory rehab") == "Cai nghiện bắt buộc"
    assert _("Post-rehab management") == "Quản lý sau cai nghiện"


def test_english_leaves_the_source_strings():
    set_language("en")
    assert _("Compulsory rehab") == "Compulsory rehab"
