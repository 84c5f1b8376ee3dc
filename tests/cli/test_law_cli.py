"""`due`, `classify`, `targets`, `figures` and `rules` from the command line agree with the
services the screens use."""

from __future__ import annotations

import json
from datetime import date

import pytest

from xasach.cli import main
from xasach.demo import generate_demo
from xasach.domain.periods import Period
from xasach.services.auth import login
from xasach.services.classification import classify
from xasach.services.due import list_due
from xasach.services.targets import evaluate_targets

from conftest import ADMIN, PASSWORD


@pytest.fixture(autouse=True)
def _password(monkeypatch):
    monkeypatch.setenv("XASACH_PASSWORD", PASSWORD)
    monkeypatch.delenv("XASACH_USER", raising=False)


@pytest.fixture
def demo_path(db, db_path):
    generate_demo(db, persons=60, hotspots=6, activities=30, seed=5)
    db.close()
    return db_path


def run(capsys, db_path, *argv):
    code = main(["--db", str(db_path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_due_json_matches_the_service(capsys, demo_path):
    code, out, _ = run(capsys, demo_path, "due", "--within", "60", "--json")
    assert code == 0
    db = login(demo_path, ADMIN, PASSWORD)
    try:
        with db.reader() as s:
            items = list_due(s, within_days=60)
    finally:
        db.close()
    got = json.loads(out)
    assert [(d["person_id"], d["kind"], d["due"]) for d in got] == [
        (i.person_id, i.kind.value, i.due.isoformat()) for i in items
    ]
    code, text, _ = run(capsys, demo_path, "due", "--within", "60")
    assert code == 0 and str(len(items)) in text.splitlines()[0]


def test_classify_json_matches_the_service(capsys, demo_path):
    year = str(date.today().year)
    code, out, _ = run(capsys, demo_path, "classify", "--period", year, "--json")
    assert code == 0
    (doc,) = json.loads(out)
    db = login(demo_path, ADMIN, PASSWORD)
    try:
        with db.reader() as s:
            c = classify(s, Period.parse(year))
    finally:
        db.close()
    assert doc["result"] == c.result
    assert [k["met"] for k in doc["criteria"]] == [k.met for k in c.criteria]
    assert all(k["verified"] in ("V", "P", "NV") for k in doc["criteria"])


def test_figures_then_classify_shows_none_missing(capsys, demo_path):
    args = ["--population", "5000", "--arrests", "1", "--plants", "0", "--area", "0"]
    code, _, _ = run(capsys, demo_path, "figures", "--period", "2026-Q3", *args, "--route", "no")
    assert code == 0
    code, out, _ = run(capsys, demo_path, "classify", "--period", "2026-Q3", "--json")
    assert json.loads(out)[0]["missing"] == []


def test_targets_json_matches_the_service(capsys, demo_path):
    code, out, _ = run(capsys, demo_path, "targets", "--json")
    assert code == 0
    db = login(demo_path, ADMIN, PASSWORD)
    try:
        with db.reader() as s:
            results = evaluate_targets(s, Period.parse(str(date.today().year)))
    finally:
        db.close()
    assert [(r["key"], r["met"]) for r in json.loads(out)] == [(r.key, r.met) for r in results]


def test_rules_show_and_export(capsys, demo_path, tmp_path):
    code, out, _ = run(capsys, demo_path, "rules", "show", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["version"] and doc["targets"]["targets"]
    target = tmp_path / "rules.json"
    code, _, _ = run(capsys, demo_path, "rules", "export", str(target))
    assert code == 0 and json.loads(target.read_text(encoding="utf-8"))["rules"]


def test_a_commune_cannot_import_a_plain_rules_file(capsys, demo_path, tmp_path):
    target = tmp_path / "rules.json"
    run(capsys, demo_path, "rules", "export", str(target))
    code, _, err = run(capsys, demo_path, "rules", "import", str(target))
    assert code == 1 and len(err.strip().splitlines()) == 1


def test_bad_period_is_refused_on_one_line(capsys, demo_path):
    code, _, err = run(capsys, demo_path, "classify", "--period", "2026-Q5")
    assert code == 1 and len(err.strip().splitlines()) == 1
