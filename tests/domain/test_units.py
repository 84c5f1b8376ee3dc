import json

import pytest

from xasach.domain.errors import DomainError
from xasach.domain.units import parse_units
from xasach.paths import resources_dir


def test_shipped_list_has_34_provinces_and_3321_communes():
    rows = parse_units((resources_dir() / "units" / "units.csv").read_bytes(), "units.csv")
    assert sum(r.level == "province" for r in rows) == 34
    assert sum(r.level == "commune" for r in rows) == 3321
    assert all(len(r.code) == 5 for r in rows if r.level == "commune")
    names = {r.code: r.name for r in rows}
    assert names["00070"] == "Phường Hoàn Kiếm"
    assert names["75"] == "Thành phố Đồng Nai"  # corrections.csv: a city since 30/04/2026


def test_nested_json_of_the_maintained_package_is_accepted():
    doc = [
        {"code": 1, "name": "Thành phố Hà Nội", "wards": [{"code": 70, "name": "Phường Hoàn Kiếm"}]}
    ]
    rows = parse_units(json.dumps(doc).encode(), "divisions.json")
    assert [(r.code, r.parent_code) for r in rows] == [("01", None), ("00070", "01")]


@pytest.mark.parametrize(
    "csv_text",
    [
        "code,level,name,parent_code\n123,commune,Xã A,01\n",
        "code,level,name,parent_code\n01,province,,\n",
        "code,level,name,parent_code\n00070,commune,Xã A,\n",
        "code,level,name,parent_code\n01,province,A,\n01,province,B,\n",
        "code,name\n01,A\n",
        "code,level,name,parent_code\n",
    ],
)
def test_bad_unit_lists_are_refused_whole(csv_text):
    with pytest.raises(DomainError):
        parse_units(csv_text.encode(), "units.csv")
