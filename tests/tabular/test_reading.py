"""Reading office files: encodings, delimiters, header rows under titles, merged cells,
column-number rows, section headings and footers."""

from __future__ import annotations

import unicodedata

import pytest
from openpyxl import Workbook

from xasach.domain.errors import DomainError
from xasach.tabular.encoding import decode, detect_encoding
from xasach.tabular.fields import Register, guess_mapping, recognise, shape_key
from xasach.tabular.reading import read_grid
from xasach.tabular.table import locate_table

NAME = "Nguyễn Thị Phượng, Đỗ Văn Hùng, Lê Quỳnh Anh"


def people_table(rows):
    return locate_table(rows, lambda text: recognise(Register.PEOPLE, text))


def cp1258(text):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "tools" / "make_tabular_fixtures.py"
    spec = importlib.util.spec_from_file_location("fixtures_tool", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.encode_cp1258(text)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbf" + NAME.encode(), "utf-8-sig"),
        (NAME.encode(), "utf-8"),
        (unicodedata.normalize("NFD", NAME).encode(), "utf-8"),
        (cp1258(NAME), "cp1258"),
        ("Quán bà Thìn, Ngõ Lò Rèn, Hoà Bình".encode("cp1252"), "cp1252"),
    ],
)
def test_the_encoding_is_guessed(data, expected):
    assert detect_encoding(data) == expected


def test_windows_1258_decodes_to_precomposed_vietnamese():
    text, used = decode(cp1258(NAME))
    assert used == "cp1258" and text == NAME


def test_the_officer_can_override_the_encoding():
    text, _used = decode("Quán bà Thìn".encode("cp1252"), "cp1258")
    assert text != "Quán bà Thìn"  # read wrongly on purpose: the screen lets them choose
    assert decode("Quán bà Thìn".encode("cp1252"), "cp1252")[0] == "Quán bà Thìn"


def test_a_wrong_encoding_choice_is_a_clear_message():
    with pytest.raises(DomainError) as exc:
        decode(cp1258(NAME), "utf-8")
    assert "UTF-8" in exc.value.message


def test_the_header_is_found_under_title_rows():
    rows = [
        ["UBND PHƯỜNG HOÀN KIẾM", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["DANH SÁCH", "DANH SÁCH", "DANH SÁCH", "DANH SÁCH"],
        [],
        ["STT", "HO TEN", "NĂM SINH", "Số CCCD", "Địa chỉ"],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        [1, "Lê Văn A", 1990, None, "Thôn 1"],
    ]
    table = people_table(rows)
    assert table.header_row == 4 and table.headers[1] == "HO TEN"
    assert table.rows == [[1, "Lê Văn A", 1990, None, "Thôn 1"]] and table.row_numbers == [6]


def test_a_two_level_header_names_the_lower_cells():
    rows = [
        ["STT", "Họ và tên", "Năm sinh", "Năm sinh", "Thôn"],
        [None, None, "Nam", "Nữ", None],
        [1, "Lê Văn A", 1990, None, "Thôn 1"],
    ]
    table = people_table(rows)
    mapping = guess_mapping(Register.PEOPLE, table.headers)
    assert mapping == {1: "full_name", 2: "male", 3: "female", 4: "village"}
    assert len(table.rows) == 1


def test_no_header_is_a_message_saying_what_to_check():
    with pytest.raises(DomainError) as exc:
        people_table([["a", "b"], [1, 2]])
    assert "Họ và tên" in exc.value.message


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Họ và tên", "full_name"),
        ("HO TEN", "full_name"),
        ("Họ, tên", "full_name"),
        ("Ngày sinh", "birth"),
        ("Năm sinh", "birth"),
        ("Ngày, tháng, năm sinh", "birth"),
        ("Số CCCD", "id_number"),
        ("Số CMND/CCCD", "id_number"),
        ("Số định danh cá nhân", "id_number"),
        ("Địa chỉ", "address_text"),
        ("Nơi cư trú", "address_text"),
        ("Thôn", "village"),
        ("Thôn/Tổ dân phố", "village"),
        ("Nam", "male"),
        ("Năm", None),
        ("STT", None),
        ("Sử dụng từ năm", "using_since_year"),
        ("Giới tính", "sex"),
    ],
)
def test_people_headers_are_recognised_without_accents_or_case(header, field):
    assert recognise(Register.PEOPLE, header) == field


def test_each_field_goes_to_one_column():
    mapping = guess_mapping(Register.PEOPLE, ["Họ tên", "Họ và tên", "Địa chỉ", "Nơi ở hiện nay"])
    assert sorted(mapping.values()) == ["address_text", "full_name"]


def test_the_shape_key_ignores_accents_and_case_but_not_columns():
    a = shape_key(Register.PEOPLE, ["Họ và tên", "Năm sinh"])
    assert a == shape_key(Register.PEOPLE, ["HO VA TEN", "nam sinh"])
    assert a != shape_key(Register.PEOPLE, ["Năm sinh", "Họ và tên"])
    assert a != shape_key(Register.HOTSPOTS, ["Họ và tên", "Năm sinh"])
    assert len(a) <= 60  # the setting table's key column


def test_merged_cells_are_filled_and_semicolon_csv_read(tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["Họ và tên", "Thôn"])
    ws.append(["Lê Văn A", "Thôn 1"])
    ws.append(["Lê Văn B", None])
    ws.merge_cells("B2:B3")
    book.save(tmp_path / "a.xlsx")
    assert read_grid(tmp_path / "a.xlsx").rows[2] == ["Lê Văn B", "Thôn 1"]
    (tmp_path / "b.csv").write_bytes("Tiêu đề\n\nHọ tên;Thôn\nLê Văn A;Thôn 1, xóm 2\n".encode())
    assert read_grid(tmp_path / "b.csv").rows[2:] == [
        ["Họ tên", "Thôn"],
        ["Lê Văn A", "Thôn 1, xóm 2"],
    ]


@pytest.mark.parametrize(
    ("name", "words"), [("old.xls", "Excel 97"), ("notes.docx", ".xlsx"), ("missing.csv", "")]
)
def test_files_that_are_not_lists_are_refused_clearly(tmp_path, name, words):
    path = tmp_path / name
    if name != "missing.csv":
        path.write_bytes(b"not a list")
    with pytest.raises(DomainError) as exc:
        read_grid(path)
    assert words in exc.value.message


def test_a_damaged_workbook_is_refused_clearly(tmp_path):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(DomainError) as exc:
        read_grid(path)
    assert "hong.xlsx" in exc.value.message


def test_every_export_header_is_recognised_as_its_field():
    from xasach.tabular.fields import FIELDS

    for register, fields in FIELDS.items():
        for field in fields:
            assert recognise(register, field.header) == field.key, (register, field.header)
