"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 20:34:47.526675
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "activity",
        sa.Column("activity_date", sa.Date(), nullable=False),
        sa.Column("form", sa.String(length=30), nullable=False),
        sa.Column("topic", sa.String(length=300), nullable=False),
        sa.Column("organiser", sa.String(length=200), nullable=False),
        sa.Column("partners", sa.String(length=300), nullable=False),
        sa.Column("audience", sa.String(length=60), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("materials", sa.Integer(), nullable=False),
        sa.Column("cost_vnd", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_code", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.String(length=27), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_activity_date"), ["activity_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_activity_unit_code"), ["unit_code"], unique=False)

    op.create_table(
        "admin_unit",
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("name_folded", sa.String(length=120), nullable=False),
        sa.Column("parent_code", sa.String(length=5), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_code"], ["admin_unit.code"], name=op.f("fk_admin_unit_parent_code_admin_unit")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_admin_unit")),
    )
    with op.batch_alter_table("admin_unit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_admin_unit_name_folded"), ["name_folded"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_admin_unit_parent_code"), ["parent_code"], unique=False
        )

    op.create_table(
        "change_log",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=1), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("unit_code", sa.String(length=5), nullable=False),
        sa.Column("changed_at", sa.String(length=27), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change_log")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "period_figures",
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("offenders_arrested", sa.Integer(), nullable=True),
        sa.Column("plants_destroyed", sa.Integer(), nullable=True),
        sa.Column("area_destroyed_m2", sa.Float(), nullable=True),
        sa.Column("on_trafficking_route", sa.Boolean(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_code", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.String(length=27), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_figures")),
    )
    with op.batch_alter_table("period_figures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_period_figures_period"), ["period"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_period_figures_unit_code"), ["unit_code"], unique=False
        )

    op.create_table(
        "rule",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=30), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("verified", sa.String(length=2), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("rule_set_version", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule")),
    )
    with op.batch_alter_table("rule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rule_key"), ["key"], unique=False)

    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "village",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_code", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.String(length=27), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_village")),
    )
    with op.batch_alter_table("village", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_village_unit_code"), ["unit_code"], unique=False)

    op.create_table(
        "activity_village",
        sa.Column("activity_id", sa.String(length=36), nullable=False),
        sa.Column("village_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_code", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.String(length=27), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_activity_village_activity_id_activity")
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["village.id"], name=op.f("fk_activity_village_village_id_village")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_village")),
    )
    with op.batch_alter_table("activity_village", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_village_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_activity_village_unit_code"), ["unit_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_activity_village_village_id"), ["village_id"], unique=False
        )

    op.create_table(
        "hotspot",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("village_id", sa.String(length=36), nullable=True),
        sa.Column("address_text", sa.String(length=300), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("discovered_date", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_date", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_code", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.String(length=27), nullable=True),
        sa.ForeignKeyConstraint(
            ["village_id"], ["village.id"], name=op.f("fk_hotspot_village_id_village")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotspot")),
    )
    with op.batch_alter_table("hotspot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hotspot_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_hotspot_unit_code"), ["unit_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_hotspot_village_id"), ["village_id"], unique=False)

    op.create_table(
        "person",
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("other_names", sa.String(length=200), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("id_number", sa.String(length=12), nullable=True),
        sa.Column("legacy_id_number", sa.String(length=12), nullable=True),
        sa.Column("village_id", sa.String(length=36), nullable=True),
        sa.Column("address_text", sa.String(length=300), nullable=False),
        sa.Column("occupation", sa.String(length=120), nullable=False),
        sa.Column("family_situation", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("drug_types", sa.String(length=200), nullable=False),
        sa.Column("use_method", sa.String(length=200), nullable=False),
        sa.Column("using_since_year", sa.Integer(), nullable=True),
        sa.Column("criminal_record", sa.Text(), nullable=False),
        sa.Column("administrative_record", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("search_folded", sa.Text(), nullable=False),
        sa.Column("search_exact", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_code", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.String(length=27), nullable=True),
        sa.ForeignKeyConstraint(
            ["village_id"], ["village.id"], name=op.f("fk_person_village_id_village")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_id_number"), ["id_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_unit_code"), ["unit_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_village_id"), ["village_id"], unique=False)

    op.create_table(
        "drug_test",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("test_date", sa.Date(), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=False),
        sa.Column("substances", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_code", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.String(length=27), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_drug_test_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drug_test")),
    )
    with op.batch_alter_table("drug_test", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drug_test_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_drug_test_unit_code"), ["unit_code"], unique=False)

    op.create_table(
        "episode",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("actual_end", sa.Date(), nullable=True),
        sa.Column("duration_months", sa.Integer(), nullable=True),
        sa.Column("after_kind", sa.String(length=40), nullable=True),
        sa.Column("decision_number", sa.String(length=60), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("facility", sa.String(length=200), nullable=False),
        sa.Column("outcome", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_code", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.String(length=27), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_episode_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_episode")),
    )
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_episode_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_episode_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_episode_planned_end"), ["planned_end"], unique=False)
        batch_op.create_index(batch_op.f("ix_episode_unit_code"), ["unit_code"], unique=False)

    op.create_table(
        "hotspot_event",
        sa.Column("hotspot_id", sa.String(length=36), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_code", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.String(length=27), nullable=True),
        sa.ForeignKeyConstraint(
            ["hotspot_id"], ["hotspot.id"], name=op.f("fk_hotspot_event_hotspot_id_hotspot")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotspot_event")),
    )
    with op.batch_alter_table("hotspot_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hotspot_event_hotspot_id"), ["hotspot_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_hotspot_event_unit_code"), ["unit_code"], unique=False)

    op.create_table(
        "hotspot_person",
        sa.Column("hotspot_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=60), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_code", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.String(length=27), nullable=True),
        sa.ForeignKeyConstraint(
            ["hotspot_id"], ["hotspot.id"], name=op.f("fk_hotspot_person_hotspot_id_hotspot")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_hotspot_person_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotspot_person")),
    )
    with op.batch_alter_table("hotspot_person", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hotspot_person_hotspot_id"), ["hotspot_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_hotspot_person_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_hotspot_person_unit_code"), ["unit_code"], unique=False
        )

    for table in SYNCED_TABLES:
        for statement in _change_log_triggers(table):
            op.execute(statement)
    for statement in SEARCH_INDEX:
        op.execute(statement)


def downgrade() -> None:
    for statement in SEARCH_INDEX_DROP:
        op.execute(statement)
    for table in SYNCED_TABLES:
        for op_name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_log_{op_name}")

    with op.batch_alter_table("hotspot_person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hotspot_person_unit_code"))
        batch_op.drop_index(batch_op.f("ix_hotspot_person_person_id"))
        batch_op.drop_index(batch_op.f("ix_hotspot_person_hotspot_id"))

    op.drop_table("hotspot_person")
    with op.batch_alter_table("hotspot_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hotspot_event_unit_code"))
        batch_op.drop_index(batch_op.f("ix_hotspot_event_hotspot_id"))

    op.drop_table("hotspot_event")
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_episode_unit_code"))
        batch_op.drop_index(batch_op.f("ix_episode_planned_end"))
        batch_op.drop_index(batch_op.f("ix_episode_person_id"))
        batch_op.drop_index(batch_op.f("ix_episode_kind"))

    op.drop_table("episode")
    with op.batch_alter_table("drug_test", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drug_test_unit_code"))
        batch_op.drop_index(batch_op.f("ix_drug_test_person_id"))

    op.drop_table("drug_test")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_village_id"))
        batch_op.drop_index(batch_op.f("ix_person_unit_code"))
        batch_op.drop_index(batch_op.f("ix_person_status"))
        batch_op.drop_index(batch_op.f("ix_person_id_number"))

    op.drop_table("person")
    with op.batch_alter_table("hotspot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hotspot_village_id"))
        batch_op.drop_index(batch_op.f("ix_hotspot_unit_code"))
        batch_op.drop_index(batch_op.f("ix_hotspot_status"))

    op.drop_table("hotspot")
    with op.batch_alter_table("activity_village", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_village_village_id"))
        batch_op.drop_index(batch_op.f("ix_activity_village_unit_code"))
        batch_op.drop_index(batch_op.f("ix_activity_village_activity_id"))

    op.drop_table("activity_village")
    with op.batch_alter_table("village", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_village_unit_code"))

    op.drop_table("village")
    op.drop_table("setting")
    with op.batch_alter_table("rule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rule_key"))

    op.drop_table("rule")
    with op.batch_alter_table("period_figures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_period_figures_unit_code"))
        batch_op.drop_index(batch_op.f("ix_period_figures_period"))

    op.drop_table("period_figures")
    op.drop_table("change_log")
    with op.batch_alter_table("admin_unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_admin_unit_parent_code"))
        batch_op.drop_index(batch_op.f("ix_admin_unit_name_folded"))

    op.drop_table("admin_unit")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_unit_code"))
        batch_op.drop_index(batch_op.f("ix_activity_activity_date"))

    op.drop_table("activity")


# Frozen copies: a migration must keep meaning what it meant when it was written.
SYNCED_TABLES = (
    "village",
    "person",
    "episode",
    "drug_test",
    "hotspot",
    "hotspot_event",
    "hotspot_person",
    "activity",
    "activity_village",
    "period_figures",
)

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def _change_log_triggers(table: str) -> list[str]:
    """The change log is written by triggers, in the same transaction as the change, whoever
    makes it. Only a new version (or a tombstone) is a change: derived caches are not logged."""
    columns = "table_name, row_id, op, row_version, unit_code, changed_at"
    return [
        f"""CREATE TRIGGER trg_{table}_log_insert AFTER INSERT ON {table}
        BEGIN
            INSERT INTO change_log ({columns})
            VALUES ('{table}', NEW.id, 'I', NEW.version, NEW.unit_code, {_NOW});
        END""",
        f"""CREATE TRIGGER trg_{table}_log_update AFTER UPDATE ON {table}
        WHEN NEW.version IS NOT OLD.version OR NEW.deleted_at IS NOT OLD.deleted_at
        BEGIN
            INSERT INTO change_log ({columns})
            VALUES ('{table}', NEW.id,
                    CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL
                         THEN 'D' ELSE 'U' END,
                    NEW.version, NEW.unit_code, {_NOW});
        END""",
        f"""CREATE TRIGGER trg_{table}_log_delete AFTER DELETE ON {table}
        BEGIN
            INSERT INTO change_log ({columns})
            VALUES ('{table}', OLD.id, 'X', OLD.version, OLD.unit_code, {_NOW});
        END""",
    ]


# Accent-insensitive search: person.search_folded and person.search_exact (computed by the
# store) are copied into an FTS5 index whose integer rowids come from a small map table (person
# ids are UUID text, and an implicit rowid may change on VACUUM). Tombstoned people leave the
# index, so a search needs no join to filter them out.
_INDEX_ROW = """INSERT INTO person_search (rowid, body, exact)
        SELECT doc, NEW.search_folded, NEW.search_exact FROM person_search_map
        WHERE person_id = NEW.id AND NEW.deleted_at IS NULL;"""

SEARCH_INDEX = (
    """CREATE TABLE person_search_map (
        doc INTEGER PRIMARY KEY,
        person_id VARCHAR(36) NOT NULL UNIQUE
    )""",
    """CREATE VIRTUAL TABLE person_search USING fts5(
        body, exact, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3'
    )""",
    f"""CREATE TRIGGER trg_person_search_insert AFTER INSERT ON person
    BEGIN
        INSERT INTO person_search_map (person_id) VALUES (NEW.id);
        {_INDEX_ROW}
    END""",
    f"""CREATE TRIGGER trg_person_search_update
    AFTER UPDATE OF search_folded, search_exact, deleted_at ON person
    BEGIN
        DELETE FROM person_search
        WHERE rowid = (SELECT doc FROM person_search_map WHERE person_id = NEW.id);
        {_INDEX_ROW}
    END""",
    """CREATE TRIGGER trg_person_search_delete AFTER DELETE ON person
    BEGIN
        DELETE FROM person_search
        WHERE rowid = (SELECT doc FROM person_search_map WHERE person_id = OLD.id);
        DELETE FROM person_search_map WHERE person_id = OLD.id;
    END""",
)

SEARCH_INDEX_DROP = (
    "DROP TRIGGER IF EXISTS trg_person_search_insert",
    "DROP TRIGGER IF EXISTS trg_person_search_update",
    "DROP TRIGGER IF EXISTS trg_person_search_delete",
    "DROP TABLE IF EXISTS person_search",
    "DROP TABLE IF EXISTS person_search_map",
)
