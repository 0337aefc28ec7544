"""Who wrote each field, and the rule it serves: a device's own writes never conflict with it.

A pushed field conflicts when it changed after the mutation's base version to another value
AND the change came from another device. A device that edits a row twice before it pulls
(a create then an edit, or the same field twice while the first is in flight) therefore
meets only its own writes, while a change from anyone else since its base still conflicts.
"""
from typing import Any

from .model import Row

CREATED = "_created"  # key of the creation's writer, who set every field the row lacks


def actor_id(actor: Any) -> str | None:
    """Return the id of an actor object (or None for the system)."""
    return getattr(actor, "id", None)


def writer_of(actor: Any, origin: str | None, client_id: str | None) -> str | None:
    """Name the device behind a write, as kept in `field_writers`."""
    if origin:
        return f"dev:{origin}"
    who = getattr(actor, "id", None)
    # A client_id is the client's own claim: trusted only within its account, and never for
    # an actor without one (public forms, tools), whose writes all stay "someone else's".
    return f"client:{who}:{client_id}" if who is not None and client_id else None


def changed_by_other(row: Row, name: str, base: int, writer: str | None) -> bool:
    """Tell whether a field changed after `base` by a write of another device."""
    if name in row.field_versions:
        version, who = row.field_versions[name], row.field_writers.get(name)
    else:  # never written since the row was created: the creation set it (to nothing)
        version, who = row.created_version, row.field_writers.get(CREATED)
    if version <= base:
        return False
    return writer is None or who != writer


def stamp(row: Row, name: str, version: int, writer: str | None) -> None:
    """Record that `writer` wrote field `name` at `version` (no writer: unknown)."""
    row.field_versions[name] = version
    if writer:
        row.field_writers[name] = writer
    else:
        row.field_writers.pop(name, None)
