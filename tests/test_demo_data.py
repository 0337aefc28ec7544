"""Demo data: consistent ids, valid codes, fictional contacts, sessions at every place."""

import ast
import re
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from server.domain.diagnostic import THEMATIQUES
from server.territory import territory
from server.seed import demo_data
from server.seed.demo_data import (
    BENEFICIARIES, OFFERS, PARTNERS, beneficiaries, demo_accounts, drop_in_sessions,
)

# Code lists of docs/data-model.md and the data·inclusion v1 referentials.
TYPES = {"accompagnement", "aide-financiere", "aide-materielle", "atelier", "formation",
         "information"}
FRAIS = {"gratuit", "payant"}
MODES_ACCUEIL = {"en-presentiel", "a-distance"}
MODES_MOBILISATION = {"telephoner", "envoyer-un-courriel", "se-presenter",
                      "utiliser-lien-mobilisation"}
MOBILISABLE_PAR = {"usagers", "professionnels"}
PUBLICS = {"actifs", "beneficiaires-des-minimas-sociaux", "demandeurs-emploi", "etudiants",
           "familles", "femmes", "jeunes", "personnes-en-situation-de-handicap",
           "personnes-en-situation-durgence", "personnes-en-situation-juridique-specifique",
           "personnes-exilees", "residents-qpv-frr", "seniors"}
SESSION_KINDS = {"permanence", "atelier", "formation", "sensibilisation", "autre"}
ACTIONS = {"atelier-mlsj", "coup-de-pedale", "decouverte-territoire", "permanence-restos",
           "permanence-dome", "atelier-asmh", "permanence-lycee-pss"}
STATUSES = {"cej", "scolaire", "etudiant", "demandeur-emploi", "salarie", "formation",
            "sans-activite", "autre"}
PARTNER_FIELDS = {"id", "nom", "description", "siret", "commune", "code_postal", "code_insee",
                  "adresse", "longitude", "latitude", "telephone", "courriel", "site_web",
                  "horaires_accueil", "accessibilite_lieu", "date_maj"}
OFFER_FIELDS = {"id", "structure_id", "nom", "description", "falc", "date_maj", "type",
                "thematiques", "frais", "frais_precisions", "publics", "publics_precisions",
                "conditions_acces", "zone_eligibilite", "adresse", "commune", "code_postal",
                "code_insee", "latitude", "longitude", "telephone", "courriel", "site_web",
                "modes_accueil", "modes_mobilisation", "mobilisable_par", "lien_mobilisation",
                "horaires_accueil", "age_min", "age_max"}
SESSION_FIELDS = {"id", "kind", "title", "starts_at", "ends_at", "place", "action", "public",
                  "anonymous_count", "notes"}
BENEFICIARY_FIELDS = {"id", "first_name", "last_name", "birth_date", "sex", "commune",
                      "commune_code", "phone",
                      "email", "status", "referred_by", "qpv", "frr", "education_level",
                      "consent_at", "consent_scope", "parent_consent_at", "notes"}
# ARCEP ranges reserved for fiction: no real subscriber can be reached.
FICTION_PHONE = re.compile(r"^0(1 99 00|2 61 91|3 53 01|4 65 71|5 36 49|6 39 98) \d\d \d\d$")
TODAY = date(2026, 11, 25)
PARTNER_IDS = {p["id"] for p in PARTNERS}


def is_uuid(value):
    return str(uuid.UUID(value)) == value


def test_enough_offers_covering_every_thematique_and_type():
    assert len(OFFERS) >= 28
    assert {t for o in OFFERS for t in o["thematiques"]} == set(THEMATIQUES)
    assert {o["type"] for o in OFFERS} == TYPES


def test_every_named_partner_is_present():
    names = " ".join(p["nom"] for p in PARTNERS)
    for word in ["Mission Locale Sud Jura", "France Travail", "CCAS", "CAF du Jura",
                 "Restos du Cœur", "Le Dôme", "Pré Saint Sauveur", "ASMH", "Chambre de Métiers",
                 "Maison du Peuple", "CPIE", "Parc naturel régional du Haut-Jura", "Urbus",
                 "Mobigo", "CIDFF", "Juralliance", "Maison des Solidarités",
                 "Communauté de communes Haut-Jura Saint-Claude"]:
        assert word in names


def test_ids_are_valid_unique_uuids_everywhere():
    ids = ([p["id"] for p in PARTNERS] + [o["id"] for o in OFFERS]
           + [s["id"] for s in drop_in_sessions(TODAY)] + [b["id"] for b in BENEFICIARIES]
           + [a["id"] for a in demo_accounts()])
    assert all(is_uuid(i) for i in ids)
    assert len(ids) == len(set(ids))


def test_partners_use_known_fields_and_fictional_contacts():
    for partner in PARTNERS:
        assert set(partner) <= PARTNER_FIELDS and partner["nom"]
        assert FICTION_PHONE.match(partner["telephone"]), partner["telephone"]
        assert partner["courriel"].endswith("@example.org")
        assert re.fullmatch(r"\d{5}", partner["code_postal"])
        assert re.fullmatch(r"\d{5}", partner["code_insee"])
        assert partner["horaires_accueil"]


def test_offers_are_consistent_and_use_only_allowed_codes():
    for offer in OFFERS:
        name = offer["nom"]
        assert set(offer) <= OFFER_FIELDS, name
        assert offer["structure_id"] in PARTNER_IDS, name
        assert offer["type"] in TYPES and offer["frais"] in FRAIS, name
        assert offer["thematiques"] and set(offer["thematiques"]) <= set(THEMATIQUES), name
        assert offer["publics"] and set(offer["publics"]) <= PUBLICS, name
        assert set(offer["modes_accueil"]) <= MODES_ACCUEIL, name
        assert set(offer["modes_mobilisation"]) <= MODES_MOBILISATION, name
        assert offer["mobilisable_par"] and set(offer["mobilisable_par"]) <= MOBILISABLE_PAR
        # INSEE commune (5), EPCI SIREN (9) or department (2) codes only.
        assert all(re.fullmatch(r"\d{2}|\d{5}|\d{9}", z) for z in offer["zone_eligibilite"])
        assert offer["description"] and offer["falc"], name
        assert len(offer["falc"]) < len(offer["description"]) + 40, name
        assert FICTION_PHONE.match(offer["telephone"]) and offer["courriel"].endswith(
            "@example.org")
        if offer["frais"] == "payant":
            assert offer.get("frais_precisions"), name
        lo, hi = offer.get("age_min", 0), offer.get("age_max", 99)
        assert 0 <= lo <= hi <= 99, name


def test_sessions_cover_every_action_and_place_in_the_window():
    sessions = drop_in_sessions(TODAY)
    assert {s["action"] for s in sessions} == ACTIONS
    by_action = {}
    for s in sessions:
        by_action.setdefault(s["action"], set()).add(s["place"])
    assert len({place for places in by_action.values() for place in places}) == len(ACTIONS)
    first = min(datetime.fromisoformat(s["starts_at"]).date() for s in sessions)
    last = max(datetime.fromisoformat(s["starts_at"]).date() for s in sessions)
    assert TODAY - timedelta(days=14) <= first < TODAY < last < TODAY + timedelta(days=28)
    # weekly drop-ins happen every week of the 6-week window
    assert sum(s["action"] == "permanence-restos" for s in sessions) == 6


def test_sessions_fields_codes_and_times():
    for s in drop_in_sessions(TODAY):
        assert set(s) == SESSION_FIELDS
        assert s["kind"] in SESSION_KINDS and s["action"] in ACTIONS and s["title"]
        start, end = (datetime.fromisoformat(s[k]) for k in ("starts_at", "ends_at"))
        assert start.utcoffset() == timedelta(hours=1)      # late November: winter time
        assert start < end <= start + timedelta(hours=4)
        assert isinstance(s["public"], bool)
        if s["kind"] == "permanence":
            assert s["public"] is True
        if start.date() >= TODAY:
            assert s["anonymous_count"] == 0


# 2026 changeovers: Sunday 29 March and Sunday 25 October.
@pytest.mark.parametrize("day, hours", [
    (date(2026, 3, 27), 1), (date(2026, 3, 30), 2), (date(2026, 7, 1), 2),
    (date(2026, 10, 23), 2), (date(2026, 10, 26), 1), (date(2026, 1, 9), 1),
])
def test_session_times_carry_the_paris_offset(day, hours):
    that_day = [s for s in drop_in_sessions(day)
                if datetime.fromisoformat(s["starts_at"]).date() == day]
    assert that_day
    for s in that_day:
        assert datetime.fromisoformat(s["starts_at"]).utcoffset() == timedelta(hours=hours)
        assert s["starts_at"].endswith(f"+0{hours}:00")


def test_sessions_are_deterministic_and_overlapping_windows_share_ids():
    assert drop_in_sessions(TODAY) == drop_in_sessions(TODAY)
    this_week = {s["id"]: s for s in drop_in_sessions(TODAY)}
    next_week = {s["id"]: s for s in drop_in_sessions(TODAY + timedelta(days=7))}
    shared = this_week.keys() & next_week.keys()
    assert len(shared) > 10
    assert all(this_week[i]["starts_at"] == next_week[i]["starts_at"] for i in shared)


@pytest.mark.parametrize("today", [TODAY, date(2028, 2, 29), date(2027, 1, 1),
                                   date(2030, 12, 31)])
def test_beneficiaries_are_16_to_25_and_valid(today):
    people = beneficiaries(today)
    assert 10 <= len(people) <= 15
    for b in people:
        assert set(b) == BENEFICIARY_FIELDS
        born = date.fromisoformat(b["birth_date"])
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        assert 16 <= age <= 25, (b["first_name"], age)
        assert b["status"] in STATUSES and b["sex"] in {"F", "M", "X"}
        assert b["referred_by"] is None or b["referred_by"] in PARTNER_IDS
        assert b["email"].endswith("@example.org") and FICTION_PHONE.match(b["phone"])
        assert b["consent_at"] and datetime.fromisoformat(b["consent_at"]).date() < today
        assert isinstance(b["qpv"], bool) and isinstance(b["frr"], bool)
        # The official commune of that name, in the Jura (Viry has namesakes elsewhere).
        assert territory().commune(b["commune_code"]).nom == b["commune"]
        assert b["commune_code"].startswith("39")
    assert [b["id"] for b in people] == [b["id"] for b in BENEFICIARIES]


def test_demo_accounts():
    accounts = demo_accounts()
    roles = [a["role"] for a in accounts]
    assert sorted(roles) == ["coordinator", "prescriber", "prescriber", "referent"]
    for a in accounts:
        assert a["email"].endswith("@example.org") and "password" not in a
        if a["role"] == "prescriber":
            assert a["partner_id"] in PARTNER_IDS
        else:
            assert a["partner_id"] is None
    assert len({a["partner_id"] for a in accounts if a["role"] == "prescriber"}) == 2


def test_modules_need_neither_flask_nor_sqlalchemy():
    root = Path(demo_data.__file__).resolve().parents[1]
    files = [root / "domain" / "diagnostic.py"] + [
        root / "seed" / f"{name}.py" for name in ("demo_data", "demo_offers", "demo_partners")]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            top = {n.split(".")[0] for n in names}
            assert not top & {"flask", "flask_sqlalchemy", "sqlalchemy"}, path
