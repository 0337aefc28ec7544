"""A past year of fictional activity, shaped like the project's 2023 review: about 180 people
met, about 120 of them young (16 to 25), attendances at every action and place, diagnostics,
plans, outcomes, referrals, contacts and a training, over the 365 days before today.

Plain Python, no database: the seed pushes it through the engine. Deterministic for a given
day (ids derived with uuid5, a seeded random generator), so a second seed the same day
changes nothing. Every name is unreal and marked as such.
"""
import random
import uuid
from datetime import date, datetime, time, timedelta, timezone

from server.seed import demo_partners as p
from server.seed.demo_data import DEMO_NAMESPACE, SCHEDULE, _paris_iso
from server.seed.demo_offers import OFFERS

PEOPLE, YOUNG = 180, 120
FIRST = ["Léna", "Noé", "Maya", "Adam", "Lou", "Sami", "Eva", "Milo", "Nina", "Ilyes", "Zoé",
         "Tom", "Lana", "Axel", "Rose", "Malo", "Jana", "Eliott", "Lila", "Nael"]
# Last names that are no family's: nobody mistakes a demo file for a real person.
LAST = ["Exemplaire", "Fictif", "Imaginaire", "Inventé", "Supposé", "Démonstration",
        "Hypothèse", "Maquette", "Esquisse", "Prototype"]
COMMUNES = ["Saint-Claude", "Saint-Claude", "Saint-Claude", "Lavans-lès-Saint-Claude",
            "Septmoncel les Molunes", "Coteaux du Lizon", "Viry", "La Pesse", "Les Bouchoux",
            "Villard-Saint-Sauveur", "Coiserette", "Chassal-Molinges"]
STATUSES = ["cej", "demandeur-emploi", "scolaire", "sans-activite", "formation", "salarie",
            "etudiant", "autre"]
REFERRERS = [p.FRANCE_TRAVAIL, p.CCAS, p.RESTOS, p.MDS, p.LYCEE_PSS, p.CIDFF, p.MLSJ]
OUTCOMES = ["code-obtenu"] * 8 + ["permis-obtenu"] * 4 + ["velo-obtenu"] * 5 + \
    ["vehicule-obtenu"] * 2 + ["entree-formation"] * 6 + ["emploi"] * 7 + ["entree-cej"] * 3 + \
    ["reprise-etudes"] * 2
BARRIERS = ["financier", "psychologique", "numerique", "lecture-langue", "administratif",
            "familial", "territorial"]
SKILLS = ["lire-horaires", "s-orienter", "appli-itineraire", "acheter-titre", "faire-velo",
          "demander-chemin"]
STEPS = [("Préparer le code de la route", "moyens"), ("Demander l'aide au permis", "moyens"),
         ("Essayer le trajet en car jusqu'à Oyonnax", "apprendre"),
         ("Emprunter un vélo à assistance électrique", "moyens"),
         ("Visiter la plateforme mobilité", "envie"), ("Acheter l'abonnement Mobigo", "autonomie")]


def _id(kind: str, key) -> str:
    return str(uuid.uuid5(DEMO_NAMESPACE, f"history/{kind}/{key}"))


def _moment(day: date, hour: int = 10) -> str:
    return datetime.combine(day, time(hour), tzinfo=timezone.utc).isoformat().replace(
        "+00:00", "Z")


def _open_day(day: date) -> bool:
    # No drop-ins in August nor between Christmas and New Year.
    return day.month != 8 and not (day.month == 12 and day.day >= 24 or
                                   day.month == 1 and day.day <= 2)


def _sessions(first: date, last: date) -> list[dict]:
    out, day = [], first
    while day <= last:
        iso_week, weekday = day.isocalendar()[1:]
        for action, kind, title, place, wd, start, end, parity, public in SCHEDULE:
            if weekday == wd and _open_day(day) and (parity is None or iso_week % 2 == parity):
                out.append({"id": _id("session", f"{action}/{day}"), "kind": kind,
                            "title": title, "action": action, "place": place,
                            "starts_at": _paris_iso(day, start), "ends_at": _paris_iso(day, end),
                            "public": public, "anonymous_count": (iso_week % 3) if
                            kind == "permanence" else 0, "notes": None})
        day += timedelta(days=1)
    return out


def _person(rng: random.Random, i: int, today: date, first_seen: date) -> dict:
    young = i % 3 != 2  # two in three: 120 of 180
    age = rng.randint(16, 25) if young else rng.randint(27, 58)
    born = first_seen - timedelta(days=365 * age + rng.randrange(300))
    return {"id": _id("person", i), "first_name": rng.choice(FIRST),
            "last_name": f"{rng.choice(LAST)} (démo)", "birth_date": born.isoformat(),
            "sex": rng.choice("FFMMX" if young else "FFMM"), "commune": rng.choice(COMMUNES),
            "status": rng.choice(STATUSES[:5] if young else STATUSES[1:]),
            "referred_by": rng.choice(REFERRERS), "qpv": rng.random() < .15,
            "education_level": rng.choice(["infra-3", "3", "3", "4", "5"]),
            "consent_at": _moment(first_seen, 9), "consent_scope": "accompagnement-mobilite",
            "notes": "Personne fictive (historique de démonstration)."}


def _answers(rng: random.Random, better: bool) -> dict:
    grade = (lambda: rng.choice([0, 0, 1])) if better else (lambda: rng.choice([0, 1, 2, 3]))
    return {"project": {"goal": "Se rendre en formation", "destinations": ["Oyonnax"],
                        "atypical_hours": rng.random() < .3, "radius": "communaute",
                        "gave_up": rng.random() < .4},
            "means": {"licence": rng.choice(["aucun", "code-en-cours", "code", "b"]),
                      "vehicle": False, "transport_pass": better},
            "skills": {s: rng.randint(3, 4) if better else rng.randint(1, 3) for s in SKILLS},
            "barriers": {b: grade() for b in BARRIERS},
            "motivation": rng.randint(3, 4) if better else rng.randint(2, 4)}


def past_year(today: date) -> dict[str, list[dict]]:
    """Return {table: rows} of the year before today (up to 15 days ago), in push order."""
    rng = random.Random(f"mobilite-haut-jura/{today.isoformat()}")
    first, last = today - timedelta(days=365), today - timedelta(days=15)
    sessions = _sessions(first, last)
    people, att, diag, steps, outc, seen = [], [], [], [], [], {}
    for n, s in enumerate(sessions):
        day = date.fromisoformat(s["starts_at"][:10])
        size = rng.randint(1, 4) if s["kind"] == "permanence" else rng.randint(3, 7)
        for _ in range(size):
            # New people arrive all year long; the others come back.
            if len(people) < PEOPLE and (not people or rng.random() < .45):
                i = len(people)
                people.append(_person(rng, i, today, day))
            else:
                i = rng.randrange(len(people))
            pid = people[i]["id"]
            if any(a["session_id"] == s["id"] and a["beneficiary_id"] == pid for a in att[-8:]):
                continue
            att.append({"id": _id("attendance", f"{n}/{i}"), "session_id": s["id"],
                        "beneficiary_id": pid, "present": True})
            seen.setdefault(i, day)
    offers = [o for o in OFFERS if o.get("thematiques")]
    for i, day in seen.items():
        pid = people[i]["id"]
        if i % 9 < 5 and day + timedelta(days=30) < last:  # about half get a diagnostic
            diag.append({"id": _id("diagnostic", i), "beneficiary_id": pid,
                         "date": day.isoformat(), "questionnaire_version": 1,
                         "answers": _answers(rng, False)})
            later = day + timedelta(days=rng.randint(60, 150))
            if i % 3 == 0 and later < last:  # some are seen again, and moved on
                diag.append({"id": _id("diagnostic2", i), "beneficiary_id": pid,
                             "date": later.isoformat(), "questionnaire_version": 1,
                             "answers": _answers(rng, True)})
            for k in range(rng.randint(1, 3)):
                label, stage = rng.choice(STEPS)
                due = day + timedelta(days=rng.randint(14, 120))
                done = due < last and rng.random() < .6
                steps.append({"id": _id("step", f"{i}/{k}"), "beneficiary_id": pid,
                              "label": label, "stage": stage, "due_date": due.isoformat(),
                              "status": "fait" if done else rng.choice(["a-faire", "en-cours"]),
                              "done_at": due.isoformat() if done else None,
                              "offer_id": rng.choice(offers)["id"],
                              "carried_by": rng.choice(["jeune", "referente", "partenaire"])})
        if i % 3 == 1 and len(outc) < len(OUTCOMES):
            when = min(day + timedelta(days=rng.randint(30, 200)), last)
            outc.append({"id": _id("outcome", i), "beneficiary_id": pid,
                         "kind": OUTCOMES[len(outc)], "date": when.isoformat()})
    training, trainees = _training(first, last)
    return {"sessions": sessions + [training], "trainees": trainees,
            "beneficiaries": people, "attendances": att,
            "diagnostics": diag, "action_steps": steps, "outcomes": outc,
            "referrals": _referrals(rng, people, seen, last),
            "contacts": _contacts(rng, people, first, last)}


def _training(first: date, last: date) -> tuple[dict, list[dict]]:
    # A half-day training of partners' professionals to the mobility diagnostic.
    day = first + (last - first) / 2
    session = {"id": _id("training", day), "kind": "formation",
               "title": "Formation au diagnostic mobilité (démo)",
               "place": "Mission Locale Sud Jura, Saint-Claude",
               "starts_at": _paris_iso(day, "09:00"), "ends_at": _paris_iso(day, "12:00"),
               "public": False, "anonymous_count": 0, "notes": None}
    people = [(p.FRANCE_TRAVAIL, "Conseillère"), (p.CCAS, "Travailleur social"),
              (p.MDS, "Assistante sociale"), (p.RESTOS, "Bénévole"), (p.ASMH, "Encadrant"),
              (p.CIDFF, "Juriste"), (p.LYCEE_PSS, "CPE"), (p.MLSJ, "Conseiller")]
    return session, [{"id": _id("trainee", k), "session_id": session["id"],
                      "name": f"Professionnel·le {k + 1} (démo)", "partner_id": partner,
                      "job_title": job} for k, (partner, job) in enumerate(people)]


def _referrals(rng, people, seen, last) -> list[dict]:
    out = []
    for i in sorted(seen)[:55]:
        person, answered = people[i], min(seen[i] + timedelta(days=rng.randint(1, 9)), last)
        status = "refusee" if i % 11 == 0 else "validee"
        out.append({"id": _id("referral", i), "partner_id": person["referred_by"],
                    "beneficiary_id": person["id"], "first_name": person["first_name"],
                    "last_name": person["last_name"], "consent": True, "status": status,
                    "refusal_reason": "deja-accompagne" if status == "refusee" else None,
                    "answered_at": _moment(answered), "contact_preference": "telephone"})
    return out


def _contacts(rng, people, first, last) -> list[dict]:
    out = []
    for k in range(110):
        day = first + timedelta(days=rng.randrange((last - first).days))
        linked = rng.random() < .3
        out.append({"id": _id("contact", k), "date": _moment(day, rng.randint(8, 16)),
                    "channel": rng.choice(["telephone", "telephone", "web", "visite", "courriel"]),
                    "audience": "professionnel" if k % 4 == 0 else "particulier",
                    "subject": "Question sur les aides à la mobilité (démo)",
                    "beneficiary_id": rng.choice(people)["id"] if linked else None,
                    "callback_status": "rappele"})
    return out
