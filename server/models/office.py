"""The office's own records: yearly targets and the audit log."""
import datetime as dt

from sqlalchemy import JSON, DateTime, Index, Integer, String, Text, UniqueConstraint, text
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
    # A push writes one event per row it changes: each index costs every one of them.
    __table_args__ = (
        # Only events sent by a device carry an id; the change events (most rows) stay out.
        Index("uq_audit_events_event_id", "event_id", unique=True,
              postgresql_where=text("event_id IS NOT NULL"),
              sqlite_where=text("event_id IS NOT NULL")),
        # Events arrive in time order: on PostgreSQL a BRIN index costs next to nothing.
        Index("ix_audit_events_at", "at", postgresql_using="brin"),
    )
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[str | None] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(20))
    table_name: Mapped[str | None] = mapped_column(String(50))
    row_id: Mapped[str | None] = mapped_column(String(36), index=True)
    detail: Mapped[str | None] = mapped_column(String(500))
    # The client's id of an event sent from a device (files opened offline): a replay of the
    # same id records nothing new.
    event_id: Mapped[str | None] = mapped_column(String(36))
    # The structure the caller worked in (NULL: the command line and the nightly jobs).
    # Not indexed: the log is read newest first by id, a structure's events among them.
    tenant_id: Mapped[str | None] = mapped_column(String(36), default=current_tenant)
