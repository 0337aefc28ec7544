"""GET /api/sync/digest: what a device should hold, per table, compared with what it pulled;
GET /api/sync/pull?table=: one table pulled again on its own."""
import hashlib

from api_helpers import (BENEFICIARY, assert_problem, by_row, create, new_id, pull, pull_all,
                         push_one)


def _held(changes):
    """What a device holds after applying pulled changes: {table: {row_id: version}}."""
    held = {}
    for change in changes:
        rows = held.setdefault(change["table"], {})
        if change["deleted"]:
            rows.pop(change["row_id"], None)
        else:
            rows[change["row_id"]] = change["version"]
    return held


def _hash(rows: dict, leave_out=()) -> tuple[int, str]:
    kept = sorted((i, v) for i, v in rows.items() if i not in leave_out)
    text = "".join(f"{i}:{v}\n" for i, v in kept)
    return len(kept), hashlib.sha256(text.encode()).hexdigest()


def _digest(client, h, cursor):
    response = client.get("/api/sync/digest", query_string={"cursor": cursor}, headers=h)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_device_that_pulled_everything_matches_the_digest(client, headers):
    h = headers["referent"]
    a = create(client, h, "beneficiaries", BENEFICIARY)
    b = create(client, h, "contacts", {"channel": "telephone"})
    create(client, h, "contacts", {"channel": "visite"})
    push_one(client, h, "beneficiaries", {"phone": "0600000001"}, a["row_id"], a["version"])
    assert push_one(client, h, "contacts", {}, b["row_id"], b["version"],
                    op="delete")["status"] == "applied"
    changes, cursor = pull_all(client, h)
    held = _held(changes)
    answer = _digest(client, h, cursor)
    assert answer["newer"] == {} and answer["too_far"] is False
    for table, digest in answer["tables"].items():
        assert (digest["count"], digest["hash"]) == _hash(held.get(table, {})), table
    assert answer["tables"]["contacts"]["count"] == 1  # the deleted one is not held

    # A row missing on the device, or at an older version, shows as a difference.
    missing = dict(held["beneficiaries"])
    missing.pop(a["row_id"])
    assert _hash(missing) != (answer["tables"]["beneficiaries"]["count"],
                              answer["tables"]["beneficiaries"]["hash"])


def test_changes_after_the_cursor_are_listed_apart_and_left_out(client, headers):
    h = headers["referent"]
    a = create(client, h, "beneficiaries", BENEFICIARY)
    changes, cursor = pull_all(client, h)
    held = _held(changes)
    # Another device changes the row and creates one after this device's sync.
    push_one(client, headers["coordinator"], "beneficiaries", {"phone": "0600000002"},
             a["row_id"], a["version"])
    other = create(client, headers["coordinator"], "beneficiaries", BENEFICIARY)
    answer = _digest(client, h, cursor)
    assert sorted(answer["newer"]["beneficiaries"]) == sorted([a["row_id"], other["row_id"]])
    digest = answer["tables"]["beneficiaries"]
    assert (digest["count"], digest["hash"]) == _hash(held["beneficiaries"],
                                                      answer["newer"]["beneficiaries"])


def test_a_prescriber_digest_covers_their_own_referrals_only(client, headers):
    mine = create(client, headers["prescriber"], "referrals",
                  {"first_name": "Noa", "last_name": "Exemple", "consent": True})
    create(client, headers["referent"], "beneficiaries", BENEFICIARY)
    changes, cursor = pull_all(client, headers["prescriber"])
    answer = _digest(client, headers["prescriber"], cursor)
    assert set(answer["tables"]) == {"offers", "partners", "referrals"}
    assert answer["tables"]["referrals"]["count"] == 1
    assert _hash(_held(changes)["referrals"]) == (1, answer["tables"]["referrals"]["hash"])
    assert mine["row_id"] in _held(changes)["referrals"]


def test_one_table_pulled_again_on_its_own(client, headers):
    h = headers["referent"]
    person = create(client, h, "beneficiaries", BENEFICIARY)
    create(client, h, "contacts", {"channel": "telephone"})
    response = pull(client, h, limit=1000)
    everything = response.get_json()["changes"]
    assert {c["table"] for c in everything} >= {"beneficiaries", "contacts"}
    only = client.get("/api/sync/pull", query_string={"table": "beneficiaries", "limit": 1000},
                      headers=h).get_json()
    assert {c["table"] for c in only["changes"]} == {"beneficiaries"}
    assert person["row_id"] in by_row(only["changes"])
    for bad in ({"table": "users"}, {"table": "x" * 300}):
        assert_problem(client.get("/api/sync/pull", query_string=bad, headers=h), 400)
    assert_problem(client.get("/api/sync/digest", query_string={"cursor": "pas-un-curseur"},
                              headers=h), 400)
    assert client.get("/api/sync/digest").status_code == 401
