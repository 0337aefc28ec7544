"""Pulls: pages, cursors, tombstones and scopes, driven directly on a MemoryStore."""
import base64

import pytest

from sync import BadCursor, decode_cursor, encode_cursor

from engine_kit import ALICE, BOB, Actor, make, mutation, new_id, pull_all, push, push_one


@pytest.fixture
def env():
    return make()


def people(engine, store, n, actor=ALICE):
    """Create n people in one push; return their row ids in version order."""
    muts = [mutation("people", new_id(), {"first_name": f"P{i}"}) for i in range(n)]
    push(engine, store, actor, *muts)
    return [m["row_id"] for m in muts]


# -- pages and cursors ------------------------------------------------------------------------

def test_pages_cover_everything_once_in_version_order(env):
    engine, store = env
    ids = people(engine, store, 7)
    seen, cursor, pages = [], None, []
    while True:
        page = engine.pull(store, ALICE, cursor, 3)
        pages.append(page)
        seen.extend(page["changes"])
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    assert [len(p["changes"]) for p in pages] == [3, 3, 1]
    assert [p["has_more"] for p in pages] == [True, True, False]
    assert [c["row_id"] for c in seen] == ids
    versions = [c["version"] for c in seen]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    assert all(p["server_time"] for p in pages)


def test_exactly_a_full_page_says_no_more(env):
    engine, store = env
    people(engine, store, 3)
    page = engine.pull(store, ALICE, None, 3)
    assert len(page["changes"]) == 3 and page["has_more"] is False


def test_cursor_brings_only_later_changes(env):
    engine, store = env
    first = people(engine, store, 2)
    _, cursor = pull_all(engine, store, ALICE)
    later = people(engine, store, 2, actor=BOB)
    changes, cursor2 = pull_all(engine, store, ALICE, cursor)
    assert [c["row_id"] for c in changes] == later
    assert not set(first) & {c["row_id"] for c in changes}
    nothing = engine.pull(store, ALICE, cursor2, 10)
    assert nothing["changes"] == [] and nothing["has_more"] is False
    assert nothing["cursor"] == cursor2


def test_empty_database_first_pull(env):
    engine, store = env
    page = engine.pull(store, ALICE, None, 10)
    assert page["changes"] == [] and page["has_more"] is False
    assert decode_cursor(page["cursor"]) == 0


def test_a_row_changed_twice_comes_once_at_its_latest_version(env):
    engine, store = env
    (rid,) = people(engine, store, 1)
    _, cursor = pull_all(engine, store, ALICE)
    v = store.rows["people"][rid].version
    v2 = push_one(engine, store, BOB, "people", rid, {"commune": "Morez"}, v)["version"]
    v3 = push_one(engine, store, BOB, "people", rid, {"notes": "x"}, v2)["version"]
    changes, _ = pull_all(engine, store, ALICE, cursor)
    assert [(c["row_id"], c["version"]) for c in changes] == [(rid, v3)]
    assert changes[0]["data"]["commune"] == "Morez" and changes[0]["data"]["notes"] == "x"


def test_change_carries_the_row_data(env):
    engine, store = env
    rid = new_id()
    v = push_one(engine, store, ALICE, "people", rid, {"first_name": "Léa", "age": 19})["version"]
    (change,) = pull_all(engine, store, ALICE)[0]
    assert change == {"table": "people", "row_id": rid, "version": v, "deleted": False,
                      "data": {"first_name": "Léa", "age": 19}}


# -- tombstones ---------------------------------------------------------------------------------

def test_first_pull_brings_tombstones(env):
    """A device that pushed a row before its first pull hears that it was deleted since."""
    engine, store = env
    keep, gone = people(engine, store, 2)
    v = store.rows["people"][gone].version
    push_one(engine, store, ALICE, "people", gone, op="delete", base=v)
    changes, _ = pull_all(engine, store, BOB)
    assert [(c["row_id"], c["deleted"]) for c in changes] == [(keep, False), (gone, True)]
    assert changes[1]["data"] is None


def test_first_pull_pages_bring_tombstones_and_lose_nothing(env):
    engine, store = env
    ids = people(engine, store, 6)
    for rid in ids[::2]:
        push_one(engine, store, ALICE, "people", rid, op="delete",
                 base=store.rows["people"][rid].version)
    seen, cursor = [], None
    while True:
        page = engine.pull(store, BOB, cursor, 2)
        seen.extend(page["changes"])
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    live = [c["row_id"] for c in seen if not c["deleted"]]
    assert live == ids[1::2]


def test_row_created_after_the_cursor_then_deleted_arrives_as_a_deletion(env):
    engine, store = env
    people(engine, store, 1)
    _, cursor = pull_all(engine, store, BOB)
    rid = new_id()
    v = push_one(engine, store, ALICE, "people", rid, {"first_name": "Éphémère"})["version"]
    push_one(engine, store, ALICE, "people", rid, op="delete", base=v)
    changes, _ = pull_all(engine, store, BOB, cursor)
    assert [(c["row_id"], c["deleted"], c["data"]) for c in changes] == [(rid, True, None)]


# -- scopes -------------------------------------------------------------------------------------

P1, P2 = Actor("p1", "prescriber"), Actor("p2", "prescriber")


def referral(engine, store, actor, name="Orientation"):
    rid = new_id()
    result = push_one(engine, store, actor, "referrals", rid, {"name": name})
    assert result["status"] == "applied", result
    return rid, result["version"]


def test_scoped_actor_sees_only_its_rows(env):
    engine, store = env
    mine, _ = referral(engine, store, P1)
    referral(engine, store, P2)
    people(engine, store, 2)
    changes, _ = pull_all(engine, store, P1)
    assert [(c["table"], c["row_id"]) for c in changes] == [("referrals", mine)]
    assert changes[0]["data"]["owner"] == "p1"


def test_row_leaving_the_scope_reaches_its_old_owner_as_a_deletion(env):
    engine, store = env
    rid, v = referral(engine, store, P1)
    _, c1 = pull_all(engine, store, P1)
    _, c2 = pull_all(engine, store, P2)
    moved = push_one(engine, store, ALICE, "referrals", rid, {"owner": "p2"}, v)
    assert moved["status"] == "applied"
    assert store.rows["referrals"][rid].scope_trail == ",p1,"
    old_owner, _ = pull_all(engine, store, P1, c1)
    assert old_owner == [{"table": "referrals", "row_id": rid, "version": moved["version"],
                          "deleted": True, "data": None}]
    new_owner, _ = pull_all(engine, store, P2, c2)
    assert [(c["row_id"], c["deleted"]) for c in new_owner] == [(rid, False)]
    # A fresh device of the old owner hears of it only as a deletion, without its data.
    assert pull_all(engine, store, P1)[0] == old_owner


def test_row_that_never_was_in_scope_never_arrives_even_as_deletion(env):
    engine, store = env
    _, c1 = pull_all(engine, store, P1)
    rid, v = referral(engine, store, P2)
    push_one(engine, store, ALICE, "referrals", rid, {"owner": "p3"}, v)
    assert pull_all(engine, store, P1, c1)[0] == []


def test_later_changes_of_a_row_that_left_keep_arriving_as_deletions(env):
    engine, store = env
    rid, v = referral(engine, store, P1)
    v2 = push_one(engine, store, ALICE, "referrals", rid, {"owner": "p2"}, v)["version"]
    _, c1 = pull_all(engine, store, P1)
    push_one(engine, store, ALICE, "referrals", rid, {"status": "validee"}, v2)
    changes, _ = pull_all(engine, store, P1, c1)
    assert [(c["row_id"], c["deleted"], c["data"]) for c in changes] == [(rid, True, None)]


def test_row_coming_back_into_scope_arrives_live(env):
    engine, store = env
    rid, v = referral(engine, store, P1)
    v2 = push_one(engine, store, ALICE, "referrals", rid, {"owner": "p2"}, v)["version"]
    _, c1 = pull_all(engine, store, P1)
    push_one(engine, store, ALICE, "referrals", rid, {"owner": "p1"}, v2)
    changes, _ = pull_all(engine, store, P1, c1)
    assert [(c["row_id"], c["deleted"]) for c in changes] == [(rid, False)]


def test_scoped_actor_cannot_write_outside_its_scope(env):
    engine, store = env
    rid, v = referral(engine, store, P2)
    result = push_one(engine, store, P1, "referrals", rid, {"name": "À moi"}, v)
    assert result["status"] == "rejected" and "_permission" in result["errors"]
    assert store.rows["referrals"][rid].data["name"] == "Orientation"


# -- cursor encoding ------------------------------------------------------------------------------

@pytest.mark.parametrize("version", [0, 1, 42, 2**53])
def test_cursor_round_trip(version):
    cursor = encode_cursor(version)
    assert isinstance(cursor, str) and str(version) not in cursor
    assert decode_cursor(cursor) == version


@pytest.mark.parametrize("cursor", [None, ""])
def test_no_cursor(cursor):
    assert decode_cursor(cursor) is None


def _b64(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [
    "12", "v1:12", "!!!", "é", "djE6", _b64("v2:5"), _b64("v1:-1"), _b64("v1:1.5"),
    _b64("v1: 5"), _b64("v1:" + "9" * 30), _b64("v1:") + "A" * 70, _b64("v1:٣"),
    "%00", 12, ["v1:1"],
])
def test_bad_cursors_are_refused(cursor):
    with pytest.raises(BadCursor):
        decode_cursor(cursor)


def test_pull_with_a_bad_cursor_raises(env):
    engine, store = env
    with pytest.raises(BadCursor) as err:
        engine.pull(store, ALICE, "pas-un-curseur", 10)
    assert err.value.status == 400
