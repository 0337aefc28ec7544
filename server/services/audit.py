"""The audit log: who read, changed, exported or erased a person's file.

Only names are written (action, table, row id, field names); never the values themselves, so
the log can be exported to an auditor without exposing what it is about.
"""
from collections.abc import Iterable

from sqlalchemy.orm import Session as DbSession

from ..models import AuditEvent

ACTIONS = ("read", "view", "change", "export", "erase", "anonymise")


def log(db: DbSession, user_id: str | None, action: str, table: str | None = None,
        row_id: str | None = None, fields: Iterable[str] = (), note: str = "") -> None:
    """Add one event to the session (the caller commits with its own work)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    detail = ",".join(sorted(fields))
    if note:
        detail = f"{note}: {detail}" if detail else note
    db.add(AuditEvent(user_id=user_id, action=action, table_name=table, row_id=row_id,
                      detail=detail[:500] or None))
