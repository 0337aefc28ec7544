"""The audit log: pushes on a person's file, files opened on devices, the coordinator's view."""
import csv
import io
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event, select

from server.extensions import db
from server.models import AuditEvent
from server.services import bulk_sql

from api_helpers import (BENEFICIARY, assert_problem, create, mutation, new_id, phone_conflict,
                         push_ok, push_one)

SECRET = {"phone": "0611223344", "notes": "Vit chez sa tante"}


def _events(app, **where):
    with app.app_context():
        query = select(AuditEvent).order_by(AuditEvent.id)
        for name, value in where.items():
            query = query.where(getattr(AuditEvent, name) == value)
        return [(e.action, e.table_name, e.row_id, e.user_id, e.detail)
                for e in db.session.scalars(query)]


def _no_values(app):
    """Nothing personal in the log: neither the name nor what was typed."""
    with app.app_context():
        text = repr([(e.detail, e.table_name, e.row_id) for e in
                     db.session.scalars(select(AuditEvent))])
    for value in (*SECRET.values(), BENEFICIARY["first_name"], BENEFICIARY["last_name"]):
        assert value not in text


def test_pushes_on_a_file_are_logged_by_field_name_in_one_insert(app, client, headers, users,
                                                                  monkeypatch):
    h, me = headers["referent"], users["referent"]["id"]
    inserts = []

    def count(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO AUDIT_EVENTS"):
            inserts.append(executemany)

    # PostgreSQL's COPY goes to the driver directly: SQLAlchemy's events do not see it.
    copy_run = bulk_sql.CopyInsert.run

    def copy_counted(self, session, rows):
        if self.sql.startswith('COPY audit_events ') and rows:
            inserts.append("copy")
        return copy_run(self, session, rows)

    monkeypatch.setattr(bulk_sql.CopyInsert, "run", copy_counted)
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    person = new_id()
    results = push_ok(client, h, [
        mutation("beneficiaries", {**BENEFICIARY, **SECRET}, person),
        mutation("diagnostics", {"beneficiary_id": person, "date": "2026-11-25"}),
        mutation("contacts", {"channel": "telephone"}),  # about nobody
        mutation("sessions", {"kind": "atelier", "title": "Vélo",
                              "starts_at": "2026-10-01T09:00:00Z"}),  # not a file
        mutation("outcomes", {"beneficiary_id": person, "kind": "nope", "date": "2026-11-25"}),
    ])
    assert [r["status"] for r in results] == ["applied"] * 4 + ["rejected"]
    assert len(inserts) == 1
    logged = _events(app, action="change")
    assert logged == [
        ("change", "beneficiaries", person, me, "commune,first_name,last_name,notes,phone"),
        ("change", "diagnostics", person, me, "beneficiary_id,date")]
    # An edit and a delete that do not name the person are still filed under them.
    diagnostic = results[1]
    push_one(client, h, "diagnostics", {"date": "2026-11-24"}, diagnostic["row_id"],
             diagnostic["version"])
    push_one(client, h, "diagnostics", {}, diagnostic["row_id"], diagnostic["version"] + 10,
             op="delete")
    assert _events(app, action="change")[2:] == [
        ("change", "diagnostics", person, me, "date"),
        ("change", "diagnostics", person, me, "_deleted")]
    # A conflict applies nothing, so it logs nothing; a replay neither.
    before = len(_events(app))
    push_one(client, headers["coordinator"], "beneficiaries", {"phone": "0700000000"}, person,
             results[0]["version"])
    clash = push_one(client, h, "beneficiaries", {"phone": "0799999999"}, person,
                     results[0]["version"])
    assert clash["status"] == "conflict"
    assert len(_events(app)) == before + 1  # the coordinator's edit only
    _no_values(app)


def test_a_push_is_filed_under_the_stored_person_old_and_new(app, client, headers, users):
    h, me = headers["referent"], users["referent"]["id"]
    a, b, c = (create(client, h, "beneficiaries", BENEFICIARY)["row_id"] for _ in range(3))
    contact = create(client, h, "contacts", {"beneficiary_id": a, "channel": "visite"})
    base = len(_events(app))
    # Moved from A's file to B's: the change is in both files' history.
    moved = push_one(client, h, "contacts", {"beneficiary_id": b}, contact["row_id"],
                     contact["version"])
    assert moved["status"] == "applied"
    assert sorted(_events(app)[base:]) == sorted([
        ("change", "contacts", a, me, "beneficiary_id"),
        ("change", "contacts", b, me, "beneficiary_id")])
    # The coordinator moves it to C; a stale device names A and edits the notes: the link
    # waits in a conflict record, the notes are written. Filed under C, the notes only.
    push_one(client, headers["coordinator"], "contacts", {"beneficiary_id": c},
             contact["row_id"], moved["version"])
    base = len(_events(app))
    merged = push_one(client, h, "contacts", {"beneficiary_id": a, "notes": "Rappeler"},
                      contact["row_id"], moved["version"])
    assert merged["status"] == "merged"
    assert _events(app)[base:] == [("change", "contacts", c, me, "notes")]
    _no_values(app)


def _views(client, h, views):
    return client.post("/api/audit/views", json={"views": views}, headers=h)


def test_views_are_recorded_once_per_id(app, client, headers, users):
    person = create(client, headers["referent"], "beneficiaries", BENEFICIARY)["row_id"]
    views = [{"id": new_id(), "beneficiary_id": person, "at": "2026-11-20T08:15:00Z"},
             {"id": new_id(), "beneficiary_id": person, "at": "2026-11-21T10:00:00+01:00"}]
    response = _views(client, headers["referent"], views)
    assert response.status_code == 200 and response.get_json() == {"recorded": 2}
    # A replay (the device did not get the answer) records nothing new.
    assert _views(client, headers["referent"], views).get_json() == {"recorded": 0}
    more = [*views, {"id": new_id(), "beneficiary_id": person, "at": "2026-11-22T08:00:00Z"}]
    assert _views(client, headers["coordinator"], more + more).get_json() == {"recorded": 1}
    logged = _events(app, action="view")
    assert [e[2] for e in logged] == [person] * 3
    assert [e[3] for e in logged] == [users["referent"]["id"]] * 2 + [
        users["coordinator"]["id"]]
    listed = client.get("/api/audit", query_string={"person": person},
                        headers=headers["coordinator"]).get_json()
    assert [e["at"] for e in listed if e["action"] == "view"] == [
        "2026-11-20T08:15:00Z", "2026-11-21T09:00:00Z", "2026-11-22T08:00:00Z"]
    assert _views(client, headers["referent"], []).get_json() == {"recorded": 0}


def test_a_view_cannot_be_dated_in_the_future(app, client, headers):
    person = create(client, headers["referent"], "beneficiaries", BENEFICIARY)["row_id"]
    before = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    assert _views(client, headers["referent"], [
        {"id": new_id(), "beneficiary_id": person, "at": "2099-12-31T23:00:00Z"}]).get_json() \
        == {"recorded": 1}
    after = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(seconds=1)
    with app.app_context():
        [at] = db.session.scalars(select(AuditEvent.at).where(AuditEvent.action == "view"))
    assert before <= at <= after


@pytest.mark.parametrize("body", [
    {}, {"views": "x"}, {"views": [1]}, {"views": [{"id": "x", "beneficiary_id": None,
                                                    "at": "2026-11-20T08:15:00Z"}]},
    {"views": [{"id": "00000000-0000-0000-0000-000000000001",
                "beneficiary_id": "00000000-0000-0000-0000-000000000002", "at": "hier"}]},
    {"views": [{"id": "00000000-0000-0000-0000-000000000001",
                "beneficiary_id": "00000000-0000-0000-0000-000000000002",
                "at": "2026-02-30T08:00:00Z"}]},
    {"views": [{"id": "00000000-0000-0000-0000-000000000001",
                "beneficiary_id": "00000000-0000-0000-0000-000000000002",
                "at": "1900-01-01T08:00:00Z"}]},
])
def test_bad_views_are_400(app, client, headers, body):
    assert_problem(client.post("/api/audit/views", json=body, headers=headers["referent"]),
                   400)
    assert _events(app, action="view") == []


def test_views_limits_and_roles(app, client, headers):
    one = {"beneficiary_id": new_id(), "at": "2026-11-20T08:15:00Z"}
    too_many = [{**one, "id": new_id()} for _ in range(1001)]
    assert_problem(_views(client, headers["referent"], too_many), 400)
    assert_problem(_views(client, headers["prescriber"], [{**one, "id": new_id()}]), 403,
                   "forbidden")
    assert_problem(_views(client, {}, []), 401)
    assert _views(client, headers["referent"], too_many[:1000]).get_json() == {
        "recorded": 1000}


def test_the_log_is_read_by_the_coordinator_only_with_filters(app, client, headers, users):
    a = create(client, headers["referent"], "beneficiaries", BENEFICIARY)["row_id"]
    b = create(client, headers["referent"], "beneficiaries", BENEFICIARY)["row_id"]
    _views(client, headers["referent"], [
        {"id": new_id(), "beneficiary_id": a, "at": "2025-03-01T08:00:00Z"},
        {"id": new_id(), "beneficiary_id": a, "at": "2025-04-01T08:00:00Z"}])
    h = headers["coordinator"]
    listed = client.get("/api/audit", headers=h)
    assert listed.headers["Cache-Control"] == "no-store"
    everything = listed.get_json()
    assert {e["row_id"] for e in everything} == {a, b}
    assert {e["action"] for e in everything} == {"change", "view"}
    only_a = client.get("/api/audit", query_string={"person": a}, headers=h).get_json()
    assert {e["row_id"] for e in only_a} == {a} and len(only_a) == 3
    march = client.get("/api/audit", headers=h, query_string={
        "person": a, "from": "2025-03-01", "to": "2025-03-31"}).get_json()
    assert [e["at"] for e in march] == ["2025-03-01T08:00:00Z"]
    assert march[0]["user_name"] == "Référente" and march[0]["table"] == "beneficiaries"
    response = client.get("/api/audit.csv", headers=h, query_string={"person": a})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True)), delimiter=";"))
    assert rows[0] == ["id", "at", "user_id", "user_name", "action", "table", "row_id",
                       "detail"]
    # The earlier reads of A's log are in it too: reading the log is logged.
    assert len(rows) == 6 and {r[6] for r in rows[1:]} == {a}
    assert [(r[4], r[5], r[7]) for r in rows[1:] if r[4] == "read"] == [
        ("read", "audit_events", "lecture du journal (json): person"),
        ("read", "audit_events", "lecture du journal (json): from,person,to")]
    for role in ("referent", "prescriber"):
        assert_problem(client.get("/api/audit", headers=headers[role]), 403, "forbidden")
        assert_problem(client.get("/api/audit.csv", headers=headers[role]), 403, "forbidden")
    for query in ({"person": "x"}, {"from": "2025-13-01"}, {"to": "hier"},
                  {"from": "2025-04-01", "to": "2025-03-01"}):
        assert_problem(client.get("/api/audit", headers=h, query_string=query), 400)
    reads = _events(app, action="read")
    assert reads[0] == ("read", "audit_events", None, users["coordinator"]["id"],
                        "lecture du journal (json)")
    assert reads[-1] == ("read", "audit_events", a, users["coordinator"]["id"],
                         "lecture du journal (csv): person")
    assert len(reads) == 4  # refused reads (403, 400) read nothing and log nothing


def test_the_log_filters_by_user_and_kind_and_pages_back_from_the_latest(app, client, headers,
                                                                        users):
    a = create(client, headers["referent"], "beneficiaries", BENEFICIARY)["row_id"]
    create(client, headers["coordinator"], "beneficiaries", BENEFICIARY)
    _views(client, headers["referent"], [
        {"id": new_id(), "beneficiary_id": a, "at": "2025-03-01T08:00:00Z"}])
    h, referent = headers["coordinator"], users["referent"]["id"]

    def get(**query):
        response = client.get("/api/audit", headers=h, query_string=query)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    by_referent = get(user=referent)
    assert {e["user_id"] for e in by_referent} == {referent}
    assert sorted(e["action"] for e in by_referent) == ["change", "view"]
    assert [e["action"] for e in get(kind="view")] == ["view"]
    assert {e["user_id"] for e in get(kind="change")} == {referent, users["coordinator"]["id"]}
    latest = get(order="recent", limit="2")
    assert len(latest) == 2 and latest[0]["id"] > latest[1]["id"]
    assert latest[0]["action"] == "read"  # the reads just above, newest first
    older = get(order="recent", limit="2", before=str(latest[1]["id"]))
    assert older and all(e["id"] < latest[1]["id"] for e in older)
    # The largest id an event can have pages back from the newest (no database error).
    assert get(order="recent", limit="1", before=str(2**31 - 1))[0]["id"] > latest[0]["id"]
    for query in ({"user": "moi"}, {"kind": "delete"}, {"order": "random"},
                  {"before": "-1"}, {"limit": "0"}, {"limit": "99999999"}, {"before": "１"},
                  {"before": str(2**31)}):
        assert_problem(client.get("/api/audit", headers=h, query_string=query), 400)
    details = [event[4] for event in _events(app, action="read")[:2]]
    assert details == ["lecture du journal (json): user", "lecture du journal (json): kind"]


def test_settling_a_conflict_on_a_file_is_logged(app, client, headers, users):
    h = headers["referent"]
    person, clash = phone_conflict(client, headers)
    response = client.post(f"/api/sync/conflicts/{clash['conflict_id']}/resolve",
                           json={"fields": {"phone": "0633333333"}}, headers=h)
    assert response.status_code == 200
    (last,) = _events(app, action="change", row_id=person["row_id"])[-1:]
    assert last[3] == users["referent"]["id"] and last[4] == "conflit réglé: phone"
    _no_values(app)
