"""One running XaSach per database: an exclusive OS lock on `<db>.lock` (SECURITY.md, "At rest").

Two windows writing the same file would each trust their own view of it, and the WAL needs a
single host. The lock is an OS file lock, not a "pid written in a file": the OS drops it when
the process ends however it ends (crash, power button, task manager), so a stale lock never
blocks the officer. POSIX uses `flock` (owned by the open file, so closing an unrelated
descriptor of the file cannot drop it, as `lockf`/`fcntl` locks would); Windows uses
`msvcrt.locking` on the first byte.

The lock keeps other *processes* out. Inside one process the lock is shared and counted: the
app's own code may hold the same file open twice (a restore checks the restored copy while the
current database is still open; tests log in as two users).

The lock file is never deleted: removing it while another process waits on the old inode
would let two processes each hold "the" lock.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from types import TracebackType

from xasach.i18n import _
from xasach.store.errors import StoreError

LOCK_SUFFIX = ".lock"


def lock_path(db_path: Path | str) -> Path:
    """`<db>.lock`, beside the database."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import errno
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


#: Locks this process holds: resolved lock path → [descriptor, holders].
_HELD: dict[str, list[int]] = {}


class InstanceLock:
    """The exclusive lock of one database file, held from `acquire()` to `release()`.

    Both are idempotent; also usable as a context manager."""

    def __init__(self, db_path: Path | str) -> None:
        self.path = lock_path(db_path)
        self._key = str(self.path.resolve())
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock or raise StoreError at once (never waits)."""
        if self._fd is not None:
            return
        shared = _HELD.get(self._key)
        if shared is not None:
            shared[1] += 1
            self._fd = shared[0]
            return
        try:
            # Descriptors are not inherited by child processes (PEP 446), so a program the app
            # starts (a PDF viewer) cannot keep the lock alive after XaSach exits.
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreError(
                _(
                    "XaSach cannot create {path} beside the data file. Check that the folder "
                    "exists and is not read-only."
                ).format(path=self.path)
            ) from exc
        try:
            locked = _try_lock(fd)
        except OSError:
            os.close(fd)
            raise
        if not locked:
            os.close(fd)
            raise StoreError(
                _(
                    "The data file is already open in another XaSach window or by another user "
                    "of this computer. Close it there first."
                )
            )
        self._fd = fd
        _HELD[self._key] = [fd, 1]

    def release(self) -> None:
        """Let the lock go (closing the descriptor would too; unlocking first is explicit)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        shared = _HELD.get(self._key)
        if shared is not None:
            shared[1] -= 1
            if shared[1] > 0:
                return
            del _HELD[self._key]
        try:
            with contextlib.suppress(OSError):
                _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def __del__(self) -> None:
        # A forgotten lock is dropped with its object rather than only at process exit.
        with contextlib.suppress(Exception):
            self.release()
