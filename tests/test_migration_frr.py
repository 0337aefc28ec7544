"""The FRR migration on a database holding people: the ZRR flag, its sync metadata and its
open conflicts become FRR's, and the downgrade gives them back (SQLite and PostgreSQL)."""
import json

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from server.extensions import db

BEFORE, AFTER = "a7c41e5b9d20", "6968f1d2fe7f"
PEOPLE = [("p-yes", True), ("p-no", False), ("p-unknown", None)]


def _json(value):
    return value if isinstance(value, dict) else json.loads(value)


def test_zrr_becomes_frr_with_its_metadata_and_comes_back(unmigrated_app):
    app = unmigrated_app
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            for pid, flag in PEOPLE:
                conn.execute(text(
                    "INSERT INTO beneficiaries (id, version, created_version, deleted, "
                    "field_versions, field_writers, updated_at, first_name, commune, zrr) "
                    "VALUES (:id, 3, 1, false, :fv, :fw, '2026-01-02 03:04:05', 'Léa', "
                    "'Lajoux', :zrr)"),
                    {"id": pid, "zrr": flag, "fv": json.dumps({"first_name": 1, "zrr": 3}),
                     "fw": json.dumps({"zrr": "tablette-1"})})
            conn.execute(text(
                "INSERT INTO sync_conflicts (id, table_name, row_id, fields, created_at, status) "
                "VALUES ('c-1', 'beneficiaries', 'p-yes', :f, '2026-01-02T03:04:05Z', 'open')"),
                {"f": json.dumps({"zrr": {"server": True, "client": False}})})
        upgrade(revision=AFTER)
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, frr, commune_code, field_versions, field_writers "
                                     "FROM beneficiaries ORDER BY id")).all()
            conflict = conn.execute(text("SELECT fields FROM sync_conflicts")).scalar()
        assert sorted((r[0], r[1], r[2]) for r in rows) == sorted(
            (pid, flag, None) for pid, flag in PEOPLE)
        for row in rows:
            assert _json(row[3]) == {"first_name": 1, "frr": 3}
            assert _json(row[4]) == {"frr": "tablette-1"}
        assert _json(conflict) == {"frr": {"server": True, "client": False}}
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            back = conn.execute(text("SELECT id, zrr, field_versions FROM beneficiaries")).all()
            conflict = conn.execute(text("SELECT fields FROM sync_conflicts")).scalar()
        assert sorted((r[0], r[1]) for r in back) == sorted(PEOPLE)
        assert all(_json(r[2]) == {"first_name": 1, "zrr": 3} for r in back)
        assert _json(conflict) == {"zrr": {"server": True, "client": False}}
        db.engine.dispose()
