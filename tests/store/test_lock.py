"""One running instance per database: the lock is exclusive across processes and dies with its
holder (SECURITY.md, "At rest"). Other processes are real subprocesses, killed for real."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from xasach.store.errors import StoreError
from xasach.store.lock import InstanceLock, lock_path

#: Exit codes of the helper process.
GOT_IT, REFUSED = 0, 3

_TRY = textwrap.dedent(
    """
    import sys
    from xasach.store.errors import StoreError
    from xasach.store.lock import InstanceLock
    lock = InstanceLock(sys.argv[1])
    try:
        lock.acquire()
    except StoreError as exc:
        print(exc.message)
        sys.exit(3)
    if len(sys.argv) > 2:  # hold it until killed
        print("held", flush=True)
        sys.stdin.read()
    """
)


def try_in_other_process(db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _TRY, str(db)], capture_output=True, text=True, timeout=60
    )


def start_holder(db: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _TRY, str(db), "hold"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "held"
    return proc


@pytest.fixture
def target(tmp_path: Path) -> Path:
    return tmp_path / "commune.db"


def test_lock_file_sits_beside_the_database(target):
    assert lock_path(target) == target.with_name("commune.db.lock")
    with InstanceLock(target) as lock:
        assert lock.held and lock_path(target).exists()
    assert not lock.held
    assert lock_path(target).exists()  # never deleted: see the module docstring


def test_second_process_is_refused_while_held_then_gets_it(target):
    lock = InstanceLock(target)
    lock.acquire()
    try:
        refused = try_in_other_process(target)
        assert refused.returncode == REFUSED, refused.stderr
        assert "XaSach" in refused.stdout
    finally:
        lock.release()
    assert try_in_other_process(target).returncode == GOT_IT


def test_killed_holder_leaves_no_stale_lock(target):
    holder = start_holder(target)
    try:
        with pytest.raises(StoreError) as refused:
            InstanceLock(target).acquire()
        assert refused.value.message
    finally:
        holder.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up runs
        holder.wait(timeout=30)
    with InstanceLock(target) as lock:
        assert lock.held


def test_the_same_process_shares_the_lock_and_other_processes_wait_for_the_last_holder(target):
    first, second = InstanceLock(target), InstanceLock(target)
    first.acquire()
    second.acquire()
    assert first.held and second.held
    first.release()
    assert try_in_other_process(target).returncode != GOT_IT  # still held by `second`
    second.release()
    assert try_in_other_process(target).returncode == GOT_IT


def test_acquire_and_release_are_idempotent(target):
    lock = InstanceLock(target)
    lock.acquire()
    lock.acquire()
    lock.release()
    lock.release()
    assert try_in_other_process(target).returncode == GOT_IT


def test_unwritable_folder_is_a_store_error(tmp_path):
    with pytest.raises(StoreError):
        InstanceLock(tmp_path / "missing-folder" / "commune.db").acquire()
