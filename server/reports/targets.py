"""Yearly targets, editable by the coordinator (defaults from the project's funding)."""
from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from ..models.office import Target

DEFAULT_TARGETS = {"referred": 50, "mobilised": 30, "contacts": 100, "trained": 1}


def targets_for(db: DbSession, year: int) -> dict[str, int]:
    """Return the targets of a year, defaults filled in."""
    rows = db.scalars(select(Target).where(Target.year == year))
    return {**DEFAULT_TARGETS, **{t.key: t.value for t in rows}}


def set_target(db: DbSession, year: int, key: str, value: int) -> None:
    """Change one target of one year."""
    if key not in DEFAULT_TARGETS:
        raise KeyError(key)
    row = db.scalars(select(Target).where(Target.year == year, Target.key == key)).first()
    if row is None:
        db.add(Target(year=year, key=key, value=value))
    else:
        row.value = value
    db.commit()
