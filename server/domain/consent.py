"""Consent rules: a young person under 15 consents jointly with a parent (CNIL)."""
from datetime import date

from ..reports.periods import age_on

PARENT_CONSENT_AGE = 15
MESSAGE = ("Cette personne a moins de 15 ans : il faut aussi la date du consentement "
           "d'un parent (ou d'un représentant légal).")


def _day(value) -> date | None:
    """Read the day of a wire-format date or moment ("2026-11-25", "2026-11-25T09:30:00Z")."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def check_consent(row: dict, today: date | None = None) -> dict:
    """Refuse a consent without a parent's when the person was under 15 on that day."""
    if not row.get("consent_at") or row.get("parent_consent_at"):
        return {}
    birth = _day(row.get("birth_date"))
    if birth is None:
        return {}
    # The age that matters is the one on the day of consent; today when it is unknown.
    on = _day(row.get("consent_at")) or today or date.today()
    age = age_on(birth, on)
    if age is not None and age < PARENT_CONSENT_AGE:
        return {"parent_consent_at": [MESSAGE]}
    return {}
