"""Statements compiled once per database and run with executemany, rows given as tuples.

A push writes hundreds of rows of ~25 columns. SQLAlchemy's executemany rebuilds the
parameters of every row (about 15 µs a row, as much as the database's own work); here the
statement is compiled once per dialect and each row goes to the driver after only the
column types' own bind processors, which is all SQLAlchemy itself would apply.
"""
import weakref
from typing import Any, Callable, Sequence

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

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


def _types(table: Table, keys: Sequence[str]) -> dict[str, Any]:
    return {key: table.c[key].type for key in keys}


def bulk_insert(session: Session, table: Table, keys: Sequence[str],
                once: Sequence[str] = ()) -> Bulk:
    """Return the compiled `INSERT INTO table (keys) VALUES (...)` of this session's database."""
    return _cached(session, ("insert", table.name, tuple(keys), tuple(once)), lambda dialect: Bulk(
        insert(table).values({k: bindparam(f"p_{k}", type_=table.c[k].type) for k in keys}),
        keys, _types(table, keys), dialect, once))


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
