"""Printing forms and reports (in ấn biểu mẫu, báo cáo): the service the Reports screen and
`xasach print` share.

Each form checks the logged-in role (printing, and seeing the register it prints), gathers its
data from the store (`print_people`, `print_places`, `print_report`), takes a number from the
per-year register when it is a numbered document (decisions, reports), lays it out
(`xasach.printing`), writes the PDF atomically — a crash leaves the old file or the whole new
one — and records the print in the audit trail, all in the caller's session: use a writing
session (`Database.session()`), so the number and the audit entry are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from xasach.domain.episodes import EpisodeType
from xasach.domain.errors import DomainError
from xasach.domain.periods import Period
from xasach.domain.roles import Actor, Permission
from xasach.i18n import _
from xasach.printing.forms.common import period_words
from xasach.printing.forms.decision import build_decision
from xasach.printing.forms.lists import build_hotspot_list, build_people_list
from xasach.printing.forms.person_file import build_person_file
from xasach.printing.forms.propaganda import build_propaganda_log
from xasach.printing.forms.report import build_periodic_report
from xasach.printing.templates import Template, load_template
from xasach.services.common import acting
from xasach.services.print_context import allocate_number, is_upper, make_issue
from xasach.services.print_notes import REPORT_FORM, UPPER_REPORT_FORM
from xasach.services.print_people import (
    decision_data,
    decision_episode,
    live_person,
    people_list_data,
    person_file_data,
)
from xasach.services.print_places import hotspot_list_data, propaganda_data
from xasach.services.print_report import report_data
from xasach.store import audit
from xasach.store.atomic import write_atomic

P = Permission


@dataclass(frozen=True)
class FormInfo:
    """A form as the Reports screen lists it."""

    name: str
    title: str
    needs_person: bool
    needs_period: bool
    has_notes: bool


@dataclass(frozen=True)
class PrintResult:
    path: Path
    pages: int
    document_number: str | None


@dataclass(frozen=True)
class _Job:
    """What a builder gets: the session and actor, the day, the form's template, the choices."""

    session: Session
    actor: Actor
    name: str
    template: Template
    today: date
    person_id: str | None
    period: Period | None
    confidential: str | None
    preview: bool = False  # on screen only: no number taken from the register


@dataclass(frozen=True)
class _Output:
    pdf: bytes
    pages: int
    number: str | None
    entity: str
    entity_id: str


@dataclass(frozen=True)
class _Form:
    name: str
    upper: bool
    register: Permission
    build: Callable[[_Job], _Output]
    needs_person: bool = False
    needs_period: bool = False
    has_notes: bool = False


# --- the builders ------------------------------------------------------------------------------


def _issue(job: _Job, day: date | None = None, number: str | None = None) -> Any:
    return make_issue(
        job.session, job.actor, day or job.today, number=number, confidential=job.confidential
    )


def _people_list(job: _Job) -> _Output:
    data = people_list_data(job.session, _issue(job), job.today, by_commune=job_upper(job))
    pdf, pages = build_people_list(data, job.template)
    return _Output(pdf, pages, None, "form", job.name)


def _hotspot_list(job: _Job) -> _Output:
    data = hotspot_list_data(
        job.session, _issue(job), job.template, job.today, by_commune=job_upper(job)
    )
    pdf, pages = build_hotspot_list(data, job.template)
    return _Output(pdf, pages, None, "form", job.name)


def _propaganda(job: _Job) -> _Output:
    assert job.period is not None
    data = propaganda_data(
        job.session,
        _issue(job),
        job.template,
        job.period,
        period_words(job.period),
        job.today,
        by_commune=job_upper(job),
    )
    pdf, pages = build_propaganda_log(data, job.template)
    return _Output(pdf, pages, None, "form", job.name)


def _person_file(job: _Job) -> _Output:
    person = live_person(job.session, job.person_id)
    data = person_file_data(job.session, _issue(job), job.actor, person)
    pdf, pages = build_person_file(data, job.template)
    return _Output(pdf, pages, None, "person", person.id)


def _decision(kind: EpisodeType) -> Callable[[_Job], _Output]:
    def build(job: _Job) -> _Output:
        person = live_person(job.session, job.person_id)
        episode = decision_episode(job.session, person, kind)
        number: str | None
        if episode.decision_number:
            # The decision was issued outside XaSach: print it with its own number and date.
            number, day = episode.decision_number, episode.decision_date or episode.start_date
        elif job.preview:
            number, day = None, job.today
        else:
            got = allocate_number(
                job.session,
                job.actor,
                form=job.name,
                series=job.template.text(f"issuers.{job.template.text('issuer')}.register"),
                symbol=job.template.text("symbol"),
                subject=job.template.lines("subject")[0],
                ref_key=episode.id,
                day=job.today,
                person_id=person.id,
            )
            number, day = got.text, got.issued
        data = decision_data(_issue(job, day, number), job.actor, person, episode)
        pdf, pages = build_decision(data, job.template)
        return _Output(pdf, pages, number, "person", person.id)

    return build


def _report(job: _Job) -> _Output:
    assert job.period is not None
    upper = job_upper(job)
    if job.preview:
        number, day = None, job.today
    else:
        got = allocate_number(
            job.session,
            job.actor,
            form=job.name,
            series=job.template.text(f"issuers.{job.template.text('issuer')}.register"),
            symbol=job.template.text("symbol"),
            subject=job.template.lines("subject", {"period": period_words(job.period)})[0],
            ref_key=job.period.code,
            day=job.today,
        )
        number, day = got.text, got.issued
    issue = _issue(job, day, number)
    data = report_data(
        job.session, job.actor, issue, job.template, job.period, job.today, by_commune=upper
    )
    pdf, pages = build_periodic_report(data, job.template)
    return _Output(pdf, pages, number, "period", job.period.code)


def job_upper(job: _Job) -> bool:
    return is_upper(job.session)


FORMS: tuple[_Form, ...] = (
    _Form("danh-sach-quan-ly", False, P.VIEW_PEOPLE, _people_list),
    _Form("ho-so-ca-nhan", False, P.VIEW_PEOPLE, _person_file, needs_person=True),
    _Form(
        "quyet-dinh-quan-ly-sdtp",
        False,
        P.VIEW_PEOPLE,
        _decision(EpisodeType.ILLEGAL_USE_MANAGEMENT),
        needs_person=True,
    ),
    _Form(
        "quyet-dinh-quan-ly-sau-cai",
        False,
        P.VIEW_PEOPLE,
        _decision(EpisodeType.POST_REHAB),
        needs_person=True,
    ),
    _Form("danh-sach-diem-phuc-tap", False, P.VIEW_HOTSPOTS, _hotspot_list),
    _Form("so-tuyen-truyen", False, P.VIEW_PROPAGANDA, _propaganda, needs_period=True),
    _Form(REPORT_FORM, False, P.VIEW_REPORTS, _report, needs_period=True, has_notes=True),
    _Form("tong-hop-quan-ly", True, P.VIEW_PEOPLE, _people_list),
    _Form("tong-hop-diem-phuc-tap", True, P.VIEW_HOTSPOTS, _hotspot_list),
    _Form("tong-hop-tuyen-truyen", True, P.VIEW_PROPAGANDA, _propaganda, needs_period=True),
    _Form(UPPER_REPORT_FORM, True, P.VIEW_REPORTS, _report, needs_period=True, has_notes=True),
)


def _may_print(actor: Actor, form: _Form) -> bool:
    return actor.can(P.PRINT) and actor.can(form.register)


def _info(form: _Form) -> FormInfo:
    return FormInfo(
        name=form.name,
        title=load_template(form.name).text("title"),
        needs_person=form.needs_person,
        needs_period=form.needs_period,
        has_notes=form.has_notes,
    )


def available_forms(session: Session) -> list[FormInfo]:
    """The forms of this installation's level (commune or upper) that the role may print."""
    actor = acting(session, P.PRINT)
    upper = is_upper(session)
    return [_info(f) for f in FORMS if f.upper == upper and _may_print(actor, f)]


def all_forms() -> list[FormInfo]:
    """Every form of both levels (documentation, `tools/render_forms.py`)."""
    return [_info(f) for f in FORMS]


def _form(session: Session, name: str) -> _Form:
    found = next((f for f in FORMS if f.name == name), None)
    if found is None:
        raise DomainError(
            _("There is no form “{name}”. “xasach print --list” lists the forms.").format(name=name)
        )
    if found.upper != is_upper(session):
        raise DomainError(
            _("The form “{name}” is printed at the upper level.").format(name=name)
            if found.upper
            else _("The form “{name}” is printed at the commune.").format(name=name)
        )
    return found


@dataclass(frozen=True)
class Rendered:
    """A form made in memory (the screen's preview and the printer never need a file)."""

    pdf: bytes
    pages: int
    document_number: str | None


def print_form(
    session: Session,
    name: str,
    out: Path,
    *,
    person_id: str | None = None,
    period: Period | None = None,
    today: date | None = None,
    confidential: str | None = None,
) -> PrintResult:
    """Print the form `name` to the PDF `out`. `confidential` overrides the installation's
    confidentiality mark ("" for none)."""
    out = Path(out)
    if not out.parent.is_dir():
        raise DomainError(
            _("The folder {folder} does not exist. Choose another place for the PDF.").format(
                folder=out.parent
            )
        )
    made = issue_form(
        session,
        name,
        person_id=person_id,
        period=period,
        today=today,
        confidential=confidential,
        write=lambda pdf: _write(out, pdf),
    )
    return PrintResult(out, made.pages, made.document_number)


def issue_form(
    session: Session,
    name: str,
    *,
    person_id: str | None = None,
    period: Period | None = None,
    today: date | None = None,
    confidential: str | None = None,
    write: Callable[[bytes], None] | None = None,
) -> Rendered:
    """The form for real (a number from the register, the audit entry "print"), in memory;
    `write` stores it first when it goes to a file."""
    return _render(session, name, person_id, period, today, confidential, False, write)


def preview_form(
    session: Session,
    name: str,
    *,
    person_id: str | None = None,
    period: Period | None = None,
    today: date | None = None,
) -> Rendered:
    """The form for the screen: no number is taken; the view is in the audit trail."""
    return _render(session, name, person_id, period, today, None, True, None)


def _write(out: Path, pdf: bytes) -> None:
    try:
        write_atomic(out, pdf)
    except OSError as exc:
        raise DomainError(
            _("The PDF could not be written to {path} ({detail}). Choose another place.").format(
                path=out, detail=exc.strerror or exc
            )
        ) from exc


def _render(
    session: Session,
    name: str,
    person_id: str | None,
    period: Period | None,
    today: date | None,
    confidential: str | None,
    preview: bool,
    write: Callable[[bytes], None] | None,
) -> Rendered:
    actor = acting(session, P.PRINT)
    form = _form(session, name)
    actor.require(form.register)  # printing a register needs seeing it
    if form.needs_period and period is None:
        raise DomainError(
            _("This form is for a period: give one, e.g. 2026, 2026-H1, 2026-Q3 or 2026-10.")
        )
    if form.needs_person and not person_id:
        raise DomainError(_("This form is about one person: choose the person (--person ID)."))
    job = _Job(
        session=session,
        actor=actor,
        name=name,
        template=load_template(name),
        today=today or date.today(),
        person_id=person_id if form.needs_person else None,
        period=period if form.needs_period else None,
        confidential=confidential,
        preview=preview,
    )
    made = form.build(job)
    if write is not None:
        write(made.pdf)
    detail: dict[str, Any] = {"form": name, "pages": made.pages}
    if made.number:
        detail["number"] = made.number
    if job.period is not None:
        detail["period"] = job.period.code
    action = "print_preview" if preview else "print"
    audit.append(session, actor.username, action, made.entity, made.entity_id, detail)
    return Rendered(made.pdf, made.pages, made.number)
