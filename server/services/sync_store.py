"""The sync engine's Store on SQLAlchemy Core: typed tables, one version clock."""
import threading
from contextlib import contextmanager, nullcontext
from datetime import date, datetime
from typing import Any, Callable

from sqlalchemy import ARRAY, Date, DateTime, any_, bindparam, delete, insert, or_, select, update
from sqlalchemy.orm import Session as DbSession

from sync import Conflict, Row, TableSpec

from ..models import DEFAULT_STRUCTURE, SYNCED, SyncClock, SyncConflict, SyncMutation
from ..models.base import utcnow
from ..rls import ALL, existing_ids, set_tenant

HIDDEN = "another structure"  # the tenant of a row the policies hide (never a structure id)
from ..tables import TABLES
from .bulk_sql import bulk_insert, bulk_update

CHUNK = 500  # ids per IN (...) clause
_BOOKKEEPING = ("version", "deleted", "field_versions", "field_writers", "created_version",
                "updated_by")
_RESULT_KEYS = ("id", "user_id", "result", "created_at")
_STAMPS = ("updated_at", "created_at")  # one write time per flush, converted once
_SQLITE_WRITERS = threading.Lock()  # see SqlStore.transaction


def _day_in(value: str | None) -> date | None:
    return date.fromisoformat(value) if value is not None else None


def _day_out(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _moment_in(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value[:-1]) if value is not None else None


def _moment_out(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else None


def _converters(table, names) -> dict[str, tuple[Callable, Callable]]:
    out = {}
    for name in names:
        kind = table.c[name].type
        if isinstance(kind, DateTime):
            out[name] = (_moment_in, _moment_out)
        elif isinstance(kind, Date):
            out[name] = (_day_in, _day_out)
    return out


class SqlStore:
    """Rows of the typed tables seen as sync Rows; writes serialised by the clock row.

    `tenant` is the structure the caller works in: reads of caseload tables keep to its
    rows and conflicts, new rows belong to it. None (the system's jobs) reads every
    structure and gives new rows the default one.
    """

    def __init__(self, session: DbSession, specs: dict[str, TableSpec],
                 tenant: str | None = None):
        self.session = session
        self.specs = specs
        self.tenant = tenant
        # Catalogue tables are shared across the territory: read by every structure.
        self.private = {name for name in specs if not TABLES[name].shared}
        # PostgreSQL with a structure: rows of other structures may be hidden by the wall.
        self.walled = tenant is not None and session.get_bind().dialect.name == "postgresql"
        self.tables = {name: SYNCED[name].__table__ for name in specs}
        self.columns = {name: sorted(spec.fields) for name, spec in specs.items()}
        self.convert = {name: _converters(self.tables[name], self.columns[name])
                        for name in specs}
        # Column values a write sends, in this order: data, bookkeeping, then the key.
        self.loaders = {name: [(col, self.convert[name][col][0] if col in self.convert[name]
                                else None) for col in self.columns[name]] for name in specs}
        self.trail = {name: "scope_trail" in self.tables[name].c for name in specs}
        self.keys = {name: [*self.columns[name], *_BOOKKEEPING, "tenant_id",
                            *(["scope_trail"] if self.trail[name] else []), "updated_at"]
                     for name in specs}

    @contextmanager
    def transaction(self):
        """Run a write transaction holding the clock row lock until commit."""
        self.session.commit()  # end whatever the request did before (auth bookkeeping)
        sqlite = self.session.get_bind().dialect.name == "sqlite"
        # SQLite's busy handler polls with growing sleeps and is not fair: under a stream of
        # pushes one writer could wait past the busy timeout while others take turns. The
        # threads of one process queue on a lock instead (other processes still poll).
        with _SQLITE_WRITERS if sqlite else nullcontext():
            try:
                if self.tenant is None:  # the system's own writes (jobs, public forms)
                    set_tenant(self.session, ALL)
                txn = SqlTxn(self, immediate=sqlite)
                yield txn
                txn.finish()
                self.session.commit()
            except BaseException:
                self.session.rollback()
                raise

    def to_row(self, table: str, rec: Any) -> Row:
        """Turn a database record into a sync Row in wire format."""
        conv, rec = self.convert[table], rec._mapping  # by key: 4 times cheaper than getattr
        data = {}
        for name in self.columns[table]:
            value = rec[name]
            if value is not None and name in conv:
                value = conv[name][1](value)
            data[name] = value
        return Row(table=table, id=rec["id"], version=rec["version"], deleted=rec["deleted"],
                   data=data, field_versions=dict(rec["field_versions"] or {}),
                   field_writers=dict(rec["field_writers"] or {}),
                   created_version=rec["created_version"], updated_by=rec["updated_by"],
                   scope_trail=(rec["scope_trail"] or "") if self.trail[table] else "",
                   tenant=rec["tenant_id"])

    def record(self, row: Row, stamp: Any) -> list:
        """Column values of a row, in `self.keys[table]` order; `stamp` is the write time."""
        data = row.data
        out = [data.get(col) if load is None else load(data.get(col))
               for col, load in self.loaders[row.table]]
        out += (row.version, row.deleted, row.field_versions, row.field_writers,
                row.created_version, row.updated_by, row.tenant)
        if self.trail[row.table]:
            out.append(row.scope_trail or None)
        out.append(stamp)
        return out

    def changes(self, scope: dict[str, str | None], after: int | None, limit: int):
        # One query per table, each with its own snapshot: a push committing between two of
        # them would show its later versions and hide its earlier ones, and the cursor would
        # pass them for good. The committed clock bounds every query instead: all versions
        # up to it are committed (the clock row orders commits), none above it is taken.
        clock = SyncClock.__table__
        ceiling = self.session.execute(
            select(clock.c.value).where(clock.c.id == 1)).scalar_one()
        found: list[tuple[Row, bool]] = []
        for name, table in self.tables.items():
            if name not in scope:
                continue
            query = (select(table).where(table.c.version <= ceiling)
                     .order_by(table.c.version).limit(limit))
            # A first pull (no cursor) is a pull from the start, tombstones included: a device
            # that pushed rows before its first pull must hear that they were deleted since.
            if after is not None:
                query = query.where(table.c.version > after)
            query = self.own(name, query)
            owner, column = scope[name], self.specs[name].scope_column
            if owner is not None and column is not None:
                mine = table.c[column] == owner
                query = query.where(or_(mine, table.c.scope_trail.contains(f",{owner},")))
            for rec in self.session.execute(query):
                row = self.to_row(name, rec)
                visible = owner is None or column is None or row.data.get(column) == owner
                found.append((row, visible))
        found.sort(key=lambda item: item[0].version)
        return found[:limit]

    def versions(self, scope: dict[str, str | None]) -> dict[str, list[tuple[str, int, bool]]]:
        # Ids and versions only: what a device's digest needs, read under the committed clock.
        clock = SyncClock.__table__
        ceiling = self.session.execute(
            select(clock.c.value).where(clock.c.id == 1)).scalar_one()
        found = {}
        for name, table in self.tables.items():
            if name not in scope:
                continue
            owner, column = scope[name], self.specs[name].scope_column
            scoped = owner is not None and column is not None
            columns = [table.c.id, table.c.version, table.c.deleted]
            query = self.own(name, select(*columns, *([table.c[column]] if scoped else []))
                             .where(table.c.version <= ceiling))
            if scoped:
                query = query.where(or_(table.c[column] == owner,
                                        table.c.scope_trail.contains(f",{owner},")))
            found[name] = [(rec[0], rec[1], not rec[2] and (not scoped or rec[3] == owner))
                           for rec in self.session.execute(query)]
        return found

    def own(self, name: str, query):
        """Keep a query on a caseload table to the caller's structure."""
        if self.tenant is None or name not in self.private:
            return query
        return query.where(self.tables[name].c.tenant_id == self.tenant)

    def own_conflicts(self, query):
        """Keep a query on conflicts to the caller's structure."""
        if self.tenant is None:
            return query
        return query.where(SyncConflict.tenant_id == self.tenant)

    def list_conflicts(self, status: str) -> list[Conflict]:
        query = self.own_conflicts(select(SyncConflict).where(SyncConflict.status == status)
                                   .order_by(SyncConflict.created_at).limit(1000))
        return [_conflict(rec) for rec in self.session.scalars(query)]


class SqlTxn:
    """One push or resolution; the clock row is locked from the first statement on."""

    def __init__(self, store: SqlStore, immediate: bool = False):
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

    def next_version(self) -> int:
        self.clock += 1
        return self.clock

    def finish(self) -> None:
        if self.clock != self.start:
            clock = SyncClock.__table__
            self.session.execute(update(clock).where(clock.c.id == 1).values(value=self.clock))

    def processed(self, ids):
        out, query = {}, _by_ids(_mutations, self.session, _mutations.c.id,
                                 _mutations.c.user_id, _mutations.c.result)
        for i in range(0, len(ids), CHUNK):
            for rec in self.session.execute(query, {"ids": ids[i:i + CHUNK]}):
                out[rec.id] = (rec.user_id, rec.result)
        return out

    def load_rows(self, name, ids):
        out, query = {}, _by_ids(self.store.tables[name], self.session)
        for i in range(0, len(ids), CHUNK):
            for rec in self.session.execute(query, {"ids": ids[i:i + CHUNK]}):
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
        for i in range(0, len(row_ids), 500):
            self.session.execute(delete(table).where(table.c.row_id.in_(row_ids[i:i + 500])))


_mutations = SyncMutation.__table__
_BY_IDS: dict = {}


def _by_ids(table, session, *columns):
    """Return `SELECT columns FROM table WHERE id IN :ids`, built once per table and database.

    Built once, SQLAlchemy reuses its cache key instead of walking 500 ids each time. On
    PostgreSQL the ids go as one array (`id = ANY(:ids)`): the statement's text is then the
    same for any number of ids, so psycopg parses it once and the server prepares it.
    """
    dialect = session.get_bind().dialect.name
    query = _BY_IDS.get((table.name, dialect))
    if query is None:
        if dialect == "postgresql":
            where = table.c.id == any_(bindparam("ids", type_=ARRAY(table.c.id.type)))
        else:
            where = table.c.id.in_(bindparam("ids", expanding=True))
        query = _BY_IDS[(table.name, dialect)] = select(*(columns or [table])).where(where)
    return query


def _conflict(rec: SyncConflict) -> Conflict:
    return Conflict(id=rec.id, table=rec.table_name, row_id=rec.row_id, fields=rec.fields,
                    author=rec.author, mutation_id=rec.mutation_id, created_at=rec.created_at,
                    status=rec.status, resolved_by=rec.resolved_by, resolved_at=rec.resolved_at)
