"""targets and year reviews per structure

Each structure has its own yearly targets and its own words for the year. Today's rows become
the default structure's. Both tables are rebuilt (a new key), the same way on both engines.

Revision ID: a430c7b83c1d
Revises: e5a0c7d9b312
Create Date: 2026-12-04 14:37:32.968162

"""
from alembic import op
import sqlalchemy as sa


revision = 'a430c7b83c1d'
down_revision = 'e5a0c7d9b312'
branch_labels = None
depends_on = None

DEFAULT = "00000000-0000-4000-8000-000000000001"
REVIEW = ("year", "highlights", "difficulties", "quotes", "updated_at", "updated_by")


def _targets(name, per_structure):
    columns = [sa.Column('id', sa.Integer(), nullable=False, autoincrement=True)]
    if per_structure:
        columns.append(sa.Column('tenant_id', sa.String(length=36), nullable=False))
    columns += [sa.Column('year', sa.Integer(), nullable=False),
                sa.Column('key', sa.String(length=30), nullable=False),
                sa.Column('value', sa.Integer(), nullable=False),
                sa.PrimaryKeyConstraint('id')]
    if per_structure:
        columns.append(sa.UniqueConstraint('tenant_id', 'year', 'key',
                                           name='uq_targets_tenant_year_key'))
    else:
        columns.append(sa.UniqueConstraint('year', 'key'))
    op.create_table(name, *columns)


def _reviews(name, per_structure):
    key = [sa.Column('tenant_id', sa.String(length=36), nullable=False)] if per_structure else []
    op.create_table(
        name, *key,
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('highlights', sa.Text(), nullable=True),
        sa.Column('difficulties', sa.Text(), nullable=True),
        sa.Column('quotes', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('updated_by', sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint(*(['tenant_id'] if per_structure else []), 'year'))


def upgrade():
    _targets('targets_new', True)
    op.execute("INSERT INTO targets_new (id, tenant_id, year, key, value) "
               f"SELECT id, '{DEFAULT}', year, key, value FROM targets")
    op.drop_table('targets')
    op.rename_table('targets_new', 'targets')
    _reviews('year_reviews_new', True)
    cols = ", ".join(REVIEW)
    op.execute(f"INSERT INTO year_reviews_new (tenant_id, {cols}) "
               f"SELECT '{DEFAULT}', {cols} FROM year_reviews")
    op.drop_table('year_reviews')
    op.rename_table('year_reviews_new', 'year_reviews')
    _fix_sequence()


def downgrade():
    # Only the default structure's rows fit the old, single-structure tables.
    _targets('targets_old', False)
    op.execute("INSERT INTO targets_old (id, year, key, value) "
               f"SELECT id, year, key, value FROM targets WHERE tenant_id = '{DEFAULT}'")
    op.drop_table('targets')
    op.rename_table('targets_old', 'targets')
    _reviews('year_reviews_old', False)
    cols = ", ".join(REVIEW)
    op.execute(f"INSERT INTO year_reviews_old ({cols}) "
               f"SELECT {cols} FROM year_reviews WHERE tenant_id = '{DEFAULT}'")
    op.drop_table('year_reviews')
    op.rename_table('year_reviews_old', 'year_reviews')
    _fix_sequence()


def _fix_sequence():
    # The ids were copied: PostgreSQL's new sequence must start after them.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('targets', 'id'), "
                   "COALESCE((SELECT max(id) FROM targets), 0) + 1, false)")
