"""Form 2: one person's file (hồ sơ quản lý) — identity and the full history of episodes,
drug tests and linked hotspots, as kept (history is never overwritten)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, Paragraph, Spacer  # type: ignore[import-untyped]

from xasach.printing.forms.common import list_closing, opening, values
from xasach.printing.layout import DocumentInfo, PageSetup, Styles, escape, render
from xasach.printing.model import PersonFileData
from xasach.printing.table import CENTRE, LEFT, Column, GridTable, Row
from xasach.printing.templates import Template

EPISODE_COLUMNS = (
    ("index", 0.6, CENTRE),
    ("kind", 1.7, LEFT),
    ("start", 1.3, CENTRE),
    ("planned_end", 1.3, CENTRE),
    ("actual_end", 1.3, CENTRE),
    ("decision", 1.8, LEFT),
    ("facility", 1.3, LEFT),
    ("outcome", 1.0, LEFT),
)
TEST_COLUMNS = (("index", 0.6, CENTRE), ("day", 1.5, CENTRE), ("result", 1.5, LEFT),
                ("substances", 4.0, LEFT))  # fmt: skip
HOTSPOT_COLUMNS = (("index", 0.6, CENTRE), ("name", 3.0, LEFT), ("village", 1.8, LEFT),
                   ("status", 1.5, LEFT), ("role", 1.5, LEFT))  # fmt: skip


def identity_lines(
    pairs: Sequence[tuple[str, str]],
    template: Template,
    section: str,
    styles: Styles,
    style: ParagraphStyle | None = None,
) -> list[Flowable]:
    """ "Họ và tên: …" lines, the name in bold capitals as on a decision."""
    out: list[Flowable] = []
    for key, value in pairs:
        label = escape(template.text(f"{section}.{key}"))
        shown = escape(value) if value else "……………………"
        if key == "full_name":
            shown = f"<b>{escape(value.upper())}</b>"
        out.append(Paragraph(f"{label}: {shown}", style or styles.body_flush))
    return out


def _table(
    template: Template, key: str, spec: Sequence[tuple[str, float, str]], rows: list[Row]
) -> GridTable:
    cols = [Column(template.text(f"{key}.{name}"), w, align) for name, w, align in spec]
    return GridTable(cols, rows, size=10.5)


def build_person_file(data: PersonFileData, template: Template) -> tuple[bytes, int]:
    setup, styles = PageSetup(), Styles()
    vals = values(data.issue, status=data.status)
    story: list[Flowable] = opening(data.issue, template, vals, setup, styles)
    story.append(Paragraph(escape(template.text("identity_heading")), styles.heading))
    story += identity_lines(data.identity, template, "identity", styles)
    story.append(Paragraph(escape(template.text("status_line", vals)), styles.body_flush))

    story.append(Paragraph(escape(template.text("episodes_heading")), styles.heading))
    if data.episodes:
        rows = [
            Row((str(i), e.kind, e.start, e.planned_end, e.actual_end, e.decision,
                 e.facility or e.decided_by, e.outcome))
            for i, e in enumerate(data.episodes, 1)
        ]  # fmt: skip
        story.append(_table(template, "episode_columns", EPISODE_COLUMNS, rows))
    else:
        story.append(Paragraph(escape(template.text("none")), styles.body_flush))

    story.append(Paragraph(escape(template.text("tests_heading")), styles.heading))
    if data.tests:
        rows = [Row((str(i), t.day, t.result, t.substances)) for i, t in enumerate(data.tests, 1)]
        story.append(_table(template, "test_columns", TEST_COLUMNS, rows))
    else:
        story.append(Paragraph(escape(template.text("none")), styles.body_flush))

    story.append(Paragraph(escape(template.text("hotspots_heading")), styles.heading))
    if data.hotspots:
        rows = [
            Row((str(i), h.name, h.village, h.status, h.role))
            for i, h in enumerate(data.hotspots, 1)
        ]
        story.append(_table(template, "hotspot_columns", HOTSPOT_COLUMNS, rows))
    else:
        story.append(Paragraph(escape(template.text("none")), styles.body_flush))
    story.append(Spacer(1, 6))
    story += list_closing(data.issue, template, vals, styles, setup.width)
    return render(story, setup, DocumentInfo(template.text("title")))
