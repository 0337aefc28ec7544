"""Login, rate limits, refresh-token rotation and reuse detection, logout, bad tokens."""
from datetime import timedelta

import jwt as pyjwt
from flask_jwt_extended import create_access_token, create_refresh_token

from api_helpers import assert_problem, new_id, pull
from conftest import PASSWORD, bearer, login, make_app

COORD = "coord@example.org"


def _login(client, email, password=PASSWORD, device_id=None, addr="127.0.0.1"):
    return client.post("/api/auth/login", json={
        "email": email, "password": password, "device_id": device_id or new_id(),
        "device_name": "Tablette"}, environ_base={"REMOTE_ADDR": addr})


def test_login_returns_tokens_bound_to_the_user(client, users):
    response = _login(client, "Referente@Example.org ")
    assert response.status_code == 200
    body = response.get_json()
    assert body["user"] == {"id": users["referent"]["id"], "role": "referent",
                            "name": "Référente"}
    assert body["access_token"] != body["refresh_token"]
    assert pull(client, bearer(body["access_token"])).status_code == 200


def test_wrong_password_and_unknown_account_look_the_same(client, users):
    wrong = assert_problem(_login(client, COORD, "pas le bon mot de passe"), 401,
                           "unauthorized")
    unknown = assert_problem(_login(client, "personne@example.org"), 401, "unauthorized")
    assert wrong["detail"] == unknown["detail"]
    assert "access_token" not in wrong


def test_login_checks_its_fields(client, users):
    for body, field in [
        ({"password": PASSWORD, "device_id": "d"}, "email"),
        ({"email": COORD, "device_id": "d"}, "password"),
        ({"email": COORD, "password": PASSWORD}, "device_id"),
        ({"email": 42, "password": PASSWORD, "device_id": "d"}, "email"),
        ({"email": COORD, "password": PASSWORD, "device_id": ""}, "device_id"),
        ({"email": COORD, "password": PASSWORD, "device_id": "d\x00"}, "device_id"),
        ({"email": COORD, "password": PASSWORD, "device_id": "d", "device_name": 7},
         "device_name"),
        ({"email": COORD, "password": PASSWORD, "device_id": "x" * 201}, "device_id"),
    ]:
        problem = assert_problem(client.post("/api/auth/login", json=body), 400)
        assert problem["field"] == field
        assert field in problem["detail"]
    assert_problem(client.post("/api/auth/login", data="email=a", content_type="text/plain"),
                   400)
    assert_problem(client.post("/api/auth/login", json=["not", "an", "object"]), 400)


def test_failed_logins_are_limited_per_account_even_for_the_right_password(
        app, client, users):
    limit = app.config["LOGIN_MAX_FAILURES"]
    # Case, spaces and Unicode compatibility forms do not give a fresh counter.
    spellings = [COORD, " Coord@Example.org ", "COORD@EXAMPLE.ORG", "ｃｏｏｒｄ@example.org"]
    for attempt in range(limit):  # each from its own address: only the account counts
        assert _login(client, spellings[attempt % len(spellings)], "mauvais-mot-de-passe",
                      addr=f"10.0.0.{attempt + 1}").status_code == 401
    response = _login(client, COORD, "mauvais-mot-de-passe", addr="10.0.1.1")
    problem = assert_problem(response, 429)
    retry = int(response.headers["Retry-After"])
    assert 0 < retry <= app.config["LOGIN_WINDOW_SECONDS"]
    assert problem["retry_after"] == retry
    # Past the limit even the right password waits: guessing it gains nothing.
    assert_problem(_login(client, COORD, addr="10.0.1.2"), 429)
    assert_problem(_login(client, "  ｃｏｏｒｄ@EXAMPLE.org", addr="10.0.1.3"), 429)
    # Another account is not affected.
    assert _login(client, "referente@example.org", "faux-mot-de-passe",
                  addr="10.0.2.1").status_code == 401
    assert _login(client, "referente@example.org", addr="10.0.2.1").status_code == 200


def test_failed_logins_are_limited_per_address(app, client, users):
    limit = app.config["LOGIN_MAX_FAILURES"]
    for attempt in range(limit):  # a different account each time: only the address counts
        assert _login(client, f"inconnu{attempt}@example.org", addr="192.0.2.7") \
            .status_code == 401
    response = _login(client, "inconnu-encore@example.org", addr="192.0.2.7")
    assert_problem(response, 429)
    assert int(response.headers["Retry-After"]) > 0
    assert_problem(_login(client, "presc@example.org", addr="192.0.2.7"), 429)
    assert _login(client, "presc@example.org", addr="192.0.2.8").status_code == 200
    assert _login(client, "inconnu@example.org", addr="192.0.2.8").status_code == 401


def test_an_ipv6_client_is_counted_by_its_64_block(app, client, users):
    """Changing the last bits of an IPv6 address (a /64 is one subscriber) gives no new try."""
    for attempt in range(app.config["LOGIN_MAX_FAILURES"]):
        assert _login(client, f"inconnu{attempt}@example.org",
                      addr=f"2001:db8:0:7::{attempt + 1:x}").status_code == 401
    assert_problem(_login(client, "presc@example.org", addr="2001:db8:0:7::beef"), 429)
    assert _login(client, "presc@example.org", addr="2001:db8:0:8::1").status_code == 200


class _CountingHasher:
    """Wraps the Argon2 hasher and counts the passwords it verifies."""

    def __init__(self, inner):
        self.inner, self.verified = inner, 0

    def verify(self, *args):
        self.verified += 1
        return self.inner.verify(*args)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_a_full_counter_answers_429_without_checking_any_password(app, client, users,
                                                                    monkeypatch):
    from server.services import auth as auth_service

    counting = _CountingHasher(auth_service._hasher)
    monkeypatch.setattr(auth_service, "_hasher", counting)
    assert _login(client, "personne@example.org", addr="198.51.100.1").status_code == 401
    assert counting.verified == 1  # an unknown e-mail is checked against a dummy hash
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        assert _login(client, COORD, "mauvais-mot-de-passe",
                      addr="198.51.100.1").status_code == 401
    assert counting.verified == app.config["LOGIN_MAX_FAILURES"]
    before = counting.verified
    for password in ("mauvais-mot-de-passe", PASSWORD):
        assert_problem(_login(client, COORD, password, addr="198.51.100.1"), 429)
    assert counting.verified == before


def test_the_counter_is_shared_by_every_worker(database, tmp_path, app, client, users):
    """Two app instances (two gunicorn workers) on one database count the same failures."""
    from server.extensions import db

    url, options = database
    other = make_app(url, options, tmp_path / "worker-2")
    second = other.test_client()
    try:
        for attempt in range(app.config["LOGIN_MAX_FAILURES"]):
            worker = client if attempt % 2 else second
            assert _login(worker, COORD, "mauvais-mot-de-passe",
                          addr="203.0.113.50").status_code == 401
        # Each worker alone saw fewer failures than the limit, yet both refuse.
        assert_problem(_login(second, COORD, addr="203.0.113.51"), 429)
        assert_problem(_login(client, COORD, addr="203.0.113.52"), 429)
    finally:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def test_refresh_rotates_and_a_reused_token_revokes_the_family(client, users):
    first = login(client, COORD)
    response = client.post("/api/auth/refresh", headers=bearer(first["refresh_token"]))
    assert response.status_code == 200
    second = response.get_json()
    assert set(second) == {"access_token", "refresh_token", "session_expires_at",
                           "device_settings"}
    assert second["session_expires_at"] == first["session_expires_at"]
    assert second["refresh_token"] != first["refresh_token"]
    assert pull(client, bearer(second["access_token"])).status_code == 200
    # The first refresh token, used a second time: refused, and its whole family revoked.
    reuse = client.post("/api/auth/refresh", headers=bearer(first["refresh_token"]))
    assert_problem(reuse, 401, "unauthorized")
    assert_problem(client.post("/api/auth/refresh", headers=bearer(second["refresh_token"])),
                   401, "unauthorized")
    # Another login (another family) is untouched.
    other = login(client, COORD)
    assert client.post("/api/auth/refresh",
                       headers=bearer(other["refresh_token"])).status_code == 200


def test_tokens_are_not_interchangeable(client, users):
    tokens = login(client, COORD)
    assert_problem(client.post("/api/auth/refresh", headers=bearer(tokens["access_token"])),
                   401, "unauthorized")
    assert_problem(pull(client, bearer(tokens["refresh_token"])), 401, "unauthorized")


def test_logout_closes_this_device_only(client, users):
    here, there = login(client, COORD), login(client, COORD)
    response = client.post("/api/auth/logout", headers=bearer(here["access_token"]))
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert_problem(client.post("/api/auth/refresh", headers=bearer(here["refresh_token"])),
                   401)
    assert client.post("/api/auth/refresh",
                       headers=bearer(there["refresh_token"])).status_code == 200
    assert_problem(client.post("/api/auth/logout"), 401, "unauthorized")


def test_expired_tokens_are_401(app, client, users):
    device = new_id()
    login(client, COORD, device_id=device)
    claims = {"role": "coordinator", "dev": device}
    with app.app_context():
        access = create_access_token(users["coordinator"]["id"], additional_claims=claims,
                                     expires_delta=timedelta(seconds=-5))
        refresh = create_refresh_token(users["coordinator"]["id"],
                                       additional_claims={**claims, "fam": new_id()},
                                       expires_delta=timedelta(seconds=-5))
    assert "expiré" in assert_problem(pull(client, bearer(access)), 401, "unauthorized")[
        "detail"]
    assert_problem(client.post("/api/auth/refresh", headers=bearer(refresh)), 401)


def test_invalid_tokens_are_401_problems(app, client, users):
    forged = pyjwt.encode({"sub": users["coordinator"]["id"], "type": "access",
                           "fresh": False, "jti": new_id(), "role": "coordinator"},
                          "not-the-server-key-but-long-enough-32b", algorithm="HS256")
    unsigned = pyjwt.encode({"sub": users["coordinator"]["id"], "type": "access"}, None,
                            algorithm="none")
    for header in ({}, {"Authorization": "Bearer"}, {"Authorization": "Bearer abc.def.ghi"},
                   {"Authorization": "Basic Y29vcmQ6cHc="}, bearer(forged), bearer(unsigned),
                   {"Authorization": "Bearer é\u00ff"}):
        for call in (lambda: pull(client, header),
                     lambda: client.post("/api/sync/push", json={}, headers=header),
                     lambda: client.post("/api/auth/refresh", headers=header)):
            assert_problem(call(), 401, "unauthorized")


def test_a_deactivated_account_is_refused(app, client, users):
    from server.extensions import db
    from server.models import User

    tokens = login(client, COORD)
    with app.app_context():
        db.session.get(User, users["coordinator"]["id"]).active = False
        db.session.commit()
    assert_problem(pull(client, bearer(tokens["access_token"])), 401)
    assert_problem(client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"])),
                   401)
    assert_problem(_login(client, COORD), 401)


def test_a_device_of_another_account_cannot_be_taken_over(client, users):
    device = new_id()
    login(client, COORD, device_id=device)
    assert_problem(_login(client, "referente@example.org", device_id=device), 401)
