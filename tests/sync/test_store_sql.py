"""The engine on the real SqlStore (SQLite, and PostgreSQL when given): what SQL adds."""
import threading

import pytest

from server.extensions import db
from server.models import SYNCED, SyncClock
from server.services.sync_store import SqlStore
from tests.conftest import bearer, login

from engine_kit import Actor, mutation, new_id

COORD = Actor(new_id(), "coordinator")
REFERENT = Actor(new_id(), "referent")
P1, P2 = Actor(new_id(), "prescriber"), Actor(new_id(), "prescriber")


@pytest.fixture
def sql(app):
    """(engine, store) on the app's database, inside an app context."""
    with app.app_context():
        engine = app.extensions["sync_engine"]
        yield engine, SqlStore(db.session, engine.specs)


def push(sql, actor, *mutations):
    engine, store = sql
    body = {"client_id": "dev", "schema_version": 1, "mutations": list(mutations)}
    return engine.push(store, actor, body)["results"]


def pull_all(sql, actor, cursor=None, limit=500):
    engine, store = sql
    changes = []
    while True:
        page = engine.pull(store, actor, cursor, limit)
        changes.extend(page["changes"])
        cursor = page["cursor"]
        if not page["has_more"]:
            return changes, cursor


def attendance(session_id, person_id, row_id=None, base=None, **more):
    fields = {"session_id": session_id, "beneficiary_id": person_id, **more}
    return mutation("attendances", row_id or new_id(), fields, base)


def test_key_freed_earlier_in_the_same_push_can_be_taken(sql):
    s1, s2, who = new_id(), new_id(), new_id()
    moved = new_id()
    (first,) = push(sql, REFERENT, attendance(s1, who, moved))
    newcomer = new_id()
    a, b = push(sql, REFERENT,
                mutation("attendances", moved, {"session_id": s2}, first["version"]),
                attendance(s1, who, newcomer))
    assert (a["status"], b["status"], b["row_id"]) == ("applied", "applied", newcomer)
    rows = {c["row_id"]: c["data"]["session_id"] for c in pull_all(sql, REFERENT)[0]}
    assert rows == {moved: s2, newcomer: s1}


def test_rows_trading_keys_in_one_push_do_not_collide(sql):
    """A is written, B gives up key K2, A takes K2: written in any order, keys must not clash."""
    s1, s2, s3, who = new_id(), new_id(), new_id(), new_id()
    a_id, b_id = new_id(), new_id()
    va, vb = (r["version"] for r in push(sql, REFERENT, attendance(s1, who, a_id),
                                         attendance(s2, who, b_id)))
    results = push(sql, REFERENT,
                   mutation("attendances", a_id, {"present": False}, va),
                   mutation("attendances", b_id, {"session_id": s3}, vb),
                   mutation("attendances", a_id, {"session_id": s2}, va),
                   attendance(s1, who))
    assert [r["status"] for r in results] == ["applied"] * 4, results
    rows = {c["row_id"]: (c["data"]["session_id"], c["data"]["present"])
            for c in pull_all(sql, REFERENT)[0]}
    assert rows == {a_id: (s2, False), b_id: (s3, True), results[3]["row_id"]: (s1, True)}


def test_second_attendance_merges_on_sql(sql):
    s, who = new_id(), new_id()
    first = new_id()
    push(sql, REFERENT, attendance(s, who, first))
    (r,) = push(sql, COORD, attendance(s, who, present=False))
    assert r["status"] == "merged" and r["row_id"] == first and r["conflict_id"]
    changes, _ = pull_all(sql, REFERENT)
    assert [c["row_id"] for c in changes] == [first]


def test_referral_leaving_a_prescriber_arrives_as_a_deletion(sql):
    rid = new_id()
    (created,) = push(sql, P1, mutation("referrals", rid, {
        "first_name": "Noa", "last_name": "Petit", "consent": True}))
    assert created["status"] == "applied", created
    mine, c1 = pull_all(sql, P1)
    assert [c["row_id"] for c in mine] == [rid]
    assert mine[0]["data"]["prescriber_id"] == P1.id
    assert pull_all(sql, P2)[0] == []
    _, c2 = pull_all(sql, P2)
    (moved,) = push(sql, COORD, mutation("referrals", rid, {"prescriber_id": P2.id},
                                         created["version"]))
    assert moved["status"] == "applied"
    gone, _ = pull_all(sql, P1, c1)
    assert gone == [{"table": "referrals", "row_id": rid, "version": moved["version"],
                     "deleted": True, "data": None}]
    arrived, _ = pull_all(sql, P2, c2)
    assert [(c["row_id"], c["deleted"]) for c in arrived] == [(rid, False)]
    assert pull_all(sql, P1)[0] == gone  # a new device of P1's: a deletion, no data


def test_first_pull_brings_tombstones_and_pages_on_sql(sql):
    rows = [mutation("contacts", new_id(), {"channel": "telephone", "subject": f"Appel {i}"})
            for i in range(5)]
    results = push(sql, REFERENT, *rows)
    push(sql, REFERENT, mutation("contacts", rows[1]["row_id"], op="delete",
                                 base=results[1]["version"]))
    engine, store = sql
    first = engine.pull(store, COORD, None, 10)["changes"]
    live = [m["row_id"] for i, m in enumerate(rows) if i != 1]
    assert [c["row_id"] for c in first if not c["deleted"]] == live
    assert [(c["row_id"], c["data"]) for c in first if c["deleted"]] == [(rows[1]["row_id"], None)]
    # Paged, the same changes in the same order.
    changes, _ = pull_all(sql, COORD, limit=2)
    assert changes == first


def test_values_round_trip_exactly(sql):
    rid = new_id()
    fields = {"first_name": "Élodie", "last_name": "N'Diaye", "birth_date": "2008-02-29",
              "consent_at": "2026-03-02T09:30:00Z", "qpv": True, "notes": "Vélo · permis AM"}
    (r,) = push(sql, REFERENT, mutation("beneficiaries", rid, fields))
    (change,) = pull_all(sql, COORD)[0]
    assert change["version"] == r["version"]
    assert {k: change["data"][k] for k in fields} == fields


def test_replay_and_conflict_survive_the_database(sql):
    rid = new_id()
    m = mutation("beneficiaries", rid, {"first_name": "A", "last_name": "B"})
    (first,) = push(sql, REFERENT, m)
    assert push(sql, REFERENT, m)[0] == {**first, "status": "duplicate"}
    push(sql, REFERENT, mutation("beneficiaries", rid, {"commune": "Morez"}, first["version"]))
    (c,) = push(sql, COORD, mutation("beneficiaries", rid, {"commune": "Lons"},
                                     first["version"]))
    engine, store = sql
    (item,) = engine.conflicts(store, COORD)
    assert item["id"] == c["conflict_id"]
    assert item["fields"] == {"commune": {"server": "Morez", "client": "Lons"}}
    answer = engine.resolve(store, COORD, c["conflict_id"], {"commune": "Lons"})
    assert answer["version"] > c["version"]
    assert engine.conflicts(store, COORD) == []
    assert engine.conflicts(store, COORD, "resolved")[0]["resolved_by"] == COORD.id


@pytest.mark.parametrize("op", ["upsert", "delete"])
@pytest.mark.parametrize("value", ["\ud800", "a\x00b", 2**70, 10**400, 5, 1.5, ["x"], True,
                                   "x" * 5000])
def test_hostile_natural_key_values_never_reach_the_database(sql, op, value):
    m = attendance(value, new_id())
    m["op"] = op
    (result,) = push(sql, REFERENT, m)
    assert result["status"] == ("rejected" if op == "upsert" else "applied"), result
    (ok,) = push(sql, REFERENT, attendance(new_id(), new_id()))
    assert ok["status"] == "applied"


def test_field_writers_are_stored_and_a_devices_own_writes_pass(sql):
    engine, store = sql
    rid = new_id()

    def send(device, actor, fields, base):
        body = {"client_id": "ignored", "schema_version": 1,
                "mutations": [mutation("beneficiaries", rid, fields, base)]}
        return engine.push(store, actor, body, origin=device)["results"][0]

    send("tab-a", REFERENT, {"first_name": "Léa", "last_name": "Martin"}, None)
    record = db.session.get(SYNCED["beneficiaries"], rid)
    assert record.field_writers["first_name"] == "dev:tab-a"
    again = send("tab-a", REFERENT, {"first_name": "Lena", "commune": "Viry"}, None)
    other = send("tab-b", COORD, {"commune": "Morez"}, None)
    assert (again["status"], other["status"]) == ("applied", "conflict")


def test_the_api_takes_the_origin_from_the_token_not_the_body(client, users):
    """Same body client_id, two devices of one account: the second one's edit conflicts."""
    email, rid = users["referent"]["email"], new_id()
    tokens = [login(client, email, device_id=name)["access_token"] for name in ("d2", "d3")]

    def send(token, fields, base):
        body = {"client_id": "same", "schema_version": 1,
                "mutations": [mutation("beneficiaries", rid, fields, base)]}
        answer = client.post("/api/sync/push", json=body, headers=bearer(token))
        assert answer.status_code == 200, answer.get_json()
        return answer.get_json()["results"][0]

    first = send(tokens[0], {"first_name": "Léa", "last_name": "Martin"}, None)
    own = send(tokens[0], {"last_name": "Morel"}, None)  # d2 before any pull: its own rows
    rival = send(tokens[1], {"last_name": "Moreau"}, first["version"])
    assert (own["status"], rival["status"]) == ("applied", "conflict")


def test_an_empty_push_does_not_wait_for_the_write_lock(app, sql):
    """Nothing to write, so nothing to queue for: a long writer elsewhere does not hold it up."""
    engine, store = sql
    answers = []

    def empty_push():
        with app.app_context():
            answers.append(engine.push(SqlStore(db.session, engine.specs), REFERENT, {
                "client_id": "d", "schema_version": 1, "mutations": []}))

    other = db.engine.connect()
    try:
        clock = SyncClock.__table__
        other.execute(clock.update().values(value=clock.c.value))  # holds the write lock
        worker = threading.Thread(target=empty_push)
        worker.start()
        worker.join(5)
        assert answers and answers[0]["results"] == []
    finally:
        other.rollback()
        other.close()
        worker.join(30)


class _Racing(SqlStore):
    """A store where another device changes the page's first row between its two reads."""

    moved: str | None = None

    def _rows(self, name, owner, ceiling, after, last, count):
        if self.moved is not None:  # the change commits at a version above the clock
            table = SYNCED["beneficiaries"].__table__
            top = self.session.execute(db.select(SyncClock.value)).scalar_one() + 100
            self.session.execute(table.update().where(table.c.id == self.moved)
                                 .values(version=top))
            self.session.execute(db.update(SyncClock).values(value=top))
            self.moved = None
        return super()._rows(name, owner, ceiling, after, last, count)


def test_a_row_changed_between_a_pages_two_reads_never_ends_the_pull_early(sql):
    engine, _ = sql
    people = [new_id() for _ in range(4)]
    push(sql, COORD, *(mutation("beneficiaries", p, {"first_name": f"P{k}", "last_name": "X",
                                                     "birth_date": "2006-01-02"})
                       for k, p in enumerate(people)))
    store = _Racing(db.session, engine.specs)
    store.moved = people[0]
    page = engine.pull(store, COORD, None, 2)
    # Read again without the moved row: two rows, and the pull says more is waiting.
    assert [c["row_id"] for c in page["changes"]] == people[1:3]
    assert page["has_more"] is True
    rest = engine.pull(store, COORD, page["cursor"], 2)
    assert {c["row_id"] for c in rest["changes"]} == {people[3], people[0]}
