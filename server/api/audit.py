"""The audit log: files opened on devices come in; the coordinator reads and exports it."""
from datetime import datetime, time

from flask import Blueprint, Response, g, jsonify, request

from sync.envelope import canonical_uuid

from ..errors import ApiError
from ..extensions import db
from ..jsonbody import read_object
from ..models.base import utcnow
from ..services import audit
from .args import day_arg
from .guard import require

bp = Blueprint("audit", __name__)
# Who opened which file is personal data itself: no browser or proxy cache keeps it.
PRIVATE = {"Cache-Control": "no-store"}


@bp.post("/audit/views")
@require(*audit.VIEWER_ROLES)
def views():
    """Record the files a user opened (offline too); a replayed id records nothing new."""
    try:
        parsed = audit.parse_views(read_object())
    except audit.ViewsError as exc:
        raise ApiError(str(exc), field=exc.field) from None
    return {"recorded": audit.record_views(db.session, g.user.id, parsed, utcnow())}


def _bound(name: str, end: bool) -> datetime | None:
    day = day_arg(name)
    return None if day is None else datetime.combine(day, time.max if end else time.min)


def _uuid_arg(name: str, what: str) -> str | None:
    value = request.args.get(name)
    if not value:
        return None
    found = canonical_uuid(value)
    if found is None:
        raise ApiError(f"« {name} » doit être l'identifiant (UUID) {what}.", field=name)
    return found


# Event ids are PostgreSQL `integer`s: a larger `before` would fail in the database (a 500).
MAX_ID = 2**31 - 1


def _int_arg(name: str, low: int, high: int) -> int | None:
    value = request.args.get(name)
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and low <= int(value) <= high):
        raise ApiError(f"« {name} » doit être un nombre entier de {low} à {high}.", field=name)
    return int(value)


def _filtered(kind: str) -> list[dict]:
    person = _uuid_arg("person", "d'une personne")
    user = _uuid_arg("user", "d'un compte")
    action = request.args.get("kind") or None
    if action is not None and action not in audit.ACTIONS:
        raise ApiError("« kind » doit être l'un de : " + ", ".join(audit.ACTIONS) + ".",
                       field="kind")
    order = request.args.get("order") or "oldest"
    if order not in ("oldest", "recent"):
        raise ApiError("« order » doit être « oldest » ou « recent ».", field="order")
    start, end = _bound("from", False), _bound("to", True)
    if start and end and end < start:
        raise ApiError("« to » doit venir après « from ».", field="to")
    found = audit.events(db.session, person, start, end, user=user, action=action,
                         newest=order == "recent", before=_int_arg("before", 1, MAX_ID),
                         limit=_int_arg("limit", 1, audit.MAX_EVENTS) or audit.MAX_EVENTS,
                         tenant=g.user.structure_id)
    # Reading the log is itself logged: which filters, never what they hold or what was read.
    used = [name for name in ("person", "user", "kind", "from", "to") if request.args.get(name)]
    audit.log(db.session, g.user.id, "read", "audit_events", person, used,
              note=f"lecture du journal ({kind})")
    db.session.commit()
    return found


@bp.get("/audit")
@require("coordinator")
def list_events():
    """List audit events (oldest first), by person and period."""
    response = jsonify(_filtered("json"))
    response.headers.update(PRIVATE)
    return response


@bp.get("/audit.csv")
@require("coordinator")
def events_csv():
    """Download the audit events as CSV (same filters)."""
    return Response(audit.to_csv(_filtered("csv")), mimetype="text/csv",
                    headers={**PRIVATE,
                             "Content-Disposition": 'attachment; filename="journal.csv"'})
