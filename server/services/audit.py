"""The audit log: who read, changed, exported or erased a person's file.

Only names are written (action, table, row id, field names); never the values themselves, so
the log can be exported to an auditor without exposing what it is about.
"""
import csv
import io
import re
from collections.abc import Iterable
from datetime import datetime, timezone

from sqlalchemy import insert, literal, or_, select, union_all
from sqlalchemy.orm import Session as DbSession

from sync.envelope import canonical_uuid

from ..models import SYNCED, AuditEvent, SyncConflict, User
from ..models.base import utcnow
from .bulk_sql import insert_dicts
from .policy import PERSON_ROWS

ACTIONS = ("read", "view", "change", "export", "erase", "anonymise")
# The tables that make up a person's file: their row, and rows naming them.
PERSON_TABLES = ("beneficiaries", *PERSON_ROWS)
MAX_VIEWS = 1000
VIEWER_ROLES = ("referent", "coordinator")  # who sends the files they opened
CHUNK = 500


def _detail(fields: Iterable[str], note: str = "") -> str | None:
    detail = ",".join(sorted(fields))
    if note:
        detail = f"{note}: {detail}" if detail else note
    return detail[:500] or None


def log(db: DbSession, user_id: str | None, action: str, table: str | None = None,
        row_id: str | None = None, fields: Iterable[str] = (), note: str = "") -> None:
    """Add one event to the session (the caller commits with its own work)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    db.add(AuditEvent(user_id=user_id, action=action, table_name=table, row_id=row_id,
                      detail=_detail(fields, note)))


# -- pushes --------------------------------------------------------------------------------
def log_changes(db: DbSession, user, changes) -> None:
    """Record a "change" per write on a person's file, inside the push's transaction.

    From what the engine applied (sync.Change), never from the request: the person is the
    one the row names after the write, and also the one it named before when the write moved
    it to another file; only the fields written are named. One bulk insert; the push commits.
    """
    now, user_id, events = utcnow(), getattr(user, "id", None), []
    details: dict[tuple, str | None] = {}  # a push writes the same fields in many rows
    for change in changes:
        if change.table not in PERSON_TABLES:
            continue
        if change.table == "beneficiaries":
            people = (change.row_id,)
        else:
            people = sorted(p for p in {change.row.data.get("beneficiary_id"),
                                        change.previous.get("beneficiary_id")} if p)
        detail = details.get(change.fields)
        if detail is None:
            detail = details[change.fields] = _detail(change.fields)
        for person in people:
            events.append({"at": now, "user_id": user_id, "action": "change",
                           "table_name": change.table, "row_id": person, "detail": detail})
    insert_dicts(db, AuditEvent.__table__, events)


def log_resolution(db: DbSession, user_id: str | None, conflict_id: str, chosen: dict) -> None:
    """Record a settled conflict on a person's file as a change (field names only)."""
    conflict = db.get(SyncConflict, conflict_id)
    if conflict is None or conflict.table_name not in PERSON_TABLES:
        return
    key = (conflict.table_name, conflict.row_id)
    person = _stored_owners(db, {key[0]: {key[1]}}).get(key)
    if person:
        log(db, user_id, "change", conflict.table_name, person, chosen, note="conflit réglé")
        db.commit()


def _stored_owners(db: DbSession, ids: dict[str, set]) -> dict[tuple[str, str], str]:
    """Map each (table, row id) to the person the stored row names, in one query."""
    out = {("beneficiaries", row_id): row_id for row_id in ids.get("beneficiaries", ())}
    parts = []
    for table in sorted(set(ids) & set(PERSON_ROWS)):
        t = SYNCED[table].__table__
        parts.append(select(literal(table).label("t"), t.c.id, t.c.beneficiary_id)
                     .where(t.c.id.in_(sorted(ids[table]))))
    if parts:
        for table, row_id, person in db.execute(union_all(*parts)):
            if person:
                out[(table, row_id)] = person
    return out


# -- files opened on a device --------------------------------------------------------------
class ViewsError(ValueError):
    """A views body that cannot be recorded; `field` names the culprit."""

    def __init__(self, message: str, field: str = "views"):
        super().__init__(message)
        self.field = field


# What a device sends: a date and time with its offset (what Date.toISOString() gives).
MOMENT = (r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
          r"(Z|[+-][0-9]{2}:[0-9]{2})")


def parse_moment(value) -> datetime | None:
    """Return an ISO 8601 date and time as naive UTC, or None when it is not one."""
    if not isinstance(value, str) or not re.fullmatch(MOMENT, value):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment if 2000 <= moment.year <= 2100 else None


def parse_views(body) -> list[dict]:
    """Check a {"views": [...]} body; return the views with canonical ids and naive UTC."""
    views = body.get("views") if isinstance(body, dict) else None
    if not isinstance(views, list):
        raise ViewsError("« views » doit être une liste.")
    if len(views) > MAX_VIEWS:
        raise ViewsError(f"Au plus {MAX_VIEWS} consultations par envoi.")
    out = []
    for i, view in enumerate(views):
        if not isinstance(view, dict):
            raise ViewsError(f"views[{i}] doit être un objet.", f"views[{i}]")
        event_id, person = canonical_uuid(view.get("id")), canonical_uuid(
            view.get("beneficiary_id"))
        at = parse_moment(view.get("at"))
        for name, value in (("id", event_id), ("beneficiary_id", person), ("at", at)):
            if value is None:
                kind = "une date et heure ISO 8601" if name == "at" else "un UUID"
                raise ViewsError(f"views[{i}].{name} doit être {kind}.", f"views[{i}].{name}")
        out.append({"event_id": str(event_id).lower(), "row_id": str(person).lower(),
                    "at": at})
    return out


def record_views(db: DbSession, user_id: str, views: list[dict],
                 received: datetime | None = None) -> int:
    """Record files opened on a device; a view already recorded (same id) is skipped.

    A view is dated no later than its receipt: a device's clock cannot date it in the future.
    """
    received = received or utcnow()
    fresh: dict[str, dict] = {}
    for view in views:
        fresh.setdefault(view["event_id"], {**view, "at": min(view["at"], received)})
    ids = list(fresh)
    for i in range(0, len(ids), CHUNK):
        known = db.scalars(select(AuditEvent.event_id).where(
            AuditEvent.event_id.in_(ids[i:i + CHUNK])))
        for event_id in known:
            fresh.pop(event_id, None)
    if fresh:
        db.execute(insert(AuditEvent.__table__), [
            {"at": v["at"], "user_id": user_id, "action": "view",
             "table_name": "beneficiaries", "row_id": v["row_id"],
             "event_id": v["event_id"], "detail": "consultation sur l'appareil"}
            for v in fresh.values()])
    db.commit()
    return len(fresh)


# -- reading the log -----------------------------------------------------------------------
COLUMNS = ("id", "at", "user_id", "user_name", "action", "table", "row_id", "detail")
MAX_EVENTS = 10_000


def events(db: DbSession, person: str | None = None, start: datetime | None = None,
           end: datetime | None = None, *, user: str | None = None, action: str | None = None,
           newest: bool = False, before: int | None = None,
           limit: int = MAX_EVENTS, tenant: str | None = None) -> list[dict]:
    """Return audit events filtered by person, user, kind and time; oldest first by default.

    `newest` lists the latest first, and `before` (an event id) gives the page after one
    already shown: the app's screen pages back through the log this way.
    """
    order = (AuditEvent.id.desc(),) if newest else (AuditEvent.at, AuditEvent.id)
    query = (select(AuditEvent, User.name).outerjoin(User, User.id == AuditEvent.user_id)
             .order_by(*order).limit(limit))
    if tenant is not None:  # a structure's own events, and those of the nightly jobs
        query = query.where(or_(AuditEvent.tenant_id == tenant, AuditEvent.tenant_id.is_(None)))
    if user is not None:
        query = query.where(AuditEvent.user_id == user)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    if person is not None:
        query = query.where(AuditEvent.row_id == person)
    if start is not None:
        query = query.where(AuditEvent.at >= start)
    if end is not None:
        query = query.where(AuditEvent.at <= end)
    return [{"id": e.id, "at": e.at.strftime("%Y-%m-%dT%H:%M:%SZ"), "user_id": e.user_id,
             "user_name": name, "action": e.action, "table": e.table_name,
             "row_id": e.row_id, "detail": e.detail}
            for e, name in db.execute(query)]


def to_csv(items: list[dict]) -> str:
    """Render events as CSV (semicolons, for French spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in items:
        # A cell starting with = + - @ would run as a formula in a spreadsheet.
        writer.writerow([_cell(item[name]) for name in COLUMNS])
    return out.getvalue()


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
