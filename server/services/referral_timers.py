"""Referral timers: remind the referent after 10 days, expire after 30, then forget details."""
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from sync import Engine

from ..models import Referral
from ..tables.activity import REFERRALS
from ..tables.base import MARKER
from .system import edit, system_push

REMIND_AFTER = timedelta(days=10)
EXPIRE_AFTER = timedelta(days=30)
# Details of a referral that was refused or expired are kept this long, then removed.
PURGE_AFTER = timedelta(days=90)
# What the purge writes comes from the description: every personal or free-text column is
# blanked, names become the neutral marker (a referral keeps its partner, dates and status).
PURGE = REFERRALS.anonymised()


def _moment(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def tick(db: DbSession, engine: Engine, now: datetime) -> dict:
    """Apply every timer due at `now` (naive UTC); safe to run as often as wanted."""
    rows = db.scalars(select(Referral).where(Referral.deleted.is_(False))).all()
    mutations, counts = [], {"reminded": 0, "expired": 0, "purged": 0}
    for r in rows:
        created = r.created_at or now
        if r.status == "ouverte" and now - created >= EXPIRE_AFTER:
            mutations.append(edit("referrals", r.id, r.version, {
                "status": "expiree", "answered_at": _moment(now),
                "reason": "Sans réponse après 30 jours."}, "expire"))
            counts["expired"] += 1
        elif r.status == "ouverte" and now - created >= REMIND_AFTER and r.reminded_at is None:
            mutations.append(edit("referrals", r.id, r.version,
                                  {"reminded_at": _moment(now)}, "remind"))
            counts["reminded"] += 1
        elif (r.status in ("refusee", "expiree") and r.answered_at is not None
              and now - r.answered_at >= PURGE_AFTER and r.first_name != MARKER):
            mutations.append(edit("referrals", r.id, r.version, dict(PURGE), "purge"))
            counts["purged"] += 1
    results = system_push(db, engine, "referral-timers", mutations)
    bad = [r for r in results if r["status"] not in ("applied", "duplicate")]
    if bad:
        raise RuntimeError(f"referral timer refused: {bad[0]}")
    return counts
