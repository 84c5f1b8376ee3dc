"""What the frozen build takes from the package: version, catalogs, data files, what it leaves
out. PyInstaller itself is not installed for the tests; `make dist-check` runs the real build."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import build_support as bs
import pytest

import xasach


def test_name_and_version_come_from_the_package():
    assert bs.app_metadata() == (xasach.APP_NAME, xasach.__version__)


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2", (1, 2, 0, 0)),
        ("2.0.3rc1", (2, 0, 3, 0)),
        ("3", (3, 0, 0, 0)),
    ],
)
def test_windows_gets_four_numbers(version, numbers):
    assert bs.version_numbers(version) == numbers


def test_a_version_without_numbers_is_refused():
    with pytest.raises(ValueError):
        bs.version_numbers("dev")


def test_catalogs_compile_to_mo_files_that_translate(tmp_path):
    written = bs.compile_catalogs(tmp_path)

    assert {mo.parent.parent.name for mo in written} == {"vi", "en"}
    with (tmp_path / "vi" / "LC_MESSAGES" / "xasach.mo").open("rb") as fh:
        vi = gettext.GNUTranslations(fh)
    assert vi.gettext("Hotspots") != "Hotspots"


def test_data_files_bring_resources_catalogs_and_migrations(tmp_path):
    pairs = bs.data_files(tmp_path / "i18n", tmp_path / "docs")
    targets = {Path(source).name: dest for source, dest in pairs}

    assert (str(bs.RESOURCES), "resources") in pairs
    assert (str(tmp_path / "i18n"), "i18n") in pairs
    assert (str(tmp_path / "docs"), "docs") in pairs
    assert targets["env.py"] == "xasach/store/migrations"
    assert targets["script.py.mako"] == "xasach/store/migrations"
    versions = [s for s, d in pairs if d == "xasach/store/migrations/versions"]
    shipped = sorted((bs.PACKAGE / "store" / "migrations" / "versions").glob("*.py"))
    assert sorted(map(Path, versions)) == shipped


def test_the_icon_ships_for_the_window_and_for_windows():
    assert (bs.RESOURCES / "icons" / "xasach.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    ico = bs.ICON_ICO.read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00"
    assert int.from_bytes(ico[4:6], "little") >= 6  # 16 … 256 px


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/translations/qtbase_fr.qm",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/plugins/tls/qopensslbackend.dll",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "libQt6Qml.so.6",
        "PySide6/Qt6Quick.dll",
        "babel/locale-data/fr.dat",
        "holidays/locale/de/LC_MESSAGES/DE.mo",
        "PySide6/opengl32sw.dll",
        "PySide6/d3dcompiler_47.dll",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
        "PySide6/plugins/imageformats/qwebp.dll",
        "libcups.so.2",
    ],
)
def test_what_the_app_never_uses_is_left_out(dest):
    assert bs.unwanted(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/plugins/imageformats/qjpeg.dll",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "PySide6/Qt6PdfWidgets.dll",
        "PySide6/Qt/lib/libQt6Charts.so.6",
        "babel/locale-data/vi.dat",
        "babel/locale-data/en_GB.dat",
        "babel/locale-data/root.dat",
        "holidays/locale/vi/LC_MESSAGES/VN.mo",
        "resources/fonts/LiberationSerif-Regular.ttf",
        "PySide6/Qt6OpenGL.dll",
        "opengl32.dll",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/plugins/imageformats/qico.dll",
        "PySide6/Qt/lib/libicudata.so.73",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    ],
)
def test_what_the_app_needs_is_kept(dest):
    assert not bs.unwanted(dest)


def test_libraries_left_behind_by_dropped_plugins_go_too():
    links = {
        "/x/PySide6/Qt/plugins/platforms/libqxcb.so": {"libQt6Gui.so.6", "libxcb.so.1"},
        "/x/libxcb.so.1": {"libXau.so.6"},
        "/x/libXau.so.6": set(),
        "/x/libcairo.so.2": {"libpixman-1.so.0"},
        "/x/libpixman-1.so.0": set(),
        "/x/libpython3.11.so.1.0": set(),
        "/x/_cffi_backend.so": set(),
    }
    binaries = [
        (
            "PySide6/Qt/plugins/platforms/libqxcb.so",
            "/x/PySide6/Qt/plugins/platforms/libqxcb.so",
            "BINARY",
        ),
        ("libxcb.so.1", "/x/libxcb.so.1", "BINARY"),
        ("libXau.so.6", "/x/libXau.so.6", "BINARY"),
        ("libcairo.so.2", "/x/libcairo.so.2", "BINARY"),
        ("libpixman-1.so.0", "/x/libpixman-1.so.0", "BINARY"),
        ("libpython3.11.so.1.0", "/x/libpython3.11.so.1.0", "BINARY"),
        ("_cffi_backend.so", "/x/_cffi_backend.so", "EXTENSION"),
    ]

    kept = {dest for dest, _, _ in bs.drop_orphan_libraries(binaries, links.__getitem__)}

    assert kept == {
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "libxcb.so.1",
        "libXau.so.6",
        "libpython3.11.so.1.0",
        "_cffi_backend.so",
    }


def test_libraries_left_to_the_system_take_their_own_dependencies_along():
    links = {
        "/x/libcupsprintersupport.so": {"libcups.so.2", "libQt6Gui.so.6"},
        "/x/libQt6Gui.so.6": {"libfreetype.so.6"},
        "/x/libfreetype.so.6": set(),
        "/sys/libcups.so.2": {"libgnutls.so.30", "libgssapi_krb5.so.2"},
        "/sys/libgnutls.so.30": {"libp11-kit.so.0"},
        "/sys/libp11-kit.so.0": set(),
        "/sys/libgssapi_krb5.so.2": set(),
        "/x/libQt6Network.so.6": {"libgssapi_krb5.so.2"},
    }
    binaries = [
        (
            "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
            "/x/libcupsprintersupport.so",
            "BINARY",
        ),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/x/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Network.so.6", "/x/libQt6Network.so.6", "BINARY"),
        ("libfreetype.so.6", "/x/libfreetype.so.6", "BINARY"),
        ("libcups.so.2", "/sys/libcups.so.2", "BINARY"),
        ("libgnutls.so.30", "/sys/libgnutls.so.30", "BINARY"),
        ("libp11-kit.so.0", "/sys/libp11-kit.so.0", "BINARY"),
        ("libgssapi_krb5.so.2", "/sys/libgssapi_krb5.so.2", "BINARY"),
    ]

    kept = bs.drop_orphan_libraries(bs.prune(binaries), links.__getitem__)

    assert {dest for dest, _, _ in kept} == {
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "libfreetype.so.6",
        "libgssapi_krb5.so.2",  # Qt's network library links it too
    }


def test_the_windows_version_resource_carries_the_package_version(tmp_path):
    path = bs.write_version_info(tmp_path / "v.txt", "XaSach", "1.2.3", "XaSach")
    tree = ast.parse(path.read_text(encoding="utf-8"), mode="eval")
    calls = {n.func.id: n for n in ast.walk(tree) if isinstance(n, ast.Call)}
    fixed = {k.arg: ast.literal_eval(k.value) for k in calls["FixedFileInfo"].keywords}
    strings = {
        ast.literal_eval(c.args[0]): ast.literal_eval(c.args[1])
        for c in ast.walk(tree)
        if isinstance(c, ast.Call) and getattr(c.func, "id", "") == "StringStruct"
    }

    assert fixed["filevers"] == fixed["prodvers"] == (1, 2, 3, 0)
    assert strings["ProductVersion"] == strings["FileVersion"] == "1.2.3"
    assert strings["OriginalFilename"] == "XaSach.exe"


def test_the_spec_parses_and_takes_everything_from_build_support():
    spec = (bs.ROOT / "installer" / "xasach.spec").read_text(encoding="utf-8")
    tree = ast.parse(spec)
    names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}

    assert {"app_metadata", "compile_catalogs", "data_files", "prune", "render_guide"} <= names
    assert {"trim_icu_data", "drop_orphan_libraries", "elf_needed"} <= names
    assert "0.1.0" not in spec  # no version typed by hand
    for module in ("PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtPrintSupport"):
        assert f'"{module}"' in spec
    assert '"sqlcipher3.dbapi2"' in spec
    for module in ("_ssl", "_hashlib", "_sqlite3", "readline", "_codecs_jp"):
        assert f'"{module}"' in spec  # excluded


def test_hashing_needs_no_openssl():
    """The spec leaves `_hashlib` (OpenSSL) out: every hash the app calls must have Python's
    own implementation, which hashlib falls back to (as in the frozen app)."""
    import hashlib

    builtin = getattr(hashlib, "__get_builtin_constructor")  # hashlib's fallback
    sources = bs.PACKAGE.rglob("*.py")
    calls = {
        m for path in sources for m in re.findall(r"hashlib\.(\w+)\(", path.read_text("utf-8"))
    }
    assert "sha256" in calls
    # new() and file_digest() work without OpenSSL; pbkdf2_hmac or scrypt would not be found
    for name in (calls - {"new", "file_digest"}) | {"md5", "sha1"}:  # md5: SQLAlchemy, reportlab
        assert builtin(name)(b"x").hexdigest()


def test_the_user_guide_becomes_a_page_with_its_screenshots(tmp_path):
    out = bs.render_guide(tmp_path)
    html = (out / "huong-dan-su-dung.html").read_text(encoding="utf-8")

    assert "<title>Hướng dẫn sử dụng XaSach</title>" in html
    assert 'src="screenshots/03-login.png"' in html
    assert (out / "screenshots" / "03-login.png").exists()
