"""Devices: the coordinator lists and revokes; a revoked device is refused on every sync call."""
from api_helpers import assert_problem, envelope, mutation, new_id, pull, push
from conftest import bearer, login


def test_coordinator_lists_devices_with_their_owner(client, users, headers):
    device = new_id()
    login(client, "referente@example.org", device_id=device)
    response = client.get("/api/devices", headers=headers["coordinator"])
    assert response.status_code == 200
    items = response.get_json()["items"]
    mine = [d for d in items if d["id"] == device]
    assert mine == [{"id": device, "name": "Test", "user_id": users["referent"]["id"],
                     "user_name": "Référente", "created_at": mine[0]["created_at"],
                     "last_seen_at": mine[0]["last_seen_at"], "revoked_at": None}]
    assert mine[0]["created_at"].endswith("Z")
    # One device per login of the `headers` fixture, plus this one.
    assert len(items) == len(users) + 1


def test_only_the_coordinator_sees_and_revokes_devices(client, users, headers):
    device = new_id()
    login(client, "presc@example.org", device_id=device)
    for role in ("referent", "prescriber", "prescriber2"):
        assert_problem(client.get("/api/devices", headers=headers[role]), 403, "forbidden")
        assert_problem(client.post(f"/api/devices/{device}/revoke", headers=headers[role]),
                       403, "forbidden")
    assert_problem(client.get("/api/devices"), 401)
    assert_problem(client.post(f"/api/devices/{device}/revoke"), 401)
    listed = client.get("/api/devices", headers=headers["coordinator"]).get_json()["items"]
    assert [d["revoked_at"] for d in listed if d["id"] == device] == [None]


def test_a_revoked_device_gets_403_device_revoked_on_every_sync_call(client, users, headers):
    device = new_id()
    tokens = login(client, "referente@example.org", device_id=device)
    mine = bearer(tokens["access_token"])
    assert pull(client, mine).status_code == 200
    response = client.post(f"/api/devices/{device}/revoke", headers=headers["coordinator"])
    assert response.status_code == 200
    revoked = response.get_json()
    assert revoked["id"] == device and revoked["revoked_at"].endswith("Z")

    assert_problem(push(client, mine, [mutation("beneficiaries", {"first_name": "A",
                                                                  "last_name": "B"})]),
                   403, "device_revoked")
    assert_problem(pull(client, mine), 403, "device_revoked")
    assert_problem(client.get("/api/sync/conflicts", headers=mine), 403, "device_revoked")
    assert_problem(client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"])),
                   403, "device_revoked")
    # Logging in again from the lost tablet is refused too; a new device works.
    again = client.post("/api/auth/login", json={
        "email": "referente@example.org", "password": "mot-de-passe-de-test",
        "device_id": device, "device_name": "Test"})
    assert_problem(again, 403, "device_revoked")
    fresh = login(client, "referente@example.org")
    assert client.post("/api/sync/push", json=envelope([]),
                       headers=bearer(fresh["access_token"])).status_code == 200
    # The same account's other devices keep working.
    assert pull(client, headers["referent"]).status_code == 200
    # Revoking twice keeps the first date.
    again = client.post(f"/api/devices/{device}/revoke", headers=headers["coordinator"])
    assert again.get_json()["revoked_at"] == revoked["revoked_at"]


def test_revoking_an_unknown_device_is_404(client, headers):
    for device in ("inconnu", new_id(), "a%00b", "%ED%A0%80", "x" * 300):
        assert_problem(client.post(f"/api/devices/{device}/revoke",
                                   headers=headers["coordinator"]), 404)


def _key_of(app, device_id: str) -> str:
    """Recompute a device's key from the server secret and the stored salt."""
    import base64
    import hashlib
    import hmac

    from server.extensions import db
    from server.models import Device

    with app.app_context():
        salt = db.session.get(Device, device_id).key_salt
    message = b"device-key\x00" + device_id.encode() + b"\x00" + salt.encode()
    digest = hmac.new(app.config["SECRET_KEY"].encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def test_each_device_gets_its_own_stable_key_which_is_never_stored(app, client, users):
    import base64

    from sqlalchemy import text

    from server.extensions import db

    device, other = new_id(), new_id()
    first = login(client, "referente@example.org", device_id=device)["device_key"]
    again = login(client, "referente@example.org", device_id=device)["device_key"]
    elsewhere = login(client, "referente@example.org", device_id=other)["device_key"]
    assert first == again != elsewhere
    assert len(base64.urlsafe_b64decode(first + "=")) == 32
    assert first == _key_of(app, device)
    with app.app_context():  # no column of any account table holds it
        for table in ("devices", "login_sessions", "refresh_tokens", "users"):
            rows = db.session.execute(text(f"SELECT * FROM {table}")).all()
            assert first not in repr(rows), table


def test_a_revoked_device_never_gets_its_key_again(client, users, headers):
    device = new_id()
    login(client, "referente@example.org", device_id=device)
    client.post(f"/api/devices/{device}/revoke", headers=headers["coordinator"])
    response = client.post("/api/auth/login", json={
        "email": "referente@example.org", "password": "mot-de-passe-de-test",
        "device_id": device, "device_name": "Test"})
    assert "device_key" not in assert_problem(response, 403, "device_revoked")


def _status(client, body, addr="127.0.0.1"):
    return client.post("/api/auth/device-status", json=body,
                       environ_base={"REMOTE_ADDR": addr})


def test_a_device_without_a_session_learns_whether_it_was_revoked(client, users, headers):
    device, kept = new_id(), new_id()
    for one in (device, kept):
        login(client, "referente@example.org", device_id=one)
    assert _status(client, {"device_id": device}).get_json() == {"revoked": False}
    client.post(f"/api/devices/{device}/revoke", headers=headers["coordinator"])
    assert_problem(_status(client, {"device_id": device}), 403, "device_revoked")
    assert _status(client, {"device_id": kept}).get_json() == {"revoked": False}
    # A device the server never saw is not revoked: nothing is told about others.
    assert _status(client, {"device_id": new_id()}).get_json() == {"revoked": False}


def test_device_status_checks_its_input(client, users):
    for body, field in [({}, "device_id"), ({"device_id": ""}, "device_id"),
                        ({"device_id": 7}, "device_id"), ({"device_id": None}, "device_id"),
                        ({"device_id": "a\x00b"}, "device_id"),
                        ({"device_id": "\ud800"}, "device_id"),
                        ({"device_id": "x" * 201}, "device_id"),
                        ({"device_id": "d", "user": "u"}, "user")]:
        assert assert_problem(_status(client, body), 400)["field"] == field
    assert "field" not in assert_problem(_status(client, {"device_id": "d", "é\x00": 1}), 400)
    for raw in (b"[]", b"", b"{", b'"d"'):
        assert_problem(client.post("/api/auth/device-status", data=raw,
                                   content_type="application/json"), 400)


def test_device_status_is_rate_limited_per_address(app, client, users):
    app.config["DEVICE_STATUS_MAX_PER_HOUR"] = 3
    for _ in range(3):
        assert _status(client, {"device_id": new_id()}, "192.0.2.40").status_code == 200
    response = _status(client, {"device_id": new_id()}, "192.0.2.40")
    assert_problem(response, 429)
    assert 0 < int(response.headers["Retry-After"]) <= 3600
    assert _status(client, {"device_id": new_id()}, "192.0.2.41").status_code == 200
