"""`backup create | list | restore`: the same services as the app's backup screen."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from xasach.cli.common import (
    EXIT_OK,
    RefusedError,
    ask_secret,
    open_db,
    print_json,
    username,
)
from xasach.i18n import _


def add_backup_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `backup create|list|restore` (called by cli.parser.build_parser)."""
    p = sub.add_parser("backup", help=_("encrypted backups of the data file"))
    backup = p.add_subparsers(dest="backup_command", required=True, metavar="ACTION")
    q = backup.add_parser("create", help=_("make a backup now (prints its path last)"))
    q.add_argument(
        "--to", type=Path, metavar="DIR", help=_("folder, e.g. a USB stick (default: backups/)")
    )
    q.set_defaults(func=cmd_backup_create)
    q = backup.add_parser("list", help=_("backups in the backups/ folder, newest first"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_backup_list)
    q = backup.add_parser("restore", help=_("replace the data with a backup (administrator)"))
    q.add_argument("file", type=Path)
    q.set_defaults(func=cmd_backup_restore)
    q = backup.add_parser(
        "extra-folder", help=_("also keep the automatic backups in a folder, e.g. a USB stick")
    )
    where = q.add_mutually_exclusive_group(required=True)
    where.add_argument("folder", type=Path, nargs="?")
    where.add_argument("--clear", action="store_true", help=_("stop copying to a second folder"))
    q.set_defaults(func=cmd_backup_extra_folder)


def cmd_backup_extra_folder(args: argparse.Namespace) -> int:
    from xasach.services.backup import set_extra_folder

    db = open_db(args)
    try:
        set_extra_folder(db, None if args.clear else args.folder.resolve())
    finally:
        db.close()
    if args.clear:
        print(_("Automatic backups go to the data folder only."))
    else:
        print(_("Automatic backups are also copied to {folder}.").format(folder=args.folder))
    return EXIT_OK


def cmd_backup_create(args: argparse.Namespace) -> int:
    from xasach.services.backup import create_backup

    db = open_db(args)
    try:
        info = create_backup(db, args.to)
    finally:
        db.close()
    print(_("Backup written ({size}).").format(size=_size(info.size)))
    print(info.path)
    return EXIT_OK


def cmd_backup_list(args: argparse.Namespace) -> int:
    from xasach.services.backup import default_folder, list_backups

    db = open_db(args)
    try:
        backups = list_backups(db)
    finally:
        db.close()
    if args.json:
        print_json(
            {"folder": str(default_folder(args.db)), "backups": [b.to_json() for b in backups]}
        )
        return EXIT_OK
    if not backups:
        print(_("No backups yet in {folder}.").format(folder=default_folder(args.db)))
    for b in backups:
        when = b.created_at.astimezone().strftime("%d/%m/%Y %H:%M")
        kind = _("automatic") if b.header and b.header.kind == "auto" else _("manual")
        state = b.problem or kind
        print(f"{when}\t{_size(b.size)}\t{b.unit_code}\t{state}\t{b.path}")
    return EXIT_OK


def cmd_backup_restore(args: argparse.Namespace) -> int:
    from xasach.services.auth import login

    # The password opens today's data and, unless it changed since, the backup's key slot.
    user = username(args)
    password = ask_secret(_("Password for {user}: ").format(user=user), "XASACH_PASSWORD")
    db = login(args.db, user, password)
    try:
        result = _restore(db, args.file, user, password)
    except BaseException:
        db.close()
        raise
    result.database.close()
    when = result.backup.created_at.astimezone().strftime("%d/%m/%Y %H:%M")
    print(_("Restored the backup of {when}.").format(when=when))
    print(_("Passwords are again those of {when}.").format(when=when))
    print(
        _("The data as it was before is kept in {path} (with its .keys file).").format(
            path=result.previous
        )
    )
    if result.revived_users:
        print(
            _(
                "Warning: these users had been removed and can log in again: {users}. Remove "
                "them again with “xasach user remove NAME”."
            ).format(users=", ".join(result.revived_users))
        )
    return EXIT_OK


def _restore(db: Any, file: Path, user: str, password: str) -> Any:
    """Restore; if the password changed since the backup, ask the one of that time."""
    from xasach.services.restore import restore_backup
    from xasach.store.backup import WrongBackupPasswordError

    try:
        return restore_backup(db, file, password)
    except WrongBackupPasswordError as wrong:
        try:
            older = ask_secret(
                _("Password of {user} when the backup was made: ").format(user=user),
                "XASACH_BACKUP_PASSWORD",
            )
        except RefusedError:
            raise wrong from None
        return restore_backup(db, file, older)


def _size(size: int) -> str:
    from babel.numbers import format_decimal

    from xasach.i18n import babel_locale

    if size < 1024 * 1024:
        return f"{format_decimal(round(size / 1024, 1), locale=babel_locale())} KB"
    return f"{format_decimal(round(size / 1024 / 1024, 1), locale=babel_locale())} MB"
