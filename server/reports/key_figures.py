"""Compute the yearly key figures ("chiffres clés") for any period."""
from collections import Counter, defaultdict
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from ..models import Beneficiary, Contact, Diagnostic, Partner, Referral
from ..models.followup import Outcome
from ..territory import territory
from .periods import AGE_BANDS, Period, age_band, age_on, is_young
from .participations import participations
from .scope import mine
from .targets import targets_for
from .training import training
from .unmet import ELSEWHERE as OTHER_PLACE, unmet_needs

STAGE_ORDER = {"apprendre": 0, "envie": 1, "moyens": 2, "autonomie": 3}
BARRIERS = ("financier", "psychologique", "numerique", "lecture-langue", "administratif",
            "familial", "territorial", "sante")


def _supported(db: DbSession, period: Period, tenant: str, attendees: set) -> set:
    """People with an attendance, a diagnostic, a contact or an outcome in the period."""
    people = set(attendees)
    d, c, o = Diagnostic.__table__, Contact.__table__, Outcome.__table__
    for query in (
        select(d.c.beneficiary_id).where(mine(d, tenant), d.c.deleted.is_(False),
                                         d.c.date >= period.start, d.c.date <= period.end),
        select(c.c.beneficiary_id).where(mine(c, tenant), c.c.deleted.is_(False),
                                         c.c.date >= period.start_dt, c.c.date <= period.end_dt),
        select(o.c.beneficiary_id).where(mine(o, tenant), o.c.deleted.is_(False),
                                         o.c.date >= period.start, o.c.date <= period.end),
    ):
        people.update(db.scalars(query))
    people.discard(None)
    return people


def _profile(db: DbSession, period: Period, tenant: str, people: set) -> dict:
    """Count people by age band, sex, commune, QPV/FRR, adapted transport and status."""
    b = Beneficiary.__table__
    out = {"total": 0, "age_bands": dict.fromkeys(AGE_BANDS, 0), "sex": Counter(),
           "communes": Counter(), "qpv": Counter(), "frr": Counter(), "status": Counter(),
           "adapted_transport": Counter(), "young": 0}
    ids = list(people)
    for i in range(0, len(ids), 500):
        rows = db.execute(select(b.c.birth_date, b.c.sex, b.c.commune, b.c.commune_code,
                                 b.c.qpv, b.c.frr, b.c.status, b.c.adapted_transport)
                          .where(b.c.id.in_(ids[i:i + 500]), mine(b, tenant),
                                 b.c.deleted.is_(False)))
        for birth, sex, commune, code, qpv, frr, status, adapted in rows:
            age = age_on(birth, period.end)
            out["total"] += 1
            out["young"] += is_young(age) is True
            out["age_bands"][age_band(age)] += 1
            out["sex"][sex or "inconnu"] += 1
            # Official names only: a commune typed freely may say anything about someone.
            place = territory().resolve(code=code, name=commune)
            out["communes"][place.nom if place else OTHER_PLACE if commune else "inconnue"] += 1
            out["qpv"][{True: "oui", False: "non"}.get(qpv, "inconnu")] += 1
            out["frr"][{True: "oui", False: "non"}.get(frr, "inconnu")] += 1
            out["status"][status or "inconnu"] += 1
            out["adapted_transport"][{True: "oui", False: "non"}.get(adapted, "inconnu")] += 1
    return {k: dict(v) if isinstance(v, Counter) else v for k, v in out.items()}


def _barriers_and_stages(db: DbSession, period: Period, tenant: str) -> tuple[dict, dict, int]:
    """Barriers found in the period's diagnostics, those lifted since, stages gained."""
    d = Diagnostic.__table__
    rows = db.execute(select(d.c.beneficiary_id, d.c.date, d.c.answers, d.c.stage)
                      .where(mine(d, tenant), d.c.deleted.is_(False), d.c.date <= period.end)
                      .order_by(d.c.beneficiary_id, d.c.date, d.c.version))
    history: dict[str, list] = defaultdict(list)
    for person, day, answers, stage in rows:
        history[person].append((day, (answers or {}).get("barriers") or {}, stage))
    identified, lifted, gained = Counter(), Counter(), 0
    for diagnostics in history.values():
        if not any(day >= period.start for day, _, _ in diagnostics):
            continue
        first, last = diagnostics[0], diagnostics[-1]
        for name in BARRIERS:
            had = any(_present(barriers.get(name)) for _, barriers, _ in diagnostics)
            identified[name] += had
            lifted[name] += (had and len(diagnostics) > 1
                             and not _present(last[1].get(name)))
        if STAGE_ORDER.get(last[2], -1) > STAGE_ORDER.get(first[2], 99):
            gained += 1
    return dict(identified), dict(lifted), gained


def _present(value) -> bool:
    return value is True or (isinstance(value, int) and not isinstance(value, bool) and value > 0)


def _referrals(db: DbSession, period: Period, tenant: str) -> tuple[int, list]:
    """Referrals received per partner: answers, refusal reasons, median response time."""
    r, p = Referral.__table__, Partner.__table__
    names = {pid: name for pid, name in db.execute(select(p.c.id, p.c.nom))}  # the catalogue
    rows = db.execute(select(r.c.partner_id, r.c.status, r.c.created_at, r.c.answered_at,
                             r.c.refusal_reason)
                      .where(mine(r, tenant), r.c.deleted.is_(False),
                             r.c.created_at >= period.start_dt,
                             r.c.created_at <= period.end_dt))
    per: dict = defaultdict(lambda: {"sent": 0, "ouverte": 0, "validee": 0, "refusee": 0,
                                     "expiree": 0, "delays": [], "reasons": Counter()})
    total = 0
    for partner, status, created, answered, reason in rows:
        total += 1
        row = per[partner]
        row["sent"] += 1
        row[status or "ouverte"] = row.get(status or "ouverte", 0) + 1
        if status == "refusee":  # a refusal without a reason (before the code list) says so
            row["reasons"][reason or "non-precise"] += 1
        if answered is not None and created is not None and status in ("validee", "refusee"):
            # Answers are kept to the second, creations are not: an answer within the same
            # second would otherwise come out a hair before the referral.
            row["delays"].append(max(0.0, (answered - created).total_seconds() / 86400))
    table = [{"partner_id": pid, "partner": names.get(pid, "Partenaire non précisé"),
              "sent": v["sent"], "open": v["ouverte"], "validated": v["validee"],
              "refused": v["refusee"], "expired": v["expiree"],
              "median_response_days": round(median(v["delays"]), 1) if v["delays"] else None,
              "refusal_reasons": dict(v["reasons"].most_common())}
             for pid, v in per.items()]
    return total, sorted(table, key=lambda row: -row["sent"])


def key_figures(db: DbSession, period: Period, tenant: str) -> dict:
    """Return every figure of the yearly review of the structure `tenant` for the period,
    counted from its own rows (scope.mine) against its targets."""
    actions, places, months, attendees = participations(db, period, tenant)
    people = _supported(db, period, tenant, set(attendees))
    identified, lifted, gained = _barriers_and_stages(db, period, tenant)
    referred, partners = _referrals(db, period, tenant)
    c, o = Contact.__table__, Outcome.__table__
    contacts = db.execute(select(c.c.date).where(
        mine(c, tenant), c.c.deleted.is_(False), c.c.date >= period.start_dt,
        c.c.date <= period.end_dt)).all()
    contact_months = Counter(day.strftime("%Y-%m") for (day,) in contacts)
    # People per kind: an outcome noted twice (two devices, a correction) counts once.
    outcomes = Counter(kind for kind, _ in db.execute(
        select(o.c.kind, o.c.beneficiary_id).distinct().where(
            mine(o, tenant), o.c.deleted.is_(False), o.c.date >= period.start,
            o.c.date <= period.end)))
    trained = training(db, period, tenant)
    unmet = unmet_needs(db, period, tenant)
    mobilised = sum(1 for young in attendees.values() if young is True)
    values = {"referred": referred, "mobilised": mobilised, "contacts": len(contacts),
              "trained": trained["trained"]}
    targets = targets_for(db, period.start.year, tenant)
    month_keys = sorted(set(months) | set(contact_months))
    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "targets": [{"key": key, "label": label, "target": targets[key], "value": values[key],
                     "ratio": round(values[key] / targets[key], 3) if targets[key] else None}
                    for key, label in TARGET_LABELS.items()],
        "actions": actions, "places": places,
        "profile": _profile(db, period, tenant, people),
        "barriers": {"identified": identified, "lifted": lifted},
        "outcomes": {**dict(outcomes), "etape-franchie": gained},
        "trend": [{"month": m, "participations": months.get(m, 0),
                   "contacts": contact_months.get(m, 0)} for m in month_keys],
        "partners": partners,
        "training": trained,
        "unmet": unmet,
    }


TARGET_LABELS = {
    "referred": "Jeunes orientés par les partenaires",
    "mobilised": "Jeunes mobilisés sur les actions",
    "contacts": "Contacts (téléphone, web…) informés ou orientés",
    "trained": "Professionnels formés au diagnostic mobilité",
}
