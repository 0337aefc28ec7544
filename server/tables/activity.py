"""The field work: drop-in sessions and workshops, who came, contacts, and referrals."""
from marshmallow import fields

from ..domain.selftest import SelfTestError, validate_self_test
from . import codes as c
from .fields import Code, CommuneCode, Day, Int, Moment, Ref, StrictBool, Text
from .base import MARKER, Column, Out, Privacy, Table

OPT = {"allow_none": True}
PERSONAL, TEXT, CODE, REF = Privacy.PERSONAL, Privacy.FREE_TEXT, Privacy.CODE, Privacy.REF


def _check_sessions(row: dict) -> dict:
    start, end = row.get("starts_at"), row.get("ends_at")
    if start and end and end < start:  # canonical UTC strings sort like times
        return {"ends_at": ["La fin doit venir après le début."]}
    return {}


def _check_referrals(row: dict) -> dict:
    if row.get("consent") is not True:
        return {"consent": ["Le consentement de la personne est obligatoire."]}
    return {}


def _check_contacts(row: dict) -> dict:
    if row.get("self_test") is None:
        return {}
    try:
        validate_self_test(row["self_test"])
    except SelfTestError as exc:
        return {"self_test": exc.errors}
    return {}


# Not about one person: a session's notes are the referent's, kept with the session.
SESSIONS = Table("sessions", "Séances", schema_name="SessionSchema", check=_check_sessions,
                 columns={
    "kind": Column(Code(c.SESSION_KINDS), CODE, "Type", required=True),
    "title": Column(Text(300), TEXT, "Titre", required=True),
    "starts_at": Column(Moment(), CODE, "Début", required=True),
    "ends_at": Column(Moment(**OPT), CODE, "Fin"),
    "place": Column(Text(300, **OPT), CODE, "Lieu"),
    "action": Column(Code(c.ACTIONS, **OPT), CODE, "Action"),
    "public": Column(StrictBool(**OPT), CODE, "Ouverte au public"),
    "anonymous_count": Column(Int(0, 10_000, **OPT), CODE, "Participants sans fiche"),
    "notes": Column(Text(5000, **OPT), TEXT, "Notes"),
})

ATTENDANCES = Table("attendances", "Participations", file_title="Participations aux ateliers et permanences", schema_name="AttendanceSchema",
                    about_person=True, natural_key=("session_id", "beneficiary_id"), columns={
    "session_id": Column(Ref("sessions"), REF, "Séance", required=True, indexed=True,
                         out=Out("seance", "session")),
    "beneficiary_id": Column(Ref("beneficiaries"), REF, "Personne", required=True, indexed=True),
    "present": Column(StrictBool(), CODE, "Présent", default=True, out=Out("present", "yes_no")),
})

CONTACTS = Table("contacts", "Contacts", file_title="Contacts (appels, visites, messages)",
                  file_order="date", contact_dates=("date",), schema_name="ContactSchema", about_person=True,
                 check=_check_contacts, columns={
    "date": Column(Moment(**OPT), CODE, "Date", out=Out("date", "day")),
    "channel": Column(Code(c.CHANNELS), CODE, "Canal", required=True, out=Out("canal")),
    "audience": Column(Code(c.AUDIENCES, **OPT), CODE, "Public", out=Out("public")),
    "subject": Column(Text(500, **OPT), TEXT, "Sujet", retention=None),
    "orientation": Column(Text(5000, **OPT), TEXT, "Orientation donnée", retention=None),
    "beneficiary_id": Column(Ref("beneficiaries", **OPT), REF, "Personne", indexed=True),
    "partner_id": Column(Ref("partners", **OPT), REF, "Partenaire", out=Out("partenaire", "partner")),
    "name": Column(Text(200, **OPT), PERSONAL, "Nom", retention=None),
    "phone": Column(Text(50, **OPT), PERSONAL, "Téléphone", retention=None),
    "email": Column(Text(320, **OPT), PERSONAL, "Courriel", retention=None),
    "callback_status": Column(Code(c.CALLBACK_STATUSES, **OPT), CODE, "Rappel",
                              out=Out("rappel")),
    "notes": Column(Text(5000, **OPT), TEXT, "Notes", retention=None),
    # Codes only (server/domain/selftest.py), sent with the young person's explicit consent;
    # its one yes/no about adapted transport goes at anonymisation with the rest.
    "self_test": Column(fields.Dict(**OPT), CODE, "Auto-test « Où j'en suis pour bouger ? »",
                        retention=None),
})

# A referral names the young person before any file exists: all of it goes at anonymisation,
# and the same details go 90 days after a refusal or an expiry (services/referral_timers.py).
REFERRALS = Table("referrals", "Orientations", file_title="Orientations par des partenaires",
                   contact_dates=("answered_at",), schema_name="ReferralSchema", about_person=True,
                  scope_column="prescriber_id", check=_check_referrals,
                  created_out="recue_le", columns={
    "prescriber_id": Column(Ref("users", **OPT), REF, "Prescripteur (compte)"),
    "partner_id": Column(Ref("partners", **OPT), REF, "Partenaire", out=Out("partenaire", "partner")),
    "beneficiary_id": Column(Ref("beneficiaries", **OPT), REF, "Personne", indexed=True),
    "first_name": Column(Text(200), PERSONAL, "Prénom", required=True, retention=MARKER),
    "last_name": Column(Text(200), PERSONAL, "Nom", required=True, retention=MARKER),
    "birth_date": Column(Day(**OPT), PERSONAL, "Date de naissance", retention=None,
                         out=Out("tranche_age", "age_band_received")),
    "phone": Column(Text(50, **OPT), PERSONAL, "Téléphone", retention=None),
    "email": Column(Text(320, **OPT), PERSONAL, "Courriel", retention=None),
    "commune": Column(Text(200, **OPT), PERSONAL, "Commune", retention=None,
                      out=Out("commune", "commune")),
    "commune_code": Column(CommuneCode(**OPT), PERSONAL, "Code INSEE de la commune",
                           retention=None),
    "situation": Column(Text(5000, **OPT), TEXT, "Situation", retention=None),
    "needs": Column(Text(5000, **OPT), TEXT, "Besoins", retention=None),
    "contact_preference": Column(Code(c.CONTACT_PREFERENCES, **OPT), CODE,
                                 "Préférence de contact", out=Out("preference_contact")),
    "consent": Column(StrictBool(), CODE, "Consentement", required=True,
                      out=Out("consentement", "yes_no")),
    "status": Column(Code(c.REFERRAL_STATUSES), CODE, "Statut", default="ouverte",
                     out=Out("statut")),
    "refusal_reason": Column(Code(c.REFUSAL_REASONS, **OPT), CODE, "Motif du refus",
                             out=Out("motif_refus")),
    "reason": Column(Text(2000, **OPT), TEXT, "Commentaire sur la réponse", retention=None),
    "answered_at": Column(Moment(**OPT), CODE, "Réponse le", out=Out("repondue_le", "day")),
    "reminded_at": Column(Moment(**OPT), CODE, "Relance le"),
    # Set by the server when the referral arrives (services/policy.py): what a client sends
    # is replaced. The 10-day reminder and the 30-day expiry count from it.
    "sent_at": Column(Moment(**OPT), CODE, "Reçue le"),
})
