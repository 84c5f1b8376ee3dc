"""Forms 3 and 4: the commune chair's decisions (quyết định) on one person — management of an
illegal drug user (quản lý người sử dụng trái phép) and post-rehab management (quản lý sau cai
nghiện). The articles are the template's; the period is the rule table's, given here."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph  # type: ignore[import-untyped]

from xasach.printing.forms.common import (
    legal_basis_lines,
    opening,
    recipients,
    signer,
    values,
)
from xasach.printing.forms.person_file import identity_lines
from xasach.printing.layout import (
    DocumentInfo,
    PageSetup,
    Styles,
    closing,
    escape,
    legal_bases,
    render,
)
from xasach.printing.model import DecisionData
from xasach.printing.templates import Template
from xasach.printing.words import short_date, upper


def period_words(months: int | None) -> str:
    """ "01 năm", "02 năm", "06 tháng" (a number below 10 with a leading zero)."""
    if months is None:
        return ""
    if months % 12 == 0:
        return f"{months // 12:02d} năm"
    return f"{months:02d} tháng"


def build_decision(data: DecisionData, template: Template) -> tuple[bytes, int]:
    setup, styles = PageSetup(), Styles()
    facility = data.facility
    vals = values(
        data.issue,
        start=short_date(data.start),
        end=short_date(data.end) or "……………",
        period_words=period_words(data.months),
        after=data.after or (template.text("after_default") if template.has("after_default")
                             else ""),
        facility=facility,
        facility_text=template.text("facility_text", {"facility": facility})
        if facility and template.has("facility_text") else "",
    )  # fmt: skip
    story: list[Flowable] = opening(data.issue, template, vals, setup, styles)
    story.append(Paragraph(escape(upper(template.text("authority", vals))), styles.centred_bold))
    story.append(Paragraph("&nbsp;", styles.small))
    story += legal_bases(legal_basis_lines(template, data.issue.day, vals), styles)
    story.append(Paragraph(escape(upper(template.text("decides"))), styles.doc_type))
    for line in template.lines("articles", vals):
        if line == "@identity":
            story += identity_lines(data.identity, template, "identity", styles, styles.body)
            continue
        head, _dot, rest = line.partition(". ")
        if head.startswith("Điều ") and rest:
            story.append(Paragraph(f"<b>{escape(head)}.</b> {escape(rest)}", styles.body))
        else:
            story.append(Paragraph(escape(line), styles.body))
    story += closing(recipients(template, vals), signer(template, "signer", vals), styles,
                     setup.width)  # fmt: skip
    return render(story, setup, DocumentInfo(template.text("title")))
