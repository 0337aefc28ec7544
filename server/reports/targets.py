"""Yearly targets, editable by the coordinator (defaults from the project's funding)."""
from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from ..models.office import Target

DEFAULT_TARGETS = {"referred": 50, "mobilised": 30, "contacts": 100, "trained": 1}


def targets_for(db: DbSession, year: int, tenant: str) -> dict[str, int]:
    """Return a structure's targets of a year, defaults filled in."""
    rows = db.scalars(select(Target).where(Target.tenant_id == tenant, Target.year == year))
    return {**DEFAULT_TARGETS, **{t.key: t.value for t in rows}}


def set_target(db: DbSession, year: int, key: str, value: int, tenant: str) -> None:
    """Change one of a structure's targets of one year."""
    if key not in DEFAULT_TARGETS:
        raise KeyError(key)
    row = db.scalars(select(Target).where(Target.tenant_id == tenant, Target.year == year,
                                          Target.key == key)).first()
    if row is None:
        db.add(Target(tenant_id=tenant, year=year, key=key, value=value))
    else:
        row.value = value
    db.commit()
