"""Classifying a commune (xếp loại địa bàn) per QĐ 28/2025/QĐ-TTg (24/08/2025).

Classes: trọng điểm loại I / II / III, không thuộc diện trọng điểm, and địa bàn không ma túy
(drug-free). Each class is a list of criteria over the period's figures, and a class is reached
when at least `classification.classN.criteria_needed` of its criteria are met. Every threshold
comes from the rule table with its source and verification level (DOMAIN.md): loại I is [V],
loại II [P], loại III and drug-free [NV] — the user sees which.

A figure that is not entered makes its criterion *unknown* (None), never "not met": when the
unknown criteria could still lift the commune into a class, the result is "undetermined" and
the missing figures are listed, so the officer knows what to enter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.numbers import format_decimal

from xasach.domain.periods import Period
from xasach.domain.rules import RuleSet
from xasach.i18n import N_, _, babel_locale

CLASS1, CLASS2, CLASS3 = "class1", "class2", "class3"
NOT_KEY, DRUG_FREE, UNDETERMINED = "not_key", "drug_free", "undetermined"
CLASSES = (CLASS1, CLASS2, CLASS3)

RESULT_LABELS: dict[str, str] = {
    CLASS1: N_("Key drug area, class I"),  # trọng điểm phức tạp về ma túy loại I
    CLASS2: N_("Key drug area, class II"),
    CLASS3: N_("Key drug area, class III"),
    NOT_KEY: N_("Not a key drug area"),  # không thuộc địa bàn trọng điểm
    DRUG_FREE: N_("Drug-free area"),  # địa bàn không ma túy
    UNDETERMINED: N_("Cannot be classified yet: figures missing"),
}
_ROMAN = {CLASS1: "I", CLASS2: "II", CLASS3: "III"}

#: Figures of a period, by name; the labels name them in the "missing" list.
FIGURE_LABELS: dict[str, str] = {
    "population": N_("resident population"),
    "users_with_files": N_("users and addicts with management files"),
    "harbouring_places": N_("places organising or harbouring drug use"),
    "offenders_arrested": N_("drug offenders arrested"),
    "plants_destroyed": N_("drug plants destroyed"),
    "area_destroyed_m2": N_("area of drug plants destroyed (m²)"),
    "on_trafficking_route": N_("on a drug trafficking route"),
}


def result_label(result: str) -> str:
    return _(RESULT_LABELS[result]) if result in RESULT_LABELS else result


@dataclass(frozen=True)
class Figures:
    """What the classification reads for one commune and period; None = not entered."""

    population: int | None = None
    users_with_files: int | None = None
    harbouring_places: int | None = None
    offenders_arrested: int | None = None
    plants_destroyed: int | None = None
    area_destroyed_m2: float | None = None
    on_trafficking_route: bool | None = None


@dataclass(frozen=True)
class Criterion:
    """One criterion: its measured value (a percentage of the population for ratios, a count
    otherwise), the threshold in words, whether it is met (None: a figure is missing), and the
    rule row's source and verification level ("V", "P", "NV")."""

    key: str
    label: str
    value: float | None
    threshold_text: str
    met: bool | None
    source: str
    verified: str


@dataclass(frozen=True)
class Classification:
    """The class of one commune for one period, with every criterion and what is missing."""

    period: Period
    unit_code: str
    result: str
    result_label: str
    criteria: tuple[Criterion, ...]
    missing: tuple[str, ...]

    def criteria_of(self, klass: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.key.startswith(klass + "."))


def _num(value: float) -> str:
    """In the chosen language's digits: 3.000 and 0,5 in Vietnamese."""
    return format_decimal(round(value, 3), format="#,##0.###", locale=babel_locale())


def _pct(ratio: float) -> str:
    return _num(ratio * 100) + "%"


def _ratio(count: int | None, population: int | None) -> float | None:
    if count is None or not population:
        return None
    return count / population


class _Builder:
    """Builds the criteria of one class from the rule table in force on `on`."""

    def __init__(self, rules: RuleSet, on: date, klass: str) -> None:
        self.rules, self.on, self.klass = rules, on, klass
        self.prefix = f"classification.{klass}"

    def has(self, name: str) -> bool:
        return f"{self.prefix}.{name}" in self.rules

    def rule(self, name: str) -> tuple[float, str, str]:
        r = self.rules.rule(f"{self.prefix}.{name}", self.on)
        return r.value, r.source, r.verified

    def label(self, letter: str, text: str) -> str:
        return f"{_ROMAN[self.klass]}.{letter} — {text}"

    def ratio(self, letter: str, name: str, text: str, value: float | None) -> Criterion:
        threshold, source, verified = self.rule(name)
        return Criterion(
            key=f"{self.klass}.{name}",
            label=self.label(letter, text),
            value=None if value is None else value * 100,
            threshold_text=_("≥ {t} of the population").format(t=_pct(threshold)),
            met=None if value is None else value >= threshold,
            source=source,
            verified=verified,
        )

    def count(self, letter: str, name: str, text: str, value: float | None) -> Criterion:
        threshold, source, verified = self.rule(name)
        return Criterion(
            key=f"{self.klass}.{name}",
            label=self.label(letter, text),
            value=value,
            threshold_text=_("≥ {t}").format(t=_num(threshold)),
            met=None if value is None else value >= threshold,
            source=source,
            verified=verified,
        )

    def plants(self, letter: str, figures: Figures) -> Criterion:
        plants_min, source, verified = self.rule("plants_min")
        area_min, _s, area_verified = self.rule("area_m2_min")
        plants, area = figures.plants_destroyed, figures.area_destroyed_m2
        checks = [
            plants >= plants_min if plants is not None else None,
            area >= area_min if area is not None else None,
        ]
        met = True if True in checks else (None if None in checks else False)
        text = _("≥ {plants} plants or ≥ {area} m²").format(
            plants=_num(plants_min), area=_num(area_min)
        )
        if area is not None:
            text += " " + _("(area destroyed: {area} m²)").format(area=_num(area))
        return Criterion(
            key=f"{self.klass}.plants",
            label=self.label(letter, _("Drug plants destroyed")),
            value=float(plants) if plants is not None else None,
            threshold_text=text,
            met=met,
            source=source,
            verified=verified if verified == area_verified else "P",
        )


def class_criteria(rules: RuleSet, on: date, klass: str, figures: Figures) -> list[Criterion]:
    """Criteria (a)–(d) of one class; a class may leave a criterion out of the rule table."""
    b = _Builder(rules, on, klass)
    out: list[Criterion] = []
    if b.has("users_with_files_ratio"):
        out.append(
            b.ratio(
                "a",
                "users_with_files_ratio",
                _("Users and addicts with management files"),
                _ratio(figures.users_with_files, figures.population),
            )
        )
    if b.has("hotspots_min"):
        places = figures.harbouring_places
        out.append(
            b.count(
                "b",
                "hotspots_min",
                _("Places organising or harbouring drug use"),
                None if places is None else float(places),
            )
        )
    if b.has("arrests_ratio"):
        out.append(
            b.ratio(
                "c",
                "arrests_ratio",
                _("Drug offenders arrested"),
                _ratio(figures.offenders_arrested, figures.population),
            )
        )
    if b.has("plants_min") and b.has("area_m2_min"):
        out.append(b.plants("d", figures))
    return out


def _tally(criteria: list[Criterion]) -> tuple[int, int]:
    met = sum(1 for c in criteria if c.met is True)
    return met, sum(1 for c in criteria if c.met is None)


def _route_criterion(
    rules: RuleSet, on: date, figures: Figures, class3: list[Criterion]
) -> Criterion:
    """Loại I (đ): at least N loại-III criteria and on an inter-/intra-province route."""
    r = rules.rule("classification.class1.route_class3_criteria", on)
    met3, unknown3 = _tally(class3)
    route = figures.on_trafficking_route
    enough: bool | None = (
        True if met3 >= r.value else (None if met3 + unknown3 >= r.value else False)
    )
    met: bool | None
    if route is False or enough is False:
        met = False
    elif route is None or enough is None:
        met = None
    else:
        met = True
    verified = "V" if all(c.verified == "V" for c in class3) and r.verified == "V" else "NV"
    return Criterion(
        key="class1.route",
        label="I.đ — " + _("On a trafficking route, with class III criteria"),
        value=float(met3),
        threshold_text=_("≥ {n} class III criteria and on a route").format(n=_num(r.value)),
        met=met,
        source=r.source,
        verified=verified,
    )


def missing_figures(figures: Figures) -> tuple[str, ...]:
    """Names (translated) of the figures not entered."""
    return tuple(
        _(label) for name, label in FIGURE_LABELS.items() if getattr(figures, name) is None
    )


def _drug_free(rules: RuleSet, on: date, figures: Figures) -> bool | None:
    """Drug-free [NV]: no count above the `classification.drug_free.*_max` limits."""
    checks = {
        "users_max": figures.users_with_files,
        "hotspots_max": figures.harbouring_places,
        "arrests_max": figures.offenders_arrested,
        "plants_max": figures.plants_destroyed,
    }
    verdicts: list[bool | None] = []
    for name, value in checks.items():
        key = f"classification.drug_free.{name}"
        if key not in rules:
            continue
        verdicts.append(None if value is None else value <= rules.value(key, on))
    if not verdicts or False in verdicts:
        return False
    return None if None in verdicts else True


def classify_figures(
    rules: RuleSet, period: Period, unit_code: str, figures: Figures
) -> Classification:
    """The class of a commune for `period`, by the rule table in force on the period's end."""
    on = period.end
    by_class = {k: class_criteria(rules, on, k, figures) for k in CLASSES}
    if "classification.class1.route_class3_criteria" in rules:
        by_class[CLASS1].append(_route_criterion(rules, on, figures, by_class[CLASS3]))
    criteria = tuple(c for k in CLASSES for c in by_class[k])
    result: str | None = None
    for klass in CLASSES:
        key = f"classification.{klass}.criteria_needed"
        if key not in rules or not by_class[klass]:
            continue
        needed = rules.value(key, on)
        met, unknown = _tally(by_class[klass])
        if met >= needed:
            result = klass
            break
        if met + unknown >= needed:
            result = UNDETERMINED
            break
    if result is None:
        free = _drug_free(rules, on, figures)
        result = DRUG_FREE if free else (UNDETERMINED if free is None else NOT_KEY)
    return Classification(
        period=period,
        unit_code=unit_code,
        result=result,
        result_label=result_label(result),
        criteria=criteria,
        missing=missing_figures(figures),
    )
