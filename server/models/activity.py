"""What happens in the field: sessions, attendance, contacts, referrals."""
import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import Synced


class Session(Synced, db.Model):
    """A drop-in (permanence), workshop or training session."""

    __tablename__ = "sessions"
    kind: Mapped[str | None] = mapped_column(String(30))
    title: Mapped[str | None] = mapped_column(String(300))
    starts_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    place: Mapped[str | None] = mapped_column(String(300))
    action: Mapped[str | None] = mapped_column(String(50))
    public: Mapped[bool | None] = mapped_column(Boolean)
    anonymous_count: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)


class Attendance(Synced, db.Model):
    """Who came to a session; one row per (session, person), tombstones included."""

    __tablename__ = "attendances"
    __table_args__ = (UniqueConstraint("session_id", "beneficiary_id"),)
    session_id: Mapped[str | None] = mapped_column(String(36))
    beneficiary_id: Mapped[str | None] = mapped_column(String(36), index=True)
    present: Mapped[bool | None] = mapped_column(Boolean)


class Contact(Synced, db.Model):
    """A phone call, web request, visit or e-mail: counted toward the 100-contacts target."""

    __tablename__ = "contacts"
    date: Mapped[dt.datetime | None] = mapped_column(DateTime)
    channel: Mapped[str | None] = mapped_column(String(20))
    audience: Mapped[str | None] = mapped_column(String(20))
    subject: Mapped[str | None] = mapped_column(String(500))
    orientation: Mapped[str | None] = mapped_column(Text)
    beneficiary_id: Mapped[str | None] = mapped_column(String(36), index=True)
    partner_id: Mapped[str | None] = mapped_column(String(36))
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(320))
    callback_status: Mapped[str | None] = mapped_column(String(20))
    notes: Mapped[str | None] = mapped_column(Text)
    self_test: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Referral(Synced, db.Model):
    """A partner professional sends a young person to the referent."""

    __tablename__ = "referrals"
    prescriber_id: Mapped[str | None] = mapped_column(String(36), index=True)
    # Former prescribers (",id1,id2,"): their devices get the row as a deletion.
    scope_trail: Mapped[str | None] = mapped_column(Text)
    partner_id: Mapped[str | None] = mapped_column(String(36))
    beneficiary_id: Mapped[str | None] = mapped_column(String(36))
    first_name: Mapped[str | None] = mapped_column(String(200))
    last_name: Mapped[str | None] = mapped_column(String(200))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(320))
    commune: Mapped[str | None] = mapped_column(String(200))
    commune_code: Mapped[str | None] = mapped_column(String(5))
    situation: Mapped[str | None] = mapped_column(Text)
    needs: Mapped[str | None] = mapped_column(Text)
    contact_preference: Mapped[str | None] = mapped_column(String(20))
    consent: Mapped[bool | None] = mapped_column(Boolean)
    status: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Set by the daily job when the referent is reminded of an unanswered referral.
    reminded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    refusal_reason: Mapped[str | None] = mapped_column(String(30))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
