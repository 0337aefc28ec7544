"""Soft conflicts: a push merged into a row that another device changed since its base.

Two devices editing different fields of one row never conflict (field-level merge), yet the
second one wrote without having seen the first one's change. Such a write is applied and also
filed for an optional review: a conflict record with status "review", whose fields say what
this device wrote (`client`) and what it had not seen (`server`). Marking it seen closes it.
"""
from typing import Any

from .errors import ConflictAlreadyResolved, ConflictNotFound
from .model import Row, TableSpec

REVIEW, SEEN = "review", "seen"


def unseen_fields(spec: TableSpec, row: Row, written: dict, base: int,
                  writer: str | None) -> dict[str, Any]:
    """Return {field: value} of the fields another known device changed after `base`.

    Only declared fields count (derived ones follow the others); a write of unknown origin
    (the system, a client without an id) is nobody's to review.
    """
    if writer is None:
        return {}
    found = {}
    for name in spec.fields:
        if name in written or name not in row.field_versions:
            continue
        who = row.field_writers.get(name)
        if row.field_versions[name] > base and who is not None and who != writer:
            found[name] = row.data.get(name)
    return found


def review_fields(written: dict, unseen: dict) -> dict:
    """Return the record's fields: what this device wrote, what it had not seen."""
    return {**{name: {"server": value} for name, value in unseen.items()},
            **{name: {"client": value} for name, value in written.items()}}


def mark_seen(store, review_id: str, actor_id: str | None, now: str) -> dict:
    """Close a review; an already seen one answers 409 like a resolved conflict."""
    with store.transaction() as txn:
        record = txn.get_conflict(review_id)
        if record is None or record.status not in (REVIEW, SEEN):
            raise ConflictNotFound("Relecture introuvable.")
        if record.status == SEEN:
            raise ConflictAlreadyResolved("Cette relecture est déjà faite.")
        record.status, record.resolved_by, record.resolved_at = SEEN, actor_id, now
        txn.save_conflict(record)
    return {"id": record.id, "status": SEEN}
