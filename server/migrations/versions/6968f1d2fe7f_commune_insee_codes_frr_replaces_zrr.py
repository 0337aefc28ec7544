"""commune INSEE codes, FRR replaces ZRR

People and referrals keep the INSEE code of a commune chosen from the official list
(`commune_code`). People's rurality flag follows the law in force: France Ruralités
Revitalisation (FRR) replaced the zones de revitalisation rurale on 1 July 2024, so `zrr`
becomes `frr`. Recorded values are carried over as they are (no FRR list ships with the COG
package; the referent re-checks the flag at the next visit), and so are the sync metadata
that name the field: its per-field version and writer, and its open conflicts.

Revision ID: 6968f1d2fe7f
Revises: a7c41e5b9d20
Create Date: 2026-12-04 11:46:26.861339

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6968f1d2fe7f'
down_revision = 'a7c41e5b9d20'
branch_labels = None
depends_on = None

_people = sa.table("beneficiaries", sa.column("id", sa.String),
                   sa.column("field_versions", sa.JSON), sa.column("field_writers", sa.JSON))
_conflicts = sa.table("sync_conflicts", sa.column("id", sa.String),
                      sa.column("table_name", sa.String), sa.column("fields", sa.JSON))


def _renamed(mapping, old: str, new: str):
    if not isinstance(mapping, dict) or old not in mapping:
        return None
    return {(new if key == old else key): value for key, value in mapping.items()}


def _rename_field_names(old: str, new: str) -> None:
    """Rename the field in each person's sync metadata and in their conflicts."""
    conn = op.get_bind()
    for pid, versions, writers in conn.execute(sa.select(
            _people.c.id, _people.c.field_versions, _people.c.field_writers)).all():
        changes = {}
        if (v := _renamed(versions, old, new)) is not None:
            changes["field_versions"] = v
        if (w := _renamed(writers, old, new)) is not None:
            changes["field_writers"] = w
        if changes:
            conn.execute(_people.update().where(_people.c.id == pid).values(**changes))
    for cid, fields in conn.execute(sa.select(_conflicts.c.id, _conflicts.c.fields).where(
            _conflicts.c.table_name == "beneficiaries")).all():
        if (f := _renamed(fields, old, new)) is not None:
            conn.execute(_conflicts.update().where(_conflicts.c.id == cid).values(fields=f))


def upgrade():
    with op.batch_alter_table('beneficiaries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('commune_code', sa.String(length=5), nullable=True))
        batch_op.alter_column('zrr', new_column_name='frr', existing_type=sa.Boolean(),
                              existing_nullable=True)
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('commune_code', sa.String(length=5), nullable=True))
    _rename_field_names("zrr", "frr")


def downgrade():
    _rename_field_names("frr", "zrr")
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_column('commune_code')
    with op.batch_alter_table('beneficiaries', schema=None) as batch_op:
        batch_op.alter_column('frr', new_column_name='zrr', existing_type=sa.Boolean(),
                              existing_nullable=True)
        batch_op.drop_column('commune_code')
