"""Sessions: a sign-in's family of tokens, its absolute lifetime, and the device's escrow key."""
import base64
import hashlib
import hmac
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..models import Device, LoginSession, RefreshToken
from ..models.base import utcnow


def open_session(session: Session, user_id: str, device_id: str) -> LoginSession:
    """Start a session (a new token family) for this account on this device."""
    opened = LoginSession(id=str(uuid.uuid4()), user_id=user_id, device_id=device_id,
                          started_at=utcnow())
    session.add(opened)
    return opened


def ends_at(opened: LoginSession, config) -> datetime:
    """Return when the session ends, however often it was refreshed."""
    return opened.started_at + timedelta(days=config["SESSION_MAX_DAYS"])


def moment(value: datetime | None) -> str | None:
    """Write a stored (naive UTC) time as ISO 8601 with its Z."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def working_for(structure_id: str, user_id: str | None = None):
    """Return a query of the ids of the devices whose latest sign-in works in the structure.

    Such a device holds that structure's files (a switch moves the sign-in, and the app syncs
    the new structure afresh): it is that structure's to list and revoke.
    """
    last = select(LoginSession.device_id, func.max(LoginSession.started_at).label("at"))
    if user_id is not None:
        last = last.where(LoginSession.user_id == user_id)
    last = last.group_by(LoginSession.device_id).subquery()
    return (select(LoginSession.device_id)
            .join(last, (last.c.device_id == LoginSession.device_id)
                  & (last.c.at == LoginSession.started_at))
            .where(LoginSession.structure_id == structure_id))


def revoke_sessions(session: Session, user_id: str | None = None, device_id: str | None = None,
                    family: str | None = None, keep: str | None = None,
                    structure_id: str | None = None) -> int:
    """Revoke the open sessions matching every filter given, and their refresh tokens.

    `keep` names a family left open (the session that asked); `structure_id` keeps to the
    sessions working in that structure. Return how many were closed. The caller commits.
    """
    if user_id is None and device_id is None and family is None:
        raise ValueError("revoke_sessions needs a user, a device or a family")
    now, where, token_where = utcnow(), [LoginSession.revoked_at.is_(None)], []
    for column, token_column, value in (
            (LoginSession.user_id, RefreshToken.user_id, user_id),
            (LoginSession.device_id, RefreshToken.device_id, device_id),
            (LoginSession.id, RefreshToken.family_id, family)):
        if value is not None:
            where.append(column == value)
            token_where.append(token_column == value)
    if keep is not None:
        where.append(LoginSession.id != keep)
        token_where.append(RefreshToken.family_id != keep)
    if structure_id is not None:
        # Read before the sessions are closed: the tokens follow their session's structure.
        families = list(session.scalars(select(LoginSession.id).where(
            *where, LoginSession.structure_id == structure_id)))
        where.append(LoginSession.id.in_(families))
        token_where.append(RefreshToken.family_id.in_(families))
    closed = session.execute(update(LoginSession).where(*where).values(revoked_at=now))
    session.execute(update(RefreshToken).where(*token_where, RefreshToken.revoked_at.is_(None))
                    .values(revoked_at=now))
    return closed.rowcount


def device_key(secret: str, device: Device) -> str:
    """Return the device's escrow key (32 bytes, base64url), the same at every sign-in.

    Derived from the server secret, the device id and the device's random salt, and never
    stored: a copy of the database alone cannot open the data a tablet keeps encrypted.
    """
    if device.key_salt is None:
        device.key_salt = secrets.token_urlsafe(24)
    message = b"device-key\x00" + device.id.encode() + b"\x00" + device.key_salt.encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
