"""The simulated device (the web app's rules) against the engine: fixed cases of the property."""
from sync import MemoryStore

from convergence_kit import SPECS, Server
from device import Device
from engine_kit import Actor, new_id

USER = Actor("user-1")


def world():
    """A server, a row everyone pulled, and two devices of one account."""
    server = Server(MemoryStore(list(SPECS)))
    d2, d3 = Device("d2", USER), Device("d3", USER)
    rid = new_id()
    office = Device("office-pc", Actor("office", "coordinator"))
    office.record("beneficiaries", rid, {"first_name": "Léa", "last_name": "Martin"})
    for d in (office, d2, d3):
        sync(server, d)
    return server, d2, d3, ("beneficiaries", rid)


def sync(server, d):
    d.sync(lambda body: server.push(d.actor, body),
           lambda cursor, limit: server.pull(d.actor, cursor, limit))


def send_without_answer(server, d):
    """Push one batch whose answer is lost on the way back."""
    batch = d.take_batch()
    server.push(d.actor, d.envelope(batch))


def test_the_lost_edit_repro_now_ends_in_a_conflict():
    server, d2, d3, key = world()
    d3.record(*key, {"last_name": "Morel"})
    sync(server, d3)
    d2.record(*key, {"first_name": "Lena"})
    send_without_answer(server, d2)
    d2.record(*key, {"last_name": "Moreau"})  # d2 never saw Morel
    assert [m.base_version for m in d2.outbox] == [1, 1]
    sync(server, d2)
    live = server.state()[key][1]
    assert (live["first_name"], live["last_name"]) == ("Lena", "Morel")
    (item,) = server.open_conflicts()
    assert item["fields"] == {"last_name": {"server": "Morel", "client": "Moreau"}}
    assert d2.replica() == server.state()


def test_a_create_then_edits_while_in_flight_meet_no_conflict():
    server, d2, _, _ = world()
    key = ("beneficiaries", new_id())
    d2.record(*key, {"first_name": "Noé", "last_name": "Roy"})
    send_without_answer(server, d2)
    d2.record(*key, {"last_name": "Roux"})
    d2.record(*key, {"commune": "Viry"})  # folded into the unsent edit
    sync(server, d2)
    assert server.open_conflicts() == []
    assert server.state()[key][1]["last_name"] == "Roux"
    assert d2.replica() == server.state()


def test_a_conflict_pulled_past_while_queued_shows_the_servers_value():
    server, d2, d3, key = world()
    d2.record(*key, {"last_name": "Moreau"})
    d2.take_batch()  # sent, never arrived
    d3.record(*key, {"last_name": "Morel"})
    sync(server, d3)
    d2.merge_page(server.pull(d2.actor, d2.cursor, 100))  # d2 pulls past Morel, ours on top
    assert d2.view()[key]["last_name"] == "Moreau"
    batch = d2.take_batch()
    d2.apply_results(batch, server.push(d2.actor, d2.envelope(batch))["results"])
    assert d2.view()[key]["last_name"] == "Morel"  # no pull will bring that version again
    assert d2.replica() == server.state()
