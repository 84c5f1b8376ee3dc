"""Just enough of the ELF format to read a Linux library's links and exported symbols.

Used by the Linux build (`xasach.spec`, `icu_data.py`): `ldd` would answer with the whole
tree of dependencies and needs the libraries' own system, `readelf`/`nm` are not on every
build machine, and pyelftools would be one more build dependency for ~60 lines.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO, NamedTuple


class _ElfSection(NamedTuple):  # Elf64_Shdr
    name: int
    type: int
    flags: int
    addr: int
    offset: int
    size: int
    link: int
    info: int
    addralign: int
    entsize: int


_SHT_DYNAMIC, _SHT_DYNSYM, _DT_NEEDED = 6, 11, 1


def elf_sections(fh: BinaryIO, path: Path) -> list[_ElfSection]:
    head = fh.read(64)
    if head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
        raise ValueError(f"{path.name}: not a 64-bit little-endian ELF file")
    (shoff,) = struct.unpack_from("<Q", head, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", head, 0x3A)
    fh.seek(shoff)
    table = fh.read(shentsize * shnum)
    return [
        _ElfSection(*struct.unpack_from("<IIQQQQIIQQ", table, i * shentsize)) for i in range(shnum)
    ]


def _elf_read(fh: BinaryIO, section: _ElfSection) -> bytes:
    fh.seek(section.offset)
    return fh.read(section.size)


def elf_dynamic_symbols(path: Path) -> dict[str, tuple[int, int, int]]:
    """The dynamic symbols of a 64-bit little-endian ELF file: name → (section index, value,
    size); section index 0 for the undefined ones (those the file takes from others)."""
    symbols: dict[str, tuple[int, int, int]] = {}
    with path.open("rb") as fh:
        sections = elf_sections(fh, path)
        for section in sections:
            if section.type != _SHT_DYNSYM:
                continue
            entries, names = _elf_read(fh, section), _elf_read(fh, sections[section.link])
            for at in range(0, len(entries), 24):  # Elf64_Sym
                name_at, _info, _other, shndx, value, size = struct.unpack_from(
                    "<IBBHQQ", entries, at
                )
                name = names[name_at : names.index(b"\0", name_at)].decode()
                if name:
                    symbols[name] = (shndx, value, size)
    return symbols


def elf_needed(path: Path) -> set[str]:
    """The libraries an ELF file links to directly (its DT_NEEDED entries), as `readelf -d`
    lists them; unlike `ldd`, not those of its dependencies."""
    needed: set[str] = set()
    with path.open("rb") as fh:
        sections = elf_sections(fh, path)
        for section in sections:
            if section.type != _SHT_DYNAMIC:
                continue
            entries, names = _elf_read(fh, section), _elf_read(fh, sections[section.link])
            for tag, value in struct.iter_unpack("<qQ", entries):  # Elf64_Dyn
                if tag == _DT_NEEDED:
                    needed.add(names[value : names.index(b"\0", value)].decode())
    return needed
