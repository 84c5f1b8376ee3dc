"""Personal ID numbers (số định danh cá nhân / CCCD) and legacy CMND numbers.

Structure of the 12-digit number (Circular 59/2021/TT-BCA): 3 digits for the province where the
birth was registered (the pre-2025 codes 001–096: deliberately *not* the 34 new provinces) or a
country code, 1 digit for century and sex (even male, odd female; 0/1 → 1900s, 2/3 → 2000s,
4/5 → 2100s …), 2 digits for the year of birth, 6 random digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from xasach.domain.errors import DomainError
from xasach.i18n import _

#: Birth-registration codes of the 63 provinces before the 2025 merger (mã tỉnh khai sinh).
OLD_PROVINCE_CODES = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)


class Sex(StrEnum):
    """Giới tính."""

    MALE = "M"  # nam
    FEMALE = "F"  # nữ


@dataclass(frozen=True)
class PersonalIdInfo:
    """What a valid number tells: registration place code, sex and year of birth."""

    place_code: str
    born_abroad: bool
    sex: Sex
    birth_year: int


def _clean(number: str) -> str:
    return "".join(number.split())


def parse_personal_id(number: str) -> PersonalIdInfo:
    """Decode a 12-digit number, or raise DomainError saying exactly what is wrong."""
    digits = _clean(number)
    if not digits.isdigit():
        raise DomainError(
            _("The personal ID number may contain digits only (got “{value}”).").format(
                value=number
            ),
            "id_number",
        )
    if len(digits) != 12:
        raise DomainError(
            _("The personal ID number must have 12 digits; “{value}” has {n}.").format(
                value=number, n=len(digits)
            ),
            "id_number",
        )
    place = digits[:3]
    born_abroad = int(place) >= 100
    if not born_abroad and place not in OLD_PROVINCE_CODES:
        raise DomainError(
            _(
                "The first 3 digits “{code}” are not a province code of birth registration "
                "(001–096, the 63 provinces before 2025)."
            ).format(code=place),
            "id_number",
        )
    gene = int(digits[3])
    century = 1900 + 100 * (gene // 2)
    sex = Sex.MALE if gene % 2 == 0 else Sex.FEMALE
    return PersonalIdInfo(place, born_abroad, sex, century + int(digits[4:6]))


def validate_personal_id(
    number: str,
    *,
    sex: Sex | None = None,
    birth_year: int | None = None,
    current_year: int | None = None,
) -> str:
    """Check a number against the person it belongs to; return it normalised (digits only)."""
    info = parse_personal_id(number)
    if current_year is not None and info.birth_year > current_year:
        raise DomainError(
            _(
                "The 4th digit of the personal ID number gives a birth year of {year}, "
                "which is in the future."
            ).format(year=info.birth_year),
            "id_number",
        )
    if sex is not None and info.sex != sex:
        raise DomainError(
            _(
                "The 4th digit of the personal ID number says {id_sex}, but the person is "
                "recorded as {sex}. Check the number or the sex."
            ).format(id_sex=sex_label(info.sex), sex=sex_label(sex)),
            "id_number",
        )
    if birth_year is not None and info.birth_year != birth_year:
        raise DomainError(
            _(
                "Digits 4–6 of the personal ID number give birth year {id_year}, but the "
                "person was born in {year}. Check the number or the date of birth."
            ).format(id_year=info.birth_year, year=birth_year),
            "id_number",
        )
    return _clean(number)


def validate_legacy_id(number: str) -> str:
    """Old identity card (CMND): 9 or 12 digits. Invalid since 31/12/2024 but kept on record."""
    digits = _clean(number)
    if not digits.isdigit() or len(digits) not in (9, 12):
        raise DomainError(
            _("An old identity card (CMND) number has 9 or 12 digits (got “{value}”).").format(
                value=number
            ),
            "legacy_id_number",
        )
    return digits


def sex_label(sex: Sex) -> str:
    return _("male") if sex == Sex.MALE else _("female")


def mask_id(number: str, visible: int = 4) -> str:
    """Mask all but the last `visible` digits (lists and screens show IDs masked by default)."""
    digits = _clean(number)
    if not digits:
        return ""
    return "•" * max(0, len(digits) - visible) + digits[-visible:]
