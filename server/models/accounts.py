"""People who log in, their devices, sessions and refresh tokens, device rules, rate events."""
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow

ROLES = ("referent", "coordinator", "prescriber", "region")


class User(db.Model):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    partner_id: Mapped[str | None] = mapped_column(String(36))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Device(db.Model):
    """A phone or tablet a user logged in from; revoking it stops its sync."""

    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Random salt of the device's escrow key (derived from the server secret, never stored).
    key_salt: Mapped[str | None] = mapped_column(String(40))


class LoginSession(db.Model):
    """One sign-in on one device: the family of tokens it issued, until revoked or too old."""

    __tablename__ = "login_sessions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the token family id
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The structure this sign-in works in (chosen at login, switchable; see structures.md).
    structure_id: Mapped[str | None] = mapped_column(String(36))


class DeviceSettings(db.Model):
    """The coordinator's rules for every device (one row): locking, passwords, offline time."""

    __tablename__ = "device_settings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    lock_idle_minutes: Mapped[int] = mapped_column(Integer)
    password_hours: Mapped[int] = mapped_column(Integer)
    offline_days: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(36))


class RefreshToken(db.Model):
    """One issued refresh token; a family shares one login, reuse revokes the family."""

    __tablename__ = "refresh_tokens"
    jti: Mapped[str] = mapped_column(String(36), primary_key=True)
    family_id: Mapped[str] = mapped_column(String(36), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    device_id: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class RateEvent(db.Model):
    """A counted event (failed login, call-back request) under a hashed key."""

    __tablename__ = "rate_events"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
