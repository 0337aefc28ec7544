"""Devices: the coordinator lists them and revokes a lost tablet."""
from flask import Blueprint, g
from sqlalchemy import select

from sync.envelope import is_clean_text

from ..errors import ApiError
from ..extensions import db
from ..models import Device, User
from ..services.auth import revoke_device
from ..services.sessions import working_for
from .guard import require

bp = Blueprint("devices", __name__)


def _moment(value):
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def _device(device: Device, user: User | None) -> dict:
    return {"id": device.id, "name": device.name, "user_id": device.user_id,
            "user_name": user.name if user else None, "created_at": _moment(device.created_at),
            "last_seen_at": _moment(device.last_seen_at),
            "revoked_at": _moment(device.revoked_at)}


@bp.get("/devices")
@require("coordinator")
def list_devices():
    """List the devices working for the structure, with their owner."""
    rows = db.session.execute(select(Device, User).join(User, User.id == Device.user_id)
                              .where(Device.id.in_(working_for(g.user.structure_id)))
                              .order_by(Device.last_seen_at.desc()))
    return {"items": [_device(device, user) for device, user in rows]}


@bp.post("/devices/<device_id>/revoke")
@require("coordinator")
def revoke(device_id: str):
    """Revoke a device: its sync calls get 403 device_revoked from now on."""
    # A NUL byte or broken Unicode cannot be a stored id (and PostgreSQL refuses NUL).
    # A device working for another structure is unknown here, even one of a person who
    # works for both: revoking it would wipe the other structure's copy.
    owner = db.session.scalar(select(Device.user_id).where(
        Device.id == device_id, Device.id.in_(working_for(g.user.structure_id)))) if (
        is_clean_text(device_id, 200)) else None
    device = revoke_device(db.session, device_id) if owner else None
    if device is None:
        raise ApiError("Appareil introuvable.", 404)
    return _device(device, db.session.get(User, device.user_id))
