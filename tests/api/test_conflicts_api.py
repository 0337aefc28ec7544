"""GET /api/sync/conflicts and POST /api/sync/conflicts/<id>/resolve."""
import pytest

from api_helpers import (BENEFICIARY, CONTACT, assert_problem, by_row, create, new_id,
                         phone_conflict, pull_all, push_one)


def _clash(client, headers):
    """Make a phone conflict on a beneficiary; return (row result, conflict id)."""
    row = create(client, headers["referent"], "beneficiaries", BENEFICIARY)
    push_one(client, headers["coordinator"], "beneficiaries", {"phone": "0611111111"},
             row["row_id"], row["version"])
    result = push_one(client, headers["referent"], "beneficiaries", {"phone": "0622222222"},
                      row["row_id"], row["version"])
    assert result["status"] == "conflict"
    return row, result["conflict_id"]


def _conflicts(client, h, status=None):
    response = client.get("/api/sync/conflicts", headers=h,
                          query_string={"status": status} if status else None)
    assert response.status_code == 200
    return response.get_json()["items"]


def _resolve(client, h, conflict_id, fields):
    return client.post(f"/api/sync/conflicts/{conflict_id}/resolve", json={"fields": fields},
                       headers=h)


def _data(client, h, row_id):
    return by_row(pull_all(client, h)[0])[row_id]


def test_conflicts_are_listed_with_both_values(client, headers, users):
    row, conflict_id = _clash(client, headers)
    for role in ("referent", "coordinator"):
        [item] = _conflicts(client, headers[role])
        assert item["id"] == conflict_id and item["table"] == "beneficiaries"
        assert item["row_id"] == row["row_id"] and item["status"] == "open"
        assert item["fields"] == {"phone": {"server": "0611111111", "client": "0622222222"}}
        assert item["author"] == users["referent"]["id"]
        assert item["created_at"].endswith("Z")
    assert _conflicts(client, headers["referent"], "resolved") == []


def test_prescribers_neither_list_nor_resolve_conflicts(client, headers):
    _, conflict_id = _clash(client, headers)
    assert_problem(client.get("/api/sync/conflicts", headers=headers["prescriber"]), 403,
                   "forbidden")
    assert_problem(_resolve(client, headers["prescriber"], conflict_id, {"phone": "x"}), 403,
                   "forbidden")
    assert_problem(client.get("/api/sync/conflicts"), 401)
    assert_problem(_resolve(client, {}, conflict_id, {}), 401)
    assert len(_conflicts(client, headers["referent"])) == 1


def test_resolving_writes_a_new_version_and_keeps_the_history(client, headers, users):
    row, conflict_id = _clash(client, headers)
    before = _data(client, headers["referent"], row["row_id"])["version"]
    response = _resolve(client, headers["coordinator"], conflict_id, {"phone": "0622222222"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == conflict_id and body["row_id"] == row["row_id"]
    assert body["deleted"] is False and body["version"] > before
    change = _data(client, headers["referent"], row["row_id"])
    assert change["version"] == body["version"] and change["data"]["phone"] == "0622222222"
    assert _conflicts(client, headers["referent"]) == []
    [done] = _conflicts(client, headers["referent"], "resolved")
    assert done["id"] == conflict_id and done["status"] == "resolved"
    assert done["resolved_by"] == users["coordinator"]["id"] and done["resolved_at"]
    # Resolved already: 409, and nothing changes.
    assert_problem(_resolve(client, headers["referent"], conflict_id, {"phone": "autre"}),
                   409, "conflict_resolved")
    assert _data(client, headers["referent"], row["row_id"])["version"] == body["version"]


def test_resolve_errors(client, headers):
    row, conflict_id = _clash(client, headers)
    h = headers["referent"]
    assert_problem(_resolve(client, h, new_id(), {}), 404, "conflict_not_found")
    assert_problem(_resolve(client, h, "pas-un-uuid", {}), 404)
    assert_problem(_resolve(client, h, "a%00b", {}), 404)
    assert_problem(client.post(f"/api/sync/conflicts/{conflict_id}/resolve", data="{",
                               content_type="application/json", headers=h), 400)
    assert_problem(client.post(f"/api/sync/conflicts/{conflict_id}/resolve", json=[1],
                               headers=h), 400)
    for fields, key in [(None, "fields"), ("phone", "fields"), ({"nickname": "x"}, "nickname"),
                        ({"phone": 12}, "phone"), ({"sex": "Q"}, "sex"),
                        ({"_deleted": "oui"}, "_deleted")]:
        problem = assert_problem(_resolve(client, h, conflict_id, fields), 422,
                                 "validation_failed")
        assert key in problem["errors"]
    assert_problem(client.get("/api/sync/conflicts", query_string={"status": "all"},
                              headers=h), 400)
    assert len(_conflicts(client, h)) == 1  # still open after all these


def test_a_stale_delete_conflicts_and_resolving_with_deleted_true_deletes(client, headers):
    h = headers["referent"]
    row = create(client, h, "contacts", CONTACT)
    push_one(client, headers["coordinator"], "contacts", {"notes": "suivi"},
             row["row_id"], row["version"])
    result = push_one(client, h, "contacts", None, row["row_id"], row["version"],
                      op="delete")
    assert result["status"] == "conflict"
    [item] = _conflicts(client, h)
    assert item["fields"] == {"_deleted": {"server": False, "client": True}}
    assert _data(client, h, row["row_id"])["deleted"] is False  # the row stays meanwhile
    _, cursor = pull_all(client, h)
    response = _resolve(client, h, item["id"], {"_deleted": True})
    assert response.status_code == 200 and response.get_json()["deleted"] is True
    [change] = pull_all(client, h, cursor)[0]
    assert change["row_id"] == row["row_id"] and change["deleted"] is True


@pytest.mark.parametrize("chosen", [{"phone": "0644444444"}, {"phone": "0644444444",
                                                             "_deleted": False}])
def test_an_edit_to_a_deleted_row_resolved_with_values_brings_it_back(client, headers,
                                                                      chosen):
    h = headers["referent"]
    row = create(client, h, "contacts", CONTACT)
    push_one(client, headers["coordinator"], "contacts", None, row["row_id"],
             row["version"], op="delete")
    result = push_one(client, h, "contacts", {"phone": "0644444444"}, row["row_id"],
                      row["version"])
    assert result["status"] == "conflict"
    assert by_row(pull_all(client, h)[0])[row["row_id"]]["deleted"] is True
    response = _resolve(client, headers["coordinator"], result["conflict_id"], chosen)
    assert response.status_code == 200 and response.get_json()["deleted"] is False
    change = _data(client, h, row["row_id"])
    assert change["deleted"] is False
    assert change["data"]["phone"] == "0644444444" and change["data"]["name"] == "Léa M."


def test_resolving_writes_only_the_fields_in_conflict(client, headers):
    h = headers["referent"]
    person, clash = phone_conflict(client, headers)
    problem = assert_problem(_resolve(client, h, clash["conflict_id"],
                                      {"phone": "0633333333", "notes": "en passant"}), 422)
    assert "notes" in problem["errors"] and "phone" not in problem["errors"]
    assert _resolve(client, h, clash["conflict_id"], {"phone": "0633333333"}).status_code == 200


def test_a_soft_conflict_is_listed_for_review_and_closed_once_seen(client, headers):
    row = create(client, headers["referent"], "beneficiaries", BENEFICIARY)
    push_one(client, headers["coordinator"], "beneficiaries", {"commune": "Viry"},
             row["row_id"], row["version"])
    merged = push_one(client, headers["referent"], "beneficiaries", {"phone": "0622222222"},
                      row["row_id"], row["version"])
    assert merged["status"] == "applied"
    assert _conflicts(client, headers["referent"]) == []  # nothing to settle
    [review] = _conflicts(client, headers["referent"], "review")
    assert review["row_id"] == row["row_id"] and review["status"] == "review"
    assert review["fields"] == {"commune": {"server": "Viry"}, "phone": {"client": "0622222222"}}
    seen = client.post(f"/api/sync/conflicts/{review['id']}/seen", headers=headers["coordinator"])
    assert seen.status_code == 200 and seen.get_json() == {"id": review["id"], "status": "seen"}
    assert _conflicts(client, headers["referent"], "review") == []
    again = client.post(f"/api/sync/conflicts/{review['id']}/seen", headers=headers["referent"])
    assert_problem(again, 409)
    for bad in (new_id(), "pas-un-id", "%00"):
        assert_problem(client.post(f"/api/sync/conflicts/{bad}/seen",
                                   headers=headers["referent"]), 404)
    assert_problem(client.post(f"/api/sync/conflicts/{review['id']}/seen",
                               headers=headers["prescriber"]), 403)
    # An open conflict is settled by choosing, not by a look.
    _, conflict_id = _clash(client, headers)
    assert_problem(client.post(f"/api/sync/conflicts/{conflict_id}/seen",
                               headers=headers["referent"]), 404)
