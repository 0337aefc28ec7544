"""Typed SQLAlchemy models; SYNCED maps each synced table name to its model."""
from sqlalchemy import Index

from .. import rls
from .accounts import (ROLES, Device, DeviceSettings, LoginSession, RateEvent, RefreshToken,
                       User)
from .activity import Attendance, Contact, Referral, Session
from .catalogue import Offer, Partner
from .followup import Outcome, Trainee
from .office import AuditEvent, Target
from .people import ActionStep, Beneficiary, Diagnostic, Objective
from .structures import DEFAULT_STRUCTURE, Membership, Structure, StructureCommune
from .syncmeta import SyncClock, SyncConflict, SyncMutation

SYNCED = {
    model.__tablename__: model
    for model in (Partner, Offer, Beneficiary, Diagnostic, Session, Attendance, Contact,
                  Referral, ActionStep, Outcome, Trainee, Objective)
}
# A structure's pull reads its rows in version order: one index serves it at any size.
for _model in SYNCED.values():
    Index(f"ix_{_model.__tablename__}_tenant_version", _model.tenant_id, _model.version)
rls.attach(Beneficiary.metadata)

__all__ = [
    "DEFAULT_STRUCTURE", "ROLES", "SYNCED", "ActionStep", "Attendance", "AuditEvent",
    "Beneficiary", "Contact", "Device", "DeviceSettings", "Diagnostic", "LoginSession",
    "Membership", "Objective", "Offer", "Outcome", "Partner", "RateEvent", "Referral",
    "RefreshToken", "Session", "Structure", "StructureCommune", "SyncClock", "SyncConflict",
    "SyncMutation", "Target", "Trainee", "User",
]
