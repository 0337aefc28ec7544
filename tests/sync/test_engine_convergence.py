"""Property: devices editing offline in any order converge, and no typed value is lost.

Three devices (two of them the same user's), each following the web app's rules exactly
(device.py), create, edit and delete beneficiaries and mark attendances offline; their pushes
may never arrive, lose their answer or arrive twice; old batches are replayed; they pull page
by page while others write, edit rows whose last change is still unanswered, and the office
resolves conflicts. Every value a push replaces must have been on the replacing device's
screen or be kept in a conflict record (checked at each push). After everyone syncs, every
replica equals the server, and every value a device pushed is in the data, in a conflict
record, or was replaced or deleted by someone who had it on screen.
Runs on the MemoryStore and on the real SqlStore (SQLite, and PostgreSQL when given).
"""
import random
import uuid

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test
from sqlalchemy import delete, update

from server.extensions import db
from server.models import SYNCED, SyncClock, SyncConflict, SyncMutation
from server.services.sync_store import SqlStore
from sync import MemoryStore

from convergence_kit import (SPECS, TABLES, TEXT_FIELDS, Judge, Server,
                             check_one_attendance_per_pair)
from device import Device
from engine_kit import Actor

PAGE = 4  # small pages, so pulls interleave with other devices' pushes


class Convergence(RuleBasedStateMachine):
    """Devices, a server, and everything the test remembers to judge the end state."""

    make_store = None  # set by each test: () -> a Store on an empty database

    def __init__(self):
        super().__init__()
        self.server = Server(type(self).make_store())
        users = [Actor("user-1"), Actor("user-2")]
        self.devices = [Device("d1", users[0]), Device("d2", users[0]), Device("d3", users[1])]
        # Seeded ids: devices pick rows in id order, so a failing example replays and shrinks.
        self.ids = random.Random(0)
        self.sessions = [self.new_id() for _ in range(2)]
        self.people = [self.new_id() for _ in range(2)]
        self.counter = 0
        self.sent: list[tuple[Device, dict]] = []  # delivered envelopes, for replays
        self.judge = Judge()

    def new_id(self):
        return str(uuid.UUID(int=self.ids.getrandbits(128), version=4))

    def value(self, device, name):
        self.counter += 1
        return f"{name}·{device.name}·{self.counter}"

    def pick(self, device, table, index):
        keys = sorted(k for k in device.view() if k[0] == table)
        return keys[index % len(keys)] if keys else None

    # -- offline work ------------------------------------------------------------------
    @initialize()
    def start(self):
        """Every device starts with the same few beneficiaries, so their edits cross."""
        first = self.devices[0]
        for _ in range(3):
            self.create_person(0)
        self.sync(first)
        for d in self.devices:
            self.sync(d)

    @rule(who=st.integers(0, 2))
    def create_person(self, who):
        d = self.devices[who]
        d.record("beneficiaries", self.new_id(),
                 {name: self.value(d, name) for name in ("first_name", "last_name", "commune")})

    @rule(who=st.integers(0, 2), index=st.integers(0, 50),
          names=st.sets(st.sampled_from(TEXT_FIELDS), min_size=1, max_size=3))
    def edit_person(self, who, index, names):
        d = self.devices[who]
        key = self.pick(d, "beneficiaries", index)
        if key is not None:
            self.edit(d, key, names)

    @rule(who=st.integers(0, 2), sender=st.integers(0, 2), index=st.integers(0, 50),
          names=st.sets(st.sampled_from(TEXT_FIELDS), min_size=1, max_size=3))
    def edit_in_flight_row(self, who, sender, index, names):
        """Edit a row `sender` has sent a change of, still unanswered (itself: a change queued
        behind it; another device: a rival edit in that window). Where base versions matter."""
        d = self.devices[who]
        sent = {(m.table, m.row_id) for m in self.devices[sender].outbox if m.attempted}
        keys = sorted(k for k in sent & set(d.view()) if k[0] == "beneficiaries")
        if keys:
            self.edit(d, keys[index % len(keys)], names)

    def edit(self, d, key, names):
        shown = d.view()[key]
        for name in names:
            self.judge.saw_replaced(key, name, shown.get(name))
        d.record(*key, {name: self.value(d, name) for name in sorted(names)})

    @rule(who=st.integers(0, 2), index=st.integers(0, 50),
          table=st.sampled_from(TABLES))
    def delete_row(self, who, index, table):
        d = self.devices[who]
        key = self.pick(d, table, index)
        if key is None:
            return
        for name, value in d.view()[key].items():
            self.judge.saw_replaced(key, name, value)
        d.record(*key, op="delete")

    @rule(who=st.integers(0, 2), session=st.integers(0, 1), person=st.integers(0, 1),
          present=st.booleans())
    def mark_attendance(self, who, session, person, present):
        d = self.devices[who]
        pair = (self.sessions[session], self.people[person])
        for key, data in sorted(d.view().items()):
            if key[0] == "attendances" and (data.get("session_id"),
                                            data.get("beneficiary_id")) == pair:
                d.record(*key, {"present": present})
                return
        d.record("attendances", self.new_id(),
                 {"session_id": pair[0], "beneficiary_id": pair[1], "present": present})

    # -- network -------------------------------------------------------------------------
    @rule(who=st.integers(0, 2), fate=st.sampled_from(["ok", "ok", "lost", "dropped", "twice"]))
    def push(self, who, fate):
        """Push one batch; it may never arrive, its answer be lost, or it arrive twice."""
        d = self.devices[who]
        batch = d.take_batch()
        if not batch or fate == "dropped":  # dropped: sent (frozen), resent later, same ids
            return
        body = d.envelope(batch)
        answer = self.deliver(d, body)
        if fate == "twice":
            answer = self.deliver(d, body)
        if fate != "lost":
            d.apply_results(batch, answer["results"])

    @rule(who=st.integers(0, 2), index=st.integers(0, 1000))
    def replay_old_batch(self, who, index):
        """A batch already delivered arrives again (a network retry); the device ignores it."""
        mine = [body for device, body in self.sent if device.name == self.devices[who].name]
        if mine:
            self.deliver(self.devices[who], mine[index % len(mine)])

    @rule(who=st.integers(0, 2))
    def pull_page(self, who):
        d = self.devices[who]
        d.merge_page(self.server.pull(d.actor, d.cursor, PAGE))

    @rule(who=st.integers(0, 2))
    def sync_device(self, who):
        self.sync(self.devices[who])

    @rule(who=st.integers(0, 2))
    def reinstall(self, who):
        """A device with nothing left to send starts over from a first pull (no cursor)."""
        d = self.devices[who]
        if not d.outbox:
            self.devices[who] = Device(d.name, d.actor)

    # -- the office -------------------------------------------------------------------------
    @rule(index=st.integers(0, 1000), side=st.sampled_from(["client", "server"]))
    def resolve(self, index, side):
        """The office picks the device's or the server's side of an open conflict."""
        items = self.server.open_conflicts()
        if not items:
            return
        item = items[index % len(items)]
        fields = item["fields"]
        wants_delete = fields.get("_deleted", {}).get(side) is True
        if wants_delete:
            chosen = {"_deleted": True}
        elif side == "client":
            chosen = {k: v["client"] for k, v in fields.items() if k != "_deleted"}
        else:
            chosen = {}
        live = self.server.state().get((item["table"], item["row_id"]))
        if live is not None:  # the office sees the row as it is now
            for name, value in live[1].items():
                if wants_delete or name in chosen:
                    self.judge.saw_replaced((item["table"], item["row_id"]), name, value)
        answer = self.server.resolve(item["id"], chosen)
        assert answer["deleted"] is wants_delete

    # -- helpers and checks --------------------------------------------------------------------
    def deliver(self, d, body):
        """Send an envelope to the server and check every answer against the contract."""
        before = self.server.state()
        answer = self.server.push(d.actor, body)
        self.judge.check_delivery(body, answer["results"], before, self.server.state(),
                                  self.server.conflicts())
        self.sent.append((d, body))
        return answer

    def sync(self, d):
        d.sync(lambda body: self.deliver(d, body),
               lambda cursor, limit: self.server.pull(d.actor, cursor, limit), PAGE)

    def teardown(self):
        if not hasattr(self, "server"):
            return
        try:
            self.check_end_state()
        finally:
            close = getattr(self.server.store, "close", None)
            if close:
                close()

    def check_end_state(self):
        for _ in range(2):  # a second round brings everyone the last round's writes
            for d in self.devices:
                self.sync(d)
        state = self.server.state()
        for d in self.devices:
            assert d.outbox == [], d.name
            assert d.rejections == [], d.rejections
            assert d.replica() == state, f"{d.name} differs from the server"
        check_one_attendance_per_pair(state)
        self.judge.check_nothing_lost(state, self.server.conflicts())


# -- stores -----------------------------------------------------------------------------------

def _memory_store():
    return MemoryStore(list(SPECS))


def _run(make_store, max_examples, steps):
    machine = type("Run", (Convergence,), {"make_store": staticmethod(make_store)})
    run_state_machine_as_test(machine, settings=settings(
        max_examples=max_examples, stateful_step_count=steps, deadline=None,
        suppress_health_check=list(HealthCheck), database=None))


def test_devices_converge_on_memory_store():
    _run(_memory_store, max_examples=200, steps=100)


class _SqlStore(SqlStore):
    """The real store on a database emptied for each example."""

    def close(self):
        self.session.rollback()


def _wipe(session):
    session.rollback()
    for name in TABLES:
        session.execute(delete(SYNCED[name].__table__))
    for model in (SyncMutation, SyncConflict):
        session.execute(delete(model.__table__))
    session.execute(update(SyncClock.__table__).values(value=0))
    session.commit()


def test_devices_converge_on_sql_store(app):
    with app.app_context():
        def make_store():
            _wipe(db.session)
            return _SqlStore(db.session, SPECS)

        _run(make_store, max_examples=40, steps=100)
