"""Portable mode: a `XaSachData` folder beside the frozen executable holds the data."""

from __future__ import annotations

import sys

import pytest

from xasach import paths


@pytest.fixture
def frozen(tmp_path, monkeypatch):
    """A fake frozen build: `sys.frozen` set and the executable in a folder of its own."""
    program = tmp_path / "stick" / "XaSach"
    program.mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program / "XaSach.exe"))
    monkeypatch.delenv("XASACH_DB", raising=False)
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "local"))
    return program


def test_a_data_folder_beside_the_executable_makes_the_app_portable(frozen):
    (frozen / "XaSachData").mkdir()

    assert paths.is_portable()
    assert paths.user_data_dir() == frozen.resolve() / "XaSachData"
    assert paths.default_db_path() == frozen.resolve() / "XaSachData" / "xasach.db"


def test_without_the_folder_the_data_stays_in_the_user_profile(frozen, tmp_path):
    assert not paths.is_portable()
    assert paths.user_data_dir() == tmp_path / "local" / "XaSach"


def test_a_file_with_the_folder_name_does_not_count(frozen):
    (frozen / "XaSachData").write_text("not a folder")

    assert not paths.is_portable()


def test_xasach_db_still_wins_in_portable_mode(frozen, tmp_path, monkeypatch):
    (frozen / "XaSachData").mkdir()
    monkeypatch.setenv("XASACH_DB", str(tmp_path / "chosen.db"))

    assert paths.default_db_path() == tmp_path / "chosen.db"


def test_the_source_tree_is_never_portable(tmp_path, monkeypatch):
    """From a checkout the executable is Python: a folder beside it must change nothing."""
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / "XaSachData").mkdir()

    assert paths.portable_data_dir() is None


def test_a_frozen_build_finds_resources_and_catalogs_in_its_bundle(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    monkeypatch.delenv("XASACH_RESOURCES", raising=False)

    assert paths.resources_dir() == tmp_path / "_internal" / "resources"
    assert paths.i18n_dir() == tmp_path / "_internal" / "i18n"
