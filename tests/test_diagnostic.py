"""Diagnostic answers: validation, scoring and thématique suggestions."""

import copy
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain.diagnostic import (
    DIMENSIONS, FREQUENCIES, GRADED_BARRIERS, LICENCES, MODES, RADII, SKILLS, STAGES,
    THEMATIQUES, AnswersSchema, DiagnosticError, score, suggest_thematiques, validate_answers,
)

# The example of docs/data-model.md, with one value per code list.
DOC_EXAMPLE = {
    "project": {"goal": "Apprentie boulangère à Oyonnax", "destinations": ["Oyonnax"],
                "atypical_hours": True, "radius": "commune", "gave_up": False},
    "practices": {"marche": "souvent", "urbus": "parfois", "velo": "jamais"},
    "means": {"licence": "code-en-cours", "licence_valid": True, "vehicle": False,
              "insurance": False, "transport_pass": False},
    "skills": {"lire-horaires": 1, "s-orienter": 2, "appli-itineraire": 3, "acheter-titre": 4,
               "faire-velo": 2, "demander-chemin": 3},
    "barriers": {"financier": 2, "psychologique": 0, "numerique": 1, "lecture-langue": 0,
                 "administratif": 0, "familial": 0, "territorial": 3, "sante": True},
    "motivation": 3,
    "strengths": "Je suis à l'heure et j'aime le travail manuel.",
}

AUTONOMOUS = {
    "practices": {"marche": "souvent", "urbus": "souvent", "mobigo": "parfois", "ter": "parfois"},
    "means": {"licence": "b", "licence_valid": True, "vehicle": True, "insurance": True},
    "skills": {s: 4 for s in SKILLS},
    "barriers": {b: 0 for b in GRADED_BARRIERS} | {"sante": False},
    "motivation": 4,
}


def with_(base, **parts):
    """Copy answers and replace whole parts."""
    answers = copy.deepcopy(base)
    answers.update(parts)
    return answers


def errors_of(data):
    with pytest.raises(DiagnosticError) as info:
        validate_answers(data)
    return info.value.errors


# ---------- validation ----------

def test_accepts_the_complete_documented_example_unchanged():
    assert validate_answers(copy.deepcopy(DOC_EXAMPLE)) == DOC_EXAMPLE


def test_accepts_empty_answers_without_adding_defaults():
    assert validate_answers({}) == {}
    assert validate_answers({"skills": {}}) == {"skills": {}}


@pytest.mark.parametrize("data, path", [
    ({"age": 19}, ("age",)),
    ({"skills": {"nager": 2}}, ("skills", "nager")),
    ({"barriers": {"sante_details": "asthme"}}, ("barriers", "sante_details")),
    ({"practices": {"trottinette": "souvent"}}, ("practices", "trottinette")),
    ({"means": {"licence_date": "2024-01-01"}}, ("means", "licence_date")),
    ({"project": {"salaire": 1800}}, ("project", "salaire")),
])
def test_rejects_unknown_keys_naming_them(data, path):
    errors = errors_of(data)
    for key in path:
        errors = errors[key]
    assert errors == ["Unknown field."]


@pytest.mark.parametrize("data", [
    {"skills": {"lire-horaires": 0}}, {"skills": {"lire-horaires": 5}},
    {"barriers": {"financier": -1}}, {"barriers": {"territorial": 4}},
    {"motivation": 0}, {"motivation": 5},
])
def test_rejects_out_of_range_levels(data):
    errors_of(data)


@pytest.mark.parametrize("value", [2.0, 2.5, "2", True, None, [2]])
def test_int_fields_refuse_anything_but_an_int(value):
    assert "s-orienter" in errors_of({"skills": {"s-orienter": value}})["skills"]
    assert "motivation" in errors_of({"motivation": value})
    assert "financier" in errors_of({"barriers": {"financier": value}})["barriers"]


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_rejects_nan_and_infinity(value):
    assert "motivation" in errors_of({"motivation": value})
    assert "acheter-titre" in errors_of({"skills": {"acheter-titre": value}})["skills"]


@pytest.mark.parametrize("value", ["oui", "diabète, insuline le matin", 1, 0, "true", None, {}])
def test_health_is_a_strict_boolean_flag(value):
    assert "sante" in errors_of({"barriers": {"sante": value}})["barriers"]


@pytest.mark.parametrize("part, field, value", [
    ("means", "licence", "permis-b"), ("practices", "urbus", "tous-les-jours"),
    ("project", "radius", "loin"), ("means", "vehicle", "oui"),
    ("project", "gave_up", 1), ("project", "destinations", "Oyonnax"),
])
def test_enforces_code_lists_and_types(part, field, value):
    assert field in errors_of({part: {field: value}})[part]


def test_limits_text_and_list_sizes():
    assert "strengths" in errors_of({"strengths": "x" * 2001})
    assert "goal" in errors_of({"project": {"goal": "x" * 2001}})["project"]
    assert "destinations" in errors_of({"project": {"destinations": ["Oyonnax"] * 21}})["project"]
    assert validate_answers({"strengths": "x" * 2000})["strengths"] == "x" * 2000


@pytest.mark.parametrize("data", [None, [], "answers", 3])
def test_rejects_non_object_input(data):
    assert "_schema" in errors_of(data)


def test_schema_is_a_marshmallow_schema_that_raises_on_unknown():
    assert AnswersSchema().validate({"x": 1}) == {"x": ["Unknown field."]}


# ---------- levels ----------

@pytest.mark.parametrize("skills, level", [
    ({"lire-horaires": 1, "s-orienter": 2, "appli-itineraire": 3, "acheter-titre": 4,
      "faire-velo": 2, "demander-chemin": 3}, 3),           # 15/6 = 2.5 rounds up
    ({"lire-horaires": 1, "s-orienter": 2}, 2),             # 1.5 rounds up
    ({"lire-horaires": 1, "s-orienter": 1, "faire-velo": 2}, 1),  # 1.33
    ({"lire-horaires": 3, "s-orienter": 4, "faire-velo": 4}, 4),  # 3.67
    ({"demander-chemin": 4}, 4),
])
def test_competences_is_the_rounded_mean(skills, level):
    assert score({"skills": skills})[0]["competences"] == level


@pytest.mark.parametrize("barriers, level", [
    ({b: 0 for b in GRADED_BARRIERS}, 4),
    ({"numerique": 1}, 3),
    ({"financier": 2, "territorial": 3, "sante": True}, 1),
    ({"sante": True}, 2),
    ({"sante": False}, 4),
    ({"financier": 1, "numerique": 1, "familial": 1, "administratif": 1}, 3),       # sum 4
    ({b: 1 for b in GRADED_BARRIERS[:6]}, 2),                                      # sum 6
    ({"financier": 2, "familial": 2, "administratif": 2}, 1),                     # sum 6
    ({"financier": 2, "familial": 2, "sante": True}, 1),                          # 2+2+2
])
def test_freins_from_worst_and_total_severity(barriers, level):
    assert score({"barriers": barriers})[0]["freins"] == level


@pytest.mark.parametrize("means, level", [
    ({"licence": "b", "vehicle": True}, 4),
    ({"licence": "am", "vehicle": True, "insurance": True, "transport_pass": False}, 4),
    ({"licence": "b", "licence_valid": False, "vehicle": True}, 2),   # suspended licence
    ({"licence": "b", "vehicle": True, "insurance": False}, 2),       # uninsured vehicle
    ({"licence": "aucun", "vehicle": False, "transport_pass": False}, 1),
    ({"licence": "conduite-en-cours", "transport_pass": True}, 2),
    ({"licence": "b", "transport_pass": True}, 3),
    ({"vehicle": True, "transport_pass": True}, 3),
])
def test_moyens_from_licence_vehicle_and_pass(means, level):
    assert score({"means": means})[0]["moyens"] == level


@pytest.mark.parametrize("practices, level", [
    ({"marche": "jamais", "urbus": "jamais"}, 1),
    ({"urbus": "parfois"}, 2),
    ({"marche": "souvent"}, 2),
    ({"marche": "souvent", "urbus": "parfois"}, 3),
    ({"marche": "souvent", "urbus": "souvent", "mobigo": "parfois"}, 3),   # 5 points
    ({"marche": "souvent", "urbus": "souvent", "velo": "souvent"}, 4),     # 6 points
])
def test_pratiques_from_modes_and_frequency(practices, level):
    assert score({"practices": practices})[0]["pratiques"] == level


def test_documented_example_scores_as_computed_by_hand():
    levels, stage = score(DOC_EXAMPLE)
    # pratiques 2+1+0 = 3 points; moyens: nothing usable; competences 2.5 -> 3;
    # freins: worst 3 -> 1; motivation as given. Skills and motivation fine, means missing.
    assert levels == {"pratiques": 3, "moyens": 1, "competences": 3, "freins": 1,
                      "motivation": 3}
    assert stage == "moyens"


def test_missing_parts_give_none_levels_and_empty_answers_start_the_path():
    assert score({}) == ({d: None for d in DIMENSIONS}, "apprendre")
    levels, _ = score({"motivation": 2, "skills": {}})
    assert levels["motivation"] == 2 and levels["competences"] is None


# ---------- stage ----------

@pytest.mark.parametrize("answers, stage", [
    (AUTONOMOUS, "autonomie"),
    (with_(AUTONOMOUS, skills={"lire-horaires": 1, "s-orienter": 2}), "apprendre"),
    (with_(AUTONOMOUS, motivation=2), "envie"),
    (with_(AUTONOMOUS, barriers={"psychologique": 2}), "envie"),
    (with_(AUTONOMOUS, means={"licence": "aucun", "vehicle": False}), "moyens"),
    (with_(AUTONOMOUS, barriers={"financier": 2}), "moyens"),
    (with_(AUTONOMOUS, practices={"marche": "souvent"}), "envie"),
    # earlier steps win: low skills and no means -> apprendre first
    (with_(AUTONOMOUS, skills={"lire-horaires": 1}, means={"vehicle": False}), "apprendre"),
    (with_(AUTONOMOUS, motivation=1, means={"vehicle": False}), "envie"),
])
def test_each_stage_is_reachable(answers, stage):
    assert score(validate_answers(answers))[1] == stage


@pytest.mark.parametrize("missing, stage", [
    ("skills", "apprendre"), ("motivation", "envie"), ("means", "moyens"),
    ("barriers", "moyens"), ("practices", "envie"),
])
def test_autonomie_needs_every_dimension_assessed(missing, stage):
    answers = {k: v for k, v in AUTONOMOUS.items() if k != missing}
    assert score(answers)[1] == stage


# ---------- thématiques ----------

def test_suggestions_for_the_documented_example():
    assert suggest_thematiques(DOC_EXAMPLE) == [
        "mobilite--acceder-a-un-vehicule", "mobilite--financer-ma-mobilite",
        "mobilite--preparer-un-permis", "mobilite--mobilite-douce-partagee-collective",
    ]


@pytest.mark.parametrize("answers, expected", [
    ({}, []),
    (AUTONOMOUS, []),
    ({"barriers": {"financier": 1}}, ["mobilite--financer-ma-mobilite"]),
    ({"means": {"vehicle": True}, "barriers": {"financier": 2}},
     ["mobilite--entretenir-reparer-son-vehicule", "mobilite--financer-ma-mobilite"]),
    ({"means": {"licence": "b", "licence_valid": False}}, ["mobilite--preparer-un-permis"]),
    ({"means": {"licence": "b"}}, []),
    ({"means": {"vehicle": False}},
     ["mobilite--acceder-a-un-vehicule", "mobilite--mobilite-douce-partagee-collective"]),
    ({"barriers": {"territorial": 2}}, ["mobilite--mobilite-douce-partagee-collective"]),
    ({"skills": {"lire-horaires": 1, "s-orienter": 2}},
     ["mobilite--etre-accompagne-dans-son-parcours-mobilite"]),
    ({"motivation": 1}, ["mobilite--etre-accompagne-dans-son-parcours-mobilite"]),
    ({"barriers": {"lecture-langue": 2}},
     ["mobilite--etre-accompagne-dans-son-parcours-mobilite"]),
])
def test_suggest_thematiques(answers, expected):
    assert suggest_thematiques(answers) == expected


# ---------- properties ----------

def _optional(**parts):
    return st.fixed_dictionaries({}, optional=parts)


VALID_ANSWERS = _optional(
    project=_optional(goal=st.text(max_size=60),
                      destinations=st.lists(st.text(min_size=1, max_size=30), max_size=20),
                      atypical_hours=st.booleans(), radius=st.sampled_from(RADII),
                      gave_up=st.booleans()),
    practices=st.dictionaries(st.sampled_from(MODES), st.sampled_from(FREQUENCIES)),
    means=_optional(licence=st.sampled_from(LICENCES), licence_valid=st.booleans(),
                    vehicle=st.booleans(), insurance=st.booleans(),
                    transport_pass=st.booleans()),
    skills=st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 4)),
    barriers=_optional(**{b: st.integers(0, 3) for b in GRADED_BARRIERS},
                       sante=st.booleans()),
    motivation=st.integers(1, 4),
    strengths=st.text(max_size=60),
)


@settings(max_examples=300, deadline=None)
@given(VALID_ANSWERS)
def test_any_valid_answers_score_to_valid_levels_and_stage(answers):
    assert validate_answers(answers) == answers
    levels, stage = score(answers)
    assert set(levels) == set(DIMENSIONS)
    assert all(v in (None, 1, 2, 3, 4) for v in levels.values())
    assert stage in STAGES
    if stage == "autonomie":
        assert all(v is not None and v >= 3 for v in levels.values())
    if levels["competences"] is not None and levels["competences"] <= 2:
        assert stage == "apprendre"
    suggested = suggest_thematiques(answers)
    assert suggested == [t for t in THEMATIQUES if t in suggested]


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 3), min_size=1),
       st.sampled_from(SKILLS))
def test_a_better_skill_never_lowers_competences(skills, skill):
    better = dict(skills, **{skill: skills.get(skill, 3) + 1})
    before = score({"skills": skills})[0]["competences"]
    assert score({"skills": better})[0]["competences"] >= before
