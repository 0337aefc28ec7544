"""Structures: the ones a user belongs to, and the one this sign-in works in."""
from flask import Blueprint, g

from ..errors import ApiError
from ..extensions import db
from ..jsonbody import read_object
from ..models import LoginSession
from ..services import audit, structures
from .guard import require

bp = Blueprint("structures", __name__)


@bp.get("/structures/mine")
@require()
def mine():
    """List the caller's structures with their role in each, and the active one."""
    return {"active": g.user.structure_id,
            "items": structures.memberships(db.session, g.user.id)}


@bp.post("/structures/active")
@require()
def switch():
    """Work in another of one's structures from now on (the device then syncs it afresh)."""
    body = read_object()
    wanted = body.get("structure_id")
    if set(body) != {"structure_id"} or not isinstance(wanted, str) or len(wanted) > 36:
        raise ApiError("Champ « structure_id » manquant ou invalide.", field="structure_id")
    items = structures.memberships(db.session, g.user.id)
    chosen = next((m for m in items if m["id"] == wanted), None)
    if chosen is None:
        raise ApiError("Vous n'êtes pas membre de cette structure.", 403, code="forbidden")
    # The sign-in's structure is read on every call: the switch holds at once, and the
    # device's data of the other structure is refused from now on (reset: true says so).
    db.session.get(LoginSession, g.family).structure_id = wanted
    audit.log(db.session, g.user.id, "change", "structures", None, ["active"],
              note=f"structure active : {chosen['name'][:100]}")
    db.session.commit()
    return {"active": wanted, "role": chosen["role"], "items": items,
            "reset": wanted != g.user.structure_id}
