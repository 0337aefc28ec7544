"""The structures' territories migration on a database holding structures: up, a commune
served once at most, down and up again (both engines); on PostgreSQL the app's role, which
reads `structures`, reads the new table too."""
import uuid

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from server.extensions import db
from server.models import DEFAULT_STRUCTURE

BEFORE, AFTER = "c8e2f4a61d07", "1aa586255528"
OTHER = "00000000-0000-4000-8000-0000000000b2"
SERVE = "INSERT INTO structure_communes (code_insee, structure_id) VALUES (:code, :sid)"


def test_territories_up_and_down_with_data(database, unmigrated_app):
    url, app = database[0], unmigrated_app
    postgres = url.startswith("postgresql")
    role = f"app_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url) if postgres else None
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO structures (id, name, created_at) VALUES "
                              "(:id, 'Voisine', '2026-01-01')"), {"id": OTHER})
            if postgres:
                schema = conn.execute(text("SELECT current_schema()")).scalar()
                with admin.begin() as owner:
                    owner.execute(text(f"CREATE ROLE {role} NOLOGIN"))
                conn.execute(text(f"GRANT SELECT ON structures TO {role}"))
        try:
            upgrade(revision=AFTER)
            with db.engine.begin() as conn:
                conn.execute(text(SERVE), {"code": "39478", "sid": DEFAULT_STRUCTURE})
                conn.execute(text(SERVE), {"code": "39300", "sid": OTHER})
                if postgres:
                    assert conn.execute(text(
                        "SELECT has_table_privilege(:role, :t, 'SELECT'), "
                        "has_table_privilege(:role, :t, 'INSERT')"),
                        {"role": role, "t": f"{schema}.structure_communes"}).one() == (
                        True, False)
            with pytest.raises(IntegrityError), db.engine.begin() as conn:
                conn.execute(text(SERVE), {"code": "39478", "sid": OTHER})  # served already
            with pytest.raises(IntegrityError), db.engine.begin() as conn:
                conn.execute(text(SERVE), {"code": "39001", "sid": "no-such-structure"})
            with db.engine.connect() as conn:
                assert sorted(conn.execute(text(
                    "SELECT code_insee, structure_id FROM structure_communes")).all()) == [
                    ("39300", OTHER), ("39478", DEFAULT_STRUCTURE)]
            downgrade(revision=BEFORE)
            with db.engine.connect() as conn:
                assert "structure_communes" not in db.inspect(conn).get_table_names()
                assert conn.execute(text("SELECT count(*) FROM structures")).scalar() == 2
            upgrade(revision=AFTER)
            with db.engine.connect() as conn:
                assert conn.execute(text(
                    "SELECT count(*) FROM structure_communes")).scalar() == 0
            downgrade(revision="base")
        finally:
            db.engine.dispose()
            if postgres:
                with admin.begin() as owner:
                    owner.execute(text(f"DROP OWNED BY {role}"))
                    owner.execute(text(f"DROP ROLE {role}"))
                admin.dispose()
