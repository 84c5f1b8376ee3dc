"""Fill the Inno Setup template (`xasach.iss.in`) for this version and build.

The version comes from `xasach.__version__`, never typed into the script (STYLE.md). The
output is UTF-8 with a byte-order mark: Inno Setup reads a script without one as ANSI, which
would garble the Vietnamese messages.

Run: python installer/make_iss.py [--out build/installer/XaSach.iss] [--dist dist/XaSach]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path, PureWindowsPath

import build_support as bs

TEMPLATE = Path(__file__).resolve().with_name("xasach.iss.in")
FIELD = re.compile(r"@([A-Z_]+)@")
#: Where the guide lands inside the one-folder build (PyInstaller's `_internal` folder).
GUIDE_IN_BUNDLE = r"_internal\docs\huong-dan-su-dung.html"


def windows_path(path: Path) -> str:
    """Absolute paths as Inno Setup on Windows wants them (backslashes)."""
    return str(PureWindowsPath(path.resolve()))


def fields(dist: Path, output_dir: Path) -> dict[str, str]:
    name, version = bs.app_metadata()
    return {
        "APP_NAME": name,
        "VERSION": version,
        "VERSION_QUAD": ".".join(map(str, bs.version_numbers(version))),
        "PUBLISHER": bs.PUBLISHER,
        "DESCRIPTION": bs.DESCRIPTION,
        "GUI_EXE": f"{bs.GUI_NAME}.exe",
        "SOURCE_DIR": windows_path(dist),
        "OUTPUT_DIR": windows_path(output_dir),
        "ICON": windows_path(bs.ICON_ICO),
        "GUIDE": GUIDE_IN_BUNDLE,
    }


def render(template: str, values: dict[str, str]) -> str:
    """The template with every @FIELD@ filled; an unknown or unfilled field is an error."""

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise KeyError(f"no value for @{key}@ in {TEMPLATE.name}")
        return values[key]

    return FIELD.sub(fill, template)


def write_iss(out: Path, dist: Path, output_dir: Path | None = None) -> Path:
    text = render(TEMPLATE.read_text(encoding="utf-8"), fields(dist, output_dir or out.parent))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8-sig", newline="\r\n")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=bs.ROOT / "build" / "installer" / "XaSach.iss")
    parser.add_argument("--dist", type=Path, default=bs.ROOT / "dist" / "XaSach")
    parser.add_argument("--output-dir", type=Path, default=None, help="where setup.exe goes")
    args = parser.parse_args(argv)
    path = write_iss(args.out, args.dist, args.output_dir)
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
