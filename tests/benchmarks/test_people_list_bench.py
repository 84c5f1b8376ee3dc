"""The people list over 200,000 files, through the real table model on the real encrypted store:
time to the first rows, scrolling to the end, typing a search, and memory — next to a raw
`SELECT … LIMIT 200` measured in the same run. Targets: first rows < 300 ms, peak < 300 MB.

The figures are measured twice, each in a fresh process: on the schema as shipped, and after
adding the partial indexes proposed for the list (PROPOSED_INDEXES, not yet in a migration) —
to show what they buy.

The 200,000 rows are written by a child process with plain SQL on a keyed connection: the
app's connections turn on SQLCipher's memory security (an mlock/munlock per allocation), which
is right for the app but would make building the test data take minutes. Measuring uses the
app's own connections.
"""

from __future__ import annotations

import gc
import os
import random
import resource
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("XASACH_KDF_PROFILE", "test")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PEOPLE = 200_000
PASSWORD = "mat-khau-bench"
UNIT = "00070"
PROPOSED_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_person_list_name ON person (search_folded, id) "
    "WHERE deleted_at IS NULL",
    "CREATE INDEX IF NOT EXISTS ix_person_list_status ON person (status, search_folded, id) "
    "WHERE deleted_at IS NULL",
    "CREATE INDEX IF NOT EXISTS ix_person_list_village ON person (village_id, search_folded, id) "
    "WHERE deleted_at IS NULL",
)
QUERIES = ["duc", "nguyen van duc", "Đặng Thị", "tran thi hang", "001090", "lan", "hoang huy"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đoàn", "Lò", "Hà"]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Quốc", "Công", "Đình", "Ngọc", "Thanh", "Xuân"]
GIVEN = ["Đức", "Dũng", "Hùng", "Cường", "Tuấn", "Thắng", "Phúc", "Lộc", "Hiếu", "Nghĩa", "Hải",
         "Long", "Sơn", "Toàn", "Trung", "Đạt", "Lan", "Hương", "Hằng", "Dực", "Nam", "Bình",
         "An", "Tâm", "Vinh", "Quang", "Huy", "Khoa", "Tùng", "Thành", "Kiên", "Phong"]  # fmt: skip
#: Current status → (share of the files, months an episode of that kind runs or None).
STATUSES = {
    "none": (45, None),
    "illegal_use_management": (25, 12),
    "post_rehab": (12, 12),
    "substitution_therapy": (8, None),
    "voluntary_rehab_community": (5, 6),
    "compulsory_rehab": (5, 24),
}


# --- building the data (child process) --------------------------------------------------------


def fill(path: Path, count: int) -> None:
    """Write `count` people, their villages and episodes with plain SQL (triggers still keep
    the search index and the change log, as for any writer)."""
    from sqlcipher3 import dbapi2 as sqlcipher

    from xasach.store.keyslots import SlotFile, slot_path
    from xasach.store.models.base import _UTC_FORMAT, utcnow
    from xasach.store.session import person_search_text

    key, _pending = SlotFile.load(slot_path(path)).open(PASSWORD, user="admin")
    con = sqlcipher.connect(str(path), isolation_level=None)
    con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    for pragma in ("trusted_schema = OFF", "foreign_keys = ON", "cache_size = -262144"):
        con.execute(f"PRAGMA {pragma}")
    rng, now, today = random.Random(42), utcnow().strftime(_UTC_FORMAT), date.today()
    con.execute("BEGIN")
    villages = [str(uuid.UUID(int=rng.getrandbits(128))) for _i in range(12)]
    con.executemany(
        "INSERT INTO village (id, unit_code, created_at, updated_at, version, name, kind, "
        "sort_order) VALUES (?, ?, ?, ?, 1, ?, 'thon', ?)",
        [(v, UNIT, now, now, f"Thôn {i + 1}", i + 1) for i, v in enumerate(villages)],
    )
    kinds = list(STATUSES)
    weights = [share for share, _months in STATUSES.values()]
    people, episodes = [], []

    class Row:
        pass

    for i in range(count):
        pid = str(uuid.UUID(int=rng.getrandbits(128)))
        sex = "F" if rng.random() < 0.13 else "M"
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        year = rng.randint(1960, 2008)
        born = date(year, rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.8 else None
        id_number = f"{rng.choice(('001', '030', '079'))}{(year >= 2000) * 2 + (sex == 'F')}"
        id_number += f"{year % 100:02d}{i:06d}"
        row = Row()
        row.__dict__.update(
            full_name=name, other_names="", id_number=id_number, legacy_id_number=None,
            address_text=f"Số {rng.randint(1, 200)}, Thôn {rng.randint(1, 12)}",
        )  # fmt: skip
        folded, exact = person_search_text(row)
        status = rng.choices(kinds, weights)[0]
        people.append(
            (pid, UNIT, now, now, name, born.isoformat() if born else None, year, sex,
             id_number, rng.choice(villages), row.address_text, status, folded, exact)
        )  # fmt: skip
        if rng.random() < 0.5:  # an earlier, closed management
            start = today - timedelta(days=rng.randint(800, 2500))
            end = start + timedelta(days=365)
            episodes.append((pid, "illegal_use_management", start, end, end))
        if status != "none":
            months = STATUSES[status][1]
            start = today - timedelta(days=rng.randint(0, 30 * (months or 24) - 1))
            planned = start + timedelta(days=30 * months) if months else None
            episodes.append((pid, status, start, planned, None))
    con.executemany(
        "INSERT INTO person (id, unit_code, created_at, updated_at, version, full_name, "
        "other_names, birth_date, birth_year, sex, id_number, village_id, address_text, "
        "occupation, family_situation, category, drug_types, use_method, criminal_record, "
        "administrative_record, notes, status, search_folded, search_exact) VALUES "
        "(?, ?, ?, ?, 1, ?, '', ?, ?, ?, ?, ?, ?, '', '', 'illegal_user', '', '', '', '', '', "
        "?, ?, ?)",
        people,
    )
    con.executemany(
        "INSERT INTO episode (id, unit_code, created_at, updated_at, version, person_id, kind, "
        "start_date, planned_end, actual_end, decision_number, decided_by, facility, outcome, "
        "notes) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, '', '', '', '', '')",
        [
            (str(uuid.UUID(int=rng.getrandbits(128))), UNIT, now, now, pid, kind,
             start.isoformat(), planned.isoformat() if planned else None,
             end.isoformat() if end else None)
            for pid, kind, start, planned, end in episodes
        ],
    )  # fmt: skip
    con.execute("COMMIT")
    con.close()


# --- measuring (a fresh child process per configuration: its memory is the list's alone) -----


def ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def rss_mb() -> float:
    """The process's resident memory now (Linux), in MB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def measure(path: Path) -> dict[str, float | str]:
    """Everything an officer would feel, through the app's own login, model and view."""
    from PySide6.QtWidgets import QApplication, QTableView
    from sqlalchemy import text

    from xasach.services.auth import login
    from xasach.services.people_list import PeopleFilter
    from xasach.ui.people.table_model import PeopleTableModel

    from benchutil import percentiles

    app = QApplication([])
    db = login(path, "admin", PASSWORD)
    with db.reader() as s:  # the baseline: a raw page of rows on the same table
        sql = text("SELECT id, full_name, birth_date, status FROM person LIMIT 200")
        s.execute(sql).all()
        samples = []
        for _i in range(5):
            started = time.perf_counter()
            s.execute(sql).all()
            samples.append(ms_since(started))
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    model = PeopleTableModel(db)
    view = QTableView()
    view.setModel(model)
    view.resize(1200, 600)
    model.reload()
    view.show()
    app.processEvents()
    first_ms = ms_since(started)
    started, fetches = time.perf_counter(), 0
    while model.canFetchMore():
        view.scrollToBottom()  # as the officer does: the view asks for more when it gets there
        app.processEvents()
        fetches += 1
        assert fetches < 5000, "the model never reached the end"
    scroll_s = time.perf_counter() - started
    gc.collect()
    grown, peak, rows = rss_mb() - before, peak_rss_mb(), model.rowCount()
    model.set_filter(PeopleFilter())  # back to the first screen, as after opening the page
    app.processEvents()
    typing = []
    for query in QUERIES:  # each query as typed into the box: count + first page, painted
        started = time.perf_counter()
        model.set_filter(PeopleFilter(text=query))
        app.processEvents()
        typing.append(ms_since(started))
    worst = QUERIES[typing.index(max(typing))]
    p50, p95 = percentiles(typing)
    db.close()
    return {
        "baseline_ms": min(samples),
        "first_ms": first_ms,
        "ratio": first_ms / min(samples),
        "seconds": scroll_s,
        "fetches": fetches,
        "rows": rows,
        "search_p50": p50,
        "search_p95": p95,
        "worst_query": worst,
        "rss_growth_mb": grown,
        "peak_rss_mb": peak,
    }


def add_proposed_indexes(path: Path) -> None:
    from sqlalchemy import text

    from xasach.services.auth import login

    db = login(path, "admin", PASSWORD)
    with db.session() as s:
        for ddl in PROPOSED_INDEXES:
            s.execute(text(ddl))
    db.close()


if __name__ == "__main__":  # a child process: fill, index or measure
    import json

    job, target = sys.argv[1], Path(sys.argv[2])
    if job == "fill":
        fill(target, int(sys.argv[3]))
    elif job == "index":
        add_proposed_indexes(target)
    else:
        print(json.dumps(measure(target)))
    sys.exit(0)


# --- the benchmark ----------------------------------------------------------------------------

import json  # noqa: E402

import pytest  # noqa: E402

from xasach.services.auth import setup_secure  # noqa: E402
from xasach.services.setup import MODE_COMMUNE  # noqa: E402

from benchutil import report  # noqa: E402

TARGET_FIRST_MS = 300
TARGET_PEAK_MB = 300


def child(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    return done.stdout


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("people-bench") / "big.db"
    setup_secure(path, mode=MODE_COMMUNE, unit_code=UNIT, admin="admin", password=PASSWORD)
    started = time.perf_counter()
    child("fill", str(path), str(PEOPLE))
    print(f"\n   built {PEOPLE:,} files in {time.perf_counter() - started:.1f} s")
    return path


def test_people_list_200k(big_db: Path) -> None:
    shipped = json.loads(child("measure", str(big_db)).splitlines()[-1])
    child("index", str(big_db))
    indexed = json.loads(child("measure", str(big_db)).splitlines()[-1])

    def row(title: str, key: str, fmt: str) -> tuple[str, str]:
        return title, f"{fmt.format(shipped[key]):>12}   {fmt.format(indexed[key]):>12}"

    target = f"first rows < {TARGET_FIRST_MS} ms, peak RSS < {TARGET_PEAK_MB} MB"
    report(
        f"People list over {PEOPLE:,} files (encrypted store)      shipped schema   + indexes",
        [
            row("raw SELECT … LIMIT 200 (baseline)", "baseline_ms", "{:.1f} ms"),
            row("model + view + first rows painted", "first_ms", "{:.0f} ms"),
            row("  ratio to the baseline", "ratio", "{:.0f}x"),
            row("scroll to the end (all rows)", "seconds", "{:.1f} s"),
            row("  fetches", "fetches", "{:.0f}"),
            row("typing a search p50 (count + page)", "search_p50", "{:.0f} ms"),
            row("typing a search p95", "search_p95", "{:.0f} ms"),
            row("  slowest query", "worst_query", "{}"),
            row("memory of the list, all rows", "rss_growth_mb", "{:.0f} MB"),
            row("peak RSS of the process", "peak_rss_mb", "{:.0f} MB"),
            ("targets", target),
        ],
    )
    for figures in (shipped, indexed):
        assert figures["rows"] == PEOPLE
        assert figures["first_ms"] < TARGET_FIRST_MS
        assert figures["peak_rss_mb"] < TARGET_PEAK_MB
