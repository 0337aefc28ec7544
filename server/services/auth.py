"""Accounts, logins, rotating refresh tokens, sessions and devices."""
import unicodedata
import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_jwt_extended import create_access_token, create_refresh_token, get_jti
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import DEFAULT_STRUCTURE, ROLES, Device, LoginSession, Membership, RefreshToken, User
from ..models.base import utcnow
from . import audit
from .passwords import PasswordRefused, check_password
# The call-back endpoint and the tests import the limit helpers from here.
from .ratelimit import (RateLimited, address_of, check_limit, rate_count,  # noqa: F401
                        rate_hit, rate_key, retry_after)
from .sessions import device_key, ends_at, moment, open_session, revoke_sessions
from .settings import device_settings
from . import structures

_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not a real password")


class AuthError(Exception):
    """Login or token refused (401)."""

    code = "unauthorized"


class SessionExpired(AuthError):
    """The session is older than SESSION_MAX_DAYS: sign in again (401 session_expired)."""

    code = "session_expired"


class DeviceRevoked(Exception):
    """The device was revoked by the coordinator (403 device_revoked)."""


class AccountError(ValueError):
    """An account cannot be created or changed as asked (422)."""

    status, code = 422, None

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class WeakPassword(AccountError):
    """The new password breaks the password rule (422 weak_password)."""

    code = "weak_password"


class WrongPassword(AccountError):
    """The current password given to change it is wrong (403 wrong_password)."""

    status, code = 403, "wrong_password"


class OwnAccount(AccountError):
    """A coordinator may not disable their own account (409 own_account)."""

    status, code = 409, "own_account"


def normalise_email(email: str) -> str:
    """Return the e-mail as stored: NFKC, no surrounding spaces, lower case."""
    return unicodedata.normalize("NFKC", email).strip().lower()


def hash_password(password: str) -> str:
    """Hash a password with Argon2id."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; an unknown account (None) costs the same time and fails."""
    try:
        _hasher.verify(password_hash or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    return password_hash is not None


def strong_password(password: str, email: str, field: str = "password") -> str:
    """Return the password, or raise WeakPassword when it breaks the rule."""
    try:
        check_password(password, email)
    except PasswordRefused as exc:
        raise WeakPassword(str(exc), field) from None
    return password


def login_keys(config, email: str, client_addr: str | None) -> tuple[str, str]:
    """Return the failed-login counters of an account (normalised e-mail) and an address."""
    secret = config["SECRET_KEY"]
    return (rate_key("login-account", normalise_email(email), secret),
            rate_key("login-addr", address_of(client_addr), secret))


def check_login_limit(session: Session, config, keys) -> None:
    """Raise RateLimited, before any password is checked, when a counter is full."""
    check_limit(session, keys, config["LOGIN_WINDOW_SECONDS"], config["LOGIN_MAX_FAILURES"])


def count_failure(session: Session, config, keys) -> None:
    """Record one failed password under each counter, and commit."""
    for key in keys:
        rate_hit(session, key, config["LOGIN_WINDOW_SECONDS"])
    session.commit()


def create_user(session: Session, email: str, name: str, role: str, password: str,
                partner_id: str | None = None,
                structure_id: str | None = None) -> tuple[User, bool]:
    """Create the account or update it (idempotent), a member of the structure (by default
    the default one) with this role; return (user, created)."""
    if role not in ROLES:
        raise AccountError(f"Rôle inconnu : {role} (attendu : {', '.join(ROLES)}).")
    email = normalise_email(email)
    if "@" not in email or len(email) > 320:
        raise AccountError("Adresse e-mail invalide.")
    strong_password(password, email)
    user = session.scalars(select(User).where(User.email == email)).first()
    created = user is None
    if created:
        user = User(id=str(uuid.uuid4()), email=email)
        session.add(user)
        changed = []
    else:
        changed = [n for n, v in (("name", name), ("role", role), ("partner_id", partner_id),
                                  ("active", True)) if getattr(user, n) != v]
        if not verify_password(user.password_hash, password):
            changed.append("password")
    user.name, user.role, user.partner_id, user.active = name, role, partner_id, True
    if created or "password" in changed:
        user.password_hash = hash_password(password)
    if structure_id is None:
        structures.ensure_default(session)
    session.flush()
    member = session.get(Membership, (user.id, structure_id or DEFAULT_STRUCTURE))
    if member is not None and member.role != role and "role" not in changed:
        changed.append("role")
    structures.join(session, user, structure_id or DEFAULT_STRUCTURE, role)
    if {"password", "role", "active"} & set(changed):
        # Sessions opened under the old password, role or a disabled account end now.
        revoke_sessions(session, user_id=user.id)
    if changed:
        audit.log(session, None, "change", "users", user.id, changed,
                  note="compte mis à jour (ligne de commande)")
    session.commit()
    return user, created


def login(session: Session, config, email: str, password: str, device_id: str,
          device_name: str, client_addr: str | None, structure_id: str | None = None) -> dict:
    """Check credentials and open a session (a token family) for this device, working in
    the structure asked for (else the account's first)."""
    keys = login_keys(config, email, client_addr)
    # Before any hash is checked: a full counter costs an attacker no Argon2 time of ours,
    # and even the right password waits.
    check_login_limit(session, config, keys)
    user = session.scalars(select(User).where(User.email == normalise_email(email))).first()
    right = verify_password(user.password_hash if user else None, password)
    mine = structures.memberships(session, user.id) if right and user.active else []
    # An account disabled in every one of its structures is a disabled account.
    if not mine:
        count_failure(session, config, keys)
        raise AuthError("Adresse e-mail ou mot de passe incorrect.")
    device = session.get(Device, device_id)
    if device is not None and device.revoked_at is not None:
        raise DeviceRevoked()
    if device is None:
        device = Device(id=device_id, user_id=user.id, name=device_name)
        session.add(device)
    elif device.user_id != user.id:  # the same browser, another person: a new device record
        raise AuthError("Cet appareil est enregistré pour un autre compte.")
    try:
        active = structures.choose(mine, structure_id)
    except structures.NotMember:
        raise AuthError("Ce compte n'a pas accès à cette structure.") from None
    device.name, device.last_seen_at = device_name, utcnow()
    opened = open_session(session, user.id, device_id)
    opened.structure_id = active
    role = next(m["role"] for m in mine if m["id"] == active)
    answer = {**_issue(session, config, user, opened, role),
              "user": {"id": user.id, "role": role, "name": user.name},
              "structure": active, "structures": mine,
              "device_key": device_key(config["SECRET_KEY"], device),
              "device_settings": device_settings(session)}
    session.commit()
    return answer


def _issue(session: Session, config, user: User, opened: LoginSession, role: str) -> dict:
    # No access token outlives its session. A refresh token keeps its own lifetime, so that
    # one presented after the session's end reaches the check that says session_expired
    # (an expired token would only be "invalid").
    left = ends_at(opened, config) - utcnow()
    claims = {"role": role, "dev": opened.device_id, "fam": opened.id}
    access = create_access_token(identity=user.id, additional_claims=claims, expires_delta=min(
        config["JWT_ACCESS_TOKEN_EXPIRES"], left))
    lifetime = config["JWT_REFRESH_TOKEN_EXPIRES"]
    refresh = create_refresh_token(identity=user.id, additional_claims=claims,
                                   expires_delta=lifetime)
    session.add(RefreshToken(jti=get_jti(refresh), family_id=opened.id, user_id=user.id,
                             device_id=opened.device_id, expires_at=utcnow() + lifetime))
    return {"access_token": access, "refresh_token": refresh,
            "session_expires_at": moment(ends_at(opened, config))}


def refresh(session: Session, config, claims: dict) -> dict:
    """Rotate a refresh token; a token used twice revokes its whole session."""
    token = session.get(RefreshToken, claims.get("jti"), with_for_update=True)
    if token is None:
        raise AuthError("Jeton de renouvellement révoqué.")
    # Revoking a device also revokes its tokens: say why (403) before "revoked token" (401).
    device = check_device(session, token.device_id)
    opened = session.get(LoginSession, token.family_id)
    if opened is None or token.revoked_at is not None or opened.revoked_at is not None:
        raise AuthError("Jeton de renouvellement révoqué.")
    if token.used_at is not None:
        # Stolen and replayed, or replayed by the thief: close the session everywhere at once.
        revoke_sessions(session, family=token.family_id)
        session.commit()
        raise AuthError("Jeton de renouvellement déjà utilisé : session fermée par sécurité.")
    user = session.get(User, token.user_id)
    if user is None or not user.active:
        raise AuthError("Compte désactivé.")
    if ends_at(opened, config) <= utcnow():
        raise SessionExpired("Session expirée : reconnectez-vous.")
    member = session.get(Membership, (user.id, opened.structure_id))
    if member is None or not member.active:
        raise AuthError("Ce compte n'a plus accès à cette structure.")
    token.used_at = utcnow()
    if device is not None:
        device.last_seen_at = token.used_at
    answer = {**_issue(session, config, user, opened, member.role),
              "device_settings": device_settings(session)}
    session.commit()
    return answer


def check_access(session: Session, config, identity, claims: dict) -> structures.Actor:
    """Return the caller of an access token whose session, account, device and membership
    still hold, in the structure the session works in.

    One query by primary keys per request, so logging out, disabling an account, leaving a
    structure or a replayed refresh token stops the session's access tokens at once.
    """
    family, device_id = claims.get("fam"), claims.get("dev")
    if not isinstance(family, str) or not isinstance(device_id, str):
        raise AuthError("Jeton d'une ancienne version : reconnectez-vous.")
    row = session.execute(
        select(User, LoginSession, Device.revoked_at, Membership.role)
        .join(User, User.id == LoginSession.user_id)
        .outerjoin(Device, Device.id == LoginSession.device_id)
        .outerjoin(Membership, (Membership.user_id == LoginSession.user_id)
                   & (Membership.structure_id == LoginSession.structure_id)
                   & Membership.active.is_(True))
        .where(LoginSession.id == family)).first()
    if row is None or row[0].id != identity or row[1].device_id != device_id:
        raise AuthError("Session inconnue.")
    user, opened, device_revoked_at, role = row
    if device_revoked_at is not None:
        raise DeviceRevoked()
    if not user.active:
        raise AuthError("Compte désactivé.")
    if opened.revoked_at is not None:
        raise AuthError("Session fermée.")
    if ends_at(opened, config) <= utcnow():
        raise SessionExpired("Session expirée : reconnectez-vous.")
    if role is None:
        raise AuthError("Ce compte n'a plus accès à cette structure.")
    return structures.actor(user, opened.structure_id, role)


def logout(session: Session, user_id: str, device_id: str) -> None:
    """Close every session of this user on this device (tokens stop working at once)."""
    revoke_sessions(session, user_id=user_id, device_id=device_id)
    session.commit()


def check_device(session: Session, device_id: str | None) -> Device | None:
    """Raise DeviceRevoked when the device was revoked."""
    device = session.get(Device, device_id) if device_id else None
    if device is not None and device.revoked_at is not None:
        raise DeviceRevoked()
    return device


def revoke_device(session: Session, device_id: str) -> Device | None:
    """Revoke a device, its sessions and every refresh token it holds."""
    device = session.get(Device, device_id)
    if device is None:
        return None
    device.revoked_at = device.revoked_at or utcnow()
    revoke_sessions(session, device_id=device_id)
    session.commit()
    return device

