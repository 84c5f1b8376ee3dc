"""Coded values (kind, status, form, audience, category) as words in a file, both ways.

Exports write the fixed Vietnamese words below — a Vietnamese office file reads the same
whatever the language of the screen. Imports accept those words, the words communes commonly
write (folded, matched as whole words inside the cell: "Đã triệt xóa ngày 5/3" is eliminated),
the code itself, and the labels of the screen in either language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from xasach.domain.errors import DomainError
from xasach.domain.hotspots import (
    HOTSPOT_KIND_LABELS,
    HOTSPOT_STATUS_LABELS,
    HotspotKind,
    HotspotStatus,
)
from xasach.domain.propaganda import ACTIVITY_FORM_LABELS, AUDIENCE_LABELS, ActivityForm, Audience
from xasach.domain.text import fold
from xasach.i18n import _

#: The Vietnamese words of our exports (fixed, not translated: the file is Vietnamese).
VI_HOTSPOT_KIND = {
    HotspotKind.POINT: "Điểm phức tạp về ma túy",
    HotspotKind.GATHERING: "Tụ điểm phức tạp về ma túy",
    HotspotKind.USE_HARBOURING: "Địa điểm tổ chức, chứa chấp sử dụng trái phép chất ma túy",
    HotspotKind.GROWING: "Nơi trồng cây có chứa chất ma túy",
}
VI_HOTSPOT_STATUS = {
    HotspotStatus.ACTIVE: "Đang hoạt động",
    HotspotStatus.ELIMINATED: "Đã triệt xóa",
    HotspotStatus.RE_EMERGED: "Tái hoạt động",
}
VI_FORM = {
    ActivityForm.CONFERENCE: "Hội nghị, nói chuyện",
    ActivityForm.LOUDSPEAKER: "Loa truyền thanh",
    ActivityForm.BANNER: "Băng rôn, khẩu hiệu, áp phích",
    ActivityForm.LEAFLET: "Tờ rơi",
    ActivityForm.CONTEST: "Hội thi",
    ActivityForm.SOCIAL_MEDIA: "Mạng xã hội",
    ActivityForm.SCHOOL: "Trường học",
    ActivityForm.DOOR_TO_DOOR: "Đến từng hộ gia đình",
}
VI_AUDIENCE = {
    Audience.GENERAL: "Nhân dân",
    Audience.YOUTH: "Thanh thiếu niên",
    Audience.STUDENTS: "Học sinh, sinh viên",
    Audience.FAMILIES: "Gia đình người nghiện",
    Audience.AT_RISK: "Người có nguy cơ",
    Audience.WORKERS: "Công nhân, người lao động",
}
VI_CATEGORY = {"illegal_user": "Sử dụng trái phép", "addict": "Nghiện"}
VI_SEX = {"M": "Nam", "F": "Nữ"}

#: Words communes write, folded, most specific first (checked in this order).
_KIND_WORDS = (
    ("tu diem", HotspotKind.GATHERING),
    ("chua chap", HotspotKind.USE_HARBOURING),
    ("to chuc", HotspotKind.USE_HARBOURING),
    ("trong cay", HotspotKind.GROWING),
    ("trong", HotspotKind.GROWING),
    ("cay", HotspotKind.GROWING),
    ("diem", HotspotKind.POINT),
)
_STATUS_WORDS = (
    ("tai hoat dong", HotspotStatus.RE_EMERGED),
    ("tai phat", HotspotStatus.RE_EMERGED),
    ("triet xoa", HotspotStatus.ELIMINATED),
    ("da xoa", HotspotStatus.ELIMINATED),
    ("xoa bo", HotspotStatus.ELIMINATED),
    ("hoat dong", HotspotStatus.ACTIVE),
    ("con hoat dong", HotspotStatus.ACTIVE),
    ("dang hoat dong", HotspotStatus.ACTIVE),
)
_FORM_WORDS = (
    ("hoi nghi", ActivityForm.CONFERENCE),
    ("noi chuyen", ActivityForm.CONFERENCE),
    ("hop dan", ActivityForm.CONFERENCE),
    ("toa dam", ActivityForm.CONFERENCE),
    ("loa", ActivityForm.LOUDSPEAKER),
    ("phat thanh", ActivityForm.LOUDSPEAKER),
    ("truyen thanh", ActivityForm.LOUDSPEAKER),
    ("bang ron", ActivityForm.BANNER),
    ("khau hieu", ActivityForm.BANNER),
    ("ap phich", ActivityForm.BANNER),
    ("pano", ActivityForm.BANNER),
    ("to roi", ActivityForm.LEAFLET),
    ("to gap", ActivityForm.LEAFLET),
    ("hoi thi", ActivityForm.CONTEST),
    ("cuoc thi", ActivityForm.CONTEST),
    ("mang xa hoi", ActivityForm.SOCIAL_MEDIA),
    ("facebook", ActivityForm.SOCIAL_MEDIA),
    ("zalo", ActivityForm.SOCIAL_MEDIA),
    ("truong hoc", ActivityForm.SCHOOL),
    ("ngoai khoa", ActivityForm.SCHOOL),
    ("hoc sinh", ActivityForm.SCHOOL),
    ("tung ho", ActivityForm.DOOR_TO_DOOR),
    ("den ho", ActivityForm.DOOR_TO_DOOR),
    ("tai ho", ActivityForm.DOOR_TO_DOOR),
    ("ho gia dinh", ActivityForm.DOOR_TO_DOOR),
)
_AUDIENCE_WORDS = (
    ("gia dinh nguoi nghien", Audience.FAMILIES),
    ("gia dinh", Audience.FAMILIES),
    ("nguy co", Audience.AT_RISK),
    ("hoc sinh", Audience.STUDENTS),
    ("sinh vien", Audience.STUDENTS),
    ("thanh thieu nien", Audience.YOUTH),
    ("thanh nien", Audience.YOUTH),
    ("doan vien", Audience.YOUTH),
    ("cong nhan", Audience.WORKERS),
    ("nguoi lao dong", Audience.WORKERS),
    ("nhan dan", Audience.GENERAL),
    ("nguoi dan", Audience.GENERAL),
    ("quan chung", Audience.GENERAL),
    ("hoi vien", Audience.GENERAL),
)
_CATEGORY_WORDS = (
    ("nghien", "addict"),
    ("sdtp", "illegal_user"),
    ("su dung trai phep", "illegal_user"),
    ("su dung", "illegal_user"),
)


def _known(
    pairs: Iterable[tuple[str, str]],
    codes: Iterable[str],
    labels: Mapping[Any, str],
    fixed: Mapping[Any, str],
) -> list[tuple[str, str]]:
    """(folded words, code): exact words first (codes, fixed Vietnamese, labels in English
    and in the current language), then the commune words."""
    exact: list[tuple[str, str]] = []
    for code in codes:
        exact.append((fold(code), code))
    for code, text in fixed.items():
        exact.append((fold(text), code))
    for code, msgid in labels.items():
        exact.append((fold(msgid), code))
        exact.append((fold(_(msgid)), code))
    return exact + list(pairs)


def _parse(text: str, known: list[tuple[str, str]], default: str | None) -> str | None:
    folded = fold(text)
    if not folded:
        return default
    for words, code in known:
        if folded == words:
            return code
    padded = f" {folded} "
    for words, code in known:
        if f" {words} " in padded:
            return code
    return None


def _refuse(text: str, what: str, choices: Iterable[str]) -> DomainError:
    return DomainError(
        _("“{text}” is not a known {what}. Write one of: {choices}.").format(
            text=text, what=what, choices="; ".join(choices)
        )
    )


def parse_hotspot_kind(text: str) -> str:
    """Empty → điểm (point): lists without a kind column are lists of điểm."""
    found = _parse(
        text,
        _known(_KIND_WORDS, list(HotspotKind), HOTSPOT_KIND_LABELS, VI_HOTSPOT_KIND),
        HotspotKind.POINT.value,
    )
    if found is None:
        raise _refuse(text, _("kind of hotspot"), VI_HOTSPOT_KIND.values())
    return str(found)


def parse_hotspot_status(text: str) -> str:
    """Empty → active (đang hoạt động)."""
    found = _parse(
        text,
        _known(_STATUS_WORDS, list(HotspotStatus), HOTSPOT_STATUS_LABELS, VI_HOTSPOT_STATUS),
        HotspotStatus.ACTIVE.value,
    )
    if found is None:
        raise _refuse(text, _("hotspot status"), VI_HOTSPOT_STATUS.values())
    return str(found)


def parse_form(text: str) -> str:
    found = _parse(
        text, _known(_FORM_WORDS, list(ActivityForm), ACTIVITY_FORM_LABELS, VI_FORM), None
    )
    if found is None:
        if not text.strip():
            raise DomainError(_("The form of the activity is empty."))
        raise _refuse(text, _("form of activity"), VI_FORM.values())
    return str(found)


def parse_audience(text: str) -> str:
    """Empty → the general public (nhân dân)."""
    found = _parse(
        text,
        _known(_AUDIENCE_WORDS, list(Audience), AUDIENCE_LABELS, VI_AUDIENCE),
        Audience.GENERAL.value,
    )
    if found is None:
        raise _refuse(text, _("audience"), VI_AUDIENCE.values())
    return str(found)


def parse_category(text: str) -> str:
    """Empty → illegal user (người sử dụng trái phép), the first category of a file."""
    known = _known(
        _CATEGORY_WORDS,
        VI_CATEGORY,
        {"illegal_user": "Illegal drug user", "addict": "Drug addict"},
        VI_CATEGORY,
    )
    found = _parse(text, known, "illegal_user")
    if found is None:
        raise _refuse(text, _("category"), VI_CATEGORY.values())
    return str(found)
