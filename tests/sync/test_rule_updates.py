"""Rule updates travel down: the upper level edits a threshold and a target, writes a signed
update encrypted to its communes, and a commune applies it — only from its verified upper
level, only when newer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from xasach.domain.errors import DomainError
from xasach.domain.periods import Period
from xasach.services.classification import classify, set_period_figures
from xasach.services.rule_updates import (
    export_reference,
    import_reference,
    rule_set_info,
    update_rules,
)
from xasach.services.targets import load_plan
from xasach.store.models import SyncPeer
from xasach.sync.errors import SyncFileError
from xasach.sync.keys import OwnKeys
from xasach.sync.reference_format import seal_reference

from .conftest import UPPER_CODE

KEY = ("classification.class1.criteria_needed", date(2025, 8, 24))


def _edit(upper, version: str, value: float = 1) -> None:
    with upper.session() as s:
        plan = load_plan(s).with_target("services_reach", 80)
        update_rules(s, {KEY: value}, version=version, plan=plan)


def test_update_reaches_the_commune_and_changes_its_result(upper, commune, sync_dir):
    with commune.session() as s:
        # 12 people with files in 100 residents meet criterion (a) alone, whatever else.
        set_period_figures(s, Period.parse("2026"), population=100)
    with commune.reader() as s:
        before = rule_set_info(s)
        result_before = classify(s, Period.parse("2026"))
    _edit(upper, "2026.2")
    path, communes = export_reference(upper, sync_dir)
    assert communes == 2 and path.suffix == ".xsq"
    info = import_reference(commune, path)
    assert info.version == "2026.2" and info.received_from == UPPER_CODE
    assert info.version != before.version
    rule = next(r for r in info.rules if (r.key, r.effective_from) == KEY)
    assert rule.value == 1
    assert info.plan.spec("services_reach").target == 80
    with commune.reader() as s:
        result_after = classify(s, Period.parse("2026"))
    assert result_before.result != "class1"
    assert [k.met for k in result_after.criteria] == [k.met for k in result_before.criteria]
    assert result_after.result == "class1"  # the same figures: one criterion now suffices


def test_an_older_or_replayed_update_is_refused(upper, commune, sync_dir):
    _edit(upper, "2026.10")
    newer, _n = export_reference(upper, sync_dir / "a.xsq")
    import_reference(commune, newer)
    with pytest.raises(DomainError, match=r"2026\.10"):
        import_reference(commune, newer)  # replayed
    _edit(upper, "2026.11")
    with pytest.raises(DomainError, match="không mới hơn phiên bản"):
        _edit(upper, "2026.9")  # 2026.9 < 2026.11: numbers compare as numbers


def test_update_signed_by_another_key_is_refused(upper, commune, sync_dir, sync_templates):
    with upper.reader() as s:
        from xasach.services.rule_updates import reference_document

        doc = {**reference_document(s), "version": "2099.1"}
        recipients = [p.age_recipient for p in s.query(SyncPeer).all()]
    forged = seal_reference(
        OwnKeys.generate(), sender_unit=UPPER_CODE, recipients=recipients,
        document=doc, created_at="2026-11-23T00:00:00",
    )  # fmt: skip
    path = sync_dir / "forged.xsq"
    path.write_bytes(forged)
    with pytest.raises(SyncFileError, match="không phải khóa của cấp trên mà xã đã nhập"):
        import_reference(commune, path)
    with commune.reader() as s:
        assert rule_set_info(s).version != "2099.1"


def test_update_from_an_unverified_upper_key_is_refused(upper, commune, sync_dir):
    _edit(upper, "2026.3")
    path, _n = export_reference(upper, sync_dir)
    with commune.session() as s:
        for peer in s.query(SyncPeer).all():
            peer.verified_at = None
    with pytest.raises(SyncFileError, match="chưa được xác minh"):
        import_reference(commune, path)


def test_damaged_update_is_refused(upper, commune, sync_dir):
    _edit(upper, "2026.4")
    path, _n = export_reference(upper, sync_dir)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    bad = sync_dir / "bad.xsq"
    bad.write_bytes(bytes(data))
    with pytest.raises(SyncFileError):
        import_reference(commune, bad)
    with pytest.raises(SyncFileError):
        import_reference(commune, Path(__file__))  # not an update at all


def test_the_upper_level_does_not_import_a_commune_update(upper, sync_dir):
    _edit(upper, "2026.5")
    path, _n = export_reference(upper, sync_dir)
    with pytest.raises(DomainError):
        import_reference(upper, path)
