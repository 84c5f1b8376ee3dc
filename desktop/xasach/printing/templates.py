"""The wording of each form (mẫu văn bản), read from `resources/forms/*.toml`.

Titles, legal bases, standard clauses, column headings and the labels of coded values are data:
when a decree changes a form, the TOML file is edited and no code changes. Texts may hold
placeholders such as ``{unit}`` or ``{PROVINCE}`` (upper case = the value in capitals); a
placeholder the form does not know is left as written, so a typo shows on paper, not as a crash.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from xasach.domain.errors import DomainError
from xasach.i18n import _
from xasach.paths import resources_dir
from xasach.printing.words import upper

COMMON = "common"
VOCABULARY = "vocabulary"


def forms_dir() -> Path:
    return resources_dir() / "forms"


class _Keep(dict[str, str]):
    """format_map values that leave unknown placeholders as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, values: Mapping[str, str]) -> str:
    """Put `values` into the placeholders of `text`; ``{KEY}`` gives the value of ``key`` in
    capitals."""
    known = _Keep(values)
    for key, value in values.items():
        known.setdefault(key.upper(), upper(value))
    try:
        return text.format_map(known)
    except (ValueError, IndexError):
        return text  # stray braces in edited wording: print it as written


@dataclass(frozen=True)
class Template:
    """One form's wording, with the shared wording of `common.toml` beneath it."""

    name: str
    data: Mapping[str, Any]
    common: Mapping[str, Any]

    def _find(self, key: str) -> Any:
        for source in (self.data, self.common):
            node: Any = source
            for part in key.split("."):
                if not isinstance(node, Mapping) or part not in node:
                    node = None
                    break
                node = node[part]
            if node is not None:
                return node
        raise DomainError(
            _("The form template “{name}” has no text “{key}”. Restore resources/forms.").format(
                name=self.name, key=key
            )
        )

    def raw(self, key: str) -> Any:
        """The value as the file holds it (a list of tables, a number …)."""
        return self._find(key)

    def has(self, key: str) -> bool:
        try:
            self._find(key)
        except DomainError:
            return False
        return True

    def text(self, key: str, values: Mapping[str, str] | None = None) -> str:
        return fill(str(self._find(key)), values or {})

    def lines(self, key: str, values: Mapping[str, str] | None = None) -> list[str]:
        found = self._find(key)
        items = found if isinstance(found, list) else [found]
        return [fill(str(item), values or {}) for item in items]

    def table(self, key: str) -> Mapping[str, Any]:
        found = self._find(key)
        return found if isinstance(found, Mapping) else {}


@cache
def _read(name: str, folder: str) -> Mapping[str, Any]:
    path = Path(folder) / f"{name}.toml"
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise DomainError(
            _("The form template {path} is missing. Reinstall XaSach.").format(path=path)
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise DomainError(
            _("The form template {path} cannot be read ({detail}). Correct the file.").format(
                path=path, detail=exc
            )
        ) from exc


def load_template(name: str) -> Template:
    folder = str(forms_dir())
    return Template(name, _read(name, folder), _read(COMMON, folder))


def vocabulary(group: str, key: str, fallback: str = "") -> str:
    """The Vietnamese label of a coded value (a status, an episode kind …) for printing, so an
    official form stays in Vietnamese whatever language the screens use."""
    found = _read(VOCABULARY, str(forms_dir())).get(group, {})
    label = found.get(key) if isinstance(found, Mapping) else None
    return str(label) if label else (fallback or key)


def clear_cache() -> None:
    """Forget the files read (after an officer edits a template while the app runs)."""
    _read.cache_clear()
