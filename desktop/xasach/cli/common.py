"""What every command shares: exit codes, opening the database as a user, JSON output."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from typing import Any

from xasach.i18n import _

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class RefusedError(Exception):
    """A command refuses to go on; the message is shown on one line."""


def ask_secret(prompt: str, env: str, *, confirm: bool = False) -> str:
    """A password from the environment (scripts) or the terminal (people), never an argument."""
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise RefusedError(
            _("No password given: type it at the prompt, or set {env} for scripts.").format(env=env)
        )
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Type it again: ")) != first:
        raise RefusedError(_("The two passwords differ. Nothing was changed."))
    return first


def username(args: argparse.Namespace) -> str:
    return args.user or os.environ.get("XASACH_USER") or "admin"


def open_db(args: argparse.Namespace) -> Any:
    """Log in as --user / XASACH_USER (default admin) with XASACH_PASSWORD or the prompt."""
    from xasach.services.auth import login

    user = username(args)
    password = ask_secret(_("Password for {user}: ").format(user=user), "XASACH_PASSWORD")
    return login(args.db, user, password)


def print_json(doc: Any) -> None:
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
