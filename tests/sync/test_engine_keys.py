"""Natural keys (attendances) and derived fields in the Engine, on a MemoryStore."""
import pytest

from engine_kit import ALICE, BOB, make, mutation, new_id, push, push_one, row


@pytest.fixture
def env():
    return make()


# -- natural keys (attendances) ----------------------------------------------------------------

def test_second_attendance_for_the_same_pair_merges_into_the_canonical_row(env):
    engine, store = env
    session, who = new_id(), new_id()
    first_id, second_id = new_id(), new_id()
    a = push_one(engine, store, ALICE, "attendances", first_id,
                 {"session_id": session, "person_id": who})
    b = push_one(engine, store, BOB, "attendances", second_id,
                 {"session_id": session, "person_id": who, "present": True})
    assert a["status"] == "applied"
    assert b["status"] == "merged" and b["row_id"] == first_id and "conflict_id" not in b
    assert list(store.rows["attendances"]) == [first_id]


def test_merged_attendance_follows_the_conflict_rules(env):
    engine, store = env
    session, who = new_id(), new_id()
    first_id = new_id()
    push_one(engine, store, ALICE, "attendances", first_id,
             {"session_id": session, "person_id": who, "present": True})
    b = push_one(engine, store, BOB, "attendances", new_id(),
                 {"session_id": session, "person_id": who, "present": False})
    assert b["status"] == "merged" and b["row_id"] == first_id and b["conflict_id"]
    assert store.rows["attendances"][first_id].data["present"] is True
    assert store.conflicts[b["conflict_id"]].fields == {
        "present": {"server": True, "client": False}}
    assert store.conflicts[b["conflict_id"]].row_id == first_id


def test_two_attendances_for_the_same_pair_in_one_push(env):
    engine, store = env
    session, who = new_id(), new_id()
    first_id = new_id()
    a, b = push(engine, store, ALICE,
                mutation("attendances", first_id, {"session_id": session, "person_id": who}),
                mutation("attendances", new_id(), {"session_id": session, "person_id": who}))
    assert a["status"] == "applied" and b["status"] == "merged" and b["row_id"] == first_id
    assert len(store.rows["attendances"]) == 1


def test_attendance_for_a_deleted_pair_lands_on_the_tombstone_as_a_conflict(env):
    engine, store = env
    session, who = new_id(), new_id()
    first_id = new_id()
    v1 = push_one(engine, store, ALICE, "attendances", first_id,
                  {"session_id": session, "person_id": who})["version"]
    push_one(engine, store, ALICE, "attendances", first_id, op="delete", base=v1)
    b = push_one(engine, store, BOB, "attendances", new_id(),
                 {"session_id": session, "person_id": who})
    assert b["row_id"] == first_id and b["conflict_id"]
    assert store.conflicts[b["conflict_id"]].fields["_deleted"] == {
        "server": True, "client": False}
    assert len(store.rows["attendances"]) == 1


def test_changing_a_key_onto_another_rows_key_is_rejected(env):
    engine, store = env
    s1, s2, who = new_id(), new_id(), new_id()
    push_one(engine, store, ALICE, "attendances", new_id(), {"session_id": s1, "person_id": who})
    other = new_id()
    v = push_one(engine, store, ALICE, "attendances", other,
                 {"session_id": s2, "person_id": who})["version"]
    result = push_one(engine, store, ALICE, "attendances", other, {"session_id": s1}, v)
    assert result["status"] == "rejected" and "session_id" in result["errors"]
    assert store.rows["attendances"][other].data["session_id"] == s2


def test_key_freed_earlier_in_the_same_push_can_be_taken(env):
    engine, store = env
    s1, s2, who = new_id(), new_id(), new_id()
    moved = new_id()
    v = push_one(engine, store, ALICE, "attendances", moved,
                 {"session_id": s1, "person_id": who})["version"]
    newcomer = new_id()
    a, b = push(engine, store, ALICE,
                mutation("attendances", moved, {"session_id": s2}, v),
                mutation("attendances", newcomer, {"session_id": s1, "person_id": who}))
    assert a["status"] == "applied"
    assert (b["status"], b["row_id"]) == ("applied", newcomer)
    keys = {(r.data["session_id"], r.data["person_id"]) for r in store.rows["attendances"].values()}
    assert keys == {(s1, who), (s2, who)}


def test_key_change_onto_a_key_freed_in_the_same_push(env):
    engine, store = env
    s1, s2, s3, who = new_id(), new_id(), new_id(), new_id()
    a_id, b_id = new_id(), new_id()
    va = push_one(engine, store, ALICE, "attendances", a_id,
                  {"session_id": s1, "person_id": who})["version"]
    vb = push_one(engine, store, ALICE, "attendances", b_id,
                  {"session_id": s2, "person_id": who})["version"]
    ra, rb = push(engine, store, ALICE,
                  mutation("attendances", a_id, {"session_id": s3}, va),
                  mutation("attendances", b_id, {"session_id": s1}, vb))
    assert ra["status"] == "applied" and rb["status"] == "applied", rb


# -- derived fields -----------------------------------------------------------------------------

def test_derived_fields_are_computed_on_create_and_update(env):
    engine, store = env
    rid = new_id()
    v1 = push_one(engine, store, ALICE, "diagnostics", rid,
                  {"answers": {"a": 1, "b": 2}})["version"]
    r = row(store, "diagnostics", rid)
    assert (r.data["score"], r.data["level"]) == (3, "bas")
    assert r.field_versions["score"] == v1
    v2 = push_one(engine, store, ALICE, "diagnostics", rid,
                  {"answers": {"a": 4, "b": 2}}, v1)["version"]
    r = row(store, "diagnostics", rid)
    assert (r.data["score"], r.data["level"]) == (6, "haut")
    assert r.field_versions["score"] == v2 and r.field_versions["level"] == v2


def test_sent_derived_values_are_ignored(env):
    engine, store = env
    rid = new_id()
    v1 = push_one(engine, store, ALICE, "diagnostics", rid,
                  {"answers": {"a": 1}, "score": 99, "level": "haut"})["version"]
    assert row(store, "diagnostics", rid).data["score"] == 1
    result = push_one(engine, store, BOB, "diagnostics", rid, {"score": 50}, v1 - 1)
    assert result["status"] == "applied" and store.conflicts == {}
    assert row(store, "diagnostics", rid).data["score"] == 1


def test_unchanged_derived_values_keep_their_field_version(env):
    engine, store = env
    rid = new_id()
    v1 = push_one(engine, store, ALICE, "diagnostics", rid, {"answers": {"a": 1}})["version"]
    push_one(engine, store, ALICE, "diagnostics", rid, {"person_id": new_id()}, v1)
    assert row(store, "diagnostics", rid).field_versions["level"] == v1


def test_conflicting_answers_leave_derived_values_of_the_server(env):
    engine, store = env
    rid = new_id()
    v1 = push_one(engine, store, ALICE, "diagnostics", rid, {"answers": {"a": 1}})["version"]
    push_one(engine, store, ALICE, "diagnostics", rid, {"answers": {"a": 2}}, v1)
    result = push_one(engine, store, BOB, "diagnostics", rid, {"answers": {"a": 9}}, v1)
    assert result["status"] == "conflict"
    assert row(store, "diagnostics", rid).data["score"] == 2


@pytest.mark.parametrize("value", ["\ud800", "a\x00b", 2**70, 5, None, ["x"], {"a": 1}])
def test_odd_natural_key_values_are_not_looked_up(env, value):
    engine, store = env
    session = new_id()
    push_one(engine, store, ALICE, "attendances", new_id(), {"session_id": session,
                                                             "person_id": new_id()})
    rid = new_id()
    result = push_one(engine, store, ALICE, "attendances", rid,
                      {"session_id": session, "person_id": value})
    # Whatever the table's validator makes of it, it is never merged into another row.
    assert result["status"] in ("applied", "rejected")
    assert result["row_id"] == rid
