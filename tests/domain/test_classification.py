"""Classification per QĐ 28/2025/QĐ-TTg: loại I with every combination of 3 criteria, missing
figures making the result undetermined (never "not met"), and thresholds read from the table."""

import json
from dataclasses import replace
from datetime import date
from itertools import combinations

import pytest

from xasach.domain.classification import (
    CLASS1,
    CLASS2,
    DRUG_FREE,
    FIGURE_LABELS,
    NOT_KEY,
    UNDETERMINED,
    Figures,
    classify_figures,
)
from xasach.domain.periods import Period
from xasach.domain.rules import Rule, RuleSet, rules_from_rows
from xasach.i18n import _
from xasach.paths import resources_dir

PERIOD = Period.parse("2026")
POPULATION = 10_000


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    doc = json.loads((resources_dir() / "rules" / "rules.json").read_text(encoding="utf-8"))
    return RuleSet(rules_from_rows(doc["rules"]), doc["name"], doc["version"])


#: A commune meeting no criterion of any class, every figure entered.
QUIET = Figures(
    population=POPULATION,
    users_with_files=5,  # 0.05%
    harbouring_places=0,
    offenders_arrested=1,  # 0.01%
    plants_destroyed=0,
    area_destroyed_m2=0.0,
    on_trafficking_route=False,
)
#: Each loại-I criterion met on its own (route: two loại-III criteria and on a route).
MEETS = {
    "a": {"users_with_files": 50},  # 0.5%
    "b": {"harbouring_places": 2},
    "c": {"offenders_arrested": 10},  # 0.1%
    "d": {"plants_destroyed": 3000},
    "route": {"on_trafficking_route": True},
}
#: The route criterion (đ) also needs two loại-III criteria: users 0.1% and arrests 0.02%.
CLASS3_PAIR = {"users_with_files": 10, "offenders_arrested": 2}


def figures(*names: str) -> Figures:
    values: dict = {}
    if "route" in names:
        values.update(CLASS3_PAIR)
    for name in names:
        values.update(MEETS[name])
    return replace(QUIET, **values)


def met_class1(c) -> set[str]:
    return {k.key for k in c.criteria_of(CLASS1) if k.met}


@pytest.mark.parametrize("three", list(combinations(sorted(MEETS), 3)), ids="+".join)
def test_any_three_criteria_make_class_one(rules, three):
    c = classify_figures(rules, PERIOD, "00070", figures(*three))
    assert c.result == CLASS1
    assert len(met_class1(c)) >= 3
    assert c.missing == ()


@pytest.mark.parametrize("two", list(combinations(sorted(MEETS), 2)), ids="+".join)
def test_two_class_one_criteria_are_not_enough(rules, two):
    c = classify_figures(rules, PERIOD, "00070", figures(*two))
    assert c.result != CLASS1
    assert len(met_class1(c)) == 2


def test_thresholds_are_inclusive_and_just_below_is_not_met(rules):
    at = classify_figures(rules, PERIOD, "00070", figures("a"))
    below = classify_figures(rules, PERIOD, "00070", replace(QUIET, users_with_files=49))
    key = "class1.users_with_files_ratio"
    assert next(k for k in at.criteria if k.key == key).met is True
    assert next(k for k in below.criteria if k.key == key).met is False


def test_area_alone_meets_the_plants_criterion(rules):
    c = classify_figures(rules, PERIOD, "00070", replace(QUIET, area_destroyed_m2=750.0))
    assert next(k for k in c.criteria if k.key == "class1.plants").met is True


def test_route_without_class_three_criteria_is_not_met(rules):
    c = classify_figures(rules, PERIOD, "00070", replace(QUIET, on_trafficking_route=True))
    assert next(k for k in c.criteria if k.key == "class1.route").met is False


def test_missing_population_leaves_the_ratios_unknown_and_the_class_undetermined(rules):
    data = replace(figures("b", "d"), population=None)
    c = classify_figures(rules, PERIOD, "00070", data)
    ratios = [k for k in c.criteria if k.key.endswith("_ratio")]
    assert ratios and all(k.met is None and k.value is None for k in ratios)
    assert c.result == UNDETERMINED
    assert c.missing == (_(FIGURE_LABELS["population"]),)


def test_missing_figures_do_not_block_a_class_already_reached(rules):
    data = replace(figures("a", "b", "c"), plants_destroyed=None, area_destroyed_m2=None)
    c = classify_figures(rules, PERIOD, "00070", data)
    assert c.result == CLASS1
    assert set(c.missing) == {
        _(FIGURE_LABELS[n]) for n in ("plants_destroyed", "area_destroyed_m2")
    }


def test_nothing_entered_is_undetermined_with_every_figure_missing(rules):
    c = classify_figures(rules, PERIOD, "00070", Figures(users_with_files=0, harbouring_places=0))
    assert c.result == UNDETERMINED
    assert _(FIGURE_LABELS["population"]) in c.missing
    assert _(FIGURE_LABELS["offenders_arrested"]) in c.missing


def test_class_two_with_three_of_its_criteria(rules):
    data = replace(QUIET, users_with_files=30, harbouring_places=1, offenders_arrested=5)
    assert classify_figures(rules, PERIOD, "00070", data).result == CLASS2


def test_drug_free_when_every_count_is_zero(rules):
    data = replace(QUIET, users_with_files=0, offenders_arrested=0)
    assert classify_figures(rules, PERIOD, "00070", data).result == DRUG_FREE
    assert classify_figures(rules, PERIOD, "00070", QUIET).result == NOT_KEY


def test_each_criterion_carries_its_source_and_verification(rules):
    c = classify_figures(rules, PERIOD, "00070", QUIET)
    first = next(k for k in c.criteria if k.key == "class1.hotspots_min")
    assert first.verified == "V" and "28/2025" in first.source
    assert {k.verified for k in c.criteria_of(CLASS2)} <= {"P", "NV"}


def test_a_changed_threshold_changes_the_result_without_code(rules):
    data = figures("a", "b")  # two criteria: not loại I
    assert classify_figures(rules, PERIOD, "00070", data).result != CLASS1
    lower = RuleSet(
        [
            *rules.all(),
            Rule("classification.class1.criteria_needed", 2, "count", "test", date(2026, 1, 1)),
        ]
    )
    assert classify_figures(lower, PERIOD, "00070", data).result == CLASS1
