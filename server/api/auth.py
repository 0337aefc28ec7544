"""Login, token rotation and logout."""
from flask import Blueprint, current_app, g, request
from flask_jwt_extended import get_jwt, verify_jwt_in_request

from ..errors import ApiError
from ..extensions import db
from ..jsonbody import read_object
from ..services import auth as service
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


@bp.post("/auth/login")
def login():
    """Exchange e-mail and password for tokens bound to a device."""
    body = read_object()
    email = _text(body, "email", 320)
    password = _text(body, "password", 1000)
    device_id = _text(body, "device_id", 200)
    device_name = _text(body, "device_name", 200, required=False) or "Appareil"
    return service.login(db.session, current_app.config, email, password, device_id,
                         device_name, request.remote_addr or "?")


@bp.post("/auth/refresh")
def refresh():
    """Rotate the refresh token (Bearer) and return a new pair."""
    verify_jwt_in_request(refresh=True)
    return service.refresh(db.session, current_app.config, get_jwt())


@bp.post("/auth/logout")
@require()
def logout():
    """Close this device's session: its refresh tokens stop working."""
    service.logout(db.session, g.user.id, g.device_id)
    return {"status": "ok"}
