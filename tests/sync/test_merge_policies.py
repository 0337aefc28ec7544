"""Per-field merge policies: a field whose description says "latest" keeps the later of two
concurrent values instead of opening a conflict; every other field still conflicts."""
import uuid

import pytest

from sync import Engine, MemoryStore
from sync.merge import settle
from sync.model import FIELD, LATEST, MERGE_POLICIES, TableSpec
from sync.policy import AllowAll

from server.tables import TABLES

SPEC = TableSpec("offers", frozenset({"nom", "last_checked_at"}),
                 merge={"last_checked_at": LATEST})


class Device:
    def __init__(self, name):
        self.id = name


def _push(engine, store, device, row_id, fields, base):
    return engine.push(store, Device(device), {
        "client_id": device, "schema_version": 1, "mutations": [{
            "id": str(uuid.uuid4()), "table": "offers", "op": "upsert",
            "row_id": row_id, "base_version": base, "fields": fields}]},
        origin=device)["results"][0]


def test_the_later_date_wins_without_a_conflict_and_other_fields_still_clash():
    engine, store = Engine({"offers": SPEC}, AllowAll()), MemoryStore(["offers"])
    row = "5f0c6a3e-1b2d-4c5e-8f90-0a1b2c3d4e5f"
    created = _push(engine, store, "a", row, {"nom": "Vélo", "last_checked_at": "2026-10-01"},
                    None)
    base = created["version"]
    assert _push(engine, store, "a", row, {"last_checked_at": "2026-11-20"}, base)[
        "status"] == "applied"
    # Device b had not seen a's check: its earlier date does not overwrite, and no conflict.
    late = _push(engine, store, "b", row, {"last_checked_at": "2026-11-02"}, base)
    assert late["status"] == "applied" and late.get("conflict_id") is None
    assert store.rows["offers"][row].data["last_checked_at"] == "2026-11-20"
    later = _push(engine, store, "b", row, {"last_checked_at": "2026-12-01"}, base)
    assert store.rows["offers"][row].data["last_checked_at"] == "2026-12-01"
    assert later["status"] == "applied"
    # A field without a policy still keeps the other device's value aside.
    _push(engine, store, "a", row, {"nom": "Vélo électrique"}, base)
    assert _push(engine, store, "b", row, {"nom": "Vélo cargo"}, base)["status"] == "conflict"


@pytest.mark.parametrize("server, client, kept", [
    ("2026-01-02", "2026-01-03", "2026-01-03"), ("2026-01-03", "2026-01-02", "2026-01-03"),
    (None, "2026-01-02", "2026-01-02"), ("2026-01-02", None, "2026-01-02"), (None, None, None),
    ("2026-01-02T10:00:00Z", "2026-01-02T09:00:00Z", "2026-01-02T10:00:00Z")])
def test_latest_keeps_the_later_value(server, client, kept):
    assert settle(LATEST, server, client) == kept


def test_every_described_policy_is_known_and_the_catalogue_dates_use_latest():
    for name, table in TABLES.items():
        for column, spec in table.columns.items():
            assert spec.merge in MERGE_POLICIES, (name, column)
    assert TABLES["offers"].merge() == {"date_maj": LATEST, "last_checked_at": LATEST}
    assert FIELD not in TABLES["partners"].merge().values()
