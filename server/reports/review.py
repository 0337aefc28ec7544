"""The qualitative part of the yearly review: highlights, difficulties, quotes given with consent.

Written by the coordinator in the app (PUT /api/reports/review?year=), printed in the yearly
PDF and page after the figures. Quotes carry no name: « une jeune de 19 ans, Saint-Claude ».
"""
from marshmallow import RAISE, Schema, ValidationError, fields, validate
from sqlalchemy.orm import Session as DbSession

from ..models.base import utcnow
from ..models.office import YearReview
from ..tables.fields import StrictBool, Text

MAX_QUOTES = 12


class ReviewError(Exception):
    """A review that cannot be saved: {field: [messages]}."""

    def __init__(self, errors: dict):
        super().__init__("Bilan qualitatif invalide.")
        self.errors = errors


def _consent(value: bool) -> None:
    if value is not True:
        raise ValidationError("Une parole ne se cite qu'avec l'accord de la personne.")


class QuoteSchema(Schema):
    class Meta:
        unknown = RAISE

    text = Text(500, required=True)
    who = Text(100, allow_none=True)
    consent = StrictBool(required=True, validate=_consent)


class ReviewSchema(Schema):
    class Meta:
        unknown = RAISE

    highlights = Text(5000, allow_none=True)
    difficulties = Text(5000, allow_none=True)
    quotes = fields.List(fields.Nested(QuoteSchema), validate=validate.Length(max=MAX_QUOTES))


def _plain(year: int, row: YearReview | None) -> dict:
    if row is None:
        return {"year": year, "highlights": None, "difficulties": None, "quotes": [],
                "updated_at": None}
    return {"year": year, "highlights": row.highlights, "difficulties": row.difficulties,
            "quotes": row.quotes or [],
            "updated_at": row.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ") if row.updated_at
            else None}


def review_for(db: DbSession, year: int, tenant: str) -> dict:
    """Return a structure's qualitative review of a year (empty when not written yet)."""
    return _plain(year, db.get(YearReview, (tenant, year)))


def save_review(db: DbSession, year: int, body: dict, user_id: str | None,
                tenant: str) -> dict:
    """Replace the fields given of a structure's review of a year; return it."""
    try:
        # Partial at the top only: each quote still needs its text and its consent.
        values = ReviewSchema().load(body, partial=("highlights", "difficulties", "quotes"))
    except ValidationError as exc:
        raise ReviewError(exc.messages) from None
    empty = {i: {"text": ["La parole citée est vide."]}
             for i, quote in enumerate(values.get("quotes") or []) if not quote["text"].strip()}
    if empty:
        raise ReviewError({"quotes": empty})
    row = db.get(YearReview, (tenant, year)) or YearReview(tenant_id=tenant, year=year,
                                                           quotes=[])
    for name, value in values.items():
        setattr(row, name, value.strip() or None if isinstance(value, str) else value)
    row.updated_at, row.updated_by = utcnow(), user_id
    db.add(row)
    db.commit()
    return _plain(year, row)
