from datetime import date

import pytest

from xasach.domain.dates import parse_birth, parse_date
from xasach.domain.errors import DomainError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/01/2026", date(2026, 1, 5)),
        ("5/1/2026", date(2026, 1, 5)),
        ("29/02/2024", date(2024, 2, 29)),
        ("5-1-26", date(2026, 1, 5)),
        ("1.12.85", date(1985, 12, 1)),
        ("", None),
    ],
)
def test_dates_as_officers_type_them(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["29/02/2025", "32/01/2026", "01/13/2026", "2026-01-05", "abc"])
def test_impossible_dates_say_how_to_type_them(text):
    with pytest.raises(DomainError) as err:
        parse_date(text, field="start_date")
    assert err.value.field == "start_date" and "nn/tt/nnnn" in err.value.message


def test_birth_may_be_a_year_alone():
    assert parse_birth("1988") == (None, 1988)
    assert parse_birth("02/04/1990") == (date(1990, 4, 2), 1990)
    assert parse_birth("") == (None, None)
