import json
from datetime import date

import pytest

from xasach.domain.episodes import EpisodeType
from xasach.domain.errors import DomainError
from xasach.domain.rules import Rule, RuleSet, add_months, planned_end, rules_from_rows
from xasach.paths import resources_dir


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    doc = json.loads((resources_dir() / "rules" / "rules.json").read_text(encoding="utf-8"))
    return RuleSet(rules_from_rows(doc["rules"]), doc["name"], doc["version"])


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 1, 5), 12, date(2027, 1, 5)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # no 29 Feb: last day of the month
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # leap year
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_add_months_ends_on_the_corresponding_day(start, months, end):
    assert add_months(start, months) == end


def test_illegal_use_management_lasts_one_year(rules):
    assert planned_end(rules, EpisodeType.ILLEGAL_USE_MANAGEMENT, date(2026, 3, 1)) == date(
        2027, 3, 1
    )


def test_post_rehab_is_two_years_after_adult_compulsory_rehab(rules):
    start = date(2026, 1, 10)
    assert planned_end(rules, EpisodeType.POST_REHAB, start) == date(2027, 1, 10)
    assert planned_end(
        rules, EpisodeType.POST_REHAB, start, after=EpisodeType.COMPULSORY_REHAB
    ) == date(2028, 1, 10)
    assert planned_end(
        rules, EpisodeType.POST_REHAB, start, after=EpisodeType.VOLUNTARY_REHAB_COMMUNITY
    ) == date(2027, 1, 10)


def test_voluntary_rehab_duration_within_6_to_12_months(rules):
    start = date(2026, 5, 1)
    assert planned_end(rules, EpisodeType.VOLUNTARY_REHAB_COMMUNITY, start) == date(2026, 11, 1)
    assert planned_end(rules, EpisodeType.VOLUNTARY_REHAB_FACILITY, start, months=12) == date(
        2027, 5, 1
    )
    with pytest.raises(DomainError) as err:
        planned_end(rules, EpisodeType.VOLUNTARY_REHAB_COMMUNITY, start, months=13)
    assert err.value.field == "duration_months"


def test_open_ended_episodes_have_no_planned_end(rules):
    for kind in (
        EpisodeType.SUBSTITUTION_THERAPY,
        EpisodeType.PSYCHOSIS_FOLLOWUP,
        EpisodeType.RELEASED_PRISONER_FOLLOWUP,
        EpisodeType.ADDICTION_ASSESSMENT,
    ):
        assert planned_end(rules, kind, date(2026, 1, 1)) is None


def test_the_rule_in_force_on_the_day_wins():
    rules = RuleSet(
        [
            Rule(
                "episode.illegal_use_management.months", 12, "months", "old law", date(2022, 1, 1)
            ),
            Rule("episode.illegal_use_management.months", 6, "months", "new law", date(2026, 7, 1)),
        ]
    )
    kind = EpisodeType.ILLEGAL_USE_MANAGEMENT
    assert planned_end(rules, kind, date(2026, 6, 30)) == date(2027, 6, 30)
    assert planned_end(rules, kind, date(2026, 7, 1)) == date(2027, 1, 1)


def test_changing_the_table_changes_the_result_without_code():
    rows = [
        {
            "key": "episode.illegal_use_management.months",
            "value": 18,
            "source": "test",
            "effective_from": "2020-01-01",
        }
    ]
    rules = RuleSet(rules_from_rows(rows))
    assert planned_end(rules, EpisodeType.ILLEGAL_USE_MANAGEMENT, date(2026, 1, 1)) == date(
        2027, 7, 1
    )


def test_every_shipped_rule_has_source_and_verification(rules):
    for rule in rules.all():
        assert rule.source and rule.verified in ("V", "P", "NV"), rule.key


def test_bad_rule_rows_are_refused():
    with pytest.raises(DomainError):
        rules_from_rows(
            [{"key": "x", "value": "abc", "source": "s", "effective_from": "2026-01-01"}]
        )
    with pytest.raises(DomainError):
        rules_from_rows([{"key": "x", "value": 1, "source": "s"}])


def test_missing_rule_says_so():
    with pytest.raises(DomainError):
        RuleSet([]).value("nope", date(2026, 1, 1))
