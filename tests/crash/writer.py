"""The victim of the crash test: writes to the database until it is killed.

Run as `python writer.py <db> <run>` with the raw key (hex) in XASACH_CRASH_KEY (the KDF is
not involved). It imports what it needs (≈0.45 s, no Qt), prints `ready`, and waits for a line
on stdin before opening the database: the test starts the next writer while the current one
runs, so the imports cost no time and the kill lands in database work. Each transaction
inserts a person and sometimes updates or soft-deletes one inserted earlier in this run. Only
after `commit` returns does it print what it committed, one line per transaction:

    <n> <person id> [<other id> <U|D> <other's new version>]

so every printed line is a promise the database must keep whenever the process dies. The
test reads the names back with `person_name(run, n)`.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

KEY_ENV = "XASACH_CRASH_KEY"
READY = "ready"
UNIT = "00070"
#: Share of transactions that also change an earlier person; of those, the share deleting.
CHANGE_RATE, DELETE_RATE = 0.4, 0.25


def person_name(run: int, n: int) -> str:
    return f"Nguyễn Thị Ánh Tuyết Đặng {run:04d}-{n:06d}"


def main(argv: list[str]) -> None:
    from xasach.domain.roles import SYSTEM
    from xasach.store.database import Database
    from xasach.store.models import Person

    # The writer must start light: nothing of the UI (and the tests' start-up budget relies on it).
    assert "PySide6" not in sys.modules, "the crash writer must not import Qt"

    path, run = Path(argv[1]), int(argv[2])
    sys.stdout.write(READY + "\n")
    sys.stdout.flush()
    if not sys.stdin.readline():
        return  # the test ended before this writer's turn
    db = Database.open(path, bytes.fromhex(os.environ[KEY_ENV]))
    db.actor = SYSTEM
    rng = random.Random(run)
    live: list[str] = []  # ids inserted by this run and not deleted
    out = sys.stdout
    n = 0
    while True:
        n += 1
        other, op = None, ""
        with db.session() as s:
            person = Person(unit_code=UNIT, full_name=person_name(run, n))
            s.add(person)
            if live and rng.random() < CHANGE_RATE:
                i = rng.randrange(len(live))
                other = s.get(Person, live[i])
                assert other is not None
                if rng.random() < DELETE_RATE:
                    other.soft_delete()
                    live.pop(i)
                    op = "D"
                else:
                    other.occupation = f"thợ xây đợt {n}"
                    op = "U"
        # Committed: only now may we say so.
        line = f"{n} {person.id}"
        if other is not None:
            line += f" {other.id} {op} {other.version}"
        out.write(line + "\n")
        out.flush()
        live.append(person.id)


if __name__ == "__main__":
    main(sys.argv)
