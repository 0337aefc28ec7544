"""Reads of people's files by the sync API, for the audit log (counts and tables, no values).

A device keeps what it pulls: the log records which account and device received which part of
the caseload, and when. One event per pull page or conflicts list that carries any of it.
"""
from collections import Counter

from sqlalchemy.orm import Session as DbSession

from .audit import PERSON_TABLES, log


def log_delivery(db: DbSession, user_id: str | None, device_id: str | None, items: list,
                 what: str) -> None:
    """Record that `items` (pull changes or conflicts) about people reached a device."""
    counts = Counter(item.get("table") for item in items
                     if item.get("table") in PERSON_TABLES and not item.get("deleted"))
    if not counts:
        return
    people = {item.get("row_id") for item in items
              if item.get("table") == "beneficiaries" and not item.get("deleted")}
    per_table = [f"{table}={n}" for table, n in sorted(counts.items())]
    log(db, user_id, "read", None, None, per_table,
        note=f"{what}, appareil {device_id or '?'}, {len(people)} fiche(s)")
    db.commit()
