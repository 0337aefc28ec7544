"""Rows of another structure named by a push: looked up once per push (see policy.py).

A row may name another row of the caseload: a person (`beneficiary_id`), a session, an
objective, a diagnostic — any column whose check is `Ref(<table>)` for a table that is not
shared (the catalogue is the whole territory's). It may name a row the device has not sent
yet: that is accepted, nothing typed is lost. A row known to belong to another structure is
not this structure's to tie its rows to. Under row-level security the other structure's rows
are hidden from the app, so the lookup goes through `mhj_existing_ids` (rls.py), which says
only which ids exist.
"""
from flask import g, has_request_context
from sqlalchemy import event, text
from sqlalchemy.orm import Session as SaSession

from sync.envelope import canonical_uuid

from ..rls import FUNCTION
from ..tables import TABLES


def references(tables=TABLES) -> dict[str, tuple[tuple[str, str], ...]]:
    """Return, per table, its columns that name a caseload row: ((column, table named), ...)."""
    found = {}
    for name, table in tables.items():
        named = tuple((column, c.check.to) for column, c in table.columns.items()
                      if getattr(c.check, "to", None) in tables
                      and not tables[c.check.to].shared)
        if named:
            found[name] = named
    return found


REFERENCES = references()
NAMED = frozenset(target for refs in REFERENCES.values() for _, target in refs)
_NAMED = "rows_named"  # in g: {table: ids} the request's push names, not yet looked up
_KEY = "foreign_rows"  # in the DB session's info: {table: (looked up, of another structure)}
# Ids that exist anywhere, less the structure's own: one statement per table named, whether
# the policies bind this connection (they hide the others' rows) or not (the owner sees all).
_OTHERS = {target: text(f"SELECT f.id FROM {FUNCTION}('{target}', :ids) AS f(id) EXCEPT "
                        f"SELECT id FROM {target} WHERE id = ANY(:ids) AND tenant_id = :mine")
           for target in NAMED}


def expect(mutations) -> None:
    """Note the rows a push names (its parsed mutations, `Policy.prepare`), so that the first
    check of each table looks them up at once."""
    named: dict[str, set] = {}
    for m in mutations:
        refs = REFERENCES.get(m.table)
        if refs is None:
            continue  # the table first: a push of people alone costs one look per row
        for column, target in refs:
            value = canonical_uuid(m.fields.get(column))
            if value is not None:
                named.setdefault(target, set()).add(value)
    if has_request_context():
        setattr(g, _NAMED, named)


def of_another(session, structure: str, table: str, row_id: str) -> bool:
    """Tell whether this row exists in the table, and in another structure than `structure`."""
    if session.get_bind().dialect.name != "postgresql":
        return False  # SQLite holds one structure (services/structures.create)
    looked, others = session.info.setdefault(_KEY, {}).setdefault(table, (set(), set()))
    if row_id not in looked:
        # A structure's rows never move to another (tenant_id is set once), so what was
        # looked up holds for the whole transaction, even as the push adds rows.
        expected = g.get(_NAMED, {}).pop(table, ()) if has_request_context() else ()
        wanted = sorted({row_id, *expected} - looked)
        others.update(session.execute(_OTHERS[table],
                                      {"ids": wanted, "mine": structure}).scalars())
        looked.update(wanted)
    return row_id in others


@event.listens_for(SaSession, "after_commit")
@event.listens_for(SaSession, "after_rollback")
def _forget(session) -> None:
    session.info.pop(_KEY, None)
