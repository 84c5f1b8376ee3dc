"""Form 7: the periodic report (báo cáo định kỳ) on the commune's anti-drug work for a month,
quarter, half-year or year — figures computed from the registers beside the previous period,
the plan targets met or not, the commune's class (QĐ 28/2025), and the sections the officer
writes. The order of sections is the template's; the upper level's version adds a table of
the main figures by commune."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Spacer  # type: ignore[import-untyped]

from xasach.printing.forms.common import opening, recipients, signer, values
from xasach.printing.layout import (
    DocumentInfo,
    DotLines,
    PageSetup,
    Styles,
    closing,
    escape,
    paragraphs,
    render,
)
from xasach.printing.model import Figure, NoteSection, PeriodicReportData
from xasach.printing.table import CENTRE, GROUP, LEFT, RIGHT, Column, GridTable, Row
from xasach.printing.templates import Template
from xasach.printing.words import change, count, decimal, percent


def _value(figure: Figure, value: float | None) -> str:
    if value is None:
        return "–"
    if figure.unit == "%":
        return percent(value)
    return count(round(value)) if float(value).is_integer() else decimal(value)


def _change(figure: Figure, template: Template) -> str:
    if figure.unit == "%":
        now = None if figure.now is None else figure.now * 100
        before = None if figure.before is None else figure.before * 100
        moved = change(now, before, digits=1)
        return template.text("points", {"change": moved}) if moved not in ("", "0") else moved
    return change(figure.now, figure.before)


def figures_table(data: PeriodicReportData, template: Template) -> GridTable:
    titles = template.lines("figure_columns")
    spec = ((0.5, CENTRE), (4.2, LEFT), (1.1, RIGHT), (1.1, RIGHT), (1.3, RIGHT))
    cols = [Column(t, w, a) for t, (w, a) in zip(titles, spec, strict=True)]
    rows: list[Row] = []
    number = 0
    for group in data.groups:
        rows.append(Row((group.heading,), GROUP))
        for figure in group.figures:
            number += 1
            label = ("- " if figure.level else "") + figure.label
            cells = (
                str(number),
                label,
                _value(figure, figure.now),
                _value(figure, figure.before),
                _change(figure, template) or "–",
            )
            rows.append(Row(cells, indent=figure.level))
    return GridTable(cols, rows, size=11)


def _verdict(met: bool | None, template: Template) -> str:
    if met is None:
        return template.text("unknown")
    return template.text("met") if met else template.text("not_met")


def targets_table(data: PeriodicReportData, template: Template) -> GridTable:
    titles = template.lines("target_columns")
    spec = ((0.5, CENTRE), (4.0, LEFT), (1.2, RIGHT), (1.2, RIGHT), (1.3, CENTRE))
    cols = [Column(t, w, a) for t, (w, a) in zip(titles, spec, strict=True)]
    rows = [
        Row((str(i), t.label + (f" ({t.detail})" if t.detail else ""), t.value, t.target,
             _verdict(t.met, template)))
        for i, t in enumerate(data.targets or (), 1)
    ]  # fmt: skip
    return GridTable(cols, rows, size=11)


def classification_part(
    data: PeriodicReportData, template: Template, styles: Styles
) -> list[Flowable]:
    titles = template.lines("criterion_columns")
    spec = ((0.5, CENTRE), (3.9, LEFT), (1.3, RIGHT), (1.5, LEFT), (1.0, CENTRE))
    cols = [Column(t, w, a) for t, (w, a) in zip(titles, spec, strict=True)]
    out: list[Flowable] = []
    many = len(data.classification or ()) > 1
    for block in data.classification or ():
        line = template.text("class_line", {"result": block.result})
        text = f"<b>{escape(block.unit_name)}:</b> {escape(line)}" if many else escape(line)
        out.append(Paragraph(text, styles.body))
        if block.criteria and not many:
            rows = [
                Row((str(i), c.label, c.value, c.threshold, _verdict(c.met, template)))
                for i, c in enumerate(block.criteria, 1)
            ]
            out.append(GridTable(cols, rows, size=11))
        if block.missing:
            missing = template.text("missing_line", {"missing": ", ".join(block.missing)})
            out.append(Paragraph(escape(missing), styles.small_italic))
    return out


def communes_table(data: PeriodicReportData, template: Template) -> GridTable:
    titles = template.lines("commune_columns")
    weights = [0.5, 2.6] + [1.0] * (len(titles) - 2)
    aligns = [CENTRE, LEFT] + [RIGHT] * (len(titles) - 3) + [CENTRE]
    cols = [Column(t, w, a) for t, w, a in zip(titles, weights, aligns, strict=True)]
    rows = [Row((str(i), c.name, *c.cells)) for i, c in enumerate(data.communes, 1)]
    return GridTable(cols, rows, size=10, header_size=10)


def _note(note: NoteSection | None, template: Template, styles: Styles) -> list[Flowable]:
    if note is None or not note.text.strip():
        return [DotLines(3)]
    return paragraphs(note.text, styles)


def _unavailable(what: str, template: Template, styles: Styles) -> list[Flowable]:
    return [Paragraph(escape(template.text("unavailable", {"what": what})), styles.small_italic)]


def build_periodic_report(data: PeriodicReportData, template: Template) -> tuple[bytes, int]:
    setup, styles = PageSetup(), Styles()
    vals = values(data.issue, period=data.period_label, previous=data.previous_label)
    story: list[Flowable] = opening(data.issue, template, vals, setup, styles)
    story += paragraphs(template.text("intro", vals), styles)
    notes: Mapping[str, NoteSection] = {n.key: n for n in data.notes}
    sections: Sequence[Any] = template.raw("sections")
    for section in sections:
        kind, heading = section.get("kind"), str(section.get("heading", ""))
        story.append(Paragraph(escape(heading), styles.heading))
        if kind == "note":
            story += _note(notes.get(str(section.get("key"))), template, styles)
        elif kind == "figures":
            story.append(
                Paragraph(escape(template.text("period_header", vals)), styles.small_italic)
            )
            story.append(Spacer(1, 3))
            story.append(figures_table(data, template))
        elif kind == "targets":
            if data.targets is None:
                story += _unavailable(template.text("what_targets"), template, styles)
            else:
                story.append(targets_table(data, template))
        elif kind == "classification":
            if data.classification is None:
                story += _unavailable(template.text("what_classification"), template, styles)
            else:
                story += classification_part(data, template, styles)
        elif kind == "communes" and data.communes:
            story.append(communes_table(data, template))
    story.append(Spacer(1, 6))
    story += paragraphs(template.text("closing", vals), styles)
    story += closing(recipients(template, vals), signer(template, "signer", vals), styles,
                     setup.width)  # fmt: skip
    return render(story, setup, DocumentInfo(template.text("title")))
