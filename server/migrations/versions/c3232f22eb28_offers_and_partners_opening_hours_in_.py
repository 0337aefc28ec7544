"""offers and partners: opening hours in words

`horaires_texte` is derived by the server from `horaires_accueil` (server/domain/hours.py) at
every write; rows already there get theirs here (an invalid expression gets none).

Revision ID: c3232f22eb28
Revises: 2149aaa61dbd
Create Date: 2026-12-04 11:46:52.836831

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3232f22eb28'
down_revision = '2149aaa61dbd'
branch_labels = None
depends_on = None


def upgrade():
    from server.domain.hours import in_words

    bind = op.get_bind()
    for table in ("partners", "offers"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("horaires_texte", sa.String(length=1000), nullable=True))
        t = sa.table(table, sa.column("id", sa.String), sa.column("horaires_accueil", sa.String),
                     sa.column("horaires_texte", sa.String))
        rows = bind.execute(sa.select(t.c.id, t.c.horaires_accueil)
                            .where(t.c.horaires_accueil.is_not(None))).all()
        for row_id, expression in rows:
            bind.execute(t.update().where(t.c.id == row_id)
                         .values(horaires_texte=in_words(expression)))


def downgrade():
    for table in ("partners", "offers"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("horaires_texte")
