"""Sessions: access tokens stop at once when their session ends; an absolute lifetime."""
import time
from datetime import datetime, timedelta, timezone

import jwt as pyjwt
from flask_jwt_extended import create_access_token
from sqlalchemy import event

from api_helpers import assert_problem, new_id, pull
from conftest import bearer, login
from server.extensions import db
from server.models import LoginSession

COORD, REFERENT = "coord@example.org", "referente@example.org"


def _refresh(client, tokens):
    return client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"]))


def _claims(token: str) -> dict:
    return pyjwt.decode(token, options={"verify_signature": False})


def _age_session(app, family: str, days: float) -> None:
    """Pretend the session began `days` ago."""
    with app.app_context():
        opened = db.session.get(LoginSession, family)
        opened.started_at = opened.started_at - timedelta(days=days)
        db.session.commit()


def test_login_opens_a_session_named_in_both_tokens(app, client, users):
    device = new_id()
    tokens = login(client, REFERENT, device_id=device)
    access, refresh = _claims(tokens["access_token"]), _claims(tokens["refresh_token"])
    assert access["fam"] == refresh["fam"] and access["dev"] == device
    with app.app_context():
        opened = db.session.get(LoginSession, access["fam"])
        assert (opened.user_id, opened.device_id, opened.revoked_at) == (
            users["referent"]["id"], device, None)
        end = opened.started_at + timedelta(days=app.config["SESSION_MAX_DAYS"])
    assert tokens["session_expires_at"] == end.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert app.config["SESSION_MAX_DAYS"] == 30


def test_logout_stops_the_access_token_at_once(client, users):
    here, there = login(client, COORD), login(client, COORD)
    assert pull(client, bearer(here["access_token"])).status_code == 200
    assert client.post("/api/auth/logout", headers=bearer(here["access_token"])).status_code \
        == 200
    assert_problem(pull(client, bearer(here["access_token"])), 401, "unauthorized")
    assert_problem(_refresh(client, here), 401, "unauthorized")
    assert pull(client, bearer(there["access_token"])).status_code == 200


def test_a_replayed_refresh_token_stops_every_token_of_the_session(client, users):
    first = login(client, REFERENT)
    second = _refresh(client, first).get_json()
    assert pull(client, bearer(second["access_token"])).status_code == 200
    assert_problem(_refresh(client, first), 401)  # the replay
    for token in (first["access_token"], second["access_token"]):
        assert_problem(pull(client, bearer(token)), 401, "unauthorized")
    assert_problem(_refresh(client, second), 401)


def test_a_session_ends_after_its_absolute_lifetime_however_often_refreshed(app, client,
                                                                           users):
    tokens = login(client, REFERENT)
    family = _claims(tokens["access_token"])["fam"]
    days = app.config["SESSION_MAX_DAYS"]
    _age_session(app, family, days - 1)
    tokens = _refresh(client, tokens).get_json()
    assert pull(client, bearer(tokens["access_token"])).status_code == 200
    _age_session(app, family, 1)
    assert_problem(_refresh(client, tokens), 401, "session_expired")
    assert_problem(pull(client, bearer(tokens["access_token"])), 401, "session_expired")


def test_when_the_session_ends_its_access_token_does_and_refreshing_says_why(app, client,
                                                                           users):
    """The real clock, not an edited start: a 2-second session."""
    app.config["SESSION_MAX_DAYS"] = 2 / 86400
    tokens = login(client, REFERENT)
    end = datetime.fromisoformat(tokens["session_expires_at"].replace("Z", "+00:00"))
    access_end = datetime.fromtimestamp(_claims(tokens["access_token"])["exp"], timezone.utc)
    assert access_end <= end
    assert pull(client, bearer(tokens["access_token"])).status_code == 200
    time.sleep(max(0.0, (end - datetime.now(timezone.utc)).total_seconds()) + 1.1)
    assert_problem(pull(client, bearer(tokens["access_token"])), 401, "unauthorized")
    # The app then refreshes, and learns it must sign in again.
    assert_problem(_refresh(client, tokens), 401, "session_expired")


def test_access_tokens_need_a_session_of_their_own_account_and_device(app, client, users):
    tokens = login(client, REFERENT)
    claims = _claims(tokens["access_token"])
    with app.app_context():
        def forged(user: str, **extra):
            return bearer(create_access_token(user, additional_claims={
                "role": "coordinator", **extra}))

        old_style = forged(users["referent"]["id"], dev=claims["dev"])
        someone_elses = forged(users["coordinator"]["id"], dev=claims["dev"],
                               fam=claims["fam"])
        other_device = forged(users["referent"]["id"], dev=new_id(), fam=claims["fam"])
        unknown = forged(users["referent"]["id"], dev=claims["dev"], fam=new_id())
        odd = forged(users["referent"]["id"], dev=claims["dev"], fam=7)
    for headers in (old_style, someone_elses, other_device, unknown, odd):
        assert_problem(pull(client, headers), 401, "unauthorized")


def test_checking_a_session_costs_one_query(app, client, users):
    headers = bearer(login(client, REFERENT)["access_token"])
    statements = []
    with app.app_context():
        engine = db.engine

    def count(*args):
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get("/api/settings/devices", headers=headers).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # The guard's one query, then the settings row; on PostgreSQL the transaction also
    # says once which structure it works for (server/rls.py).
    said = [s for s in statements if "set_config" in s]
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT") and s not in said]
    assert len(said) == (1 if engine.dialect.name == "postgresql" else 0), statements
    assert len(reads) == 2, statements
    assert "login_sessions" in reads[0] and "device_settings" in reads[1]


def test_the_upgrade_gives_the_logins_before_it_a_session(database):
    """Tablets signed in before sessions existed keep working; closed families stay closed."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from server import create_app

    url, options = database
    app = create_app({"DATABASE_URL": url, "SQLALCHEMY_ENGINE_OPTIONS": options,
                      "SECRET_KEY": "s", "JWT_SECRET_KEY": "j" * 40})
    now = datetime(2026, 11, 1, 8, 0)
    with app.app_context():
        upgrade(revision="70efbd1c16f2")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO users (id, email, name, role, password_hash, active, created_at)"
                " VALUES ('u1', 'a@example.org', 'A', 'referent', 'x', true, :now)"),
                {"now": now})
            conn.execute(text("INSERT INTO devices (id, user_id, name, created_at, "
                              "last_seen_at) VALUES ('d1', 'u1', 'T', :now, :now)"),
                         {"now": now})
            for jti, family, revoked in (("t1", "open", None), ("t2", "open", now),
                                         ("t3", "closed", now)):
                conn.execute(text(
                    "INSERT INTO refresh_tokens (jti, family_id, user_id, device_id, "
                    "expires_at, revoked_at) VALUES (:jti, :fam, 'u1', 'd1', :exp, :rev)"),
                    {"jti": jti, "fam": family, "exp": now + timedelta(days=14),
                     "rev": revoked})
        upgrade()
        rows = {s.id: s for s in db.session.query(LoginSession)}
        assert set(rows) == {"open", "closed"}
        assert rows["open"].revoked_at is None and rows["closed"].revoked_at is not None
        assert {(s.user_id, s.device_id) for s in rows.values()} == {("u1", "d1")}
        db.session.remove()
        db.engine.dispose()
