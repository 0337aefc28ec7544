"""The sync contract: exchange, push, pull, conflicts (see docs/sync-protocol.md)."""
import re

from flask import Blueprint, current_app, g, request

from sync import Engine
from sync.envelope import canonical_uuid

from ..errors import ApiError
from ..extensions import db
from ..jsonbody import read_json, read_object
from ..models.base import utcnow
from ..services import audit
from ..services.audit import log_changes, log_resolution
from ..services.audit_reads import log_delivery
from ..services.renamed_fields import upgrade_push
from ..services.sync_store import SqlStore
from .guard import require

bp = Blueprint("sync", __name__)


def engine() -> Engine:
    return current_app.extensions["sync_engine"]


def store() -> SqlStore:
    return SqlStore(db.session, engine().specs, tenant=g.user.structure_id)


def _views(body) -> list[dict]:
    """The files opened offline that ride along an exchange; checked before any write."""
    if not isinstance(body, dict) or not body.get("views"):
        return []
    if g.user.role not in audit.VIEWER_ROLES:
        raise ApiError("Seules la référente et la coordination envoient des consultations.",
                       403, code="forbidden")
    try:
        return audit.parse_views(body)
    except audit.ViewsError as exc:
        raise ApiError(str(exc), field=exc.field) from None


@bp.post("/sync/exchange")
@require()
def exchange():
    """Push, record the files opened, and answer the first pull page: one round trip."""
    body = read_json()
    views = _views(body)
    answer = engine().exchange(
        store(), g.user, body, origin=g.device_id,
        on_changes=lambda changes: log_changes(db.session, g.user, changes))
    if views:  # idempotent by view id, like the mutations: a replay records nothing new
        audit.record_views(db.session, g.user.id, views, utcnow())
    log_delivery(db.session, g.user.id, g.device_id, answer["changes"], "synchronisation")
    if answer.get("conflicts"):
        log_delivery(db.session, g.user.id, g.device_id, answer["conflicts"],
                     "liste des conflits")
    return answer


@bp.post("/sync/push")
@require()
def push():
    """Apply a batch of mutations; each gets its own result."""
    # The token's device, not the body's client_id: own writes must be proven, not claimed.
    body = upgrade_push(read_json())
    # The audit log is written in the push's own transaction, from what the engine applied.
    return engine().push(store(), g.user, body, origin=g.device_id,
                         on_changes=lambda changes: log_changes(db.session, g.user, changes))


@bp.get("/sync/pull")
@require()
def pull():
    """Return the changes after a cursor, a page at a time."""
    raw_limit = request.args.get("limit", "500")
    # fullmatch on ASCII digits: str.isdigit() also accepts "²", which int() then refuses.
    if not re.fullmatch(r"[0-9]{1,4}", raw_limit) or not 1 <= int(raw_limit) <= 1000:
        raise ApiError("limit doit être un entier de 1 à 1000.", field="limit")
    table = request.args.get("table") or None
    if table is not None and table not in engine().specs:
        raise ApiError("table doit être le nom d'une table synchronisée.", field="table")
    page = engine().pull(store(), g.user, request.args.get("cursor"), int(raw_limit), table)
    log_delivery(db.session, g.user.id, g.device_id, page["changes"], "synchronisation")
    return page


@bp.get("/sync/digest")
@require()
def digest():
    """Count and hash, per table, what the device should hold at its cursor (no values)."""
    return engine().digest(store(), g.user, request.args.get("cursor"))


@bp.get("/sync/conflicts")
@require("referent", "coordinator")
def conflicts():
    """List conflicts, open ones unless ?status=resolved, or soft ones to review (?status=review)."""
    status = request.args.get("status", "open")
    if status not in ("open", "resolved", "review"):
        raise ApiError("status doit valoir « open », « resolved » ou « review ».", field="status")
    items = engine().conflicts(store(), g.user, status)
    log_delivery(db.session, g.user.id, g.device_id, items, "liste des conflits")
    return {"items": items}


@bp.post("/sync/conflicts/<conflict_id>/seen")
@require("referent", "coordinator")
def seen(conflict_id: str):
    """Close a soft conflict (two devices, different fields) once someone has looked at it."""
    if canonical_uuid(conflict_id) is None:
        raise ApiError("Relecture introuvable.", 404, code="conflict_not_found")
    return engine().seen(store(), g.user, conflict_id)


@bp.post("/sync/conflicts/<conflict_id>/resolve")
@require("referent", "coordinator")
def resolve(conflict_id: str):
    """Write the chosen values as a new version and close the conflict."""
    body = read_object()
    # Conflict ids are UUIDs; anything else (a NUL byte breaks PostgreSQL) cannot exist.
    if canonical_uuid(conflict_id) is None:
        raise ApiError("Conflit introuvable.", 404, code="conflict_not_found")
    result = engine().resolve(store(), g.user, conflict_id, body.get("fields"),
                              origin=g.device_id)
    log_resolution(db.session, g.user.id, conflict_id, body["fields"])
    return result


