"""`keys …`, `bundle export|import`, `receipt import`: the same services as the Sync screens.

A bundle that is not applied (refused, or held in quarantine) makes `bundle import` exit 1;
one already held is not an error (exit 0, reported as already imported).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from xasach.cli.common import EXIT_OK, EXIT_REFUSED, RefusedError, open_db, print_json
from xasach.i18n import _


def add_sync_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `keys`, `bundle` and `receipt` (called by cli.parser.build_parser)."""
    p = sub.add_parser("keys", help=_("sync keys: fingerprint, key cards"))
    keys = p.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    q = keys.add_parser("fingerprint", help=_("this office's fingerprint (30 digits)"))
    q.set_defaults(func=cmd_keys_fingerprint)
    q = keys.add_parser("export-public", help=_("write this office's public key card"))
    q.add_argument("file", type=Path)
    q.set_defaults(func=cmd_keys_export)
    q = keys.add_parser("import", help=_("enrol the other office's key card"))
    q.add_argument("file", type=Path)
    q.add_argument(
        "--yes",
        action="store_true",
        help=_("the fingerprint was checked by phone: trust the key without asking"),
    )
    q.set_defaults(func=cmd_keys_import)
    q = keys.add_parser("list", help=_("enrolled keys and whether they are verified"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_keys_list)
    q = keys.add_parser("verify", help=_("record that a unit's fingerprint was checked by phone"))
    q.add_argument("unit", metavar="CODE")
    q.add_argument("--receipts", type=Path, metavar="DIR", help=_("folder for receipts"))
    q.set_defaults(func=cmd_keys_verify)

    p = sub.add_parser("bundle", help=_("sync bundles to and from the upper level"))
    bundle = p.add_subparsers(dest="bundle_command", required=True, metavar="ACTION")
    q = bundle.add_parser("export", help=_("write every unacknowledged change into a bundle"))
    q.add_argument("--out", type=Path, required=True, metavar="DIR")
    q.set_defaults(func=cmd_bundle_export)
    q = bundle.add_parser("import", help=_("import communes' bundles (files or folders)"))
    q.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    q.add_argument("--dry-run", action="store_true", help=_("show what would change"))
    q.add_argument("--receipts", type=Path, metavar="DIR", help=_("write signed receipts here"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_bundle_import)

    p = sub.add_parser("receipt", help=_("receipts from the upper level"))
    receipt = p.add_subparsers(dest="receipt_command", required=True, metavar="ACTION")
    q = receipt.add_parser("import", help=_("import a receipt from the upper level"))
    q.add_argument("file", type=Path)
    q.set_defaults(func=cmd_receipt_import)


def cmd_keys_fingerprint(args: argparse.Namespace) -> int:
    from xasach.services.sync_keys import own_fingerprint

    db = open_db(args)
    try:
        print(
            _("Fingerprint of {name} ({code}):").format(
                name=db.setting("unit.name"), code=db.setting("unit.code")
            )
        )
        print(own_fingerprint(db))
    finally:
        db.close()
    return EXIT_OK


def cmd_keys_export(args: argparse.Namespace) -> int:
    from xasach.services.sync_keys import export_card, own_fingerprint

    db = open_db(args)
    try:
        path = export_card(db, args.file)
        print(_("Key card written: {path}").format(path=path))
        print(_("Fingerprint: {fp}").format(fp=own_fingerprint(db)))
    finally:
        db.close()
    return EXIT_OK


def _confirmed(card: Any) -> bool:
    """Ask the officer whether the fingerprint matched on the phone (a terminal is needed)."""
    if not sys.stdin or not sys.stdin.isatty():
        return False
    answer = input(
        _("Did you read these digits over the phone with {name} and do they match? [y/N] ").format(
            name=card.unit_name
        )
    )
    return answer.strip().lower() in ("y", "yes", "c", "co", "có")


def cmd_keys_import(args: argparse.Namespace) -> int:
    from xasach.services.sync_keys import import_card, preview_card

    db = open_db(args)
    try:
        card = preview_card(db, args.file)
        print(_("Key card of {name} ({code})").format(name=card.unit_name, code=card.unit_code))
        print(_("Fingerprint: {fp}").format(fp=card.fingerprint))
        print(
            _(
                "Phone {name} on a number from the official directory (never one written in "
                "the file) and read the six groups together, each side reading every other one."
            ).format(name=card.unit_name)
        )
        verified = args.yes or _confirmed(card)
        info = import_card(db, args.file, verified=verified)
    finally:
        db.close()
    if info.verified:
        print(_("The key of {code} is enrolled and trusted.").format(code=info.unit_code))
    else:
        print(
            _(
                "The key of {code} is enrolled but not yet verified: its bundles wait in "
                "quarantine. After the phone check run: xasach keys verify {code}"
            ).format(code=info.unit_code)
        )
    return EXIT_OK


def cmd_keys_list(args: argparse.Namespace) -> int:
    from xasach.services.sync_keys import list_peers

    db = open_db(args)
    try:
        peers = list_peers(db)
    finally:
        db.close()
    if args.json:
        print_json(
            [
                {
                    "unit": p.unit_code,
                    "name": p.unit_name,
                    "mode": p.mode,
                    "fingerprint": p.fingerprint,
                    "verified": p.verified,
                    "verified_by": p.verified_by,
                    "active": p.active,
                }
                for p in peers
            ]
        )
        return EXIT_OK
    for p in peers:
        state = _("verified") if p.verified else _("NOT verified")
        if not p.active:
            state = _("replaced")
        print(f"{p.unit_code}\t{p.unit_name}\t{p.fingerprint}\t{state}")
    return EXIT_OK


def cmd_keys_verify(args: argparse.Namespace) -> int:
    from xasach.services.setup import MODE_UPPER
    from xasach.services.sync_import import retry_quarantined
    from xasach.services.sync_keys import verify_peer

    db = open_db(args)
    try:
        info = verify_peer(db, args.unit)
        print(_("The key of {code} is now trusted.").format(code=info.unit_code))
        outcomes = []
        if db.setting("mode") == MODE_UPPER:
            outcomes = retry_quarantined(db, args.unit, receipts=args.receipts)
    finally:
        db.close()
    for outcome in outcomes:
        print(f"{outcome.file}: {outcome.message}")
    return EXIT_OK if all(o.ok for o in outcomes) else EXIT_REFUSED


def cmd_bundle_export(args: argparse.Namespace) -> int:
    from xasach.services.sync_export import export_bundle

    db = open_db(args)
    try:
        result = export_bundle(db, args.out)
    finally:
        db.close()
    if result is None:
        print(_("Nothing new to send: the upper level has acknowledged every change."))
        return EXIT_OK
    print(
        _("Bundle written: changes {first}–{last}, {records} records, {size} KB.").format(
            first=result.first_seq,
            last=result.last_seq,
            records=sum(result.counts.values()),
            size=max(1, round(result.size / 1024)),
        )
    )
    print(_("E-mail subject: {subject}").format(subject=result.subject))
    print(result.path)
    return EXIT_OK


def cmd_bundle_import(args: argparse.Namespace) -> int:
    from xasach.services.sync_import import import_paths
    from xasach.services.sync_prepare import bundle_files

    if not bundle_files(args.paths):
        raise RefusedError(_("No .xsb bundle found in the paths given."))
    db = open_db(args)
    try:
        outcomes = import_paths(db, args.paths, dry_run=args.dry_run, receipts=args.receipts)
    finally:
        db.close()
    if args.json:
        print_json([o.as_json() for o in outcomes])
    else:
        for o in outcomes:
            where = f" [{o.unit} {o.first_seq}–{o.last_seq}]" if o.unit else ""
            print(f"{o.file}{where}: {o.message}")
            if o.receipt is not None:
                print(_("  receipt: {path}").format(path=o.receipt))
    return EXIT_OK if all(o.ok for o in outcomes) else EXIT_REFUSED


def cmd_receipt_import(args: argparse.Namespace) -> int:
    from xasach.services.sync_receipts import import_receipt

    db = open_db(args)
    try:
        outcome = import_receipt(db, args.file)
    finally:
        db.close()
    print(outcome.message)
    return EXIT_OK


def add_hub_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`hub communes | duplicates`: the upper level's views, for scripts and reports."""
    p = sub.add_parser("hub", help=_("upper level: communes, sequences held, duplicates"))
    hub = p.add_subparsers(dest="hub_command", required=True, metavar="ACTION")
    q = hub.add_parser("communes", help=_("communes with their last bundle, gaps and counts"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_hub_communes)
    q = hub.add_parser("duplicates", help=_("people recorded in two communes, for review"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_hub_duplicates)


def cmd_hub_communes(args: argparse.Namespace) -> int:
    from xasach.services.hub import communes_overview, sequence_text

    db = open_db(args)
    try:
        with db.reader() as s:
            lines = communes_overview(s)
    finally:
        db.close()
    if args.json:
        print_json(
            [
                {
                    "unit": c.code,
                    "name": c.name,
                    "key": c.key.value,
                    "last_received": c.last_received,
                    "last_file": c.last_file,
                    "held": [list(r) for r in c.held],
                    "missing": [list(r) for r in c.missing],
                    "quarantined": c.quarantined,
                    "people": c.people,
                    "hotspots": c.hotspots,
                    "activities": c.activities,
                }
                for c in lines
            ]
        )
        return EXIT_OK
    for c in lines:
        print(
            f"{c.code}\t{c.name}\t{sequence_text(c.held, c.missing)}\t"
            + _("{people} people, {hotspots} hotspots, {activities} activities").format(
                people=c.people, hotspots=c.hotspots, activities=c.activities
            )
        )
    return EXIT_OK


def cmd_hub_duplicates(args: argparse.Namespace) -> int:
    from xasach.services.hub_duplicates import cross_commune_duplicates

    db = open_db(args)
    try:
        with db.reader() as s:
            review = cross_commune_duplicates(s)
    finally:
        db.close()
    if args.json:
        print_json(
            [
                {
                    "kind": p.kind.value,
                    "rules": [r.value for r in p.rules],
                    "people": [
                        {"unit": side.unit_code, "name": side.full_name, "birth": side.birth}
                        for side in (p.first, p.second)
                    ],
                }
                for p in review.pairs
            ]
        )
        return EXIT_OK
    for p in review.pairs:
        print(
            f"{p.label}\t{p.rules_label}\t{p.first.full_name} ({p.first.commune})\t"
            f"{p.second.full_name} ({p.second.commune})"
        )
    return EXIT_OK
