"""Professionals trained in the diagnostic: distinct people, per partner organisation."""
import csv
import io

from tests.conftest import bearer, login
from tests.reports.test_key_figures import Y, Seeder

QUERY = f"?from={Y}-01-01&to={Y}-12-31"


def test_trained_professionals_per_organisation(client, users, headers):
    s = Seeder(client, bearer(login(client, users["coordinator"]["email"])["access_token"]))
    ft = s.add("partners", nom="France Travail Saint-Claude")
    ccas = s.add("partners", nom="CCAS de Saint-Claude")
    first = s.add("sessions", kind="formation", title="Diagnostic mobilité",
                  starts_at=f"{Y}-02-03T09:00:00Z")
    second = s.add("sessions", kind="formation", title="Diagnostic, suite",
                   starts_at=f"{Y}-05-12T09:00:00Z")
    awareness = s.add("sessions", kind="sensibilisation", title="Présentation",
                      starts_at=f"{Y}-06-01T14:00:00Z")
    last_year = s.add("sessions", kind="formation", title="Ancienne",
                      starts_at=f"{Y - 1}-11-20T09:00:00Z")
    for session, name, partner in [
            (first, "Hélène Martin", ft), (first, "Paul Durand", ft),
            (first, "Hélène Martin", ccas),  # a namesake at another organisation
            (second, "helene  MARTIN ", ft),  # the same person, typed differently
            (second, "Sami Ben", None), (awareness, "Zoé Roy", ccas),
            (last_year, "Ancien Stagiaire", ft)]:
        fields = {"session_id": session, "name": name, "job_title": "Conseillère"}
        if partner:
            fields["partner_id"] = partner
        s.add("trainees", **fields)
    kf = client.get(f"/api/reports/key-figures{QUERY}", headers=headers["referent"]).get_json()
    assert {t["key"]: t["value"] for t in kf["targets"]}["trained"] == 5
    training = kf["training"]
    assert training["sessions"] == 2 and training["trained"] == 5
    assert [(p["partner"], p["trained"]) for p in training["by_partner"]] == [
        ("CCAS de Saint-Claude", 2), ("France Travail Saint-Claude", 2),
        ("Structure non précisée", 1)]
    rows = list(csv.reader(io.StringIO(client.get(
        f"/api/reports/key-figures.csv{QUERY}", headers=headers["referent"]).get_data(
        as_text=True)), delimiter=";"))
    start = rows.index(["Professionnels formés"])
    assert rows[start + 1:start + 5] == [
        ["Structure", "Professionnels formés"], ["CCAS de Saint-Claude", "2"],
        ["France Travail Saint-Claude", "2"], ["Structure non précisée", "1"]]
    text = ";".join(";".join(row) for row in rows)
    assert not [name for name in ("Martin", "Durand", "Sami", "Roy") if name in text]
