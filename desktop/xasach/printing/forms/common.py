"""What the forms share: placeholders, the header and signers from the templates, the page
set-up, small tables of totals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Spacer  # type: ignore[import-untyped]

from xasach.domain.periods import HALF, MONTH, QUARTER, Period
from xasach.printing.layout import (
    Letterhead,
    PageSetup,
    Recipients,
    Signature,
    Styles,
    closing,
    escape,
    letterhead,
    title_block,
)
from xasach.printing.model import Issue, Tally
from xasach.printing.table import CENTRE, RIGHT, Column, GridTable, Row
from xasach.printing.templates import Template, fill, vocabulary
from xasach.printing.words import count, short_date

ROMAN = ("I", "II", "III", "IV")


def values(issue: Issue, **more: str) -> dict[str, str]:
    """The placeholders every template may use."""
    found = {
        "unit": issue.unit_name,
        "unit_lc": in_sentence(issue.unit_name),
        "province": issue.province_name,
        "place": issue.place,
        "today": short_date(issue.day),
        "year": str(issue.day.year),
    }
    found.update(more)
    return found


def in_sentence(name: str) -> str:
    """A unit's name inside a sentence: its kind in lower case ("Công an phường Hoàn Kiếm")."""
    kind, space, rest = name.partition(" ")
    words = ("Xã", "Phường", "Đặc", "Thị", "Thành", "Tỉnh")
    return f"{kind.lower()}{space}{rest}" if kind in words and rest else name


def period_words(period: Period) -> str:
    """ "quý III năm 2026", "6 tháng đầu năm 2026" … from the vocabulary file."""
    if period.kind == MONTH:
        key = "month"
    elif period.kind == QUARTER:
        key = "quarter"
    elif period.kind == HALF:
        key = f"half_{period.index}"
    else:
        key = "year"
    text = vocabulary("period", key, "{year}")
    roman = ROMAN[period.index - 1] if period.kind == QUARTER else ""
    return fill(text, {"index": str(period.index), "year": str(period.year), "roman": roman})


def header(issue: Issue, template: Template, vals: Mapping[str, str]) -> Letterhead:
    key = f"issuers.{template.text('issuer')}"
    return Letterhead(
        national_title=template.text("national_title"),
        motto=template.text("motto"),
        parent=template.text(f"{key}.parent", vals),
        issuer=template.text(f"{key}.issuer", vals),
        place=issue.place,
        day=issue.day,
        number=issue.number,
        number_label=template.text("number_label"),
        confidential=issue.confidential,
    )


def signer(template: Template, key: str, vals: Mapping[str, str], name: str = "") -> Signature:
    base = f"signers.{template.text(key)}"
    return Signature(
        title=template.text(f"{base}.title", vals),
        authority=template.text(f"{base}.authority", vals) if template.has(f"{base}.authority")
        else "",
        name=name,
    )  # fmt: skip


def opening(
    issue: Issue,
    template: Template,
    vals: Mapping[str, str],
    setup: PageSetup,
    styles: Styles,
    *,
    extra: Sequence[str] = (),
) -> list[Flowable]:
    """Header, document type, subject (and an italic line such as "Tính đến …")."""
    out: list[Flowable] = letterhead(header(issue, template, vals), setup, styles)
    out += title_block(
        template.text("doc_type"), template.lines("subject", vals), styles, setup.width
    )
    out += [Paragraph(escape(line), styles.centred_italic) for line in extra]
    if extra:
        out.append(Spacer(1, 6))
    return out


def list_closing(
    issue: Issue, template: Template, vals: Mapping[str, str], styles: Styles, width: float
) -> list[Flowable]:
    """The list's maker on the left (their name printed), the head who signs on the right."""
    left = signer(template, "left_signer", vals, issue.prepared_by)
    return closing(left, signer(template, "right_signer", vals), styles, width)


def recipients(template: Template, vals: Mapping[str, str]) -> Recipients:
    return Recipients(template.text("recipients_heading"), template.lines("recipients", vals))


def tally_table(
    heading: str, tallies: Sequence[Tally], total_label: str, styles: Styles
) -> list[Flowable]:
    """A small table of counts by label with a total line (tổng hợp)."""
    if not tallies:
        return []
    rows = [Row((str(i), t.label, count(t.count))) for i, t in enumerate(tallies, 1)]
    rows.append(Row((total_label, "", count(sum(t.count for t in tallies))), "total"))
    table = GridTable(
        [Column("STT", 0.6, CENTRE), Column(heading, 5, "left"), Column("Số lượng", 1.4, RIGHT)],
        rows,
        size=12,
        numbered=False,
    )
    return [Spacer(1, 6), table]


def legal_basis_lines(template: Template, day: date, vals: Mapping[str, str]) -> list[str]:
    """The set of legal bases in force on `day` (the latest `from` on or before it)."""
    sets: Any = template.raw("legal_bases")
    chosen: list[str] = []
    best = date.min
    for entry in sets if isinstance(sets, list) else []:
        start = entry.get("from")
        start = start if isinstance(start, date) else date.fromisoformat(str(start))
        if best <= start <= day:
            best, chosen = start, [fill(str(line), vals) for line in entry.get("lines", [])]
    return chosen
