"""A young person's file: the person, their mobility diagnostics and their action plan."""
from marshmallow import fields

from ..domain.consent import check_consent
from ..domain.diagnostic import DiagnosticError, score, validate_answers
from . import codes as c
from .fields import Code, CommuneCode, Day, Int, Moment, Ref, StrictBool, Text
from .base import MARKER, Column, Out, Privacy, Retain, Table

OPT = {"allow_none": True}
PERSONAL, TEXT, CODE, REF = Privacy.PERSONAL, Privacy.FREE_TEXT, Privacy.CODE, Privacy.REF


BENEFICIARIES = Table("beneficiaries", "Jeunes", schema_name="BeneficiarySchema",
                      check=check_consent, columns={
    "first_name": Column(Text(200), PERSONAL, "Prénom", required=True, retention=MARKER),
    "last_name": Column(Text(200), PERSONAL, "Nom", required=True, retention=MARKER),
    "birth_date": Column(Day(**OPT), PERSONAL, "Date de naissance",
                         retention=Retain.COARSEN_BIRTH_DATE, out=Out("tranche_age", "age_band")),
    "sex": Column(Code(c.SEXES, **OPT), CODE, "Sexe", out=Out("sexe")),
    # Kept by anonymisation: the figures count people per commune of residence.
    "commune": Column(Text(200, **OPT), CODE, "Commune", out=Out("commune", "commune")),
    # Set with the official name when the commune is chosen from the list (the app's picker).
    "commune_code": Column(CommuneCode(**OPT), CODE, "Code INSEE de la commune"),
    "phone": Column(Text(50, **OPT), PERSONAL, "Téléphone", retention=None),
    "email": Column(Text(320, **OPT), PERSONAL, "Courriel", retention=None),
    "status": Column(Code(c.BENEFICIARY_STATUSES, **OPT), CODE, "Situation ou statut",
                     out=Out("situation")),
    "referred_by": Column(Ref("users", **OPT), REF, "Orienté par (compte)",
                          out=Out("oriente_par", "partner")),
    "qpv": Column(StrictBool(**OPT), CODE, "Habite un quartier prioritaire (QPV)",
                  out=Out("qpv", "yes_no")),
    # France Ruralités Revitalisation replaced the ZRR on 1 July 2024 (loi de finances 2024).
    "frr": Column(StrictBool(**OPT), CODE,
                  "Habite une commune France Ruralités Revitalisation (FRR, ex-ZRR)",
                  out=Out("frr", "yes_no")),
    # A need, never a diagnosis: no medical detail is asked or kept.
    "adapted_transport": Column(StrictBool(**OPT), CODE,
                                "Besoin d'un transport adapté ou d'un accès sans marche"),
    "education_level": Column(Text(50, **OPT), CODE, "Niveau d'études",
                              out=Out("niveau_etudes", "level")),
    # Consent is the basis for holding personal data: none is left after anonymisation.
    "consent_at": Column(Moment(**OPT), CODE, "Consentement donné le", retention=None,
                         out=Out("consentement", "given")),
    "consent_scope": Column(Text(200, **OPT), TEXT, "Ce que couvre le consentement",
                            retention=None),
    "parent_consent_at": Column(Moment(**OPT), CODE, "Consentement d'un parent donné le",
                                retention=None, out=Out("consentement_parent", "given")),
    "notes": Column(Text(5000, **OPT), TEXT, "Notes", retention=None),
})


def _check_diagnostics(row: dict) -> dict:
    if row.get("answers") is None:
        return {}
    try:
        validate_answers(row["answers"])
    except DiagnosticError as exc:
        return {"answers": exc.errors}
    return {}


def _derive_diagnostic(row: dict) -> dict:
    levels, stage = score(row.get("answers") or {})
    return {"levels": levels, "stage": stage}


DIAGNOSTICS = Table("diagnostics", "Diagnostics mobilité", file_title="Diagnostics mobilité",
                    file_order="date", contact_dates=("date",), schema_name="DiagnosticSchema",
                    about_person=True, check=_check_diagnostics, derive=_derive_diagnostic,
                    columns={
    "beneficiary_id": Column(Ref("beneficiaries"), REF, "Personne", required=True, indexed=True),
    "date": Column(Day(), CODE, "Date", required=True, out=Out("date")),
    "questionnaire_version": Column(Int(1, 100), CODE, "Version du questionnaire", default=1,
                                    out=Out("version_questionnaire")),
    # Codes and levels, and a few free-text answers (checked by server.domain.diagnostic).
    "answers": Column(fields.Dict(**OPT), TEXT, "Réponses", retention=Retain.PRUNE_FREE_ANSWERS),
    "levels": Column(fields.Raw(**OPT), CODE, "Niveaux par dimension", derived=True,
                     out=Out("niveau", "levels")),
    "stage": Column(fields.Raw(**OPT), CODE, "Étape du parcours", derived=True,
                    out=Out("etape")),
})

ACTION_STEPS = Table("action_steps", "Plan d'action", file_title="Plan d'action",
                     file_order="due_date", contact_dates=("done_at",), schema_name="ActionStepSchema",
                     about_person=True, columns={
    "beneficiary_id": Column(Ref("beneficiaries"), REF, "Personne", required=True, indexed=True),
    "stage": Column(Code(c.STAGES, **OPT), CODE, "Étape du parcours", out=Out("etape")),
    "label": Column(Text(500), TEXT, "Étape", required=True, retention=MARKER),
    "due_date": Column(Day(**OPT), CODE, "Pour le", out=Out("echeance")),
    "status": Column(Code(c.STEP_STATUSES, **OPT), CODE, "Statut", default="a-faire",
                      out=Out("statut")),
    "offer_id": Column(Ref("offers", **OPT), REF, "Offre", out=Out("offre", "offer")),
    "partner_id": Column(Ref("partners", **OPT), REF, "Partenaire", out=Out("partenaire", "partner")),
    "done_at": Column(Day(**OPT), CODE, "Faite le", out=Out("fait_le")),
    "objective_id": Column(Ref("objectives", **OPT), REF, "Objectif"),
    "carried_by": Column(Code(c.STEP_CARRIERS, **OPT), CODE, "Qui s'en charge",
                         out=Out("porte_par")),
})

# An objective of the plan (Carnet de bord): tied to a barrier and a stage the diagnostic
# found; the steps that serve it name it (action_steps.objective_id).
OBJECTIVES = Table("objectives", "Objectifs du plan d'action",
                   file_title="Objectifs du plan d'action", contact_dates=("reached_at",), schema_name="ObjectiveSchema",
                   about_person=True, columns={
    "beneficiary_id": Column(Ref("beneficiaries"), REF, "Personne", required=True, indexed=True),
    "diagnostic_id": Column(Ref("diagnostics", **OPT), REF, "Diagnostic"),
    "barrier": Column(Code(c.BARRIERS, **OPT), CODE, "Frein visé", out=Out("frein")),
    "stage": Column(Code(c.STAGES, **OPT), CODE, "Étape du parcours", out=Out("etape")),
    "label": Column(Text(500), TEXT, "Objectif", required=True, retention=MARKER),
    "status": Column(Code(c.OBJECTIVE_STATUSES, **OPT), CODE, "Statut", default="en-cours",
                     out=Out("statut")),
    "reached_at": Column(Day(**OPT), CODE, "Atteint le", out=Out("atteint_le")),
})
