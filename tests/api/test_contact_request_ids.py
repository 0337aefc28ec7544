"""The public call-back form picks its row id: never one that already exists, in any table."""
from api_helpers import BENEFICIARY, CONTACT, assert_problem, by_row, create, new_id, pull_all
from server.api.contact_requests import TAKEN

REQUEST = {"name": "Inès", "phone": "06 12 34 56 78", "commune": "Septmoncel",
           "message": "Je cherche un scooter", "consent": True}


def _send(client, body, addr="198.51.100.7"):
    return client.post("/api/contact-requests", json=body, environ_base={"REMOTE_ADDR": addr})


def _conflicts(client, headers):
    return client.get("/api/sync/conflicts", headers=headers["referent"]).get_json()["items"]


def _refused(response):
    problem = assert_problem(response, 409, "id_taken")
    assert problem["detail"] == TAKEN
    return problem


def test_a_replay_with_the_same_words_is_answered_again(client, headers):
    row_id = new_id()
    assert _send(client, {**REQUEST, "id": row_id}).status_code == 201
    for _ in range(2):
        again = _send(client, {**REQUEST, "id": row_id})
        assert again.status_code == 200
        assert again.get_json() == {"id": row_id, "status": "already_received"}
    # The same words in another order, or an absent e-mail sent as null, are the same request.
    assert _send(client, {**REQUEST, "email": None, "id": row_id}).status_code == 200


def test_the_same_id_with_other_words_is_refused_and_changes_nothing(client, headers):
    row_id = new_id()
    assert _send(client, {**REQUEST, "id": row_id}).status_code == 201
    for change in ({"name": "Quelqu'un d'autre"}, {"phone": "0700000000"},
                   {"message": "Rappelez plutôt ce numéro"}, {"email": "x@example.org"}):
        _refused(_send(client, {**REQUEST, **change, "id": row_id}))
        _refused(_send(client, {**REQUEST, **change, "id": row_id}))  # and again on a retry
    contact = by_row(pull_all(client, headers["referent"])[0])[row_id]["data"]
    assert (contact["name"], contact["phone"]) == ("Inès", "06 12 34 56 78")
    assert "scooter" in contact["notes"] and contact["email"] is None
    assert _conflicts(client, headers) == []


def test_an_id_of_any_existing_row_is_refused(client, headers, users):
    person = create(client, headers["referent"], "beneficiaries", BENEFICIARY)
    referral = create(client, headers["prescriber"], "referrals", {
        "first_name": "Yanis", "last_name": "Orienté", "consent": True})
    contact = create(client, headers["referent"], "contacts", CONTACT)
    before = {c["row_id"]: c["version"] for c in pull_all(client, headers["coordinator"])[0]}
    for row_id in (person["row_id"], referral["row_id"], contact["row_id"],
                   users["referent"]["id"], person["row_id"].upper()):
        _refused(_send(client, {**REQUEST, "id": row_id}))
    after = pull_all(client, headers["coordinator"])[0]
    assert {c["row_id"]: c["version"] for c in after} == before  # nothing written, anywhere
    assert by_row(after)[contact["row_id"]]["data"]["name"] == CONTACT["name"]
    assert _conflicts(client, headers) == []


def test_an_erased_or_deleted_row_keeps_its_id(client, headers):
    contact = create(client, headers["referent"], "contacts", CONTACT)
    push = client.post("/api/sync/push", headers=headers["referent"], json={
        "client_id": "t", "schema_version": 1, "mutations": [{
            "id": new_id(), "table": "contacts", "op": "delete", "row_id": contact["row_id"],
            "base_version": contact["version"], "fields": {}}]})
    assert push.get_json()["results"][0]["status"] == "applied"
    _refused(_send(client, {**REQUEST, "id": contact["row_id"]}))
    assert _conflicts(client, headers) == []


def test_refused_ids_count_against_the_hourly_limit(app, client, headers):
    person = create(client, headers["referent"], "beneficiaries", BENEFICIARY)
    for n in range(app.config["CALLBACK_MAX_PER_HOUR"]):  # each one a new try
        _refused(_send(client, {**REQUEST, "message": f"essai {n}", "id": person["row_id"]},
                       "203.0.113.77"))
    assert_problem(_send(client, {**REQUEST, "id": new_id()}, "203.0.113.77"), 429)
