"""Read the public catalogue: offers, partners, upcoming public drop-ins."""
import hashlib
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Offer, Partner, Session as DropIn
from ..models.base import utcnow
from ..schemas.tables import OfferSchema, PartnerSchema
from ..territory import Commune, territory

_offer_fields = sorted(OfferSchema._declared_fields)
_partner_fields = sorted(PartnerSchema._declared_fields)


def _plain(record, names) -> dict:
    out = {"id": record.id}
    for name in names:
        value = getattr(record, name)
        out[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def catalogue_etag(session: Session, query: bytes) -> str:
    """Return a tag that changes whenever any offer changes."""
    top, count = session.execute(select(func.max(Offer.version), func.count(Offer.id))).one()
    return hashlib.sha256(f"{top}:{count}:".encode() + query).hexdigest()[:32]


def _matches(offer: dict, words: list[str]) -> bool:
    haystack = " ".join(str(offer.get(k) or "") for k in
                        ("nom", "description", "falc", "commune", "conditions_acces")).lower()
    return all(word in haystack for word in words)


UNKNOWN = "inconnue"  # a commune the territory does not know: only offers open to all


def open_to(offer: dict, home: Commune | None) -> bool:
    """Tell whether someone living in `home` may use the offer (its commune, or its zone)."""
    land = territory()
    if home is not None and land.commune(offer.get("code_insee")) == home:
        return True
    return land.covers(offer.get("zone_eligibilite"), home)


def list_offers(session: Session, q=None, thematique=None, commune: Commune | str | None = None,
                frais=None) -> list:
    """Return live offers matching every filter given; `commune`: open to who lives there."""
    rows = session.scalars(select(Offer).where(Offer.deleted.is_(False)).order_by(Offer.nom))
    items = [_plain(r, _offer_fields) for r in rows]
    if thematique:
        items = [o for o in items if thematique in (o["thematiques"] or [])]
    if commune:
        home = None if commune == UNKNOWN else commune
        items = [o for o in items if open_to(o, home)]
    if frais:
        items = [o for o in items if o["frais"] == frais]
    if q:
        words = q.lower().split()
        items = [o for o in items if _matches(o, words)]
    return items


def list_partners(session: Session) -> list:
    """Return live partners by name."""
    rows = session.scalars(select(Partner).where(Partner.deleted.is_(False))
                           .order_by(Partner.nom))
    return [_plain(r, _partner_fields) for r in rows]


def upcoming_public_sessions(session: Session, days: int = 60) -> list:
    """Return public sessions from today on: where and when, nothing about who comes."""
    now = utcnow()
    rows = session.scalars(
        select(DropIn).where(DropIn.deleted.is_(False), DropIn.public.is_(True),
                             DropIn.starts_at >= now - timedelta(hours=3),
                             DropIn.starts_at <= now + timedelta(days=days))
        .order_by(DropIn.starts_at))
    return [{"id": r.id, "title": r.title, "kind": r.kind, "place": r.place,
             "starts_at": r.starts_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
             "ends_at": r.ends_at.strftime("%Y-%m-%dT%H:%M:%SZ") if r.ends_at else None}
            for r in rows]
