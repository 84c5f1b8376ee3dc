"""`import people|hotspots|activities FILE` and `export people|hotspots|activities FILE`: the
same services as the import wizard and the lists' export button.

Import prints how the file was read (sheet or encoding, header row, which column fills which
field), the validation summary and every row left out with its reason. By default the valid
rows are imported; `--strict` imports nothing when any row is wrong; `--dry-run` only checks.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from xasach.cli.common import EXIT_OK, EXIT_REFUSED, RefusedError, open_db, print_json
from xasach.domain.episodes import STATUS_NONE, STATUS_PRIORITY
from xasach.domain.hotspots import HotspotKind, HotspotStatus
from xasach.domain.propaganda import ActivityForm
from xasach.i18n import _
from xasach.tabular.encoding import CHOICES as ENCODINGS
from xasach.tabular.encoding import encoding_label
from xasach.tabular.fields import Register, field_label

#: What the command line accepts for each register ("persons" as the issue spells it).
REGISTER_NAMES = {
    "people": Register.PEOPLE,
    "persons": Register.PEOPLE,
    "hotspots": Register.HOTSPOTS,
    "activities": Register.ACTIVITIES,
}
UNDER_MANAGEMENT = "under_management"
REJECTED_SHOWN = 200


def add_tabular_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `import` and `export` (called by cli.parser.build_parser)."""
    p = sub.add_parser("import", help=_("bring an Excel or CSV list into a register"))
    p.add_argument("register", choices=list(REGISTER_NAMES), metavar="persons|hotspots|activities")
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help=_("check the rows, write nothing"))
    p.add_argument(
        "--strict", action="store_true", help=_("import nothing if any row is not valid")
    )
    p.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE",
        help=_('JSON file {"header or column letter": "field"} instead of the guess'),
    )
    p.add_argument(
        "--rejected",
        type=Path,
        metavar="FILE.xlsx",
        help=_("write the rows not imported, with the reason, to this workbook"),
    )
    p.add_argument("--encoding", choices=ENCODINGS, help=_("encoding of a CSV file"))
    p.add_argument("--sheet", help=_("sheet of the workbook (default: the first with data)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help=_("write a register's list to .xlsx or .csv"))
    p.add_argument("register", choices=list(REGISTER_NAMES), metavar="people|hotspots|activities")
    p.add_argument("file", type=Path, metavar="FILE.xlsx|FILE.csv")
    p.add_argument(
        "--status",
        choices=[
            UNDER_MANAGEMENT,
            *(k.value for k in STATUS_PRIORITY),
            STATUS_NONE,
            *(s.value for s in HotspotStatus),
        ],
        help=_("people: current status; hotspots: status"),
    )
    p.add_argument("--village", help=_("only this village or residential group (its name)"))
    p.add_argument("--text", default="", help=_("words to search, as in the list's search box"))
    p.add_argument("--kind", choices=[k.value for k in HotspotKind], help=_("hotspots: kind"))
    p.add_argument("--year", type=int, help=_("activities: year"))
    p.add_argument("--month", type=int, choices=range(1, 13), help=_("activities: month"))
    p.add_argument("--form", choices=[f.value for f in ActivityForm], help=_("activities: form"))
    p.set_defaults(func=cmd_export)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cmd_import(args: argparse.Namespace) -> int:
    from xasach.services.tabular_import import (
        mapping_from_file,
        open_source,
        run_import,
        status_label,
        suggest_mapping,
        summary,
        write_rejected,
    )

    register = REGISTER_NAMES[args.register]
    source = open_source(args.file, register, encoding=args.encoding, sheet=args.sheet)
    db = open_db(args)
    try:
        if args.mapping:
            mapping, remembered = mapping_from_file(args.mapping, source), False
        else:
            with db.reader() as session:
                mapping, remembered = suggest_mapping(session, source)
        result = run_import(db, source, mapping, strict=args.strict, dry_run=args.dry_run)
    finally:
        db.close()
    preview = result.preview
    rejected_written = None
    if args.rejected and preview.rejected:
        write_rejected(preview, args.rejected)
        rejected_written = str(args.rejected)
    if args.json:
        print_json(
            {
                "file": str(args.file),
                "sheet": source.sheet,
                "encoding": source.encoding,
                "header_row": source.table.header_row,
                "mapping": {_column_letter(c): k for c, k in mapping.items()},
                "rows": len(preview.rows),
                "imported": result.imported,
                "to_import": preview.new,
                "already": preview.already,
                "rejected": [
                    {"row": r.row_number, "status": r.status.value, "reason": r.reason}
                    for r in preview.rejected
                ],
                "dry_run": result.dry_run,
                "refused": result.refused,
                "rejected_file": rejected_written,
            }
        )
        return EXIT_REFUSED if result.refused else EXIT_OK
    _print_reading(source, mapping, remembered, register)
    print(summary(result))
    for row in preview.rejected[:REJECTED_SHOWN]:
        print(
            _("  row {row} — {status}: {reason}").format(
                row=row.row_number, status=status_label(row.status), reason=row.reason
            )
        )
    if len(preview.rejected) > REJECTED_SHOWN:
        print(_("  … and {n} more.").format(n=len(preview.rejected) - REJECTED_SHOWN))
    if rejected_written:
        print(_("The rows not imported are in {path}.").format(path=rejected_written))
    elif preview.rejected and not args.rejected:
        print(_("Add --rejected FILE.xlsx to get them in a workbook to fix and import again."))
    if result.dry_run:
        print(_("Dry run: nothing was written."))
    return EXIT_REFUSED if result.refused else EXIT_OK


def _print_reading(
    source: Any, mapping: dict[int, str], remembered: bool, register: Register
) -> None:
    where = (
        _("sheet “{sheet}”").format(sheet=source.sheet)
        if source.sheet
        else _("encoding {encoding}").format(encoding=encoding_label(source.encoding or ""))
    )
    print(
        _("{file}: {where}, header in row {row}.").format(
            file=source.path.name, where=where, row=source.table.header_row
        )
    )
    print(_("Columns (remembered for this file shape):") if remembered else _("Columns (guessed):"))
    for column, header in enumerate(source.headers):
        key = mapping.get(column)
        target = field_label(register, key) if key else _("(not imported)")
        print(f"  {_column_letter(column)}  {header or '—'} → {target}")


def cmd_export(args: argparse.Namespace) -> int:
    from xasach.services.tabular_export import export_format, export_list

    register = REGISTER_NAMES[args.register]
    export_format(args.file)
    db = open_db(args)
    try:
        flt = _filter(db, register, args)
        result = export_list(db, register, args.file, flt, filtered=_described(args))
    finally:
        db.close()
    print(_("{n} rows written to {path}.").format(n=result.rows, path=result.path))
    return EXIT_OK


def _village_id(db: Any, name: str | None) -> str | None:
    if not name:
        return None
    from xasach.services.common import own_unit
    from xasach.services.tabular_villages import VillageIndex

    with db.reader() as session:
        return VillageIndex(session, own_unit(session)).find(name)


def _filter(db: Any, register: Register, args: argparse.Namespace) -> Any:
    hotspot_statuses = {s.value for s in HotspotStatus}
    if args.status and (register == Register.HOTSPOTS) != (args.status in hotspot_statuses):
        raise RefusedError(
            _("--status {status} does not apply to this list.").format(status=args.status)
        )
    village = _village_id(db, args.village)
    if register == Register.PEOPLE:
        from xasach.services.people_list import PeopleFilter

        return PeopleFilter(text=args.text, status=args.status, village_id=village)
    if register == Register.HOTSPOTS:
        from xasach.services.hotspot_queries import HotspotQuery

        statuses = frozenset({args.status}) if args.status else frozenset()
        return HotspotQuery(text=args.text, statuses=statuses, kind=args.kind, village_id=village)
    from xasach.services.propaganda_queries import ActivityQuery

    return ActivityQuery(
        year=args.year, month=args.month, village_id=village, form=args.form, text=args.text
    )


def _described(args: argparse.Namespace) -> str:
    """The filter in words, for the file's second line."""
    parts = [
        f"{label}: {value}"
        for label, value in (
            ("tình trạng", args.status),
            ("thôn", args.village),
            ("tìm", args.text),
            ("loại", args.kind),
            ("năm", args.year),
            ("tháng", args.month),
            ("hình thức", args.form),
        )
        if value
    ]
    return "lọc theo " + "; ".join(parts) if parts else ""
