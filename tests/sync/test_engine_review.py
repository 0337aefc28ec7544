"""Soft conflicts: different fields of one row edited by two devices merge, and the second
write is filed for an optional review (what it wrote, what it had not seen)."""
import pytest

from sync.errors import ConflictAlreadyResolved, ConflictNotFound

from engine_kit import ALICE, BOB, Actor, make, new_id
from test_engine_own_writes import created, data, send


def reviews(env):
    return [c for c in env[1].conflicts.values() if c.status == "review"]


def test_an_edit_of_another_field_merges_and_is_filed_for_review():
    env = make()
    rid, v1 = created(env)
    send(env, "tab-a", ALICE, rid, {"commune": "Lajoux"}, v1)
    merged = send(env, "tab-b", BOB, rid, {"notes": "Permis en cours"}, v1)  # had not seen Lajoux
    assert merged["status"] == "applied" and "conflict_id" not in merged
    assert (data(env, rid)["commune"], data(env, rid)["notes"]) == ("Lajoux", "Permis en cours")
    [review] = reviews(env)
    assert review.row_id == rid and review.author == BOB.id
    assert review.fields == {"commune": {"server": "Lajoux"}, "notes": {"client": "Permis en cours"}}
    # Listed apart from the conflicts to settle.
    engine, store = env
    assert engine.conflicts(store, BOB) == []
    assert [r["id"] for r in engine.conflicts(store, BOB, "review")] == [review.id]


def test_nothing_to_review_when_the_change_was_seen_or_ones_own():
    env = make()
    rid, v1 = created(env)
    a = send(env, "tab-a", ALICE, rid, {"commune": "Lajoux"}, v1)
    send(env, "tab-b", BOB, rid, {"notes": "Permis en cours"}, a["version"])  # pulled it first
    send(env, "tab-a", ALICE, rid, {"notes": "vu"}, v1)  # its own change in between
    assert reviews(env) == []


def test_a_write_of_unknown_origin_files_no_review():
    env = make()
    rid, v1 = created(env)
    send(env, "tab-a", ALICE, rid, {"commune": "Lajoux"}, v1)
    engine, store = env
    body = {"client_id": "x", "schema_version": 1, "mutations": [
        {"id": new_id(), "table": "people", "op": "upsert", "row_id": rid, "base_version": v1,
         "fields": {"notes": "Système"}}]}
    # An actor without an account (a public form, a tool): its writes have no device.
    assert engine.push(store, Actor(None, "coordinator"), body)["results"][0]["status"] == "applied"
    assert reviews(env) == []


def test_a_review_is_closed_once_seen_and_only_once():
    env = make()
    rid, v1 = created(env)
    send(env, "tab-a", ALICE, rid, {"commune": "Lajoux"}, v1)
    send(env, "tab-b", BOB, rid, {"notes": "Permis en cours"}, v1)
    engine, store = env
    [review] = reviews(env)
    assert engine.seen(store, ALICE, review.id) == {"id": review.id, "status": "seen"}
    assert reviews(env) == [] and engine.conflicts(store, ALICE, "review") == []
    with pytest.raises(ConflictAlreadyResolved):
        engine.seen(store, ALICE, review.id)
    with pytest.raises(ConflictNotFound):
        engine.seen(store, ALICE, new_id())
