"""POST /api/sync/exchange: a day's sync in one round trip, and every fault of a bad line."""
import gzip
import json
from datetime import timedelta

from flask_jwt_extended import create_access_token
from sqlalchemy import func, select

from server.extensions import db
from server.models import AuditEvent

from api_helpers import (BENEFICIARY, CONTACT, assert_problem, create, mutation, new_id,
                         pull, pull_all, push_one)
from conftest import bearer, login

PATH = "/api/sync/exchange"
REFERRAL = {"first_name": "Noé", "last_name": "Petit", "consent": True,
            "needs": "Passer le code", "contact_preference": "sms"}


def body(mutations=(), cursor=None, views=(), **extra) -> dict:
    return {"client_id": "tablette", "schema_version": 1, "mutations": list(mutations),
            "cursor": cursor, "views": list(views), **extra}


def send(client, headers, payload, **options):
    return client.post(PATH, json=payload, headers=headers, **options)


def exchange_ok(client, headers, payload) -> dict:
    response = send(client, headers, payload)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def view(person: str) -> dict:
    return {"id": new_id(), "beneficiary_id": person, "at": "2026-11-25T10:00:00Z"}


def views_recorded(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.action == "view"))


def clock(client, headers) -> str:
    """The cursor of everything written so far (a pull that writes nothing)."""
    return pull_all(client, headers["coordinator"])[1]


def a_day(person: str) -> list[dict]:
    """What a referent records offline: a person, their diagnostic, a contact."""
    return [mutation("beneficiaries", BENEFICIARY, person),
            mutation("diagnostics", {"beneficiary_id": person, "date": "2026-11-25"}),
            mutation("contacts", CONTACT)]


def test_one_request_pushes_records_views_and_answers_the_page(app, client, headers):
    h = headers["referent"]
    office = create(client, headers["coordinator"], "beneficiaries", BENEFICIARY)
    _, cursor = pull_all(client, h)
    person = new_id()
    answer = exchange_ok(client, h, body(a_day(person), cursor, [view(person), view(person)]))
    assert set(answer) == {"results", "changes", "cursor", "has_more"}  # nothing else
    assert [r["status"] for r in answer["results"]] == ["applied"] * 3
    versions = {r["row_id"]: r["version"] for r in answer["results"]}
    # The page holds this device's writes at their versions (levels computed by the server)...
    assert {c["row_id"]: c["version"] for c in answer["changes"]} == versions
    diagnostic = next(c for c in answer["changes"] if c["table"] == "diagnostics")
    assert diagnostic["data"]["beneficiary_id"] == person
    assert office["row_id"] not in versions and answer["has_more"] is False
    # ...so the next pull, or the next exchange, has nothing to bring.
    assert pull(client, h, answer["cursor"]).get_json()["changes"] == []
    assert views_recorded(app) == 2


def test_a_no_op_exchange_answers_an_empty_page_and_writes_nothing(app, client, headers):
    h = headers["referent"]
    create(client, h, "contacts", CONTACT)
    _, cursor = pull_all(client, h)
    answer = exchange_ok(client, h, body(cursor=cursor))
    assert answer == {"results": [], "changes": [], "cursor": cursor, "has_more": False}
    assert clock(client, headers) == cursor


def test_a_lost_answer_replayed_applies_nothing_twice(app, client, headers):
    h = headers["referent"]
    person = create(client, h, "beneficiaries", BENEFICIARY)
    _, cursor = pull_all(client, h)
    push_one(client, headers["coordinator"], "beneficiaries", {"phone": "0611111111"},
             person["row_id"], person["version"])
    request = body([mutation("beneficiaries", {"phone": "0622222222"}, person["row_id"],
                             person["version"]), *a_day(new_id())],
                   cursor, [view(person["row_id"])])
    first = exchange_ok(client, h, request)  # the line is cut before the answer arrives
    written = clock(client, headers)
    again = exchange_ok(client, h, request)
    assert clock(client, headers) == written and views_recorded(app) == 1
    assert [r["status"] for r in first["results"]] == ["conflict"] + ["applied"] * 3
    assert [r["status"] for r in again["results"]] == ["duplicate"] * 4
    same = ("id", "row_id", "version", "conflict_id")
    assert [[r.get(k) for k in same] for r in first["results"]] == [
        [r.get(k) for k in same] for r in again["results"]]
    assert again["changes"] == first["changes"] and again["cursor"] == first["cursor"]
    assert again["conflicts"] == first["conflicts"] and len(first["conflicts"]) == 1


def test_a_cut_request_is_refused_whole(app, client, headers):
    h = headers["referent"]
    before = clock(client, headers)
    person = new_id()
    raw = json.dumps(body(a_day(person), views=[view(person)])).encode()
    packed = gzip.compress(raw)
    for cut, encoding in ((raw[: len(raw) // 2], None), (packed[: len(packed) // 2], "gzip"),
                          (packed[:-4], "gzip"), (b"", None)):
        extra = {"Content-Encoding": encoding} if encoding else {}
        response = client.post(PATH, data=cut, headers={
            **h, **extra, "Content-Type": "application/json"})
        assert_problem(response, 400)
    assert clock(client, headers) == before and views_recorded(app) == 0
    # The whole request, sent again, goes through once.
    answer = client.post(PATH, data=packed, headers={
        **h, "Content-Encoding": "gzip", "Content-Type": "application/json"}).get_json()
    assert [r["status"] for r in answer["results"]] == ["applied"] * 3
    assert views_recorded(app) == 1


def test_compressed_both_ways(client, headers):
    h = headers["referent"]
    muts = [mutation("contacts", {**CONTACT, "name": f"Contact {i}"}) for i in range(40)]
    response = client.post(PATH, data=gzip.compress(json.dumps(body(muts)).encode()), headers={
        **h, "Content-Encoding": "gzip", "Content-Type": "application/json",
        "Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    answer = json.loads(gzip.decompress(response.get_data()))
    assert len(answer["results"]) == len(answer["changes"]) == 40


def test_an_expired_token_mid_exchange_loses_nothing(app, client, users, headers):
    device = new_id()
    fresh = login(client, users["referent"]["email"], device_id=device)
    with app.app_context():
        expired = create_access_token(
            users["referent"]["id"], expires_delta=timedelta(seconds=-5),
            additional_claims={"role": "referent", "dev": device, "fam": "x"})
    person = new_id()
    request = body(a_day(person), views=[view(person)], limit=2)
    before = clock(client, headers)
    assert_problem(send(client, bearer(expired), request), 401)
    assert clock(client, headers) == before and views_recorded(app) == 0
    h = bearer(fresh["access_token"])
    answer = exchange_ok(client, h, request)
    assert answer["has_more"] is True and len(answer["changes"]) == 2
    # The token expires between two pages: the next page is refused, then fetched once.
    assert_problem(pull(client, bearer(expired), answer["cursor"]), 401)
    rest, _ = pull_all(client, h, answer["cursor"])
    rows = [c["row_id"] for c in answer["changes"] + rest]
    assert sorted(rows) == sorted(r["row_id"] for r in answer["results"])


def test_a_device_far_behind_gets_a_full_page_then_the_rest(client, headers):
    office = headers["coordinator"]
    for start in range(0, 1200, 600):
        client.post("/api/sync/push", headers=office, json={
            "client_id": "bureau", "schema_version": 1,
            "mutations": [mutation("contacts", CONTACT) for _ in range(600)]})
    mine = mutation("contacts", CONTACT)
    answer = exchange_ok(client, headers["referent"], body([mine]))
    assert len(answer["changes"]) == 1000 and answer["has_more"] is True
    rest, _ = pull_all(client, headers["referent"], answer["cursor"], 1000)
    rows = [c["row_id"] for c in answer["changes"] + rest]
    assert len(rows) == len(set(rows)) == 1201 and rows[-1] == mine["row_id"]
    # Pages of up to 5,000 rows: a device far behind catches up in fewer round trips.
    whole = exchange_ok(client, headers["referent"], body(limit=5000))
    assert len(whole["changes"]) == 1201 and whole["has_more"] is False


def test_conflicts_come_with_the_answer_only_when_needed(client, headers):
    h = headers["referent"]
    _, cursor = pull_all(client, h)
    assert "conflicts" not in exchange_ok(client, h, body(cursor=cursor))
    assert exchange_ok(client, h, body(cursor=cursor, conflicts=True))["conflicts"] == []
    asked = exchange_ok(client, headers["prescriber"], body(conflicts=True))
    assert "conflicts" not in asked


def test_views_from_a_prescriber_are_refused_and_nothing_is_applied(app, client, headers):
    h = headers["prescriber"]
    referral = mutation("referrals", REFERRAL)
    assert_problem(send(client, h, body([referral], views=[view(new_id())])), 403, "forbidden")
    assert views_recorded(app) == 0
    answer = exchange_ok(client, h, body([referral]))  # the same, without views, goes through
    assert [r["status"] for r in answer["results"]] == ["applied"]
    assert [c["row_id"] for c in answer["changes"]] == [referral["row_id"]]


def test_hostile_input_is_a_problem_never_a_500(app, client, headers):
    h = headers["referent"]
    deep = b'{"a":' * 100000 + b"null" + b"}" * 100000
    bad_bodies = [
        body(cursor="x" * 5000), body(cursor=["v1"]), body(cursor="\x00"), body(limit="1000"),
        body(limit=10**30), body(limit=1.5), body(limit=5001), body(limit=0), body(conflicts=None), body(views="tout"),
        body(views=[{"id": "\ud800", "beneficiary_id": new_id(), "at": "2026-01-01T00:00Z"}]),
        body(views=[view(new_id())] * 1001), {**body(), "schema_version": "1"},
        {**body(), "client_id": "\x00"}, {**body(), "mutations": {"a": 1}}, [], "texte", 12,
        {**body(), "schema_version": 10**400},
    ]
    for bad in bad_bodies:
        response = send(client, h, bad)
        assert 400 <= response.status_code < 500, (bad if len(str(bad)) < 200 else "", response)
        assert_problem(response, response.status_code)
    for raw in (b'{"cursor": NaN}', b'{"limit": 1e400}', b"\xff\xfe", deep,
                b'{"mutations": [' + b"[" * 50000 + b"]" * 50000 + b"]}"):
        response = client.post(PATH, data=raw, headers={**h, "Content-Type": "application/json"})
        assert_problem(response, 400)
    weird = mutation("contacts", {**CONTACT, "name": "\x00" + "é" * 100000, "phone": 1e308})
    answer = exchange_ok(client, h, body([weird]))
    assert answer["results"][0]["status"] == "rejected"
    assert views_recorded(app) == 0


def test_the_digest_rides_along_the_last_page_when_asked(client, headers):
    h = headers["referent"]
    person = new_id()
    answer = exchange_ok(client, h, body(a_day(person), digest=True, limit=1000))
    assert answer["has_more"] is False
    digest = answer["digest"]
    assert digest["newer"] == {} and digest["tables"]["beneficiaries"]["count"] >= 1
    # The same as asking for it on its own at that cursor.
    alone = client.get("/api/sync/digest", query_string={"cursor": answer["cursor"]},
                       headers=h).get_json()
    assert alone == digest
    # Not asked, or more pages to come: none.
    assert "digest" not in exchange_ok(client, h, body(cursor=answer["cursor"]))
    first_page = exchange_ok(client, h, body(digest=True, limit=1))
    assert first_page["has_more"] is True and "digest" not in first_page
    assert_problem(send(client, h, body(digest="oui")), 400)
