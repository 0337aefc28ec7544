"""The memberships' own switch: an account a coordinator disabled becomes an account disabled in
its structure (the account itself open to its other structures); the downgrade makes an
account disabled in every structure a disabled account again (both engines)."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from server.extensions import db
from server.models import DEFAULT_STRUCTURE

BEFORE, AFTER = "b7d3e91c5a20", "c8e2f4a61d07"


def test_a_disabled_account_becomes_disabled_in_its_structure(unmigrated_app):
    app = unmigrated_app
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            for uid, active in (("u-on", True), ("u-off", False), ("u-alone", False)):
                conn.execute(text(
                    "INSERT INTO users (id, email, name, role, password_hash, active, "
                    "created_at) VALUES (:id, :e, 'X', 'referent', 'h', :a, '2026-01-01')"),
                    {"id": uid, "e": f"{uid}@example.org", "a": active})
            for uid in ("u-on", "u-off"):  # u-alone belongs to no structure
                conn.execute(text("INSERT INTO memberships (user_id, structure_id, role, "
                                  "created_at) VALUES (:u, :s, 'referent', '2026-01-01')"),
                             {"u": uid, "s": DEFAULT_STRUCTURE})
        upgrade(revision=AFTER)
        with db.engine.connect() as conn:
            users = dict(conn.execute(text("SELECT id, active FROM users")).all())
            members = dict(conn.execute(text("SELECT user_id, active FROM memberships")).all())
        assert {k: bool(v) for k, v in users.items()} == {
            "u-on": True, "u-off": True, "u-alone": False}
        assert {k: bool(v) for k, v in members.items()} == {"u-on": True, "u-off": False}
        # u-on also works for a second structure, which then closes its door to it.
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO structures (id, name, created_at) VALUES "
                              "('s-2', 'Voisine', '2026-01-01')"))
            conn.execute(text("INSERT INTO memberships (user_id, structure_id, role, "
                              "created_at, active) VALUES ('u-on', 's-2', 'referent', "
                              "'2026-01-02', false)"))
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            users = dict(conn.execute(text("SELECT id, active FROM users")).all())
            columns = conn.execute(text("SELECT * FROM memberships")).keys()
            members = sorted(conn.execute(text(
                "SELECT user_id, structure_id FROM memberships")).all())
        assert {k: bool(v) for k, v in users.items()} == {
            "u-on": True, "u-off": False, "u-alone": False}
        assert "active" not in columns
        # The closed door stays closed: that membership goes, the open one stays.
        assert members == [("u-off", DEFAULT_STRUCTURE), ("u-on", DEFAULT_STRUCTURE)]
        downgrade(revision="base")
