"""Form 6: the propaganda log (sổ theo dõi hoạt động tuyên truyền) of a period, with the
village × month coverage table — the seeds' target is every village, every month. At the upper
level the rows are grouped by commune and the coverage table has one line per commune."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer  # type: ignore[import-untyped]

from xasach.printing.forms.common import list_closing, opening, values
from xasach.printing.forms.lists import columns, grouped_rows
from xasach.printing.layout import DocumentInfo, PageSetup, Styles, escape, render
from xasach.printing.model import ActivityRow, PropagandaLogData
from xasach.printing.table import CENTRE, LEFT, RIGHT, Column, GridTable, Row
from xasach.printing.templates import Template
from xasach.printing.words import count, percent

LOG_COLUMNS = (
    ("index", 0.45, CENTRE),
    ("day", 1.0, CENTRE),
    ("form", 1.4, LEFT),
    ("topic", 2.6, LEFT),
    ("villages", 1.8, LEFT),
    ("organiser", 1.5, LEFT),
    ("audience", 1.2, LEFT),
    ("participants", 0.75, RIGHT),
    ("materials", 0.75, RIGHT),
    ("cost", 1.0, RIGHT),
)


def _cells(number: int, a: ActivityRow) -> tuple[str, ...]:
    return (
        str(number),
        a.day,
        a.form,
        a.topic,
        a.villages,
        a.organiser,
        a.audience,
        count(a.participants),
        count(a.materials),
        count(a.cost_vnd),
    )


def _log(data: PropagandaLogData, template: Template) -> GridTable:
    if template.has("group"):
        rows = grouped_rows(data.rows, template, _cells)
    else:
        rows = [Row(_cells(i, a)) for i, a in enumerate(data.rows, 1)]
    return GridTable(columns(template, LOG_COLUMNS), rows, size=10.5)


def _coverage(data: PropagandaLogData, template: Template) -> GridTable:
    cols = [Column("STT", 0.45, CENTRE), Column(template.text("coverage_name"), 2.6, LEFT)]
    cols += [Column(m, 0.5, CENTRE) for m in data.months]
    cols.append(Column(template.text("coverage_share"), 1.3, RIGHT))
    rows = [
        Row(
            (
                str(i),
                line.name,
                *("–" if n is None else str(n) for n in line.counts),
                percent(line.share, 0),
            )
        )
        for i, line in enumerate(data.coverage, 1)
    ]
    return GridTable(cols, rows, size=10.5)


def build_propaganda_log(data: PropagandaLogData, template: Template) -> tuple[bytes, int]:
    setup, styles = PageSetup.wide(), Styles()
    vals = values(data.issue, period=data.period_label)
    story: list[Flowable] = opening(
        data.issue, template, vals, setup, styles, extra=[template.text("period_line", vals)]
    )
    story.append(Paragraph(escape(template.text("log_heading")), styles.heading))
    if data.rows:
        story.append(_log(data, template))
    else:
        story.append(Paragraph(escape(template.text("none")), styles.body_flush))
    totals = {
        "activities": count(len(data.rows)),
        "participants": count(sum(a.participants for a in data.rows)),
        "materials": count(sum(a.materials for a in data.rows)),
        "cost": count(sum(a.cost_vnd for a in data.rows)),
    }
    story.append(Spacer(1, 4))
    story.append(Paragraph(escape(template.text("summary", totals)), styles.body_flush))
    story.append(Paragraph(escape(template.text("coverage_heading")), styles.heading))
    story.append(Paragraph(escape(template.text("coverage_note")), styles.small_italic))
    story.append(Spacer(1, 4))
    story.append(_coverage(data, template))
    share = {"share": percent(data.coverage_share) or "–"}
    story.append(Spacer(1, 4))
    story.append(Paragraph(escape(template.text("coverage_total", share)), styles.body_flush))
    story += list_closing(data.issue, template, vals, styles, setup.width)
    return render(story, setup, DocumentInfo(template.text("title")))
