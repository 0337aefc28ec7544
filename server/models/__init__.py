"""Typed SQLAlchemy models; SYNCED maps each synced table name to its model."""
from .accounts import (ROLES, Device, DeviceSettings, LoginSession, RateEvent, RefreshToken,
                       User)
from .activity import Attendance, Contact, Referral, Session
from .catalogue import Offer, Partner
from .followup import Outcome, Trainee
from .office import AuditEvent, Target
from .people import ActionStep, Beneficiary, Diagnostic, Objective
from .syncmeta import SyncClock, SyncConflict, SyncMutation

SYNCED = {
    model.__tablename__: model
    for model in (Partner, Offer, Beneficiary, Diagnostic, Session, Attendance, Contact,
                  Referral, ActionStep, Outcome, Trainee, Objective)
}

__all__ = [
    "ROLES", "SYNCED", "ActionStep", "Attendance", "AuditEvent", "Beneficiary", "Contact",
    "Device", "DeviceSettings", "Diagnostic", "LoginSession", "Objective", "Offer", "Outcome",
    "Partner",
    "RateEvent", "Referral", "RefreshToken", "Session", "SyncClock", "SyncConflict",
    "SyncMutation", "Target", "Trainee", "User",
]
