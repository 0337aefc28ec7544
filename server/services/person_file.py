"""Everything held about one person, for their right of access (RGPD art. 15)."""
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from ..models import SYNCED, Beneficiary, Session, SyncConflict
from ..tables import TABLES
from . import audit
from .policy import PERSON_ROWS

# Columns of a synced row worth showing besides its fields (the sync bookkeeping is not).
META = ("id", "deleted", "created_at", "updated_at")
# Dates that order each part of the file, newest first.


def _wire(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _record(rec, names) -> dict:
    return {name: _wire(getattr(rec, name)) for name in (*META, *names)}


def _fields(table: str) -> list[str]:
    model = SYNCED[table]
    skip = {"version", "created_version", "field_versions", "field_writers", "updated_by",
            "scope_trail", "tenant_id", *META}
    return [c.name for c in model.__table__.columns if c.name not in skip]


def person_file(db: DbSession, person_id: str) -> dict | None:
    """Return the person's file as plain data, or None when nobody has this id."""
    person = db.get(Beneficiary, person_id)
    if person is None:
        return None
    out = {"person": _record(person, _fields("beneficiaries"))}
    ids = [person_id]
    for table in PERSON_ROWS:
        model = SYNCED[table]
        rows = db.scalars(select(model).where(model.beneficiary_id == person_id)).all()
        items = [_record(rec, _fields(table)) for rec in rows]
        items.sort(key=lambda item: item.get(TABLES[table].file_order) or "", reverse=True)
        out[table] = items
        ids += [item["id"] for item in items]
    _add_sessions(db, out["attendances"])
    conflicts = []
    for i in range(0, len(ids), 500):
        conflicts += db.scalars(select(SyncConflict).where(
            SyncConflict.row_id.in_(ids[i:i + 500]), SyncConflict.status == "open")).all()
    out["conflicts"] = [{"id": c.id, "table": c.table_name, "row_id": c.row_id,
                         "fields": c.fields, "created_at": c.created_at} for c in conflicts]
    out["audit"] = audit.events(db, person=person_id)
    return out


def _add_sessions(db: DbSession, attendances: list[dict]) -> None:
    """Give each attendance its session's title, date and place."""
    wanted = {a["session_id"] for a in attendances if a.get("session_id")}
    sessions = {}
    for s in db.scalars(select(Session).where(Session.id.in_(sorted(wanted)))):
        sessions[s.id] = {"title": s.title, "starts_at": _wire(s.starts_at), "place": s.place}
    for item in attendances:
        item["session"] = sessions.get(item.get("session_id"))
    attendances.sort(key=lambda a: (a["session"] or {}).get("starts_at") or "", reverse=True)
