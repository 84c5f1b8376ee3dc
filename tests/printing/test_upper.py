"""The upper level prints the consolidated versions of forms 1, 5, 6 and 7, by commune."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from xasach.domain.errors import DomainError
from xasach.domain.periods import Period
from xasach.services.auth import login, setup_secure
from xasach.services.printing import available_forms, print_form
from xasach.services.setup import MODE_UPPER
from xasach.store.models import Activity, ActivityVillage, Episode, Hotspot, Person, Village

from .conftest import TODAY, pdf_text
from conftest import ADMIN, PASSWORD

COMMUNES = {"00070": "Phường Hoàn Kiếm", "00073": "Phường Cửa Nam"}


@pytest.fixture(scope="module")
def upper(tmp_path_factory):
    """A province office holding two communes' rows (as merged from their bundles)."""
    path = tmp_path_factory.mktemp("upper") / "upper.db"
    setup_secure(path, mode=MODE_UPPER, unit_code="01", admin=ADMIN, password=PASSWORD)
    db = login(path, ADMIN, PASSWORD)
    with db.session() as s:
        for n, unit in enumerate(COMMUNES):
            village = Village(unit_code=unit, name=f"Tổ dân phố số {n + 1}", sort_order=1)
            s.add(village)
            s.flush()
            for k in range(3):
                person = Person(unit_code=unit, full_name=f"Trần Văn Bình {unit}-{k}",
                                birth_year=1990, village_id=village.id)  # fmt: skip
                s.add(person)
                s.flush()
                s.add(Episode(unit_code=unit, person_id=person.id, kind="illegal_use_management",
                              start_date=TODAY - timedelta(days=40),
                              planned_end=TODAY + timedelta(days=300)))  # fmt: skip
            s.add(Hotspot(unit_code=unit, kind="gathering", name=f"Quán nước {unit}",
                          village_id=village.id, discovered_date=date(2026, 3, 1)))  # fmt: skip
            activity = Activity(unit_code=unit, activity_date=date(2026, 8, 10), form="conference",
                                topic="Phòng chống ma túy học đường", participants=50)  # fmt: skip
            s.add(activity)
            s.flush()
            s.add(ActivityVillage(unit_code=unit, activity_id=activity.id, village_id=village.id))
    yield db
    db.close()


def test_the_upper_level_lists_only_the_consolidated_forms(upper):
    with upper.reader() as s:
        names = [f.name for f in available_forms(s)]
    assert names == ["tong-hop-quan-ly", "tong-hop-diem-phuc-tap", "tong-hop-tuyen-truyen",
                     "tong-hop-bao-cao"]  # fmt: skip


def test_consolidated_people_list_is_grouped_by_commune(upper, tmp_path):
    out = tmp_path / "tổng hợp.pdf"
    with upper.session() as s:
        print_form(s, "tong-hop-quan-ly", out, today=TODAY)
    text = "\n".join(pdf_text(out))
    assert "Phường Cửa Nam — 3 người" in text and "Phường Hoàn Kiếm — 3 người" in text
    assert "Trần Văn Bình 00073-2" in text
    assert "Hà Nội, ngày 15 tháng 10 năm 2026" in text


def test_consolidated_hotspots_and_propaganda_by_commune(upper, tmp_path):
    with upper.session() as s:
        print_form(s, "tong-hop-diem-phuc-tap", tmp_path / "d.pdf", today=TODAY)
        print_form(s, "tong-hop-tuyen-truyen", tmp_path / "t.pdf", period=Period.parse("2026"),
                   today=TODAY)  # fmt: skip
    hotspots = "\n".join(pdf_text(tmp_path / "d.pdf"))
    assert "Quán nước 00070" in hotspots and "Phường Cửa Nam — 1 điểm" in hotspots
    log = "\n".join(pdf_text(tmp_path / "t.pdf"))
    assert "Phường Hoàn Kiếm — 1 hoạt động" in log and "Xã, phường, đặc khu" in log


def test_consolidated_report_has_a_line_per_commune(upper, tmp_path):
    out = tmp_path / "b.pdf"
    with upper.session() as s:
        result = print_form(s, "tong-hop-bao-cao", out, period=Period.parse("2026-Q3"),
                            today=TODAY)  # fmt: skip
    text = "\n".join(pdf_text(out))
    assert result.document_number == "01/BC"
    assert "Số liệu chủ yếu theo xã" in text
    assert "Phường Cửa Nam" in text and "Phường Hoàn Kiếm" in text


def test_a_commune_form_is_refused_at_the_upper_level(upper, tmp_path):
    with upper.session() as s, pytest.raises(DomainError, match="danh-sach-quan-ly"):
        print_form(s, "danh-sach-quan-ly", tmp_path / "x.pdf")
