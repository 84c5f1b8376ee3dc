"""Where things live on disk: shipped resources, catalogs and the officer's data folder.

One place decides, so the source tree, an installed wheel and a frozen (PyInstaller) build all
find their files the same way.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


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


def user_data_dir() -> Path:
    """The per-user data folder (Windows: %LOCALAPPDATA%\\XaSach; elsewhere XDG data home)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "XaSach"


def default_db_path() -> Path:
    """`--db` default: `XASACH_DB` if set, else `xasach.db` in the user data folder."""
    override = os.environ.get("XASACH_DB")
    return Path(override) if override else user_data_dir() / "xasach.db"
