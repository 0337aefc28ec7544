"""PostgreSQL row-level security: the second wall between structures.

The app's filters keep each structure to its rows; these policies hold even where a query
forgets one. They bind a role that does not own the tables (the owner and superusers pass
by), so the app connects as such a role (docs/structures.md). Each transaction says which
structure it works for in the setting `mhj.tenant`: the signed-in caller's, nothing for an
anonymous request (a public call-back request's push: the structure it goes to), every
structure ("*") for the command line and the nightly jobs.
"""
import weakref

from flask import g, has_app_context, has_request_context
from sqlalchemy import DDL, event, text
from sqlalchemy.orm import Session as SaSession

from .tables import TABLES as DESCRIBED

SETTING = "mhj.tenant"
ALL = "*"
# Caseload tables (every synced table but the shared catalogue) and their conflicts.
TABLES = (*(name for name, table in DESCRIBED.items() if not table.shared), "sync_conflicts")
_MINE = (f"(tenant_id = current_setting('{SETTING}', true) "
         f"OR current_setting('{SETTING}', true) = '{ALL}')")


# Ids that exist in a caseload table, whatever their structure: a row the policies hide
# must still be refused as another structure's, not inserted again under its id. Runs as the
# tables' owner (SECURITY DEFINER), for the caseload tables only, and says nothing but ids.
FUNCTION = "mhj_existing_ids"


def function_statements(tables=None) -> list[str]:
    """Return the DDL of the function that tells which ids exist, past the policies."""
    names = ", ".join(f"'{t}'" for t in (tables or TABLES) if t != "sync_conflicts")
    return [f"""CREATE OR REPLACE FUNCTION {FUNCTION}(tbl text, ids text[])
RETURNS SETOF text LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF tbl NOT IN ({names}) THEN
        RAISE EXCEPTION 'not a caseload table';
    END IF;
    RETURN QUERY EXECUTE 'SELECT id::text FROM ' || quote_ident(tbl) || ' WHERE id = ANY($1)'
        USING ids;
END $$"""]


def existing_ids(session, table: str, ids: list[str]) -> list[str]:
    """Return which of these ids exist in the table, in any structure (PostgreSQL)."""
    return list(session.execute(text(f"SELECT * FROM {FUNCTION}(:tbl, :ids)"),
                                {"tbl": table, "ids": ids}).scalars())


def caseload_id_exists(session, row_id: str) -> bool:
    """Tell whether a row of any caseload table, in any structure, has this id (PostgreSQL)."""
    query = " UNION ALL ".join(f"SELECT 1 FROM {FUNCTION}('{t}', ARRAY[:id])"
                               for t in TABLES if t != "sync_conflicts")
    return session.execute(text(f"{query} LIMIT 1"), {"id": row_id}).first() is not None


def policy_statements(table: str) -> list[str]:
    """Return the DDL that walls off a table by structure (USING and WITH CHECK)."""
    return [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS tenant_isolation ON {table}",
            f"CREATE POLICY tenant_isolation ON {table} USING {_MINE} WITH CHECK {_MINE}"]


def drop_statements(table: str) -> list[str]:
    return [f"DROP POLICY IF EXISTS tenant_isolation ON {table}",
            f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY"]


def attach(metadata) -> None:
    """Install the policies and the function with the tables created on PostgreSQL."""
    for name in TABLES:
        for statement in policy_statements(name):
            event.listen(metadata.tables[name], "after_create",
                         DDL(statement).execute_if(dialect="postgresql"))
    for statement in function_statements():  # once, with the conflicts' table
        event.listen(metadata.tables["sync_conflicts"], "after_create",
                     DDL(statement).execute_if(dialect="postgresql"))


class WallDown(Exception):
    """Several structures share a PostgreSQL database the app reaches as its owner (503)."""


def require_wall(session) -> None:
    """Refuse the figures and record exports when several structures share PostgreSQL and
    the wall is not up.

    They keep to the caller's structure by a filter of their own (reports/scope.py); the
    policies are the second wall, and bind the app only when it connects as a role that
    does not own the tables. A whole caseload at once (names, phones and notes in the full
    export) is where a slip would cost most, so a deployment that runs several structures
    without the second wall hears it here, instead of serving them behind one wall.
    """
    if session.get_bind().dialect.name != "postgresql":
        return  # SQLite holds one structure (services/structures.create)
    several = session.execute(text("SELECT count(*) > 1 FROM structures")).scalar()
    if several and not walled(session):
        raise WallDown()


_WALLED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def walled(session) -> bool:
    """Tell whether the policies bind this app's connections (PostgreSQL, not the owner).

    Asked once per engine: its role does not change while it runs (a migration that adds
    the policies later is seen at the next start).
    """
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    if bind not in _WALLED:
        _WALLED[bind] = bool(session.execute(
            text("SELECT row_security_active('beneficiaries')")).scalar())
    return _WALLED[bind]


def current_tenant() -> str | None:
    """Return the structure the signed-in caller works in (None outside a signed-in call)."""
    caller = g.get("user") if has_app_context() else None
    return getattr(caller, "structure_id", None)


def _working_for() -> str:
    if not has_request_context():
        return ALL  # the command line, the nightly jobs, the tests' own setup
    return current_tenant() or ""


def set_tenant(session, tenant: str | None = None) -> None:
    """Say, for the rest of the transaction, which structure it works for."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT set_config(:name, :value, true)"),
                        {"name": SETTING, "value": _working_for() if tenant is None else tenant})


@event.listens_for(SaSession, "after_begin")
def _on_begin(session, transaction, connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    tenant = _working_for()
    # Nothing to say for an anonymous call: unset (or reset at the end of the last
    # transaction on this connection), the setting matches no row. The guard says it once
    # the caller is known.
    if tenant:
        connection.execute(text("SELECT set_config(:name, :value, true)"),
                           {"name": SETTING, "value": tenant})
