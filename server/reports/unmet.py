"""« Besoins non couverts »: what the diagnostics say that no offer answers, without a name.

For the transport authorities (Région/Mobigo, the community of communes): from each person's
latest diagnostic in the period, the destinations they must reach (official communes only:
a destination typed freely never goes out as typed), whether a transport offer of the
catalogue serves each, the people who need to travel at atypical hours or already gave up
something for lack of transport, and the communes they live in that no transport offer covers.
"""
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from ..models import Beneficiary, Diagnostic
from ..models.catalogue import Offer
from ..territory import is_zone_code, territory
from .periods import Period
from .scope import mine

TRANSPORT = "mobilite--mobilite-douce-partagee-collective"
ELSEWHERE = "Autre lieu (hors liste officielle)"


def _transport_offers(db: DbSession) -> list[tuple[list, str | None]]:
    o = Offer.__table__
    rows = db.execute(select(o.c.thematiques, o.c.zone_eligibilite, o.c.code_insee)
                      .where(o.c.deleted.is_(False)))
    return [(zone or [], code) for themes, zone, code in rows if TRANSPORT in (themes or [])]


def _served(offers, commune) -> bool:
    # An offer serves a commune it is located in, or one its eligibility zone names by code
    # (an offer without any zone code is open to all, but says nothing of where it goes).
    place = territory()
    return any(code == commune.code or (any(is_zone_code(z) for z in zone)
                                        and place.covers(zone, commune))
               for zone, code in offers)


def unmet_needs(db: DbSession, period: Period, tenant: str) -> dict:
    """Return a structure's unmet needs of the period, counted in people, never named."""
    d, b = Diagnostic.__table__, Beneficiary.__table__
    rows = db.execute(select(d.c.beneficiary_id, d.c.answers, b.c.commune, b.c.commune_code)
                      .join(b, b.c.id == d.c.beneficiary_id)
                      .where(mine(d, tenant), mine(b, tenant), d.c.deleted.is_(False),
                             d.c.date >= period.start, d.c.date <= period.end)
                      .order_by(d.c.beneficiary_id, d.c.date, d.c.version))
    latest = {person: (answers or {}, name, code) for person, answers, name, code in rows}
    place, offers = territory(), _transport_offers(db)
    destinations, residences, served = Counter(), Counter(), {}
    atypical = gave_up = 0
    for answers, name, code in latest.values():
        project = answers.get("project") if isinstance(answers.get("project"), dict) else {}
        atypical += project.get("atypical_hours") is True
        gave_up += project.get("gave_up") is True
        seen = set()
        for typed in project.get("destinations") or []:
            commune = place.resolve(name=typed) if isinstance(typed, str) else None
            label = commune.nom if commune else ELSEWHERE
            if commune:
                served[label] = _served(offers, commune)
            seen.add(label)
        destinations.update(seen)
        home = place.resolve(code=code, name=name)
        if home is not None and not _served(offers, home):
            residences[home.nom] += 1
    return {
        "people": len(latest), "atypical_hours": atypical, "gave_up": gave_up,
        "destinations": [{"commune": label, "people": n, "served": served.get(label)}
                         for label, n in sorted(destinations.items(), key=lambda i: (-i[1], i[0]))],
        "residences_unserved": [{"commune": label, "people": n}
                                for label, n in sorted(residences.items(),
                                                       key=lambda i: (-i[1], i[0]))],
    }
