"""All mapped classes, imported here so the registry (and Alembic) sees every table."""

from xasach.store.models.base import Base, Synced, column_values, new_id, synced_tables, utcnow
from xasach.store.models.people import DrugTest, Episode, Person
from xasach.store.models.places import (
    Activity,
    ActivityVillage,
    Hotspot,
    HotspotEvent,
    HotspotPerson,
)
from xasach.store.models.printing import DocumentNumber, ReportNote
from xasach.store.models.reference import (
    AdminUnit,
    ChangeLogEntry,
    PeriodFigures,
    RuleRow,
    Setting,
    Village,
)
from xasach.store.models.security import AppUser, AuditEntry
from xasach.store.models.sync import BundleIn, BundleOut, SyncPeer

__all__ = [
    "Activity",
    "ActivityVillage",
    "AdminUnit",
    "AppUser",
    "AuditEntry",
    "Base",
    "BundleIn",
    "BundleOut",
    "ChangeLogEntry",
    "DocumentNumber",
    "DrugTest",
    "Episode",
    "Hotspot",
    "HotspotEvent",
    "HotspotPerson",
    "PeriodFigures",
    "Person",
    "ReportNote",
    "RuleRow",
    "Setting",
    "SyncPeer",
    "Synced",
    "Village",
    "column_values",
    "new_id",
    "synced_tables",
    "utcnow",
]
