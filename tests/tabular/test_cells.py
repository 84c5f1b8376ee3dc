"""Cells as offices type them: dates every way, years alone, Excel serials, ID numbers that
lost their zeros, amounts with dots."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from xasach.domain.errors import DomainError
from xasach.tabular.cells import (
    cell_text,
    id_digits,
    parse_birth_cell,
    parse_date_cell,
    parse_int_cell,
    parse_sex_cell,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05/03/1990", date(1990, 3, 5)),
        ("5/3/1990", date(1990, 3, 5)),
        ("7/8/95", date(1995, 8, 7)),
        ("7/8/05", date(2005, 8, 7)),
        ("05-03-1990", date(1990, 3, 5)),
        ("1990-03-05", date(1990, 3, 5)),
        (32874, date(1990, 1, 1)),
        (45870.0, date(2025, 8, 1)),
        ("45870", date(2025, 8, 1)),
        (datetime(1992, 7, 14), date(1992, 7, 14)),
        (date(1992, 7, 14), date(1992, 7, 14)),
        ("", None),
        (None, None),
    ],
)
def test_dates_typed_every_way(value, expected):
    assert parse_date_cell(value) == expected


@pytest.mark.parametrize("value", ["30/02/1990", "hôm qua", "13/13/2020", 99_999_999])
def test_a_wrong_date_names_itself_and_the_format(value):
    with pytest.raises(DomainError) as exc:
        parse_date_cell(value)
    assert cell_text(value) in exc.value.message and "05/01/2026" in exc.value.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1985, (None, 1985)),
        (1985.0, (None, 1985)),
        ("1985", (None, 1985)),
        (" 1985 ", (None, 1985)),
        ("05/03/1990", (date(1990, 3, 5), 1990)),
        (32874, (date(1990, 1, 1), 1990)),  # a serial, not the year 32874
    ],
)
def test_birth_is_a_date_or_a_year(value, expected):
    assert parse_birth_cell(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1090012345, "001090012345"),  # Excel dropped two zeros
        (1090012345.0, "001090012345"),
        ("01192054321", "001192054321"),
        ("001 090 012 345", "001090012345"),
        ("'001090012345", "001090012345"),
        ("012345678", "012345678"),  # an old 9-digit CMND is left alone
        ("", ""),
    ],
)
def test_id_numbers_get_their_zeros_back(value, expected):
    assert id_digits(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1.500.000", 1_500_000), ("1,500,000 đ", 1_500_000), ("200 người", 200), (120, 120), ("", 0)],
)
def test_whole_numbers_as_written(value, expected):
    assert parse_int_cell(value) == expected


def test_a_word_is_not_a_number():
    with pytest.raises(DomainError) as exc:
        parse_int_cell("hai triệu")
    assert "hai triệu" in exc.value.message


@pytest.mark.parametrize(
    ("value", "expected"), [("Nam", "M"), ("nữ", "F"), ("NU", "F"), ("M", "M"), ("", None)]
)
def test_sex_words(value, expected):
    assert parse_sex_cell(value) == expected


def test_cell_text_is_precomposed_and_trimmed():
    assert cell_text("  Pha\u0323m Va\u0306n Nam\u00a0") == "Phạm Văn Nam"
    assert cell_text(1990.0) == "1990"
