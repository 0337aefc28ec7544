"""self-test on call-back requests; adapted transport and accessible places

`contacts.self_test`: the young person's self-test, codes only (server/domain/selftest.py).
`beneficiaries.adapted_transport`: a yes/no need for adapted transport or step-free access.
`offers.lieu_accessible`: the offer's place is accessible in a wheelchair / without steps.

Revision ID: a7c41e5b9d20
Revises: 8eedf15c70b4
Create Date: 2026-12-04 12:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c41e5b9d20'
down_revision = '8eedf15c70b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("self_test", sa.JSON(), nullable=True))
    with op.batch_alter_table("beneficiaries") as batch:
        batch.add_column(sa.Column("adapted_transport", sa.Boolean(), nullable=True))
    with op.batch_alter_table("offers") as batch:
        batch.add_column(sa.Column("lieu_accessible", sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table("offers") as batch:
        batch.drop_column("lieu_accessible")
    with op.batch_alter_table("beneficiaries") as batch:
        batch.drop_column("adapted_transport")
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("self_test")
