"""The structures migration on a database holding today's data: every caseload row, conflict,
audit event and open sign-in lands in the default structure, every account becomes a member
with its role, the catalogue stays territory-wide; the downgrade drops it all (both engines)."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from server import rls
from server.extensions import db
from server.models import DEFAULT_STRUCTURE

BEFORE, AFTER, WALLED, OWN_TARGETS = ("6968f1d2fe7f", "adb8e2f83dbc", "e5a0c7d9b312",
                                      "a430c7b83c1d")
ROW = ("INSERT INTO {t} (id, version, created_version, deleted, field_versions, updated_at) "
       "VALUES (:id, 1, 1, false, '{{}}', '2026-01-02 03:04:05')")


def test_todays_data_moves_into_the_default_structure(database, unmigrated_app):
    url, app = database[0], unmigrated_app
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            for uid, role in (("u-1", "referent"), ("u-2", "coordinator")):
                conn.execute(text(
                    "INSERT INTO users (id, email, name, role, password_hash, active, "
                    "created_at) VALUES (:id, :e, 'X', :r, 'h', true, '2026-01-01')"),
                    {"id": uid, "e": f"{uid}@example.org", "r": role})
            conn.execute(text("INSERT INTO devices (id, user_id, name, created_at, "
                              "last_seen_at) VALUES ('d-1', 'u-1', 'T', '2026-01-01', "
                              "'2026-01-01')"))
            conn.execute(text("INSERT INTO login_sessions (id, user_id, device_id, started_at)"
                              " VALUES ('s-1', 'u-1', 'd-1', '2026-01-01')"))
            for table, rid in (("beneficiaries", "p-1"), ("contacts", "c-1"),
                               ("sessions", "m-1"), ("offers", "o-1"), ("partners", "a-1")):
                conn.execute(text(ROW.format(t=table)), {"id": rid})
            conn.execute(text(
                "INSERT INTO sync_conflicts (id, table_name, row_id, fields, created_at, status) "
                "VALUES ('k-1', 'beneficiaries', 'p-1', '{}', '2026-01-02T03:04:05Z', 'open')"))
            conn.execute(text("INSERT INTO targets (year, key, value) VALUES (2026, "
                              "'contacts', 120)"))
            conn.execute(text("INSERT INTO year_reviews (year, highlights, quotes) VALUES "
                              "(2026, 'Une belle année', '[]')"))
            conn.execute(text("INSERT INTO audit_events (at, user_id, action, table_name, "
                              "row_id) VALUES ('2026-01-02', 'u-1', 'view', 'beneficiaries', "
                              "'p-1')"))
        upgrade(revision=AFTER)
        with db.engine.connect() as conn:
            def tenants(table):
                return conn.execute(text(f"SELECT tenant_id FROM {table}")).scalars().all()

            assert conn.execute(text("SELECT id, name FROM structures")).all() == [
                (DEFAULT_STRUCTURE, "Structure principale")]
            assert sorted(conn.execute(text(
                "SELECT user_id, structure_id, role FROM memberships")).all()) == [
                ("u-1", DEFAULT_STRUCTURE, "referent"), ("u-2", DEFAULT_STRUCTURE, "coordinator")]
            for table in ("beneficiaries", "contacts", "sessions", "sync_conflicts",
                          "audit_events"):
                assert tenants(table) == [DEFAULT_STRUCTURE], table
            assert tenants("offers") == [None] and tenants("partners") == [None]
            assert conn.execute(text("SELECT structure_id FROM login_sessions")).scalar() == (
                DEFAULT_STRUCTURE)
        upgrade(revision=WALLED)
        if url.startswith("postgresql"):
            with db.engine.connect() as conn:
                walled = conn.execute(text(
                    "SELECT tablename FROM pg_policies WHERE policyname = 'tenant_isolation' "
                    "AND schemaname = current_schema()")).scalars().all()
                function = conn.execute(text(
                    "SELECT * FROM mhj_existing_ids('beneficiaries', ARRAY['p-1', 'p-2'])")).all()
            assert sorted(walled) == sorted(rls.TABLES)
            assert function == [("p-1",)]  # the ids that exist, whatever their structure
        upgrade(revision=OWN_TARGETS)
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT tenant_id, year, key, value FROM targets")).all() \
                == [(DEFAULT_STRUCTURE, 2026, "contacts", 120)]
            assert conn.execute(text("SELECT tenant_id, highlights FROM year_reviews")).all() \
                == [(DEFAULT_STRUCTURE, "Une belle année")]
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            tables = set(db.inspect(conn).get_table_names())
            columns = {c["name"] for c in db.inspect(conn).get_columns("beneficiaries")}
            assert conn.execute(text("SELECT count(*) FROM beneficiaries")).scalar() == 1
            assert conn.execute(text("SELECT value FROM targets")).scalar() == 120
        assert not {"structures", "memberships"} & tables and "tenant_id" not in columns
        db.engine.dispose()
