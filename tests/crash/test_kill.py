"""Kill a writer with SIGKILL at random points, many times: the database stays sound and keeps
every commit it acknowledged (SECURITY.md, threat 5 and "Tests to keep").

Rounds accumulate in one database, so later kills land in a bigger file, in WAL checkpoints,
and in the recovery of the previous kill's WAL. After each kill: `Database.open` (which
recovers the WAL and refuses a damaged file), `quick_check`, every ~10 rounds
`integrity_check` + `cipher_integrity_check`; then every person any writer reported as
committed (in this round or an earlier one) is there with its change-log entries, and each
run's people are a gap-free prefix (no transaction half-applied).

`XASACH_CRASH_ROUNDS=300` makes a longer soak (`make soak`).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from xasach.store import health
from xasach.store.database import Database
from xasach.store.models import ChangeLogEntry, Person

from .writer import KEY_ENV, READY, person_name

ROUNDS = 100
ROUNDS_ENV = "XASACH_CRASH_ROUNDS"
SEED = 20260705
WRITER = Path(__file__).with_name("writer.py")
#: Kill this long after the writer's first acknowledged commit (seconds).
KILL_AFTER = (0.02, 0.3)
#: Share of rounds killed at a random moment after being let go instead, mostly while opening
#: the database (recovering the previous kill's WAL, checks) or in the first commits.
EARLY_KILL_RATE = 0.1
EARLY_KILL_WITHIN = 0.12
FULL_CHECK_EVERY = 10
WATCHDOG_S = 60


def round_count() -> int:
    return int(os.environ.get(ROUNDS_ENV, ROUNDS))


@dataclass
class Ledger:
    """What the writers acknowledged, over all rounds."""

    inserted: dict[str, str] = field(default_factory=dict)  # person id -> full name
    changes: set[tuple[str, str, int]] = field(default_factory=set)  # (id, op, version)
    versions: dict[str, int] = field(default_factory=dict)  # id -> highest acked version
    deleted: set[str] = field(default_factory=set)
    last_n: dict[int, int] = field(default_factory=dict)  # run -> highest acked n

    def record(self, run: int, line: str) -> None:
        n_text, pid, *change = line.split()
        n = int(n_text)
        assert n == self.last_n.get(run, 0) + 1, f"run {run}: {line!r} out of order"
        self.last_n[run] = n
        self.inserted[pid] = person_name(run, n)
        self.changes.add((pid, "I", 1))
        self.versions[pid] = 1
        if change:
            other, op, version = change[0], change[1], int(change[2])
            self.changes.add((other, op, version))
            self.versions[other] = max(self.versions[other], version)
            if op == "D":
                self.deleted.add(other)


class Writer:
    """One writer process: started early (imports only), then let go, then killed."""

    def __init__(self, path: Path, run: int, key: bytes) -> None:
        self.run = run
        self.proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(path), str(run)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env={**os.environ, KEY_ENV: key.hex()},
        )
        self._watchdog = threading.Timer(WATCHDOG_S, self.proc.kill)
        self._watchdog.start()

    def go(self) -> None:
        """Wait until it has imported everything, then let it open the database and write."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        ready = self.proc.stdout.readline()
        assert ready == READY + "\n", f"writer {self.run} did not start: {self._stderr()}"
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def kill_at_random(self, rng: random.Random) -> list[str]:
        """SIGKILL it at a random point; return the lines it completed (its acknowledgements)."""
        assert self.proc.stdout is not None
        first = ""
        if rng.random() < EARLY_KILL_RATE:
            time.sleep(rng.uniform(0, EARLY_KILL_WITHIN))
        else:
            first = self._first_line()
            assert first, f"writer {self.run} wrote nothing: {self._stderr()}"
            time.sleep(rng.uniform(*KILL_AFTER))
        self.proc.kill()
        rest, err = self.proc.communicate()
        self._watchdog.cancel()
        if os.name == "posix":
            assert self.proc.returncode == -signal.SIGKILL, f"writer {self.run} died:\n{err}"
        # A line cut short by the kill was never acknowledged.
        lines = (first + rest).splitlines(keepends=True)
        return [line for line in lines if line.endswith("\n")]

    def _first_line(self) -> str:
        """One line read straight from the pipe, a byte at a time. A buffered `readline` may
        take the next line(s) into its buffer too, and `communicate` reads the pipe itself, so
        those acknowledgements would be lost to the ledger (a false "out of order")."""
        assert self.proc.stdout is not None
        fd, line = self.proc.stdout.fileno(), bytearray()
        while not line.endswith(b"\n"):
            byte = os.read(fd, 1)
            if not byte:
                break
            line += byte
        return line.decode("utf-8")

    def stop(self) -> None:
        """Make sure it is gone (after a failure, or a writer that never had its turn)."""
        if self.proc.returncode is None:
            self.proc.kill()
            self.proc.communicate()
        self._watchdog.cancel()

    def _stderr(self) -> str:
        self.proc.kill()
        return self.proc.communicate()[1]


def verify(path: Path, key: bytes, ledger: Ledger, *, full: bool) -> None:
    db = Database.open(path, key)  # recovers the WAL; refuses a damaged file
    try:
        assert health.quick_check(db) == []
        if full:
            assert health.full_check(db) == []
        with db.reader() as s:
            people = {
                pid: (name, version, deleted is not None)
                for pid, name, version, deleted in s.execute(
                    select(Person.id, Person.full_name, Person.version, Person.deleted_at)
                )
            }
            log = {
                (row_id, op, version)
                for row_id, op, version in s.execute(
                    select(
                        ChangeLogEntry.row_id, ChangeLogEntry.op, ChangeLogEntry.row_version
                    ).where(ChangeLogEntry.table_name == "person")
                )
            }
    finally:
        db.close()

    lost = [pid for pid, name in ledger.inserted.items() if people.get(pid, ("",))[0] != name]
    assert not lost, f"{len(lost)} acknowledged inserts lost, e.g. {lost[:3]}"
    unlogged = ledger.changes - log
    assert not unlogged, f"{len(unlogged)} acknowledged changes not in change_log: {unlogged}"
    stale = [pid for pid, v in ledger.versions.items() if people[pid][1] < v]
    assert not stale, f"acknowledged versions rolled back: {stale[:3]}"
    undeleted = [pid for pid in ledger.deleted if not people[pid][2]]
    assert not undeleted, f"acknowledged deletions undone: {undeleted[:3]}"

    # Each run's people are 1..k with no gap, k the last acknowledged or one more (committed,
    # killed before it could say so): a transaction is all there or not at all.
    seen: dict[int, list[int]] = defaultdict(list)
    for name, _, _ in people.values():
        run_text, n_text = name.rsplit(" ", 1)[1].split("-")
        seen[int(run_text)].append(int(n_text))
    for run, numbers in seen.items():
        numbers.sort()
        assert numbers == list(range(1, len(numbers) + 1)), f"run {run}: gap in {numbers}"
        assert len(numbers) - ledger.last_n.get(run, 0) in (0, 1), f"run {run}: extra rows"


def test_sigkill_never_loses_an_acknowledged_commit(db: Database) -> None:
    path, key = db.path, db.key
    assert key is not None
    db.close()  # the writers and the checks open it themselves, one at a time
    rng = random.Random(SEED)
    ledger = Ledger()
    rounds = round_count()
    started = time.perf_counter()
    writers = [Writer(path, 1, key)]
    try:
        for run in range(1, rounds + 1):
            writer = writers[-1]
            writer.go()
            # The next writer imports on the other core while this one writes; it opens the
            # database only when let go, after this round's checks have closed it.
            if run < rounds:
                writers.append(Writer(path, run + 1, key))
            for line in writer.kill_at_random(rng):
                ledger.record(run, line)
            verify(path, key, ledger, full=run % FULL_CHECK_EVERY == 0 or run == rounds)
    finally:
        for writer in writers:
            writer.stop()
    elapsed = time.perf_counter() - started
    assert len(ledger.inserted) > rounds  # the kills did land among commits
    print(
        f"\ncrash: {rounds} kills, {len(ledger.inserted)} acknowledged inserts and "
        f"{len(ledger.changes) - len(ledger.inserted)} changes, 0 lost, {elapsed:.1f} s"
    )
