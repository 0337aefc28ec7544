"""What changed for a person, and who was trained: the figures funders ask for."""
import datetime as dt

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import Synced


class Outcome(Synced, db.Model):
    """A step forward: code or licence obtained, vehicle found, job, training…"""

    __tablename__ = "outcomes"
    beneficiary_id: Mapped[str | None] = mapped_column(String(36), index=True)
    kind: Mapped[str | None] = mapped_column(String(30))
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    notes: Mapped[str | None] = mapped_column(Text)


class Trainee(Synced, db.Model):
    """A professional from a partner organisation trained in the mobility diagnostic."""

    __tablename__ = "trainees"
    session_id: Mapped[str | None] = mapped_column(String(36), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    partner_id: Mapped[str | None] = mapped_column(String(36))
    job_title: Mapped[str | None] = mapped_column(String(200))
