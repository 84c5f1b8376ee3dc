"""The layout kit of an official document (thể thức văn bản, NĐ 30/2020/NĐ-CP, Phụ lục I).

A4, portrait or landscape (for tables); margins top/bottom 20 mm, left 30 mm, right 15 mm;
the two-column header — parent and issuing body on the left with a short rule under the
issuer and the number below; national title and motto on the right with a rule as long as the
motto, and the place and date in italics below; document type and subject centred with a short
rule; legal bases in italics; justified body with a first-line indent; the recipients (nơi
nhận) and the signature block (authority prefix, title, name); page numbers centred at the top
from page 2; an optional confidentiality mark (độ mật) under the number.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.lib.utils import simpleSplit  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from xasach.printing.fonts import (
    SERIF,
    SERIF_BOLD,
    SERIF_BOLD_ITALIC,
    SERIF_ITALIC,
    register_fonts,
    text_width,
)
from xasach.printing.words import place_and_date, upper

BODY_SIZE = 13
HEADER_SIZE = 12


@dataclass(frozen=True)
class PageSetup:
    """Paper and margins: portrait for letters and decisions, landscape for wide tables."""

    landscape: bool = False
    top: float = 20 * mm
    bottom: float = 20 * mm
    left: float = 30 * mm
    right: float = 15 * mm

    @classmethod
    def wide(cls) -> PageSetup:
        return cls(landscape=True, top=20 * mm, bottom=15 * mm, left=25 * mm, right=15 * mm)

    @property
    def size(self) -> tuple[float, float]:
        size = landscape(A4) if self.landscape else A4
        return float(size[0]), float(size[1])

    @property
    def width(self) -> float:
        return self.size[0] - self.left - self.right

    @property
    def height(self) -> float:
        return self.size[1] - self.top - self.bottom


@dataclass(frozen=True)
class Letterhead:
    """The header: `parent` (cơ quan chủ quản, may be empty) and `issuer` (cơ quan ban hành),
    each possibly on several lines; `number` the "Số:" line ("05/QĐ-UBND", None: no line);
    `confidential` a mark such as "MẬT" (None: none)."""

    national_title: str
    motto: str
    parent: str
    issuer: str
    place: str
    day: date
    number: str | None = None
    number_label: str = "Số:"
    confidential: str | None = None


@dataclass(frozen=True)
class Signature:
    """Chữ ký: the authority prefix (TM./KT./Q./TL./TUQ. …, may be empty), the signer's title
    lines and name (empty: left for the signer to write)."""

    title: str
    authority: str = ""
    deputy_title: str = ""
    name: str = ""
    note: str = ""


@dataclass(frozen=True)
class Recipients:
    """Nơi nhận: the heading and the lines ("- …;", the last "- Lưu: VT, …")."""

    heading: str
    lines: Sequence[str] = field(default_factory=tuple)


class HRule(Flowable):  # type: ignore[misc]
    """A horizontal rule of a given length, centred in its column (the lines under the motto,
    the issuer and the subject), clear of the descenders of the line above."""

    def __init__(self, length: float, *, thickness: float = 0.6, above: float = 3.5) -> None:
        super().__init__()
        self.length, self.thickness, self.above = length, thickness, above

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, self.above + self.thickness + 2.0

    def draw(self) -> None:
        start = max(0.0, (self.avail - self.length) / 2)
        self.canv.setLineWidth(self.thickness)
        y = 2.0 + self.thickness / 2
        self.canv.line(start, y, start + min(self.length, self.avail), y)


class Styles:
    """The paragraph styles of the kit, built once the fonts are registered."""

    def __init__(self, body_size: float = BODY_SIZE) -> None:
        register_fonts()

        def style(name: str, **kw: Any) -> ParagraphStyle:
            kw.setdefault("fontName", SERIF)
            kw.setdefault("fontSize", body_size)
            kw.setdefault("leading", kw["fontSize"] * 1.2)
            return ParagraphStyle(name, **kw)

        h = HEADER_SIZE
        self.parent = style("parent", fontSize=h, alignment=TA_CENTER)
        self.issuer = style("issuer", fontName=SERIF_BOLD, fontSize=h, alignment=TA_CENTER)
        self.number = style("number", fontSize=13, alignment=TA_CENTER)
        self.national = style("national", fontName=SERIF_BOLD, fontSize=h, alignment=TA_CENTER)
        self.motto = style("motto", fontName=SERIF_BOLD, fontSize=13, alignment=TA_CENTER)
        self.date = style("date", fontName=SERIF_ITALIC, fontSize=13, alignment=TA_CENTER)
        self.mark = style("mark", fontName=SERIF_BOLD, fontSize=13, alignment=TA_CENTER)
        self.doc_type = style(
            "doc_type", fontName=SERIF_BOLD, fontSize=14, alignment=TA_CENTER, spaceBefore=14
        )
        self.subject = style("subject", fontName=SERIF_BOLD, fontSize=14, alignment=TA_CENTER)
        self.centred = style("centred", alignment=TA_CENTER)
        self.centred_bold = style("centred_bold", fontName=SERIF_BOLD, alignment=TA_CENTER)
        self.centred_italic = style("centred_italic", fontName=SERIF_ITALIC, alignment=TA_CENTER)
        self.basis = style(
            "basis", fontName=SERIF_ITALIC, alignment=TA_JUSTIFY, firstLineIndent=10 * mm
        )
        self.body = style(
            "body", alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceBefore=3, spaceAfter=3
        )
        self.body_flush = style("body_flush", alignment=TA_JUSTIFY, spaceBefore=2, spaceAfter=2)
        self.heading = style(
            "heading", fontName=SERIF_BOLD, alignment=TA_LEFT, spaceBefore=8, spaceAfter=3
        )
        self.recipients_heading = style("rh", fontName=SERIF_BOLD_ITALIC, fontSize=12)
        self.recipients = style("recipients", fontSize=11, leading=13)
        self.sign_title = style(
            "sign_title", fontName=SERIF_BOLD, fontSize=13, alignment=TA_CENTER, leading=16
        )
        self.sign_note = style("sign_note", fontName=SERIF_ITALIC, fontSize=11, alignment=TA_CENTER)
        self.sign_name = style("sign_name", fontName=SERIF_BOLD, fontSize=13, alignment=TA_CENTER)
        self.small = style("small", fontSize=11, leading=13)
        self.small_italic = style("small_italic", fontName=SERIF_ITALIC, fontSize=11, leading=13)


def escape(text: str) -> str:
    """Text for a Paragraph (its mini-markup treats <, > and & specially)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def lines_paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph whose explicit line breaks (\\n) are kept."""
    return Paragraph("<br/>".join(escape(line) for line in text.split("\n")), style)


def _widest(lines: Sequence[str], font: str, size: float, limit: float) -> float:
    return min(limit, max((text_width(line, font, size) for line in lines if line), default=0.0))


def letterhead(head: Letterhead, setup: PageSetup, styles: Styles) -> list[Flowable]:
    """Phần đầu văn bản: the two-column header (NĐ 30: ô 1–5)."""
    # The right column is as wide as the national title needs; the issuer gets the rest.
    needed = max(
        text_width(upper(head.national_title), SERIF_BOLD, HEADER_SIZE),
        text_width(head.motto, SERIF_BOLD, 13),
    )
    right_w = min(max(needed + 8 * mm, setup.width * 0.5), setup.width * 0.62)
    left_w = min(setup.width - right_w, 95 * mm)
    right_w = setup.width - left_w
    left: list[Flowable] = []
    if head.parent:
        left.append(lines_paragraph(upper(head.parent), styles.parent))
    issuer = upper(head.issuer)
    left.append(lines_paragraph(issuer, styles.issuer))
    issuer_w = _widest(issuer.split("\n"), SERIF_BOLD, HEADER_SIZE, left_w - 6)
    left.append(HRule(issuer_w * 0.4))
    motto_w = text_width(head.motto, SERIF_BOLD, 13)
    right: list[Flowable] = [
        Paragraph(escape(upper(head.national_title)), styles.national),
        Paragraph(escape(head.motto), styles.motto),
        HRule(min(motto_w, right_w - 6)),
    ]
    below_left: list[Flowable] = []
    if head.number is not None:
        below_left.append(Paragraph(escape(f"{head.number_label} {head.number}"), styles.number))
    if head.confidential:
        below_left.append(Spacer(1, 4))
        below_left.append(_Mark(head.confidential, styles))
    below_right = [Paragraph(escape(place_and_date(head.place, head.day)), styles.date)]
    table = Table(
        [[left, right], [below_left or "", below_right]],
        colWidths=[left_w, right_w],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 1), (-1, 1), 4),
            ]
        ),
    )
    table.hAlign = "CENTER"
    return [table]


class _Mark(Flowable):  # type: ignore[misc]
    """The confidentiality mark (dấu chỉ độ mật): bold capitals in a box, centred."""

    def __init__(self, text: str, styles: Styles) -> None:
        super().__init__()
        self.text = upper(text)
        self.size = styles.mark.fontSize

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, self.size + 8

    def draw(self) -> None:
        w = text_width(self.text, SERIF_BOLD, self.size) + 12
        x = (self.avail - w) / 2
        self.canv.setLineWidth(1)
        self.canv.rect(x, 0, w, self.size + 8)
        self.canv.setFont(SERIF_BOLD, self.size)
        self.canv.drawCentredString(self.avail / 2, 4 + self.size * 0.18, self.text)


def title_block(
    doc_type: str, subject: Sequence[str], styles: Styles, width: float
) -> list[Flowable]:
    """Tên loại và trích yếu: the type in bold capitals, the subject lines, a short rule."""
    out: list[Flowable] = [Paragraph(escape(upper(doc_type)), styles.doc_type)]
    out.extend(Paragraph(escape(line), styles.subject) for line in subject if line)
    longest = _widest(list(subject) or [doc_type], SERIF_BOLD, 14, width)
    out.append(HRule(max(longest / 3, 30 * mm)))
    out.append(Spacer(1, 6))
    return out


def legal_bases(lines: Sequence[str], styles: Styles) -> list[Flowable]:
    """Căn cứ ban hành, in italics, each on its own paragraph."""
    return [Paragraph(escape(line), styles.basis) for line in lines if line]


class DotLines(Flowable):  # type: ignore[misc]
    """Dotted lines across the page: room for a section the officer has not written, to be
    filled in by hand."""

    def __init__(self, lines: int = 2, gap: float = 20.0) -> None:
        super().__init__()
        self.lines, self.gap = lines, gap

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, self.lines * self.gap

    def draw(self) -> None:
        self.canv.setLineWidth(0.6)
        self.canv.setDash(1, 3)
        for k in range(self.lines):
            y = 4 + k * self.gap
            self.canv.line(0, y, self.avail, y)
        self.canv.setDash()


def paragraphs(text: str, styles: Styles, style: ParagraphStyle | None = None) -> list[Flowable]:
    """Body text: each line of `text` becomes a justified paragraph with a first-line indent."""
    chosen = style or styles.body
    return [Paragraph(escape(line.strip()), chosen) for line in text.split("\n") if line.strip()]


def signature_cell(sign: Signature, styles: Styles) -> list[Flowable]:
    titles = [t for t in (sign.authority, sign.deputy_title, sign.title) if t]
    out: list[Flowable] = [lines_paragraph(upper("\n".join(titles)), styles.sign_title)]
    if sign.note:
        out.append(Paragraph(escape(sign.note), styles.sign_note))
    out.append(Spacer(1, 26 * mm))
    out.append(Paragraph(escape(sign.name) or "&nbsp;", styles.sign_name))
    return out


def recipients_cell(rec: Recipients, styles: Styles) -> list[Flowable]:
    out: list[Flowable] = [Paragraph(escape(rec.heading), styles.recipients_heading)]
    out.extend(Paragraph(escape(line), styles.recipients) for line in rec.lines)
    return out


def closing(
    left: Recipients | Signature | None, right: Signature, styles: Styles, width: float
) -> list[Flowable]:
    """Nơi nhận (or a second signer, such as the list's maker) on the left, the signature
    block on the right; kept together so a signature never starts a page alone."""
    if isinstance(left, Recipients):
        left_cell: Any = recipients_cell(left, styles)
    elif isinstance(left, Signature):
        left_cell = signature_cell(left, styles)
    else:
        left_cell = ""
    table = Table(
        [[left_cell, signature_cell(right, styles)]],
        colWidths=[width * 0.5, width * 0.5],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    return [Spacer(1, 10), KeepTogether([table])]


@dataclass(frozen=True)
class DocumentInfo:
    """What goes in the PDF's own properties (shown by viewers), never personal data."""

    title: str
    author: str = "XaSach"


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    pass


def render(
    flowables: Sequence[Flowable], setup: PageSetup, info: DocumentInfo
) -> tuple[bytes, int]:
    """Lay the flowables out on A4 pages; returns the PDF and its page count. Page numbers are
    centred at the top from page 2 (none on page 1)."""
    register_fonts()
    buf = io.BytesIO()
    doc = _Doc(
        buf,
        pagesize=setup.size,
        leftMargin=setup.left,
        rightMargin=setup.right,
        topMargin=setup.top,
        bottomMargin=setup.bottom,
        title=info.title,
        author=info.author,
        creator="XaSach",
        pageCompression=1,
        # The canvas's own starting font would otherwise add a non-embedded Helvetica.
        initialFontName=SERIF,
        initialFontSize=BODY_SIZE,
    )
    frame = Frame(setup.left, setup.bottom, setup.width, setup.height, 0, 0, 0, 0, id="body")

    def number_page(canvas: Any, document: Any) -> None:
        page = canvas.getPageNumber()
        if page > 1:
            canvas.saveState()
            canvas.setFont(SERIF, 13)
            canvas.drawCentredString(
                setup.left + setup.width / 2, setup.size[1] - setup.top / 2 - 4, str(page)
            )
            canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=number_page)])
    doc.build(list(flowables))
    return buf.getvalue(), int(doc.page)


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of `text` within `width` (a single line when it fits: the common, cheap case)."""
    if not text:
        return [""]
    if "\n" not in text and text_width(text, font, size) <= width:
        return [text]
    out: list[str] = []
    for part in text.split("\n"):
        for line in simpleSplit(part, font, size, width) or [""]:
            out.extend(_hard_break(line, font, size, width))
    return out


def _hard_break(line: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than the column (a long number) is cut between characters, never left to
    run over the rule."""
    if text_width(line, font, size) <= width:
        return [line]
    pieces, current = [], ""
    for char in line:
        if current and text_width(current + char, font, size) > width:
            pieces.append(current)
            current = char.lstrip()
        else:
            current += char
    return [*pieces, current]
