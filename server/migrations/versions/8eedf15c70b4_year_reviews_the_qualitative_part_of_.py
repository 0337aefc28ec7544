"""year reviews: the qualitative part of the yearly review

Revision ID: 8eedf15c70b4
Revises: 3d7ee0b30019
Create Date: 2026-12-04 12:19:07.120628

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8eedf15c70b4'
down_revision = '3d7ee0b30019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "year_reviews",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("highlights", sa.Text(), nullable=True),
        sa.Column("difficulties", sa.Text(), nullable=True),
        sa.Column("quotes", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("year"),
    )


def downgrade():
    op.drop_table("year_reviews")
