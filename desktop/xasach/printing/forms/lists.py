"""Forms 1 and 5 (and their upper-level versions): the list of people under management
(danh sách người trong diện quản lý) and the list of hotspots (danh sách điểm, tụ điểm), as
landscape tables grouped by village — or by commune at the upper level — with totals."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby
from typing import Any, TypeVar

from reportlab.platypus import Flowable, Paragraph, Spacer  # type: ignore[import-untyped]

from xasach.printing.forms.common import list_closing, opening, tally_table, values
from xasach.printing.layout import DocumentInfo, PageSetup, Styles, escape, render
from xasach.printing.model import (
    ActivityRow,
    HotspotListData,
    HotspotRow,
    PeopleListData,
    PersonListRow,
    Tally,
)
from xasach.printing.table import CENTRE, GROUP, LEFT, RIGHT, Column, GridTable, Row
from xasach.printing.templates import Template
from xasach.printing.words import count, short_date

T = TypeVar("T", PersonListRow, HotspotRow, ActivityRow)

PEOPLE_COLUMNS = (
    ("index", 0.45, CENTRE),
    ("full_name", 2.3, LEFT),
    ("birth", 0.95, CENTRE),
    ("sex", 0.6, CENTRE),
    ("id_number", 1.25, CENTRE),
    ("address", 2.6, LEFT),
    ("status", 2.0, LEFT),
    ("since", 0.95, CENTRE),
    ("planned_end", 0.95, CENTRE),
)
HOTSPOT_COLUMNS = (
    ("index", 0.45, CENTRE),
    ("name", 2.0, LEFT),
    ("kind", 1.5, LEFT),
    ("address", 2.0, LEFT),
    ("discovered", 0.95, CENTRE),
    ("status", 1.5, LEFT),
    ("people", 0.8, RIGHT),
    ("history", 2.6, LEFT),
)


def columns(template: Template, spec: Sequence[tuple[str, float, str]]) -> list[Column]:
    return [Column(template.text(f"columns.{key}"), w, align) for key, w, align in spec]


def grouped_rows(
    items: Sequence[T], template: Template, cells: Callable[[int, T], tuple[str, ...]]
) -> list[Row]:
    """Rows under a heading per group (the items come sorted by group), numbered throughout."""
    rows: list[Row] = []
    number = 0
    for group, members in groupby(items, key=lambda item: item.group):
        block = list(members)
        name = group or template.text("no_group")
        rows.append(
            Row((template.text("group", {"group": name, "count": count(len(block))}),), GROUP)
        )
        for item in block:
            number += 1
            rows.append(Row(cells(number, item)))
    return rows


def _person_cells(number: int, p: PersonListRow) -> tuple[str, ...]:
    name = f"{p.full_name} ({p.other_names})" if p.other_names else p.full_name
    return (
        str(number),
        name,
        p.birth,
        p.sex,
        p.id_masked,
        p.address,
        p.status,
        p.since,
        p.planned_end,
    )


def build_people_list(data: PeopleListData, template: Template) -> tuple[bytes, int]:
    return _build_list(data, template, PEOPLE_COLUMNS, _person_cells)


def _hotspot_cells(number: int, h: HotspotRow) -> tuple[str, ...]:
    status = f"{h.status} ({h.status_date})" if h.status_date else h.status
    return (
        str(number),
        h.name,
        h.kind,
        h.address,
        h.discovered,
        status,
        count(h.people),
        h.history,
    )


def build_hotspot_list(data: HotspotListData, template: Template) -> tuple[bytes, int]:
    return _build_list(data, template, HOTSPOT_COLUMNS, _hotspot_cells)


def _build_list(
    data: PeopleListData | HotspotListData,
    template: Template,
    column_keys: Sequence[tuple[str, float, str]],
    cells: Callable[[int, Any], tuple[str, ...]],
) -> tuple[bytes, int]:
    """A landscape list: opening, the ruled table grouped as the template says, the totals by
    status, the closing — the same frame for people and for hotspots."""
    setup, styles = PageSetup.wide(), Styles()
    vals = values(data.issue, as_of=short_date(data.as_of))
    story: list[Flowable] = opening(
        data.issue, template, vals, setup, styles, extra=[template.text("as_of", vals)]
    )
    items: Sequence[Any] = data.rows
    story.append(
        GridTable(
            columns(template, column_keys),
            grouped_rows(items, template, cells),
            size=11,
        )
    )
    story += _summary(template, data.by_status, styles)
    story += list_closing(data.issue, template, vals, styles, setup.width)
    return render(story, setup, DocumentInfo(template.text("title")))


def _summary(template: Template, chosen: Sequence[Tally], styles: Styles) -> list[Flowable]:
    total = sum(t.count for t in chosen)
    out: list[Flowable] = [Spacer(1, 8)]
    out.append(Paragraph(escape(template.text("summary_heading")), styles.heading))
    out += tally_table(template.text("summary_heading"), chosen, template.text("total"), styles)
    out.append(Spacer(1, 4))
    line = template.text("summary_total", {"count": count(total)})
    out.append(Paragraph(escape(line), styles.body_flush))
    return out
