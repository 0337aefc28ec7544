"""The sync engine's Store on SQLAlchemy Core: typed tables, one version clock."""
import threading
from contextlib import contextmanager, nullcontext
from datetime import date, datetime
from typing import Any, Callable

from sqlalchemy import Date, DateTime, String, literal, or_, select, union_all
from sqlalchemy.orm import Session as DbSession

from sync import Conflict, Row, TableSpec

from ..models import SYNCED, SyncClock, SyncConflict
from ..rls import ALL, current_tenant, set_tenant, walled
from ..tables import TABLES
from .sync_txn import SqlTxn, _conflict

_BOOKKEEPING = ("version", "deleted", "field_versions", "field_writers", "created_version",
                "updated_by")
_SQLITE_WRITERS = threading.Lock()  # see SqlStore.transaction
_PAGE_TRIES = 5  # see SqlStore.changes


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
        self.walled = tenant is not None and walled(session)
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
                if self.tenant is None:  # the system's own writes (jobs, tools)
                    set_tenant(self.session, ALL)
                elif self.tenant != current_tenant():  # a public request, routed; a tool
                    set_tenant(self.session, self.tenant)
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
        # Several queries, each with its own snapshot: a push committing between two of them
        # would show its later versions and hide its earlier ones, and the cursor would pass
        # them for good. The committed clock bounds every query instead: all versions up to
        # it are committed (the clock row orders commits), none above it is taken.
        if not any(name in scope for name in self.tables):
            return []
        ceiling = self._ceiling()
        # First the page's versions, from every table at once (the indexes on (tenant,
        # version) answer it alone), then only those rows: each table's next `limit` rows
        # would be read and converted for nothing when the page holds few of them. A row
        # changed between the two reads moves above the clock and is missing from the second:
        # the page is read again (rows only ever leave the range, so this ends), lest a short
        # page say there is nothing more while rows below the clock wait.
        for _ in range(_PAGE_TRIES):
            picked: dict[str, int] = {}
            last = None
            for name, version in self.session.execute(self._page(scope, after, ceiling,
                                                                 limit)):
                picked[name] = picked.get(name, 0) + 1
                last = version
            found = [item for name, count in picked.items()
                     for item in self._rows(name, scope[name], ceiling, after, last, count)]
            if len(found) == sum(picked.values()):
                break
        found.sort(key=lambda item: item[0].version)
        return found

    def _rows(self, name: str, owner: str | None, ceiling: int, after: int | None, last: int,
              count: int) -> list[tuple[Row, bool]]:
        """Return a table's rows of a page: its versions after the cursor up to `last`."""
        # A table's picked versions are all its versions up to the page's last: the same
        # conditions, bounded there, give exactly them, and an ordered scan with a limit is
        # the plan PostgreSQL picks even on statistics a bulk load left stale.
        table = self.tables[name]
        query = self._scoped(name, owner, select(table), ceiling, after)
        query = query.where(table.c.version <= last).order_by(table.c.version).limit(count)
        column = self.specs[name].scope_column
        out = []
        for rec in self.session.execute(query):
            row = self.to_row(name, rec)
            out.append((row, owner is None or column is None or row.data.get(column) == owner))
        return out

    def _page(self, scope: dict[str, str | None], after: int | None, ceiling: int, limit: int):
        """Return the query of the next `limit` (table, version) pairs after the cursor."""
        heads = []
        for name, table in self.tables.items():
            if name in scope:
                query = select(literal(name, String).label("t"), table.c.version.label("v"))
                query = self._scoped(name, scope[name], query, ceiling, after)
                heads.append(query.order_by(table.c.version).limit(limit).subquery())
        pairs = union_all(*(select(head) for head in heads)).subquery()
        return select(pairs.c.t, pairs.c.v).order_by(pairs.c.v).limit(limit)

    def _scoped(self, name: str, owner: str | None, query, ceiling: int, after: int | None):
        """Keep a pull's query on a table to what the caller may see, under the clock."""
        table = self.tables[name]
        query = self.own(name, query.where(table.c.version <= ceiling))
        # A first pull (no cursor) is a pull from the start, tombstones included: a device
        # that pushed rows before its first pull must hear that they were deleted since.
        if after is not None:
            query = query.where(table.c.version > after)
        column = self.specs[name].scope_column
        if owner is not None and column is not None:
            mine = table.c[column] == owner
            query = query.where(or_(mine, table.c.scope_trail.contains(f",{owner},")))
        return query

    def versions(self, scope: dict[str, str | None]) -> dict[str, list[tuple[str, int, bool]]]:
        # Ids and versions only: what a device's digest needs, read under the committed clock.
        ceiling, found = self._ceiling(), {}
        for name, table in self.tables.items():
            if name not in scope:
                continue
            owner, column = scope[name], self.specs[name].scope_column
            scoped = owner is not None and column is not None
            columns = [table.c.id, table.c.version, table.c.deleted]
            query = self._scoped(name, owner, select(
                *columns, *([table.c[column]] if scoped else [])), ceiling, None)
            found[name] = [(rec[0], rec[1], not rec[2] and (not scoped or rec[3] == owner))
                           for rec in self.session.execute(query)]
        return found

    def _ceiling(self) -> int:
        """Return the committed clock: every version up to it is committed, none above."""
        clock = SyncClock.__table__
        return self.session.execute(select(clock.c.value).where(clock.c.id == 1)).scalar_one()

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
