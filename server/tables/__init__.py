"""One description per synced table (base.py says what a description holds)."""
from .activity import ATTENDANCES, CONTACTS, REFERRALS, SESSIONS
from .base import MARKER, Column, Privacy, Retain, Table
from .catalogue import OFFERS, PARTNERS
from .followup import OUTCOMES, TRAINEES
from .people import ACTION_STEPS, BENEFICIARIES, DIAGNOSTICS, OBJECTIVES

# In the order the sync lists them.
TABLES: dict[str, Table] = {t.name: t for t in (
    PARTNERS, OFFERS, BENEFICIARIES, DIAGNOSTICS, SESSIONS, ATTENDANCES, CONTACTS,
    REFERRALS, ACTION_STEPS, OUTCOMES, TRAINEES, OBJECTIVES)}

__all__ = ["TABLES", "MARKER", "Column", "Privacy", "Retain", "Table"]
