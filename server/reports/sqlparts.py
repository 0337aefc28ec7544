"""SQL pieces the figures need, written once for SQLite and PostgreSQL.

`ymd(column)`: a date or timestamp as a YYYYMMDD integer. The age in whole years on day d is
then (ymd(d) - ymd(birth)) // 10000, the same rule as `periods.age_on` (the month-day part only
takes a year off before the birthday), so "25 or younger on d" is
ymd(d) < ymd(birth) + 260000: an integer comparison, no per-row date arithmetic in Python.

`scanned(column)`: the column, marked so that SQLite reads the table in one scan rather than
through an index on it (SQLite's unary `+`; PostgreSQL plans this itself).
"""
from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class ymd(FunctionElement):  # noqa: N801  (reads as the SQL function it stands for)
    """YYYYMMDD of a date or timestamp column, as an integer."""

    type = Integer()
    name = "ymd"
    inherit_cache = True


@compiles(ymd)
def _ymd_sqlite(element, compiler, **kw):
    # SQLite keeps dates and timestamps as ISO text; strftime reads both.
    return f"CAST(strftime('%Y%m%d', {compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(ymd, "postgresql")
def _ymd_postgresql(element, compiler, **kw):
    # to_char measured faster than three EXTRACTs (which return numeric since PostgreSQL 14).
    return f"CAST(to_char({compiler.process(element.clauses, **kw)}, 'YYYYMMDD') AS INTEGER)"


class scanned(FunctionElement):  # noqa: N801
    """The column itself; on SQLite, kept from driving an index lookup."""

    name = "scanned"
    inherit_cache = True

    @property
    def type(self):
        return self.clauses.clauses[0].type


@compiles(scanned)
def _scanned_sqlite(element, compiler, **kw):
    return f"+{compiler.process(element.clauses, **kw)}"


@compiles(scanned, "postgresql")
def _scanned_postgresql(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)
