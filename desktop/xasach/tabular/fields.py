"""What the columns of an office list mean: the fields of each register, the headers communes
write for them (compared folded: "HO TEN", "Họ và tên" and "Họ, tên" alike), and the fixed
Vietnamese headers of our own exports — which the guess recognises, so an export comes back in.

Headers are matched whole first, then as words inside a longer header ("Số CCCD của đối
tượng"); a short or ambiguous word (Tên, Nam, Nữ, Tổ) is only ever matched whole.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from xasach.domain.text import exact_lower, fold
from xasach.i18n import N_, _


class Register(StrEnum):
    """The registers a file can fill (sổ): people, hotspots, propaganda activities."""

    PEOPLE = "people"
    HOTSPOTS = "hotspots"
    ACTIVITIES = "activities"


@dataclass(frozen=True)
class Field:
    """One field a column can fill. `header`: the Vietnamese header of our exports.
    `words`: folded headers; one starting with "=" matches only the whole header."""

    key: str
    label: str
    header: str
    words: tuple[str, ...]
    required: bool = False


#: Headers of a village column (thôn, xóm, tổ dân phố, bản, ấp, khu phố).
VILLAGE_WORDS = (
    "thon",
    "=xom",
    "to dan pho",
    "=tdp",
    "thon xom",
    "thon to dan pho",
    "thon to",
    "=ban",
    "=ap",
    "khu pho",
    "=to",
    "=khu",
    "thon ban",
)

_PEOPLE = (
    Field(
        "full_name",
        N_("Full name"),
        "Họ và tên",
        ("ho va ten", "ho ten", "=ten", "ho va ten doi tuong", "ho ten doi tuong", "=ho va"),
        required=True,
    ),
    Field(
        "other_names", N_("Other names"), "Tên gọi khác", ("ten goi khac", "bi danh", "ten khac")
    ),
    Field(
        "birth",
        N_("Date or year of birth"),
        "Ngày sinh",
        ("ngay sinh", "ngay thang nam sinh", "nam sinh", "sinh nam", "=ns", "sinh ngay"),
    ),
    Field(
        "male",
        N_("Male: birth year or a tick"),
        "Nam",
        ("=nam", "=nam sinh nam", "=gioi tinh nam", "=ngay sinh nam"),
    ),
    Field(
        "female",
        N_("Female: birth year or a tick"),
        "Nữ",
        ("=nu", "=nam sinh nu", "=gioi tinh nu", "=ngay sinh nu"),
    ),
    Field("sex", N_("Sex"), "Giới tính", ("gioi tinh", "=phai", "=gt")),
    Field(
        "id_number",
        N_("Personal ID number (CCCD)"),
        "Số CCCD",
        (
            "cccd",
            "so cccd",
            "can cuoc",
            "can cuoc cong dan",
            "so dinh danh",
            "dinh danh ca nhan",
            "cmnd cccd",
            "so cmnd cccd",
            "cccd cmnd",
        ),
    ),
    Field(
        "legacy_id_number",
        N_("Old ID card number (CMND)"),
        "Số CMND cũ",
        ("cmnd", "so cmnd", "chung minh nhan dan", "so cmnd cu", "cmnd cu"),
    ),
    Field(
        "village",
        N_("Village / residential group"),
        "Thôn, tổ dân phố",
        VILLAGE_WORDS,
    ),
    Field(
        "address_text",
        N_("Address"),
        "Nơi cư trú",
        (
            "dia chi",
            "noi cu tru",
            "noi o",
            "=hktt",
            "thuong tru",
            "noi thuong tru",
            "tru tai",
            "noi o hien nay",
            "cho o hien nay",
            "cho o",
        ),
    ),
    Field("occupation", N_("Occupation"), "Nghề nghiệp", ("nghe nghiep", "=nghe", "viec lam")),
    Field(
        "category",
        N_("Category (addict / illegal user)"),
        "Phân loại",
        ("phan loai", "loai doi tuong", "=dien", "dien quan ly", "nghien sdtp", "sdtp nghien"),
    ),
    Field(
        "drug_types",
        N_("Drug types"),
        "Loại ma túy sử dụng",
        ("loai ma tuy", "chat ma tuy", "loai ma tuy su dung", "ma tuy su dung"),
    ),
    Field(
        "use_method",
        N_("How used"),
        "Hình thức sử dụng",
        ("hinh thuc su dung", "cach su dung", "cach thuc su dung"),
    ),
    Field(
        "using_since_year",
        N_("Using since (year)"),
        "Sử dụng từ năm",
        ("su dung tu nam", "nam bat dau su dung", "bat dau su dung", "nam su dung"),
    ),
    Field(
        "family_situation",
        N_("Family situation"),
        "Hoàn cảnh gia đình",
        ("hoan canh gia dinh", "hoan canh"),
    ),
    Field("criminal_record", N_("Criminal record"), "Tiền án", ("tien an",)),
    Field("administrative_record", N_("Administrative record"), "Tiền sự", ("tien su",)),
    Field("notes", N_("Notes"), "Ghi chú", ("ghi chu",)),
)

_HOTSPOTS = (
    Field(
        "name",
        N_("Name of the hotspot"),
        "Tên điểm, tụ điểm",
        (
            "ten diem",
            "ten tu diem",
            "ten diem tu diem",
            "diem tu diem",
            "ten dia diem",
            "=ten",
            "ten diem tu diem phuc tap",
        ),
        required=True,
    ),
    Field("kind", N_("Kind"), "Loại", ("=loai", "loai diem", "phan loai", "loai hinh")),
    Field(
        "village",
        N_("Village / residential group"),
        "Thôn, tổ dân phố",
        VILLAGE_WORDS,
    ),
    Field(
        "address_text",
        N_("Address"),
        "Địa chỉ",
        ("dia chi", "vi tri", "dia diem", "noi", "dia chi cu the"),
    ),
    Field(
        "discovered_date",
        N_("Date discovered"),
        "Ngày phát hiện",
        ("ngay phat hien", "thoi gian phat hien", "phat hien ngay", "=phat hien"),
        required=True,
    ),
    Field("status", N_("Status"), "Tình trạng", ("tinh trang", "trang thai", "hien trang")),
    Field(
        "status_date",
        N_("Date of the status"),
        "Ngày của tình trạng",
        (
            "ngay cua tinh trang",
            "ngay triet xoa",
            "thoi gian triet xoa",
            "ngay trang thai",
            "ngay thay doi",
        ),
    ),
    Field("latitude", N_("Latitude"), "Vĩ độ", ("vi do",)),
    Field("longitude", N_("Longitude"), "Kinh độ", ("kinh do",)),
    Field(
        "description",
        N_("Description"),
        "Mô tả",
        ("mo ta", "ghi chu", "dac diem", "tinh hinh", "noi dung"),
    ),
)

_ACTIVITIES = (
    Field(
        "activity_date",
        N_("Date"),
        "Ngày",
        (
            "=ngay",
            "thoi gian",
            "ngay to chuc",
            "ngay tuyen truyen",
            "ngay thuc hien",
            "ngay thang",
            "ngay thang nam",
        ),
        required=True,
    ),
    Field(
        "form",
        N_("Form"),
        "Hình thức",
        ("hinh thuc", "hinh thuc tuyen truyen", "loai hinh"),
        required=True,
    ),
    Field(
        "topic",
        N_("Topic"),
        "Nội dung",
        ("noi dung", "chu de", "noi dung tuyen truyen", "ten hoat dong"),
        required=True,
    ),
    Field(
        "villages",
        N_("Villages reached"),
        "Thôn, tổ dân phố",
        (*VILLAGE_WORDS, "dia ban", "=dia diem", "dia ban tuyen truyen"),
        required=True,
    ),
    Field(
        "organiser",
        N_("Organiser"),
        "Đơn vị tổ chức",
        ("don vi to chuc", "chu tri", "don vi chu tri", "nguoi thuc hien", "don vi thuc hien"),
    ),
    Field(
        "partners", N_("Partners"), "Đơn vị phối hợp", ("phoi hop", "don vi phoi hop", "=phoi hop")
    ),
    Field(
        "audience",
        N_("Audience"),
        "Đối tượng",
        ("doi tuong", "doi tuong tuyen truyen", "doi tuong tham du"),
    ),
    Field(
        "participants",
        N_("Participants"),
        "Số người tham dự",
        ("so nguoi tham du", "so nguoi", "so luot nguoi", "nguoi tham du", "so luong nguoi"),
    ),
    Field(
        "materials",
        N_("Materials handed out"),
        "Tài liệu phát ra",
        ("tai lieu", "to roi", "so to roi", "tai lieu phat ra", "so tai lieu"),
    ),
    Field(
        "cost_vnd", N_("Cost (VND)"), "Kinh phí (đồng)", ("kinh phi", "chi phi", "kinh phi dong")
    ),
    Field("notes", N_("Notes"), "Ghi chú", ("ghi chu",)),
)

FIELDS: dict[Register, tuple[Field, ...]] = {
    Register.PEOPLE: _PEOPLE,
    Register.HOTSPOTS: _HOTSPOTS,
    Register.ACTIVITIES: _ACTIVITIES,
}

#: Columns that only number the rows (số thứ tự): never data.
_ROW_NUMBER = frozenset({"stt", "tt", "so tt", "so thu tu", "thu tu"})


def field_of(register: Register, key: str) -> Field:
    for found in FIELDS[register]:
        if found.key == key:
            return found
    raise KeyError(key)


def field_label(register: Register, key: str) -> str:
    return _(field_of(register, key).label)


def _rank(found: Field, folded: str, header: str) -> int:
    """The best rank of a field's synonyms for a header; "Năm" (year) is not "Nam" (male)."""
    if found.key == "male" and exact_lower(header).endswith("năm"):
        return 0
    return max(_matches(w, folded, whole_only=False) for w in found.words)


def _matches(words: str, header: str, *, whole_only: bool) -> int:
    """How well `header` (folded) matches a synonym: 0 none, else a rank (longer is better;
    a whole match beats any match inside)."""
    exact = words.startswith("=")
    bare = words.lstrip("=")
    if header == bare:
        return 1000 + len(bare)
    if exact or whole_only:
        return 0
    return len(bare) if f" {bare} " in f" {header} " else 0


def recognise(register: Register, header: str) -> str | None:
    """The field a header names, or None."""
    folded = fold(header)
    if not folded or folded in _ROW_NUMBER:
        return None
    best, rank = None, 0
    for found in FIELDS[register]:
        score = _rank(found, folded, header)
        if score > rank:
            best, rank = found.key, score
    return best


def guess_mapping(register: Register, headers: Sequence[str]) -> dict[int, str]:
    """Column index → field key. Each field goes to one column: the best-matching one, the
    leftmost on a tie."""
    scored: list[tuple[int, int, str]] = []
    for column, header in enumerate(headers):
        folded = fold(header)
        if not folded or folded in _ROW_NUMBER:
            continue
        for found in FIELDS[register]:
            rank = _rank(found, folded, header)
            if rank:
                scored.append((rank, column, found.key))
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for _score, column, key in sorted(scored, key=lambda s: (-s[0], s[1])):
        if column not in mapping and key not in taken:
            mapping[column] = key
            taken.add(key)
    return dict(sorted(mapping.items()))


def missing_required(register: Register, mapping: dict[int, str]) -> list[str]:
    """Labels of the required fields no column fills."""
    chosen = set(mapping.values())
    return [_(f.label) for f in FIELDS[register] if f.required and f.key not in chosen]


def shape_key(register: Register, headers: Sequence[str]) -> str:
    """A short key for a file's shape (its folded header row), to remember its mapping."""
    joined = "\x1f".join(fold(h) for h in headers)
    digest = hashlib.sha256(f"{register.value}\x1e{joined}".encode()).hexdigest()[:16]
    return f"tabular.mapping.{register.value}.{digest}"
