"""A change queued on an attendance the server merged into the canonical row (device.py).

Found by the multi-device property test: a device's attendance is folded into another
device's row for the same (session, person), which this device had already pulled; its
delete queued meanwhile follows onto that row. Based on nothing (a null base) and with no
server copy, it conflicted with the other device's creation and the device dropped the row
for good: no pull brings a version it had already passed.
"""
from sync import MemoryStore

from convergence_kit import SPECS, Server
from device import Device
from engine_kit import Actor, new_id


def sync(server, d):
    d.sync(lambda body: server.push(d.actor, body),
           lambda cursor, limit: server.pull(d.actor, cursor, limit))


def pull(server, d):
    d.merge_page(server.pull(d.actor, d.cursor, 100))


def two_copies():
    """d1's attendance sent without arriving, d3's for the same pair on the server, pulled by d1."""
    server = Server(MemoryStore(list(SPECS)))
    d1, d3 = Device("d1", Actor("user-1")), Device("d3", Actor("user-2"))
    pair = {"session_id": new_id(), "beneficiary_id": new_id()}
    mine, theirs = ("attendances", new_id()), ("attendances", new_id())
    d1.record(*mine, {**pair, "present": False})
    d1.take_batch()  # sent, never arrived (a retry reuses it)
    d3.record(*theirs, {**pair, "present": False})
    sync(server, d3)
    pull(server, d1)
    assert set(d1.view()) == {mine, theirs}
    return server, d1, d3, mine, theirs


def test_a_delete_of_the_merged_copy_leaves_the_device_equal_to_the_server():
    server, d1, _, mine, theirs = two_copies()
    d1.record(*mine, op="delete")
    sync(server, d1)
    sync(server, d1)  # nothing left to pull would bring the row back
    assert d1.replica() == server.state()


def test_a_delete_moved_onto_a_pulled_canonical_row_is_based_on_it():
    server, d1, _, mine, theirs = two_copies()
    pulled = d1.rows[theirs]["_version"]
    d1.record(*mine, op="delete")  # d1 removes its own copy while the create is in flight
    batch = d1.take_batch()
    d1.apply_results(batch, server.push(d1.actor, d1.envelope(batch))["results"])
    (moved,) = d1.outbox
    assert (moved.row_id, moved.op, moved.base_version) == (theirs[1], "delete", pulled)
    assert moved.server == {"version": pulled, "data": server.state()[theirs][1]}
    sync(server, d1)
    assert theirs not in server.state()
    assert server.open_conflicts() == []
    assert d1.replica() == server.state()


def test_a_conflicting_moved_delete_brings_the_canonical_row_back():
    server, d1, d3, mine, theirs = two_copies()
    d1.record(*mine, op="delete")
    batch = d1.take_batch()
    d1.apply_results(batch, server.push(d1.actor, d1.envelope(batch))["results"])
    d3.record(*theirs, {"present": True})  # after d1 pulled: d1's delete must not win
    sync(server, d3)
    sync(server, d1)
    (item,) = server.open_conflicts()
    assert item["fields"] == {"_deleted": {"server": False, "client": True}}
    assert server.state()[theirs][1]["present"] is True
    assert d1.replica() == server.state()


def test_an_edit_moved_onto_a_pulled_canonical_row_applies_without_conflict():
    server, d1, _, mine, theirs = two_copies()
    d1.record(*mine, {"present": True})  # waits behind the create in flight
    sync(server, d1)
    assert server.open_conflicts() == []
    assert server.state()[theirs][1]["present"] is True
    assert d1.replica() == server.state()
