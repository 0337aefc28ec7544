"""The young person's self-test « Où j'en suis pour bouger ? » (``contacts.self_test``).

Eight questions answered with codes only: no free text, and no health detail beyond one
yes/no (``adapte``: a need for adapted transport or step-free access). The web app holds the
same questions and their words (pwa/js/selftest.js); a node test keeps both lists in step.

How the answers feed the mobility diagnostic (questionnaire v1), documented in docs/pwa.md:

=========  ==========================================  ===============================
question   diagnostic answer it fills                  dimension
=========  ==========================================  ===============================
besoin     none (points to the catalogue's needs)      -
permis     means.licence (same codes)                  moyens
vehicule   means.vehicle (oui -> true, non -> false)   moyens
horaires   skills["lire-horaires"] (non 1, aide 3,     competences
           seul 4)
loin       project.radius (same codes)                 - (project)
decale     project.atypical_hours                      - (project)
prix       barriers.financier (non 0, un-peu 1,        freins
           beaucoup 3)
adapte     none: the person's own yes/no need          -
=========  ==========================================  ===============================
"""
from marshmallow import RAISE, Schema, ValidationError, fields, validate

QUESTIONS = {
    "besoin": ("permis", "vehicule", "bus", "payer", "accompagne"),
    "permis": ("aucun", "code-en-cours", "conduite-en-cours", "b"),
    "vehicule": ("oui", "non"),
    "horaires": ("seul", "aide", "non"),
    "loin": ("quartier", "commune", "communaute", "au-dela"),
    "decale": ("oui", "non"),
    "prix": ("non", "un-peu", "beaucoup"),
    "adapte": ("oui", "non"),
}
# The referent's words for each question (the contact screen and a person's export).
WORDS = {
    "besoin": "Ce qui l'aiderait d'abord", "permis": "Permis", "vehicule": "Un véhicule à soi",
    "horaires": "Lire un horaire de bus ou de train", "loin": "Jusqu'où elle ou il va seul·e",
    "decale": "Horaires décalés", "prix": "Le prix des trajets est un problème",
    "adapte": "Besoin d'un transport adapté ou d'un accès sans marche",
}
SKILL = {"seul": 4, "aide": 3, "non": 1}
FINANCIAL = {"non": 0, "un-peu": 1, "beaucoup": 3}


class SelfTestError(ValueError):
    """Carry field-keyed validation errors."""

    def __init__(self, errors: dict):
        super().__init__(f"invalid self-test: {errors}")
        self.errors = errors


class SelfTestSchema(Schema):
    """Validate the answers: known questions, known codes, at least one answer."""

    class Meta:
        unknown = RAISE

    besoin = fields.String(validate=validate.OneOf(QUESTIONS["besoin"]))
    permis = fields.String(validate=validate.OneOf(QUESTIONS["permis"]))
    vehicule = fields.String(validate=validate.OneOf(QUESTIONS["vehicule"]))
    horaires = fields.String(validate=validate.OneOf(QUESTIONS["horaires"]))
    loin = fields.String(validate=validate.OneOf(QUESTIONS["loin"]))
    decale = fields.String(validate=validate.OneOf(QUESTIONS["decale"]))
    prix = fields.String(validate=validate.OneOf(QUESTIONS["prix"]))
    adapte = fields.String(validate=validate.OneOf(QUESTIONS["adapte"]))


def validate_self_test(data) -> dict:
    """Return the cleaned answers or raise SelfTestError."""
    if not isinstance(data, dict):
        raise SelfTestError({"_schema": ["Réponses du test invalides."]})
    try:
        answers = SelfTestSchema().load(data)
    except ValidationError as err:
        raise SelfTestError(err.messages if isinstance(err.messages, dict)
                            else {"_schema": err.messages}) from err
    if not answers:
        raise SelfTestError({"_schema": ["Le test n'a aucune réponse."]})
    return answers


def to_diagnostic(answers: dict) -> dict:
    """Return the diagnostic answers (v1) the self-test covers, per the table above."""
    out: dict = {}
    if "permis" in answers:
        out.setdefault("means", {})["licence"] = answers["permis"]
    if "vehicule" in answers:
        out.setdefault("means", {})["vehicle"] = answers["vehicule"] == "oui"
    if "horaires" in answers:
        out["skills"] = {"lire-horaires": SKILL[answers["horaires"]]}
    if "loin" in answers:
        out.setdefault("project", {})["radius"] = answers["loin"]
    if "decale" in answers:
        out.setdefault("project", {})["atypical_hours"] = answers["decale"] == "oui"
    if "prix" in answers:
        out["barriers"] = {"financier": FINANCIAL[answers["prix"]]}
    return out
