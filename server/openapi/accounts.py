"""Schemas of sessions, accounts, passwords and device settings."""
from ..models import ROLES
from ..services.settings import DEVICE_SETTINGS
from .jsonschema import NO_NUL, UUID

_MOMENT = {"type": "string", "description": "ISO 8601 in UTC, e.g. 2026-11-25T09:30:00Z."}
_NULLABLE_MOMENT = {**_MOMENT, "type": ["string", "null"]}


def _closed(props: dict, required=None) -> dict:
    return {"type": "object", "additionalProperties": False, "properties": props,
            "required": list(props if required is None else required)}


def _secret(description: str) -> dict:
    return {"type": "string", "minLength": 1, "maxLength": 1000, "pattern": NO_NUL,
            "description": description}


DEVICE_SETTINGS_SCHEMA = _closed({
    name: {"type": "integer", "minimum": low, "maximum": high, "default": default}
    for name, (low, high, default) in DEVICE_SETTINGS.items()})
DEVICE_SETTINGS_SCHEMA["description"] = (
    "lock_idle_minutes: lock after that long untouched; password_hours: ask the password "
    "again after that long; offline_days: a device without contact that long locks its data.")
TOKENS = _closed({
    "access_token": {"type": "string"}, "refresh_token": {"type": "string"},
    "session_expires_at": {**_MOMENT, "description": "End of the session (SESSION_MAX_DAYS "
                                                     "after sign-in): sign in again then."},
    "device_settings": DEVICE_SETTINGS_SCHEMA})
MEMBERSHIPS = {"type": "array", "items": _closed({
    "id": UUID, "name": {"type": "string"}, "role": {"enum": list(ROLES)}})}
SESSION = _closed({
    **TOKENS["properties"],
    "user": _closed({"id": UUID, "name": {"type": "string"}, "role": {"enum": list(ROLES)}}),
    "structure": {**UUID, "description": "The structure this sign-in works in."},
    "structures": {**MEMBERSHIPS, "description": "The account's structures and its role in "
                                                 "each."},
    "device_key": {"type": "string", "pattern": "^[A-Za-z0-9_-]{43}$",
                   "description": "32 bytes, base64url: this device's escrow key, the same at "
                                  "every sign-in of the device, never stored by the server."}})
PASSWORD_CHANGE = _closed({
    "current_password": _secret("The password in use (a wrong one counts as a failed login)."),
    "new_password": _secret("At least 12 characters, not a common password, not built on the "
                            "service's name or the e-mail.")})
DEVICE_STATUS_REQUEST = _closed({"device_id": {
    "type": "string", "minLength": 1, "maxLength": 200, "pattern": NO_NUL}})
DEVICE_STATUS = _closed({"revoked": {"const": False}})
ACCOUNT = _closed({
    "id": UUID, "email": {"type": "string"}, "name": {"type": "string"},
    "role": {"enum": list(ROLES)}, "partner_id": {"type": ["string", "null"]},
    "active": {"type": "boolean"}, "created_at": _NULLABLE_MOMENT,
    "devices": {"type": "integer", "minimum": 0, "description": "Devices not revoked."},
    "last_seen_at": {**_NULLABLE_MOMENT, "description": "Last sign-in or refresh of any of "
                                                        "its devices."}})
ACCOUNTS = _closed({"items": {"type": "array", "items": ACCOUNT}})
MINE = _closed({"active": UUID, "items": MEMBERSHIPS})
SWITCH_REQUEST = _closed({"structure_id": {"type": "string", "minLength": 1, "maxLength": 36,
                                           "pattern": NO_NUL}})
SWITCHED = _closed({"active": UUID, "role": {"enum": list(ROLES)}, "items": MEMBERSHIPS,
                    "reset": {"type": "boolean", "description": "True when the structure "
                              "changed: the device clears its caseload and syncs afresh."}})
