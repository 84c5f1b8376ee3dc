from datetime import date

import pytest

from xasach.domain.episodes import (
    STATUS_NONE,
    EpisodeSpan,
    EpisodeType,
    derive_status,
    validate_episode_dates,
)
from xasach.domain.errors import DomainError

TODAY = date(2026, 11, 23)


def span(kind, start, end=None):
    return EpisodeSpan(kind, start, end)


def test_no_episodes_means_not_under_management():
    assert derive_status([], TODAY) == STATUS_NONE


def test_closed_episodes_do_not_count():
    spans = [span(EpisodeType.ILLEGAL_USE_MANAGEMENT, date(2024, 1, 1), date(2025, 1, 1))]
    assert derive_status(spans, TODAY) == STATUS_NONE


def test_the_weightiest_open_episode_decides():
    spans = [
        span(EpisodeType.SUBSTITUTION_THERAPY, date(2025, 1, 1)),
        span(EpisodeType.POST_REHAB, date(2026, 1, 1)),
    ]
    assert derive_status(spans, TODAY) == EpisodeType.SUBSTITUTION_THERAPY
    spans.append(span(EpisodeType.COMPULSORY_REHAB, date(2026, 6, 1)))
    assert derive_status(spans, TODAY) == EpisodeType.COMPULSORY_REHAB


def test_history_is_kept_and_status_follows_the_latest():
    spans = [
        span(EpisodeType.ILLEGAL_USE_MANAGEMENT, date(2024, 1, 1), date(2024, 6, 1)),
        span(EpisodeType.COMPULSORY_REHAB, date(2024, 6, 1), date(2026, 6, 1)),
        span(EpisodeType.POST_REHAB, date(2026, 6, 1)),
    ]
    assert derive_status(spans, TODAY) == EpisodeType.POST_REHAB
    assert derive_status(spans, date(2025, 1, 1)) == EpisodeType.COMPULSORY_REHAB


def test_end_before_start_is_refused_on_the_end_field():
    with pytest.raises(DomainError) as err:
        validate_episode_dates(date(2026, 5, 1), None, date(2026, 4, 30), TODAY)
    assert err.value.field == "actual_end"


def test_start_in_the_future_is_refused():
    with pytest.raises(DomainError) as err:
        validate_episode_dates(date(2027, 1, 1), None, None, TODAY)
    assert err.value.field == "start_date"


def test_same_day_end_is_allowed():
    validate_episode_dates(date(2026, 5, 1), date(2026, 5, 1), date(2026, 5, 1), TODAY)
