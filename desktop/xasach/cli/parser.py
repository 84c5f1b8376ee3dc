"""The argument parser: the command-line contract of DESIGN.md ("Command line")."""

from __future__ import annotations

import argparse
from pathlib import Path

from xasach import __version__
from xasach.cli import commands as reg
from xasach.cli import security_commands as sec
from xasach.cli.backup_commands import add_backup_parser
from xasach.cli.law_commands import add_law_parsers
from xasach.cli.print_commands import add_print_parser
from xasach.cli.sync_commands import add_hub_parser, add_sync_parsers
from xasach.cli.tabular_commands import add_tabular_parsers
from xasach.domain.roles import Role
from xasach.i18n import _


def _count(value: str) -> int:
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
    parser.add_argument("--user", default=None, help=_("log in as (default: XASACH_USER or admin)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _register_commands(sub)
    _security_commands(sub)
    add_backup_parser(sub)
    add_sync_parsers(sub)
    add_hub_parser(sub)
    add_tabular_parsers(sub)
    add_law_parsers(sub)
    add_print_parser(sub)
    return parser


def _register_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help=_("create the data file of a commune or an upper level"))
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--commune", metavar="CODE", help=_("5-digit commune code"))
    who.add_argument("--upper", metavar="CODE", help=_("code of the upper-level unit"))
    p.add_argument("--name", help=_("name to show instead of the official one"))
    p.add_argument("--admin", default="admin", help=_("administrator's user name"))
    p.set_defaults(func=reg.cmd_init)

    p = sub.add_parser("demo", help=_("add realistic demo data"))
    p.add_argument("--persons", type=_count, default=200)
    p.add_argument("--hotspots", type=_count, default=20)
    p.add_argument("--activities", type=_count, default=150)
    p.add_argument("--seed", type=int, default=None)
    p.set_defaults(func=reg.cmd_demo)

    p = sub.add_parser("search", help=_("find people by name, ID number or address"))
    p.add_argument("text")
    p.add_argument("--limit", type=_count, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=reg.cmd_search)

    p = sub.add_parser("stats", help=_("counts per register and status"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=reg.cmd_stats)

    p = sub.add_parser("units", help=_("administrative units"))
    units = p.add_subparsers(dest="units_command", required=True, metavar="ACTION")
    q = units.add_parser("import", help=_("update the official unit list from a file"))
    q.add_argument("file")
    q.set_defaults(func=reg.cmd_units_import)


def _security_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("user", help=_("users and passwords"))
    users = p.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    q = users.add_parser("add", help=_("add a user (password from the prompt)"))
    q.add_argument("name")
    q.add_argument("--role", required=True, choices=[r.value for r in Role])
    q.add_argument("--full-name")
    q.add_argument("--title")
    q.set_defaults(func=sec.cmd_user_add)
    q = users.add_parser("passwd", help=_("change a password"))
    q.add_argument("name")
    q.add_argument("--recovery", action="store_true", help=_("use the recovery code"))
    q.set_defaults(func=sec.cmd_user_passwd)
    q = users.add_parser("remove", help=_("remove a user and re-key the data file"))
    q.add_argument("name")
    q.set_defaults(func=sec.cmd_user_remove)
    q = users.add_parser("list", help=_("list users"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=sec.cmd_user_list)

    p = sub.add_parser("audit", help=_("the audit trail"))
    audit = p.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    q = audit.add_parser("verify", help=_("check the hash chain of the audit trail"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=sec.cmd_audit_verify)

    p = sub.add_parser("encrypt", help=_("encrypt a data file made by an older version"))
    p.add_argument("--admin", default="admin", help=_("administrator's user name"))
    p.set_defaults(func=sec.cmd_encrypt)
