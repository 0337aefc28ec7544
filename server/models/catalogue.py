"""The offer catalogue, on the data·inclusion v1 structure/service schema."""
from datetime import date


from sqlalchemy import JSON, Boolean, Date, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import Synced


class Partner(Synced, db.Model):
    """A partner organisation (data·inclusion *structure*)."""

    __tablename__ = "partners"
    nom: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    siret: Mapped[str | None] = mapped_column(String(14))
    commune: Mapped[str | None] = mapped_column(String(200))
    code_postal: Mapped[str | None] = mapped_column(String(5))
    code_insee: Mapped[str | None] = mapped_column(String(5))
    adresse: Mapped[str | None] = mapped_column(String(500))
    longitude: Mapped[float | None] = mapped_column(Float)
    latitude: Mapped[float | None] = mapped_column(Float)
    telephone: Mapped[str | None] = mapped_column(String(50))
    courriel: Mapped[str | None] = mapped_column(String(320))
    site_web: Mapped[str | None] = mapped_column(String(500))
    horaires_accueil: Mapped[str | None] = mapped_column(String(500))
    horaires_texte: Mapped[str | None] = mapped_column(String(1000))
    accessibilite_lieu: Mapped[str | None] = mapped_column(String(500))
    date_maj: Mapped[date | None] = mapped_column(Date)
    # Freshness: when the office last checked it, and how often it must be checked.
    last_checked_at: Mapped[date | None] = mapped_column(Date)
    check_every_days: Mapped[int | None] = mapped_column(Integer)


class Offer(Synced, db.Model):
    """A mobility offer (data·inclusion *service*)."""

    __tablename__ = "offers"
    structure_id: Mapped[str | None] = mapped_column(String(36), index=True)
    nom: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    falc: Mapped[str | None] = mapped_column(Text)
    date_maj: Mapped[date | None] = mapped_column(Date)
    type: Mapped[str | None] = mapped_column(String(50))
    thematiques: Mapped[list[str] | None] = mapped_column(JSON)
    frais: Mapped[str | None] = mapped_column(String(20))
    frais_precisions: Mapped[str | None] = mapped_column(Text)
    publics: Mapped[list[str] | None] = mapped_column(JSON)
    publics_precisions: Mapped[str | None] = mapped_column(Text)
    conditions_acces: Mapped[str | None] = mapped_column(Text)
    zone_eligibilite: Mapped[list[str] | None] = mapped_column(JSON)
    adresse: Mapped[str | None] = mapped_column(String(500))
    commune: Mapped[str | None] = mapped_column(String(200))
    code_postal: Mapped[str | None] = mapped_column(String(5))
    code_insee: Mapped[str | None] = mapped_column(String(5))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    telephone: Mapped[str | None] = mapped_column(String(50))
    courriel: Mapped[str | None] = mapped_column(String(320))
    site_web: Mapped[str | None] = mapped_column(String(500))
    modes_accueil: Mapped[list[str] | None] = mapped_column(JSON)
    modes_mobilisation: Mapped[list[str] | None] = mapped_column(JSON)
    mobilisable_par: Mapped[list[str] | None] = mapped_column(JSON)
    lien_mobilisation: Mapped[str | None] = mapped_column(String(500))
    horaires_accueil: Mapped[str | None] = mapped_column(String(500))
    horaires_texte: Mapped[str | None] = mapped_column(String(1000))
    lieu_accessible: Mapped[bool | None] = mapped_column(Boolean)
    age_min: Mapped[int | None] = mapped_column(Integer)
    age_max: Mapped[int | None] = mapped_column(Integer)
    last_checked_at: Mapped[date | None] = mapped_column(Date)
    check_every_days: Mapped[int | None] = mapped_column(Integer)


