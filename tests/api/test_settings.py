"""Device settings: every role reads them, the coordinator sets them, sign-ins carry them."""
from api_helpers import assert_problem
from conftest import bearer, login
from server.extensions import db
from server.models import AuditEvent

DEFAULTS = {"lock_idle_minutes": 5, "password_hours": 8, "offline_days": 14}
CHOSEN = {"lock_idle_minutes": 2, "password_hours": 24, "offline_days": 90}


def _put(client, headers, body):
    return client.put("/api/settings/devices", json=body, headers=headers)


def test_every_role_reads_the_defaults_until_the_coordinator_sets_them(client, headers):
    for role in ("referent", "coordinator", "prescriber"):
        response = client.get("/api/settings/devices", headers=headers[role])
        assert response.status_code == 200 and response.get_json() == DEFAULTS
    assert_problem(client.get("/api/settings/devices"), 401)
    assert login(client, "presc@example.org")["device_settings"] == DEFAULTS


def test_the_coordinator_sets_them_and_sign_ins_and_refreshes_carry_them(app, client, users,
                                                                        headers):
    tokens = login(client, "referente@example.org")
    response = _put(client, headers["coordinator"], CHOSEN)
    assert response.status_code == 200 and response.get_json() == CHOSEN
    assert client.get("/api/settings/devices", headers=headers["referent"]).get_json() == CHOSEN
    refreshed = client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert refreshed.get_json()["device_settings"] == CHOSEN
    assert login(client, "presc@example.org")["device_settings"] == CHOSEN
    again = {**CHOSEN, "offline_days": 1}
    assert _put(client, headers["coordinator"], again).get_json() == again
    with app.app_context():
        details = [e.detail for e in db.session.query(AuditEvent).filter_by(
            table_name="device_settings").order_by(AuditEvent.id)]
        # Names of what changed, never the values.
        assert details == ["lock_idle_minutes,offline_days,password_hours", "offline_days"]


def test_only_the_coordinator_changes_them(client, headers):
    for role in ("referent", "prescriber"):
        assert_problem(_put(client, headers[role], CHOSEN), 403, "forbidden")
    assert_problem(client.put("/api/settings/devices", json=CHOSEN), 401)
    assert client.get("/api/settings/devices", headers=headers["referent"]).get_json() == \
        DEFAULTS


def test_bad_values_are_400_with_the_field_and_a_french_message(client, headers):
    cases = [
        ({**DEFAULTS, "lock_idle_minutes": 0}, "lock_idle_minutes", "entre 1 et 60"),
        ({**DEFAULTS, "lock_idle_minutes": 61}, "lock_idle_minutes", "entre 1 et 60"),
        ({**DEFAULTS, "password_hours": 25}, "password_hours", "entre 1 et 24"),
        ({**DEFAULTS, "offline_days": 91}, "offline_days", "entre 1 et 90"),
        ({**DEFAULTS, "offline_days": -1}, "offline_days", "entre 1 et 90"),
        ({**DEFAULTS, "offline_days": 2**70}, "offline_days", "entre 1 et 90"),
        ({**DEFAULTS, "offline_days": "14"}, "offline_days", "entier"),
        ({**DEFAULTS, "offline_days": 14.0}, "offline_days", "entier"),
        ({**DEFAULTS, "offline_days": 14.5}, "offline_days", "entier"),
        ({**DEFAULTS, "offline_days": True}, "offline_days", "entier"),
        ({**DEFAULTS, "offline_days": None}, "offline_days", "obligatoire"),
        ({"lock_idle_minutes": 5, "password_hours": 8}, "offline_days", "obligatoire"),
        ({**DEFAULTS, "theme": "sombre"}, "theme", "inconnu"),
    ]
    for body, field, words in cases:
        problem = assert_problem(_put(client, headers["coordinator"], body), 400)
        assert problem["field"] == field, body
        assert words in problem["detail"], problem
    hostile = assert_problem(_put(client, headers["coordinator"], {**DEFAULTS, "a\x00": 1}), 400)
    assert "field" not in hostile and "\x00" not in hostile["detail"]
    for raw in (b"[]", b"", b"{", b"null", b'{"offline_days": NaN}'):
        assert_problem(client.put("/api/settings/devices", data=raw,
                                  content_type="application/json",
                                  headers=headers["coordinator"]), 400)
    assert client.get("/api/settings/devices", headers=headers["referent"]).get_json() == \
        DEFAULTS
