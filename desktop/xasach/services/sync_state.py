"""What a commune remembers between bundles: its epoch, the acknowledged sequence, the hash of
its last bundle; and the policy of fields that stay at the commune (data minimisation).

An **epoch** (kỳ đánh số) names one unbroken run of change-log sequence numbers. Restoring a
backup rewinds the log, so the restore starts a new epoch: the upper level then sees a new
run starting at 1 instead of numbers it already holds with other content.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from functools import cache

from sqlalchemy.orm import Session

from xasach.i18n import current_language
from xasach.paths import resources_dir
from xasach.services.stats import ACKED_SEQ_SETTING
from xasach.store.reference import get_setting, put_setting
from xasach.store.sync_records import SPECS

EPOCH_SETTING = "sync.epoch"
LAST_BUNDLE_HASH_SETTING = "sync.last_bundle_hash"
POLICY_FILE = "sync/stays_at_commune.json"


def current_epoch(session: Session) -> str:
    epoch = get_setting(session, EPOCH_SETTING)
    return epoch if epoch else start_new_epoch(session)


def start_new_epoch(session: Session) -> str:
    """Begin a new numbering run: nothing is acknowledged in it yet, so the next bundle carries
    every row again (safe: import is idempotent)."""
    epoch = str(uuid.uuid4())
    put_setting(session, EPOCH_SETTING, epoch)
    put_setting(session, ACKED_SEQ_SETTING, "0")
    put_setting(session, LAST_BUNDLE_HASH_SETTING, "")
    return epoch


def acked_seq(session: Session) -> int:
    return int(get_setting(session, ACKED_SEQ_SETTING) or 0)


@dataclass(frozen=True)
class WithheldField:
    """A field that stays at the commune (không gửi lên cấp trên)."""

    table: str
    column: str
    label_vi: str
    label_en: str
    why_vi: str
    why_en: str

    @property
    def label(self) -> str:
        """In the interface language (the policy file carries both; no catalog needed)."""
        return self.label_vi if current_language() == "vi" else self.label_en

    @property
    def why(self) -> str:
        return self.why_vi if current_language() == "vi" else self.why_en


@cache
def withheld_fields() -> tuple[WithheldField, ...]:
    """The shipped policy, checked against the schema (a typo must not leak a field)."""
    doc = json.loads((resources_dir() / POLICY_FILE).read_text(encoding="utf-8"))
    fields: list[WithheldField] = []
    for item in doc["fields"]:
        spec = SPECS.get(item["table"])
        column = spec.columns.get(item["column"]) if spec else None
        if column is None or column.default is None:
            raise ValueError(f"{POLICY_FILE}: {item['table']}.{item['column']} cannot be withheld")
        fields.append(
            WithheldField(
                item["table"],
                item["column"],
                item["label_vi"],
                item["label_en"],
                item["why_vi"],
                item["why"],
            )
        )
    return tuple(fields)


def withheld_pairs() -> frozenset[tuple[str, str]]:
    return frozenset((f.table, f.column) for f in withheld_fields())
