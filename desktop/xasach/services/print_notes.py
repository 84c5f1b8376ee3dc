"""The periodic report's own text (nội dung báo cáo): the sections the officer writes in the
app before printing, kept per period in the store (table `report_note`, never synced)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.domain.periods import Period
from xasach.domain.roles import Permission
from xasach.i18n import _
from xasach.printing.templates import load_template
from xasach.services.common import acting
from xasach.services.print_context import is_upper
from xasach.store.models import ReportNote, utcnow

REPORT_FORM = "bao-cao-dinh-ky"
UPPER_REPORT_FORM = "tong-hop-bao-cao"


MAX_NOTE_CHARS = 20_000


def note_sections(form: str = REPORT_FORM) -> list[tuple[str, str]]:
    """(key, label) of the free-text sections the officer writes, in the template's order."""
    return [
        (str(s["key"]), str(s.get("label") or s.get("heading", "")))
        for s in load_template(form).raw("sections")
        if s.get("kind") == "note" and s.get("key")
    ]


def report_notes(session: Session, period: Period) -> dict[str, str]:
    """What was written for `period`, by section (sections never written are absent)."""
    acting(session, Permission.VIEW_REPORTS)
    return {
        r.section: r.text
        for r in session.scalars(select(ReportNote).where(ReportNote.period == period.code))
        if r.text
    }


def save_report_notes(session: Session, period: Period, notes: dict[str, str]) -> None:
    """Keep the sections' text for `period`; an empty text removes that section's note."""
    actor = acting(session, Permission.PRINT)
    form = UPPER_REPORT_FORM if is_upper(session) else REPORT_FORM
    known = {key for key, _label in note_sections(form)}
    unknown = sorted(set(notes) - known)
    if unknown:
        raise DomainError(
            _("The report has no section “{key}”; nothing was saved.").format(key=unknown[0])
        )
    for key, text in notes.items():
        text = text.strip()
        if len(text) > MAX_NOTE_CHARS:
            raise DomainError(
                _(
                    "The section “{key}” is longer than {n} characters. Shorten it; nothing "
                    "was saved."
                ).format(key=key, n=MAX_NOTE_CHARS)
            )
        row = session.get(ReportNote, (period.code, key))
        if not text:
            if row is not None:
                session.delete(row)
            continue
        if row is None:
            session.add(
                ReportNote(
                    period=period.code,
                    section=key,
                    text=text,
                    updated_at=utcnow(),
                    updated_by=actor.username,
                )
            )
        elif row.text != text:
            row.text, row.updated_at, row.updated_by = text, utcnow(), actor.username
