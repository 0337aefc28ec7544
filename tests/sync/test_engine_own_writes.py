"""A device's own writes never conflict with it; anyone else's since its base still do."""
from sync.writers import writer_of

from engine_kit import ALICE, BOB, Actor, make, mutation, new_id

OFFICE = Actor("office", "coordinator")


def send(env, device, actor, row_id, fields=None, base=None, op="upsert", table="people"):
    """Push one mutation from `device` (the token's device id); return its result."""
    engine, store = env
    body = {"client_id": "whatever", "schema_version": 1,
            "mutations": [mutation(table, row_id, fields, base, op)]}
    return engine.push(store, actor, body, origin=device)["results"][0]


def created(env, device="tab-b", actor=BOB):
    """A person created by `device` and pulled by everyone; return (row_id, version)."""
    rid = new_id()
    result = send(env, device, actor, rid, {"first_name": "Léa", "last_name": "Martin"})
    return rid, result["version"]


def data(env, rid):
    return env[1].rows["people"][rid].data


def conflict_fields(env, result):
    return env[1].conflicts[result["conflict_id"]].fields


def test_create_then_edit_before_any_pull_is_no_conflict():
    env = make()
    rid = new_id()
    send(env, "tab-a", ALICE, rid, {"first_name": "Léa", "commune": "Viry"})
    # The answer was lost: the web app never pulled the row, its next edit is based on null.
    again = send(env, "tab-a", ALICE, rid, {"commune": "Lajoux", "notes": "vu"}, None)
    assert again["status"] == "applied" and data(env, rid)["commune"] == "Lajoux"


def test_same_field_twice_while_the_first_is_in_flight_is_no_conflict():
    env = make()
    rid, v1 = created(env)
    first = send(env, "tab-a", ALICE, rid, {"commune": "Lajoux"}, v1)
    second = send(env, "tab-a", ALICE, rid, {"commune": "Morez"}, v1)
    assert (first["status"], second["status"]) == ("applied", "applied")
    assert data(env, rid)["commune"] == "Morez" and env[1].conflicts == {}


def test_another_device_in_between_is_a_conflict():
    env = make()
    rid, v1 = created(env)
    send(env, "tab-a", ALICE, rid, {"commune": "Lajoux"}, v1)
    seen = send(env, "tab-b", BOB, rid, {"commune": "Viry"}, v1 + 1)  # tab-b had pulled it
    again = send(env, "tab-a", ALICE, rid, {"commune": "Morez"}, v1)
    assert seen["status"] == "applied" and again["status"] == "conflict"
    assert conflict_fields(env, again) == {"commune": {"server": "Viry", "client": "Morez"}}


def test_two_devices_of_one_account_are_two_writers():
    """The repro: d3 edits last_name; d2's first_name answer is lost; d2 edits last_name."""
    env = make()
    rid, v1 = created(env)
    send(env, "d3", ALICE, rid, {"last_name": "Morel"}, v1)
    send(env, "d2", ALICE, rid, {"first_name": "Lena"}, v1)
    late = send(env, "d2", ALICE, rid, {"last_name": "Moreau"}, v1)
    assert late["status"] == "conflict" and data(env, rid)["last_name"] == "Morel"


def test_own_write_to_one_field_does_not_cover_another_devices_write_to_another():
    env = make()
    rid, v1 = created(env)
    send(env, "tab-b", BOB, rid, {"commune": "Viry"}, v1)
    mine = send(env, "tab-a", ALICE, rid, {"notes": "vu"}, v1)  # the row's latest write
    late = send(env, "tab-a", ALICE, rid, {"commune": "Morez"}, v1)
    assert mine["status"] == "applied" and late["status"] == "conflict"


def test_a_client_id_cannot_claim_another_accounts_writes():
    env = make()
    engine, store = env
    rid, v1 = created(env)
    body = {"client_id": "shared", "schema_version": 1,
            "mutations": [mutation("people", rid, {"commune": "Viry"}, v1)]}
    assert engine.push(store, ALICE, body)["results"][0]["status"] == "applied"
    body["mutations"] = [mutation("people", rid, {"commune": "Morez"}, v1)]
    assert engine.push(store, BOB, body)["results"][0]["status"] == "conflict"
    assert writer_of(ALICE, None, "shared") != writer_of(BOB, None, "shared")
    assert writer_of(ALICE, "tab-a", "shared") == "dev:tab-a"  # the token's device wins
    assert writer_of(Actor(None), None, "public") is None  # no account: never "own"


def test_rows_without_writers_conflict_as_before():
    """Rows written before writers were kept: nobody's own, the version rule alone."""
    env = make()
    rid, v1 = created(env)
    send(env, "tab-a", ALICE, rid, {"commune": "Viry"}, v1)
    env[1].rows["people"][rid].field_writers = {}
    late = send(env, "tab-a", ALICE, rid, {"commune": "Morez"}, v1)
    assert late["status"] == "conflict"


# -- deletes ---------------------------------------------------------------------------------

def test_delete_after_own_create_and_edits_is_applied():
    env = make()
    rid = new_id()
    send(env, "tab-a", ALICE, rid, {"first_name": "Léa"})
    send(env, "tab-a", ALICE, rid, {"notes": "doublon"}, None)
    gone = send(env, "tab-a", ALICE, rid, op="delete", base=None)
    assert gone["status"] == "applied" and env[1].rows["people"][rid].deleted


def test_delete_after_another_devices_change_is_a_conflict():
    env = make()
    rid, v1 = created(env)
    send(env, "tab-a", ALICE, rid, {"notes": "mine"}, v1)
    send(env, "tab-b", BOB, rid, {"commune": "Viry"}, v1)
    gone = send(env, "tab-a", ALICE, rid, op="delete", base=v1)
    assert gone["status"] == "conflict" and not env[1].rows["people"][rid].deleted
    assert conflict_fields(env, gone) == {"_deleted": {"server": False, "client": True}}


def test_delete_without_base_of_another_devices_row_is_a_conflict():
    env = make()
    rid, _ = created(env)
    assert send(env, "tab-a", ALICE, rid, op="delete")["status"] == "conflict"


def test_delete_after_another_device_revived_the_row_is_a_conflict():
    env = make()
    engine, store = env
    rid, v1 = created(env)
    send(env, "tab-b", BOB, rid, op="delete", base=v1)
    kept = send(env, "tab-a", ALICE, rid, {"notes": "venu"}, v1)
    engine.resolve(store, OFFICE, kept["conflict_id"], {"notes": "venu"}, origin="office-pc")
    again = send(env, "tab-b", BOB, rid, op="delete", base=v1)
    assert again["status"] == "conflict"  # `_deleted` changed since, by the office
    assert not store.rows["people"][rid].deleted


def test_edit_of_a_row_this_device_deleted_is_still_a_conflict():
    """Delete and edit contradict each other: a person chooses, the values are kept."""
    env = make()
    rid, v1 = created(env)
    send(env, "tab-a", ALICE, rid, op="delete", base=v1)
    late = send(env, "tab-a", ALICE, rid, {"notes": "finalement"}, v1)
    assert late["status"] == "conflict"
    assert conflict_fields(env, late)["_deleted"] == {"server": True, "client": False}


def test_a_resolution_is_its_devices_own_write():
    env = make()
    engine, store = env
    rid, v1 = created(env)
    send(env, "tab-a", ALICE, rid, {"commune": "Viry"}, v1)
    kept = send(env, "tab-b", BOB, rid, {"commune": "Morez"}, v1)
    engine.resolve(store, OFFICE, kept["conflict_id"], {"commune": "Morez"}, origin="office-pc")
    assert store.rows["people"][rid].field_writers["commune"] == "dev:office-pc"
    mine = send(env, "office-pc", OFFICE, rid, {"commune": "Lajoux"}, v1)
    theirs = send(env, "tab-a", ALICE, rid, {"commune": "Septmoncel"}, v1 + 1)
    assert (mine["status"], theirs["status"]) == ("applied", "conflict")
