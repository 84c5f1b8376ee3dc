"""The register commands: init, demo, search, stats, units import."""

from __future__ import annotations

import argparse
from pathlib import Path

from xasach.cli.common import EXIT_OK, ask_secret, open_db, print_json
from xasach.i18n import _


def cmd_init(args: argparse.Namespace) -> int:
    from xasach.services.auth import setup_secure
    from xasach.services.setup import MODE_COMMUNE, MODE_UPPER

    mode, code = (MODE_COMMUNE, args.commune) if args.commune else (MODE_UPPER, args.upper)
    password = ask_secret(
        _("New password for {user}: ").format(user=args.admin), "XASACH_PASSWORD", confirm=True
    )
    result = setup_secure(
        args.db, mode=mode, unit_code=code, admin=args.admin, password=password, name=args.name
    )
    print(
        _("Created {path} for {name} ({code}).").format(
            path=args.db, name=result.unit_name, code=code
        )
    )
    print(recovery_sheet(result.unit_name, code, result.recovery_code))
    return EXIT_OK


def recovery_sheet(unit_name: str, unit_code: str, code: str) -> str:
    """The recovery sheet as text: print it, sign it, keep it in the commune chief's safe."""
    lines = [
        _("RECOVERY SHEET — keep in the safe of the commune chief"),
        f"{unit_name} ({unit_code})",
        _("Recovery code:"),
        f"    {code}",
        _("With this code a new password can be set when every password is forgotten:"),
        "    xasach user passwd NAME --recovery",
        _("Anyone holding this code can open the data. Never keep it on the computer."),
    ]
    width = max(len(line) for line in lines) + 2
    border = "+" + "-" * width + "+"
    return "\n".join([border, *(f"| {line.ljust(width - 1)}|" for line in lines), border])


def cmd_demo(args: argparse.Namespace) -> int:
    from xasach.demo.generator import generate_demo

    db = open_db(args)
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

    db = open_db(args)
    try:
        with db.reader() as session:
            lines = search_people(session, args.text, limit=args.limit)
    finally:
        db.close()
    if args.json:
        print_json({"query": args.text, "results": [vars(line) for line in lines]})
    else:
        for line in lines:
            print("\t".join((line.id, line.full_name, line.birth, line.village, line.status_label)))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from xasach.services.stats import register_stats

    db = open_db(args)
    try:
        with db.reader() as session:
            stats = register_stats(session)
            stats["unit"] = {"code": db.setting("unit.code"), "name": db.setting("unit.name")}
    finally:
        db.close()
    if args.json:
        print_json(stats)
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
    from xasach.domain.roles import Permission, require
    from xasach.store import audit
    from xasach.store.reference import import_units_file

    db = open_db(args)
    try:
        actor = require(db.actor, Permission.SETTINGS)
        with db.session() as session:
            added, renamed = import_units_file(session, Path(args.file))
            audit.append(
                session, actor.username, "units_import", "admin_unit", "", {"added": added}
            )
    finally:
        db.close()
    print(
        _("Unit list updated: {added} added, {renamed} renamed.").format(
            added=added, renamed=renamed
        )
    )
    return EXIT_OK
