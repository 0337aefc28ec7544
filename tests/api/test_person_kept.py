"""A person's file is never deleted by sync: only the coordinator's erasure removes it, whole."""
from types import SimpleNamespace

import pytest

from server.extensions import db
from server.services.policy import PERSON_KEPT
from server.services.sync_store import SqlStore
from sync import Engine
from sync.policy import AllowAll

from api_helpers import (BENEFICIARY, assert_problem, by_row, create, mutation, new_id,
                         pull_all, push_ok, push_one)


def _person_with_file(client, headers):
    """A person with an action step and a contact; return (person result, their row ids)."""
    h = headers["referent"]
    person = create(client, h, "beneficiaries", BENEFICIARY)
    rows = [create(client, h, table, {**fields, "beneficiary_id": person["row_id"]})["row_id"]
            for table, fields in (("action_steps", {"label": "Passer le code"}),
                                  ("contacts", {"channel": "telephone"}))]
    return person, rows


def _conflicts(client, headers):
    return client.get("/api/sync/conflicts", headers=headers["coordinator"]).get_json()["items"]


@pytest.mark.parametrize("role", ["coordinator", "referent", "prescriber"])
def test_no_role_deletes_a_person_through_a_push(client, headers, role):
    person, rows = _person_with_file(client, headers)
    results = push_ok(client, headers[role], [
        mutation("beneficiaries", {}, person["row_id"], person["version"], op="delete"),
        mutation("beneficiaries", {}, person["row_id"], None, op="delete"),
        mutation("beneficiaries", {}, new_id(), None, op="delete"),  # never on the server
    ])
    for result in results:
        assert result["status"] == "rejected" and result["version"] is None
        # A prescriber is refused for the role before anything is said about the file.
        assert result["errors"] == {"_permission": [
            PERSON_KEPT if role != "prescriber"
            else "Votre rôle ne permet pas de modifier ces données."]}
    changes = by_row(pull_all(client, headers["coordinator"])[0])
    assert changes[person["row_id"]]["version"] == person["version"]  # not even touched
    assert all(changes[row_id]["deleted"] is False for row_id in [person["row_id"], *rows])
    assert _conflicts(client, headers) == []


def test_the_rows_of_a_file_still_delete_and_the_batch_goes_on(client, headers):
    person, (step, contact) = _person_with_file(client, headers)
    held = by_row(pull_all(client, headers["referent"])[0])
    results = push_ok(client, headers["referent"], [
        mutation("beneficiaries", {}, person["row_id"], person["version"], op="delete"),
        mutation("contacts", {}, contact, held[contact]["version"], op="delete"),
    ])
    assert [r["status"] for r in results] == ["rejected", "applied"]
    changes = by_row(pull_all(client, headers["referent"])[0])
    assert changes[contact]["deleted"] is True and {person["row_id"], step} <= set(changes)


@pytest.mark.parametrize("role", ["coordinator", "referent"])
def test_a_resolution_cannot_delete_a_person(client, headers, role):
    h = headers["referent"]
    person = create(client, h, "beneficiaries", BENEFICIARY)
    push_one(client, headers["coordinator"], "beneficiaries", {"phone": "0611111111"},
             person["row_id"], person["version"])
    clash = push_one(client, h, "beneficiaries", {"phone": "0622222222"}, person["row_id"],
                     person["version"])
    assert clash["status"] == "conflict"
    url = f"/api/sync/conflicts/{clash['conflict_id']}/resolve"
    for chosen in ({"_deleted": True}, {"phone": "0622222222", "_deleted": True}):
        refused = client.post(url, json={"fields": chosen}, headers=headers[role])
        assert assert_problem(refused, 403, "forbidden")["detail"] == PERSON_KEPT
    assert [c["id"] for c in _conflicts(client, headers)] == [clash["conflict_id"]]
    assert by_row(pull_all(client, h)[0])[person["row_id"]]["deleted"] is False
    # Any other resolution is as before.
    answer = client.post(url, json={"fields": {"phone": "0622222222"}}, headers=headers[role])
    assert answer.status_code == 200 and answer.get_json()["deleted"] is False
    assert _conflicts(client, headers) == []


def test_a_person_deleted_before_this_rule_may_stay_deleted(app, client, headers, users):
    """A plain delete an older server applied: keeping it changes nothing, so it is allowed."""
    h = headers["referent"]
    person = create(client, h, "beneficiaries", BENEFICIARY)
    with app.app_context():  # the server before this rule: no policy refused the delete
        specs = app.extensions["sync_engine"].specs
        body = {"client_id": "ancien", "schema_version": 1, "mutations": [mutation(
            "beneficiaries", {}, person["row_id"], person["version"], op="delete")]}
        old = SimpleNamespace(id=users["coordinator"]["id"], role="coordinator")
        [gone] = Engine(specs, AllowAll()).push(SqlStore(db.session, specs), old,
                                                 body)["results"]
    assert gone["status"] == "applied" and gone["version"] > person["version"]
    again = push_one(client, h, "beneficiaries", None, person["row_id"], gone["version"],
                     op="delete")
    assert again["status"] == "applied" and again["version"] == gone["version"]
    late = push_one(client, h, "beneficiaries", {"phone": "0633333333"}, person["row_id"],
                    person["version"])
    assert late["status"] == "conflict"
    answer = client.post(f"/api/sync/conflicts/{late['conflict_id']}/resolve",
                         json={"fields": {"_deleted": True}}, headers=h)
    assert answer.status_code == 200 and answer.get_json()["deleted"] is True
    assert by_row(pull_all(client, h)[0])[person["row_id"]]["deleted"] is True
