"""What the frozen build needs besides PyInstaller itself: name and version from the package,
compiled catalogs, the data files, the Windows version resource, and which collected files to
leave out. Used by `xasach.spec` and `make_iss.py`, tested by `tests/installer/` (without
PyInstaller, which the test environment does not install).
"""

from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desktop" / "xasach"
I18N = ROOT / "i18n"
RESOURCES = ROOT / "resources"
ICON_ICO = RESOURCES / "icons" / "xasach.ico"
DOMAIN = "xasach"
PUBLISHER = "XaSach team"
DESCRIPTION = "XaSach — sổ sách phòng, chống ma túy của xã"
#: The GUI program (no console window on Windows) and the command line (a console program):
#: Windows file names ignore case, so the second cannot be called `xasach.exe`.
GUI_NAME = "XaSach"
CLI_NAME = "xasach-cli"

#: Babel locale data kept in the build: the app formats in vi_VN and en_GB only (i18n.py);
#: each locale's parents (en_GB → en_001 → en → root) must come along. ~30 MB saved.
BABEL_LOCALES = ("root", "vi", "vi_VN", "en", "en_001", "en_150", "en_GB", "en_US", "en_US_POSIX")


def app_metadata(package: Path = PACKAGE) -> tuple[str, str]:
    """(APP_NAME, __version__) read from `xasach/__init__.py` without importing the package."""
    values: dict[str, str] = {}
    tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    values[target.id] = node.value.value
    return values["APP_NAME"], values["__version__"]


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """The four numbers Windows wants (`0.1.0rc1` → (0, 1, 0, 0)): leading digits only."""
    match = re.match(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?", version)
    if not match:
        raise ValueError(f"not a version: {version!r}")
    parts = [int(p) if p is not None else 0 for p in match.groups()]
    return parts[0], parts[1], parts[2], parts[3]


def compile_catalogs(dest: Path, source: Path = I18N) -> list[Path]:
    """Compile every `<lang>/LC_MESSAGES/xasach.po` under `source` into `dest` (same layout).

    Only `.mo` files ship: the frozen app never compiles at run time (i18n.py prefers `.mo`)
    and never writes into its own folder.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(source.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        lang = po.parent.parent.name
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        mo = dest / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo)
    if not written:
        raise FileNotFoundError(f"no {DOMAIN}.po catalogs under {source}")
    return written


def data_files(catalogs: Path, guide: Path | None = None) -> list[tuple[str, str]]:
    """(source, folder in the bundle) pairs for PyInstaller's `datas`.

    `resources/` and `i18n/` land at the bundle root, where `paths._project_root()` looks
    (`sys._MEIPASS`); the Alembic scripts are read as files by `store.migrate`, so they go where
    the frozen `xasach/store/migrate.py` would be.
    """
    pairs = [(str(RESOURCES), "resources"), (str(catalogs), "i18n")]
    migrations = PACKAGE / "store" / "migrations"
    for path in sorted(migrations.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".mako"):
            folder = Path("xasach") / "store" / path.parent.relative_to(PACKAGE / "store")
            pairs.append((str(path), folder.as_posix()))
    if guide is not None:
        pairs.append((str(guide), "docs"))
    return pairs


def _dest_parts(dest: str) -> tuple[str, ...]:
    return tuple(dest.replace("\\", "/").split("/"))


#: Qt plugin folders the app never loads: network (it has none), evdev/tslib input, and on
#: Linux the embedded-device and Wayland back ends (xcb runs under XWayland too).
QT_PLUGIN_FOLDERS_LEFT_OUT = (
    "tls",
    "networkinformation",
    "generic",
    "qmltooling",
    "egldeviceintegrations",
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
    "wayland-shell-integration",
)
#: Single plugins: the virtual keyboard pulls in QML and Quick; GTK's theme pulls in half of
#: GTK's libraries (and needs GTK itself, absent from the bundle); framebuffer, VNC, EGL and
#: Wayland window platforms (Windows uses `qwindows`, tests `offscreen`, Linux desktops `xcb`).
QT_PLUGINS_LEFT_OUT = (
    "qtvirtualkeyboardplugin",
    "qgtk3",
    "qeglfs",
    "qlinuxfb",
    "qminimalegl",
    "qvkkhrdisplay",
    "qvnc",
    "qwayland",
    # image formats the app never reads (its images are PNG and SVG; ICO for Windows' icon)
    "qtiff",
    "qwebp",
    "qicns",
    "qtga",
    "qwbmp",
)
#: Qt libraries only those plugins need (Linux `libQt6Quick.so.6`, Windows `Qt6Quick.dll`).
QT_LIBRARIES_LEFT_OUT = (
    "Qt6Quick",
    "Qt6Qml",
    "Qt6VirtualKeyboard",
    "Qt6EglFS",
    "Qt6EglFs",
    "Qt6WaylandClient",
    "Qt6WlShellIntegration",
)
#: Windows: software OpenGL (opengl32sw.dll, ~20 MB) and ANGLE, which PyInstaller adds for
#: OpenGL programs. XaSach draws with Qt's raster engine (widgets, charts, PDF view) and never
#: makes an OpenGL context, so an old PC without a graphics driver loses nothing.
WINDOWS_OPENGL_LEFT_OUT = ("opengl32sw", "d3dcompiler_", "libegl", "libglesv2")
#: Linux: libraries taken from the system, as PyInstaller already does for libGL and libc.
#: CUPS (Qt's print-support plugin) brought GnuTLS, p11-kit, libunistring, GMP, Nettle and
#: Avahi, ~7.5 MB; every Linux desktop that prints has libcups.so.2, and where it is missing
#: Qt's print dialog still prints to PDF (the plugin does not load).
LINUX_SYSTEM_LIBRARIES = ("libcups.so.",)


def unwanted(dest: str) -> bool:
    """True for collected files the app never uses (kept out to stay well under 150 MB).

    `dest` is the path inside the bundle, as in PyInstaller's TOC; the Qt layout differs
    between wheels (Linux `PySide6/Qt/plugins/…`, Windows `PySide6/plugins/…`), and on Linux
    a library may also appear as a symbolic link at the top of the bundle.
    """
    parts = _dest_parts(dest)
    name = parts[-1]
    if name.removeprefix("lib").startswith(QT_LIBRARIES_LEFT_OUT):
        return True
    if name.lower().startswith(WINDOWS_OPENGL_LEFT_OUT) and name.lower().endswith(".dll"):
        return True
    if len(parts) == 1 and name.startswith(LINUX_SYSTEM_LIBRARIES):
        return True
    if parts[0] == "PySide6":
        if "translations" in parts[:3]:
            return True  # Qt has no Vietnamese qtbase catalog; English needs none (qt_i18n.py)
        if "plugins" in parts[:3] and len(parts) > parts.index("plugins") + 2:
            folder = parts[parts.index("plugins") + 1]
            stem = name.removeprefix("lib").split(".")[0]
            return folder in QT_PLUGIN_FOLDERS_LEFT_OUT or stem in QT_PLUGINS_LEFT_OUT
        return False
    if len(parts) >= 3 and parts[:2] == ("babel", "locale-data"):
        return name.rsplit(".", 1)[0] not in BABEL_LOCALES
    if len(parts) >= 2 and parts[:2] == ("holidays", "locale"):
        return name != "VN.mo"  # only Vietnam's holiday names are used
    return False


def prune(entries: Iterable[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """PyInstaller TOC entries (dest, source, kind) without the unwanted ones."""
    return [entry for entry in entries if not unwanted(entry[0])]


def version_info_text(name: str, version: str, exe_name: str) -> str:
    """A PyInstaller version resource (`EXE(version=...)`): the Details tab of the .exe."""
    numbers = version_numbers(version)
    strings = {
        "CompanyName": PUBLISHER,
        "FileDescription": DESCRIPTION,
        "FileVersion": version,
        "InternalName": exe_name,
        "LegalCopyright": "GPL-3.0-or-later, " + PUBLISHER,
        "OriginalFilename": f"{exe_name}.exe",
        "ProductName": name,
        "ProductVersion": version,
    }
    string_structs = ",\n".join(
        f"          StringStruct({key!r}, {value!r})" for key, value in strings.items()
    )
    return f"""# UTF-8. Made by installer/build_support.py from xasach.__version__: do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers!r},
    prodvers={numbers!r},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '042a04b0',
        [
{string_structs}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [0x042a, 1200, 0x0409, 1200])])
  ]
)
"""


def write_version_info(path: Path, name: str, version: str, exe_name: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(version_info_text(name, version, exe_name), encoding="utf-8")
    return path


GUIDE = ROOT / "docs" / "huong-dan-su-dung.md"
_GUIDE_CSS = """
body { font-family: "Segoe UI", Arial, sans-serif; font-size: 15px; line-height: 1.5;
       max-width: 58em; margin: 1.5em auto; padding: 0 1em; color: #1b1b1b; }
h1, h2, h3 { color: #1b2f5e; margin: 1.2em 0 0.4em; }
p, li { margin: 0.35em 0; white-space: normal; }
img { max-width: 100%; border: 1px solid #ccc; margin: 0.5em 0; }
table { border-collapse: collapse; margin: 0.6em 0; }
td, th { border: 1px solid #bbb; padding: 4px 8px; vertical-align: top; }
"""
_BLOCK_STYLE = re.compile(r'<(p|li|h[1-6]|ol|ul|body|table)( [^>]*?)? style="[^"]*"')


def guide_html(markdown: str, title: str) -> str:
    """The user guide as a plain HTML page, through Qt's own Markdown reader (no extra
    package): Qt's zero margins are dropped in favour of a small stylesheet."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setMarkdown(markdown)
    html = _BLOCK_STYLE.sub(lambda m: f"<{m.group(1)}{m.group(2) or ''}", document.toHtml())
    head = f"<title>{title}</title><style>{_GUIDE_CSS}</style>"
    return html.replace("</head>", head + "</head>", 1)


def render_guide(dest: Path, source: Path = GUIDE) -> Path:
    """`dest/huong-dan-su-dung.html` and the screenshots it shows; returns `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    text = source.read_text(encoding="utf-8")
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "")
    (dest / f"{source.stem}.html").write_text(guide_html(text, title), encoding="utf-8")
    shots = dest / "screenshots"
    shots.mkdir(exist_ok=True)
    for image in sorted(set(re.findall(r"\]\((screenshots/[^)\s]+\.png)\)", text))):
        found = source.parent / image
        if found.exists():  # a screenshot still to be made (e.g. printing) is left out
            shutil.copy2(found, shots / found.name)
    return dest


def drop_orphan_libraries(
    binaries: Iterable[tuple[str, str, str]], imports_of: Callable[[str], set[str]]
) -> list[tuple[str, str, str]]:
    """Linux: the top-level shared libraries no kept binary links to any more.

    Plugins left out by `unwanted` (GTK's theme above all) leave their dependencies behind —
    cairo, pango, gdk-pixbuf, gio … — collected at the top of the bundle, and so do libraries
    left to the system (CUPS' GnuTLS …). `imports_of(path)` gives the library names a binary
    links to directly (`elf_needed`; `ldd`'s answer would include its dependencies' links).
    Python extensions and libpython (loaded by the bootloader, linked by none) always stay.
    """
    entries = list(binaries)
    while True:
        needed: set[str] = set()
        for _dest, source, kind in entries:
            if kind != "SYMLINK":
                needed |= imports_of(source)
        orphans = {
            dest
            for dest, _source, kind in entries
            if kind == "BINARY"
            and "/" not in dest.replace("\\", "/")
            and not dest.startswith("libpython")
            and dest not in needed
        }
        if not orphans:
            return entries
        entries = [entry for entry in entries if entry[0] not in orphans]
