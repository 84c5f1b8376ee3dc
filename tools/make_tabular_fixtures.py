"""Build the sample office files of tests/fixtures/ — lists shaped the way commune offices
really keep them — for the import tests and for trying the import screen by hand.

    .venv/bin/python tools/make_tabular_fixtures.py [FOLDER]   # default: tests/fixtures

The files expect a commune with the villages "Thôn Đông Hưng", "Thôn Tây Sơn" and
"Tổ dân phố 3", and a person "Trần Thị Lan" born 1985 already on file (a probable duplicate).
"""

from __future__ import annotations

import csv
import io
import sys
import unicodedata
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parent.parent
VILLAGES = ("Thôn Đông Hưng", "Thôn Tây Sơn", "Tổ dân phố 3")
EXISTING_PERSON = ("Trần Thị Lan", 1985, "F")

PEOPLE_WORKBOOK = "danh_sach_nguoi_lon_xon.xlsx"
PEOPLE_UTF8_NFD = "danh_sach_nguoi_utf8_nfd.csv"
PEOPLE_CP1258 = "danh_sach_nguoi_cp1258.csv"
HOTSPOTS_CP1252 = "diem_phuc_tap_cp1252.csv"
ACTIVITIES_WORKBOOK = "hoat_dong_tuyen_truyen.xlsx"

#: What the messy people workbook should give: file row → expected verdict.
PEOPLE_EXPECTED = {
    "new": ["Nguyễn Văn Hùng", "Lê Thị Hoa", "Phạm Văn Nam", "Đỗ Văn Minh"],
    "invalid": ["Hoàng Văn Tú", "Vũ Văn Long", "Bùi Thị Mai", "Đặng Văn Khoa"],
    "duplicate": ["Trần Thị Lan", "Nguyễn Văn Hùng"],
}


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def people_workbook() -> Workbook:
    """Title rows with the two-sided heading, a merged title, a two-level header (birth under
    Nam | Nữ), the column-number row, section headings merged across, the village merged down
    beside its people, dates typed every way, ID numbers that lost their zeros, a footer."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "DS nguoi SDTP"
    ws["A1"] = "CÔNG AN QUẬN HOÀN KIẾM"
    ws["F1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"] = "CÔNG AN PHƯỜNG HOÀN KIẾM"
    ws["F2"] = "Độc lập - Tự do - Hạnh phúc"
    ws.merge_cells("A1:D1")
    ws.merge_cells("A2:D2")
    ws.merge_cells("F1:J1")
    ws.merge_cells("F2:J2")
    ws["A4"] = "DANH SÁCH NGƯỜI SỬ DỤNG TRÁI PHÉP CHẤT MA TÚY TRÊN ĐỊA BÀN PHƯỜNG"
    ws.merge_cells("A4:J4")
    ws["A4"].font = Font(bold=True, size=14)
    ws["A4"].alignment = Alignment(horizontal="center")
    ws["A5"] = "(Kèm theo Báo cáo số 12/BC-CAP ngày 05/01/2026)"
    ws.merge_cells("A5:J5")
    header = [
        "STT",
        "Họ và tên",
        "Ngày, tháng, năm sinh",
        None,
        "Số CCCD",
        "Thôn",
        "Nơi cư trú",
        "Nghề nghiệp",
        "Diện",
        "Ghi chú",
    ]
    for col, text in enumerate(header, start=1):
        ws.cell(7, col, text)
    ws.merge_cells("C7:D7")
    for col in (1, 2, 5, 6, 7, 8, 9, 10):
        ws.merge_cells(start_row=7, start_column=col, end_row=8, end_column=col)
    ws["C8"], ws["D8"] = "Nam", "Nữ"
    for col in range(1, 11):
        ws.cell(9, col, f"({col})")
    ws["A10"] = "I. THÔN ĐÔNG HƯNG"
    ws.merge_cells("A10:J10")
    rows = [
        # STT, name, male birth, female birth, CCCD, village, address, job, category, notes
        (
            1,
            "Nguyễn Văn Hùng",
            "05/03/1990",
            None,
            1090012345,
            "Thôn Đông Hưng",
            "Số 5 ngõ 12 Hàng Bạc",
            "Lao động tự do",
            "Nghiện",
            "Có vợ và 2 con",
        ),
        (
            2,
            "Lê Thị Hoa",
            None,
            date(1992, 7, 14),
            "001192054321",
            None,
            "Số 8 Hàng Buồm",
            "Buôn bán",
            "SDTP",
            None,
        ),
        (
            3,
            nfd("Phạm Văn Nam"),
            32874,
            None,
            None,
            None,
            "Số 2 Hàng Đào",
            None,
            "Sử dụng trái phép",
            "Tên gõ kiểu tổ hợp (NFD)",
        ),
        (
            4,
            "Trần Thị Lan",
            None,
            1985,
            None,
            "Thôn Đông Hưng",
            "Số 10 Hàng Ngang",
            None,
            "Nghiện",
            None,
        ),
    ]
    rows_b = [
        (5, "Đỗ Văn Minh", "7/8/95", None, None, "Tây Sơn", "Xóm Chợ", "Thợ hồ", "Nghiện", None),
        (6, "Hoàng Văn Tú", "30/02/1990", None, None, "Thôn Tây Sơn", None, None, "SDTP", None),
        (7, "Vũ Văn Long", 1991, None, "001090099999", "Thôn Tây Sơn", None, None, "SDTP", None),
        (8, "Bùi Thị Mai", None, 1993, None, "Thôn Bắc Sơn", None, None, "SDTP", None),
        (
            9,
            "Nguyễn Văn Hùng",
            "05/03/1990",
            None,
            "001090012345",
            "Thôn Đông Hưng",
            "Số 5 ngõ 12 Hàng Bạc",
            "Lao động tự do",
            "Nghiện",
            "Ghi trùng",
        ),
        (10, "Đặng Văn Khoa", "1989", None, "12345", "Thôn Tây Sơn", None, None, "SDTP", None),
    ]
    r = 11
    for row in rows:
        for col, value in enumerate(row, start=1):
            ws.cell(r, col, value)
        r += 1
    ws.merge_cells("F11:F13")  # the village written once beside its three people
    ws.cell(12, 4).number_format = "dd/mm/yyyy"
    ws.cell(r, 1, "II. THÔN TÂY SƠN")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=10)
    r += 1
    for row in rows_b:
        for col, value in enumerate(row, start=1):
            ws.cell(r, col, value)
        r += 1
    r += 1
    ws.cell(r, 7, "Hoàn Kiếm, ngày 05 tháng 01 năm 2026")
    ws.cell(r + 1, 2, "NGƯỜI LẬP BIỂU")
    ws.cell(r + 1, 7, "TRƯỞNG CÔNG AN PHƯỜNG")
    ws.cell(r + 4, 2, "Nguyễn Thị Thu")
    ws.cell(r + 4, 7, "Trần Quốc Bảo")
    for col, width in zip("ABCDEFGHIJ", (5, 24, 12, 12, 16, 16, 26, 16, 10, 20), strict=True):
        ws.column_dimensions[col].width = width
    return book


#: The same people as in the workbook (the valid ones), for the CSV files: one in UTF-8 with
#: decomposed letters (NFD) and ";" (a Vietnamese Excel), one in Windows-1258.
CSV_PEOPLE = [
    (
        "Nguyễn Văn Hùng",
        "05/03/1990",
        "Nam",
        "001090012345",
        "Thôn Đông Hưng",
        "Số 5 ngõ 12 Hàng Bạc",
    ),
    ("Lê Thị Hoa", "14/07/1992", "Nữ", "001192054321", "Thôn Đông Hưng", "Số 8 Hàng Buồm"),
    ("Phan Thị Ngọc Ánh", "1994", "Nữ", "", "Tổ dân phố 3", "Số 3 Lò Sũ"),
]
CSV_HEADER = ("HO TEN", "NGAY SINH", "GIOI TINH", "SO CCCD", "THON", "DIA CHI")


def people_csv(encoding: str) -> bytes:
    out = io.StringIO()
    delimiter = ";" if encoding == "utf-8" else ","
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["DANH SACH NGUOI NGHIEN"])
    writer.writerow([])
    writer.writerow(CSV_HEADER)
    for row in CSV_PEOPLE:
        writer.writerow(row)
    text = nfd(out.getvalue())
    return text.encode("utf-8") if encoding == "utf-8" else encode_cp1258(out.getvalue())


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: a letter precomposed where the code page has
    it (â, ê, ô, ơ, ư, ă, đ …), the tone mark as a separate combining character."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        # recompose the base with its first mark when the code page has that letter (ê, ơ …)
        if marks and len(marks) > 1:
            combined = unicodedata.normalize("NFC", base + marks[0])
            try:
                combined.encode("cp1258")
                base, marks = combined, marks[1:]
            except UnicodeEncodeError:
                pass
        out += (base + marks).encode("cp1258")
    return bytes(out)


def hotspots_cp1252() -> bytes:
    """An old list saved as Windows-1252: tones typed only where the code page has them."""
    rows = [
        (
            "STT",
            "Ten diem",
            "Loai",
            "Thon",
            "Dia chi",
            "Ngay phat hien",
            "Tinh trang",
            "Ngay triet xoa",
        ),
        (
            "1",
            "Quán bà Thìn",
            "Diem",
            "Thon Dong Hung",
            "Ngõ Lò Rèn",
            "12/03/2024",
            "Dang hoat dong",
            "",
        ),
        (
            "2",
            "Nhà tro Lò Gach cu",
            "Tu diem",
            "Thon Tay Son",
            "Bãi sông",
            "5/1/24",
            "Da triet xoa",
            "20/06/2024",
        ),
        ("3", "Bãi cát", "Diem", "Thon Bac Son", "", "01/02/2024", "", ""),
    ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("cp1252")


def activities_workbook() -> Workbook:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Tuyen truyen 2025"
    ws["A1"] = "THEO DÕI HOẠT ĐỘNG TUYÊN TRUYỀN PHÒNG, CHỐNG MA TÚY NĂM 2025"
    ws.merge_cells("A1:H1")
    header = [
        "TT",
        "Ngày tháng",
        "Hình thức",
        "Nội dung tuyên truyền",
        "Địa bàn",
        "Đơn vị chủ trì",
        "Số người tham dự",
        "Kinh phí (đồng)",
    ]
    for col, text in enumerate(header, start=1):
        ws.cell(3, col, text)
    rows = [
        (
            1,
            date(2025, 3, 15),
            "Hội nghị",
            "Tác hại của ma túy tổng hợp",
            "Toàn phường",
            "Công an phường",
            120,
            "1.500.000",
        ),
        (
            2,
            "26/06/2025",
            "Loa phát thanh",
            "Ngày toàn dân phòng, chống ma túy 26/6",
            "Thôn Đông Hưng, Thôn Tây Sơn",
            "Đài truyền thanh",
            None,
            None,
        ),
        (
            3,
            45870,
            "Tờ rơi",
            "Phát tờ rơi tại chợ",
            "Tổ dân phố 3",
            "Đoàn thanh niên",
            "200 người",
            0,
        ),
        (4, "01/01/2099", "Hội nghị", "Kế hoạch năm sau", "Thôn Tây Sơn", "UBND phường", 50, 0),
        (5, "10/10/2025", "Chiếu phim", "Phim tài liệu", "Thôn Tây Sơn", "Công an phường", 40, 0),
        (
            6,
            "11/11/2025",
            "Tờ rơi",
            "Phát tờ rơi",
            "Thôn Tây Sơn",
            "Công an phường",
            10,
            "hai triệu",
        ),
    ]
    for r, row in enumerate(rows, start=4):
        for col, value in enumerate(row, start=1):
            ws.cell(r, col, value)
    ws.cell(4, 2).number_format = "dd/mm/yyyy"
    return book


def build(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, book in (
        (PEOPLE_WORKBOOK, people_workbook()),
        (ACTIVITIES_WORKBOOK, activities_workbook()),
    ):
        book.save(folder / name)
        written.append(folder / name)
    for name, data in (
        (PEOPLE_UTF8_NFD, people_csv("utf-8")),
        (PEOPLE_CP1258, people_csv("cp1258")),
        (HOTSPOTS_CP1252, hotspots_cp1252()),
    ):
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "fixtures"
    for path in build(target):
        print(path.relative_to(target.parent) if path.is_relative_to(target.parent) else path)
