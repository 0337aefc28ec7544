"""row-level security by structure (PostgreSQL)

Every caseload table and the conflicts get a policy that shows and accepts only the rows of
the structure the transaction works for (setting mhj.tenant; "*" for the jobs). It binds the
roles that do not own the tables: the app connects as one (docs/structures.md).

Revision ID: e5a0c7d9b312
Revises: adb8e2f83dbc
Create Date: 2026-12-04 14:30:00

"""
from alembic import op

revision = "e5a0c7d9b312"
down_revision = "adb8e2f83dbc"
branch_labels = None
depends_on = None

# As they stood when this migration was written (server/rls.py may list more later).
TABLES = ("beneficiaries", "diagnostics", "sessions", "attendances", "contacts", "referrals",
          "action_steps", "outcomes", "trainees", "objectives", "sync_conflicts")
MINE = ("(tenant_id = current_setting('mhj.tenant', true) "
        "OR current_setting('mhj.tenant', true) = '*')")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_isolation ON {table} USING {MINE} WITH CHECK {MINE}")
    # Which ids exist past the policies: a hidden row is refused, not inserted again.
    names = ", ".join(f"'{t}'" for t in TABLES if t != "sync_conflicts")
    op.execute(f"""CREATE OR REPLACE FUNCTION mhj_existing_ids(tbl text, ids text[])
RETURNS SETOF text LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF tbl NOT IN ({names}) THEN
        RAISE EXCEPTION 'not a caseload table';
    END IF;
    RETURN QUERY EXECUTE 'SELECT id::text FROM ' || quote_ident(tbl) || ' WHERE id = ANY($1)'
        USING ids;
END $$""")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS mhj_existing_ids(text, text[])")
    for table in TABLES:
        op.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
