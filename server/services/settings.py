"""Device settings: the rules the coordinator sets for every tablet and phone."""
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import DeviceSettings
from ..models.base import utcnow
from . import audit

# name: (lowest, highest, default)
DEVICE_SETTINGS = {
    "lock_idle_minutes": (1, 60, 5),     # the app locks after this long without a touch
    "password_hours": (1, 24, 8),        # the password is asked again after this long
    "offline_days": (1, 90, 14),         # a device out of contact longer locks its data
}
_ROW = 1  # one set of rules for every device


def device_settings(session: Session) -> dict[str, int]:
    """Return the current device settings (the defaults until the coordinator sets them)."""
    row = session.get(DeviceSettings, _ROW)
    return {name: getattr(row, name) if row else default
            for name, (_, _, default) in DEVICE_SETTINGS.items()}


def save_device_settings(session: Session, values: dict[str, int],
                         user_id: str | None) -> dict[str, int]:
    """Store checked settings (every name of DEVICE_SETTINGS), audit the change, commit."""
    for attempt in range(2):
        row = session.get(DeviceSettings, _ROW)
        if row is None:
            row = DeviceSettings(id=_ROW)
            session.add(row)
        changed = [name for name in DEVICE_SETTINGS if getattr(row, name) != values[name]]
        for name in DEVICE_SETTINGS:
            setattr(row, name, values[name])
        row.updated_at, row.updated_by = utcnow(), user_id
        if changed:
            audit.log(session, user_id, "change", "device_settings", None, changed)
        try:
            session.commit()
            break
        except IntegrityError:  # another coordinator saved the first row at the same time
            session.rollback()
            if attempt:
                raise
    return device_settings(session)
