"""Files that are either wholly written or not at all (SECURITY.md, "Files written to sticks").

Temp file in the same folder → flush → fsync → os.replace → fsync the folder where the OS
allows → read back and compare the hash. A pulled stick or a crash leaves the old file or the
new one, never half of one; stale temp files are recognisable by their suffix.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

TEMP_SUFFIX = ".xasach-tmp"


class AtomicWriteError(OSError):
    """The file could not be written and verified; the old one (if any) is untouched."""


def write_atomic(path: Path, data: bytes) -> None:
    path = Path(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        with open(temp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_dir(path.parent)
    if hashlib.sha256(path.read_bytes()).digest() != hashlib.sha256(data).digest():
        raise AtomicWriteError(f"{path}: read-back differs from what was written")


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; NTFS journals the rename
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temps(folder: Path) -> int:
    """Delete temp files left by an interrupted write; returns how many."""
    removed = 0
    for leftover in Path(folder).glob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed += 1
    return removed
