"""Importing the messy people workbook and its CSV cousins: the right rows in, the wrong ones
reported with their reason, nothing twice."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from xasach.domain.errors import DomainError
from xasach.domain.roles import Actor, Role
from xasach.services.tabular_checks import RowStatus
from xasach.services.tabular_import import (
    open_source,
    preview_import,
    run_import,
    suggest_mapping,
    write_rejected,
)
from xasach.store.models import AuditEntry, Person

WORKBOOK = "danh_sach_nguoi_lon_xon.xlsx"


def people(db):
    with db.reader() as s:
        return {
            p.full_name: p for p in s.scalars(select(Person).where(Person.deleted_at.is_(None)))
        }


def import_file(db, path, **kwargs):
    source = open_source(path, "people", encoding=kwargs.pop("encoding", None))
    with db.reader() as s:
        mapping, _remembered = suggest_mapping(s, source)
    return run_import(db, source, mapping, **kwargs)


def by_name(preview):
    return {r.values[1]: r for r in preview.rows}


def test_the_messy_workbook_brings_the_valid_rows_in(db, commune, fixtures_dir):
    result = import_file(db, fixtures_dir / WORKBOOK)
    assert result.imported == 4
    found = people(db)
    assert {"Nguyễn Văn Hùng", "Lê Thị Hoa", "Phạm Văn Nam", "Đỗ Văn Minh"} <= set(found)
    hung, hoa, nam, minh = (
        found[n] for n in ("Nguyễn Văn Hùng", "Lê Thị Hoa", "Phạm Văn Nam", "Đỗ Văn Minh")
    )
    assert hung.birth_date.isoformat() == "1990-03-05" and hung.sex == "M"
    assert hung.id_number == "001090012345"  # Excel had turned it into 1090012345
    assert hung.village_id == commune["Thôn Đông Hưng"] and hung.category == "addict"
    assert hoa.birth_date.isoformat() == "1992-07-14" and hoa.sex == "F"
    assert hoa.village_id == commune["Thôn Đông Hưng"]  # merged cell beside three people
    assert nam.birth_date.isoformat() == "1990-01-01"  # Excel serial 32874
    assert nam.full_name == "Phạm Văn Nam" and nam.category == "illegal_user"  # NFD → NFC
    assert minh.birth_date.isoformat() == "1995-08-07"  # d/m/yy
    assert minh.village_id == commune["Thôn Tây Sơn"]  # "Tây Sơn" without "Thôn"
    assert "NGƯỜI LẬP BIỂU" not in found and "Nguyễn Thị Thu" not in found  # footer


def test_each_wrong_row_says_why(db, commune, fixtures_dir):
    preview = import_file(db, fixtures_dir / WORKBOOK, dry_run=True).preview
    rows = by_name(preview)
    assert rows["Hoàng Văn Tú"].status == RowStatus.INVALID
    assert "30/02/1990" in rows["Hoàng Văn Tú"].reason
    assert rows["Vũ Văn Long"].status == RowStatus.INVALID
    assert "1990" in rows["Vũ Văn Long"].reason and "1991" in rows["Vũ Văn Long"].reason
    assert rows["Bùi Thị Mai"].status == RowStatus.INVALID
    assert "Thôn Bắc Sơn" in rows["Bùi Thị Mai"].reason
    assert rows["Đặng Văn Khoa"].status == RowStatus.INVALID
    assert rows["Trần Thị Lan"].status == RowStatus.DUPLICATE
    assert "1985" in rows["Trần Thị Lan"].reason
    second_hung = [r for r in preview.rows if r.values[1] == "Nguyễn Văn Hùng"][1]
    assert second_hung.status == RowStatus.DUPLICATE and "11" in second_hung.reason
    assert second_hung.row_number == 20


def test_a_dry_run_writes_nothing(db, commune, fixtures_dir):
    result = import_file(db, fixtures_dir / WORKBOOK, dry_run=True)
    assert result.dry_run and result.preview.new == 4
    assert set(people(db)) == {"Trần Thị Lan"}


def test_importing_again_adds_nothing_and_says_so(db, commune, fixtures_dir):
    import_file(db, fixtures_dir / WORKBOOK)
    again = import_file(db, fixtures_dir / WORKBOOK)
    assert again.imported == 0 and again.preview.new == 0
    assert again.preview.already == 5  # the four imported, and the repeated Hùng
    assert len(people(db)) == 5


@pytest.mark.parametrize("name", ["danh_sach_nguoi_utf8_nfd.csv", "danh_sach_nguoi_cp1258.csv"])
def test_csv_in_nfd_or_windows_1258_matches_the_same_people(db, commune, fixtures_dir, name):
    import_file(db, fixtures_dir / WORKBOOK)
    result = import_file(db, fixtures_dir / name)
    assert result.preview.already == 2  # Hùng and Hoa, typed the other way
    assert result.imported == 1
    anh = people(db)["Phan Thị Ngọc Ánh"]
    assert anh.birth_year == 1994 and anh.village_id == commune["Tổ dân phố 3"]
    assert anh.address_text == "Số 3 Lò Sũ"


def test_strict_mode_imports_nothing_when_a_row_is_wrong(db, commune, fixtures_dir):
    result = import_file(db, fixtures_dir / WORKBOOK, strict=True)
    assert result.refused and result.imported == 0
    assert set(people(db)) == {"Trần Thị Lan"}


def test_the_import_is_one_audit_entry(db, commune, fixtures_dir):
    with db.reader() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    import_file(db, fixtures_dir / WORKBOOK)
    with db.reader() as s:
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()[before:]
    assert [e.action for e in entries] == ["import"]
    detail = json.loads(entries[0].detail)
    assert detail["imported"] == 4 and detail["rejected"] == 6 and detail["file"] == WORKBOOK


def test_the_mapping_is_remembered_for_files_of_the_same_shape(db, commune, fixtures_dir):
    source = open_source(fixtures_dir / WORKBOOK, "people")
    with db.reader() as s:
        guessed, remembered = suggest_mapping(s, source)
    assert not remembered
    corrected = {c: k for c, k in guessed.items() if k != "notes"}  # the officer drops a column
    run_import(db, source, corrected)
    with db.reader() as s:
        mapping, remembered = suggest_mapping(s, source)
    assert remembered and mapping == corrected


def test_rejected_rows_go_to_a_workbook_with_their_reason(db, commune, fixtures_dir, tmp_path):
    result = import_file(db, fixtures_dir / WORKBOOK)
    target = tmp_path / "khong_nhap.xlsx"
    assert write_rejected(result.preview, target) == 6
    ws = load_workbook(target).active
    header = [c.value for c in ws[4]]
    assert header[2:] == result.preview.source.headers  # the row as read, after number and reason
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    assert len(rows) == 6
    mai = next(r for r in rows if r[3] == "Bùi Thị Mai")
    assert mai[0] == 19 and "Thôn Bắc Sơn" in mai[1]


def test_the_rejected_workbook_fixed_imports(db, commune, fixtures_dir, tmp_path):
    """Fix and retry: the report is itself an importable file."""
    result = import_file(db, fixtures_dir / WORKBOOK)
    target = tmp_path / "khong_nhap.xlsx"
    write_rejected(result.preview, target)
    book = load_workbook(target)
    ws = book.active
    for row in ws.iter_rows(min_row=5):
        if row[3].value == "Hoàng Văn Tú":
            row[4].value = "28/02/1990"
    book.save(target)
    retry = import_file(db, target)
    assert retry.imported == 1 and "Hoàng Văn Tú" in people(db)


def test_a_role_that_may_not_edit_people_cannot_import(db, commune, fixtures_dir):
    db.actor = Actor("vanhoa", Role.CULTURE)
    source = open_source(fixtures_dir / WORKBOOK, "people")
    with db.reader() as s, pytest.raises(DomainError):
        preview_import(s, source, {1: "full_name"})


def test_a_mapping_without_the_name_is_refused_with_what_is_missing(db, commune, fixtures_dir):
    source = open_source(fixtures_dir / WORKBOOK, "people")
    with db.reader() as s, pytest.raises(DomainError) as exc:
        preview_import(s, source, {2: "male"})
    assert "Full name" in exc.value.message or "Họ" in exc.value.message


def test_ticks_under_nam_and_nu_give_the_sex(db, commune, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(["Họ và tên", "Giới tính", None, "Năm sinh", "Thôn"])
    ws.append([None, "Nam", "Nữ", None, None])
    ws.append(["Lý Văn Tài", "x", None, 1988, "Thôn 1"])
    ws.append(["Lý Thị Thu", None, "x", 1990, "Tổ dân phố 03"])
    ws.merge_cells("B1:C1")
    for col in "ADE":
        ws.merge_cells(f"{col}1:{col}2")
    book.save(tmp_path / "dau_x.xlsx")
    result = import_file(db, tmp_path / "dau_x.xlsx", dry_run=True)
    rows = {r.values[0]: r for r in result.preview.rows}
    assert rows["Lý Văn Tài"].status == RowStatus.INVALID  # "Thôn 1" is not a village here
    assert "Thôn 1" in rows["Lý Văn Tài"].reason
    thu = rows["Lý Thị Thu"]
    assert thu.status == RowStatus.NEW, thu.reason
    assert thu.payload["sex"] == "F" and thu.payload["birth_year"] == 1990
    assert thu.payload["village_id"] == commune["Tổ dân phố 3"]  # "03" is 3
