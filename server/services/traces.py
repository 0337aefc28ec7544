"""Traces kept for a while, not forever: the audit log and the values of settled conflicts.

The audit log names who touched which file (no values) and answers questions about the last
year; a settled conflict keeps both sides' values only as long as someone may want to look
back at the choice. Both are trimmed by the nightly `privacy-retention` job.
"""
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as DbSession

from ..models import AuditEvent, SyncConflict

CHUNK = 500


def blank_values(fields: dict | None) -> dict:
    """Return a conflict's fields with both sides' values dropped (the names stay)."""
    return {name: {"server": None, "client": None} for name in fields or {}}


def trim(db: DbSession, now: datetime, audit_days: int, conflict_days: int) -> dict:
    """Delete audit events older than `audit_days`; empty conflicts settled `conflict_days` ago."""
    gone = db.execute(delete(AuditEvent).where(
        AuditEvent.at < now - timedelta(days=audit_days))).rowcount or 0
    # resolved_at is an ISO 8601 string in one fixed format: strings compare as the times do.
    before = (now - timedelta(days=conflict_days)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    emptied = 0
    settled = select(SyncConflict).where(SyncConflict.status.in_(("resolved", "seen")),
                                         SyncConflict.resolved_at < before)
    # A soft conflict is optional to look at: left unseen as long, it is closed and emptied.
    unseen = select(SyncConflict).where(SyncConflict.status == "review",
                                        SyncConflict.created_at < before)
    for query in (settled, unseen):
        for conflict in db.scalars(query.execution_options(yield_per=CHUNK)):
            blank = blank_values(conflict.fields)
            if conflict.status == "review":
                conflict.status, conflict.resolved_at = "seen", conflict.created_at
            if conflict.fields != blank:
                conflict.fields = blank
                emptied += 1
    db.commit()
    return {"audit_events_deleted": gone, "conflicts_emptied": emptied}
