"""One sync write transaction on SQL: the clock row lock, bulk reads and writes, conflicts.

`SqlStore.transaction` (sync_store.py) opens it; the engine drives it through the `Txn`
protocol (sync/store.py).
"""
from sqlalchemy import bindparam, delete, insert, select, text, update

from sync import Conflict, Row

from ..models import DEFAULT_STRUCTURE, SyncClock, SyncConflict, SyncMutation
from ..models.base import utcnow
from ..fastjson import dumps_bytes
from ..rls import existing_ids
from .bulk_sql import bulk_insert, bulk_update

CHUNK = 500  # ids per IN (...) clause
HIDDEN = "another structure"  # the tenant of a row the policies hide (never a structure id)
_RESULT_KEYS = ("id", "user_id", "result", "created_at")
_STAMPS = ("updated_at", "created_at")  # one write time per flush, converted once


class SqlTxn:
    """One push or resolution; the clock row is locked from the first statement on."""

    def __init__(self, store, immediate: bool = False):
        self.store = store
        self.session = store.session
        clock = SyncClock.__table__
        if immediate:
            # A deferred transaction reads before it writes: if another push commits in
            # between, SQLite refuses the upgrade at once ("database is locked"), busy timeout
            # or not. BEGIN IMMEDIATE takes the write lock first, waiting its turn.
            self.session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        # Writing the clock row first takes the write lock (row lock on PostgreSQL, the
        # database lock on SQLite) until commit, so versions become visible in order.
        self.clock = self.session.execute(
            update(clock).where(clock.c.id == 1).values(value=clock.c.value)
            .returning(clock.c.value)).scalar_one()
        self.start = self.clock
        self.postgres = self.session.get_bind().dialect.name == "postgresql"

    def next_version(self) -> int:
        self.clock += 1
        return self.clock

    def finish(self) -> None:
        if self.clock != self.start:
            clock = SyncClock.__table__
            self.session.execute(update(clock).where(clock.c.id == 1).values(value=self.clock))

    def _ids(self, ids: list[str]):
        return dumps_bytes(ids).decode() if self.postgres else ids

    def processed(self, ids):
        out, query = {}, _by_ids(_mutations, self.session, _mutations.c.id,
                                 _mutations.c.user_id, _mutations.c.result)
        for i in range(0, len(ids), CHUNK):
            for rec in self.session.execute(query, {"ids": self._ids(ids[i:i + CHUNK])}):
                out[rec.id] = (rec.user_id, rec.result)
        return out

    def load_rows(self, name, ids):
        out, query = {}, _by_ids(self.store.tables[name], self.session)
        for i in range(0, len(ids), CHUNK):
            for rec in self.session.execute(query, {"ids": self._ids(ids[i:i + CHUNK])}):
                out[rec.id] = self.store.to_row(name, rec)
        missing = [i for i in ids if i not in out]
        if missing and self.store.walled and name in self.store.private:
            # Hidden by the row-level security: another structure's row, to be refused.
            for i in range(0, len(missing), CHUNK):
                for row_id in existing_ids(self.session, name, missing[i:i + CHUNK]):
                    out[row_id] = Row(table=name, id=row_id, version=0, tenant=HIDDEN)
        return out

    def load_by_keys(self, name, key_fields, keys):
        table, out = self.store.tables[name], []
        first = key_fields[0]
        for i in range(0, len(keys), CHUNK):
            part = keys[i:i + CHUNK]
            query = select(table).where(table.c[first].in_({k[0] for k in part}))
            wanted = set(part)
            for rec in self.session.execute(query):
                row = self.store.to_row(name, rec)
                if tuple(row.data.get(f) for f in key_fields) in wanted:
                    out.append(row)
        return out

    def write_rows(self, items):
        by_table: dict[str, tuple[list, list]] = {}
        for row, new in items:
            inserts, updates = by_table.setdefault(row.table, ([], []))
            (inserts if new else updates).append(row)
        now, record = utcnow(), self.store.record
        tenant = self.store.tenant or DEFAULT_STRUCTURE
        for name, (inserts, updates) in by_table.items():
            for row in inserts:  # a new row belongs to the writer's structure, for good
                row.tenant = row.tenant or tenant
            table, keys = self.store.tables[name], self.store.keys[name]
            # Updates before inserts: a new row may take a key another row gave up just now.
            if updates:
                self._release_keys(name, updates)
                bulk = bulk_update(self.session, table, [*keys, "id"], once=_STAMPS)
                stamp = bulk.value("updated_at", now)
                bulk.run(self.session, [[*record(row, stamp), row.id] for row in updates])
            if inserts:
                bulk = bulk_insert(self.session, table, [*keys, "id", "created_at"], _STAMPS)
                stamp = bulk.value("updated_at", now)
                bulk.run(self.session, [[*record(row, stamp), row.id, stamp] for row in inserts])

    def _release_keys(self, name: str, updates: list[Row]) -> None:
        """Clear the natural key of rows that changed it in this batch."""
        # Rows may trade keys within one batch: written one at a time, in whatever order,
        # the unique constraint would briefly see two rows on one key.
        key = self.store.specs[name].natural_key
        if not key:
            return
        moved = [row.id for row in updates
                 if any(row.field_versions.get(k, 0) > self.start for k in key)]
        table = self.store.tables[name]
        for i in range(0, len(moved), CHUNK):
            self.session.execute(update(table).where(table.c.id.in_(moved[i:i + CHUNK]))
                                 .values(dict.fromkeys(key)))

    def write_results(self, items):
        bulk = bulk_insert(self.session, SyncMutation.__table__, _RESULT_KEYS, ("created_at",))
        now = bulk.value("created_at", utcnow())
        bulk.run(self.session, [(mid, user, result, now) for mid, user, result in items])

    def add_conflict(self, conflict: Conflict) -> None:
        self.session.execute(insert(SyncConflict.__table__).values(
            id=conflict.id, table_name=conflict.table, row_id=conflict.row_id,
            fields=conflict.fields, author=conflict.author, mutation_id=conflict.mutation_id,
            created_at=conflict.created_at, status=conflict.status,
            tenant_id=self.store.tenant or DEFAULT_STRUCTURE))

    def get_conflict(self, conflict_id):
        rec = self.session.scalars(self.store.own_conflicts(select(SyncConflict).where(
            SyncConflict.id == conflict_id)).with_for_update()).first()
        return _conflict(rec) if rec else None

    def save_conflict(self, conflict: Conflict) -> None:
        table = SyncConflict.__table__
        self.session.execute(update(table).where(table.c.id == conflict.id).values(
            status=conflict.status, resolved_by=conflict.resolved_by,
            resolved_at=conflict.resolved_at))

    def drop_conflicts(self, row_ids: list[str]) -> None:
        table = SyncConflict.__table__
        for i in range(0, len(row_ids), CHUNK):
            self.session.execute(delete(table).where(table.c.row_id.in_(row_ids[i:i + CHUNK])))


_mutations = SyncMutation.__table__
_BY_IDS: dict = {}


def _by_ids(table, session, *columns):
    """Return `SELECT columns FROM table WHERE id IN :ids`, built once per table and database.

    Built once, SQLAlchemy reuses its cache key instead of walking 500 ids each time. On
    PostgreSQL the ids go as one JSON array: the statement's text is then the same for any
    number of ids, so psycopg parses it once and the server prepares it.
    """
    dialect = session.get_bind().dialect.name
    query = _BY_IDS.get((table.name, dialect))
    if query is None:
        if dialect == "postgresql":
            # The ids as one JSON array (SqlTxn._ids): psycopg would dump a list of 500 element
            # by element in Python (5% of a 10k push). Unpacked in a subquery, the array's
            # length is unknown when the plan is made, so the plan stays an index scan even
            # on a small table; a literal array of 500 known ids made it scan the table whole.
            where = text(f"{table.name}.id = ANY(ARRAY("
                         "SELECT json_array_elements_text(CAST(:ids AS json))))")
        else:
            where = table.c.id.in_(bindparam("ids", expanding=True))
        query = _BY_IDS[(table.name, dialect)] = select(*(columns or [table])).where(where)
    return query


def _conflict(rec: SyncConflict) -> Conflict:
    return Conflict(id=rec.id, table=rec.table_name, row_id=rec.row_id, fields=rec.fields,
                    author=rec.author, mutation_id=rec.mutation_id, created_at=rec.created_at,
                    status=rec.status, resolved_by=rec.resolved_by, resolved_at=rec.resolved_at)
