"""Sync throughput (`make bench`).

(a) The upper level imports a folder of 300 communes' bundles, 200,000 people with their
    episodes, through `import_paths` (read, decrypt, signature, strict validation, merge,
    record, receipt; the next file is prepared while one commits) into an
    encrypted installation; reported as records/second next to a plain stdlib `sqlite3` bulk
    insert of the same rows into the same table definitions (CREATE TABLE and its indexes, no
    triggers, no encryption; WAL and synchronous=FULL like the app, SQLite's default page
    cache and checkpoints; one transaction per bundle), measured in the same run. Target:
    within 3x. The import runs with a bigger page cache and rarer checkpoints
    (store/engine.py BULK_TUNING); the baseline given those same settings is reported too.
(b) A commune with 2,000 people exports its bundle in under 1 s.

Sizes: XASACH_BENCH_SYNC_PEOPLE (200000) and XASACH_BENCH_SYNC_COMMUNES (300); e.g. 3000 and
10 for a smoke run.

History: with SQLCipher's `cipher_memory_security` ON this import ran at 22.7x the plain
insert (35x on the merge alone); the store now leaves it OFF (store/engine.py says why).
"""

from __future__ import annotations

import csv
import os
import random
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from xasach.demo.generator import generate_demo
from xasach.domain.episodes import EpisodeType
from xasach.paths import resources_dir
from xasach.services import sync_export, sync_keys
from xasach.services.auth import login, setup_secure
from xasach.services.setup import MODE_COMMUNE, MODE_UPPER
from xasach.services.sync_import import DONE, import_paths
from xasach.services.sync_state import withheld_pairs
from xasach.store.engine import BULK_TUNING
from xasach.store.models import SyncPeer, utcnow
from xasach.store.sync_validate import validate
from xasach.sync.bundle_format import seal
from xasach.sync.keys import OwnKeys

from benchutil import report

os.environ.setdefault("XASACH_KDF_PROFILE", "test")
PEOPLE = int(os.environ.get("XASACH_BENCH_SYNC_PEOPLE", "200000"))
COMMUNES = int(os.environ.get("XASACH_BENCH_SYNC_COMMUNES", "300"))
EXPORT_PEOPLE = 2000
ADMIN, PASSWORD = "admin", "mat-khau-thu-nghiem"
TARGET_RATIO = 3.0

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Quốc", "Ngọc", "Thanh"]
GIVEN = ["Dũng", "Hùng", "Cường", "Tuấn", "Thắng", "Phúc", "Lộc", "Hiếu", "Lan", "Hương"]
KINDS = [e.value for e in EpisodeType]


def commune_codes(n: int) -> list[str]:
    """Real commune codes: Hà Nội's first, then the rest of the list."""
    with (resources_dir() / "units" / "units.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(line for line in fh if not line.startswith("#"))]
    communes = [r for r in rows if r["level"] == "commune"]
    communes.sort(key=lambda r: (r["parent_code"] != "01", r["code"]))
    return [r["code"] for r in communes[:n]]


def stamp(rng: random.Random) -> str:
    day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return f"{day}T08:{rng.randint(0, 59):02d}:00.000000Z"


def synthetic_rows(unit: str, people: int, rng: random.Random) -> list[dict[str, Any]]:
    """Person and episode records as a commune exports them (valid per `validate`)."""
    records: list[dict[str, Any]] = []
    episodes: list[dict[str, Any]] = []
    for i in range(people):
        pid = str(uuid.UUID(int=rng.getrandbits(128)))
        when = stamp(rng)
        year = rng.randint(1960, 2005)
        records.append(
            {
                "t": "person",
                "r": {
                    "full_name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                    "other_names": "",
                    "birth_date": None,
                    "birth_year": year,
                    "sex": rng.choice("MF"),
                    "id_number": f"001{rng.randint(0, 3)}{year % 100:02d}{i:06d}",
                    "legacy_id_number": None,
                    "village_id": None,
                    "address_text": f"Số {rng.randint(1, 200)}, Thôn {rng.randint(1, 30)}",
                    "occupation": "Lao động tự do",
                    "category": rng.choice(["addict", "illegal_user"]),
                    "drug_types": "Ma túy tổng hợp (đá)",
                    "use_method": "Hút",
                    "using_since_year": rng.randint(2010, 2024),
                    "criminal_record": "",
                    "administrative_record": "",
                    "id": pid,
                    "unit_code": unit,
                    "created_at": when,
                    "updated_at": when,
                    "version": 1,
                    "deleted_at": None,
                },
            }
        )
        for _ in range(rng.choice((1, 1, 2))):
            start = f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            episodes.append(
                {
                    "t": "episode",
                    "r": {
                        "person_id": pid,
                        "kind": rng.choice(KINDS),
                        "start_date": start,
                        "planned_end": None,
                        "actual_end": None,
                        "duration_months": 12,
                        "after_kind": None,
                        "decision_number": f"{rng.randint(1, 999)}/QĐ-UBND",
                        "decision_date": start,
                        "decided_by": "Chủ tịch UBND xã",
                        "facility": "",
                        "outcome": "",
                        "id": str(uuid.UUID(int=rng.getrandbits(128))),
                        "unit_code": unit,
                        "created_at": when,
                        "updated_at": when,
                        "version": 1,
                        "deleted_at": None,
                    },
                }
            )
    return records + episodes


def _upper(folder: Path):
    path = folder / "upper.db"
    setup_secure(path, mode=MODE_UPPER, unit_code="01", admin=ADMIN, password=PASSWORD)
    return login(path, ADMIN, PASSWORD)


def _enrol(db, communes: dict[str, OwnKeys]) -> None:
    now = utcnow()
    with db.session() as s:
        for unit, keys in communes.items():
            s.add(
                SyncPeer(
                    key_id=keys.key_id,
                    unit_code=unit,
                    unit_name=f"Xã {unit}",
                    mode="commune",
                    age_recipient=keys.age_recipient,
                    sign_public=keys.sign_public.hex(),
                    card_created="2026-01-01",
                    imported_at=now,
                    imported_by=ADMIN,
                    verified_at=now,
                    verified_by=ADMIN,
                    active=True,
                )
            )


def _plain_sqlite(
    path: Path,
    schema: list[str],
    batches: list[list[dict[str, Any]]],
    tuning: tuple[tuple[str, int], ...] = (),
) -> float:
    """Seconds to bulk-insert the same rows with stdlib sqlite3 (executemany); `tuning`: extra
    pragmas (name, value), none for SQLite's defaults."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    for name, value in tuning:
        conn.execute(f"PRAGMA {name} = {value}")
    for sql in schema:
        conn.execute(sql)
    columns = {
        t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in ("person", "episode")
    }
    started = time.perf_counter()
    for records in batches:
        by_table: dict[str, list[tuple[Any, ...]]] = {"person": [], "episode": []}
        for record in records:
            row = record["r"]
            by_table[record["t"]].append(tuple(row.get(c, "") for c in columns[record["t"]]))
        conn.execute("BEGIN IMMEDIATE")
        for table in ("person", "episode"):
            names = columns[table]
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                by_table[table],
            )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def test_upper_level_imports_communes(tmp_path: Path) -> None:
    rng = random.Random(20260707)
    upper = _upper(tmp_path)
    with upper.session() as s:
        upper_keys = sync_keys.ensure_own_keys(s)
    codes = commune_codes(COMMUNES)
    keys = {code: OwnKeys.generate() for code in codes}
    _enrol(upper, keys)

    t0 = time.perf_counter()
    per_commune = PEOPLE // len(codes)
    batches = [
        synthetic_rows(code, per_commune + (1 if n < PEOPLE % len(codes) else 0), rng)
        for n, code in enumerate(codes)
    ]
    validate(batches[0], codes[0], withheld_pairs())  # the generator makes valid rows
    generated = time.perf_counter() - t0

    t0 = time.perf_counter()
    bundles = []
    for code, records in zip(codes, batches, strict=True):
        data, _bundle = seal(
            keys[code],
            sender_unit=code,
            recipients=[(upper_keys.key_id, upper_keys.age_recipient)],
            epoch=str(uuid.uuid4()),
            first_seq=1,
            last_seq=len(records),
            prev_bundle_hash="",
            audit_head={"seq": 0, "hash": ""},
            records=records,
            created_at="2026-01-01T00:00:00.000000Z",
        )
        bundles.append(data)
    sealed = time.perf_counter() - t0
    total = sum(len(b) for b in batches)
    size = sum(len(b) for b in bundles)

    stick = tmp_path / "stick"  # what the officer does: import a folder of bundles
    stick.mkdir()
    for n, (code, data) in enumerate(zip(codes, bundles, strict=True)):
        (stick / f"{n:03d}_{code}.xsb").write_bytes(data)
    receipts = tmp_path / "receipts"
    t0 = time.perf_counter()
    outcomes = import_paths(upper, [stick], receipts=receipts)
    imported = time.perf_counter() - t0
    assert [o.status for o in outcomes] == [DONE] * len(codes), outcomes[0].message

    with upper.reader() as s:
        conn = s.connection()
        people = conn.exec_driver_sql("SELECT count(*) FROM person").scalar()
        schema = [
            sql
            for (sql,) in conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE tbl_name IN ('person', 'episode') "
                "AND type IN ('table', 'index') AND sql IS NOT NULL "
                "ORDER BY type = 'index', tbl_name != 'person'"
            )
        ]
        peers = len(s.scalars(select(SyncPeer)).all())
    assert people == PEOPLE and peers == len(codes)
    upper.close()

    # The baseline needs the village table the person table's foreign key names.
    village = "CREATE TABLE village (id VARCHAR(36) PRIMARY KEY)"
    plain = _plain_sqlite(tmp_path / "plain.db", [village, *schema], batches)
    # For the record: the baseline given the import's own cache and checkpoint settings.
    tuned = _plain_sqlite(tmp_path / "tuned.db", [village, *schema], batches, BULK_TUNING)

    ratio = imported / plain
    report(
        f"Upper level imports {len(codes)} bundles, {PEOPLE:,} people, {total:,} records",
        [
            ("synthetic rows made / sealed", f"{generated:.1f} s / {sealed:.1f} s"),
            ("bundles on disk", f"{size / 1e6:.1f} MB ({size / len(codes) / 1e3:.0f} KB each)"),
            ("import_paths (all checks)", f"{imported:.2f} s  = {total / imported:,.0f} rec/s"),
            ("plain sqlite3 executemany", f"{plain:.2f} s  = {total / plain:,.0f} rec/s"),
            ("ratio (import / plain)", f"{ratio:.2f}x  (target < {TARGET_RATIO:.0f}x)"),
            ("plain sqlite3, import's cache/checkpoint", f"{tuned:.2f} s"),
            ("ratio (import / that)", f"{imported / tuned:.2f}x  (for the record)"),
        ],
    )
    assert ratio < TARGET_RATIO


@pytest.fixture
def commune_2000(tmp_path: Path):
    upper = _upper(tmp_path / "u")
    path = tmp_path / "commune.db"
    setup_secure(path, mode=MODE_COMMUNE, unit_code="00070", admin=ADMIN, password=PASSWORD)
    db = login(path, ADMIN, PASSWORD)
    generate_demo(db, persons=EXPORT_PEOPLE, hotspots=50, activities=300, seed=7)
    card = sync_keys.export_card(upper, tmp_path)
    sync_keys.import_card(db, card, verified=True)
    upper.close()
    yield db
    db.close()


def test_commune_export_2000_people(commune_2000, tmp_path: Path) -> None:
    t0 = time.perf_counter()
    result = sync_export.export_bundle(commune_2000, tmp_path / "out")
    elapsed = time.perf_counter() - t0
    assert result is not None
    records = sum(result.counts.values())
    report(
        f"Commune export, {EXPORT_PEOPLE:,} people",
        [
            ("records", f"{records:,} ({result.counts.get('person', 0):,} people)"),
            ("bundle size", f"{result.size / 1e3:.0f} KB"),
            ("export_bundle", f"{elapsed * 1000:.0f} ms  (target < 1000 ms)"),
        ],
    )
    assert elapsed < 1.0
