"""A simulated offline device: local rows, outbox and cursor, kept as the web app keeps them.

It follows the web app's rules (pwa/js/outbox.js, merge.js, rows.js) step for step:
- every local change is written to its row and queued in the outbox;
- a mutation's base_version is the row's version as last PULLED (`_version`), never one
  from a push answer; the server lets the device's own earlier writes through;
- one mutation per row is in flight at a time; a change to a row whose mutation was never
  sent is folded into it (its base stays), and a sent mutation is frozen (a retry reuses
  its id);
- deleting a row whose creation never left the device forgets both;
- a pulled row replaces the local one with the outbox laid on top again, and is kept as the
  server's copy (`_server`); a row deleted here keeps that copy on its pending delete;
- once answered, a row whose server copy is at least as new as the answer becomes that
  copy with its remaining changes on top (a rejection falls back to any copy; a duplicate
  carrying errors is a rejection);
- an answer naming another row (an attendance merged into the canonical one) moves the
  row's later mutations to that row and drops the local copy; when the canonical row was
  pulled here, the moved mutations are based on its version as pulled and a moved delete
  keeps its server copy, so a refused or conflicting delete brings the row back.
"""
import copy
import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

LOCAL = ("_version", "_server", "_rejected")  # bookkeeping, never shown nor sent
UNKNOWN = object()  # no server copy here: the next pull brings the row


@dataclass
class Pending:
    """One outbox entry."""

    seq: int
    id: str
    table: str
    op: str
    row_id: str
    fields: dict[str, Any]
    base_version: int | None
    created: bool = False
    attempted: bool = False
    server: dict | None = None  # a delete's copy of the server row: {"version", "data"}

    def wire(self) -> dict:
        return {"id": self.id, "table": self.table, "op": self.op, "row_id": self.row_id,
                "base_version": self.base_version, "fields": copy.deepcopy(self.fields),
                "client_ts": "2026-03-02T09:30:00Z"}


def refused(r: dict) -> bool:
    """Tell whether an answer is a refusal (a duplicate of one carries its errors)."""
    return r["status"] == "rejected" or (r["status"] == "duplicate" and bool(r.get("errors")))


def pulled_copy(change: dict) -> dict:
    return {"version": change["version"],
            "data": None if change["deleted"] else copy.deepcopy(change["data"] or {})}


def rebase(change: dict, pending: list[Pending]) -> dict | None:
    """Return the local row after a pulled change, pending changes on top (rows.js)."""
    server = pulled_copy(change)
    if change["deleted"]:
        if not any(m.op == "upsert" for m in pending):
            return None
        row: dict | None = {}
    else:
        row = dict(server["data"])
    for m in sorted(pending, key=lambda p: p.seq):
        row = None if m.op == "delete" else {**(row or {}), **m.fields}
    if row is None:
        return None
    row.pop("version", None)
    row.pop("deleted", None)
    return {**row, "_version": server["version"], "_server": server["data"]}


def fall_back(m: Pending, row: dict | None, remaining: list[Pending], version=None):
    """Return the row once `m` was not applied: server copy plus remaining changes."""
    if row is not None and "_server" in row:
        known = {"version": row["_version"], "data": row["_server"]}
    elif m.server is not None:
        known = m.server
    else:
        return UNKNOWN
    if version is not None and known["version"] < version:
        return UNKNOWN  # the server has a newer version: the next pull brings it
    change = {"version": known["version"], "deleted": known["data"] is None,
              "data": known["data"]}
    return rebase(change, remaining)


def canonical_copy(row: dict | None, pending: list[Pending]) -> dict | None:
    """Return the server copy known of a canonical row: the row's, or its pending delete's."""
    if row is not None and "_server" in row:
        return {"version": row["_version"], "data": row["_server"]}
    return next((m.server for m in pending if m.server is not None), None)


def retarget(m: Pending, row_id: str, known: dict | None) -> None:
    """Move a queued change onto the canonical row, based on the copy of it seen here."""
    m.row_id = row_id
    if known is None:
        return  # never pulled here: a null base, the server's own-writes rule decides
    if not m.attempted:  # never the case (one in flight per row); a sent one stays frozen
        m.base_version = known["version"]
    if m.op == "delete":
        m.server = copy.deepcopy(known)


@dataclass
class Device:
    """One device of one user; talks to a server through push(body) and pull(cursor)."""

    name: str
    actor: Any
    rows: dict[tuple[str, str], dict] = field(default_factory=dict)
    outbox: list[Pending] = field(default_factory=list)
    cursor: str | None = None
    rejections: list[tuple[dict, dict]] = field(default_factory=list)
    _seq: Any = field(default_factory=lambda: itertools.count(1))

    # -- what the user sees ------------------------------------------------------------
    def view(self) -> dict[tuple[str, str], dict]:
        """Live rows as shown on screen (the stored rows, without bookkeeping)."""
        return {key: {k: v for k, v in row.items() if k not in LOCAL}
                for key, row in self.rows.items()}

    def pending_for(self, table: str, row_id: str) -> list[Pending]:
        return sorted((m for m in self.outbox if (m.table, m.row_id) == (table, row_id)),
                      key=lambda p: p.seq)

    # -- local changes -------------------------------------------------------------------
    def record(self, table: str, row_id: str, fields: dict | None = None,
               op: str = "upsert") -> None:
        """Write a change locally and queue it, folding into an unsent mutation."""
        fields = dict(fields or {})
        key = (table, row_id)
        row = self.rows.get(key)
        if op == "delete":
            self.rows.pop(key, None)
        else:
            self.rows[key] = {**(row or {"_version": None}), **fields}
        pending = self.pending_for(table, row_id)
        last = pending[-1] if pending else None
        server = None
        if op == "delete" and row is not None and "_server" in row:
            server = {"version": row["_version"], "data": row["_server"]}
        if last is not None and not last.attempted:
            if op == "upsert" and last.op == "upsert":
                last.fields.update(fields)
                return
            if op == "delete" and last.op == "upsert":
                if len(pending) == 1 and last.created:
                    self.outbox.remove(last)  # created and deleted here: the server never knew
                    return
                last.op, last.fields = "delete", {}
                last.server = server or last.server
                return
        self.outbox.append(Pending(
            seq=next(self._seq), id=str(uuid.uuid4()), table=table, op=op, row_id=row_id,
            fields={} if op == "delete" else fields,
            base_version=row.get("_version") if row is not None else None,
            created=row is None and not pending, server=server))

    # -- push ----------------------------------------------------------------------------
    def take_batch(self, limit: int = 1000) -> list[Pending]:
        """Pick the first pending mutation of each row and freeze it."""
        seen, batch = set(), []
        for m in sorted(self.outbox, key=lambda p: p.seq):
            key = (m.table, m.row_id)
            if key in seen:
                continue
            seen.add(key)
            m.attempted = True
            batch.append(m)
            if len(batch) >= limit:
                break
        return batch

    def envelope(self, batch: list[Pending]) -> dict:
        return {"client_id": self.name, "schema_version": 1,
                "mutations": [m.wire() for m in batch]}

    def apply_results(self, batch: list[Pending], results: list[dict]) -> None:
        """Take the server's answers: acknowledged mutations leave the outbox."""
        by_id = {r["id"]: r for r in results}
        for m in batch:
            r = by_id.get(m.id)
            if r is not None and m in self.outbox:
                self._apply_one(m, r)

    def _apply_one(self, m: Pending, r: dict) -> None:
        self.outbox.remove(m)
        key = (m.table, m.row_id)
        row = self.rows.get(key)
        if refused(r):
            self.rejections.append((m.wire(), r))
            back = fall_back(m, row, self.pending_for(*key), r.get("version"))
            kept = row if back is UNKNOWN else back
            if kept is not None:
                self.rows[key] = {**kept, "_rejected": r.get("errors") or {}}
            elif row is not None:
                del self.rows[key]
        elif r.get("row_id") and r["row_id"] != m.row_id:
            canonical_key = (m.table, r["row_id"])
            canonical = self.rows.get(canonical_key)
            known = canonical_copy(canonical, self.pending_for(*canonical_key))
            for other in self.outbox:
                if (other.table, other.row_id) == key:
                    retarget(other, r["row_id"], known)
            self.rows.pop(key, None)
            if canonical is not None:
                stub = Pending(0, "", m.table, "upsert", r["row_id"], {}, None)
                back = fall_back(stub, canonical, self.pending_for(*canonical_key),
                                 r.get("version"))
                if back is None:
                    del self.rows[canonical_key]
                elif back is not UNKNOWN:
                    self.rows[canonical_key] = back
        elif r.get("version") is not None:
            # A copy pulled at or past the answer already shows what this change did.
            back = fall_back(m, row, self.pending_for(*key), r["version"])
            if back is None:
                self.rows.pop(key, None)
            elif back is not UNKNOWN:
                self.rows[key] = back
            elif row is not None and "_rejected" in row:
                self.rows[key] = {k: v for k, v in row.items() if k != "_rejected"}

    # -- pull ----------------------------------------------------------------------------
    def merge_page(self, page: dict) -> None:
        """Store a pulled page: the server's rows replace ours, our changes on top."""
        for change in page["changes"]:
            key = (change["table"], change["row_id"])
            pending = self.pending_for(*key)
            row = rebase(change, pending)
            if row is None:
                self.rows.pop(key, None)
            else:
                self.rows[key] = row
            for m in pending:
                if m.op == "delete":
                    m.server = pulled_copy(change)
        self.cursor = page["cursor"]

    # -- a whole sync, as the web app's runOnce -------------------------------------------
    def sync(self, push, pull, page_size: int = 500) -> None:
        """Push the outbox until empty, then pull until has_more is false."""
        for _ in range(10_000):
            batch = self.take_batch()
            if not batch:
                break
            answer = push(self.envelope(batch))
            self.apply_results(batch, answer["results"])
        else:
            raise AssertionError(f"{self.name}: the outbox never empties")
        for _ in range(10_000):
            page = pull(self.cursor, page_size)
            self.merge_page(page)
            if not page["has_more"]:
                return
        raise AssertionError(f"{self.name}: the pull never ends")

    def replica(self) -> dict[tuple[str, str], tuple[int, dict]]:
        """Every local row as (version last pulled, data shown)."""
        view = self.view()
        return {key: (row["_version"], view[key]) for key, row in self.rows.items()}
