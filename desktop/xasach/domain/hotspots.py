"""Hotspots (điểm, tụ điểm phức tạp về ma túy): kinds, statuses and the status history rule."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from xasach.i18n import N_, _


class HotspotKind(StrEnum):
    """No official definition of điểm vs tụ điểm was found (DOMAIN.md [NV]); both are kept."""

    POINT = "point"  # điểm phức tạp về ma túy
    GATHERING = "gathering"  # tụ điểm phức tạp về ma túy
    USE_HARBOURING = "use_harbouring"  # địa điểm tổ chức, chứa chấp sử dụng trái phép (QĐ 28/2025)
    GROWING = "growing"  # nơi trồng cây có chứa chất ma túy


class HotspotStatus(StrEnum):
    ACTIVE = "active"  # đang hoạt động (phát hiện)
    ELIMINATED = "eliminated"  # đã triệt xóa
    RE_EMERGED = "re_emerged"  # tái hoạt động


HOTSPOT_KIND_LABELS = {
    HotspotKind.POINT: N_("Drug hotspot (point)"),
    HotspotKind.GATHERING: N_("Drug gathering place"),
    HotspotKind.USE_HARBOURING: N_("Place organising or harbouring drug use"),
    HotspotKind.GROWING: N_("Drug plant growing site"),
}

HOTSPOT_STATUS_LABELS = {
    HotspotStatus.ACTIVE: N_("Active"),
    HotspotStatus.ELIMINATED: N_("Eliminated"),
    HotspotStatus.RE_EMERGED: N_("Re-emerged"),
}


def hotspot_kind_label(kind: str) -> str:
    try:
        return _(HOTSPOT_KIND_LABELS[HotspotKind(kind)])
    except ValueError:
        return kind


def hotspot_status_label(status: str) -> str:
    try:
        return _(HOTSPOT_STATUS_LABELS[HotspotStatus(status)])
    except ValueError:
        return status


def current_status(
    events: Iterable[tuple[date, HotspotStatus]], discovered: date
) -> tuple[HotspotStatus, date]:
    """The status in force: the latest dated event, or active since discovery."""
    ordered = sorted(events, key=lambda e: e[0])
    if not ordered:
        return HotspotStatus.ACTIVE, discovered
    when, status = ordered[-1]
    return status, when


def is_active(status: str) -> bool:
    return status in (HotspotStatus.ACTIVE, HotspotStatus.RE_EMERGED)
