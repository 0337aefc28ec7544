"""Device settings: every role reads them, the coordinator changes them."""
from flask import Blueprint, g
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from ..errors import ApiError
from ..extensions import db
from ..jsonbody import read_object
from ..services.settings import DEVICE_SETTINGS, device_settings, save_device_settings
from .guard import require

bp = Blueprint("settings", __name__)


class _Whole(fields.Integer):
    """A whole number in range: true, 5.0 or "5" are refused, not guessed."""

    def __init__(self, low: int, high: int):
        super().__init__(strict=True, required=True, validate=validate.Range(
            low, high, error=f"Nombre entier entre {low} et {high} attendu."),
            error_messages={"required": "Champ obligatoire.",
                            "null": "Champ obligatoire.",
                            "invalid": "Nombre entier attendu."})

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


# One field per setting, from the service's table of bounds; unknown keys are refused.
DeviceSettingsSchema = Schema.from_dict(
    {name: _Whole(low, high) for name, (low, high, _) in DEVICE_SETTINGS.items()},
    name="DeviceSettingsSchema")


def _load(body: dict) -> dict:
    try:
        return DeviceSettingsSchema(unknown=RAISE).load(body)
    except ValidationError as exc:
        name = sorted(exc.messages)[0]
        known = name in DEVICE_SETTINGS
        message = exc.messages[name][0] if known else "Champ inconnu."
        # Name an unknown key only when it looks like a field name: never echo a value.
        shown = name if known or name.replace("_", "").isalpha() and len(name) <= 50 else None
        raise ApiError(f"« {shown} » : {message}" if shown else message, 400,
                       **({"field": shown} if shown else {})) from None


@bp.get("/settings/devices")
@require("referent", "coordinator", "prescriber")
def read():
    """Return the rules every device follows."""
    return device_settings(db.session)


@bp.put("/settings/devices")
@require("coordinator")
def write():
    """Replace the rules every device follows (all three values)."""
    return save_device_settings(db.session, _load(read_object()), g.user.id)
