"""Hostile input never gives a 500, on SQLite and PostgreSQL; every error is problem+json."""
import json

import pytest

from api_helpers import (BENEFICIARY, CONTACT, PROBLEM, assert_problem, by_row, create,
                         envelope, future, mutation, new_id, pull_all, push_ok, push_one)
from conftest import bearer, login
from server.schemas.tables import SCHEMAS

DEEP = 100_000
# Raw bodies that are not JSON a client could mean: each must be a 4xx problem.
HOSTILE_BODIES = {
    "deep arrays": b"[" * DEEP + b"]" * DEEP,
    "deep objects": b'{"a":' * DEEP + b"1" + b"}" * DEEP,
    "deep unclosed": b"[" * DEEP,
    "NaN": b'{"client_id": "c", "schema_version": NaN, "mutations": []}',
    "Infinity": b'{"client_id": "c", "schema_version": 1, "mutations": [Infinity]}',
    "-Infinity": b'{"email": -Infinity}',
    "overflowing float": b'{"client_id": "c", "schema_version": 1, "mutations": [1e400]}',
    "10**5000": b'{"client_id": "c", "schema_version": 1' + b"0" * 5000 + b', "mutations": []}',
    "invalid UTF-8": b'{"client_id": "\xff\xfe", "schema_version": 1, "mutations": []}',
    "UTF-16": json.dumps({"a": 1}).encode("utf-16"),
    "bare string": b'"\\ud800"',
    "empty": b"",
    "NUL": b"\x00",
    "trailing garbage": b'{"a": 1} {"b": 2}',
}
# Values no field accepts (strings that no database stores, numbers out of every range).
HOSTILE_VALUES = {
    "lone surrogate": "\ud800", "low surrogate": "abc\udfff", "NUL": "a\x00b",
    "2**70": 2**70, "-2**70": -(2**70), "10**4000": 10**4000, "1e308": 1e308,
    "deep list": json.loads("[" * 500 + "]" * 500),
    "operator object": {"$gt": ""}, "huge string": "x" * 200_000,
}
JSON_POSTS = ["/api/auth/login", "/api/sync/push", "/api/contact-requests",
              "/api/sync/conflicts/{id}/resolve", "/api/auth/refresh", "/api/auth/logout",
              "/api/auth/password", "/api/auth/device-status"]
NO_BODY = ("/api/auth/refresh", "/api/auth/logout")


def _no_500(response):
    assert response.status_code < 500, response.get_data()[:300]
    if response.status_code >= 400:
        assert_problem(response, response.status_code)
    return response


def test_hostile_bodies_are_400_problems_everywhere(client, headers):
    for name, raw in HOSTILE_BODIES.items():
        for path in JSON_POSTS:
            # Logging out ends the session it is sent with: give it one of its own.
            sent = (bearer(login(client, "referente@example.org")["access_token"])
                    if path == "/api/auth/logout" else headers["referent"])
            response = _no_500(client.post(path.format(id=new_id()), data=raw,
                                           content_type="application/json", headers=sent))
            if path not in NO_BODY:
                assert response.status_code == 400, (name, path)


def test_hostile_values_in_every_field_are_rejected_alone(client, headers):
    h = headers["coordinator"]
    batch = []
    for table, schema in SCHEMAS.items():
        for field in schema._declared_fields:
            if table == "attendances" and field != "present":
                continue  # natural-key fields: see test_hostile_natural_key_values...
            for value in HOSTILE_VALUES.values():
                batch.append(mutation(table, {field: value}))
    batch += [mutation("beneficiaries", {**BENEFICIARY, key: 1})
              for key in ("\ud800", "a\x00", "x" * 10_000, "")]
    for start in range(0, len(batch), 500):
        part = batch[start:start + 500]
        for m, result in zip(part, push_ok(client, h, part)):
            derived = set(m["fields"]) <= {"levels", "stage"}
            if not derived:
                assert result["status"] == "rejected", (m["table"], list(m["fields"]))
    _no_500(client.get("/api/sync/pull", headers=h))
    rows = pull_all(client, h)[0]
    # What got in (diagnostics whose computed fields were ignored) holds none of it.
    assert all(c["table"] == "diagnostics" for c in rows)
    assert not any("\x00" in json.dumps(c["data"]) for c in rows)


def test_hostile_values_in_edits_of_existing_rows_are_rejected(client, headers):
    h = headers["coordinator"]
    person = create(client, h, "beneficiaries", BENEFICIARY)
    offer = create(client, h, "offers", {"nom": "Permis"})
    edits = [mutation(table, {field: value}, row["row_id"], row["version"])
             for table, row, fields in (("beneficiaries", person, ("notes", "birth_date",
                                                                  "qpv", "referred_by")),
                                        ("offers", offer, ("age_min", "latitude",
                                                           "thematiques", "nom")))
             for field in fields for value in HOSTILE_VALUES.values()]
    assert {r["status"] for r in push_ok(client, h, edits)} == {"rejected"}
    rows = by_row(pull_all(client, h)[0])
    assert rows[person["row_id"]]["version"] == person["version"]
    assert rows[offer["row_id"]]["version"] == offer["version"]


def test_hostile_mutation_envelopes_are_rejected_alone(client, headers):
    h = headers["referent"]
    good = mutation("beneficiaries", BENEFICIARY)
    bad = []
    for value in HOSTILE_VALUES.values():
        for key in ("id", "table", "op", "row_id", "base_version", "fields", "client_ts"):
            bad.append({**mutation("beneficiaries", BENEFICIARY), key: value})
    bad += [{"\ud800": 1, **good, "id": new_id()}, {"a\x00": 1, **good, "id": new_id()},
            None, 7, "x", [good]]
    response = client.post("/api/sync/push", json=envelope(bad + [good]), headers=h)
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["status"] for r in results] == ["rejected"] * len(bad) + ["applied"]
    for key in ("client_id",):
        for value in HOSTILE_VALUES.values():
            body = {**envelope([good]), key: value}
            assert_problem(client.post("/api/sync/push", json=body, headers=h), 400)


def test_hostile_resolution_values_are_422(client, headers):
    h = headers["referent"]
    row = create(client, h, "beneficiaries", BENEFICIARY)
    push_one(client, headers["coordinator"], "beneficiaries", {"notes": "a"}, row["row_id"],
             row["version"])
    conflict_id = push_one(client, h, "beneficiaries", {"notes": "b"}, row["row_id"],
                           row["version"])["conflict_id"]
    url = f"/api/sync/conflicts/{conflict_id}/resolve"
    for value in HOSTILE_VALUES.values():
        for fields in ({"notes": value}, {"_deleted": value}, value):
            _no_500(client.post(url, json={"fields": fields}, headers=h))
    for key in ("\ud800", "a\x00", "x" * 100_000):
        assert_problem(client.post(url, json={"fields": {key: 1}}, headers=h), 422)
    # None of it resolved the conflict; a proper resolution still works.
    assert len(client.get("/api/sync/conflicts", headers=h).get_json()["items"]) == 1
    assert client.post(url, json={"fields": {"notes": "ok"}, "extra": "\ud800"},
                       headers=h).status_code == 200


def test_hostile_login_and_contact_request_values(client, users):
    for value in HOSTILE_VALUES.values():
        for key in ("email", "password", "device_id", "device_name"):
            body = {"email": "coord@example.org", "password": "x" * 12, "device_id": "d",
                    key: value}
            response = _no_500(client.post("/api/auth/login", json=body))
            assert response.status_code in (400, 401)
        for key in ("id", "name", "phone", "email", "commune", "message", "consent",
                    "\ud800", "a\x00"):
            body = {"name": "A", "phone": "06", "consent": True, key: value}
            assert_problem(client.post("/api/contact-requests", json=body), 422)


def test_hostile_queries(client, headers):
    h = headers["referent"]
    for query in ("cursor=%00", "cursor=%ED%A0%80", "cursor=" + "A" * 10_000, "limit=%00",
                  "limit=99999999999999999999999", "limit=" + "9" * 5000, "limit=%EF%BC%95",
                  "cursor=dj E6MQ", "cursor=&limit=", "limit=1&limit=2000"):
        response = _no_500(client.get(f"/api/sync/pull?{query}", headers=h))
        assert response.status_code in (200, 400), query
    for query in ("q=%00", "q=%ED%A0%80", "q=" + "x" * 5000, "commune=%ff", "thematique[]=a",
                  "frais=gratuit&frais=payant", "q=" + "%20" * 190, "status=%00"):
        for path in ("/api/offers", "/api/sync/conflicts", "/api/partners",
                     "/api/sessions/public"):
            response = _no_500(client.get(f"{path}?{query}", headers=h))
            assert response.status_code in (200, 400), (path, query)
    _no_500(client.get("/api/offers", headers={"If-None-Match": "x" * 8000}))


def test_hostile_path_parameters(client, headers):
    h = headers["coordinator"]
    for path in ("a%00b", "%ED%A0%80", "x" * 5000, "..%2F..%2Fetc", "%F0%9F%98%80", "%FF"):
        for url in (f"/api/sync/conflicts/{path}/resolve", f"/api/devices/{path}/revoke"):
            response = _no_500(client.post(url, json={"fields": {}}, headers=h))
            assert response.status_code == 404 or "%2F" in path, url  # a slash: no route


def test_hostile_authorization_headers(client):
    for value in ("Bearer " + "a" * 100_000, "Bearer \x01\x02", "Bearer a.b.c.d.e",
                  "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOm51bGx9.", "bearer",
                  "Bearer " + "é" * 10):
        response = client.get("/api/sync/pull", headers={"Authorization": value})
        assert_problem(response, 401)


def test_unknown_paths_and_methods_are_problems(client, headers):
    assert_problem(client.get("/api/nope"), 404)
    assert "Allow" not in client.post("/api/nope").headers
    assert_problem(client.post("/api/nope"), 404)
    assert_problem(client.get("/api/sync/conflicts/x/resolve", headers=headers["referent"]),
                   405)
    for method, path in (("get", "/api/sync/push"), ("delete", "/api/offers"),
                         ("put", "/api/auth/login"), ("get", "/api/contact-requests")):
        response = getattr(client, method)(path)
        assert_problem(response, 405)
        # RFC 9110: a 405 says what is allowed (and the web app's catch-all GET is not).
        allowed = "GET" if path == "/api/offers" else "POST"
        assert allowed in response.headers["Allow"] and method.upper() not in \
            response.headers["Allow"], (path, response.headers["Allow"])
        options = client.options(path)
        assert options.status_code == 200 and options.headers["Allow"] == \
            response.headers["Allow"]


def test_every_error_kind_is_problem_json(client, headers):
    h = headers["referent"]
    responses = {
        400: client.post("/api/sync/push", data="{", content_type="application/json",
                         headers=h),
        401: client.get("/api/sync/pull"),
        403: client.get("/api/devices", headers=h),
        404: client.get("/api/sync/nope", headers=h),
        405: client.put("/api/health"),
        409: client.post("/api/sync/push", json=envelope([], 99), headers=h),
        413: client.post("/api/sync/push", json=envelope([{}] * 1001), headers=h),
        422: client.post("/api/contact-requests", json={"consent": True}),
    }
    for status, response in responses.items():
        assert response.mimetype == PROBLEM
        body = assert_problem(response, status)
        assert body["type"] == "about:blank"


@pytest.mark.parametrize("op", ["upsert", "delete"])
def test_hostile_natural_key_values_are_rejected_not_500(client, headers, op):
    """The (session, beneficiary) key is looked up before validation: still no 500."""
    h = headers["referent"]
    for value in ("\ud800", 2**70, "a\x00b", 10**4000, 5):
        response = client.post("/api/sync/push", json=envelope([mutation(
            "attendances", {"session_id": value, "beneficiary_id": new_id()}, op=op)]),
            headers=h)
        assert response.status_code == 200, (repr(value)[:20], response.status_code)
        result = response.get_json()["results"][0]
        assert result["status"] == ("rejected" if op == "upsert" else "applied")


def test_invalid_values_pushed_to_a_deleted_row_are_rejected(client, headers):
    """Not kept in a conflict record: issue 2 says an invalid value rejects the mutation."""
    h = headers["referent"]
    row = create(client, h, "contacts", CONTACT)
    push_one(client, h, "contacts", None, row["row_id"], row["version"], op="delete")
    for value in ("a\x00b", "x" * 200_000, json.loads("[" * 500 + "]" * 500)):
        result = push_one(client, h, "contacts", {"notes": value}, row["row_id"],
                          row["version"])
        assert result["status"] == "rejected", result["status"]
    assert client.get("/api/sync/conflicts", headers=h).get_json()["items"] == []


def test_sessions_and_pull_still_work_after_all_that(client, headers):
    h = headers["referent"]
    for raw in HOSTILE_BODIES.values():
        client.post("/api/sync/push", data=raw, content_type="application/json", headers=h)
    assert create(client, h, "sessions", {"kind": "atelier", "title": "Après",
                                          "starts_at": future(1)})["status"] == "applied"
    assert len(pull_all(client, h)[0]) == 1
