"""Accounts: the coordinator lists them, disables one in their structure (its tablets there
wipe) or enables it again."""
from flask import Blueprint, g

from sync.envelope import is_clean_text

from ..errors import ApiError
from ..extensions import db
from ..models import Membership, User
from ..services import accounts
from .guard import require

bp = Blueprint("users", __name__)


def _user(user_id: str) -> User:
    # A NUL byte or broken Unicode cannot be a stored id (and PostgreSQL refuses NUL).
    user = db.session.get(User, user_id) if is_clean_text(user_id, 36) else None
    # Another structure's account is unknown here.
    if user is None or db.session.get(Membership, (user.id, g.user.structure_id)) is None:
        raise ApiError("Compte introuvable.", 404)
    return user


@bp.get("/users")
@require("coordinator")
def list_users():
    """List the structure's accounts with their devices in use and when last seen."""
    return {"items": accounts.list_accounts(db.session, g.user.structure_id)}


@bp.post("/users/<user_id>/disable")
@require("coordinator")
def disable(user_id: str):
    """Disable an account in this structure: its sessions here end, its devices here are revoked."""
    user = accounts.disable(db.session, _user(user_id), g.user.id, g.user.structure_id)
    return accounts.describe(db.session, user, g.user.structure_id)


@bp.post("/users/<user_id>/enable")
@require("coordinator")
def enable(user_id: str):
    """Enable an account again in this structure (its old devices stay revoked)."""
    user = accounts.enable(db.session, _user(user_id), g.user.id, g.user.structure_id)
    return accounts.describe(db.session, user, g.user.structure_id)
