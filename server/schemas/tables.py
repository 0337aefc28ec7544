"""One marshmallow schema per synced table; unknown fields are refused by name."""
from marshmallow import RAISE, Schema, fields

from . import codes as c
from .fields import Code, Day, Int, Link, Moment, Real, Ref, StrictBool, Text, codes, texts

OPT = {"allow_none": True}


class _Base(Schema):
    class Meta:
        unknown = RAISE


class PartnerSchema(_Base):
    nom = Text(300)
    description = Text(5000, **OPT)
    siret = Text(14, **OPT)
    commune = Text(200, **OPT)
    code_postal = Text(5, **OPT)
    code_insee = Text(5, **OPT)
    adresse = Text(500, **OPT)
    longitude = Real(-180, 180, **OPT)
    latitude = Real(-90, 90, **OPT)
    telephone = Text(50, **OPT)
    courriel = Text(320, **OPT)
    site_web = Link(500, **OPT)
    horaires_accueil = Text(500, **OPT)
    accessibilite_lieu = Link(500, **OPT)  # an acceslibre page
    date_maj = Day(**OPT)
    last_checked_at = Day(**OPT)
    check_every_days = Int(1, 3650, **OPT)


class OfferSchema(_Base):
    structure_id = Ref(**OPT)
    nom = Text(300)
    description = Text(5000, **OPT)
    falc = Text(2000, **OPT)
    date_maj = Day(**OPT)
    type = Code(c.OFFER_TYPES, **OPT)
    thematiques = codes(c.THEMATIQUES, **OPT)
    frais = Code(c.FRAIS, **OPT)
    frais_precisions = Text(2000, **OPT)
    publics = texts(**OPT)
    publics_precisions = Text(2000, **OPT)
    conditions_acces = Text(2000, **OPT)
    zone_eligibilite = texts(max_len=20, **OPT)
    adresse = Text(500, **OPT)
    commune = Text(200, **OPT)
    code_postal = Text(5, **OPT)
    code_insee = Text(5, **OPT)
    latitude = Real(-90, 90, **OPT)
    longitude = Real(-180, 180, **OPT)
    telephone = Text(50, **OPT)
    courriel = Text(320, **OPT)
    site_web = Link(500, **OPT)
    modes_accueil = codes(c.MODES_ACCUEIL, **OPT)
    modes_mobilisation = codes(c.MODES_MOBILISATION, **OPT)
    mobilisable_par = codes(c.MOBILISABLE_PAR, **OPT)
    lien_mobilisation = Link(500, **OPT)
    horaires_accueil = Text(500, **OPT)
    age_min = Int(0, 120, **OPT)
    age_max = Int(0, 120, **OPT)
    last_checked_at = Day(**OPT)
    check_every_days = Int(1, 3650, **OPT)


class BeneficiarySchema(_Base):
    first_name = Text(200)
    last_name = Text(200)
    birth_date = Day(**OPT)
    sex = Code(c.SEXES, **OPT)
    commune = Text(200, **OPT)
    phone = Text(50, **OPT)
    email = Text(320, **OPT)
    status = Code(c.BENEFICIARY_STATUSES, **OPT)
    referred_by = Ref(**OPT)
    qpv = StrictBool(**OPT)
    zrr = StrictBool(**OPT)
    education_level = Text(50, **OPT)
    consent_at = Moment(**OPT)
    consent_scope = Text(200, **OPT)
    parent_consent_at = Moment(**OPT)
    notes = Text(5000, **OPT)


class DiagnosticSchema(_Base):
    beneficiary_id = Ref()
    date = Day()
    questionnaire_version = Int(1, 100)
    answers = fields.Dict(**OPT)  # checked in depth by server.domain.diagnostic
    # Computed by the server from `answers`; what a client sends is ignored.
    levels = fields.Raw(**OPT)
    stage = fields.Raw(**OPT)


class SessionSchema(_Base):
    kind = Code(c.SESSION_KINDS)
    title = Text(300)
    starts_at = Moment()
    ends_at = Moment(**OPT)
    place = Text(300, **OPT)
    action = Code(c.ACTIONS, **OPT)
    public = StrictBool(**OPT)
    anonymous_count = Int(0, 10_000, **OPT)
    notes = Text(5000, **OPT)


class AttendanceSchema(_Base):
    session_id = Ref()
    beneficiary_id = Ref()
    present = StrictBool()


class ContactSchema(_Base):
    date = Moment(**OPT)
    channel = Code(c.CHANNELS)
    audience = Code(c.AUDIENCES, **OPT)
    subject = Text(500, **OPT)
    orientation = Text(5000, **OPT)
    beneficiary_id = Ref(**OPT)
    partner_id = Ref(**OPT)
    name = Text(200, **OPT)
    phone = Text(50, **OPT)
    email = Text(320, **OPT)
    callback_status = Code(c.CALLBACK_STATUSES, **OPT)
    notes = Text(5000, **OPT)


class ReferralSchema(_Base):
    prescriber_id = Ref(**OPT)
    partner_id = Ref(**OPT)
    beneficiary_id = Ref(**OPT)
    first_name = Text(200)
    last_name = Text(200)
    birth_date = Day(**OPT)
    phone = Text(50, **OPT)
    email = Text(320, **OPT)
    commune = Text(200, **OPT)
    situation = Text(5000, **OPT)
    needs = Text(5000, **OPT)
    contact_preference = Code(c.CONTACT_PREFERENCES, **OPT)
    consent = StrictBool()
    status = Code(c.REFERRAL_STATUSES)
    reason = Text(2000, **OPT)
    answered_at = Moment(**OPT)
    reminded_at = Moment(**OPT)


class ActionStepSchema(_Base):
    beneficiary_id = Ref()
    stage = Code(c.STAGES, **OPT)
    label = Text(500)
    due_date = Day(**OPT)
    status = Code(c.STEP_STATUSES, **OPT)
    offer_id = Ref(**OPT)
    partner_id = Ref(**OPT)
    done_at = Day(**OPT)


class OutcomeSchema(_Base):
    beneficiary_id = Ref()
    kind = Code(c.OUTCOME_KINDS)
    date = Day()
    notes = Text(2000, **OPT)


class TraineeSchema(_Base):
    session_id = Ref()
    name = Text(200)
    partner_id = Ref(**OPT)
    job_title = Text(200, **OPT)


SCHEMAS = {
    "partners": PartnerSchema, "offers": OfferSchema, "beneficiaries": BeneficiarySchema,
    "diagnostics": DiagnosticSchema, "sessions": SessionSchema,
    "attendances": AttendanceSchema, "contacts": ContactSchema,
    "referrals": ReferralSchema, "action_steps": ActionStepSchema,
    "outcomes": OutcomeSchema, "trainees": TraineeSchema,
}
