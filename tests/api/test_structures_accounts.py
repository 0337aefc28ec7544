"""An account in two structures: each structure's coordinator disables and enables it there
only. Its sessions and the tablets holding that structure's files stop; its work in the other
structure goes on, and no coordinator can give it back a structure that is not theirs. The
account as a whole (and its password) is the server operator's: the command line."""
import pytest

from server.extensions import db
from server.models import DEFAULT_STRUCTURE, Device, Membership
from tests.api.test_structures import _as, other  # noqa: F401  (fixture)
from tests.conftest import PASSWORD, bearer, login

from api_helpers import assert_problem, new_id, pull


def _sign_in(client, email, structure=None):
    return client.post("/api/auth/login", json={
        "email": email, "password": PASSWORD, "device_id": f"dev-{new_id()}", "device_name": "T",
        **({"structure_id": structure} if structure else {})})


def _active(client, coordinator, user_id):
    items = client.get("/api/users", headers=coordinator).get_json()["items"]
    return next(u["active"] for u in items if u["id"] == user_id)


def test_a_coordinator_disables_an_account_in_their_structure_only(app, client, users, headers,
                                                                  other):
    me, email = users["referent"]["id"], users["referent"]["email"]
    coord_b, _ = _as(client, "coord-b@example.org")
    in_a, _ = _as(client, email)
    in_b, _ = _as(client, email, other)
    # A tablet that signed in to A, then switched to B, holds B's files.
    moved, _ = _as(client, email)
    assert client.post("/api/structures/active", json={"structure_id": other},
                       headers=moved).status_code == 200
    refresh_a = _sign_in(client, email).get_json()["refresh_token"]

    answer = client.post(f"/api/users/{me}/disable", headers=coord_b)
    assert answer.status_code == 200 and answer.get_json()["active"] is False
    # B's tablets learn they must wipe; A's work goes on, refresh included.
    for tokens in (in_b, moved):
        assert_problem(pull(client, tokens), 403, "device_revoked")
    assert pull(client, in_a).status_code == 200
    assert client.post("/api/auth/refresh", headers=bearer(refresh_a)).status_code == 200
    assert _active(client, coord_b, me) is False
    assert _active(client, headers["coordinator"], me) is True
    # Signing in: B is refused, A is given, and only A is listed.
    assert_problem(_sign_in(client, email, other), 401)
    signed = _sign_in(client, email).get_json()
    assert signed["structure"] == DEFAULT_STRUCTURE
    assert [s["id"] for s in signed["structures"]] == [DEFAULT_STRUCTURE]
    assert client.post("/api/structures/active", json={"structure_id": other},
                       headers=bearer(signed["access_token"])).status_code == 403

    # A's coordinator cannot give the account back its place in B.
    assert client.post(f"/api/users/{me}/enable",
                       headers=headers["coordinator"]).status_code == 200
    assert_problem(_sign_in(client, email, other), 401)
    # B's coordinator can; the revoked tablets stay revoked.
    assert client.post(f"/api/users/{me}/enable", headers=coord_b).get_json()["active"] is True
    assert _sign_in(client, email, other).status_code == 200
    assert_problem(pull(client, in_b), 403, "device_revoked")


def test_the_devices_revoked_are_those_holding_the_structure(app, client, users, other):
    me, email = users["referent"]["id"], users["referent"]["email"]
    devices = {}
    for name, structure in (("a", None), ("b", other), ("b-then-a", other), ("a-then-b", None)):
        device = f"dev-{name}-{new_id()}"
        answer = client.post("/api/auth/login", json={
            "email": email, "password": PASSWORD, "device_id": device, "device_name": name,
            **({"structure_id": structure} if structure else {})}).get_json()
        devices[name] = device
        if "then" in name:
            target = other if name.endswith("b") else DEFAULT_STRUCTURE
            assert client.post("/api/structures/active", json={"structure_id": target},
                               headers=bearer(answer["access_token"])).status_code == 200
    coord_b, _ = _as(client, "coord-b@example.org")
    assert client.post(f"/api/users/{me}/disable", headers=coord_b).status_code == 200
    with app.app_context():
        revoked = {d.id for d in db.session.query(Device).filter(
            Device.user_id == me, Device.revoked_at.isnot(None))}
        member_a = db.session.get(Membership, (me, DEFAULT_STRUCTURE))
        assert member_a.active is True
    assert revoked == {devices["b"], devices["a-then-b"]}


def test_disabled_in_every_structure_is_a_disabled_account(app, client, users, headers):
    """One structure (both engines): the coordinator's disable closes the account's door, with
    the same answer as a wrong password; the command line opens it again."""
    me, email = users["referent"]["id"], users["referent"]["email"]
    assert client.post(f"/api/users/{me}/disable", headers=headers["coordinator"]).status_code \
        == 200
    problem = assert_problem(_sign_in(client, email), 401)
    assert problem["detail"] == "Adresse e-mail ou mot de passe incorrect."
    with app.app_context():
        assert db.session.get(Membership, (me, DEFAULT_STRUCTURE)).active is False
    result = app.test_cli_runner().invoke(args=["users", "enable", email])
    assert result.exit_code == 0, result.output
    assert login(client, email)["structure"] == DEFAULT_STRUCTURE
    with app.app_context():
        assert db.session.get(Membership, (me, DEFAULT_STRUCTURE)).active is True


def test_each_structure_lists_and_revokes_the_tablets_working_for_it(client, users, headers,
                                                                       other):
    """A person working for two structures: each coordinator sees and may revoke the tablets
    holding its own files only (revoking the other's would wipe the other's work)."""
    email, me = users["referent"]["email"], users["referent"]["id"]
    device_a, device_b = f"dev-a-{new_id()}", f"dev-b-{new_id()}"
    tokens = {}
    for device, structure in ((device_a, None), (device_b, other)):
        tokens[device] = client.post("/api/auth/login", json={
            "email": email, "password": PASSWORD, "device_id": device, "device_name": "T",
            **({"structure_id": structure} if structure else {})}).get_json()
    coord_b, _ = _as(client, "coord-b@example.org")
    listed = {}
    for name, coordinator in (("a", headers["coordinator"]), ("b", coord_b)):
        listed[name] = {d["id"] for d in client.get("/api/devices", headers=coordinator)
                        .get_json()["items"] if d["user_id"] == me}
    assert device_a in listed["a"] and device_b not in listed["a"]
    assert device_b in listed["b"] and device_a not in listed["b"]
    assert client.post(f"/api/devices/{device_b}/revoke",
                       headers=headers["coordinator"]).status_code == 404
    assert client.post(f"/api/devices/{device_b}/revoke", headers=coord_b).status_code == 200
    assert pull(client, bearer(tokens[device_a]["access_token"])).status_code == 200
    assert_problem(pull(client, bearer(tokens[device_b]["access_token"])), 403, "device_revoked")
    # Its role there is the membership's, not the account's first.
    roles = {u["email"]: u["role"] for u in client.get("/api/users", headers=coord_b)
             .get_json()["items"]}
    assert roles == {"coord-b@example.org": "coordinator", "ref-b@example.org": "referent",
                     email: "referent"}
