"""structure communes: the territory each structure serves

A public call-back request goes to the structure serving the young person's commune (the
default structure when nobody does). A commune is served by one structure at most: its INSEE
code is the key. Not synced, not personal: no tenant, no row-level security. On PostgreSQL the
roles that read `structures` (the app's, under the policies) get the same rights on the new
table, so a running app does not meet "permission denied" before `grant-app-role` is run again.

Revision ID: 1aa586255528
Revises: c8e2f4a61d07
Create Date: 2026-12-04 19:47:20.270434

"""
from alembic import op
import sqlalchemy as sa


revision = '1aa586255528'
down_revision = 'c8e2f4a61d07'
branch_labels = None
depends_on = None

GRANTS = sa.text(
    "SELECT grantee, privilege_type FROM information_schema.role_table_grants "
    "WHERE table_schema = current_schema() AND table_name = 'structures' "
    "AND grantee <> current_user AND privilege_type IN ('SELECT', 'INSERT', 'UPDATE', "
    "'DELETE')")


def upgrade():
    op.create_table(
        'structure_communes',
        sa.Column('code_insee', sa.String(length=5), nullable=False),
        sa.Column('structure_id', sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(['structure_id'], ['structures.id'], ),
        sa.PrimaryKeyConstraint('code_insee'))
    with op.batch_alter_table('structure_communes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_structure_communes_structure_id'),
                              ['structure_id'], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        quote = bind.dialect.identifier_preparer.quote
        for grantee, privilege in bind.execute(GRANTS).all():
            who = "PUBLIC" if grantee == "PUBLIC" else quote(grantee)
            op.execute(f"GRANT {privilege} ON structure_communes TO {who}")


def downgrade():
    with op.batch_alter_table('structure_communes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_structure_communes_structure_id'))
    op.drop_table('structure_communes')
