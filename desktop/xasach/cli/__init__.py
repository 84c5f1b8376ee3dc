"""Command line: every headless job, calling the same services as the GUI.

Exit status: 0 done, 1 refused (bad input, wrong password, damaged file … one line on
stderr), 2 usage error. With no command, the desktop app starts.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from xasach.cli.common import EXIT_REFUSED, RefusedError
from xasach.cli.parser import build_parser
from xasach.domain.errors import DomainError
from xasach.i18n import _, set_language
from xasach.paths import default_db_path
from xasach.store.errors import StoreError

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_peek_lang(argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    set_language(args.lang)
    args.db = Path(args.db) if args.db else default_db_path()
    func: Callable[..., int] | None = getattr(args, "func", None)
    if func is None:
        from xasach.ui.app import run_app

        return run_app(args.db, args.lang)
    try:
        return func(args)
    except (DomainError, StoreError, RefusedError) as exc:
        message = getattr(exc, "message", None) or str(exc)
        print(_("Error: {message}").format(message=message), file=sys.stderr)
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
