from datetime import date

import pytest

from xasach.domain.errors import DomainError
from xasach.domain.person import validate_identity
from xasach.domain.personal_id import Sex

TODAY = date(2026, 11, 23)


def test_valid_identity_is_normalised():
    ident = validate_identity(
        full_name="  Nguye\u0302\u0303n  Văn   Đức ",
        today=TODAY,
        birth_date=date(1990, 4, 2),
        sex="M",
        id_number="001 090 123456",
    )
    assert ident.full_name == "Nguyễn Văn Đức"
    assert ident.birth_year == 1990
    assert ident.sex == Sex.MALE
    assert ident.id_number == "001090123456"


def test_birth_year_only_is_allowed():
    ident = validate_identity(full_name="Lò Văn Páo", today=TODAY, birth_year=1985)
    assert ident.birth_date is None and ident.birth_year == 1985


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"full_name": " "}, "full_name"),
        ({"full_name": "A", "birth_date": date(2027, 1, 1)}, "birth_date"),
        ({"full_name": "A", "birth_year": 2030}, "birth_year"),
        ({"full_name": "A", "birth_year": 1850}, "birth_year"),
        ({"full_name": "A", "birth_date": date(1990, 1, 1), "birth_year": 1991}, "birth_year"),
        (
            {"full_name": "A", "birth_year": 1990, "sex": "F", "id_number": "001090123456"},
            "id_number",
        ),
        (
            {"full_name": "A", "birth_year": 1991, "sex": "M", "id_number": "001090123456"},
            "id_number",
        ),
        ({"full_name": "A", "legacy_id_number": "12345"}, "legacy_id_number"),
    ],
)
def test_bad_identity_names_the_field(kwargs, field):
    with pytest.raises(DomainError) as err:
        validate_identity(today=TODAY, **kwargs)
    assert err.value.field == field
