"""The Engine's push and conflict rules, driven directly on a MemoryStore."""
import pytest

from sync import EnvelopeError, TooManyMutations, UnsupportedSchema

from engine_kit import (ALICE, BOB, Actor, make, mutation, new_id, person, pull_all, push,
                        push_one, row)


@pytest.fixture
def env():
    return make()


# -- envelope -------------------------------------------------------------------------

@pytest.mark.parametrize("body, missing", [
    ({}, ["client_id", "schema_version", "mutations"]),
    ({"client_id": "d", "schema_version": 1}, ["mutations"]),
    ({"mutations": [], "schema_version": 1}, ["client_id"]),
    ({"client_id": "d", "mutations": []}, ["schema_version"]),
])
def test_envelope_missing_keys_are_named(env, body, missing):
    engine, store = env
    with pytest.raises(EnvelopeError) as err:
        engine.push(store, ALICE, body)
    assert err.value.extra["missing"] == missing
    assert err.value.status == 400


@pytest.mark.parametrize("body", [
    None, [], "texte", 3,
    {"client_id": "", "schema_version": 1, "mutations": []},
    {"client_id": 12, "schema_version": 1, "mutations": []},
    {"client_id": "x" * 201, "schema_version": 1, "mutations": []},
    {"client_id": "a\x00b", "schema_version": 1, "mutations": []},
    {"client_id": "d", "schema_version": "1", "mutations": []},
    {"client_id": "d", "schema_version": True, "mutations": []},
    {"client_id": "d", "schema_version": 1.0, "mutations": []},
    {"client_id": "d", "schema_version": 1, "mutations": {"0": {}}},
    {"client_id": "d", "schema_version": 1, "mutations": None},
])
def test_unusable_envelope_is_refused_whole(env, body):
    engine, store = env
    with pytest.raises(EnvelopeError):
        engine.push(store, ALICE, body)
    assert store.clock == 0 and store.results == {}


def test_envelope_error_applies_nothing_even_with_good_mutations(env):
    engine, store = env
    good = mutation("people", new_id(), {"first_name": "A"})
    with pytest.raises(EnvelopeError):
        engine.push(store, ALICE, {"client_id": "", "schema_version": 1, "mutations": [good]})
    assert store.rows["people"] == {} and store.results == {}


@pytest.mark.parametrize("version", [0, 3, -1])
def test_schema_version_outside_range_names_the_range(version):
    engine, store = make(schema_range=(1, 2))
    good = mutation("people", new_id(), {"first_name": "A"})
    with pytest.raises(UnsupportedSchema) as err:
        engine.push(store, ALICE, {"client_id": "d", "schema_version": version,
                                   "mutations": [good]})
    assert err.value.status == 409
    assert err.value.extra["supported"] == {"min": 1, "max": 2}
    assert store.rows["people"] == {}


def test_every_supported_schema_version_is_accepted():
    engine, store = make(schema_range=(1, 2))
    for version in (1, 2):
        body = {"client_id": "d", "schema_version": version,
                "mutations": [mutation("people", new_id(), {"first_name": "A"})]}
        assert engine.push(store, ALICE, body)["results"][0]["status"] == "applied"


def test_too_many_mutations():
    engine, store = make(max_mutations=3)
    body = {"client_id": "d", "schema_version": 1,
            "mutations": [mutation("people", new_id(), {"first_name": "A"}) for _ in range(4)]}
    with pytest.raises(TooManyMutations) as err:
        engine.push(store, ALICE, body)
    assert err.value.status == 413 and store.rows["people"] == {}
    body["mutations"].pop()
    assert len(engine.push(store, ALICE, body)["results"]) == 3


def test_empty_push(env):
    engine, store = env
    answer = engine.push(store, ALICE, {"client_id": "d", "schema_version": 1, "mutations": []})
    assert answer["results"] == [] and answer["server_time"]


# -- per-mutation rejections ------------------------------------------------------------

def _bad_mutations():
    rid = new_id()
    good = mutation("people", rid, {"first_name": "A"})
    return [
        ("not an object", ["x"], "_schema"),
        ("no id", {**good, "id": None}, "id"),
        ("id not a uuid", {**good, "id": "42"}, "id"),
        ("id braces", {**good, "id": "{" + new_id()[:34] + "}"}, "id"),
        ("unknown table", {**good, "table": "users"}, "table"),
        ("table not a string", {**good, "table": ["people"]}, "table"),
        ("bad op", {**good, "op": "insert"}, "op"),
        ("op not a string", {**good, "op": {"x": 1}}, "op"),
        ("row_id missing", {k: v for k, v in good.items() if k != "row_id"}, "row_id"),
        ("row_id not a uuid", {**good, "row_id": "row-1"}, "row_id"),
        ("base negative", {**good, "base_version": -1}, "base_version"),
        ("base bool", {**good, "base_version": True}, "base_version"),
        ("base text", {**good, "base_version": "3"}, "base_version"),
        ("base float", {**good, "base_version": 1.5}, "base_version"),
        ("base too big", {**good, "base_version": 2**60}, "base_version"),
        ("fields missing", {k: v for k, v in good.items() if k != "fields"}, "fields"),
        ("fields a list", {**good, "fields": [["first_name", "A"]]}, "fields"),
        ("unknown field", {**good, "fields": {"first_name": "A", "password": "x"}}, "fields"),
        ("unknown key", {**good, "priority": 1}, "priority"),
        ("client_ts number", {**good, "client_ts": 1700000000}, "client_ts"),
        ("invalid value", {**good, "fields": {"first_name": "A", "age": -3}}, "age"),
        ("invalid type", {**good, "fields": {"first_name": ["A"]}}, "first_name"),
        ("missing required", {**good, "fields": {"last_name": "B"}}, "first_name"),
    ]


BAD = _bad_mutations()


@pytest.mark.parametrize("label, bad, field", BAD, ids=[b[0] for b in BAD])
def test_a_bad_mutation_is_rejected_alone(env, label, bad, field):
    engine, store = env
    before = mutation("people", new_id(), {"first_name": "Avant"})
    after = mutation("people", new_id(), {"first_name": "Après"})
    results = push(engine, store, ALICE, before, bad, after)
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert field in results[1]["errors"], results[1]["errors"]
    assert results[1]["version"] is None
    assert {r["first_name"] for r in (x.data for x in store.rows["people"].values())} == {
        "Avant", "Après"}


def test_unknown_field_is_named(env):
    engine, store = env
    result = push_one(engine, store, ALICE, "people", new_id(),
                      {"first_name": "A", "mot_de_passe": "x"})
    assert result["errors"] == {"fields": {"mot_de_passe": ["Champ inconnu."]}}


def test_permission_denied_rejects_that_mutation_only(env):
    engine, store = env
    prescriber = Actor("p1", "prescriber")
    results = push(engine, store, prescriber,
                   mutation("people", new_id(), {"first_name": "A"}),
                   mutation("referrals", new_id(), {"name": "Orientation"}))
    assert results[0]["status"] == "rejected" and "_permission" in results[0]["errors"]
    assert results[1]["status"] == "applied"
    assert store.rows["people"] == {}


def test_results_come_in_order_with_their_ids(env):
    engine, store = env
    muts = [mutation("people", new_id(), {"first_name": str(i)}) for i in range(5)]
    muts.insert(2, {**mutation("people", new_id()), "op": "nope"})
    results = push(engine, store, ALICE, *muts)
    assert [r["id"] for r in results] == [m["id"] for m in muts]
    assert [r["row_id"] for r in results if r["status"] == "applied"] == [
        m["row_id"] for m in muts if m["op"] == "upsert"]


def test_a_field_set_to_none_is_applied(env):
    engine, store = env
    rid, v1 = person(engine, store, commune="Saint-Claude")
    assert push_one(engine, store, BOB, "people", rid, {"commune": None}, v1)["status"] == "applied"
    assert row(store, "people", rid).data["commune"] is None


# -- idempotency ------------------------------------------------------------------------

def test_replay_answers_duplicate_and_changes_nothing(env):
    engine, store = env
    m = mutation("people", new_id(), {"first_name": "A"})
    (first,) = push(engine, store, ALICE, m)
    clock = store.clock
    (again,) = push(engine, store, ALICE, m)
    assert again == {**first, "status": "duplicate"}
    assert store.clock == clock


def test_replay_after_others_changed_the_row_does_not_overwrite(env):
    engine, store = env
    rid, v1 = person(engine, store)
    m = mutation("people", rid, {"commune": "Morez"}, v1)
    (first,) = push(engine, store, ALICE, m)
    v2 = first["version"]
    push_one(engine, store, BOB, "people", rid, {"commune": "Oyonnax"}, v2)
    (again,) = push(engine, store, ALICE, m)
    assert again == {**first, "status": "duplicate"}
    assert row(store, "people", rid).data["commune"] == "Oyonnax"
    assert store.conflicts == {}


def test_replay_of_a_changed_body_still_answers_the_original(env):
    engine, store = env
    m = mutation("people", new_id(), {"first_name": "A"})
    (first,) = push(engine, store, ALICE, m)
    (again,) = push(engine, store, ALICE, {**m, "fields": {"first_name": "B"}})
    assert again["status"] == "duplicate" and again["version"] == first["version"]
    assert row(store, "people", m["row_id"]).data["first_name"] == "A"


def test_same_id_twice_in_one_push(env):
    engine, store = env
    m = mutation("people", new_id(), {"first_name": "A"})
    first, second = push(engine, store, ALICE, m, m)
    assert first["status"] == "applied"
    assert second == {**first, "status": "duplicate"}
    assert len(store.results) == 1


def test_replay_of_a_conflict_keeps_its_conflict_id(env):
    engine, store = env
    rid, v1 = person(engine, store)
    push_one(engine, store, ALICE, "people", rid, {"commune": "Morez"}, v1)
    m = mutation("people", rid, {"commune": "Lons"}, v1)
    (first,) = push(engine, store, BOB, m)
    assert first["status"] == "conflict" and first["conflict_id"]
    (again,) = push(engine, store, BOB, m)
    assert again == {**first, "status": "duplicate"}
    assert len(store.conflicts) == 1


@pytest.mark.parametrize("bad", [
    {"fields": {"first_name": "A", "age": -1}},  # validation
    {"table": "nope"},  # shape
    {"fields": {"first_name": "A", "inconnu": 1}},  # unknown field
])
def test_rejected_ids_are_remembered(env, bad):
    engine, store = env
    m = {**mutation("people", new_id(), {"first_name": "A"}), **bad}
    (first,) = push(engine, store, ALICE, m)
    assert first["status"] == "rejected"
    fixed = {**m, "table": "people", "fields": {"first_name": "A"}}
    (again,) = push(engine, store, ALICE, fixed)
    assert again == {**first, "status": "duplicate"}
    assert again["errors"] == first["errors"]
    assert store.rows["people"] == {}


def test_permission_rejection_is_remembered(env):
    engine, store = env
    prescriber = Actor("p1", "prescriber")
    m = mutation("people", new_id(), {"first_name": "A"})
    (first,) = push(engine, store, prescriber, m)
    (again,) = push(engine, store, prescriber, m)
    assert first["status"] == "rejected" and again == {**first, "status": "duplicate"}


def test_same_id_from_another_actor_is_refused_and_forgotten(env):
    engine, store = env
    m = mutation("people", new_id(), {"first_name": "A"})
    (mine,) = push(engine, store, ALICE, m)
    (theirs,) = push(engine, store, BOB, {**m, "fields": {"first_name": "B"}})
    assert theirs["status"] == "rejected" and "id" in theirs["errors"]
    assert row(store, "people", m["row_id"]).data["first_name"] == "A"
    # The owner's replay still answers the original, and Bob's attempt left no trace.
    assert push(engine, store, ALICE, m)[0] == {**mine, "status": "duplicate"}
    assert store.results[m["id"]][0] == "alice"


def test_mutation_without_usable_id_is_not_remembered(env):
    engine, store = env
    push(engine, store, ALICE, {**mutation("people", new_id()), "id": "x"})
    assert store.results == {}


# -- field-level merge and conflicts ------------------------------------------------------

def test_edits_to_different_fields_from_two_devices_both_survive(env):
    engine, store = env
    rid, v1 = person(engine, store)
    a = push_one(engine, store, ALICE, "people", rid, {"commune": "Morez"}, v1)
    b = push_one(engine, store, BOB, "people", rid, {"notes": "Permis B en cours"}, v1)
    assert (a["status"], b["status"]) == ("applied", "applied")
    data = row(store, "people", rid).data
    assert data["commune"] == "Morez" and data["notes"] == "Permis B en cours"
    # Nothing to settle; at most a soft conflict to look at (test_engine_review.py).
    assert engine.conflicts(store, ALICE) == []
    assert {c.status for c in store.conflicts.values()} <= {"review"}
    assert b["version"] > a["version"] > v1


def test_same_field_changed_since_base_is_a_conflict_and_nothing_is_lost(env):
    engine, store = env
    rid, v1 = person(engine, store)
    a = push_one(engine, store, ALICE, "people", rid, {"commune": "Morez"}, v1)
    b = push_one(engine, store, BOB, "people", rid, {"commune": "Lons"}, v1)
    assert b["status"] == "conflict" and b["version"] == a["version"]
    assert row(store, "people", rid).data["commune"] == "Morez"
    assert row(store, "people", rid).version == a["version"]  # nothing written
    (item,) = engine.conflicts(store, ALICE)
    assert item["id"] == b["conflict_id"] and item["row_id"] == rid
    assert item["table"] == "people" and item["author"] == "bob"
    assert item["fields"] == {"commune": {"server": "Morez", "client": "Lons"}}
    assert item["status"] == "open" and item["created_at"]


def test_partial_conflict_is_merged(env):
    engine, store = env
    rid, v1 = person(engine, store)
    push_one(engine, store, ALICE, "people", rid, {"commune": "Morez"}, v1)
    b = push_one(engine, store, BOB, "people", rid,
                 {"commune": "Lons", "notes": "Vélo", "last_name": "Martin"}, v1)
    assert b["status"] == "merged" and b["conflict_id"]
    data = row(store, "people", rid).data
    assert data["commune"] == "Morez" and data["notes"] == "Vélo"
    assert store.conflicts[b["conflict_id"]].fields == {
        "commune": {"server": "Morez", "client": "Lons"}}


def test_same_value_is_no_conflict(env):
    engine, store = env
    rid, v1 = person(engine, store)
    a = push_one(engine, store, ALICE, "people", rid, {"commune": "Morez"}, v1)
    b = push_one(engine, store, BOB, "people", rid, {"commune": "Morez"}, v1)
    assert b["status"] == "applied" and "conflict_id" not in b
    assert b["version"] == a["version"]  # nothing to write
    assert store.conflicts == {}


def test_edit_based_on_the_latest_version_applies(env):
    engine, store = env
    rid, v1 = person(engine, store)
    a = push_one(engine, store, ALICE, "people", rid, {"commune": "Morez"}, v1)
    b = push_one(engine, store, BOB, "people", rid, {"commune": "Lons"}, a["version"])
    assert b["status"] == "applied"
    assert row(store, "people", rid).data["commune"] == "Lons"


def test_conflict_against_a_field_set_at_creation(env):
    engine, store = env
    rid, v1 = person(engine, store)
    result = push_one(engine, store, BOB, "people", rid, {"first_name": "Zoé"}, None)
    assert result["status"] == "conflict"
    assert store.conflicts[result["conflict_id"]].fields == {
        "first_name": {"server": "Léa", "client": "Zoé"}}


def test_field_versions_track_each_write(env):
    engine, store = env
    rid, v1 = person(engine, store)
    a = push_one(engine, store, ALICE, "people", rid, {"commune": "Morez"}, v1)
    r = row(store, "people", rid)
    assert r.field_versions == {"first_name": v1, "last_name": v1, "commune": a["version"]}
    assert r.created_version == v1 and r.updated_by == "alice"


# -- deletes -------------------------------------------------------------------------------

def test_delete_with_current_base_applies_and_leaves_a_tombstone(env):
    engine, store = env
    rid, v1 = person(engine, store)
    result = push_one(engine, store, ALICE, "people", rid, op="delete", base=v1)
    assert result["status"] == "applied" and result["version"] > v1
    r = row(store, "people", rid)
    assert r.deleted and r.version == result["version"]
    assert r.data["first_name"] == "Léa"  # the tombstone keeps what was typed


def test_delete_with_stale_base_is_a_conflict_and_the_row_stays(env):
    engine, store = env
    rid, v1 = person(engine, store)
    a = push_one(engine, store, ALICE, "people", rid, {"notes": "RDV lundi"}, v1)
    b = push_one(engine, store, BOB, "people", rid, op="delete", base=v1)
    assert b["status"] == "conflict" and b["version"] == a["version"]
    assert not row(store, "people", rid).deleted
    assert store.conflicts[b["conflict_id"]].fields == {
        "_deleted": {"server": False, "client": True}}


def test_delete_without_base_of_an_existing_row_is_a_conflict(env):
    engine, store = env
    rid, _ = person(engine, store)
    result = push_one(engine, store, BOB, "people", rid, op="delete")
    assert result["status"] == "conflict" and not row(store, "people", rid).deleted


def test_delete_of_an_unknown_row_is_applied_without_a_version(env):
    engine, store = env
    rid = new_id()
    result = push_one(engine, store, ALICE, "people", rid, op="delete")
    assert result == {"id": result["id"], "status": "applied", "row_id": rid, "version": None}
    assert store.rows["people"] == {} and store.clock == 0


def test_delete_of_a_deleted_row_is_applied_and_writes_nothing(env):
    engine, store = env
    rid, v1 = person(engine, store)
    first = push_one(engine, store, ALICE, "people", rid, op="delete", base=v1)
    second = push_one(engine, store, BOB, "people", rid, op="delete", base=v1)
    assert second["status"] == "applied" and second["version"] == first["version"]
    assert store.conflicts == {}


def test_edit_to_a_deleted_row_is_a_conflict_that_keeps_the_values(env):
    engine, store = env
    rid, v1 = person(engine, store)
    gone = push_one(engine, store, ALICE, "people", rid, op="delete", base=v1)
    b = push_one(engine, store, BOB, "people", rid, {"notes": "Venu mardi", "commune": "Morez"},
                 v1)
    assert b["status"] == "conflict" and b["version"] == gone["version"]
    assert row(store, "people", rid).deleted
    assert store.conflicts[b["conflict_id"]].fields == {
        "notes": {"server": None, "client": "Venu mardi"},
        "commune": {"server": None, "client": "Morez"},
        "_deleted": {"server": True, "client": False},
    }


def test_invalid_edit_to_a_deleted_row_is_rejected_not_kept(env):
    engine, store = env
    rid, v1 = person(engine, store)
    push_one(engine, store, ALICE, "people", rid, op="delete", base=v1)
    result = push_one(engine, store, BOB, "people", rid, {"age": -4}, v1)
    assert result["status"] == "rejected" and "age" in result["errors"]
    assert store.conflicts == {}


def test_delete_is_pulled_as_a_deletion(env):
    engine, store = env
    rid, v1 = person(engine, store)
    _, cursor = pull_all(engine, store, ALICE)
    push_one(engine, store, ALICE, "people", rid, op="delete", base=v1)
    changes, _ = pull_all(engine, store, ALICE, cursor)
    assert changes == [{"table": "people", "row_id": rid, "version": changes[0]["version"],
                        "deleted": True, "data": None}]


# -- what a push applied, given inside its transaction ---------------------------------

def test_on_changes_gets_what_was_written_not_what_was_sent(env):
    engine, store = env
    people = [person(engine, store, first_name="Ada")[0], person(engine, store, first_name="Bea")[0]]
    seen = []
    diag = new_id()
    body = {"client_id": "device-1", "schema_version": 1, "mutations": [
        mutation("diagnostics", diag, {"person_id": people[0], "answers": {"a": 1}, "score": 9}),
        mutation("people", people[1], {"first_name": "Béa"}, base=1),
        mutation("people", people[0], {"first_name": "Ada"}, base=1),  # same value: no write
        mutation("people", new_id(), {"nom": "inconnu"})]}  # refused: nothing written
    engine.push(store, ALICE, body, on_changes=seen.extend)
    # Derived fields (score) and values sent but unchanged are not named.
    assert [(c.table, c.row_id, c.fields) for c in seen] == [
        ("diagnostics", diag, ("person_id", "answers")), ("people", people[1], ("first_name",))]
    assert seen[1].previous == {"first_name": "Bea"} and seen[1].row.data["first_name"] == "Béa"


def test_on_changes_runs_before_the_commit_and_its_failure_writes_nothing(env):
    engine, store = env
    pid = new_id()

    def fail(changes):
        raise RuntimeError("audit store down")

    with pytest.raises(RuntimeError):
        engine.push(store, ALICE, {"client_id": "d", "schema_version": 1, "mutations": [
            mutation("people", pid, {"first_name": "Cyd"})]}, on_changes=fail)
    assert pid not in store.rows["people"], "the push and its audit commit together or not at all"


# -- erasure ----------------------------------------------------------------------------

def test_erase_leaves_tombstones_without_values_drops_their_conflicts_and_is_idempotent(env):
    engine, store = env
    pid, version = person(engine, store, first_name="Ada", notes="secret")
    other, _ = person(engine, store, first_name="Bea")
    push_one(engine, store, BOB, "people", pid, {"notes": "autre"}, base=0)  # a conflict
    assert store.conflicts
    seen = []
    counts = engine.erase(store, ALICE, lambda: {"people": [pid]}, on_erased=seen.append)
    assert counts == {"people": 1} and seen == [{"people": 1}]
    gone = row(store, "people", pid)
    assert gone.deleted and all(v is None for v in gone.data.values()) and gone.version > version
    assert not [c for c in store.conflicts.values() if c.row_id == pid]
    assert row(store, "people", other).data["first_name"] == "Bea"
    changes, _ = pull_all(engine, store, BOB)
    assert [(c["row_id"], c["deleted"], c["data"]) for c in changes if c["row_id"] == pid] == [(pid, True, None)]
    assert engine.erase(store, ALICE, lambda: {"people": [pid]}) == {"people": 0}, "a second call changes nothing"
    assert row(store, "people", pid).version == gone.version
