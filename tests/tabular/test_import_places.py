"""Hotspots from an old Windows-1252 CSV, propaganda activities from a workbook."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from xasach.services.tabular_checks import RowStatus
from xasach.services.tabular_import import open_source, run_import, suggest_mapping
from xasach.store.models import Activity, ActivityVillage, Hotspot, HotspotEvent


def import_file(db, path, register, **kwargs):
    source = open_source(path, register)
    with db.reader() as s:
        mapping, _remembered = suggest_mapping(s, source)
    return run_import(db, source, mapping, **kwargs)


def test_hotspots_from_a_windows_1252_csv(db, commune, fixtures_dir):
    result = import_file(db, fixtures_dir / "diem_phuc_tap_cp1252.csv", "hotspots")
    assert result.preview.source.encoding == "cp1252"
    assert result.imported == 2
    with db.reader() as s:
        spots = {h.name: h for h in s.scalars(select(Hotspot))}
        events = s.scalars(select(HotspotEvent)).all()
    thin = spots["Quán bà Thìn"]  # ì read right, not as a stray tone mark
    assert thin.kind == "point" and thin.status == "active" and thin.address_text == "Ngõ Lò Rèn"
    assert thin.discovered_date == date(2024, 3, 12)
    tro = spots["Nhà tro Lò Gach cu"]
    assert tro.kind == "gathering" and tro.discovered_date == date(2024, 1, 5)
    assert tro.status == "eliminated" and tro.status_date == date(2024, 6, 20)
    assert len(events) == 3
    bad = [r for r in result.preview.rows if r.status == RowStatus.INVALID]
    assert len(bad) == 1 and "Thon Bac Son" in bad[0].reason


def test_hotspots_imported_twice_stay_once(db, commune, fixtures_dir):
    import_file(db, fixtures_dir / "diem_phuc_tap_cp1252.csv", "hotspots")
    again = import_file(db, fixtures_dir / "diem_phuc_tap_cp1252.csv", "hotspots")
    assert again.imported == 0 and again.preview.already == 2


def test_activities_from_a_workbook(db, commune, fixtures_dir):
    result = import_file(db, fixtures_dir / "hoat_dong_tuyen_truyen.xlsx", "activities")
    assert result.imported == 3
    with db.reader() as s:
        found = {a.topic: a for a in s.scalars(select(Activity))}
        links = s.execute(select(ActivityVillage.activity_id, ActivityVillage.village_id)).all()
    meeting = found["Tác hại của ma túy tổng hợp"]
    assert meeting.form == "conference" and meeting.cost_vnd == 1_500_000
    assert meeting.participants == 120 and meeting.activity_date == date(2025, 3, 15)
    assert {v for a, v in links if a == meeting.id} == set(commune.values())  # "Toàn phường"
    radio = found["Ngày toàn dân phòng, chống ma túy 26/6"]
    assert radio.form == "loudspeaker"
    assert {v for a, v in links if a == radio.id} == {
        commune["Thôn Đông Hưng"],
        commune["Thôn Tây Sơn"],
    }
    leaflets = found["Phát tờ rơi tại chợ"]
    assert leaflets.activity_date == date(2025, 8, 1)  # Excel serial 45870
    assert leaflets.participants == 200 and leaflets.form == "leaflet"
    reasons = {r.values[3]: r.reason for r in result.preview.rows if r.status == RowStatus.INVALID}
    assert set(reasons) == {"Kế hoạch năm sau", "Phim tài liệu", "Phát tờ rơi"}
    assert "Chiếu phim" in reasons["Phim tài liệu"]
    assert "hai triệu" in reasons["Phát tờ rơi"]


def test_activities_imported_twice_stay_once(db, commune, fixtures_dir):
    import_file(db, fixtures_dir / "hoat_dong_tuyen_truyen.xlsx", "activities")
    again = import_file(db, fixtures_dir / "hoat_dong_tuyen_truyen.xlsx", "activities")
    assert again.imported == 0 and again.preview.already == 3
