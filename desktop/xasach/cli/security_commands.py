"""Users, the audit trail and encrypting an old plain database."""

from __future__ import annotations

import argparse

from xasach.cli.common import EXIT_OK, EXIT_REFUSED, ask_secret, open_db, print_json
from xasach.i18n import _


def cmd_user_add(args: argparse.Namespace) -> int:
    from xasach.services.auth import add_user

    password = ask_secret(
        _("Password for the new user {user}: ").format(user=args.name),
        "XASACH_NEW_PASSWORD",
        confirm=True,
    )
    db = open_db(args)
    try:
        add_user(
            db,
            args.name,
            password,
            args.role,
            full_name=args.full_name or "",
            title=args.title or "",
        )
    finally:
        db.close()
    print(_("User {user} added.").format(user=args.name))
    return EXIT_OK


def cmd_user_passwd(args: argparse.Namespace) -> int:
    from xasach.services.auth import change_password, reset_password_with_recovery

    new = ask_secret(
        _("New password for {user}: ").format(user=args.name), "XASACH_NEW_PASSWORD", confirm=True
    )
    if args.recovery:
        code = ask_secret(_("Recovery code (30 digits): "), "XASACH_RECOVERY_CODE")
        reset_password_with_recovery(args.db, code, args.name, new)
    else:
        db = open_db(args)
        try:
            change_password(db, args.name, new)
        finally:
            db.close()
    print(_("Password of {user} changed.").format(user=args.name))
    return EXIT_OK


def cmd_user_remove(args: argparse.Namespace) -> int:
    from xasach.services.auth import remove_user

    db = open_db(args)
    try:
        remove_user(db, args.name)
    finally:
        db.close()
    print(_("User {user} removed; the data file has a new key.").format(user=args.name))
    return EXIT_OK


def cmd_user_list(args: argparse.Namespace) -> int:
    from xasach.domain.roles import role_label
    from xasach.services.auth import list_users

    db = open_db(args)
    try:
        users = list_users(db)
    finally:
        db.close()
    rows = [
        {"username": u.username, "full_name": u.full_name, "role": u.role, "active": u.active}
        for u in users
    ]
    if args.json:
        print_json(rows)
    else:
        for u in users:
            state = "" if u.active else _(" (removed)")
            print(f"{u.username}\t{u.full_name}\t{role_label(u.role)}{state}")
    return EXIT_OK


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from xasach.services.audit_trail import verify_trail

    db = open_db(args)
    try:
        verdict = verify_trail(db)
    finally:
        db.close()
    if args.json:
        print_json(vars(verdict))
    elif verdict.ok:
        print(_("OK: {n} audit entries, chain intact.").format(n=verdict.entries))
    else:
        print(
            _("BROKEN at entry {seq}: {reason}.").format(
                seq=verdict.first_broken, reason=verdict.reason
            )
        )
    return EXIT_OK if verdict.ok else EXIT_REFUSED


def cmd_encrypt(args: argparse.Namespace) -> int:
    from xasach.services.convert import encrypt_plain_database

    password = ask_secret(
        _("New password for {user}: ").format(user=args.admin), "XASACH_PASSWORD", confirm=True
    )
    code = encrypt_plain_database(args.db, admin=args.admin, password=password)
    from xasach.cli.commands import recovery_sheet

    print(_("{path} is now encrypted.").format(path=args.db))
    print(recovery_sheet(args.db.name, "", code))
    return EXIT_OK
