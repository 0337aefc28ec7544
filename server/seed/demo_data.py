"""Demo data for the Haut-Jura Saint-Claude territory: plain Python, no database access.

Everything here is fictional or demo-grade (see demo_partners and demo_offers): people are
invented, phone numbers come from the ARCEP fiction ranges, e-mails use example.org.
Ids are fixed or derived with uuid5 so that running the seed twice changes nothing.
"""

import uuid
from datetime import date, datetime, time, timedelta, timezone

from server.seed import demo_partners as p
from server.seed.demo_offers import OFFERS
from server.seed.demo_partners import PARTNERS
from server.territory import territory

__all__ = ["PARTNERS", "OFFERS", "BENEFICIARIES", "beneficiaries", "drop_in_sessions",
           "demo_accounts", "DEMO_NAMESPACE"]

# Namespace of every derived id (sessions, beneficiaries, accounts): never change it, or a
# re-seed would create duplicates.
DEMO_NAMESPACE = uuid.UUID("246491c5-4094-4a45-870f-d67e0026c94e")

PAST_DAYS = 14
FUTURE_DAYS = 28

# (action, kind, title, place, ISO weekday, start, end, ISO-week parity or None, public)
SCHEDULE = [
    ("permanence-restos", "permanence", "Permanence mobilité aux Restos du Cœur",
     "Restos du Cœur, Saint-Claude", 2, "09:30", "11:30", None, True),
    ("permanence-dome", "permanence", "Permanence mobilité à la médiathèque",
     "Médiathèque Le Dôme, Saint-Claude", 3, "14:00", "16:30", None, True),
    ("permanence-lycee-pss", "permanence", "Permanence mobilité au lycée",
     "Cité scolaire Pré Saint Sauveur, Saint-Claude", 4, "12:00", "13:30", None, True),
    ("atelier-mlsj", "atelier", "Atelier mobilité : préparer un trajet",
     "Mission Locale Sud Jura, Saint-Claude", 1, "14:00", "16:00", None, True),
    ("atelier-asmh", "atelier", "Atelier mobilité 1000 services",
     "ASMH, Saint-Claude", 5, "09:30", "11:30", 0, False),
    ("coup-de-pedale", "atelier", "Coup de pédale pour l'avenir",
     "Mission Locale Sud Jura (départ à vélo), Saint-Claude", 3, "09:30", "12:00", 1, True),
    ("decouverte-territoire", "atelier", "À la découverte du territoire et de ses possibilités",
     "Gare de Saint-Claude (départ en car)", 5, "13:30", "17:00", 1, True),
]


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() + 1) % 7)


def _paris_offset(day: date) -> timedelta:
    # EU rule (summer time from the last Sunday of March to the last Sunday of October),
    # computed here so the seed does not depend on the system tz database; sessions never
    # fall on the changeover Sunday night.
    summer = _last_sunday(day.year, 3) <= day < _last_sunday(day.year, 10)
    return timedelta(hours=2 if summer else 1)


def _paris_iso(day: date, hhmm: str) -> str:
    tz = timezone(_paris_offset(day))
    return datetime.combine(day, time.fromisoformat(hhmm), tzinfo=tz).isoformat()


def drop_in_sessions(today: date) -> list[dict]:
    """Return the demo sessions from 2 weeks before to 4 weeks after today, in date order."""
    sessions = []
    for offset in range(-PAST_DAYS, FUTURE_DAYS):
        day = today + timedelta(days=offset)
        iso_week, weekday = day.isocalendar()[1:]
        for action, kind, title, place, wd, start, end, parity, public in SCHEDULE:
            if weekday != wd or (parity is not None and iso_week % 2 != parity):
                continue
            sid = uuid.uuid5(DEMO_NAMESPACE, f"session/{action}/{day.isoformat()}")
            # Past sessions get a small deterministic count of people met without a file.
            count = sid.int % 4 + 1 if day < today and kind == "permanence" else 0
            sessions.append({
                "id": str(sid), "kind": kind, "title": title, "action": action, "place": place,
                "starts_at": _paris_iso(day, start), "ends_at": _paris_iso(day, end),
                "public": public, "anonymous_count": count, "notes": None,
            })
    return sorted(sessions, key=lambda s: s["starts_at"])


# (first name, last name, age, birthday MM-DD, sex, commune, status, referrer, qpv, frr, level)
# Last names are deliberately unreal so nobody mistakes a demo file for a real person.
PEOPLE = [
    ("Léa", "Exemple", 17, "03-14", "F", "Saint-Claude", "scolaire", p.LYCEE_PSS, False, False,
     "3"),
    ("Yanis", "Démo", 19, "07-02", "M", "Saint-Claude", "cej", p.FRANCE_TRAVAIL, True, False,
     "infra-3"),
    ("Inès", "Fictive", 21, "11-23", "F", "Septmoncel les Molunes", "demandeur-emploi",
     p.FRANCE_TRAVAIL, False, True, "4"),
    ("Nathan", "Essai", 18, "01-30", "M", "Coteaux du Lizon", "sans-activite", p.RESTOS, False,
     False, "infra-3"),
    ("Manon", "Prototype", 24, "05-09", "F", "Saint-Claude", "salarie", p.CCAS, True, False, "3"),
    ("Théo", "Maquette", 16, "09-17", "M", "La Pesse", "scolaire", p.LYCEE_PSS, False, True,
     "infra-3"),
    ("Jade", "Brouillon", 22, "12-01", "F", "Les Bouchoux", "formation", p.MDS, False, True, "4"),
    ("Rayan", "Specimen", 20, "04-26", "M", "Lavans-lès-Saint-Claude", "cej", p.MLSJ, False,
     False, "3"),
    ("Chloé", "Ébauche", 23, "08-12", "F", "Longchaumois", "etudiant", None, False, True, "5"),
    ("Enzo", "Fantaisie", 19, "02-05", "M", "Viry", "demandeur-emploi", p.CIDFF, False, True, "3"),
    ("Sarah", "Modèle", 25, "06-21", "F", "Saint-Claude", "autre", p.CCAS, True, False, "4"),
    ("Lucas", "Simulacre", 18, "10-10", "X", "Villard-Saint-Sauveur", "cej", p.RESTOS, False,
     False, "infra-3"),
]


def _jura_code(commune: str) -> str:
    """The INSEE code of the Jura commune of that name (Viry has namesakes in 71 and 74)."""
    (found,) = [c for c in territory().named(commune) if c.departement == "39"]
    return found.code


def _ascii(text: str) -> str:
    table = str.maketrans("éèêëàâîïôöûüçÉ", "eeeeaaiioouucE")
    return text.translate(table).lower().replace(" ", "-")


def beneficiaries(today: date) -> list[dict]:
    """Return the fictional young people, with ages kept 16–25 relative to today."""
    people = []
    for i, (first, last, age, mmdd, sex, commune, status, referrer, qpv, frr, level) in \
            enumerate(PEOPLE):
        month, day = (int(x) for x in mmdd.split("-"))
        # One year earlier when this year's birthday is still to come, so the age is exact.
        born = date(today.year - age - ((month, day) > (today.month, today.day)), month, day)
        consent = datetime.combine(today - timedelta(days=10 + 7 * i), time(9, 30),
                                   tzinfo=timezone.utc)
        people.append({
            "id": str(uuid.uuid5(DEMO_NAMESPACE, f"beneficiary/{first} {last}")),
            "first_name": first, "last_name": last, "birth_date": born.isoformat(), "sex": sex,
            "commune": commune, "commune_code": _jura_code(commune), "phone": f"06 39 98 {10 + i:02d} {20 + i:02d}",
            "email": f"{_ascii(first)}.{_ascii(last)}@example.org", "status": status,
            "referred_by": referrer, "qpv": qpv, "frr": frr, "education_level": level,
            "consent_at": consent.isoformat().replace("+00:00", "Z"),
            "consent_scope": "accompagnement-mobilite",
            # Parent consent is required under 15 only; every demo person is 16 or over.
            "parent_consent_at": None, "notes": "Personne fictive (données de démonstration).",
        })
    return people


BENEFICIARIES = beneficiaries(date.today())


def demo_accounts() -> list[dict]:
    """Return the demo user accounts (passwords are generated by the seed command)."""
    accounts = [
        ("coordination@example.org", "Coordination MLSJ (démo)", "coordinator", None),
        ("referente.mobilite@example.org", "Référente mobilité (démo)", "referent", None),
        ("conseillere.france-travail@example.org", "Conseillère France Travail (démo)",
         "prescriber", p.FRANCE_TRAVAIL),
        ("travailleur.social.ccas@example.org", "Travailleur social CCAS (démo)",
         "prescriber", p.CCAS),
    ]
    return [{"id": str(uuid.uuid5(DEMO_NAMESPACE, f"user/{email}")), "email": email,
             "name": name, "role": role, "partner_id": partner_id}
            for email, name, role, partner_id in accounts]
