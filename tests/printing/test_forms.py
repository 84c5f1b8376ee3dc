"""Every form printed from the store through the service, as the Reports screen and the CLI do."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from xasach.domain.errors import DomainError
from xasach.domain.periods import Period
from xasach.domain.roles import Actor, PermissionDenied, Role
from xasach.services.print_notes import note_sections, report_notes, save_report_notes
from xasach.services.printing import available_forms, print_form
from xasach.store.models import AuditEntry, Episode, Person
from xasach.store.session import ACTOR

from .conftest import TODAY, pdf_text

Q3 = Period.parse("2026-Q3")


def person_with(db, kind: str, *, numbered: bool) -> Person:
    with db.reader() as s:
        stmt = select(Person).join(Episode).where(Episode.kind == kind, Person.deleted_at.is_(None))
        for person in s.scalars(stmt):
            episodes = [e for e in person.episodes if e.kind == kind]
            if bool(episodes[-1].decision_number) == numbered:
                s.expunge(person)
                return person
    raise AssertionError(f"no demo person with a {kind} episode")


def clear_decision_numbers(db, person_id: str) -> None:
    with db.session() as s:
        for e in s.scalars(select(Episode).where(Episode.person_id == person_id)):
            e.decision_number = ""


def test_every_commune_form_is_listed_with_a_lower_case_ascii_name(demo):
    with demo.reader() as s:
        forms = available_forms(s)
    names = [f.name for f in forms]
    assert names[0] == "danh-sach-quan-ly" and len(names) == 7
    assert all(n.isascii() and n == n.lower() and " " not in n for n in names)
    assert all(f.title for f in forms)
    assert not any(n.startswith("tong-hop") for n in names)


def test_people_list_shows_unit_names_and_the_people(demo, tmp_path):
    out = tmp_path / "Danh sách quản lý.pdf"
    with demo.session() as s:
        result = print_form(s, "danh-sach-quan-ly", out, today=TODAY)
        name = s.scalars(select(Person.full_name).where(Person.status != "none")).first()
    text = "\n".join(pdf_text(out))
    assert result.path == out and out.exists() and result.document_number is None
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "CÔNG AN PHƯỜNG HOÀN KIẾM" in text and "Phường Hoàn Kiếm, ngày 15 tháng 10" in text
    assert name in text
    assert "Tổng cộng" in text


def test_person_file_shows_identity_and_history(demo, tmp_path):
    person = person_with(demo, "illegal_use_management", numbered=True)
    out = tmp_path / "hồ sơ.pdf"
    with demo.session() as s:
        print_form(s, "ho-so-ca-nhan", out, person_id=person.id, today=TODAY)
    text = "\n".join(pdf_text(out))
    with demo.reader() as s:
        starts = [e.start_date.strftime("%d/%m/%Y") for e in s.get(Person, person.id).episodes]
    assert person.full_name.upper() in text
    assert "II. Quá trình quản lý, cai nghiện, điều trị" in text
    assert all(start in text for start in starts)  # the whole history, oldest first
    assert person.id_number in text  # the administrator may reveal the number


def test_decision_takes_the_next_number_and_a_reprint_keeps_it(demo, tmp_path):
    person = person_with(demo, "illegal_use_management", numbered=True)
    clear_decision_numbers(demo, person.id)
    with demo.session() as s:
        first = print_form(s, "quyet-dinh-quan-ly-sdtp", tmp_path / "a.pdf", person_id=person.id,
                           today=TODAY)  # fmt: skip
    with demo.session() as s:
        again = print_form(s, "quyet-dinh-quan-ly-sdtp", tmp_path / "b.pdf", person_id=person.id,
                           today=TODAY)  # fmt: skip
    assert first.document_number == again.document_number == "01/QĐ-UBND"
    text = pdf_text(tmp_path / "a.pdf")[0]
    assert "Số: 01/QĐ-UBND" in text and "QUYẾT ĐỊNH" in text and "Điều 1." in text
    assert person.full_name.upper() in text and "01 năm" in text
    assert "Căn cứ Luật Phòng, chống ma túy" in text


def test_decision_recorded_with_its_own_number_prints_that_number(demo, tmp_path):
    person = person_with(demo, "illegal_use_management", numbered=True)
    with demo.reader() as s:
        episode = [
            e for e in s.get(Person, person.id).episodes if e.kind == "illegal_use_management"
        ]
        number = episode[-1].decision_number
    with demo.session() as s:
        result = print_form(s, "quyet-dinh-quan-ly-sdtp", tmp_path / "q.pdf", person_id=person.id,
                            today=TODAY)  # fmt: skip
    assert result.document_number == number
    assert f"Số: {number}" in pdf_text(tmp_path / "q.pdf")[0]


def test_post_rehab_decision_prints_its_period(demo, tmp_path):
    person = person_with(demo, "post_rehab", numbered=True)
    out = tmp_path / "sau cai.pdf"
    with demo.session() as s:
        print_form(s, "quyet-dinh-quan-ly-sau-cai", out, person_id=person.id, today=TODAY)
    text = pdf_text(out)[0]
    assert "Về việc quản lý sau cai nghiện ma túy" in text
    assert "Thời hạn quản lý sau cai nghiện: 0" in text  # 01 năm or 02 năm, from the rules


def test_decision_without_the_episode_says_what_to_do(demo, tmp_path):
    with demo.reader() as s:
        bare = s.scalars(
            select(Person).where(~Person.episodes.any(Episode.kind == "post_rehab"))
        ).first()
    with (
        demo.session() as s,
        pytest.raises(DomainError, match="Hãy thêm giai đoạn này vào hồ sơ trước"),
    ):
        print_form(s, "quyet-dinh-quan-ly-sau-cai", tmp_path / "x.pdf", person_id=bare.id)


def test_hotspot_list_shows_status_and_history(demo, tmp_path):
    out = tmp_path / "điểm.pdf"
    with demo.session() as s:
        print_form(s, "danh-sach-diem-phuc-tap", out, today=TODAY)
    text = "\n".join(pdf_text(out))
    assert "Điểm, tụ điểm phức tạp về ma túy trên địa bàn" in text
    assert "Đang hoạt động" in text or "Đã triệt xóa" in text
    assert "Tổng số điểm, tụ điểm:" in text


def test_propaganda_log_has_the_village_by_month_table(demo, tmp_path):
    out = tmp_path / "tuyên truyền.pdf"
    with demo.session() as s:
        print_form(s, "so-tuyen-truyen", out, period=Period.parse("2026"), today=TODAY)
    text = "\n".join(pdf_text(out))
    assert "(năm 2026)" in text
    assert "T1" in text and "T12" in text and "Tỷ lệ thôn-tháng có tuyên truyền" in text


def test_periodic_report_compares_periods_and_shows_targets_class_and_notes(demo, tmp_path):
    keys = [key for key, _label in note_sections()]
    assert keys == ["tinh_hinh", "ket_qua", "ton_tai", "phuong_huong", "kien_nghi"]
    with demo.session() as s:
        save_report_notes(s, Q3, {"tinh_hinh": "Tình hình ổn định, không phát sinh điểm mới."})
    with demo.reader() as s:
        assert report_notes(s, Q3) == {"tinh_hinh": "Tình hình ổn định, không phát sinh điểm mới."}
    out = tmp_path / "báo cáo.pdf"
    with demo.session() as s:
        result = print_form(s, "bao-cao-dinh-ky", out, period=Q3, today=TODAY)
    text = "\n".join(pdf_text(out))
    assert result.document_number == "01/BC-UBND" and "Số: 01/BC-UBND" in text
    assert "Kết quả công tác phòng, chống ma túy quý III năm 2026" in text
    assert "Kỳ này: quý III năm 2026; kỳ trước: quý II năm 2026." in text
    assert "Tình hình ổn định, không phát sinh điểm mới." in text
    assert "Thực hiện các chỉ tiêu kế hoạch" in text
    assert "≥ 100%" in text and ("Đạt" in text or "Chưa đạt" in text)
    assert "Kết quả phân loại:" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text


def test_report_notes_refuse_an_unknown_section(demo):
    with demo.session() as s, pytest.raises(DomainError):
        save_report_notes(s, Q3, {"khong_co": "…"})


def test_every_print_is_in_the_audit_trail_without_the_file_name(demo, tmp_path):
    with demo.session() as s:
        print_form(s, "danh-sach-diem-phuc-tap", tmp_path / "bí mật.pdf", today=TODAY)
    with demo.reader() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert entry.action == "print" and entry.username == "admin"
    assert json.loads(entry.detail)["form"] == "danh-sach-diem-phuc-tap"
    assert "bí mật" not in entry.detail


def test_a_period_form_without_a_period_is_refused(demo, tmp_path):
    with demo.session() as s, pytest.raises(DomainError, match="2026-Q3"):
        print_form(s, "bao-cao-dinh-ky", tmp_path / "x.pdf")


def test_a_missing_folder_is_refused_and_nothing_is_written(demo, tmp_path):
    with demo.session() as s, pytest.raises(DomainError, match="nowhere"):
        print_form(s, "danh-sach-quan-ly", tmp_path / "nowhere" / "x.pdf")


def test_printing_over_a_file_replaces_it_whole(demo, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    out = folder / "x.pdf"
    out.write_bytes(b"old")
    with demo.session() as s:
        print_form(s, "danh-sach-diem-phuc-tap", out, today=TODAY)
    assert out.read_bytes().startswith(b"%PDF") and list(folder.iterdir()) == [out]


def test_the_culture_officer_prints_propaganda_but_not_people(demo, tmp_path):
    with demo.session() as s:
        s.info[ACTOR] = Actor("van-hoa", Role.CULTURE)
        names = [f.name for f in available_forms(s)]
        assert "so-tuyen-truyen" in names and "danh-sach-quan-ly" not in names
        with pytest.raises(PermissionDenied):
            print_form(s, "danh-sach-quan-ly", tmp_path / "x.pdf")
