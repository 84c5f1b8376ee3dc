"""The Linux build's trimmed ICU data (`icu_data.trim_icu_data`): which items stay, the ELF
and ICU package readers, and, where PySide6's Linux wheel and icu-devtools are installed, the
whole build checked through Qt (`make dist-check` checks the same in the bundle)."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import elf_reader
import icu_data
import PySide6
import pytest
import smoke_test

QT_LIB = Path(PySide6.__file__).parent / "Qt" / "lib"
ICU_DATA = next(iter(sorted(QT_LIB.glob("libicudata.so.*"))), None)
linux_wheel = pytest.mark.skipif(ICU_DATA is None, reason="PySide6's Linux wheel carries ICU")


def fake_package(items: dict[str, bytes]) -> bytes:
    """An ICU common data package as `icupkg` lays it out (names sorted, data 16-aligned)."""
    info = struct.pack("<HHBBBB4s4s4s", 20, 0, 0, 0, 2, 0, b"CmnD", b"\1\0\0\0", b"\3\0\0\0")
    header = (struct.pack("<HBB", 32, 0xDA, 0x27) + info).ljust(32, b"\0")
    names = sorted(items)
    table_size = 4 + 8 * len(names)
    name_blob, name_offsets = b"", []
    for name in names:
        name_offsets.append(table_size + len(name_blob))
        name_blob += name.encode() + b"\0"
    data_blob, data_offsets = b"", []
    data_start = (table_size + len(name_blob) + 15) // 16 * 16
    for name in names:
        data_offsets.append(data_start + len(data_blob))
        data_blob += items[name].ljust((len(items[name]) + 15) // 16 * 16, b"\xaa")
    table = struct.pack("<I", len(names)) + b"".join(
        struct.pack("<II", n, d) for n, d in zip(name_offsets, data_offsets, strict=True)
    )
    return header + (table + name_blob).ljust(data_start, b"\0") + data_blob


def fake_converter(max_bytes_per_char: int) -> bytes:
    """A `.cnv` item: a 32-byte data header, then UConverterStaticData up to maxBytesPerChar."""
    static = struct.pack("<i60sibbbb", 100, b"test", 0, 0, 2, 1, max_bytes_per_char)
    return struct.pack("<H", 32).ljust(32, b"\0") + static.ljust(100, b"\0")


def test_package_items_read_back_with_their_padding():
    items = {"icudt73l/coll/vi.res": b"vi" * 10, "icudt73l/cnvalias.icu": b"a", "icudt73l/x": b""}

    read = icu_data.icu_package_items(fake_package(items))

    assert list(read) == sorted(items)
    for name, data in items.items():
        assert read[name].startswith(data)
        assert len(read[name]) == (len(data) + 15) // 16 * 16


def test_what_is_not_a_little_endian_icu_package_is_refused():
    with pytest.raises(ValueError):
        icu_data.icu_package_items(b"\x20\0\xda\x27" + b"\0" * 60)


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("coll/vi.res", True),
        ("coll/root.res", True),
        ("coll/en_US_POSIX.res", True),
        ("coll/ucadata.icu", True),
        ("zone/vi.res", True),
        ("zone/en_GB.res", True),
        ("zone/pool.res", True),
        ("curr/en_001.res", True),
        ("vi.res", True),
        ("root.res", True),
        ("pool.res", True),
        ("res_index.res", True),
        ("coll/res_index.res", True),
        ("supplementalData.res", True),
        ("zoneinfo64.res", True),
        ("metaZones.res", True),
        ("timezoneTypes.res", True),
        ("windowsZones.res", True),
        ("likelySubtags.res", True),
        ("cnvalias.icu", True),
        ("uts46.nrm", True),
        ("nfkc.nrm", True),
        ("brkitr/line.brk", True),
        ("coll/fr.res", False),
        ("coll/zh_Hant_TW.res", False),
        ("coll/de__PHONEBOOK.res", False),
        ("coll/de_.res", False),
        ("zone/ars.res", False),
        ("rbnf/es_419.res", False),
        ("ja_JP_TRADITIONAL.res", False),
        ("fr_CA.res", False),
        ("brkitr/thaidict.dict", False),
        ("brkitr/cjdict.dict", False),
        ("translit/root.res", False),
        ("translit/en.res", False),
        ("unames.icu", False),
        ("confusables.cfu", False),
    ],
)
def test_only_vietnamese_english_and_shared_icu_data_is_kept(name, kept):
    assert icu_data.icu_item_kept(name, b"") is kept


def test_single_byte_code_pages_are_kept_multi_byte_ones_left_out():
    assert icu_data.icu_item_kept("ibm-5354_P100-1998.cnv", fake_converter(1))  # windows-1258
    assert not icu_data.icu_item_kept("ibm-943_P15A-2003.cnv", fake_converter(2))  # Shift_JIS
    assert not icu_data.icu_item_kept("gb18030.cnv", fake_converter(4))


def test_the_data_library_is_swapped_and_nothing_else(tmp_path, monkeypatch):
    monkeypatch.setattr(icu_data, "icu_calls", lambda path: {"ucol_open", "ucal_open", "ucnv_open"})
    built = tmp_path / "libicudata.so.73"
    calls = []

    def build(library: Path, dest: Path) -> tuple[Path, list[str]]:
        calls.append((library, dest))
        return built, ["coll/fr.res"]

    binaries = [
        ("PySide6/Qt/lib/libQt6Core.so.6", "/w/libQt6Core.so.6", "BINARY"),
        ("PySide6/Qt/lib/libicudata.so.73", "/w/libicudata.so.73", "BINARY"),
        ("PySide6/Qt/lib/libicuuc.so.73", "/w/libicuuc.so.73", "BINARY"),
        ("libicudata.so.73", "PySide6/Qt/lib/libicudata.so.73", "SYMLINK"),
    ]
    links = {"/w/libQt6Core.so.6": {"libicuuc.so.73"}, "/w/libicuuc.so.73": {"libicudata.so.73"}}

    result = icu_data.trim_icu_data(
        binaries, tmp_path / "icu", lambda p: links.get(p, set()), build
    )

    assert calls == [(Path("/w/libicudata.so.73"), tmp_path / "icu")]
    assert result[1] == ("PySide6/Qt/lib/libicudata.so.73", str(built), "BINARY")
    assert [entry for i, entry in enumerate(result) if i != 1] == [
        entry for i, entry in enumerate(binaries) if i != 1
    ]


def test_a_qt_calling_other_icu_functions_stops_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr(icu_data, "icu_calls", lambda path: {"ucol_open", "ubrk_open"})
    binaries = [("PySide6/Qt/lib/libQt6Core.so.6", "/w/libQt6Core.so.6", "BINARY")]

    def build(library: Path, dest: Path) -> tuple[Path, list[str]]:
        raise AssertionError("not built")

    with pytest.raises(RuntimeError, match="ubrk_open"):
        icu_data.trim_icu_data(binaries, tmp_path, lambda path: {"libicuuc.so.73"}, build)


@linux_wheel
def test_qt_core_calls_only_the_icu_functions_the_data_was_chosen_for():
    calls = icu_data.icu_calls(QT_LIB / "libQt6Core.so.6")

    assert {"ucol_open", "ucol_strcoll", "ucal_getTimeZoneDisplayName", "ucnv_open"} <= calls
    assert icu_data.icu_calls_unchecked(calls) == set()


@linux_wheel
def test_elf_readers_on_the_wheels_icu():
    assert "libicudata.so.73" in elf_reader.elf_needed(QT_LIB / "libicuuc.so.73")
    assert {"libicuuc.so.73", "libicui18n.so.73"} <= elf_reader.elf_needed(
        QT_LIB / "libQt6Core.so.6"
    )
    assert elf_reader.elf_needed(ICU_DATA) == set()
    with pytest.raises(ValueError):
        elf_reader.elf_needed(Path(PySide6.__file__))

    entry, package = icu_data.icu_common_data(ICU_DATA)
    items = icu_data.icu_package_items(package)

    assert entry == "icudt73_dat"
    assert "icudt73l/coll/vi.res" in items
    assert "icudt73l/zone/vi.res" in items
    assert len(items) > 3000


@linux_wheel  # icupkg, genccode (icu-devtools) and ld (binutils): `make test` installs them
def test_the_trimmed_data_sorts_and_names_in_vietnamese_through_qt(tmp_path):
    assert ICU_DATA is not None
    library, removed = icu_data.build_icu_data(ICU_DATA, tmp_path)

    assert library == tmp_path / ICU_DATA.name
    assert library.stat().st_size < 6_000_000 < ICU_DATA.stat().st_size
    assert {"coll/fr.res", "brkitr/thaidict.dict", "translit/root.res"} <= set(removed)
    assert not {"coll/vi.res", "zone/vi.res", "coll/root.res"} & set(removed)
    # Qt Core from the wheel, its ICU libraries from beside it, their data from the new library
    # (LD_LIBRARY_PATH comes before ICU's $ORIGIN run path).
    done = subprocess.run(
        [sys.executable, "-c", smoke_test.ICU_CHECK, str(QT_LIB), json.dumps(["Ư", "Đ", "D"])],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "LD_LIBRARY_PATH": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    facts = json.loads(done.stdout)

    assert str(library) in facts["loaded"]
    assert facts["sorted"] == ["D", "Đ", "Ư"]
    assert facts["zone"] == "Giờ Đông Dương"
    assert facts["upper"] == "ĐƯỜNG PHỐ"
    assert facts["windows-1258"]
