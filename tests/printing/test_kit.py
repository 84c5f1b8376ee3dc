"""The layout kit on its own: header, page numbers, fonts, A4, long tables."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader
from reportlab.lib.units import mm

from xasach.printing.fonts import SERIF, SERIF_BOLD, text_width
from xasach.printing.forms.lists import build_people_list
from xasach.printing.layout import wrap_text
from xasach.printing.model import Issue, PeopleListData, PersonListRow, Tally
from xasach.printing.table import CENTRE, Column, GridTable, Row
from xasach.printing.templates import fill, load_template

from .conftest import pdf_text

A4_PORTRAIT = (595.28, 841.89)
LONG_NAME = "Tôn Nữ Hoàng Thị Phương Thảo Nguyễn Ngọc Bích Huyền Trân"


def issue(**kw: object) -> Issue:
    values = dict(
        unit_name="Phường Hoàn Kiếm",
        province_name="Thành phố Hà Nội",
        place="Phường Hoàn Kiếm",
        day=date(2026, 1, 5),
        prepared_by="Lê Thị Hồng",
    )
    values.update(kw)
    return Issue(**values)  # type: ignore[arg-type]


def people(n: int) -> list[PersonListRow]:
    return [
        PersonListRow(
            group=f"Thôn {i // 50 + 1}",
            full_name=LONG_NAME if i % 10 == 0 else f"Nguyễn Văn Đức {i}",
            other_names="",
            birth="05/01/1990",
            sex="Nam",
            id_masked="••••••••1234",
            address="Số 12, ngõ 34 phố Hàng Bạc",
            status="Quản lý người sử dụng trái phép",
            since="01/02/2026",
            planned_end="01/02/2027",
        )
        for i in range(n)
    ]


def write_list(tmp_path, n: int, **kw: object):
    data = PeopleListData(issue(**kw), date(2026, 1, 5), people(n), [Tally("Quản lý", n)])
    pdf, pages = build_people_list(data, load_template("danh-sach-quan-ly"))
    path = tmp_path / "danh sách.pdf"
    path.write_bytes(pdf)
    return path, pages


def test_header_has_the_national_title_motto_unit_and_date(tmp_path):
    path, _pages = write_list(tmp_path, 3)
    first = pdf_text(path)[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert "CÔNG AN PHƯỜNG HOÀN KIẾM" in first
    assert "CÔNG AN THÀNH PHỐ HÀ NỘI" in first
    assert "Phường Hoàn Kiếm, ngày 05 tháng 01 năm 2026" in first


def test_a_long_list_breaks_across_pages_with_the_header_repeated(tmp_path):
    path, pages = write_list(tmp_path, 120)
    texts = pdf_text(path)
    assert pages == len(texts) >= 4
    for text in texts[:-1]:
        assert "Họ và tên (tên gọi khác)" in text and "(9)" in text
    assert "Nguyễn Văn Đức 119" in texts[-1] or "Nguyễn Văn Đức 119" in texts[-2]


def test_page_one_has_no_number_and_later_pages_are_numbered_at_the_top(tmp_path):
    path, _pages = write_list(tmp_path, 120)
    texts = pdf_text(path)
    assert not texts[0].lstrip().startswith("1")
    assert texts[1].lstrip().startswith("2")
    assert texts[2].lstrip().startswith("3")


def test_pages_are_a4_and_fonts_are_embedded(tmp_path):
    path, _pages = write_list(tmp_path, 30)
    reader = PdfReader(path)
    for page in reader.pages:
        box = page.mediabox
        size = sorted((float(box.width), float(box.height)))
        assert abs(size[0] - A4_PORTRAIT[0]) < 0.5 and abs(size[1] - A4_PORTRAIT[1]) < 0.5
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]


def test_confidentiality_mark_is_printed_when_asked(tmp_path):
    path, _pages = write_list(tmp_path, 2, confidential="MẬT")
    assert "MẬT" in pdf_text(path)[0]


def test_long_vietnamese_names_wrap_within_their_column():
    width = 30 * mm
    lines = wrap_text(LONG_NAME, SERIF, 11, width)
    assert len(lines) > 1
    assert " ".join(lines) == LONG_NAME
    assert all(text_width(line, SERIF, 11) <= width for line in lines)


def test_a_word_wider_than_its_column_is_cut_not_run_over_the_rule():
    lines = wrap_text("001090012345001090012345", SERIF_BOLD, 11, 15 * mm)
    assert "".join(lines) == "001090012345001090012345"
    assert all(text_width(line, SERIF_BOLD, 11) <= 15 * mm for line in lines)


def test_a_table_split_keeps_a_group_heading_with_its_first_row():
    rows = [Row((f"r{i}", "x")) for i in range(9)] + [Row(("Thôn Mới",), "group"), Row(("a", "b"))]
    table = GridTable([Column("A", 1, CENTRE), Column("B", 1)], rows, numbered=False)
    _w, height = table.wrap(300, 10_000)
    row = (height - table._laid.head) / len(rows)
    first, rest = table.split(300, table._laid.head + row * 10 + 1)
    assert first.end == 9 and rest.rows[rest.start].kind == "group"


def test_template_placeholders_fill_and_unknown_ones_stay_visible():
    text = fill("Công an {unit} — {UNIT} {oops}", {"unit": "Phường Hoàn Kiếm"})
    assert text == "Công an Phường Hoàn Kiếm — PHƯỜNG HOÀN KIẾM {oops}"
