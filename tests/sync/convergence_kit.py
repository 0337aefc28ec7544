"""The server and the judge of the multi-device property test (test_engine_convergence.py)."""
from server.schemas import build_specs
from sync import Engine
from sync.policy import AllowAll

from engine_kit import Actor

TABLES = ("beneficiaries", "attendances")
TEXT_FIELDS = ("first_name", "last_name", "commune", "notes")
SPECS = {name: spec for name, spec in build_specs().items() if name in TABLES}
OFFICE = Actor("office", "coordinator")


class Server:
    """The engine over one store, as the API calls it."""

    def __init__(self, store):
        self.store = store
        self.engine = Engine(SPECS, AllowAll(list(SPECS)))

    def push(self, actor, body):
        # As the API: the origin is the device the token names (here, the device's name).
        return self.engine.push(self.store, actor, body, origin=body["client_id"])

    def pull(self, actor, cursor, limit):
        return self.engine.pull(self.store, actor, cursor, limit)

    def conflicts(self):
        return (self.engine.conflicts(self.store, OFFICE, "open")
                + self.engine.conflicts(self.store, OFFICE, "resolved"))

    def open_conflicts(self):
        return self.engine.conflicts(self.store, OFFICE, "open")

    def resolve(self, conflict_id, chosen):
        return self.engine.resolve(self.store, OFFICE, conflict_id, chosen)

    def state(self):
        """Every live row: {(table, row_id): (version, data)}."""
        rows, cursor = {}, None
        while True:
            page = self.pull(OFFICE, cursor, 1000)
            for c in page["changes"]:
                if c["deleted"]:
                    rows.pop((c["table"], c["row_id"]), None)
                else:
                    rows[(c["table"], c["row_id"])] = (c["version"], c["data"])
            cursor = page["cursor"]
            if not page["has_more"]:
                return rows


def kept_values(conflicts) -> set:
    """Every (table, row_id, field, value) a conflict record keeps, either side."""
    return {(c["table"], c["row_id"], name, value) for c in conflicts
            for name, sides in c["fields"].items() for value in sides.values()}


class Judge:
    """What the test remembers to tell a value replaced knowingly from a value lost."""

    def __init__(self):
        self.first_result: dict[str, dict] = {}  # every mutation id's first answer
        self.pushed: set[tuple] = set()  # (table, row_id, field, value) that reached the server
        self.superseded: set[tuple] = set()  # values replaced by someone who saw them

    def saw_replaced(self, key, name, value):
        """Someone replaces or deletes a value they have on screen."""
        if value is not None:
            self.superseded.add((*key, name, value))

    def check_delivery(self, body, results, before, after, conflicts):
        """Check every answer of one push against the contract and the server's state."""
        assert [r["id"] for r in results] == [m["id"] for m in body["mutations"]]
        by_id = {c["id"]: c for c in conflicts}
        for m, r in zip(body["mutations"], results):
            first = self.first_result.get(m["id"])
            if first is not None:
                assert r == {**first, "status": "duplicate"}, (first, r)
                continue
            self.first_result[m["id"]] = r
            assert r["status"] in ("applied", "merged", "conflict"), (m, r)
            if m["table"] == "beneficiaries":
                for name, value in m["fields"].items():
                    self.pushed.add(("beneficiaries", m["row_id"], name, value))
                self.check_result(m, r, after, by_id)
        self.check_replaced(before, after, conflicts)

    def check_result(self, m, r, state, conflicts):
        """An answer says what happened to each pushed field: check the server agrees."""
        assert r["row_id"] == m["row_id"]
        live = state.get(("beneficiaries", m["row_id"]))
        kept = conflicts[r["conflict_id"]]["fields"] if r.get("conflict_id") else {}
        if r.get("conflict_id"):
            assert r["status"] in ("merged", "conflict") and kept
        if m["op"] == "delete":
            if r["status"] == "applied":
                assert live is None
            else:
                assert kept == {"_deleted": {"server": False, "client": True}}
            return
        for name, value in m["fields"].items():
            if r["status"] == "applied":
                assert live is not None and live[1].get(name) == value, (name, value, live)
            else:
                assert (live is not None and live[1].get(name) == value) or (
                    kept.get(name, {}).get("client") == value), (name, value, live, kept)

    def check_replaced(self, before, after, conflicts):
        """A typed value a push replaces was on the replacing device's screen, or is kept.

        Checked at once: at the end, a later edit by someone who still shows the value would
        count it as seen and hide the loss.
        """
        kept = kept_values(conflicts)
        for key, (_, data) in before.items():
            now = after.get(key)
            for name, value in data.items():
                fact = (*key, name, value)
                if fact in self.pushed and (now is None or now[1].get(name) != value):
                    assert fact in self.superseded or fact in kept, f"replaced unseen: {fact}"

    def check_nothing_lost(self, state, conflicts):
        """Every pushed value is live, kept in a conflict, or was replaced knowingly."""
        accounted = kept_values(conflicts) | self.superseded
        lost = [(row_id, name, value) for table, row_id, name, value in sorted(self.pushed)
                if (state.get((table, row_id)) or (0, {}))[1].get(name) != value
                and (table, row_id, name, value) not in accounted]
        assert not lost, f"values lost: {lost}"


def check_one_attendance_per_pair(state):
    pairs = {}
    for (table, row_id), (_, data) in state.items():
        if table == "attendances":
            pair = (data["session_id"], data["beneficiary_id"])
            assert pair not in pairs, f"two live attendances for {pair}"
            pairs[pair] = row_id
