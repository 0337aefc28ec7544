"""The office's own records: yearly targets and the audit log."""
import datetime as dt

from sqlalchemy import JSON, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..rls import current_tenant  # the caller's, read at insert time
from .base import utcnow


class Target(db.Model):
    """A structure's yearly target (e.g. 50 young people referred)."""

    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("tenant_id", "year", "key",
                                       name="uq_targets_tenant_year_key"),)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(String(36))
    year: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(30))
    value: Mapped[int] = mapped_column(Integer)


class YearReview(db.Model):
    """The qualitative part of a structure's year review, written by its coordinator."""

    __tablename__ = "year_reviews"
    tenant_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    highlights: Mapped[str | None] = mapped_column(Text)
    difficulties: Mapped[str | None] = mapped_column(Text)
    # [{"text", "who", "consent": true}]: words given with the person's consent, no name.
    quotes: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    updated_by: Mapped[str | None] = mapped_column(String(36))


class AuditEvent(db.Model):
    """Who read or changed a person's file: names of fields, never their values."""

    __tablename__ = "audit_events"
    __table_args__ = (UniqueConstraint("event_id", name="uq_audit_events_event_id"),)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[str | None] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(20))
    table_name: Mapped[str | None] = mapped_column(String(50))
    row_id: Mapped[str | None] = mapped_column(String(36), index=True)
    detail: Mapped[str | None] = mapped_column(String(500))
    # The client's id of an event sent from a device (files opened offline): a replay of the
    # same id records nothing new.
    event_id: Mapped[str | None] = mapped_column(String(36))
    # The structure the caller worked in (NULL: the command line and the nightly jobs).
    tenant_id: Mapped[str | None] = mapped_column(String(36), index=True,
                                                  default=current_tenant)
