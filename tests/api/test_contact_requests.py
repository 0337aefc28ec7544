"""POST /api/contact-requests: a public call-back request, idempotent and rate-limited."""
from datetime import datetime, timedelta, timezone

from api_helpers import assert_problem, by_row, new_id, pull_all

REQUEST = {"name": "Inès", "phone": "06 12 34 56 78", "commune": "Septmoncel",
           "message": "Je cherche un scooter", "consent": True}


def _send(client, body, addr="198.51.100.1"):
    return client.post("/api/contact-requests", json=body, environ_base={"REMOTE_ADDR": addr})


def test_a_request_becomes_a_web_contact_to_call_back(client, headers):
    row_id = new_id()
    response = _send(client, {**REQUEST, "id": row_id, "email": "ines@example.org"})
    assert response.status_code == 201
    assert response.get_json() == {"id": row_id, "status": "received"}
    contact = by_row(pull_all(client, headers["referent"])[0])[row_id]
    assert contact["table"] == "contacts"
    data = contact["data"]
    assert (data["channel"], data["audience"], data["callback_status"]) == \
        ("web", "particulier", "a-rappeler")
    assert (data["name"], data["phone"], data["email"]) == \
        ("Inès", "06 12 34 56 78", "ines@example.org")
    # Words that name no commune of the list are kept, said as typed, never as a commune.
    assert "Commune indiquée (hors liste) : Septmoncel" in data["notes"]
    assert "scooter" in data["notes"]
    assert data["date"].endswith("Z")
    # Prescribers never see it.
    assert row_id not in by_row(pull_all(client, headers["prescriber"])[0])


def test_a_commune_chosen_from_the_list_is_noted_with_its_insee_code(client, headers):
    row_id = new_id()
    body = {**REQUEST, "id": row_id, "commune": "Lavans-lès-Saint-Claude",
            "commune_code": "39286"}
    assert _send(client, body).status_code == 201
    data = by_row(pull_all(client, headers["referent"])[0])[row_id]["data"]
    assert data["notes"].startswith("Commune : Lavans-lès-Saint-Claude (39286)\n")
    problem = assert_problem(_send(client, {**body, "id": new_id(), "commune_code": "99999"}),
                             422)
    assert problem["errors"] == {"commune_code": ["Commune inconnue."]}
    assert "commune" in problem["detail"]


def test_a_retried_request_is_stored_once(client, headers):
    row_id = new_id()
    assert _send(client, {**REQUEST, "id": row_id}).status_code == 201
    again = _send(client, {**REQUEST, "id": row_id})
    assert again.status_code == 200
    assert again.get_json() == {"id": row_id, "status": "already_received"}
    contacts = [c for c in pull_all(client, headers["referent"])[0] if c["table"] == "contacts"]
    assert [c["row_id"] for c in contacts] == [row_id]


def test_without_an_id_the_server_chooses_one(client):
    response = _send(client, {"name": "Tom", "phone": "0600000000", "consent": True})
    assert response.status_code == 201 and len(response.get_json()["id"]) == 36


BAD = [
    ({"name": None}, "name"), ({"name": ""}, "name"), ({"name": "   "}, "name"),
    ({"phone": None}, "phone"), ({"phone": 612345678}, "phone"),
    ({"consent": False}, "consent"), ({"consent": "oui"}, "consent"),
    ({"consent": None}, "consent"), ({"id": "42"}, "id"), ({"email": "x" * 400}, "email"),
    ({"message": "a\x00b"}, "message"), ({"age": 17}, "age"), ({"name": "x" * 201}, "name"),
    ({"commune_code": "391234"}, "commune_code"), ({"commune_code": 39478}, "commune_code"),
]


def test_bad_input_is_422_naming_the_field(client, headers):
    for change, field in BAD:
        body = {k: v for k, v in {**REQUEST, **change}.items() if v is not None}
        problem = assert_problem(_send(client, body), 422)
        assert field in problem["errors"], change
    assert pull_all(client, headers["referent"])[0] == []


def test_not_json_is_400(client):
    for raw in (b"", b"name=Ines", b"[1, 2]", b'{"name": NaN}'):
        assert_problem(client.post("/api/contact-requests", data=raw,
                                   content_type="application/json"), 400)


def test_requests_are_rate_limited_per_address(app, client, headers):
    limit = app.config["CALLBACK_MAX_PER_HOUR"]
    ids = [new_id() for _ in range(limit)]
    for row_id in ids:
        assert _send(client, {**REQUEST, "id": row_id}, "203.0.113.9").status_code == 201
    response = _send(client, {**REQUEST, "id": new_id()}, "203.0.113.9")
    assert_problem(response, 429)
    assert 3500 < int(response.headers["Retry-After"]) <= 3601
    # A retry of a request already received is still answered, and other addresses go on.
    retry = _send(client, {**REQUEST, "id": ids[0]}, "203.0.113.9")
    assert retry.status_code == 200 and retry.get_json()["status"] == "already_received"
    assert _send(client, {**REQUEST, "id": new_id()}, "203.0.113.10").status_code == 201
    contacts = [c for c in pull_all(client, headers["referent"])[0] if c["table"] == "contacts"]
    assert len(contacts) == limit + 1


def test_retry_after_says_when_the_oldest_request_leaves_the_hour(app, client):
    from server.extensions import db
    from server.models import RateEvent
    from server.services.auth import rate_key

    key = rate_key("callback-addr", "203.0.113.11", app.config["SECRET_KEY"])
    with app.app_context():
        half_hour_ago = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(minutes=30)
        db.session.add_all([RateEvent(key=key, at=half_hour_ago)
                            for _ in range(app.config["CALLBACK_MAX_PER_HOUR"])])
        db.session.commit()
    response = _send(client, {**REQUEST, "id": new_id()}, "203.0.113.11")
    assert_problem(response, 429)
    assert 1700 < int(response.headers["Retry-After"]) <= 1801


def test_rate_keys_cannot_be_reversed_without_the_secret():
    """A bare hash of an IPv4 address is reversed by trying them all; a keyed one is not."""
    import hashlib

    from server.services.auth import rate_key

    address = "203.0.113.12"
    bare = hashlib.sha256(address.encode()).hexdigest()[:40]
    one, other = rate_key("callback-addr", address, "s1"), rate_key("callback-addr", address, "s2")
    assert one != other and bare not in one and bare not in other
    assert one == rate_key("callback-addr", address, "s1")


SELF_TEST = {"besoin": "permis", "permis": "code-en-cours", "vehicule": "non",
             "horaires": "aide", "loin": "commune", "decale": "oui", "prix": "beaucoup",
             "adapte": "oui"}


def test_a_self_test_sent_with_its_consent_reaches_the_referent(client, headers):
    row_id = new_id()
    body = {**REQUEST, "id": row_id, "self_test": SELF_TEST, "self_test_consent": True}
    assert _send(client, body).status_code == 201
    data = by_row(pull_all(client, headers["referent"])[0])[row_id]["data"]
    assert data["self_test"] == SELF_TEST
    assert data["callback_status"] == "a-rappeler"
    # Sent again identically: the same request; with other answers: another request refused.
    assert _send(client, body).status_code == 200
    other = {**body, "self_test": {**SELF_TEST, "prix": "non"}}
    assert_problem(_send(client, other), 409)


def test_a_self_test_without_its_own_consent_is_refused_and_nothing_is_stored(client, headers):
    row_id = new_id()
    for consent in (None, False, "oui", 1):
        body = {**REQUEST, "id": row_id, "self_test": SELF_TEST}
        if consent is not None:
            body["self_test_consent"] = consent
        problem = assert_problem(_send(client, body), 422)
        assert "self_test_consent" in problem["errors"]
    assert row_id not in by_row(pull_all(client, headers["referent"])[0])


BAD_TESTS = [
    {"permis": "b-suspendu"}, {"sante": "diabète"}, {"besoin": "x" * 5000}, {},
    {"adapte": True}, {"loin": None}, [1, 2], "permis", {"prix": {"a": {"b": {}}}},
    {"besoin": "permis\x00"},
]


def test_a_self_test_that_is_not_the_codes_is_422(client, headers):
    for answers in BAD_TESTS:
        body = {**REQUEST, "id": new_id(), "self_test": answers, "self_test_consent": True}
        problem = assert_problem(_send(client, body), 422)
        assert "self_test" in problem["errors"], answers


def test_the_referent_cannot_sync_free_text_into_a_self_test(client, headers):
    from api_helpers import create, push_one

    result = push_one(client, headers["referent"], "contacts",
                      {"channel": "web", "self_test": {"adapte": "fauteuil roulant"}})
    assert result["status"] != "applied" and "self_test" in result["errors"]
    create(client, headers["referent"], "contacts", {"channel": "web", "self_test": SELF_TEST})
