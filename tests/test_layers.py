"""Layers are enforced, not hoped for (STYLE.md habit 1)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "desktop" / "xasach"


def imported_modules(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[str(path.relative_to(PACKAGE))] = names
    return found


@pytest.mark.parametrize("layer", ["domain", "sync", "store", "services", "demo", "printing"])
def test_no_qt_below_the_ui(layer):
    for module, names in imported_modules(PACKAGE / layer).items():
        assert not any(n.split(".")[0] == "PySide6" for n in names), module


def test_domain_imports_neither_qt_nor_sqlalchemy():
    for module, names in imported_modules(PACKAGE / "domain").items():
        roots = {n.split(".")[0] for n in names}
        assert not roots & {"PySide6", "sqlalchemy", "alembic"}, module
        assert not any(
            n.startswith(("xasach.store", "xasach.ui", "xasach.services")) for n in names
        )


def test_sync_files_know_neither_qt_nor_sql():
    """The file formats are bytes in, bytes out: the services decide what touches the store."""
    for module, names in imported_modules(PACKAGE / "sync").items():
        roots = {n.split(".")[0] for n in names}
        assert not roots & {"PySide6", "sqlalchemy", "alembic"}, module
        assert not any(
            n.startswith(("xasach.store", "xasach.ui", "xasach.services")) for n in names
        ), module


def test_printing_knows_neither_qt_nor_sql():
    """Forms take plain data: the services gather it, number it and audit the print."""
    for module, names in imported_modules(PACKAGE / "printing").items():
        roots = {n.split(".")[0] for n in names}
        assert not roots & {"PySide6", "sqlalchemy", "alembic"}, module
        assert not any(
            n.startswith(("xasach.store", "xasach.ui", "xasach.services", "xasach.sync"))
            for n in names
        ), module


def test_tabular_reads_and_writes_files_only():
    """Spreadsheets in and out: no Qt, no SQL; of XaSach only the domain rules and i18n."""
    for module, names in imported_modules(PACKAGE / "tabular").items():
        roots = {n.split(".")[0] for n in names}
        assert not roots & {"PySide6", "sqlalchemy", "alembic"}, module
        ours = {n for n in names if n.startswith("xasach")}
        assert all(
            n.startswith(("xasach.domain", "xasach.tabular")) or n == "xasach.i18n" for n in ours
        ), module


def test_only_the_entry_point_imports_the_ui():
    for module, names in imported_modules(PACKAGE).items():
        if module.startswith("ui/") or module == "cli/__init__.py":
            continue
        assert not any(n.startswith("xasach.ui") for n in names), module


def test_every_module_imports():
    """Cheap, after calibre: catches what a frozen build would break on."""
    import importlib

    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        if path.name == "__main__.py" or "migrations" in rel.parts:
            continue
        importlib.import_module(".".join(rel.parts).removesuffix(".__init__"))
