"""« Besoins non couverts »: destinations, atypical hours, gave up, communes without transport,
from each person's latest diagnostic of the period; counted by hand, never a typed place."""
from tests.conftest import bearer, login
from tests.reports.test_key_figures import Y, Seeder

BUS = "mobilite--mobilite-douce-partagee-collective"


def _diagnostic(s, person, day, destinations, atypical=False, gave_up=False):
    s.add("diagnostics", beneficiary_id=person, date=day, questionnaire_version=1,
          answers={"project": {"destinations": destinations, "atypical_hours": atypical,
                               "gave_up": gave_up}})


def test_unmet_needs_are_counted_by_hand(client, users):
    h = bearer(login(client, users["coordinator"]["email"])["access_token"])
    s = Seeder(client, h)
    # A bus line that serves Oyonnax and the community of Haut-Jura Saint-Claude.
    s.add("offers", nom="Ligne de car", thematiques=[BUS], zone_eligibilite=["01283", "200026573"])
    s.add("offers", nom="Aide au permis", thematiques=["mobilite--preparer-un-permis"],
          zone_eligibilite=["39300"])
    a = s.add("beneficiaries", first_name="A", last_name="Un", commune="Saint-Claude",
              commune_code="39478")
    b = s.add("beneficiaries", first_name="B", last_name="Deux", commune="Lons-le-Saunier",
              commune_code="39300")
    c = s.add("beneficiaries", first_name="C", last_name="Trois", commune="Chez sa tante")
    _diagnostic(s, a, f"{Y}-01-10", ["Lons-le-Saunier"])  # replaced by her later one
    _diagnostic(s, a, f"{Y}-03-10", ["Oyonnax", "Lons-le-Saunier"], atypical=True)
    _diagnostic(s, b, f"{Y}-02-10", ["Lons-le-Saunier", "chez Mme Girod à Morbier"],
                gave_up=True)
    _diagnostic(s, c, f"{Y}-04-10", ["Oyonnax"], atypical=True)
    _diagnostic(s, c, f"{Y - 1}-04-10", ["Morez"])  # another year
    kf = client.get(f"/api/reports/key-figures?from={Y}-01-01&to={Y}-12-31",
                    headers=h).get_json()
    unmet = kf["unmet"]
    assert (unmet["people"], unmet["atypical_hours"], unmet["gave_up"]) == (3, 2, 1)
    assert unmet["destinations"] == [
        {"commune": "Lons-le-Saunier", "people": 2, "served": False},
        {"commune": "Oyonnax", "people": 2, "served": True},
        {"commune": "Autre lieu (hors liste officielle)", "people": 1, "served": None}]
    # Lons-le-Saunier has no transport offer; Saint-Claude has; a typed place is no commune.
    assert unmet["residences_unserved"] == [{"commune": "Lons-le-Saunier", "people": 1}]
    page = client.get(f"/api/reports/yearly.html?from={Y}-01-01&to={Y}-12-31",
                      headers=h).get_data(as_text=True)
    assert "Lieux à rejoindre cités" in page and "Girod" not in page and "tante" not in page
