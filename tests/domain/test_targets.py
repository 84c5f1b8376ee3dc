"""Plan targets: shares, counts with a ceiling, growth against a year earlier; no data is
never "met"; the shipped defaults come from seeds 002 and 004."""

import json

import pytest

from xasach.domain.errors import DomainError
from xasach.domain.targets import (
    AT_MOST,
    COUNT,
    TargetSpec,
    count_result,
    growth_result,
    plan_from_dict,
    share_result,
)
from xasach.paths import resources_dir

SHARE = TargetSpec("services_reach", 80.0)


@pytest.mark.parametrize(
    ("part", "whole", "value", "met"),
    [(80, 100, 80.0, True), (79, 100, 79.0, False), (0, 0, None, None), (3, 3, 100.0, True)],
)
def test_share_targets(part, whole, value, met):
    r = share_result(SHARE, part, whole, "")
    assert (r.value, r.met, r.unit) == (value, met, "%")


def test_a_ceiling_target_is_met_at_or_below_it():
    spec = TargetSpec("no_new_hotspots", 0, COUNT, AT_MOST)
    assert count_result(spec, 0, "").met is True
    assert count_result(spec, 1, "").met is False
    assert count_result(spec, 1, "").required_text == "≤ 0"


@pytest.mark.parametrize(
    ("now", "before", "value", "met"),
    [(21, 20, 5.0, True), (20, 20, 0.0, False), (3, 0, None, True), (0, 0, None, None)],
)
def test_growth_against_a_year_earlier(now, before, value, met):
    r = growth_result(TargetSpec("hotspots_eliminated_growth", 5), now, before)
    assert (r.value, r.met) == (value, met)


def test_shipped_defaults_come_from_seeds_002_and_004():
    doc = json.loads((resources_dir() / "rules" / "targets.json").read_text(encoding="utf-8"))
    plan = plan_from_dict(doc)
    assert plan.spec("propaganda_monthly").target == 100
    assert plan.spec("hotspots_eliminated_growth").target == 5
    assert all(("seed 002" in t.source) or ("seed 004" in t.source) for t in plan.targets)


def test_a_plan_with_a_bad_target_is_refused():
    with pytest.raises(DomainError):
        plan_from_dict({"targets": [{"key": "x", "target": -1}]})
    with pytest.raises(DomainError):
        plan_from_dict({"targets": [{"key": "x", "target": 5, "unit": "kg"}]})


def test_with_target_changes_one_value():
    plan = plan_from_dict({"targets": [{"key": "services_reach", "target": 80}]})
    assert plan.with_target("services_reach", 90).spec("services_reach").target == 90
    with pytest.raises(DomainError):
        plan.with_target("unknown", 1)
