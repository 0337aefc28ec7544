"""memberships: active per structure

A coordinator disables an account in their own structure only. What a coordinator disabled
so far was the whole account (users.active); it becomes the account's memberships, and the
account itself stays the server operator's switch (the command line).

Revision ID: c8e2f4a61d07
Revises: b7d3e91c5a20
Create Date: 2026-12-04 20:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c8e2f4a61d07'
down_revision = 'b7d3e91c5a20'
branch_labels = None
depends_on = None


USERS = sa.table('users', sa.column('id', sa.String), sa.column('active', sa.Boolean))
MEMBERS = sa.table('memberships', sa.column('user_id', sa.String), sa.column('active', sa.Boolean))


def upgrade():
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
    # Single-structure installs until now: a disabled account was disabled in its structure.
    op.execute(MEMBERS.update().values(active=sa.select(USERS.c.active).where(
        USERS.c.id == MEMBERS.c.user_id).scalar_subquery()))
    op.execute(USERS.update().where(USERS.c.id.in_(sa.select(MEMBERS.c.user_id)))
               .values(active=True))


def downgrade():
    # Without the switch, a membership a coordinator closed would open again: it goes (the
    # account keeps its other structures); an account closed in every one is disabled.
    op.execute(USERS.update().where(
        USERS.c.id.in_(sa.select(MEMBERS.c.user_id)),
        USERS.c.id.not_in(sa.select(MEMBERS.c.user_id).where(MEMBERS.c.active.is_(True))))
        .values(active=False))
    op.execute(MEMBERS.delete().where(
        MEMBERS.c.active.is_(False),
        MEMBERS.c.user_id.in_(sa.select(MEMBERS.c.user_id).where(MEMBERS.c.active.is_(True)))))
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_column('active')
