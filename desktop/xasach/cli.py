"""Command line: every headless job, calling the same services as the GUI.

Exit status: 0 done, 1 refused (bad input, damaged file …, one line on stderr), 2 usage error.
With no command, the desktop app starts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from xasach import __version__
from xasach.domain.errors import DomainError
from xasach.i18n import _, set_language
from xasach.paths import default_db_path
from xasach.store.errors import StoreError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class RefusedError(Exception):
    """A command refuses to go on; the message is shown on one line."""


def _open(args: argparse.Namespace) -> Any:
    from xasach.store.database import Database

    return Database.open(args.db)


def cmd_init(args: argparse.Namespace) -> int:
    from xasach.services.setup import MODE_COMMUNE, MODE_UPPER, init_installation

    mode, code = (MODE_COMMUNE, args.commune) if args.commune else (MODE_UPPER, args.upper)
    name = init_installation(args.db, mode=mode, unit_code=code, name=args.name)
    print(_("Created {path} for {name} ({code}).").format(path=args.db, name=name, code=code))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from xasach.demo.generator import generate_demo

    db = _open(args)
    try:
        summary = generate_demo(
            db,
            persons=args.persons,
            hotspots=args.hotspots,
            activities=args.activities,
            seed=args.seed,
        )
    finally:
        db.close()
    print(
        _(
            "Added {persons} people ({episodes} episodes, {tests} drug tests), "
            "{hotspots} hotspots, {activities} propaganda activities, {villages} villages."
        ).format(
            persons=summary.persons,
            episodes=summary.episodes,
            tests=summary.drug_tests,
            hotspots=summary.hotspots,
            activities=summary.activities,
            villages=summary.villages,
        )
    )
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from xasach.services.people import search_people

    db = _open(args)
    try:
        with db.reader() as session:
            lines = search_people(session, args.text, limit=args.limit)
    finally:
        db.close()
    if args.json:
        _print_json({"query": args.text, "results": [vars(line) for line in lines]})
    else:
        for line in lines:
            print("\t".join((line.id, line.full_name, line.birth, line.village, line.status_label)))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from xasach.services.stats import register_stats

    db = _open(args)
    try:
        with db.reader() as session:
            stats = register_stats(session)
            stats["unit"] = {"code": db.setting("unit.code"), "name": db.setting("unit.name")}
    finally:
        db.close()
    if args.json:
        _print_json(stats)
        return EXIT_OK
    print(f"{stats['unit']['name']} ({stats['unit']['code']})")
    print(_("Villages and residential groups: {n}").format(n=stats["villages"]))
    print(_("People with a management file: {n}").format(n=stats["persons"]["total"]))
    for row in stats["persons"]["by_status"].values():
        print(f"  {row['label']}: {row['count']}")
    print(_("Hotspots: {n}").format(n=stats["hotspots"]["total"]))
    for row in stats["hotspots"]["by_status"].values():
        print(f"  {row['label']}: {row['count']}")
    print(
        _("Propaganda activities: {total} ({year} this year)").format(
            total=stats["activities"]["total"], year=stats["activities"]["this_year"]
        )
    )
    return EXIT_OK


def cmd_units_import(args: argparse.Namespace) -> int:
    from xasach.store.reference import import_units_file

    db = _open(args)
    try:
        with db.session() as session:
            added, renamed = import_units_file(session, Path(args.file))
    finally:
        db.close()
    print(
        _("Unit list updated: {added} added, {renamed} renamed.").format(
            added=added, renamed=renamed
        )
    )
    return EXIT_OK


def _print_json(doc: Any) -> None:
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _positive(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(_("must not be negative"))
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xasach",
        description=_("XaSach: drug-control registers of a commune, offline and encrypted."),
    )
    parser.add_argument("--version", action="version", version=f"XaSach {__version__}")
    parser.add_argument("--db", type=Path, default=None, help=_("data file (default: XASACH_DB)"))
    parser.add_argument("--lang", choices=("vi", "en"), default=None, help=_("language"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help=_("create the data file of a commune or an upper level"))
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--commune", metavar="CODE", help=_("5-digit commune code"))
    who.add_argument("--upper", metavar="CODE", help=_("code of the upper-level unit"))
    p.add_argument("--name", help=_("name to show instead of the official one"))
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help=_("add realistic demo data"))
    p.add_argument("--persons", type=_positive, default=200)
    p.add_argument("--hotspots", type=_positive, default=20)
    p.add_argument("--activities", type=_positive, default=150)
    p.add_argument("--seed", type=int, default=None)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("search", help=_("find people by name, ID number or address"))
    p.add_argument("text")
    p.add_argument("--limit", type=_positive, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("stats", help=_("counts per register and status"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("units", help=_("administrative units"))
    units_sub = p.add_subparsers(dest="units_command", required=True, metavar="ACTION")
    q = units_sub.add_parser("import", help=_("update the official unit list from a file"))
    q.add_argument("file")
    q.set_defaults(func=cmd_units_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_peek_lang(argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    set_language(args.lang)
    args.db = Path(args.db) if args.db else default_db_path()
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        from xasach.ui.app import run_app

        return run_app(args.db, args.lang or "vi")
    try:
        return func(args)
    except (DomainError, StoreError, RefusedError) as exc:
        print(
            _("Error: {message}").format(message=getattr(exc, "message", str(exc))), file=sys.stderr
        )
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print(_("Stopped."), file=sys.stderr)
        return EXIT_REFUSED


def _peek_lang(argv: list[str]) -> str | None:
    """The language must be set before the parser's help texts are built."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


if __name__ == "__main__":
    sys.exit(main())
