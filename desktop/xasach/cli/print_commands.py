"""`print --list` and `print FORM --out FILE.pdf [--person ID] [--period P]`: the same service
as the Reports screen (services.printing)."""

from __future__ import annotations

import argparse
from pathlib import Path

from xasach.cli.common import EXIT_OK, RefusedError, open_db
from xasach.i18n import _


def add_print_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `print` (called by cli.parser.build_parser)."""
    p = sub.add_parser("print", help=_("print an official form or report to a PDF"))
    p.add_argument("form", nargs="?", metavar="FORM", help=_("form name (see --list)"))
    p.add_argument("--list", action="store_true", help=_("list the forms, one per line"))
    p.add_argument("--out", type=Path, metavar="FILE.pdf", help=_("PDF file to write"))
    p.add_argument("--person", metavar="ID", help=_("the person's id (from “xasach search”)"))
    p.add_argument("--period", metavar="P", help=_("period: 2026, 2026-H1, 2026-Q3 or 2026-10"))
    p.add_argument(
        "--mark", metavar="MARK", help=_("confidentiality mark: MẬT, TỐI MẬT or TUYỆT MẬT")
    )
    p.set_defaults(func=cmd_print)


def cmd_print(args: argparse.Namespace) -> int:
    from xasach.domain.periods import Period
    from xasach.services.printing import available_forms, print_form

    if not args.list and not args.form:
        raise RefusedError(_("Name a form, or list them with “xasach print --list”."))
    if not args.list and args.out is None:
        raise RefusedError(_("Say where to write the PDF: --out FILE.pdf."))
    period = Period.parse(args.period) if args.period else None
    db = open_db(args)
    try:
        if args.list:
            with db.reader() as session:
                for form in available_forms(session):
                    print(f"{form.name}\t{form.title}")
            return EXIT_OK
        with db.session() as session:
            result = print_form(
                session,
                args.form,
                args.out,
                person_id=args.person,
                period=period,
                confidential=args.mark,
            )
    finally:
        db.close()
    print(
        _("Printed {path}: {pages} pages.").format(path=result.path, pages=result.pages)
        + (" " + _("Number: {number}.").format(number=result.document_number)
           if result.document_number else "")
    )  # fmt: skip
    return EXIT_OK
