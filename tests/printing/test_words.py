"""Dates, numbers and document numbers as NĐ 30/2020 writes them."""

from datetime import date

from xasach.printing.words import (
    change,
    count,
    day_words,
    document_number,
    percent,
    place_and_date,
)


def test_days_below_ten_and_january_february_take_a_leading_zero():
    assert day_words(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert day_words(date(2026, 2, 28)) == "ngày 28 tháng 02 năm 2026"


def test_months_from_march_have_no_leading_zero():
    assert day_words(date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"
    assert day_words(date(2026, 12, 31)) == "ngày 31 tháng 12 năm 2026"


def test_place_and_date_line():
    line = place_and_date("Phường Hoàn Kiếm", date(2026, 1, 5))
    assert line == "Phường Hoàn Kiếm, ngày 05 tháng 01 năm 2026"


def test_document_numbers_below_ten_take_a_leading_zero():
    assert document_number(5, "QĐ-UBND") == "05/QĐ-UBND"
    assert document_number(123, "BC-UBND") == "123/BC-UBND"


def test_numbers_use_dots_between_thousands_and_a_decimal_comma():
    assert count(1234567) == "1.234.567"
    assert percent(0.875) == "87,5%"
    assert change(12, 15) == "−3" and change(15, 12) == "+3" and change(4, 4) == "0"
