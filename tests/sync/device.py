"""A simulated offline device: local replica, outbox and cursor, as the PWA keeps them.

It follows the PWA's outbox rules (pwa/js/outbox.js, merge.js):
- every local change is written to the replica and queued in the outbox;
- one mutation per row is in flight at a time; a change to a row whose mutation was
  never sent is folded into it, and a sent mutation is frozen (a retry reuses its id);
- deleting a row whose creation never left the device forgets both;
- a mutation queued behind the creation of its row takes its base version from the
  server's answer to that creation;
- an answer naming another row (an attendance merged into the canonical one) moves the
  row's later mutations to that row and drops the local copy.

Two deliberate differences with the PWA, both so that the device follows the contract:
- The replica is kept as the server's copy of each row ("shadow": version and data, as
  last pulled) with the outbox laid on top. The PWA stores the overlaid row itself, so a
  change that comes back `conflict` stays on its screen when it had already pulled past
  the row's version (it pulled while the change was queued): it then differs from the
  server until the row changes again.
- The base version of a change is the version of the row the user saw when making it.
  The PWA gives a change queued behind an update the version of the server's answer to
  that update, which claims the device saw changes it never pulled: a field another
  device changed in between is then overwritten without a conflict.
"""
import copy
import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any


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
    base_pending: bool = False
    attempted: bool = False

    def wire(self) -> dict:
        return {"id": self.id, "table": self.table, "op": self.op, "row_id": self.row_id,
                "base_version": self.base_version, "fields": copy.deepcopy(self.fields),
                "client_ts": "2026-03-02T09:30:00Z"}


@dataclass
class Device:
    """One device of one user; talks to a server through push(body) and pull(cursor)."""

    name: str
    actor: Any
    shadow: dict[tuple[str, str], tuple[int, dict]] = field(default_factory=dict)
    outbox: list[Pending] = field(default_factory=list)
    cursor: str | None = None
    rejections: list[tuple[dict, dict]] = field(default_factory=list)
    _seq: Any = field(default_factory=lambda: itertools.count(1))

    # -- what the user sees ------------------------------------------------------------
    def view(self) -> dict[tuple[str, str], dict]:
        """Live rows as shown on screen: the server's copy with queued changes on top."""
        rows = {key: dict(data) for key, (_, data) in self.shadow.items()}
        for m in sorted(self.outbox, key=lambda p: p.seq):
            key = (m.table, m.row_id)
            if m.op == "delete":
                rows.pop(key, None)
            else:
                rows[key] = {**rows.get(key, {}), **m.fields}
        return rows

    def pending_for(self, table: str, row_id: str) -> list[Pending]:
        return sorted((m for m in self.outbox if (m.table, m.row_id) == (table, row_id)),
                      key=lambda p: p.seq)

    # -- local changes -------------------------------------------------------------------
    def record(self, table: str, row_id: str, fields: dict | None = None,
               op: str = "upsert") -> None:
        """Write a change locally and queue it, folding into an unsent mutation."""
        fields = dict(fields or {})
        key = (table, row_id)
        pending = self.pending_for(table, row_id)
        last = pending[-1] if pending else None
        if last is not None and not last.attempted:
            if op == "upsert" and last.op == "upsert":
                last.fields.update(fields)
                return
            if op == "delete" and last.op == "upsert":
                if (len(pending) == 1 and last.base_version is None
                        and not last.base_pending and key not in self.shadow):
                    self.outbox.remove(last)  # created and deleted here: the server never knew
                    return
                last.op, last.fields = "delete", {}
                return
        known = self.shadow.get(key)
        self.outbox.append(Pending(
            seq=next(self._seq), id=str(uuid.uuid4()), table=table, op=op, row_id=row_id,
            fields={} if op == "delete" else fields,
            base_version=known[0] if known else None,
            base_pending=bool(pending) and known is None))

    # -- push ----------------------------------------------------------------------------
    def take_batch(self, limit: int = 1000) -> list[Pending]:
        """Pick the first pending mutation of each row and freeze it."""
        seen, batch = set(), []
        for m in sorted(self.outbox, key=lambda p: p.seq):
            key = (m.table, m.row_id)
            if key in seen:
                continue
            seen.add(key)
            if m.base_pending:
                continue
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
            if r is None or m not in self.outbox:
                continue
            self.outbox.remove(m)
            rejected = r["status"] == "rejected" or bool(r.get("errors"))
            row_id = m.row_id
            if rejected:
                self.rejections.append((m.wire(), r))
            elif r.get("row_id") and r["row_id"] != m.row_id:
                row_id = r["row_id"]  # merged into the canonical row: ours goes away
                for other in self.outbox:
                    if (other.table, other.row_id) == (m.table, m.row_id):
                        other.row_id = row_id
            following = self.pending_for(m.table, row_id)
            if following and following[0].base_pending:
                created = (not rejected and m.op == "upsert" and m.base_version is None
                           and r.get("row_id") == m.row_id and not r.get("conflict_id"))
                # Only our own creation is fully known to us; anything else stays unseen.
                following[0].base_version = r["version"] if created else None
                following[0].base_pending = False

    # -- pull ----------------------------------------------------------------------------
    def merge_page(self, page: dict) -> None:
        """Store a pulled page: the server's rows replace our copies."""
        for change in page["changes"]:
            key = (change["table"], change["row_id"])
            if change["deleted"]:
                self.shadow.pop(key, None)
            else:
                self.shadow[key] = (change["version"], copy.deepcopy(change["data"]))
        self.cursor = page["cursor"]

    # -- a whole sync, as the PWA's runOnce ---------------------------------------------
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
        return {key: (version, dict(data)) for key, (version, data) in self.shadow.items()}
