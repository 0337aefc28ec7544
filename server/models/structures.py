"""Structures (a Mission Locale, its antennes) and who works in each, with which role."""
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow

# The structure every row of a single-structure install belongs to (made by the migration
# that brought structures in, or at the first start of a fresh database).
DEFAULT_STRUCTURE = "00000000-0000-4000-8000-000000000001"


class Structure(db.Model):
    """A structure whose caseload is its own; an antenne names its parent."""

    __tablename__ = "structures"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    siret: Mapped[str | None] = mapped_column(String(14))
    code_insee: Mapped[str | None] = mapped_column(String(5))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("structures.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Membership(db.Model):
    """A user's role in one structure (a user may belong to several)."""

    __tablename__ = "memberships"
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    structure_id: Mapped[str] = mapped_column(ForeignKey("structures.id"), primary_key=True,
                                              index=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # A structure's coordinator disables an account there only: its other structures are
    # theirs to decide (the account itself, `users.active`, is the server operator's).
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class StructureCommune(db.Model):
    """A commune a structure serves (its territory): a public call-back request from there
    goes to it. A commune is served by one structure at most."""

    __tablename__ = "structure_communes"
    code_insee: Mapped[str] = mapped_column(String(5), primary_key=True)  # official (COG)
    structure_id: Mapped[str] = mapped_column(ForeignKey("structures.id"), index=True)
