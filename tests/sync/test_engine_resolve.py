"""Resolving conflicts with the Engine, driven directly on a MemoryStore."""
import pytest

from sync import ConflictAlreadyResolved, ConflictNotFound, PermissionDenied, ValidationFailed

from engine_kit import (ALICE, BOB, Actor, ScopedPolicy, make, new_id, person, pull_all, push_one,
                        row)


@pytest.fixture
def env():
    return make()


# -- resolving conflicts --------------------------------------------------------------------

def _field_conflict(engine, store):
    rid, v1 = person(engine, store)
    push_one(engine, store, ALICE, "people", rid, {"commune": "Morez"}, v1)
    result = push_one(engine, store, BOB, "people", rid, {"commune": "Lons"}, v1)
    return rid, result["conflict_id"]


def test_resolve_with_chosen_values_writes_a_new_version(env):
    engine, store = env
    rid, cid = _field_conflict(engine, store)
    before = row(store, "people", rid).version
    _, cursor = pull_all(engine, store, ALICE)
    answer = engine.resolve(store, ALICE, cid, {"commune": "Lons"})
    assert answer == {"id": cid, "row_id": rid, "version": answer["version"], "deleted": False}
    assert answer["version"] > before
    assert row(store, "people", rid).data["commune"] == "Lons"
    assert engine.conflicts(store, ALICE) == []
    (done,) = engine.conflicts(store, ALICE, "resolved")
    assert done["resolved_by"] == "alice" and done["resolved_at"]
    assert done["fields"] == {"commune": {"server": "Morez", "client": "Lons"}}
    changes, _ = pull_all(engine, store, BOB, cursor)
    assert [c["data"]["commune"] for c in changes] == ["Lons"]


def test_resolve_keeping_the_server_values_still_closes_it(env):
    engine, store = env
    rid, cid = _field_conflict(engine, store)
    engine.resolve(store, ALICE, cid, {})
    assert row(store, "people", rid).data["commune"] == "Morez"
    assert store.conflicts[cid].status == "resolved"


def test_resolve_twice_or_unknown(env):
    engine, store = env
    _, cid = _field_conflict(engine, store)
    engine.resolve(store, ALICE, cid, {})
    with pytest.raises(ConflictAlreadyResolved):
        engine.resolve(store, ALICE, cid, {"commune": "Lons"})
    with pytest.raises(ConflictNotFound):
        engine.resolve(store, ALICE, new_id(), {})


@pytest.mark.parametrize("chosen, field", [
    ({"age": -2}, "age"),
    ({"password": "x"}, "password"),
    ({"_deleted": "oui"}, "_deleted"),
    (["commune"], "fields"),
    (None, "fields"),
])
def test_resolve_with_bad_values_changes_nothing(env, chosen, field):
    engine, store = env
    rid, cid = _field_conflict(engine, store)
    version = row(store, "people", rid).version
    with pytest.raises(ValidationFailed) as err:
        engine.resolve(store, ALICE, cid, chosen)
    assert field in err.value.errors
    assert row(store, "people", rid).version == version
    assert store.conflicts[cid].status == "open"


def test_resolve_needs_conflict_access(env):
    engine, store = env
    _, cid = _field_conflict(engine, store)
    with pytest.raises(PermissionDenied):
        engine.resolve(store, Actor("p1", "prescriber"), cid, {})
    with pytest.raises(PermissionDenied):
        engine.conflicts(store, Actor("p1", "prescriber"))


def test_resolve_delete_conflict_with_deleted_true_deletes(env):
    engine, store = env
    rid, v1 = person(engine, store)
    push_one(engine, store, ALICE, "people", rid, {"notes": "x"}, v1)
    cid = push_one(engine, store, BOB, "people", rid, op="delete", base=v1)["conflict_id"]
    answer = engine.resolve(store, ALICE, cid, {"_deleted": True})
    assert answer["deleted"] is True and row(store, "people", rid).deleted


def test_resolve_edit_to_deleted_row_with_values_revives_it(env):
    engine, store = env
    rid, v1 = person(engine, store)
    push_one(engine, store, ALICE, "people", rid, op="delete", base=v1)
    cid = push_one(engine, store, BOB, "people", rid, {"notes": "Venu mardi"}, v1)["conflict_id"]
    _, cursor = pull_all(engine, store, ALICE)
    answer = engine.resolve(store, ALICE, cid, {"notes": "Venu mardi", "_deleted": False})
    assert answer["deleted"] is False
    r = row(store, "people", rid)
    assert not r.deleted and r.data["notes"] == "Venu mardi" and r.data["first_name"] == "Léa"
    (change,) = pull_all(engine, store, ALICE, cursor)[0]
    assert change["deleted"] is False and change["data"]["notes"] == "Venu mardi"


def test_resolve_with_values_alone_revives_a_deleted_row(env):
    engine, store = env
    rid, v1 = person(engine, store)
    push_one(engine, store, ALICE, "people", rid, op="delete", base=v1)
    cid = push_one(engine, store, BOB, "people", rid, {"notes": "x"}, v1)["conflict_id"]
    engine.resolve(store, ALICE, cid, {"notes": "x"})
    assert not row(store, "people", rid).deleted


def test_resolve_keeping_deletion_leaves_the_row_deleted(env):
    engine, store = env
    rid, v1 = person(engine, store)
    push_one(engine, store, ALICE, "people", rid, op="delete", base=v1)
    cid = push_one(engine, store, BOB, "people", rid, {"notes": "x"}, v1)["conflict_id"]
    engine.resolve(store, ALICE, cid, {"_deleted": True})
    assert row(store, "people", rid).deleted
    assert store.conflicts[cid].status == "resolved"


def test_resolve_asks_the_policy_about_choosing_the_deletion_as_a_delete():
    """So a policy that refuses a delete in a push refuses it in a resolution too."""
    asked = []

    class NoDeletes(ScopedPolicy):
        def authorize(self, actor, spec, op, row, fields):
            asked.append(op)
            if op == "delete":
                raise PermissionDenied("Pas de suppression.")
            return super().authorize(actor, spec, op, row, fields)

    engine, store = make(NoDeletes())
    rid, v1 = person(engine, store)
    push_one(engine, store, ALICE, "people", rid, {"notes": "x"}, v1)
    cid = push_one(engine, store, BOB, "people", rid, {"notes": "y"}, v1)["conflict_id"]
    asked.clear()
    with pytest.raises(PermissionDenied):
        engine.resolve(store, ALICE, cid, {"notes": "y", "_deleted": True})
    assert not row(store, "people", rid).deleted and store.conflicts[cid].status == "open"
    engine.resolve(store, ALICE, cid, {"notes": "y", "_deleted": False})
    assert asked == ["delete", "upsert"]
    assert row(store, "people", rid).data["notes"] == "y"


def test_conflicts_list_in_creation_order(env):
    engine, store = env
    ids = [_field_conflict(engine, store)[1] for _ in range(3)]
    assert [c["id"] for c in engine.conflicts(store, ALICE)] == ids
