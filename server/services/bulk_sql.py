"""Statements compiled once per database and run with executemany, rows given as tuples.

A push writes hundreds of rows of ~25 columns. SQLAlchemy's executemany rebuilds the
parameters of every row (about 15 µs a row, as much as the database's own work); here the
statement is compiled once per dialect and each row goes to the driver after only the
column types' own bind processors, which is all SQLAlchemy itself would apply.

On PostgreSQL an insert is one COPY (`CopyInsert`): psycopg's executemany would send each
row as a statement of its own, about 60 µs a row of Python in the driver and of work in the
server. PostgreSQL refuses COPY on a table whose policies bind the connection's role (an app
walled off by structure, docs/structures.md): there an INSERT sends all its rows as one JSON
array, unpacked by the server (`JsonInsert`, `json_populate_recordset`), about 1.5 times the
server's work of COPY.
"""
import weakref
from typing import Any, Callable, Sequence

import psycopg
from sqlalchemy import JSON, Boolean, Table, bindparam, insert, update
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from .. import rls
from ..fastjson import dumps_bytes

_CACHE: "weakref.WeakKeyDictionary[Dialect, dict]" = weakref.WeakKeyDictionary()


class Bulk:
    """One compiled statement; `run` takes rows as tuples of values in `keys` order.

    Values of the `once` keys (the same in every row, such as a write time) are not
    converted per row: pass them through `value()` once instead.
    """

    def __init__(self, stmt, keys: Sequence[str], types: dict[str, Any], dialect: Dialect,
                 once: Sequence[str] = ()):
        compiled = stmt.compile(dialect=dialect)
        self.sql = compiled.string
        self.keys = tuple(keys)
        # Bind processors of the column types, as SQLAlchemy's own executemany applies them.
        self.procs = {key: types[key].dialect_impl(dialect).bind_processor(dialect)
                      for key in self.keys}
        self.convert: list[tuple[int, Callable]] = [
            (i, self.procs[key]) for i, key in enumerate(self.keys)
            if self.procs[key] is not None and key not in once]
        names = [f"p_{key}" for key in self.keys]
        if compiled.positional:
            where = {name: i for i, name in enumerate(names)}
            order = [where[name] for name in compiled.positiontup]
            self.order = None if order == list(range(len(names))) else order
            self.names = None
        else:
            self.order, self.names = None, names

    def value(self, key: str, value: Any) -> Any:
        """Convert one value of a `once` key for the driver."""
        proc = self.procs[key]
        return value if proc is None else proc(value)

    def params(self, rows: list[Sequence]) -> list:
        """Turn rows of Python values into the driver's parameters."""
        out = []
        convert, order, names = self.convert, self.order, self.names
        for row in rows:
            values = list(row)
            for i, proc in convert:
                values[i] = proc(values[i])
            if order is not None:
                values = [values[i] for i in order]
            out.append(dict(zip(names, values)) if names is not None else tuple(values))
        return out

    def run(self, session: Session, rows: list[Sequence]) -> None:
        """Execute the statement once per row, in one executemany."""
        if rows:
            session.connection().exec_driver_sql(self.sql, self.params(rows))


class JsonInsert(Bulk):
    """PostgreSQL: `INSERT ... SELECT ... FROM json_populate_recordset(NULL::table, rows)`.

    The rows go as one JSON array of objects (dates and times in ISO 8601); the server turns
    each value into its column's type as an INSERT would. A JSON column's value is nested as
    it is, and the server keeps that text (compact, where SQLAlchemy's `json.dumps` puts a
    space after `:` and `,`: the same value).
    """

    def __init__(self, table: Table, keys: Sequence[str], types: dict[str, Any],
                 dialect: Dialect, once: Sequence[str] = ()):
        super().__init__(_insert(table, keys, types), keys, types, dialect, once)
        quote = dialect.identifier_preparer.quote
        columns = ", ".join(quote(key) for key in self.keys)
        name = quote(table.name)
        self.sql = (f"INSERT INTO {name} ({columns}) SELECT {columns} "
                    f"FROM json_populate_recordset(NULL::{name}, %s::json)")
        # The JSON columns' values are nested as they are, not wrapped for the driver.
        self.convert = [(i, proc) for i, proc in self.convert
                        if not isinstance(types[self.keys[i]], JSON)]

    def run(self, session: Session, rows: list[Sequence]) -> None:
        """Insert every row with one statement."""
        if not rows:
            return
        keys, convert, out = self.keys, self.convert, []
        for row in rows:
            if convert:
                row = list(row)
                for i, proc in convert:
                    row[i] = proc(row[i])
            # A key left out is NULL, as a null value is: the server unpacks less.
            out.append({key: value for key, value in zip(keys, row) if value is not None})
        session.connection().exec_driver_sql(self.sql, (dumps_bytes(out).decode(),))


class CopyInsert(Bulk):
    """PostgreSQL, a table no row-level security binds here: `COPY table (keys) FROM STDIN`.

    COPY reads rows in its own text format, about half the server's work of unpacking the
    same rows from JSON. PostgreSQL refuses it on a table whose policies bind the
    connection's role (an app walled off by structure, docs/structures.md): those tables
    take `JsonInsert`. A failure is raised as SQLAlchemy raises it for any statement.
    """

    def __init__(self, table: Table, keys: Sequence[str], types: dict[str, Any],
                 dialect: Dialect, once: Sequence[str] = ()):
        super().__init__(_insert(table, keys, types), keys, types, dialect, once)
        quote = dialect.identifier_preparer.quote
        self.sql = (f"COPY {quote(table.name)} ({', '.join(quote(k) for k in self.keys)}) "
                    "FROM STDIN")
        # JSON values are encoded here (compact, as JsonInsert stores them), not by the type;
        # booleans go as they are (SQLAlchemy's processor only checks that they are booleans,
        # which the engine's values are: 4 calls a row for nothing).
        self.json = [i for i, key in enumerate(self.keys) if isinstance(types[key], JSON)]
        self.convert = [(i, proc) for i, proc in self.convert if i not in self.json
                        and not isinstance(types[self.keys[i]], Boolean)]

    def run(self, session: Session, rows: list[Sequence]) -> None:
        """Send every row through one COPY."""
        if not rows:
            return
        convert, json_at = self.convert, self.json
        raw = session.connection().connection.driver_connection
        try:
            with raw.cursor() as cursor, cursor.copy(self.sql) as copy:
                for row in rows:
                    row = list(row)
                    for i, proc in convert:
                        row[i] = proc(row[i])
                    for i in json_at:
                        if row[i] is not None:
                            row[i] = dumps_bytes(row[i]).decode()
                    copy.write_row(row)
        except psycopg.Error as exc:
            raise DBAPIError.instance(self.sql, None, exc, psycopg.Error) from exc


def _types(table: Table, keys: Sequence[str]) -> dict[str, Any]:
    return {key: table.c[key].type for key in keys}


def _insert(table: Table, keys: Sequence[str], types: dict[str, Any]):
    """`INSERT INTO table (keys) VALUES (:p_key, ...)`, each value bound with its column's type."""
    return insert(table).values({k: bindparam(f"p_{k}", type_=types[k]) for k in keys})


def bulk_insert(session: Session, table: Table, keys: Sequence[str],
                once: Sequence[str] = ()) -> Bulk:
    """Return the compiled `INSERT INTO table (keys) VALUES (...)` of this session's database."""
    def build(dialect: Dialect) -> Bulk:
        if dialect.name == "postgresql":
            walled = table.name in rls.TABLES and rls.walled(session)
            kind = JsonInsert if walled else CopyInsert
            return kind(table, keys, _types(table, keys), dialect, once)
        types = _types(table, keys)
        return Bulk(_insert(table, keys, types), keys, types, dialect, once)

    return _cached(session, ("insert", table.name, tuple(keys), tuple(once)), build)


def bulk_update(session: Session, table: Table, keys: Sequence[str],
                once: Sequence[str] = ()) -> Bulk:
    """Return the compiled `UPDATE table SET keys... WHERE id = ...`; `id` comes last."""
    sets = [k for k in keys if k != "id"]
    order = [*sets, "id"]

    def build(dialect: Dialect) -> Bulk:
        stmt = (update(table).where(table.c.id == bindparam("p_id", type_=table.c.id.type))
                .values({k: bindparam(f"p_{k}", type_=table.c[k].type) for k in sets}))
        return Bulk(stmt, order, _types(table, order), dialect, once)

    return _cached(session, ("update", table.name, tuple(order), tuple(once)), build)


def _cached(session: Session, key: tuple, build: Callable[[Dialect], Bulk]) -> Bulk:
    dialect = session.get_bind().dialect
    per_dialect = _CACHE.setdefault(dialect, {})
    found = per_dialect.get(key)
    if found is None:
        found = per_dialect[key] = build(dialect)
    return found


def insert_dicts(session: Session, table: Table, rows: list[dict]) -> None:
    """Insert rows given as dicts that all have the same keys, through `bulk_insert`.

    The Python-side defaults of the columns the rows leave out are taken once for them all,
    as for one statement (such as the request's structure): not a default per row.
    """
    if not rows:
        return
    keys = tuple(rows[0])
    extra = {column.key: column.default.arg(None) if column.default.is_callable
             else column.default.arg for column in table.c
             if column.key not in keys and column.default is not None
             and (column.default.is_callable or column.default.is_scalar)}
    bulk = bulk_insert(session, table, (*keys, *extra))
    more = list(extra.values())
    bulk.run(session, [[*(row[k] for k in keys), *more] for row in rows])
