"""GET /api/sync/pull: pages, opaque cursors, deletions after a cursor."""
import base64

import pytest

from api_helpers import (BENEFICIARY, CONTACT, assert_problem, by_row, create, mutation, pull,
                         pull_all, push_ok, push_one)


def _beneficiaries(client, h, count):
    batch = [mutation("beneficiaries", {**BENEFICIARY, "first_name": f"P{i}"})
             for i in range(count)]
    return push_ok(client, h, batch)


def test_pages_cover_every_change_once_in_version_order(client, headers):
    h = headers["referent"]
    created = _beneficiaries(client, h, 7)
    response = pull(client, h, limit=3)
    assert response.status_code == 200
    page = response.get_json()
    assert len(page["changes"]) == 3 and page["has_more"] is True
    assert page["server_time"].endswith("Z")
    changes, cursor = pull_all(client, h, limit=3)
    assert [c["row_id"] for c in changes] == [r["row_id"] for r in created]
    versions = [c["version"] for c in changes]
    assert versions == sorted(versions) and len(set(versions)) == 7
    assert all(c["table"] == "beneficiaries" and c["deleted"] is False for c in changes)
    # Nothing new: an empty page, the same cursor, has_more false.
    again = pull(client, h, cursor).get_json()
    assert again["changes"] == [] and again["has_more"] is False
    assert again["cursor"] == cursor


def test_default_limit_is_500_and_limit_is_bounded(client, headers):
    h = headers["referent"]
    push_ok(client, h, [mutation("contacts", {"channel": "telephone"}) for _ in range(501)])
    page = pull(client, h).get_json()
    assert len(page["changes"]) == 500 and page["has_more"] is True
    assert len(pull(client, h, limit=1000).get_json()["changes"]) == 501
    assert len(pull(client, h, limit=1).get_json()["changes"]) == 1
    for bad in ("0", "1001", "-1", "abc", "", "1.5", " 5", "²", "1" * 5000):
        problem = assert_problem(client.get("/api/sync/pull", query_string={"limit": bad},
                                            headers=h), 400)
        assert problem["field"] == "limit"


def test_cursor_is_opaque_and_bad_cursors_are_400(client, headers):
    h = headers["referent"]
    result = _beneficiaries(client, h, 2)[-1]
    cursor = pull(client, h).get_json()["cursor"]
    assert cursor != str(result["version"])
    forged = base64.urlsafe_b64encode(b"v1:0").decode().rstrip("=")
    for bad in ("garbage", "0", str(result["version"]), "v1:0", "!!!", "a" * 65, "\x00",
                base64.urlsafe_b64encode(b"v9:1").decode(),
                base64.urlsafe_b64encode(b"v1:" + b"9" * 30).decode()):
        assert_problem(pull(client, h, bad), 400, "bad_cursor")
    # A well-formed cursor is accepted (a client could only have it from the server).
    assert len(pull(client, h, forged).get_json()["changes"]) == 2


def test_every_pull_brings_deleted_rows_as_deletions_without_data(client, headers):
    h = headers["referent"]
    kept = create(client, h, "contacts", CONTACT)
    gone = create(client, h, "contacts", CONTACT)
    push_one(client, h, "contacts", None, gone["row_id"], gone["version"], op="delete")
    changes, cursor = pull_all(client, h)
    assert [(c["row_id"], c["deleted"], c["data"] is None) for c in changes] == [
        (kept["row_id"], False, False), (gone["row_id"], True, True)]

    # Deleted after this client's cursor: arrives as a deletion with no data.
    push_one(client, h, "contacts", None, kept["row_id"], kept["version"], op="delete")
    after, cursor = pull_all(client, h, cursor)
    assert by_row(after)[kept["row_id"]] == {
        "table": "contacts", "row_id": kept["row_id"], "deleted": True, "data": None,
        "version": by_row(after)[kept["row_id"]]["version"]}
    assert all(c["deleted"] for c in after)

    # Created and deleted between two pulls: still reaches the client as a deletion.
    brief = create(client, h, "contacts", CONTACT)
    push_one(client, h, "contacts", None, brief["row_id"], brief["version"],
             op="delete")
    later, _ = pull_all(client, h, cursor)
    assert [(c["row_id"], c["deleted"], c["data"]) for c in later] == \
        [(brief["row_id"], True, None)]


def test_an_edit_moves_a_row_after_the_cursor(client, headers):
    h = headers["referent"]
    row = create(client, h, "beneficiaries", BENEFICIARY)
    _, cursor = pull_all(client, h)
    edit = push_one(client, headers["coordinator"], "beneficiaries", {"commune": "Morez"},
                    row["row_id"], row["version"])
    [change] = pull_all(client, h, cursor)[0]
    assert change["version"] == edit["version"] and change["data"]["commune"] == "Morez"
    assert change["data"]["first_name"] == "Léa"  # the whole row, not just the change


@pytest.mark.parametrize("role", ["referent", "coordinator"])
def test_staff_pull_every_table(client, headers, role):
    h = headers["coordinator"]
    tables = {"partners": {"nom": "Garage solidaire"}, "offers": {"nom": "Permis"},
              "beneficiaries": BENEFICIARY, "contacts": {"channel": "visite"},
              "referrals": {"first_name": "A", "last_name": "B", "consent": True}}
    for table, fields in tables.items():
        create(client, h, table, fields)
    pulled = {c["table"] for c in pull_all(client, headers[role])[0]}
    assert pulled == set(tables)
