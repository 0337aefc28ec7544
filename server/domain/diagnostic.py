"""Validate and score mobility-diagnostic answers (``diagnostics.answers``, questionnaire v1).

The web app mirrors these rules in JS, so they stay small, integer-only and deterministic.
``score`` expects answers already accepted by ``validate_answers``.

Levels (1 = strong need ... 4 = autonomous; ``None`` when the part was not answered):

============  ==================================================================
dimension     rule
============  ==================================================================
competences   rounded mean of the skills given (halves round up)
freins        4 - worst severity (``sante: true`` counts as severity 2);
              one level less (min 1) when the severities add up to 6 or more
moyens        4 with a usable licence (b/am/autre, not suspended) and a usable
              vehicle (``insurance`` not false); otherwise 1 + how many of
              {usable licence, usable vehicle, transport pass} the person has
pratiques     points: ``souvent`` = 2, ``parfois`` = 1, ``jamais`` = 0, summed over
              modes; 0 -> 1, 1-2 -> 2, 3-5 -> 3, 6+ -> 4
motivation    the motivation answer itself
============  ==================================================================

Stage (first rule that matches; rules 1-4 only look at assessed dimensions):

1. competences <= 2 -> ``apprendre`` (learn to read a timetable, use an app...)
2. motivation <= 2, or psychological barrier >= 2 -> ``envie``
3. moyens <= 2, or freins <= 2 -> ``moyens``
4. pratiques <= 2 -> ``envie`` (the means are there, the habit is not yet)
5. all five dimensions assessed -> ``autonomie``
6. otherwise the step of the first dimension not assessed, in rule order
   (competences, motivation, moyens/freins, pratiques): nobody is placed further
   on the path than what was checked; empty answers give ``apprendre``.
"""

from marshmallow import RAISE, Schema, ValidationError, fields, validate

MODES = ("marche", "urbus", "mobigo", "ter", "velo", "deux-roues", "passager", "covoiturage", "tad")
FREQUENCIES = ("jamais", "parfois", "souvent")
LICENCES = ("aucun", "code-en-cours", "code", "conduite-en-cours", "b", "am", "autre")
RADII = ("quartier", "commune", "communaute", "au-dela")
SKILLS = ("lire-horaires", "s-orienter", "appli-itineraire", "acheter-titre", "faire-velo",
          "demander-chemin")
GRADED_BARRIERS = ("financier", "psychologique", "numerique", "lecture-langue", "administratif",
                   "familial", "territorial")
DIMENSIONS = ("pratiques", "moyens", "competences", "freins", "motivation")
STAGES = ("apprendre", "envie", "moyens", "autonomie")
THEMATIQUES = (
    "mobilite",
    "mobilite--acceder-a-un-vehicule",
    "mobilite--entretenir-reparer-son-vehicule",
    "mobilite--etre-accompagne-dans-son-parcours-mobilite",
    "mobilite--financer-ma-mobilite",
    "mobilite--preparer-un-permis",
    "mobilite--mobilite-douce-partagee-collective",
)

# The French words of an answers object's keys (a person's export, the app's conflict screen).
ANSWER_WORDS = {
    "project": "Projet", "goal": "But", "destinations": "Lieux à rejoindre",
    "atypical_hours": "Horaires décalés", "radius": "Loin, c'est où ?",
    "gave_up": "A déjà renoncé faute de mobilité", "practices": "Déplacements habituels",
    "means": "Moyens", "licence": "Permis", "licence_valid": "Permis valide",
    "vehicle": "Véhicule", "insurance": "Assurance", "transport_pass": "Abonnement",
    "skills": "Savoir-faire", "barriers": "Freins", "motivation": "Motivation",
    "strengths": "Points forts", "sante": "Frein de santé (oui/non)",
}
MAX_TEXT = 2000
MAX_DESTINATIONS = 20
SANTE_SEVERITY = 2  # the flag has no severity on purpose (no health detail is stored)
USABLE_LICENCES = ("b", "am", "autre")
LICENCE_IN_PROGRESS = ("aucun", "code-en-cours", "code", "conduite-en-cours")


class DiagnosticError(ValueError):
    """Carry field-keyed validation errors (marshmallow's nested dict)."""

    def __init__(self, errors: dict):
        super().__init__(f"invalid diagnostic answers: {errors}")
        self.errors = errors


class StrictBoolean(fields.Boolean):
    """Accept only JSON true/false: 1, "yes" or free text are refused."""

    def _deserialize(self, value, attr, data, **kwargs):
        # `1 in {True}` is true in Python, so the stock truthy sets cannot be used.
        if value is True or value is False:
            return value
        raise self.make_error("invalid", input=value)


def _level(lo: int, hi: int) -> fields.Integer:
    # strict=True refuses 2.0 and "2"; Number already refuses booleans.
    return fields.Integer(strict=True, validate=validate.Range(min=lo, max=hi))


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class ProjectSchema(_Strict):
    """Validate the project and destinations part."""

    goal = fields.String(validate=validate.Length(max=MAX_TEXT))
    destinations = fields.List(fields.String(validate=validate.Length(min=1, max=100)),
                               validate=validate.Length(max=MAX_DESTINATIONS))
    atypical_hours = StrictBoolean()
    radius = fields.String(validate=validate.OneOf(RADII))
    gave_up = StrictBoolean()


class MeansSchema(_Strict):
    """Validate the licence / vehicle / pass part."""

    licence = fields.String(validate=validate.OneOf(LICENCES))
    licence_valid = StrictBoolean()
    vehicle = StrictBoolean()
    insurance = StrictBoolean()
    transport_pass = StrictBoolean()


# Keys such as "lire-horaires" are not Python identifiers, hence from_dict.
PracticesSchema = _Strict.from_dict(
    {m: fields.String(validate=validate.OneOf(FREQUENCIES)) for m in MODES}, name="PracticesSchema")
SkillsSchema = _Strict.from_dict({s: _level(1, 4) for s in SKILLS}, name="SkillsSchema")
BarriersSchema = _Strict.from_dict(
    {**{b: _level(0, 3) for b in GRADED_BARRIERS}, "sante": StrictBoolean()},
    name="BarriersSchema")


class AnswersSchema(_Strict):
    """Validate ``diagnostics.answers`` v1: every part optional, nothing unknown, no null."""

    project = fields.Nested(ProjectSchema)
    practices = fields.Nested(PracticesSchema)
    means = fields.Nested(MeansSchema)
    skills = fields.Nested(SkillsSchema)
    barriers = fields.Nested(BarriersSchema)
    motivation = _level(1, 4)
    strengths = fields.String(validate=validate.Length(max=MAX_TEXT))


def validate_answers(data) -> dict:
    """Return the cleaned answers or raise DiagnosticError(errors keyed by field name).

    Unknown keys give ``{"key": ["Unknown field."]}`` (nested under their part); ``null``
    values are refused: the client omits what was not answered.
    """
    try:
        return AnswersSchema().load(data)
    except ValidationError as err:
        errors = err.messages if isinstance(err.messages, dict) else {"_schema": err.messages}
        raise DiagnosticError(errors) from err


def _round_mean(values) -> int:
    # floor(mean + 1/2) in integers: same result as Math.floor in JS, no banker's rounding.
    n = len(values)
    return (2 * sum(values) + n) // (2 * n)


def _freins(barriers: dict):
    if not barriers:
        return None
    severities = [barriers.get(b, 0) for b in GRADED_BARRIERS]
    if barriers.get("sante") is True:
        severities.append(SANTE_SEVERITY)
    level = 4 - max(severities)
    if sum(severities) >= 6:  # many moderate barriers weigh like a severe one
        level -= 1
    return max(level, 1)


def _moyens(means: dict):
    if not means:
        return None
    licence = means.get("licence") in USABLE_LICENCES and means.get("licence_valid") is not False
    vehicle = means.get("vehicle") is True and means.get("insurance") is not False
    if licence and vehicle:
        return 4
    return 1 + licence + vehicle + (means.get("transport_pass") is True)


def _pratiques(practices: dict):
    if not practices:
        return None
    # The index in FREQUENCIES is the point count: jamais 0, parfois 1, souvent 2.
    points = sum(FREQUENCIES.index(f) for f in practices.values())
    return 1 if points == 0 else 2 if points <= 2 else 3 if points <= 5 else 4


def _stage(levels: dict, psychologique: int) -> str:
    def low(dim):
        return levels[dim] is not None and levels[dim] <= 2

    if low("competences"):
        return "apprendre"
    if low("motivation") or psychologique >= 2:
        return "envie"
    if low("moyens") or low("freins"):
        return "moyens"
    if low("pratiques"):
        return "envie"
    for dims, stage in ((("competences",), "apprendre"), (("motivation",), "envie"),
                        (("moyens", "freins"), "moyens"), (("pratiques",), "envie")):
        if any(levels[d] is None for d in dims):
            return stage
    return "autonomie"


def score(answers: dict) -> tuple[dict, str]:
    """Compute (levels per dimension, stage on the path) from validated answers."""
    skills = answers.get("skills") or {}
    levels = {
        "pratiques": _pratiques(answers.get("practices") or {}),
        "moyens": _moyens(answers.get("means") or {}),
        "competences": _round_mean(list(skills.values())) if skills else None,
        "freins": _freins(answers.get("barriers") or {}),
        "motivation": answers.get("motivation"),
    }
    psychologique = (answers.get("barriers") or {}).get("psychologique", 0)
    return levels, _stage(levels, psychologique)


def suggest_thematiques(answers: dict) -> list[str]:
    """List the data·inclusion mobility thématiques matching the needs found, in code order.

    financier >= 1 -> financer; licence not yet obtained or suspended -> preparer-un-permis;
    vehicle false -> acceder-a-un-vehicule + douce-partagee-collective; vehicle true with a
    financial barrier -> entretenir-reparer (garage solidaire); transport_pass false or
    territorial >= 2 -> douce-partagee-collective; competences <= 2, motivation <= 2 or
    psychologique / numerique / lecture-langue >= 2 -> etre-accompagne.
    """
    means = answers.get("means") or {}
    barriers = answers.get("barriers") or {}
    levels, _ = score(answers)
    found = set()
    if barriers.get("financier", 0) >= 1:
        found.add("mobilite--financer-ma-mobilite")
        if means.get("vehicle") is True:
            found.add("mobilite--entretenir-reparer-son-vehicule")
    if means.get("licence") in LICENCE_IN_PROGRESS or means.get("licence_valid") is False:
        found.add("mobilite--preparer-un-permis")
    if means.get("vehicle") is False:
        found.update(("mobilite--acceder-a-un-vehicule",
                      "mobilite--mobilite-douce-partagee-collective"))
    if means.get("transport_pass") is False or barriers.get("territorial", 0) >= 2:
        found.add("mobilite--mobilite-douce-partagee-collective")
    needs_support = any(levels[d] is not None and levels[d] <= 2
                        for d in ("competences", "motivation"))
    if needs_support or any(barriers.get(b, 0) >= 2
                            for b in ("psychologique", "numerique", "lecture-langue")):
        found.add("mobilite--etre-accompagne-dans-son-parcours-mobilite")
    return [code for code in THEMATIQUES if code in found]
