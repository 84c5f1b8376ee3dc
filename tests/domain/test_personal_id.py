import pytest

from xasach.domain.errors import DomainError
from xasach.domain.personal_id import (
    Sex,
    parse_personal_id,
    validate_legacy_id,
    validate_personal_id,
)


def test_parse_reads_place_sex_and_birth_year():
    info = parse_personal_id("001090123456")
    assert (info.place_code, info.sex, info.birth_year, info.born_abroad) == (
        "001",
        Sex.MALE,
        1990,
        False,
    )


@pytest.mark.parametrize(
    ("digit", "sex", "year"),
    [
        ("0", Sex.MALE, 1985),
        ("1", Sex.FEMALE, 1985),
        ("2", Sex.MALE, 2085),
        ("3", Sex.FEMALE, 2085),
    ],
)
def test_century_and_sex_digit(digit, sex, year):
    info = parse_personal_id(f"079{digit}85123456")
    assert info.sex == sex and info.birth_year == year


def test_spaces_are_ignored():
    assert validate_personal_id("001 090 123 456") == "001090123456"


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("00109012345", "12 digits"),
        ("0010901234567", "12 digits"),
        ("00109012345a", "digits only"),
        ("003090123456", "“003”"),  # 003 was never a province code
        ("097090123456", "“097”"),
    ],
)
def test_malformed_numbers_say_what_is_wrong(number, fragment, monkeypatch):
    from xasach.i18n import set_language

    set_language("en")
    with pytest.raises(DomainError) as err:
        parse_personal_id(number)
    assert fragment in err.value.message
    assert err.value.field == "id_number"


def test_country_codes_are_accepted_for_people_born_abroad():
    assert parse_personal_id("704095123456").born_abroad


def test_sex_must_match_the_person():
    with pytest.raises(DomainError):
        validate_personal_id("001190123456", sex=Sex.MALE)  # digit 1: female


def test_birth_year_must_match_the_person():
    validate_personal_id("001090123456", birth_year=1990)
    with pytest.raises(DomainError):
        validate_personal_id("001090123456", birth_year=1991)


def test_future_birth_year_refused():
    with pytest.raises(DomainError):
        validate_personal_id("001230123456", current_year=2026)  # 2030


def test_message_is_vietnamese_by_default():
    with pytest.raises(DomainError) as err:
        validate_personal_id("123")
    assert "12 chữ số" in err.value.message


def test_legacy_cmnd_has_9_or_12_digits():
    assert validate_legacy_id("012345678") == "012345678"
    with pytest.raises(DomainError):
        validate_legacy_id("1234567")
