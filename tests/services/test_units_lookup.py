"""Finding a commune by typing: accents optional, đ as d, the province's name too."""

from __future__ import annotations

import time

import pytest

from xasach.services.units_lookup import (
    find_communes,
    find_shipped_communes,
    shipped_provinces,
    shipped_units,
)

HOAN_KIEM = "Phường Hoàn Kiếm — Thành phố Hà Nội (00070)"


@pytest.mark.parametrize("typed", ["hoan kiem", "Hoàn Kiếm", "HOAN KIEM", "hoàn kie", "00070"])
def test_the_shipped_list_finds_hoan_kiem_however_it_is_typed(typed):
    found = find_shipped_communes(typed, 5)
    assert found and found[0].label == HOAN_KIEM


def test_d_with_stroke_matches_d_both_ways():
    with_stroke = {c.code for c in find_shipped_communes("Đông Anh", 20)}
    without = {c.code for c in find_shipped_communes("dong anh", 20)}
    assert with_stroke and with_stroke == without
    assert any("Đông Anh" in c.name for c in find_shipped_communes("dong anh", 5))


def test_typed_accents_rank_the_exact_spelling_first():
    plain = find_shipped_communes("Ba Dinh", 10)
    assert {c.name for c in plain} >= {"Phường Ba Đình", "Xã Ba Dinh"}
    assert find_shipped_communes("Ba Đình", 10)[0].name.endswith("Ba Đình")
    assert find_shipped_communes("Ba Dinh", 10, province_code="51")[0].name == "Xã Ba Dinh"


def test_a_province_word_narrows_the_search():
    found = find_shipped_communes("ha noi hoan kiem", 10)
    assert [c.code for c in found] == ["00070"]
    assert all(c.province_code == "01" for c in find_shipped_communes("ha noi hoan", 10))


def test_a_province_filter_lists_its_communes_when_nothing_is_typed():
    communes = find_shipped_communes("", 500, province_code="01")
    assert len(communes) > 100 and all(c.province_code == "01" for c in communes)
    assert find_shipped_communes("", 10) == []


def test_the_shipped_list_has_34_provinces_and_3321_communes():
    assert len(shipped_provinces()) == 34
    assert sum(1 for u in shipped_units() if u.level == "commune") == 3321


def test_filtering_is_fast_enough_for_typing():
    shipped_units()
    start = time.perf_counter()
    for text in ("h", "ho", "hoa", "hoan", "hoan k", "hoan ki", "hoan kie", "hoan kiem"):
        find_shipped_communes(text, 50)
    assert (time.perf_counter() - start) / 8 < 0.1


def test_the_database_list_answers_the_same(db):
    with db.reader() as s:
        found = find_communes(s, "hoan kiem", 5)
        stroke = {c.code for c in find_communes(s, "Đông Anh", 20)}
        plain = {c.code for c in find_communes(s, "dong anh", 20)}
    assert found[0].label == HOAN_KIEM
    assert stroke and stroke == plain
    assert [c.code for c in find_communes(db.engine, "HOAN KIEM", 5)][:1] == ["00070"]


def test_percent_and_underscore_are_not_wildcards(db):
    with db.reader() as s:
        assert find_communes(s, "%", 5) == []
        assert find_communes(s, "_", 5) == []
