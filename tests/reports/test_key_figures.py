"""Key figures of a seeded year, each figure computed by hand below."""
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from tests.conftest import bearer, login

Y = date.today().year


def _id() -> str:
    return str(uuid.uuid4())


class Seeder:
    """Push rows through the real sync API as the coordinator."""

    def __init__(self, client, headers):
        self.client, self.headers = client, headers

    def add(self, table: str, **fields) -> str:
        row_id = _id()
        response = self.client.post("/api/sync/push", headers=self.headers, json={
            "client_id": "seed", "schema_version": 1, "mutations": [{
                "id": _id(), "table": table, "op": "upsert", "row_id": row_id,
                "base_version": None, "fields": fields}]})
        result = response.get_json()["results"][0]
        assert result["status"] == "applied", result
        return row_id


def _answers(skill: int, financier: int, sante: bool) -> dict:
    return {"skills": dict.fromkeys(["lire-horaires", "s-orienter", "appli-itineraire",
                                     "acheter-titre", "faire-velo", "demander-chemin"], skill),
            "barriers": {"financier": financier, "sante": sante},
            "motivation": 4,
            "means": {"licence": "b", "vehicle": True, "insurance": True},
            "practices": {"marche": "souvent", "urbus": "souvent", "velo": "souvent"}}


@pytest.fixture
def year_data(client, users):
    s = Seeder(client, bearer(login(client, users["coordinator"]["email"])["access_token"]))
    partner = s.add("partners", nom="France Travail Saint-Claude")
    a = s.add("beneficiaries", first_name="A", last_name="Exemple", birth_date=f"{Y - 16}-01-01",
              sex="F", commune="Saint-Claude", qpv=False, status="scolaire")
    b = s.add("beneficiaries", first_name="B", last_name="Exemple", birth_date=f"{Y - 22}-01-01",
              sex="M", commune="Septmoncel", frr=True, status="cej",
              adapted_transport=True)
    c = s.add("beneficiaries", first_name="C", last_name="Exemple", birth_date=f"{Y - 35}-01-01",
              sex="F", commune="Saint-Claude", adapted_transport=False)
    d = s.add("beneficiaries", first_name="D", last_name="Exemple", sex="X")
    s1 = s.add("sessions", kind="permanence", title="Restos", action="permanence-restos",
               place="Restos du Cœur", starts_at=f"{Y}-03-10T09:00:00Z", anonymous_count=2)
    s2 = s.add("sessions", kind="permanence", title="Dôme", action="permanence-dome",
               place="Médiathèque Le Dôme", starts_at=f"{Y}-04-15T09:00:00Z")
    s3 = s.add("sessions", kind="permanence", title="Restos", action="permanence-restos",
               place="Restos du Cœur", starts_at=f"{Y - 1}-12-15T09:00:00Z")
    s4 = s.add("sessions", kind="atelier", title="Vélo", action="coup-de-pedale",
               place="MLSJ", starts_at=f"{Y}-05-20T09:00:00Z")
    for session, person, present in [(s1, a, True), (s1, b, True), (s1, c, True),
                                     (s2, a, True), (s2, b, False), (s3, d, True),
                                     (s4, d, True)]:
        s.add("attendances", session_id=session, beneficiary_id=person, present=present)
    for day in (f"{Y}-03-02", f"{Y}-03-20", f"{Y}-06-01", f"{Y - 1}-11-30"):
        s.add("contacts", channel="telephone", date=f"{day}T10:00:00Z")
    s.add("diagnostics", beneficiary_id=a, date=f"{Y}-02-01", answers=_answers(1, 2, True))
    s.add("diagnostics", beneficiary_id=a, date=f"{Y}-06-01", answers=_answers(4, 0, True))
    s.add("outcomes", beneficiary_id=a, kind="code-obtenu", date=f"{Y}-07-01")
    s.add("outcomes", beneficiary_id=b, kind="emploi", date=f"{Y - 1}-07-01")
    training = s.add("sessions", kind="formation", title="Diagnostic mobilité",
                     starts_at=f"{Y}-09-01T09:00:00Z")
    s.add("trainees", session_id=training, name="Claire Exemple", partner_id=partner)
    s.add("trainees", session_id=training, name="Paul Exemple", partner_id=partner)
    later = s.add("sessions", kind="formation", title="Suite", starts_at=f"{Y}-10-01T09:00:00Z")
    s.add("trainees", session_id=later, name="claire exemple ", partner_id=partner)
    in_two_days = (datetime.now(timezone.utc) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for status, answered in [("validee", in_two_days), ("refusee", in_two_days),
                             ("ouverte", None)]:
        fields = {"first_name": "R", "last_name": "Exemple", "consent": True,
                  "partner_id": partner, "status": status}
        if answered:
            fields.update(answered_at=answered, reason="test")
        s.add("referrals", **fields)
    return {"partner": partner}


def test_key_figures_of_a_seeded_year(client, headers, year_data):
    response = client.get(f"/api/reports/key-figures?from={Y}-01-01&to={Y}-12-31",
                          headers=headers["referent"])
    assert response.status_code == 200
    kf = response.get_json()
    actions = {row["action"]: row for row in kf["actions"]}
    # Restos: A, B, C present (+2 anonymous); the December session of last year is out.
    assert actions["permanence-restos"] == {
        "action": "permanence-restos", "participations": 5, "anonymous": 2, "distinct": 3,
        "young": 2, "adults": 1, "unknown_age": 0}
    # Dôme: A present, B absent.
    assert actions["permanence-dome"]["participations"] == 1
    assert actions["permanence-dome"]["distinct"] == 1
    assert actions["coup-de-pedale"]["unknown_age"] == 1
    places = {row["place"]: row["participations"] for row in kf["places"]}
    assert places == {"Restos du Cœur": 5, "Médiathèque Le Dôme": 1, "MLSJ": 1}
    targets = {t["key"]: (t["value"], t["target"]) for t in kf["targets"]}
    assert targets == {"referred": (3, 50), "mobilised": (2, 30), "contacts": (3, 100),
                       "trained": (2, 1)}
    profile = kf["profile"]
    assert profile["total"] == 4 and profile["young"] == 2
    assert profile["age_bands"] == {"<18": 1, "18-21": 0, "22-25": 1, "26+": 1, "inconnu": 1}
    assert profile["sex"] == {"F": 2, "M": 1, "X": 1}
    assert profile["frr"] == {"oui": 1, "inconnu": 3}
    assert profile["adapted_transport"] == {"oui": 1, "non": 1, "inconnu": 2}
    assert kf["barriers"]["identified"]["financier"] == 1
    assert kf["barriers"]["lifted"]["financier"] == 1
    assert kf["barriers"]["lifted"]["sante"] == 0
    assert kf["outcomes"] == {"code-obtenu": 1, "etape-franchie": 1}
    trend = {m["month"]: (m["participations"], m["contacts"]) for m in kf["trend"]}
    assert trend[f"{Y}-03"] == (5, 2) and trend[f"{Y}-04"] == (1, 0)
    assert trend[f"{Y}-06"] == (0, 1)
    (partner,) = kf["partners"]
    assert (partner["sent"], partner["validated"], partner["refused"], partner["open"]) == \
        (3, 1, 1, 1)
    assert partner["median_response_days"] == pytest.approx(2.0, abs=0.1)


def test_targets_are_editable_by_the_coordinator_only(client, headers):
    url = f"/api/reports/targets?year={Y}"
    assert client.put(url, json={"contacts": 120}, headers=headers["referent"]).status_code == 403
    response = client.put(url, json={"contacts": 120}, headers=headers["coordinator"])
    assert response.get_json()["targets"]["contacts"] == 120
    figures = client.get("/api/reports/key-figures", headers=headers["coordinator"]).get_json()
    assert {t["key"]: t["target"] for t in figures["targets"]}["contacts"] == 120
    bad = client.put(url, json={"contacts": -1, "nope": 3}, headers=headers["coordinator"])
    assert bad.status_code == 422 and set(bad.get_json()["errors"]) == {"contacts", "nope"}


def test_prescribers_never_see_figures(client, headers):
    response = client.get("/api/reports/key-figures", headers=headers["prescriber"])
    assert response.status_code == 403
    bad = client.get("/api/reports/key-figures?from=2026-13-01", headers=headers["referent"])
    assert bad.status_code == 400
