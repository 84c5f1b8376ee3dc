"""The Inno Setup script is generated: version filled in, both languages, per-user install,
data kept on uninstall unless asked."""

from __future__ import annotations

import re

import make_iss
import pytest

import xasach


@pytest.fixture
def script(tmp_path):
    path = make_iss.write_iss(tmp_path / "XaSach.iss", tmp_path / "dist" / "XaSach")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup needs the BOM to read UTF-8"
    return raw.decode("utf-8-sig")


def test_the_version_comes_from_the_package(script):
    assert f'#define AppVersion "{xasach.__version__}"' in script
    quad = ".".join(map(str, make_iss.bs.version_numbers(xasach.__version__)))
    assert f"VersionInfoVersion={quad}" in script


def test_every_field_is_filled(script):
    assert not re.search(r"@[A-Z_]+@", script)


def test_vietnamese_first_then_english(script):
    languages = re.findall(r'^Name: "(\w+)"; MessagesFile: "([^"]+)"', script, re.M)
    assert languages == [
        ("vietnamese", r"compiler:Languages\Vietnamese.isl"),
        ("english", "compiler:Default.isl"),
    ]
    for key in ("UserGuide", "DeleteDataAsk", "DeleteDataConfirm"):
        assert f"vietnamese.{key}=" in script
        assert f"english.{key}=" in script


def test_installs_per_user_without_admin_rights(script):
    assert "PrivilegesRequired=lowest" in script
    assert "PrivilegesRequiredOverridesAllowed=dialog" in script


def test_start_menu_desktop_and_guide_shortcuts(script):
    assert r'Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"' in script
    assert r"Tasks: desktopicon" in script
    assert r"_internal\docs\huong-dan-su-dung.html" in script


def test_uninstall_asks_twice_before_deleting_data_and_defaults_to_keep(script):
    code = script[script.index("[Code]") :]
    assert code.count("MB_DEFBUTTON2") == 2  # "No" is the default answer, twice
    assert "UninstallSilent" in code
    assert "DelTree(DataDir" in code
    assert "[UninstallDelete]" not in script  # nothing deleted without asking


def test_an_unknown_field_in_the_template_is_an_error():
    with pytest.raises(KeyError):
        make_iss.render("AppName=@NOPE@", {"APP_NAME": "XaSach"})
