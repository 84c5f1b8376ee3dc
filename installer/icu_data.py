"""ICU's data, trimmed for the Linux build.

Qt Core links ICU on Linux (Windows' Qt uses the system's icu.dll), and the
wheel's libicudata.so.73 holds all of ICU's data for every language: 30.6 MiB, the largest
file of the bundle. The build makes a smaller one in its place, with what XaSach's Qt reads.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from build_support import BABEL_LOCALES
from elf_reader import elf_dynamic_symbols, elf_sections

#: ICU locales kept: the same as babel's (the app runs in vi_VN or en_GB; parents included).
ICU_LOCALES = BABEL_LOCALES
#: The ICU functions Qt calls that the data was chosen for: collation (QCollator), time-zone
#: names (QTimeZone), text codecs (QStringConverter) and case mapping (QLocale::toUpper; its
#: tables are in libicuuc itself). A Qt that calls others (break iterators, transliteration,
#: locale lists …) stops the build until this list is reviewed.
ICU_FUNCTIONS_CHECKED = ("ucol_", "ucal_", "ucnv_", "u_strToUpper", "u_strToLower")
#: Data no function above reads: transliteration rules, character names (regular expressions
#: and transliteration), spoof-checking tables; break dictionaries (Chinese, Japanese, Thai,
#: Lao, Khmer, Burmese word breaking; Qt breaks text with its own tables).
ICU_TREES_LEFT_OUT = ("translit",)
ICU_FILES_LEFT_OUT = ("unames.icu", "confusables.cfu")
ICU_DICTIONARY_SUFFIX = ".dict"
#: A locale's item: language, script, region, variants (fr, zh_Hant_TW, es_419, de__PHONEBOOK);
#: not res_index, pool or root.
_ICU_LOCALE_ITEM = re.compile(r"[a-z]{2,3}(_[A-Z][a-z]{3})?(_([A-Z]{2}|\d{3})?)?(_[A-Z0-9]+)*")
_ICU_DATA_SYMBOL = re.compile(r"icudt\d+_dat")
_ICU_FUNCTION = re.compile(r"(u[a-z0-9]*_\w+?)_\d+")  # ucol_open_73 (ICU's versioned C API)
_ICU_LIBRARY = re.compile(r"libicu[a-z0-9]*\.so\.\d+")
_ICU_DATA_LIBRARY = re.compile(r"libicudata\.so\.\d+")


def icu_common_data(library: Path) -> tuple[str, bytes]:
    """(entry point, ICU common data package) of a `libicudata`: the `icudtNN_dat` symbol's
    bytes, a `.dat` package as `icupkg` reads and writes it."""
    found = [
        (name, where)
        for name, where in elf_dynamic_symbols(library).items()
        if _ICU_DATA_SYMBOL.fullmatch(name) and where[0] != 0
    ]
    if len(found) != 1:
        raise ValueError(f"{library.name}: no single icudtNN_dat symbol ({found})")
    name, (shndx, value, size) = found[0]
    with library.open("rb") as fh:
        section = elf_sections(fh, library)[shndx]
        fh.seek(section.offset + value - section.addr)
        return name, fh.read(size)


def icu_package_items(package: bytes) -> dict[str, bytes]:
    """The items of an ICU common data package (`icudt73l/coll/vi.res` → its bytes), in order.

    Layout (ICU's `udatamem`/`ucmndata`): a data header (its size first, then 0xDA 0x27 and
    a `UDataInfo` with the format "CmnD"), then the table of contents: a count and, per item,
    the offsets of its name and its data, both counted from the start of the table.
    """
    header_size = struct.unpack_from("<H", package, 0)[0]
    big_endian, charset, data_format = package[8], package[9], package[12:16]
    if package[2:4] != b"\xda\x27" or data_format != b"CmnD" or big_endian or charset:
        raise ValueError("not a little-endian ASCII ICU common data package")
    toc = header_size
    (count,) = struct.unpack_from("<I", package, toc)
    offsets = [struct.unpack_from("<II", package, toc + 4 + 8 * i) for i in range(count)]
    items = {}
    for i, (name_at, data_at) in enumerate(offsets):
        start = toc + name_at
        name = package[start : package.index(b"\0", start)].decode("ascii")
        end = toc + offsets[i + 1][1] if i + 1 < count else len(package)
        items[name] = package[toc + data_at : end]
    return items


def _icu_max_bytes_per_char(converter: bytes) -> int:
    """A `.cnv` table's `maxBytesPerChar` (`UConverterStaticData`, after the data header:
    size 4, name 60, code page 4, platform, type, min, max)."""
    header_size = int.from_bytes(converter[:2], "little")
    return converter[header_size + 71]


def icu_item_kept(name: str, data: bytes, locales: Iterable[str] = ICU_LOCALES) -> bool:
    """Whether an ICU data item (`coll/vi.res`, without the package prefix) stays.

    Kept: the root, Vietnamese and English locale data of every tree (collation, zone, …),
    everything that is not a locale's (`pool.res` of each tree, `supplementalData`,
    `zoneinfo64`, `metaZones`, `timezoneTypes`, `windowsZones`, `likelySubtags`, collation's
    `ucadata.icu`, converter aliases, normalisation and break rules), and the single-byte
    code pages (Windows-125x, ISO-8859-x, ~0.5 MB). Left out: the other locales, multi-byte
    (Chinese, Japanese, Korean) code pages, and the data listed in `ICU_*_LEFT_OUT`.
    """
    tree, _, item = name.rpartition("/")
    stem, _, kind = item.rpartition(".")
    if (
        tree in ICU_TREES_LEFT_OUT
        or item in ICU_FILES_LEFT_OUT
        or item.endswith(ICU_DICTIONARY_SUFFIX)
    ):
        return False
    if kind == "cnv":
        return _icu_max_bytes_per_char(data) == 1
    if kind == "res" and _ICU_LOCALE_ITEM.fullmatch(stem):
        return stem in set(locales)
    return True


def icu_calls(library: Path) -> set[str]:
    """The ICU C functions a library calls, without ICU's version suffix (`ucol_open`)."""
    return {
        match.group(1)
        for name, (shndx, _value, _size) in elf_dynamic_symbols(library).items()
        if shndx == 0 and (match := _ICU_FUNCTION.fullmatch(name))
    }


def icu_calls_unchecked(calls: Iterable[str]) -> set[str]:
    return {call for call in calls if not call.startswith(ICU_FUNCTIONS_CHECKED)}


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(
            f"{name} not found: the Linux build trims ICU's data with icupkg and genccode "
            "(Debian: icu-devtools) and ld (binutils); `make dist-deps` installs them"
        )
    return found


def build_icu_data(
    library: Path, dest: Path, locales: Iterable[str] = ICU_LOCALES
) -> tuple[Path, list[str]]:
    """A `libicudata` like `library` (same file name, used as its SONAME, and entry point)
    holding only the items `icu_item_kept` keeps; returns (its path, the items left out).

    `icupkg` removes the items and checks that no kept item refers to a removed one; only the
    break dictionaries (which root's break rules name, for Thai, Lao, Khmer, Burmese, Chinese
    and Japanese) are removed without that check: ICU breaks those scripts without
    dictionaries when they are missing. `genccode` turns the package into an object file
    with the entry point libicuuc expects, `ld` into a shared library with no executable stack.
    """
    locales = tuple(locales)
    entry, package = icu_common_data(library)
    # Item names start with the package name ICU looks them up by (icudt73l/coll/vi.res).
    prefix, items = "", {}
    for full_name, data in icu_package_items(package).items():
        prefix, _, name = full_name.partition("/")
        items[name] = data
    removed = [name for name, data in items.items() if not icu_item_kept(name, data, locales)]
    dictionaries = [n for n in removed if n.endswith(ICU_DICTIONARY_SUFFIX)]
    checked = [n for n in removed if not n.endswith(ICU_DICTIONARY_SUFFIX)]
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest) as tmp:
        work = Path(tmp)
        steps = [work / step / f"{prefix}.dat" for step in ("full", "checked", "trimmed")]
        for path in steps:
            path.parent.mkdir()
        steps[0].write_bytes(package)
        (work / "checked.txt").write_text("\n".join(checked) + "\n", encoding="ascii")
        (work / "dictionaries.txt").write_text("\n".join(dictionaries) + "\n", encoding="ascii")
        icupkg = _tool("icupkg")

        def run(*args: str | Path) -> None:
            done = subprocess.run(list(map(str, args)), capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"{Path(str(args[0])).name} failed: {done.stdout}{done.stderr}")

        run(icupkg, "-r", work / "checked.txt", steps[0], steps[1])
        run(icupkg, "--ignore-deps", "-r", work / "dictionaries.txt", steps[1], steps[2])
        objects = work / "objects"
        objects.mkdir()
        run(
            _tool("genccode"),
            "--entrypoint", entry.removesuffix("_dat"),
            "--object", "--match-arch", library,
            "--destdir", objects, steps[2],
        )  # fmt: skip
        (obj,) = objects.glob("*.o")
        out = dest / library.name
        run(_tool("ld"), "-shared", "-soname", library.name, "-z", "noexecstack", "-o", out, obj)
        # The new library must carry exactly the package icupkg wrote, under the same name.
        if icu_common_data(out) != (entry, steps[2].read_bytes()):
            raise RuntimeError(f"{out}: the ICU data did not survive the build")
    return out, removed


def trim_icu_data(
    binaries: Iterable[tuple[str, str, str]],
    dest: Path,
    imports_of: Callable[[str], set[str]],
    build: Callable[[Path, Path], tuple[Path, list[str]]] = build_icu_data,
) -> list[tuple[str, str, str]]:
    """Linux: PyInstaller's binaries with `libicudata.so.NN` taken from `build_icu_data`.

    First every binary that links ICU (other than ICU itself) must call only the functions
    in `ICU_FUNCTIONS_CHECKED`; `imports_of(path)` gives the library names a binary links to.
    """
    entries = list(binaries)
    for _dest, source, kind in entries:
        name = Path(source).name
        if kind == "SYMLINK" or _ICU_LIBRARY.fullmatch(name):
            continue
        if any(_ICU_LIBRARY.fullmatch(lib) for lib in imports_of(source)):
            unchecked = icu_calls_unchecked(icu_calls(Path(source)))
            if unchecked:
                raise RuntimeError(
                    f"{name} calls ICU functions the trimmed ICU data was not checked for: "
                    f"{sorted(unchecked)}; review ICU_FUNCTIONS_CHECKED in build_support.py"
                )
    trimmed = []
    for dest_name, source, kind in entries:
        if kind == "BINARY" and _ICU_DATA_LIBRARY.fullmatch(Path(dest_name).name):
            source = str(build(Path(source), dest)[0])
        trimmed.append((dest_name, source, kind))
    return trimmed
