"""Professionals trained in the mobility diagnostic: distinct people, per partner organisation."""
import unicodedata
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from ..models import Partner, Session
from ..models.followup import Trainee
from .periods import Period
from .scope import mine

NO_PARTNER = "Structure non précisée"


def person_key(name: str | None) -> str:
    """Fold a typed name so that "Hélène  Martin" and "helene martin " are one person."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def training(db: DbSession, period: Period, tenant: str) -> dict:
    """Return the training sessions held, and who was trained, per partner organisation.

    A trainee counts once per organisation however many sessions they came to; a trainee row
    is recorded on purpose, so it counts whatever the kind of its session.
    """
    t, s, p = Trainee.__table__, Session.__table__, Partner.__table__
    in_period = (mine(s, tenant), s.c.deleted.is_(False), s.c.starts_at >= period.start_dt,
                 s.c.starts_at <= period.end_dt)
    sessions = db.scalar(select(func.count()).where(s.c.kind == "formation", *in_period))
    rows = db.execute(select(t.c.name, t.c.partner_id)
                      .select_from(t.join(s, s.c.id == t.c.session_id))
                      .where(mine(t, tenant), t.c.deleted.is_(False), *in_period))
    people = {(person_key(name), partner) for name, partner in rows if person_key(name)}
    per_partner = Counter(partner for _, partner in people)
    names = dict(db.execute(select(p.c.id, p.c.nom).where(p.c.id.in_(
        [pid for pid in per_partner if pid]))).all())
    by_partner = sorted(({"partner_id": pid, "partner": names.get(pid) or NO_PARTNER,
                          "trained": n} for pid, n in per_partner.items()),
                        key=lambda row: (-row["trained"], row["partner"]))
    return {"sessions": sessions, "trained": len(people), "by_partner": by_partner}
