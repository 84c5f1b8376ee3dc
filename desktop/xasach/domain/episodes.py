"""Episodes of a person's file (giai đoạn trong hồ sơ quản lý) and the status derived from them.

History is kept, not overwritten: a person passes through dated episodes (DOMAIN.md, table
"People") and the current status is whichever open episode weighs most.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from xasach.domain.errors import DomainError
from xasach.i18n import N_, _


class EpisodeType(StrEnum):
    """Kinds of episode, with the Vietnamese legal term beside each."""

    ILLEGAL_USE_MANAGEMENT = "illegal_use_management"  # quản lý người sử dụng trái phép
    ADDICTION_ASSESSMENT = "addiction_assessment"  # xác định tình trạng nghiện
    VOLUNTARY_REHAB_COMMUNITY = "voluntary_rehab_community"  # cai tự nguyện tại gia đình/cộng đồng
    VOLUNTARY_REHAB_FACILITY = "voluntary_rehab_facility"  # cai nghiện tự nguyện tại cơ sở
    COMPULSORY_REHAB = "compulsory_rehab"  # cai nghiện bắt buộc
    SUBSTITUTION_THERAPY = "substitution_therapy"  # điều trị thay thế (methadone)
    POST_REHAB = "post_rehab"  # quản lý sau cai nghiện
    EDUCATION_AT_COMMUNE = "education_at_commune"  # giáo dục tại xã, phường
    PSYCHOSIS_FOLLOWUP = "psychosis_followup"  # theo dõi người có biểu hiện loạn thần ("ngáo đá")
    RELEASED_PRISONER_FOLLOWUP = "released_prisoner_followup"  # người chấp hành xong án tù (tù tha)


EPISODE_LABELS: dict[EpisodeType, str] = {
    EpisodeType.ILLEGAL_USE_MANAGEMENT: N_("Management of an illegal drug user"),
    EpisodeType.ADDICTION_ASSESSMENT: N_("Addiction determination"),
    EpisodeType.VOLUNTARY_REHAB_COMMUNITY: N_("Voluntary rehab at home or in the community"),
    EpisodeType.VOLUNTARY_REHAB_FACILITY: N_("Voluntary rehab at a facility"),
    EpisodeType.COMPULSORY_REHAB: N_("Compulsory rehab"),
    EpisodeType.SUBSTITUTION_THERAPY: N_("Substitution therapy (methadone)"),
    EpisodeType.POST_REHAB: N_("Post-rehab management"),
    EpisodeType.EDUCATION_AT_COMMUNE: N_("Education at the commune"),
    EpisodeType.PSYCHOSIS_FOLLOWUP: N_("Psychosis follow-up"),
    EpisodeType.RELEASED_PRISONER_FOLLOWUP: N_("Released prisoner follow-up"),
}

#: Status when no episode is open (không còn trong diện quản lý).
STATUS_NONE = "none"

#: Which open episode decides the status when several are open: the most restrictive first.
STATUS_PRIORITY: tuple[EpisodeType, ...] = (
    EpisodeType.COMPULSORY_REHAB,
    EpisodeType.VOLUNTARY_REHAB_FACILITY,
    EpisodeType.VOLUNTARY_REHAB_COMMUNITY,
    EpisodeType.EDUCATION_AT_COMMUNE,
    EpisodeType.SUBSTITUTION_THERAPY,
    EpisodeType.POST_REHAB,
    EpisodeType.ADDICTION_ASSESSMENT,
    EpisodeType.ILLEGAL_USE_MANAGEMENT,
    EpisodeType.PSYCHOSIS_FOLLOWUP,
    EpisodeType.RELEASED_PRISONER_FOLLOWUP,
)


def episode_label(kind: str) -> str:
    try:
        return _(EPISODE_LABELS[EpisodeType(kind)])
    except ValueError:
        return kind


def status_label(status: str) -> str:
    if status == STATUS_NONE:
        return _("Not under management")
    return episode_label(status)


@dataclass(frozen=True)
class EpisodeSpan:
    """The dates of an episode that decide whether it is open."""

    kind: EpisodeType
    start: date
    actual_end: date | None = None


def validate_episode_dates(
    start: date, planned_end: date | None, actual_end: date | None, today: date
) -> None:
    """End before start, or a start in the future, is refused with a message for the field."""
    if start > today:
        raise DomainError(
            _("The start date {start} is in the future.").format(start=start.strftime("%d/%m/%Y")),
            "start_date",
        )
    for value, field in ((planned_end, "planned_end"), (actual_end, "actual_end")):
        if value is not None and value < start:
            raise DomainError(
                _("The end date {end} is before the start date {start}.").format(
                    end=value.strftime("%d/%m/%Y"), start=start.strftime("%d/%m/%Y")
                ),
                field,
            )
    if actual_end is not None and actual_end > today:
        raise DomainError(
            _("The actual end date {end} is in the future.").format(
                end=actual_end.strftime("%d/%m/%Y")
            ),
            "actual_end",
        )


def is_open(span: EpisodeSpan, on: date) -> bool:
    return span.start <= on and (span.actual_end is None or span.actual_end > on)


def derive_status(episodes: Iterable[EpisodeSpan], on: date) -> str:
    """Current status (tình trạng hiện tại): the weightiest open episode, or STATUS_NONE."""
    open_kinds = {e.kind for e in episodes if is_open(e, on)}
    for kind in STATUS_PRIORITY:
        if kind in open_kinds:
            return kind.value
    return STATUS_NONE
