"""Accounts, logins, rotating refresh tokens, devices and rate limits."""
import hmac
import uuid
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_jwt_extended import create_access_token, create_refresh_token, get_jti
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from ..models import ROLES, Device, RateEvent, RefreshToken, User
from ..models.base import utcnow

_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not a real password")


class AuthError(Exception):
    """Login or token refused (401)."""


class RateLimited(Exception):
    """Too many attempts; `retry_after` seconds to wait (429)."""

    def __init__(self, retry_after: int):
        super().__init__("rate limited")
        self.retry_after = retry_after


class DeviceRevoked(Exception):
    """The device was revoked by the coordinator (403 device_revoked)."""


class AccountError(ValueError):
    """An account cannot be created as asked."""


def hash_password(password: str) -> str:
    """Hash a password with Argon2id."""
    return _hasher.hash(password)


def rate_key(kind: str, value: str, secret: str) -> str:
    """Return the rate-limit key of an e-mail or address, keyed so it cannot be reversed."""
    # A bare hash of an IPv4 address is reversed by trying all 2^32 of them: use an HMAC.
    digest = hmac.new(secret.encode(), value.lower().encode("utf-8", "replace"), "sha256")
    return f"{kind}:{digest.hexdigest()[:40]}"


def create_user(session: Session, email: str, name: str, role: str, password: str,
                partner_id: str | None = None) -> tuple[User, bool]:
    """Create the account or update it (idempotent); return (user, created)."""
    if role not in ROLES:
        raise AccountError(f"Rôle inconnu : {role} (attendu : {', '.join(ROLES)}).")
    if "@" not in email or len(email) > 320:
        raise AccountError("Adresse e-mail invalide.")
    if len(password) < 10:
        raise AccountError("Le mot de passe doit faire au moins 10 caractères.")
    email = email.strip().lower()
    user = session.scalars(select(User).where(User.email == email)).first()
    created = user is None
    if created:
        user = User(id=str(uuid.uuid4()), email=email)
        session.add(user)
    user.name, user.role, user.partner_id, user.active = name, role, partner_id, True
    user.password_hash = hash_password(password)
    session.commit()
    return user, created


def rate_count(session: Session, key: str, window: int) -> tuple[int, datetime | None]:
    """Count events under key in the last `window` seconds, with the oldest one's time."""
    since = utcnow() - timedelta(seconds=window)
    count, oldest = session.execute(
        select(func.count(RateEvent.id), func.min(RateEvent.at))
        .where(RateEvent.key == key, RateEvent.at > since)).one()
    return count, oldest


def rate_hit(session: Session, key: str, window: int) -> None:
    """Record one event and forget those older than the window."""
    session.add(RateEvent(key=key))
    session.execute(delete(RateEvent).where(
        RateEvent.key == key, RateEvent.at < utcnow() - timedelta(seconds=window)))


def retry_after(oldest: datetime | None, window: int) -> int:
    """Return the seconds until the oldest event of a full window leaves it."""
    if oldest is None:
        return window
    return max(1, int((oldest + timedelta(seconds=window) - utcnow()).total_seconds()) + 1)


def login(session: Session, config, email: str, password: str, device_id: str,
          device_name: str, client_addr: str) -> dict:
    """Check credentials and open a token family for this device."""
    window, limit = config["LOGIN_WINDOW_SECONDS"], config["LOGIN_MAX_FAILURES"]
    user = session.scalars(select(User).where(User.email == email.strip().lower())).first()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        ok = user is not None and user.active
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        secret = config["SECRET_KEY"]
        keys = (rate_key("login-account", email, secret),
                rate_key("login-addr", client_addr, secret))
        for key in keys:
            rate_hit(session, key, window)
        session.commit()
        worst = max((rate_count(session, key, window) for key in keys), key=lambda c: c[0])
        if worst[0] > limit:
            raise RateLimited(retry_after(worst[1], window))
        raise AuthError("Adresse e-mail ou mot de passe incorrect.")
    device = session.get(Device, device_id)
    if device is not None and device.revoked_at is not None:
        raise DeviceRevoked()
    if device is None or device.user_id != user.id:
        if device is not None:  # the same browser, another person: a new device record
            raise AuthError("Cet appareil est enregistré pour un autre compte.")
        device = Device(id=device_id, user_id=user.id, name=device_name)
        session.add(device)
    device.name, device.last_seen_at = device_name, utcnow()
    tokens = _issue(session, config, user, device_id, str(uuid.uuid4()))
    session.commit()
    return {**tokens, "user": {"id": user.id, "role": user.role, "name": user.name}}


def _issue(session: Session, config, user: User, device_id: str, family: str) -> dict:
    claims = {"role": user.role, "dev": device_id}
    access = create_access_token(identity=user.id, additional_claims=claims)
    refresh = create_refresh_token(identity=user.id, additional_claims={**claims, "fam": family})
    jti = get_jti(refresh)
    session.add(RefreshToken(jti=jti, family_id=family, user_id=user.id, device_id=device_id,
                             expires_at=utcnow() + config["JWT_REFRESH_TOKEN_EXPIRES"]))
    return {"access_token": access, "refresh_token": refresh}


def refresh(session: Session, config, claims: dict) -> dict:
    """Rotate a refresh token; a token used twice revokes its whole family."""
    token = session.get(RefreshToken, claims.get("jti"), with_for_update=True)
    # Revoking a device also revokes its tokens: say why (403) before "revoked token" (401).
    if token is not None:
        check_device(session, token.device_id, token.user_id)
    if token is None or token.revoked_at is not None:
        raise AuthError("Jeton de renouvellement révoqué.")
    if token.used_at is not None:
        session.execute(update(RefreshToken).where(RefreshToken.family_id == token.family_id)
                        .values(revoked_at=utcnow()))
        session.commit()
        raise AuthError("Jeton de renouvellement déjà utilisé : session fermée par sécurité.")
    user = session.get(User, token.user_id)
    if user is None or not user.active:
        raise AuthError("Compte désactivé.")
    check_device(session, token.device_id, user.id)
    token.used_at = utcnow()
    tokens = _issue(session, config, user, token.device_id, token.family_id)
    session.commit()
    return tokens


def logout(session: Session, user_id: str, device_id: str) -> None:
    """Revoke every refresh token of this user on this device."""
    session.execute(update(RefreshToken).where(
        RefreshToken.user_id == user_id, RefreshToken.device_id == device_id,
        RefreshToken.revoked_at.is_(None)).values(revoked_at=utcnow()))
    session.commit()


def check_device(session: Session, device_id: str | None, user_id: str) -> Device | None:
    """Raise DeviceRevoked when the device was revoked."""
    device = session.get(Device, device_id) if device_id else None
    if device is not None and device.revoked_at is not None:
        raise DeviceRevoked()
    return device


def revoke_device(session: Session, device_id: str) -> Device | None:
    """Revoke a device and every refresh token it holds."""
    device = session.get(Device, device_id)
    if device is None:
        return None
    device.revoked_at = device.revoked_at or utcnow()
    session.execute(update(RefreshToken).where(RefreshToken.device_id == device_id)
                    .values(revoked_at=utcnow()))
    session.commit()
    return device
