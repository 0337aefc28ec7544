"""audit events: lighter indexes

A push writes one audit event per row it changes (10,000 for a 10,000-row push), and each
index costs every one of them. The event id (sent by devices for the files opened offline)
is unique only where it is set, so the change events stay out of that index; the time index
is a BRIN on PostgreSQL (events arrive in time order); the structure's index goes (the log is
read newest first by id).

Revision ID: b7d3e91c5a20
Revises: a430c7b83c1d
Create Date: 2026-12-04 17:55:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b7d3e91c5a20'
down_revision = 'a430c7b83c1d'
branch_labels = None
depends_on = None

SET = sa.text("event_id IS NOT NULL")


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_tenant_id')
        batch_op.drop_constraint('uq_audit_events_event_id', type_='unique')
        batch_op.drop_index('ix_audit_events_at')
    op.create_index('uq_audit_events_event_id', 'audit_events', ['event_id'], unique=True,
                    postgresql_where=SET, sqlite_where=SET)
    op.create_index('ix_audit_events_at', 'audit_events', ['at'],
                    **({"postgresql_using": "brin"} if postgres else {}))


def downgrade():
    op.drop_index('ix_audit_events_at', table_name='audit_events')
    op.drop_index('uq_audit_events_event_id', table_name='audit_events')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_audit_events_event_id', ['event_id'])
        batch_op.create_index('ix_audit_events_at', ['at'], unique=False)
        batch_op.create_index('ix_audit_events_tenant_id', ['tenant_id'], unique=False)
