"""Exporting lists: an office-looking workbook (title, date cells, widths), a CSV Excel opens
right, the screen's filter kept — and an export imports back with nothing lost."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from xasach.domain.errors import DomainError
from xasach.domain.roles import Actor, Role
from xasach.services.hotspot_queries import HotspotQuery
from xasach.services.hotspots import HotspotData, change_status, create_hotspot
from xasach.services.people import create_person
from xasach.services.people_list import PeopleFilter
from xasach.services.propaganda import ActivityData, create_activity
from xasach.services.propaganda_queries import ActivityQuery
from xasach.services.tabular_export import export_list
from xasach.services.tabular_import import open_source, run_import, suggest_mapping
from xasach.store.models import Activity, AuditEntry, Hotspot, Person, Village
from xasach.tabular.cells import cell_text

PERSON_FIELDS = (
    "full_name", "other_names", "birth_date", "birth_year", "sex", "id_number",
    "legacy_id_number", "address_text", "occupation", "category", "drug_types", "use_method",
    "using_since_year", "family_situation", "criminal_record", "administrative_record", "notes",
)  # fmt: skip


@pytest.fixture
def registers(db, commune):
    east, west = commune["Thôn Đông Hưng"], commune["Thôn Tây Sơn"]
    with db.session() as s:
        create_person(
            s, full_name="Nguyễn Văn Hùng", birth_date=date(1990, 3, 5), sex="M",
            id_number="001090012345", village_id=east, address_text="Số 5, ngõ 12 Hàng Bạc",
            occupation="Lao động tự do", category="addict", drug_types="Heroin",
            use_method="Hút", using_since_year=2015, family_situation="Có vợ\nvà 2 con",
            criminal_record="01 tiền án", administrative_record="", notes="Ghi chú \"trích dẫn\"",
            other_names="Hùng béo", legacy_id_number="012345678",
        )  # fmt: skip
        create_person(s, full_name="Lê Thị Hoa", birth_year=1992, sex="F", village_id=west)
        spot = create_hotspot(
            s, HotspotData("gathering", "Quán nước bà Tư", east, date(2024, 1, 5),
                           "Ngõ 3", 21.0285, 105.8542, "Tụ tập ban đêm"),
        )  # fmt: skip
        change_status(s, spot.id, "eliminated", date(2024, 6, 20))
        create_hotspot(s, HotspotData("point", "Bãi sông", west, date(2025, 2, 1)))
        create_activity(
            s, ActivityData(date(2025, 3, 15), "conference", "Tác hại của ma túy", (east, west),
                            "Công an phường", "Đoàn thanh niên", "youth", 120, 300, 1_500_000,
                            "Có ảnh"),
        )  # fmt: skip
        create_activity(s, ActivityData(date(2025, 6, 26), "loudspeaker", "Ngày 26/6", (west,)))
    return commune


def test_the_workbook_looks_like_an_office_list(db, registers, tmp_path):
    target = tmp_path / "nguoi.xlsx"
    result = export_list(db, "people", target, today=date(2026, 1, 5))
    assert result.rows == 3
    ws = load_workbook(target).active
    assert ws["A1"].value.startswith("DANH SÁCH NGƯỜI") and ws["A1"].font.bold
    assert any(str(r).startswith("A1:") for r in ws.merged_cells.ranges)
    assert "Phường Hoàn Kiếm" in ws["A2"].value and "05/01/2026" in ws["A2"].value
    headers = [c.value for c in ws[4]]
    assert headers[:4] == ["STT", "Họ và tên", "Tên gọi khác", "Ngày sinh"]
    rows = {r[1].value: r for r in ws.iter_rows(min_row=5)}
    hung = rows["Nguyễn Văn Hùng"]
    assert hung[3].is_date and hung[3].value.date() == date(1990, 3, 5)
    assert hung[3].number_format.upper() == "DD/MM/YYYY"
    assert rows["Lê Thị Hoa"][3].value == 1992  # a year alone stays a year
    assert hung[5].value == "001090012345" and hung[5].data_type == "s"  # zeros kept
    assert ws.column_dimensions["B"].width >= len("Nguyễn Văn Hùng")
    assert ws.freeze_panes == "A5"


def test_the_csv_has_a_bom_and_vietnamese_headers(db, registers, tmp_path):
    target = tmp_path / "nguoi.csv"
    export_list(db, "people", target)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("STT,Họ và tên,Tên gọi khác,Ngày sinh")
    assert "05/03/1990" in text


def test_the_export_keeps_the_screens_filter(db, registers, tmp_path):
    target = tmp_path / "tay_son.xlsx"
    result = export_list(db, "people", target, PeopleFilter(village_id=registers["Thôn Tây Sơn"]))
    assert result.rows == 1
    spots = export_list(
        db, "hotspots", tmp_path / "d.csv", HotspotQuery(statuses=frozenset({"eliminated"}))
    )
    assert spots.rows == 1
    acts = export_list(db, "activities", tmp_path / "a.xlsx", ActivityQuery(year=2025, month=6))
    assert acts.rows == 1


def test_an_export_is_audited(db, registers, tmp_path):
    export_list(db, "hotspots", tmp_path / "d.xlsx")
    with db.reader() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
    assert (last.action, last.entity) == ("export", "hotspot")


def test_a_role_without_export_may_not_export(db, registers, tmp_path):
    db.actor = Actor("vanhoa", Role.CULTURE)
    with pytest.raises(DomainError):
        export_list(db, "activities", tmp_path / "a.xlsx")
    assert not (tmp_path / "a.xlsx").exists()


def test_a_wrong_file_type_is_refused(db, registers, tmp_path):
    with pytest.raises(DomainError) as exc:
        export_list(db, "people", tmp_path / "nguoi.pdf")
    assert ".xlsx" in exc.value.message


def _round_trip(db, other_db, register, path):
    export_list(db, register, path)
    source = open_source(path, register)
    with other_db.reader() as s:
        mapping, _remembered = suggest_mapping(s, source)
    result = run_import(other_db, source, mapping)
    assert not result.preview.rejected, [r.reason for r in result.preview.rejected]
    return result


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_people_round_trip_loses_nothing(db, other_db, registers, tmp_path, suffix):
    _round_trip(db, other_db, "people", tmp_path / f"nguoi{suffix}")

    def snapshot(database):
        with database.reader() as s:
            return {
                p.full_name: (
                    *(getattr(p, f) for f in PERSON_FIELDS),
                    p.village.name if p.village else None,
                )
                for p in s.scalars(select(Person))
            }

    assert snapshot(other_db) == snapshot(db)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_hotspots_and_activities_round_trip(db, other_db, registers, tmp_path, suffix):
    _round_trip(db, other_db, "hotspots", tmp_path / f"diem{suffix}")
    _round_trip(db, other_db, "activities", tmp_path / f"tt{suffix}")

    def snapshot(database):
        with database.reader() as s:
            names = dict(s.execute(select(Village.id, Village.name)).all())
            spots = {
                (h.name, h.kind, h.village.name, h.address_text, h.discovered_date, h.status,
                 h.status_date, h.latitude, h.longitude, h.description)
                for h in s.scalars(select(Hotspot))
            }  # fmt: skip
            acts = {
                (a.activity_date, a.form, a.topic, a.organiser, a.partners, a.audience,
                 a.participants, a.materials, a.cost_vnd, a.notes,
                 frozenset(names[v.village_id] for v in a.villages))
                for a in s.scalars(select(Activity))
            }  # fmt: skip
            return spots, acts

    assert snapshot(other_db) == snapshot(db)
    assert len(snapshot(db)[1]) == 2


def test_an_export_imported_into_the_same_register_adds_nothing(db, registers, tmp_path):
    for register in ("people", "hotspots", "activities"):
        path = tmp_path / f"{register}.xlsx"
        export_list(db, register, path)
        source = open_source(path, register)
        with db.reader() as s:
            mapping, _remembered = suggest_mapping(s, source)
        result = run_import(db, source, mapping)
        assert result.imported == 0 and not result.preview.rejected, register


def test_text_that_looks_like_a_formula_stays_text(db, commune, tmp_path):
    note = '=HYPERLINK("http://x","bấm")'
    with db.session() as s:
        create_person(s, full_name="Lê Văn Tâm", birth_year=1990, notes=note, other_names="-Tâm")
    export_list(db, "people", tmp_path / "a.xlsx")
    export_list(db, "people", tmp_path / "a.csv")
    ws = load_workbook(tmp_path / "a.xlsx").active
    row = next(r for r in ws.iter_rows(min_row=5) if r[1].value == "Lê Văn Tâm")
    assert row[-1].data_type == "s" and row[-1].value == note
    text = (tmp_path / "a.csv").read_bytes().decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",'-Tâm," in text
    source = open_source(tmp_path / "a.csv", "people")
    tam = next(r for r in source.table.rows if r[1] == "Lê Văn Tâm")
    assert cell_text(tam[-1]) == note and cell_text(tam[2]) == "-Tâm"
