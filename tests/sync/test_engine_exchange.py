"""The exchange (push then first page, one round trip), driven directly on a MemoryStore."""
import pytest

from sync import BadCursor, EnvelopeError, TooManyMutations, UnsupportedSchema

from engine_kit import ALICE, BOB, Actor, make, mutation, new_id, person, pull_all, push_one


@pytest.fixture
def env():
    return make()


def body(*mutations, cursor=None, **extra):
    return {"client_id": "tablet", "schema_version": 1, "mutations": list(mutations),
            "cursor": cursor, **extra}


def test_the_answer_holds_the_results_and_the_page_with_the_device_writes(env):
    engine, store = env
    other, _ = person(engine, store, BOB, first_name="Autre")
    _, cursor = pull_all(engine, store, ALICE)
    mine = mutation("people", new_id(), {"first_name": "Lina"})
    answer = engine.exchange(store, ALICE, body(mine, cursor=cursor))
    assert set(answer) == {"results", "changes", "cursor", "has_more"}
    (result,) = answer["results"]
    assert result["status"] == "applied" and result["row_id"] == mine["row_id"]
    # The page already holds the write at its version: the next pull brings nothing again.
    assert [(c["row_id"], c["version"]) for c in answer["changes"]] == [
        (mine["row_id"], result["version"])]
    assert answer["has_more"] is False
    assert engine.pull(store, ALICE, answer["cursor"], 1000)["changes"] == []
    assert other not in {c["row_id"] for c in answer["changes"]}


def test_a_no_op_exchange_writes_nothing_and_keeps_the_cursor(env):
    engine, store = env
    person(engine, store, BOB)
    _, cursor = pull_all(engine, store, ALICE)
    clock = store.clock
    answer = engine.exchange(store, ALICE, body(cursor=cursor))
    assert answer == {"results": [], "changes": [], "cursor": cursor, "has_more": False}
    assert store.clock == clock


def test_a_replay_after_a_lost_answer_gives_the_same_results_and_applies_nothing_twice(env):
    engine, store = env
    row_id, version = person(engine, store, ALICE)
    push_one(engine, store, BOB, "people", row_id, {"notes": "bureau"}, version)
    request = body(mutation("people", row_id, {"notes": "tablette"}, version),
                   mutation("people", new_id(), {"first_name": "Nouveau"}), cursor=None)
    first = engine.exchange(store, ALICE, request)  # the answer is lost on the way back
    clock, conflicts = store.clock, store.list_conflicts("open")
    again = engine.exchange(store, ALICE, request)
    assert store.clock == clock and store.list_conflicts("open") == conflicts
    assert [r["status"] for r in first["results"]] == ["conflict", "applied"]
    assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate"]
    strip = [{k: v for k, v in r.items() if k != "status"} for r in first["results"]]
    assert strip == [{k: v for k, v in r.items() if k != "status"} for r in again["results"]]
    assert again["changes"] == first["changes"] and again["cursor"] == first["cursor"]
    assert again["conflicts"] == first["conflicts"]


def test_a_request_refused_whole_writes_nothing(env):
    engine, store = env
    good = mutation("people", new_id(), {"first_name": "Léa"})
    for bad, error in ((body(good, cursor="pas-un-curseur"), BadCursor),
                       (body(good, cursor=12), EnvelopeError),
                       (body(good, limit=0), EnvelopeError),
                       (body(good, limit=5001), EnvelopeError),
                       (body(good, limit=True), EnvelopeError),
                       (body(good, conflicts="oui"), EnvelopeError),
                       ({**body(good), "schema_version": 99}, UnsupportedSchema),
                       ({"client_id": "tablet", "cursor": None}, EnvelopeError),
                       ([good], EnvelopeError)):
        with pytest.raises(error):
            engine.exchange(store, ALICE, bad)
    small, small_store = make(max_mutations=1)
    with pytest.raises(TooManyMutations):
        small.exchange(small_store, ALICE, body(good, good))
    assert store.clock == small_store.clock == 0


def test_a_device_far_behind_gets_one_page_then_pulls_the_rest(env):
    engine, store = env
    for i in range(25):
        person(engine, store, BOB, first_name=f"P{i}")
    mine = mutation("people", new_id(), {"first_name": "Lina"})
    answer = engine.exchange(store, ALICE, body(mine, limit=10))
    assert answer["results"][0]["status"] == "applied"
    assert len(answer["changes"]) == 10 and answer["has_more"] is True
    rest, _ = pull_all(engine, store, ALICE, answer["cursor"], 10)
    ids = [c["row_id"] for c in answer["changes"] + rest]
    assert len(ids) == len(set(ids)) == 26 and ids[-1] == mine["row_id"]


def test_conflicts_come_when_asked_raised_or_touched_never_for_a_prescriber(env):
    engine, store = env
    row_id, version = person(engine, store, ALICE)
    _, cursor = pull_all(engine, store, ALICE)
    assert "conflicts" not in engine.exchange(store, ALICE, body(cursor=cursor))
    assert engine.exchange(store, ALICE, body(cursor=cursor, conflicts=True))["conflicts"] == []
    push_one(engine, store, BOB, "people", row_id, {"notes": "bureau"}, version)
    raised = engine.exchange(store, ALICE, body(
        mutation("people", row_id, {"notes": "tablette"}, version), cursor=cursor))
    (conflict,) = raised["conflicts"]
    assert conflict["id"] == raised["results"][0]["conflict_id"]
    assert conflict["fields"] == {"notes": {"server": "bureau", "client": "tablette"}}
    # Another device sees the list when a row it pulls has an open conflict.
    seen = engine.exchange(store, BOB, body(cursor=cursor))
    assert [c["id"] for c in seen["conflicts"]] == [conflict["id"]]
    quiet = engine.exchange(store, BOB, body(cursor=seen["cursor"]))
    assert "conflicts" not in quiet
    prescriber = Actor("p1", "prescriber")
    assert "conflicts" not in engine.exchange(store, prescriber, body(conflicts=True))


def test_a_scoped_device_gets_only_its_rows_and_its_refusals(env):
    engine, store = env
    prescriber = Actor("p1", "prescriber")
    person(engine, store, ALICE)
    answer = engine.exchange(store, prescriber, body(
        mutation("referrals", new_id(), {"name": "Permis"}),
        mutation("people", new_id(), {"first_name": "Non"})))
    assert [r["status"] for r in answer["results"]] == ["applied", "rejected"]
    assert [c["table"] for c in answer["changes"]] == ["referrals"]
