"""What each table keeps once pseudonymised: codes, dates, levels; never who or free text.

Left out everywhere: names, phone numbers, e-mail addresses, notes and every free-text field
(situation, needs, reasons, subjects, step labels, diagnostic answers), exact birth dates (an
age band instead), row ids and user ids. Person ids become pseudonyms; partner and offer ids
become the organisation's or offer's public name. Communes, education levels and session
places are typed freely: only a value of a known list goes out, else "autre" (known_values).
"""
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from ..domain.diagnostic import DIMENSIONS
from ..models import (ActionStep, Attendance, Beneficiary, Contact, Diagnostic, Partner,
                      Referral, Session)
from ..models.catalogue import Offer
from ..models.followup import Outcome
from .known_values import communes, drop_in_places, education_levels
from .periods import age_band, age_on

MODELS = {"beneficiaries": Beneficiary, "attendances": Attendance, "diagnostics": Diagnostic,
          "action_steps": ActionStep, "outcomes": Outcome, "referrals": Referral,
          "contacts": Contact}
Pseudonym = Callable[[str | None], str | None]


def _live(model):
    table = model.__table__
    return table, table.c.deleted.is_(False)


def _names(db: DbSession, model) -> dict[str, str]:
    table = model.__table__
    return dict(db.execute(select(table.c.id, table.c.nom)).all())


def _yes_no(value) -> str | None:
    return None if value is None else ("oui" if value else "non")


def _given(moment) -> str:
    # A consent is a date when given; no date means not (yet) given.
    return "non" if moment is None else "oui"


def _day(value: datetime | date | None) -> date | None:
    # A day is enough for the figures; the time of a contact adds nothing but precision.
    return value.date() if isinstance(value, datetime) else value


def beneficiaries(db: DbSession, pseudonym: Pseudonym, today: date) -> tuple:
    """People: pseudonym, age band today, profile codes, consent given or not."""
    b, live = _live(Beneficiary)
    partners, commune_of, level_of = _names(db, Partner), communes(db), education_levels()
    rows = db.execute(select(b.c.id, b.c.birth_date, b.c.sex, b.c.commune, b.c.qpv, b.c.zrr,
                             b.c.status, b.c.education_level, b.c.referred_by, b.c.consent_at,
                             b.c.parent_consent_at).where(live))
    return (["pseudonyme", "tranche_age", "sexe", "commune", "qpv", "zrr", "situation",
             "niveau_etudes", "oriente_par", "consentement", "consentement_parent"],
            [[pseudonym(pid), age_band(age_on(birth, today)), sex, commune_of(commune),
              _yes_no(qpv), _yes_no(zrr), status, level_of(level), partners.get(referrer),
              _given(consent), _given(parent)]
             for pid, birth, sex, commune, qpv, zrr, status, level, referrer, consent, parent
             in rows])


def attendances(db: DbSession, pseudonym: Pseudonym, today: date) -> tuple:
    """Who came where: pseudonym, the session's day, kind, action and place."""
    a, live = _live(Attendance)
    s, place_of = Session.__table__, drop_in_places(db)
    rows = db.execute(select(a.c.beneficiary_id, s.c.starts_at, s.c.kind, s.c.action,
                             s.c.place, a.c.present)
                      .select_from(a.join(s, s.c.id == a.c.session_id))
                      .where(live, s.c.deleted.is_(False)))
    return (["pseudonyme", "date_seance", "type_seance", "action", "lieu", "present"],
            [[pseudonym(person), _day(starts), kind, action, place_of(place),
              _yes_no(present)]
             for person, starts, kind, action, place, present in rows])


def diagnostics(db: DbSession, pseudonym: Pseudonym, today: date) -> tuple:
    """Diagnostics: the level per dimension and the stage, not the answers themselves."""
    d, live = _live(Diagnostic)
    rows = db.execute(select(d.c.beneficiary_id, d.c.date, d.c.questionnaire_version,
                             d.c.levels, d.c.stage).where(live))
    out = []
    for person, day, version, levels, stage in rows:
        levels = levels if isinstance(levels, dict) else {}
        out.append([pseudonym(person), day, version,
                    *(_level(levels.get(name)) for name in DIMENSIONS), stage])
    return (["pseudonyme", "date", "version_questionnaire",
             *(f"niveau_{name}" for name in DIMENSIONS), "etape"], out)


def _level(value) -> int | None:
    # Levels are computed by the app; anything else in the JSON is not exported.
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def action_steps(db: DbSession, pseudonym: Pseudonym, today: date) -> tuple:
    """Action plan steps: stage, status and dates; the offer and partner by their name."""
    t, live = _live(ActionStep)
    offers, partners = _names(db, Offer), _names(db, Partner)
    rows = db.execute(select(t.c.beneficiary_id, t.c.stage, t.c.status, t.c.due_date,
                             t.c.done_at, t.c.offer_id, t.c.partner_id).where(live))
    return (["pseudonyme", "etape", "statut", "echeance", "fait_le", "offre", "partenaire"],
            [[pseudonym(person), stage, status, due, done, offers.get(offer),
              partners.get(partner)]
             for person, stage, status, due, done, offer, partner in rows])


def outcomes(db: DbSession, pseudonym: Pseudonym, today: date) -> tuple:
    """Outcomes: kind and date (the notes stay in the file)."""
    o, live = _live(Outcome)
    rows = db.execute(select(o.c.beneficiary_id, o.c.kind, o.c.date).where(live))
    return (["pseudonyme", "sortie", "date"],
            [[pseudonym(person), kind, day] for person, kind, day in rows])


def referrals(db: DbSession, pseudonym: Pseudonym, today: date) -> tuple:
    """Referrals: partner, dates, status; the age band on the day it was received."""
    r, live = _live(Referral)
    partners, commune_of = _names(db, Partner), communes(db)
    rows = db.execute(select(r.c.beneficiary_id, r.c.partner_id, r.c.created_at, r.c.status,
                             r.c.answered_at, r.c.birth_date, r.c.commune,
                             r.c.contact_preference, r.c.consent).where(live))
    return (["pseudonyme", "partenaire", "recue_le", "statut", "repondue_le", "tranche_age",
             "commune", "preference_contact", "consentement"],
            [[pseudonym(person), partners.get(partner), _day(created), status, _day(answered),
              age_band(age_on(birth, _day(created) or today)), commune_of(commune), preference,
              _yes_no(consent)]
             for person, partner, created, status, answered, birth, commune, preference, consent
             in rows])


def contacts(db: DbSession, pseudonym: Pseudonym, today: date) -> tuple:
    """Contacts: day, channel, audience, partner, call-back state (not who called)."""
    c, live = _live(Contact)
    partners = _names(db, Partner)
    rows = db.execute(select(c.c.beneficiary_id, c.c.date, c.c.channel, c.c.audience,
                             c.c.partner_id, c.c.callback_status).where(live))
    return (["pseudonyme", "date", "canal", "public", "partenaire", "rappel"],
            [[pseudonym(person), _day(day), channel, audience, partners.get(partner), callback]
             for person, day, channel, audience, partner, callback in rows])


BUILDERS = {"beneficiaries": beneficiaries, "attendances": attendances,
            "diagnostics": diagnostics, "action_steps": action_steps, "outcomes": outcomes,
            "referrals": referrals, "contacts": contacts}
