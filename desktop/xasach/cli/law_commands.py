"""`due`, `classify`, `targets` and `rules …`: the law computed, from the command line — the
same services as the Overview's panels and the rules box in Settings."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from xasach.cli.common import EXIT_OK, open_db, print_json
from xasach.i18n import _


def _days(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(_("must not be negative"))
    return number


def add_law_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `due`, `classify`, `targets` and `rules` (called by cli.parser.build_parser)."""
    from xasach.domain.deadlines import DEFAULT_WITHIN_DAYS

    p = sub.add_parser("due", help=_("deadlines due soon or overdue"))
    p.add_argument(
        "--within", type=_days, default=DEFAULT_WITHIN_DAYS, metavar="DAYS",
        help=_("days ahead to look (overdue ones are always listed)"),
    )  # fmt: skip
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_due)

    p = sub.add_parser("classify", help=_("classify the commune (QĐ 28/2025/QĐ-TTg)"))
    p.add_argument("--period", metavar="P", help=_("2026, 2026-H1, 2026-Q3 or 2026-10"))
    p.add_argument("--commune", metavar="CODE", help=_("upper level: one commune only"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_classify)

    p = sub.add_parser("targets", help=_("plan targets: value, target, met or not"))
    p.add_argument("--period", metavar="P", help=_("2026, 2026-H1, 2026-Q3 or 2026-10"))
    p.add_argument("--commune", metavar="CODE", help=_("upper level: the commune"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_targets)

    p = sub.add_parser("figures", help=_("enter a period's figures (population, arrests …)"))
    p.add_argument("--period", metavar="P", required=True)
    p.add_argument("--population", type=_days)
    p.add_argument("--arrests", type=_days, help=_("drug offenders arrested"))
    p.add_argument("--plants", type=_days, help=_("drug plants destroyed"))
    p.add_argument("--area", type=float, metavar="M2", help=_("area destroyed, m²"))
    p.add_argument("--route", choices=("yes", "no"), help=_("on a trafficking route"))
    p.set_defaults(func=cmd_figures)

    p = sub.add_parser("rules", help=_("the rule table and plan targets"))
    rules = p.add_subparsers(dest="rules_command", required=True, metavar="ACTION")
    q = rules.add_parser("show", help=_("rule set, version and every rule"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_rules_show)
    q = rules.add_parser("export", help=_("write the rules and targets as JSON"))
    q.add_argument("file", type=Path)
    q.set_defaults(func=cmd_rules_export)
    q = rules.add_parser(
        "import",
        help=_("commune: apply the upper level's rule update (.xsq); upper level: a JSON file"),
    )
    q.add_argument("file", type=Path)
    q.set_defaults(func=cmd_rules_import)
    q = rules.add_parser("send", help=_("upper level: write the signed rule update for communes"))
    q.add_argument("--out", type=Path, required=True, metavar="DIR")
    q.set_defaults(func=cmd_rules_send)


def _period(text: str | None) -> Any:
    from xasach.domain.periods import Period
    from xasach.services.classification import default_period

    return Period.parse(text) if text else default_period()


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text}%" if unit == "%" else text


def cmd_due(args: argparse.Namespace) -> int:
    from xasach.services.due import list_due

    db = open_db(args)
    try:
        with db.reader() as s:
            items = list_due(s, within_days=args.within)
    finally:
        db.close()
    if args.json:
        print_json(
            [
                {
                    "kind": i.kind.value,
                    "label": i.label,
                    "person_id": i.person_id,
                    "person": i.person_name,
                    "due": i.due.isoformat(),
                    "since": i.since.isoformat(),
                    "days_left": i.days_left,
                    "overdue": i.overdue,
                    "episode_id": i.episode_id,
                }
                for i in items
            ]
        )
        return EXIT_OK
    overdue = sum(1 for i in items if i.overdue)
    print(
        _("{n} due within {days} days, {overdue} of them overdue").format(
            n=len(items), days=args.within, overdue=overdue
        )
    )
    for i in items:
        when = (
            _("{days} days overdue").format(days=-i.days_left)
            if i.overdue
            else _("in {days} days").format(days=i.days_left)
        )
        print(f"{i.due.strftime('%d/%m/%Y')}  {when:<18} {i.person_name:<28} {i.label}")
    return EXIT_OK


def _classification_doc(c: Any, names: dict[str, str]) -> dict[str, Any]:
    return {
        "unit_code": c.unit_code,
        "commune": names.get(c.unit_code, ""),
        "period": c.period.code,
        "result": c.result,
        "result_label": c.result_label,
        "missing": list(c.missing),
        "criteria": [
            {
                "key": k.key,
                "label": k.label,
                "value": k.value,
                "threshold": k.threshold_text,
                "met": k.met,
                "source": k.source,
                "verified": k.verified,
            }
            for k in c.criteria
        ],
    }


def _mark(met: bool | None) -> str:
    return {True: "✓", False: "✗", None: "?"}[met]


def cmd_classify(args: argparse.Namespace) -> int:
    from xasach.services.classification import classify, classify_all_communes, commune_names
    from xasach.services.setup import MODE_UPPER

    period = _period(args.period)
    db = open_db(args)
    try:
        with db.reader() as s:
            if db.setting("mode") == MODE_UPPER and not args.commune:
                found = classify_all_communes(s, period)
            else:
                found = [classify(s, period, unit_code=args.commune)]
            names = commune_names(s, [c.unit_code for c in found])
    finally:
        db.close()
    if args.json:
        print_json([_classification_doc(c, names) for c in found])
        return EXIT_OK
    if len(found) != 1:
        print(
            _("Classification of {n} communes, {period}").format(
                n=len(found), period=period.label()
            )
        )
        for c in found:
            name = names.get(c.unit_code, "")
            print(f"{c.unit_code}  {name:<32} {c.result_label}")
        return EXIT_OK
    c = found[0]
    print(f"{names.get(c.unit_code, c.unit_code)} — {period.label()}: {c.result_label}")
    for k in c.criteria:
        flag = "" if k.verified == "V" else f"  [{k.verified}]"
        value = _fmt(k.value, "%" if "ratio" in k.key else "")
        print(f"  {_mark(k.met)} {k.label}: {value} ({k.threshold_text}){flag}")
    if c.missing:
        print(_("Missing figures: {names}").format(names=", ".join(c.missing)))
    print(_("[P] partly verified, [NV] not verified: check these thresholds against the text."))
    return EXIT_OK


def cmd_targets(args: argparse.Namespace) -> int:
    from xasach.domain.targets import mark
    from xasach.services.targets import evaluate_targets

    period = _period(args.period)
    db = open_db(args)
    try:
        with db.reader() as s:
            results = evaluate_targets(s, period, unit_code=args.commune)
    finally:
        db.close()
    if args.json:
        print_json([{**r.__dict__, "period": period.code} for r in results])
        return EXIT_OK
    print(_("Plan targets, {period}").format(period=period.label()))
    for r in results:
        print(
            f"  {mark(r)} {r.label}: {_fmt(r.value, r.unit)} / {_fmt(r.target, r.unit)}"
            f" — {r.detail}"
        )
    return EXIT_OK


def cmd_figures(args: argparse.Namespace) -> int:
    from xasach.domain.periods import Period
    from xasach.services.classification import set_period_figures

    given = {
        "population": args.population,
        "offenders_arrested": args.arrests,
        "plants_destroyed": args.plants,
        "area_destroyed_m2": args.area,
        "on_trafficking_route": None if args.route is None else args.route == "yes",
    }
    values = {k: v for k, v in given.items() if v is not None}
    period = Period.parse(args.period)
    db = open_db(args)
    try:
        with db.session() as s:
            set_period_figures(s, period, **values)
    finally:
        db.close()
    print(_("Figures saved for {period}.").format(period=period.label()))
    return EXIT_OK


def cmd_rules_show(args: argparse.Namespace) -> int:
    from xasach.services.rule_updates import reference_document, rule_set_info

    db = open_db(args)
    try:
        with db.reader() as s:
            info = rule_set_info(s)
            doc = reference_document(s)
    finally:
        db.close()
    if args.json:
        print_json({**doc, "received_from": info.received_from, "received_at": info.received_at})
        return EXIT_OK
    print(_("Rule set: {name}, version {version}").format(name=info.name, version=info.version))
    if info.received_from:
        print(
            _("Received from the upper level {unit} on {day}").format(
                unit=info.received_from,
                day=date.fromisoformat(info.received_at).strftime("%d/%m/%Y"),
            )
        )
    for r in info.rules:
        print(
            f"  [{r.verified:>2}] {r.key} = {r.value:g} {r.unit}"
            f"  ({r.effective_from.strftime('%d/%m/%Y')}; {r.source})"
        )
    print(_("Plan targets: {name}").format(name=info.plan.name))
    for t in info.plan.targets:
        sign = "≤" if t.direction == "max" else "≥"
        print(f"  {t.key} {sign} {_fmt(t.target, t.unit)}  ({t.source})")
    return EXIT_OK


def cmd_rules_export(args: argparse.Namespace) -> int:
    from xasach.services.rule_updates import export_rules_json

    db = open_db(args)
    try:
        path = export_rules_json(db, args.file)
    finally:
        db.close()
    print(_("Rules and targets written: {path}").format(path=path))
    return EXIT_OK


def cmd_rules_import(args: argparse.Namespace) -> int:
    from xasach.services.rule_updates import import_reference, import_rules_json
    from xasach.services.setup import MODE_UPPER

    db = open_db(args)
    try:
        if db.setting("mode") == MODE_UPPER:
            name, version = import_rules_json(db, args.file)
        else:
            info = import_reference(db, args.file)
            name, version = info.name, info.version
    finally:
        db.close()
    print(_("Rule set in force: {name}, version {version}").format(name=name, version=version))
    return EXIT_OK


def cmd_rules_send(args: argparse.Namespace) -> int:
    from xasach.services.rule_updates import export_reference

    db = open_db(args)
    try:
        path, communes = export_reference(db, args.out)
    finally:
        db.close()
    print(_("Rule update written for {n} communes: {path}").format(n=communes, path=path))
    return EXIT_OK
