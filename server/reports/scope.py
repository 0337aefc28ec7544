"""Keep every figure and record export to one structure: the reports' own wall.

Each query the office's figures and exports run on a caseload table (people and everything
about them, sessions, contacts, referrals, trainees) says `tenant_id = :structure` through
`mine(table, structure)`, so that the counts are one structure's wherever row-level security
does not bind (SQLite, PostgreSQL reached as the tables' owner); the policies (server/rls.py)
stay behind it as the second wall. The catalogue (offers, partners) is the territory's:
`mine` refuses it, it is read whole. tests/reports/test_own_structure.py reads every
statement the reports run and fails on a caseload table read without its structure.

On SQLite the condition is marked `scanned`: SQLite holds one structure, so it matches every
row, and its planner (no statistics) would otherwise walk the (tenant_id, version) index and
fetch each row from there instead of using the date index or one scan. PostgreSQL weighs the
index against its statistics itself (measured: docs/benchmarks.md, « Key figures »).
"""
from sqlalchemy import Table
from sqlalchemy.sql.elements import ColumnElement

from ..rls import TABLES as CASELOAD
from .sqlparts import scanned


def mine(table: Table, structure: str) -> ColumnElement[bool]:
    """Return the condition that keeps a caseload table's rows to one structure."""
    if table.name not in CASELOAD:
        raise ValueError(f"{table.name} is not a caseload table: it is read whole")
    if not structure:
        raise ValueError("the figures are counted for a structure: none given")
    return scanned(table.c.tenant_id) == structure
