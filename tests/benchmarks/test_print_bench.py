"""Printing speed (`make bench`): the list of 10,000 people under management as a PDF.

Ours: the real form builder (`printing.forms.lists.build_people_list`: letterhead, the ruled
table wrapped cell by cell, split across pages with its header repeated, totals, signatures)
on 10,000 rows. Baseline, in the same run: bare reportlab drawing the same cell texts with the
same embedded font on the same landscape A4 pages — one `drawString` per cell, no wrapping, no
rules, no header — the least any PDF of this list can cost. Reported as pages/second each and
the ratio; target: ours at least a third of bare speed.

Then the whole service path on a store of XASACH_BENCH_PRINT_PEOPLE demo people (default
2,000): query, layout, atomic write, audit entry — reported, not asserted.
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import date
from io import BytesIO
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from xasach.printing.fonts import SERIF, register_fonts
from xasach.printing.forms.lists import PEOPLE_COLUMNS, build_people_list
from xasach.printing.model import Issue, PeopleListData, PersonListRow, Tally
from xasach.printing.templates import load_template

from benchutil import report

os.environ.setdefault("XASACH_KDF_PROFILE", "test")
ROWS = 10_000
SERVICE_PEOPLE = int(os.environ.get("XASACH_BENCH_PRINT_PEOPLE", "2000"))
TARGET_SHARE = 1 / 3
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Quốc", "Công", "Đình", "Ngọc", "Thanh Xuân"]
GIVEN = ["Đức", "Dũng", "Hùng", "Cường", "Tuấn", "Thắng", "Phúc", "Lộc", "Hiếu", "Phương Thảo"]
STATUSES = ["Quản lý người sử dụng trái phép", "Cai nghiện bắt buộc", "Quản lý sau cai nghiện",
            "Điều trị thay thế (methadone)"]  # fmt: skip


def rows() -> list[PersonListRow]:
    return [
        PersonListRow(
            group=f"Thôn {i * 12 // ROWS + 1}",
            full_name=f"{FAMILY[i % 11]} {MIDDLE[i % 10]} {GIVEN[i % 7]}",
            other_names="Tèo" if i % 9 == 0 else "",
            birth=f"{i % 28 + 1:02d}/{i % 12 + 1:02d}/19{60 + i % 45}",
            sex="Nam" if i % 8 else "Nữ",
            id_masked=f"••••••••{i % 10_000:04d}",
            address=f"Số {i % 200 + 1}, ngõ {i % 50 + 1}, Thôn {i * 12 // ROWS + 1}",
            status=STATUSES[i % 4],
            since="01/02/2026",
            planned_end="01/02/2027" if i % 4 != 3 else "",
        )
        for i in range(ROWS)
    ]


def ours(data: PeopleListData) -> tuple[float, int]:
    started = time.perf_counter()
    _pdf, pages = build_people_list(data, load_template("danh-sach-quan-ly"))
    return time.perf_counter() - started, pages


def bare(data: PeopleListData) -> tuple[float, int]:
    """The same texts drawn one cell per `drawString`, 24 rows per landscape page."""
    register_fonts()
    started = time.perf_counter()
    canvas = Canvas(BytesIO(), pagesize=landscape(A4), initialFontName=SERIF)
    width = landscape(A4)[0] - 40 * mm
    weights = [w for _k, w, _a in PEOPLE_COLUMNS]
    xs, x = [], 25 * mm
    for w in weights:
        xs.append(x)
        x += width * w / sum(weights)
    top, step, per_page, pages = landscape(A4)[1] - 25 * mm, 19.0, 24, 1
    canvas.setFont(SERIF, 11)
    for i, p in enumerate(data.rows):
        if i and i % per_page == 0:
            canvas.showPage()
            canvas.setFont(SERIF, 11)
            pages += 1
        y = top - (i % per_page) * step
        cells = (str(i + 1), p.full_name, p.birth, p.sex, p.id_masked, p.address, p.status,
                 p.since, p.planned_end)  # fmt: skip
        for cx, text in zip(xs, cells, strict=True):
            canvas.drawString(cx, y, text)
    canvas.save()
    return time.perf_counter() - started, pages


def service_path(tmp: Path) -> tuple[float, int]:
    from xasach.demo.generator import generate_demo
    from xasach.services.auth import login, setup_secure
    from xasach.services.printing import print_form
    from xasach.services.setup import MODE_COMMUNE

    path = tmp / "bench.db"
    setup_secure(path, mode=MODE_COMMUNE, unit_code="00070", admin="admin", password="mk-bench")
    db = login(path, "admin", "mk-bench")
    try:
        generate_demo(db, persons=SERVICE_PEOPLE, hotspots=0, activities=0, seed=1)
        started = time.perf_counter()
        with db.session() as s:
            result = print_form(s, "danh-sach-quan-ly", tmp / "danh sách.pdf")
        return time.perf_counter() - started, result.pages
    finally:
        db.close()


def test_people_list_pdf_speed_next_to_bare_reportlab(tmp_path: Path) -> None:
    issue = Issue("Phường Hoàn Kiếm", "Thành phố Hà Nội", "Phường Hoàn Kiếm", date(2026, 1, 5))
    data = PeopleListData(issue, date(2026, 1, 5), rows(), [Tally(s, ROWS // 4) for s in STATUSES])
    bare(data)  # warm-up: font loading and subsetting tables
    bare_s, bare_pages = min((bare(data) for _i in range(2)), key=lambda r: r[0])
    ours_s, ours_pages = min((ours(data) for _i in range(2)), key=lambda r: r[0])
    ours_rate, bare_rate = ours_pages / ours_s, bare_pages / bare_s
    share = ours_rate / bare_rate
    service_s, service_pages = service_path(tmp_path)
    report(
        f"Printing the list of {ROWS:,} people (landscape A4)",
        [
            ("ours (form builder)", f"{ours_pages} pages in {ours_s:.2f} s = {ours_rate:.0f} p/s"),
            ("bare reportlab", f"{bare_pages} pages in {bare_s:.2f} s = {bare_rate:.0f} p/s"),
            ("ours ÷ bare (pages/s)", f"{share:.2f} (target ≥ {TARGET_SHARE:.2f})"),
            (
                f"service, {SERVICE_PEOPLE:,} demo people",
                f"{service_pages} pages in {service_s:.2f} s (query, layout, write, audit)",
            ),
        ],
    )
    shutil.rmtree(tmp_path, ignore_errors=True)
    assert share >= TARGET_SHARE
