"""Accounts: the coordinator lists, disables (sessions end, tablets wipe) and enables them."""
from api_helpers import assert_problem, new_id, pull
from conftest import PASSWORD, bearer, login
from server.extensions import db
from server.models import AuditEvent, Device, LoginSession

REFERENT = "referente@example.org"


def _accounts(client, headers) -> dict:
    response = client.get("/api/users", headers=headers["coordinator"])
    assert response.status_code == 200
    return {a["email"]: a for a in response.get_json()["items"]}


def test_the_coordinator_lists_every_account_with_its_devices(client, users, headers):
    device = new_id()
    login(client, REFERENT, device_id=device)
    client.post(f"/api/devices/{device}/revoke", headers=headers["coordinator"])
    login(client, REFERENT)
    listed = _accounts(client, headers)
    assert set(listed) == {u["email"] for u in users.values()}
    mine = listed[REFERENT]
    assert {k: mine[k] for k in ("id", "name", "role", "partner_id", "active")} == {
        "id": users["referent"]["id"], "name": "Référente", "role": "referent",
        "partner_id": None, "active": True}
    # The `headers` fixture's device and the last login; the revoked tablet is not counted.
    assert mine["devices"] == 2
    assert mine["created_at"].endswith("Z") and mine["last_seen_at"].endswith("Z")
    assert "password_hash" not in mine and "password" not in str(mine)


def test_only_the_coordinator_manages_accounts(client, users, headers):
    target = users["referent"]["id"]
    for role in ("referent", "prescriber"):
        assert_problem(client.get("/api/users", headers=headers[role]), 403, "forbidden")
        for action in ("disable", "enable"):
            assert_problem(client.post(f"/api/users/{target}/{action}",
                                       headers=headers[role]), 403, "forbidden")
    assert_problem(client.get("/api/users"), 401)
    assert_problem(client.post(f"/api/users/{target}/disable"), 401)
    assert _accounts(client, headers)[REFERENT]["active"] is True


def test_disabling_ends_every_session_and_revokes_every_device_at_once(app, client, users,
                                                                       headers):
    tablet, phone = login(client, REFERENT), login(client, REFERENT)
    target = users["referent"]["id"]
    response = client.post(f"/api/users/{target}/disable", headers=headers["coordinator"])
    assert response.status_code == 200
    assert response.get_json()["active"] is False and response.get_json()["devices"] == 0
    for tokens in (tablet, phone):
        # The tablets learn they must wipe their copy, on any call and on refresh.
        assert_problem(pull(client, bearer(tokens["access_token"])), 403, "device_revoked")
        assert_problem(client.post("/api/auth/refresh",
                                   headers=bearer(tokens["refresh_token"])), 403,
                       "device_revoked")
    assert_problem(client.post("/api/auth/login", json={
        "email": REFERENT, "password": PASSWORD, "device_id": new_id()}), 401)
    with app.app_context():
        assert db.session.query(LoginSession).filter_by(
            user_id=target, revoked_at=None).count() == 0
        assert db.session.query(Device).filter_by(user_id=target, revoked_at=None).count() == 0
        (event,) = db.session.query(AuditEvent).filter_by(row_id=target).all()
        assert (event.user_id, event.action, event.table_name) == (
            users["coordinator"]["id"], "change", "users")
        assert event.detail == "compte désactivé: active"
    # Others are untouched.
    assert pull(client, headers["prescriber"]).status_code == 200


def test_an_enabled_account_signs_in_again_on_a_new_device_only(client, users, headers):
    device = new_id()
    login(client, REFERENT, device_id=device)
    target = users["referent"]["id"]
    client.post(f"/api/users/{target}/disable", headers=headers["coordinator"])
    response = client.post(f"/api/users/{target}/enable", headers=headers["coordinator"])
    assert response.status_code == 200 and response.get_json()["active"] is True
    assert_problem(client.post("/api/auth/login", json={
        "email": REFERENT, "password": PASSWORD, "device_id": device}), 403, "device_revoked")
    assert pull(client, bearer(login(client, REFERENT)["access_token"])).status_code == 200


def test_a_coordinator_cannot_disable_themself(client, users, headers):
    me = users["coordinator"]["id"]
    problem = assert_problem(client.post(f"/api/users/{me}/disable",
                                         headers=headers["coordinator"]), 409, "own_account")
    assert "propre compte" in problem["detail"]
    assert pull(client, headers["coordinator"]).status_code == 200


def test_unknown_or_hostile_account_ids_are_404(client, headers):
    for user_id in ("inconnu", new_id(), "a%00b", "%ED%A0%80", "x" * 300):
        for action in ("disable", "enable"):
            assert_problem(client.post(f"/api/users/{user_id}/{action}",
                                       headers=headers["coordinator"]), 404)


def _cli(app, *args, input=None):
    return app.test_cli_runner().invoke(args=["users", *args], input=input)


def test_the_command_line_disables_and_enables_an_account(app, client, users):
    tokens = login(client, REFERENT)
    result = _cli(app, "disable", " Referente@Example.org")
    assert result.exit_code == 0, result.output
    assert_problem(pull(client, bearer(tokens["access_token"])), 403, "device_revoked")
    assert _cli(app, "enable", REFERENT).exit_code == 0
    assert login(client, REFERENT)["user"]["id"] == users["referent"]["id"]
    with app.app_context():
        notes = [e.detail for e in db.session.query(AuditEvent).filter_by(table_name="users")
                 .order_by(AuditEvent.id)]
    assert notes == ["compte désactivé: active", "compte réactivé: active"]
    unknown = _cli(app, "disable", "personne@example.org")
    assert unknown.exit_code != 0 and "Aucun compte" in unknown.output


def test_users_create_on_an_existing_account_ends_its_sessions_only_when_it_changes_them(
        app, client, users):
    tokens = login(client, REFERENT)
    name, role = users["referent"]["name"], "referent"
    same = app.test_cli_runner().invoke(args=["users", "create", REFERENT, "--role", role,
                                              "--name", name, "--password", PASSWORD])
    assert same.exit_code == 0, same.output
    assert pull(client, bearer(tokens["access_token"])).status_code == 200, "nothing changed"
    new = "une toute nouvelle phrase de passe"
    again = app.test_cli_runner().invoke(args=["users", "create", REFERENT, "--role", role,
                                               "--name", name, "--password", new])
    assert again.exit_code == 0, again.output
    assert pull(client, bearer(tokens["access_token"])).status_code == 401, \
        "a session opened under the old password ends"
    assert login(client, REFERENT, password=new)["user"]["id"] == users["referent"]["id"]
    with app.app_context():
        notes = [e.detail for e in db.session.query(AuditEvent).filter_by(
            table_name="users", row_id=users["referent"]["id"])]
    assert notes == ["compte mis à jour (ligne de commande): password"]
