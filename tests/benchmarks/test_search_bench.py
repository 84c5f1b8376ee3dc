"""Search over 200,000 people: p50/p95 of the app's search next to a raw FTS5 query on the
same index in the same run. Target: p95 < 20 ms and within 2x the raw query."""

from __future__ import annotations

import random
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from xasach.services.setup import MODE_COMMUNE, init_installation
from xasach.store.database import Database
from xasach.store.models import Person, utcnow
from xasach.store.search import fts_query, search_person_ids
from xasach.store.session import person_search_text

from benchutil import percentiles, report

PEOPLE = 200_000
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Đoàn",
    "Lò",
    "Hà",
]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Quốc", "Công", "Đình", "Ngọc", "Thanh", "Xuân", "Bá"]
GIVEN = [
    "Đức",
    "Dũng",
    "Hùng",
    "Cường",
    "Tuấn",
    "Thắng",
    "Phúc",
    "Lộc",
    "Hiếu",
    "Nghĩa",
    "Hải",
    "Long",
    "Sơn",
    "Toàn",
    "Trung",
    "Đạt",
    "Khải",
    "Lan",
    "Hương",
    "Hằng",
    "Dực",
    "Dức",
    "Nam",
    "Bình",
    "An",
    "Tâm",
    "Vinh",
    "Quang",
    "Huy",
    "Khoa",
    "Tùng",
    "Thành",
    "Kiên",
    "Phong",
    "Hòa",
    "Thảo",
]
QUERIES = [
    "duc",
    "Đức",
    "nguyen van",
    "Nguyễn Văn Đức",
    "tran thi hang",
    "le",
    "hoang huy",
    "001090",
    "dinh cong",
    "lo van",
    "pham",
    "thon 12",
    "Dực",
    "vu ngoc lan",
    "ha thi",
]


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    path: Path = tmp_path_factory.mktemp("bench") / "big.db"
    init_installation(path, mode=MODE_COMMUNE, unit_code="00070")
    db = Database.open(path)
    rng = random.Random(42)
    now = utcnow()
    rows = []
    for i in range(PEOPLE):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        values = {
            "id": str(uuid.UUID(int=rng.getrandbits(128))),
            "unit_code": "00070",
            "full_name": name,
            "id_number": f"001{rng.choice('0123')}{rng.randint(60, 99)}{i:06d}",
            "address_text": f"Số {rng.randint(1, 200)}, Thôn {rng.randint(1, 30)}",
            "created_at": now,
            "updated_at": now,
        }

        class _Row:
            pass

        row = _Row()
        row.__dict__.update(values, other_names="", legacy_id_number=None)
        values["search_folded"], values["search_exact"] = person_search_text(row)
        rows.append(values)
    with db.session() as s:
        for start in range(0, PEOPLE, 20_000):
            s.execute(insert(Person), rows[start : start + 20_000])
    return db


def timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        for q in QUERIES:
            t0 = time.perf_counter()
            fn(q)
            samples.append((time.perf_counter() - t0) * 1000)
    return samples


def test_search_200k_people(big_db: Database) -> None:
    with big_db.reader() as s:
        raw_sql = text("SELECT rowid FROM person_search WHERE person_search MATCH :m LIMIT 50")

        def raw(q: str) -> None:
            s.execute(raw_sql, {"m": fts_query(q)}).all()

        def app(q: str) -> None:
            search_person_ids(s, q, limit=50)

        app("warm up")
        raw("warm up")
        raw_p50, raw_p95 = percentiles(timed(raw, 8))
        app_p50, app_p95 = percentiles(timed(app, 8))
    report(
        f"Search over {PEOPLE:,} people ({len(QUERIES)} queries x 8)",
        [
            ("raw FTS5 query p50 / p95", f"{raw_p50:.2f} / {raw_p95:.2f} ms"),
            ("xasach search  p50 / p95", f"{app_p50:.2f} / {app_p95:.2f} ms"),
            ("ratio p95 (app / raw)", f"{app_p95 / raw_p95:.2f}x  (target < 2x)"),
            ("target p95 < 20 ms", "met" if app_p95 < 20 else "NOT MET"),
        ],
    )
    assert app_p95 < 20
    assert app_p95 / raw_p95 < 2
