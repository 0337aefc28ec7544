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
