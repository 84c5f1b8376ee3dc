"""Kill a process that keeps rewriting a ~1 MB file: with `write_atomic` the file is always
absent or one whole version, never part of one (SECURITY.md, "Files written to sticks").

The same test with a plain `open(path, "wb").write()` writer must find partial files, which
shows the check can fail. A SIGKILL leaves the OS page cache intact, so this tests the
process-crash half of threat 5; what a pulled plug does to unsynced pages is covered by the
fsyncs in `write_atomic`, which only a power cut can test.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from pathlib import Path

from xasach.store.atomic import TEMP_SUFFIX, remove_stale_temps

ROUNDS = 60
ROUNDS_ENV = "XASACH_CRASH_ROUNDS"
SEED = 20260706
SIZE = 1 << 20
#: Kill this long after the writer said it was ready (seconds): spans its first write, so
#: some kills land before the file exists, and several rewrites.
KILL_WITHIN = 0.05
WATCHDOG_S = 60

_WRITER = textwrap.dedent(
    """
    import os, random, sys
    from pathlib import Path
    from xasach.store.atomic import write_atomic

    mode, path, size = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    versions = [random.Random(n).randbytes(size) for n in (1, 2)]

    def plain(path, data):
        # What an exporter does without thinking: write in place, in chunks, then sync.
        with open(path, "wb") as fh:
            for i in range(0, len(data), 64 * 1024):
                fh.write(data[i : i + 64 * 1024])
                fh.flush()
            os.fsync(fh.fileno())

    write = write_atomic if mode == "atomic" else plain
    print("ready", flush=True)
    n = 0
    while True:
        write(path, versions[n % 2])
        n += 1
    """
)


def versions() -> tuple[bytes, bytes]:
    """The writer's two contents (the same seeds)."""
    return random.Random(1).randbytes(SIZE), random.Random(2).randbytes(SIZE)


def round_count() -> int:
    return int(os.environ.get(ROUNDS_ENV, ROUNDS))


def kill_during_writes(mode: str, target: Path, rng: random.Random) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, mode, str(target), str(SIZE)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(WATCHDOG_S, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout is not None
        ready = proc.stdout.readline()
        assert ready == "ready\n", proc.communicate()[1]
        time.sleep(rng.uniform(0, KILL_WITHIN))
        proc.kill()
        _, err = proc.communicate()
    finally:
        watchdog.cancel()
    if os.name == "posix":
        assert proc.returncode == -signal.SIGKILL, f"{mode} writer died by itself:\n{err}"


def outcome(target: Path, a: bytes, b: bytes) -> str:
    if not target.exists():
        return "absent"
    data = target.read_bytes()
    return "a" if data == a else "b" if data == b else "partial"


def kill_rounds(mode: str, folder: Path) -> Counter[str]:
    """Each round rewrites its own file, killed at a random point; returns the outcomes."""
    a, b = versions()
    rng = random.Random(f"{SEED}-{mode}")
    outcomes: Counter[str] = Counter()
    for n in range(round_count()):
        target = folder / f"bundle-{n:03d}.bin"
        kill_during_writes(mode, target, rng)
        outcomes[outcome(target, a, b)] += 1
    print(f"\n{mode} writer, {sum(outcomes.values())} kills: {dict(outcomes)}")
    return outcomes


def test_atomic_writes_leave_no_partial_file(tmp_path):
    outcomes = kill_rounds("atomic", tmp_path)
    assert outcomes["partial"] == 0, outcomes
    assert outcomes["a"] + outcomes["b"] > 0  # kills did land after complete writes

    # Killed writers leave their temp files; the start-up clean-up removes them and only them.
    temps = list(tmp_path.glob(f".*{TEMP_SUFFIX}"))
    assert temps, "no kill landed inside a write: the test did not exercise write_atomic"
    finals = {p: p.read_bytes() for p in tmp_path.glob("bundle-*.bin")}
    assert remove_stale_temps(tmp_path) == len(temps)
    assert not list(tmp_path.glob(f"*{TEMP_SUFFIX}"))
    assert {p: p.read_bytes() for p in tmp_path.glob("bundle-*.bin")} == finals


def test_plain_writes_do_leave_partial_files(tmp_path):
    """The control: the same kills against a plain writer find partial files, so the
    assertion above can fail."""
    outcomes = kill_rounds("plain", tmp_path)
    assert outcomes["partial"] > 0, outcomes


def test_remove_stale_temps_removes_only_temp_files(tmp_path):
    stale = [
        tmp_path / f".bundle.age.4242{TEMP_SUFFIX}",
        tmp_path / f".xasach-keys.json.7{TEMP_SUFFIX}",
    ]
    kept = [
        tmp_path / "bundle.age",
        tmp_path / ".hidden",
        tmp_path / f"visible{TEMP_SUFFIX}",  # not a name write_atomic makes
        tmp_path / "sub" / f".nested.1{TEMP_SUFFIX}",  # only the folder itself is cleaned
    ]
    for path in (*stale, *kept):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"x")
    assert remove_stale_temps(tmp_path) == len(stale)
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in kept)
    assert remove_stale_temps(tmp_path) == 0


def test_remove_stale_temps_skips_what_it_cannot_delete(tmp_path):
    """A start-up clean-up must never stop the start: an entry it cannot unlink (here a folder
    with a temp file's name) is left and not counted."""
    (tmp_path / f".odd.1{TEMP_SUFFIX}").mkdir()
    (tmp_path / f".x.2{TEMP_SUFFIX}").write_bytes(b"x")
    assert remove_stale_temps(tmp_path) == 1
    assert (tmp_path / f".odd.1{TEMP_SUFFIX}").is_dir()
