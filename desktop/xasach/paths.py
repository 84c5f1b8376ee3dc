"""Where things live on disk: shipped resources, catalogs and the officer's data folder.

One place decides, so the source tree, an installed wheel and a frozen (PyInstaller) build all
find their files the same way. A frozen build with a `XaSachData` folder beside its executable
runs in portable mode (a USB stick carried between PCs): the data folder is that folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent

#: Beside the executable of a frozen build, this folder turns on portable mode and holds the data.
PORTABLE_FOLDER = "XaSachData"


def _project_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return _PACKAGE_DIR.parent.parent


def resources_dir() -> Path:
    """Shipped data: units, rule table, fonts, icons (`resources/`)."""
    override = os.environ.get("XASACH_RESOURCES")
    return Path(override) if override else _project_root() / "resources"


def i18n_dir() -> Path:
    """gettext catalogs (`i18n/`): `.po` sources and, once compiled, `.mo` files."""
    return _project_root() / "i18n"


def user_guide() -> Path:
    """The user guide: the HTML page the build renders (docs/ in a frozen build), else the
    Markdown source in the source tree."""
    docs = _project_root() / "docs"
    built = docs / "huong-dan-su-dung.html"
    return built if built.exists() else docs / "huong-dan-su-dung.md"


def portable_data_dir() -> Path | None:
    """`XaSachData` beside the frozen executable, if that folder exists; else None.

    Only a frozen build looks: from the source tree the executable is Python itself.
    """
    if not getattr(sys, "frozen", False):
        return None
    folder = Path(sys.executable).resolve().parent / PORTABLE_FOLDER
    return folder if folder.is_dir() else None


def is_portable() -> bool:
    return portable_data_dir() is not None


def installed_data_dir() -> Path:
    """The per-user data folder of an installed app (Windows: %LOCALAPPDATA%\\XaSach)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "XaSach"


def user_data_dir() -> Path:
    """The data folder: `XaSachData` beside the executable in portable mode, else the per-user
    folder (Windows: %LOCALAPPDATA%\\XaSach; elsewhere the XDG data home)."""
    return portable_data_dir() or installed_data_dir()


def default_db_path() -> Path:
    """`--db` default: `XASACH_DB` if set, else `xasach.db` in the data folder."""
    override = os.environ.get("XASACH_DB")
    return Path(override) if override else user_data_dir() / "xasach.db"
