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
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            users = dict(conn.execute(text("SELECT id, active FROM users")).all())
            columns = conn.execute(text("SELECT * FROM memberships")).keys()
        assert {k: bool(v) for k, v in users.items()} == {
            "u-on": True, "u-off": False, "u-alone": False}
        assert "active" not in columns
        downgrade(revision="base")
