"""A young person's file: identity and consent, diagnostics, action plan."""
import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import Synced


class Beneficiary(Synced, db.Model):
    """A person supported by the referent (young people first)."""

    __tablename__ = "beneficiaries"
    first_name: Mapped[str | None] = mapped_column(String(200))
    last_name: Mapped[str | None] = mapped_column(String(200))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    commune: Mapped[str | None] = mapped_column(String(200))
    commune_code: Mapped[str | None] = mapped_column(String(5))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(320))
    status: Mapped[str | None] = mapped_column(String(50))
    referred_by: Mapped[str | None] = mapped_column(String(36))
    qpv: Mapped[bool | None] = mapped_column(Boolean)
    frr: Mapped[bool | None] = mapped_column(Boolean)  # France Ruralités Revitalisation
    adapted_transport: Mapped[bool | None] = mapped_column(Boolean)
    education_level: Mapped[str | None] = mapped_column(String(50))
    consent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    consent_scope: Mapped[str | None] = mapped_column(String(200))
    parent_consent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    notes: Mapped[str | None] = mapped_column(Text)


class Diagnostic(Synced, db.Model):
    """A mobility diagnostic; health is a yes/no flag inside `answers`, nothing more."""

    __tablename__ = "diagnostics"
    beneficiary_id: Mapped[str | None] = mapped_column(String(36), index=True)
    date: Mapped[dt.date | None] = mapped_column(Date)
    questionnaire_version: Mapped[int | None] = mapped_column(Integer)
    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    levels: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    stage: Mapped[str | None] = mapped_column(String(20))


class ActionStep(Synced, db.Model):
    """One step of a person's action plan, on the pedagogical path."""

    __tablename__ = "action_steps"
    beneficiary_id: Mapped[str | None] = mapped_column(String(36), index=True)
    stage: Mapped[str | None] = mapped_column(String(20))
    label: Mapped[str | None] = mapped_column(String(500))
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(20))
    offer_id: Mapped[str | None] = mapped_column(String(36))
    partner_id: Mapped[str | None] = mapped_column(String(36))
    done_at: Mapped[dt.date | None] = mapped_column(Date)
    objective_id: Mapped[str | None] = mapped_column(String(36))
    carried_by: Mapped[str | None] = mapped_column(String(20))


class Objective(Synced, db.Model):
    """An objective of a person's plan, tied to a barrier and a stage of the diagnostic."""

    __tablename__ = "objectives"
    beneficiary_id: Mapped[str | None] = mapped_column(String(36), index=True)
    diagnostic_id: Mapped[str | None] = mapped_column(String(36))
    barrier: Mapped[str | None] = mapped_column(String(30))
    stage: Mapped[str | None] = mapped_column(String(20))
    label: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str | None] = mapped_column(String(20))
    reached_at: Mapped[dt.date | None] = mapped_column(Date)
