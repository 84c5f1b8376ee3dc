"""Propaganda activities (hoạt động tuyên truyền): forms and audiences from practice
(no legal form exists, DOMAIN.md)."""

from __future__ import annotations

from enum import StrEnum

from xasach.i18n import N_, _


class ActivityForm(StrEnum):
    CONFERENCE = "conference"  # hội nghị, buổi nói chuyện
    LOUDSPEAKER = "loudspeaker"  # loa truyền thanh
    BANNER = "banner"  # băng rôn, khẩu hiệu, áp phích
    LEAFLET = "leaflet"  # tờ rơi
    CONTEST = "contest"  # hội thi
    SOCIAL_MEDIA = "social_media"  # mạng xã hội
    SCHOOL = "school"  # tuyên truyền trong trường học
    DOOR_TO_DOOR = "door_to_door"  # đến từng hộ gia đình


class Audience(StrEnum):
    GENERAL = "general"  # nhân dân
    YOUTH = "youth"  # thanh thiếu niên
    STUDENTS = "students"  # học sinh, sinh viên
    FAMILIES = "families"  # gia đình người nghiện
    AT_RISK = "at_risk"  # người có nguy cơ
    WORKERS = "workers"  # công nhân, người lao động


ACTIVITY_FORM_LABELS = {
    ActivityForm.CONFERENCE: N_("Conference or talk"),
    ActivityForm.LOUDSPEAKER: N_("Loudspeaker broadcast"),
    ActivityForm.BANNER: N_("Banner or poster"),
    ActivityForm.LEAFLET: N_("Leaflets"),
    ActivityForm.CONTEST: N_("Contest"),
    ActivityForm.SOCIAL_MEDIA: N_("Social media"),
    ActivityForm.SCHOOL: N_("School session"),
    ActivityForm.DOOR_TO_DOOR: N_("Door-to-door visits"),
}

AUDIENCE_LABELS = {
    Audience.GENERAL: N_("General public"),
    Audience.YOUTH: N_("Young people"),
    Audience.STUDENTS: N_("Pupils and students"),
    Audience.FAMILIES: N_("Families of drug users"),
    Audience.AT_RISK: N_("People at risk"),
    Audience.WORKERS: N_("Workers"),
}


def activity_form_label(form: str) -> str:
    try:
        return _(ACTIVITY_FORM_LABELS[ActivityForm(form)])
    except ValueError:
        return form
