"""Login, token rotation, logout, password change, and a device asking if it was revoked."""
import re

from flask import Blueprint, current_app, g, request
from flask_jwt_extended import get_jwt, verify_jwt_in_request

from ..errors import ApiError
from ..extensions import db
from ..jsonbody import read_object
from ..services import auth as service
from ..services.accounts import change_password
from ..services.ratelimit import address_of, check_limit, rate_hit, rate_key
from .guard import require

bp = Blueprint("auth", __name__)


def _text(body: dict, name: str, max_len: int, required: bool = True) -> str:
    value = body.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value or len(value) > max_len or "\x00" in value:
        raise ApiError(f"Champ « {name} » manquant ou invalide.", 400, field=name)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ApiError(f"Champ « {name} » invalide.", 400, field=name) from None
    return value


def _only(body: dict, *names: str) -> None:
    """Refuse fields this endpoint does not know (a typo must not pass silently)."""
    unknown = sorted(set(body) - set(names))
    if unknown:
        # Name it only when it looks like a field name: a key is echoed, a value never.
        name = unknown[0] if re.fullmatch(r"[A-Za-z_]{1,50}", unknown[0]) else None
        raise ApiError(f"Champ « {name} » inconnu." if name else "Champ inconnu.", 400,
                       **({"field": name} if name else {}))


@bp.post("/auth/login")
def login():
    """Exchange e-mail and password for tokens bound to a device."""
    body = read_object()
    email = _text(body, "email", 320)
    password = _text(body, "password", 1000)
    device_id = _text(body, "device_id", 200)
    device_name = _text(body, "device_name", 200, required=False) or "Appareil"
    structure = _text(body, "structure_id", 36, required=False) or None
    return service.login(db.session, current_app.config, email, password, device_id,
                         device_name, request.remote_addr, structure)


@bp.post("/auth/refresh")
def refresh():
    """Rotate the refresh token (Bearer) and return a new pair."""
    verify_jwt_in_request(refresh=True)
    return service.refresh(db.session, current_app.config, get_jwt())


@bp.post("/auth/logout")
@require()
def logout():
    """Close this device's session: its access and refresh tokens stop working at once."""
    service.logout(db.session, g.user.id, g.device_id)
    return {"status": "ok"}


@bp.post("/auth/password")
@require()
def password():
    """Change one's own password; the other sessions of the account end."""
    body = read_object()
    _only(body, "current_password", "new_password")
    current = _text(body, "current_password", 1000)
    new = _text(body, "new_password", 1000)
    change_password(db.session, current_app.config, g.user.account, current, new, g.family,
                    request.remote_addr)
    return {"status": "ok"}


@bp.post("/auth/device-status")
def device_status():
    """Tell a device whose session ended whether it was revoked (so that it wipes itself)."""
    body = read_object()
    _only(body, "device_id")
    device_id = _text(body, "device_id", 200)
    config, window = current_app.config, 3600
    key = rate_key("device-status-addr", address_of(request.remote_addr), config["SECRET_KEY"])
    check_limit(db.session, [key], window, config["DEVICE_STATUS_MAX_PER_HOUR"])
    rate_hit(db.session, key, window)
    db.session.commit()
    # An unknown device is simply not revoked: the answer reveals nothing about others.
    service.check_device(db.session, device_id)
    return {"revoked": False}
