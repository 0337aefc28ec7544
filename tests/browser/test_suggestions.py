"""Suggestions that fit the person, on the tablet: an offer for adults is set aside for a
16-year-old with the reason, the kept ones say why, a financial aid is a hint to check."""
import uuid
from datetime import date

from browser_helpers import go, login, open_app, sync_now


def _push(client, headers, table, fields):
    row_id = str(uuid.uuid4())
    answer = client.post("/api/sync/push", headers=headers, json={
        "client_id": "bureau", "schema_version": 1, "mutations": [{
            "id": str(uuid.uuid4()), "table": table, "op": "upsert", "row_id": row_id,
            "base_version": None, "fields": fields}]}).get_json()
    assert answer["results"][0]["status"] == "applied", answer
    return row_id


def test_a_sixteen_year_old_gets_offers_that_fit_and_why(live_server, new_context):
    tag = uuid.uuid4().hex[:6]
    client, headers = live_server.api()
    today = date.today()
    permis = "mobilite--preparer-un-permis"
    _push(client, headers, "offers", {"nom": f"Location adultes {tag}", "thematiques": [permis],
                                      "age_min": 18, "zone_eligibilite": ["39"]})
    _push(client, headers, "offers", {"nom": f"Auto-école sociale {tag}", "thematiques": [permis],
                                      "age_min": 16, "age_max": 25, "frais": "gratuit",
                                      "zone_eligibilite": ["200026573"]})
    _push(client, headers, "offers", {"nom": f"Aide Lons {tag}", "thematiques": [permis],
                                      "zone_eligibilite": ["39300"], "type": "aide-financiere"})
    person = _push(client, headers, "beneficiaries", {
        "first_name": "Lou", "last_name": f"Seize{tag}", "commune": "Saint-Claude",
        "commune_code": "39478", "parent_consent_at": None,
        "birth_date": date(today.year - 16, 1, 1).isoformat() if today.month > 1
        else date(today.year - 17, 1, 1).isoformat()})
    diagnostic = _push(client, headers, "diagnostics", {
        "beneficiary_id": person, "date": today.isoformat(), "questionnaire_version": 1,
        "answers": {"means": {"licence": "code-en-cours", "vehicle": False}}})

    page = open_app(new_context(viewport={"width": 360, "height": 800}), live_server.url, "#/connexion")
    login(page, "referent")
    sync_now(page)
    go(page, f"#/ref/diagnostic/{diagnostic}")
    page.wait_for_selector("#suggestions")
    kept = page.locator("#suggestions").inner_text()
    assert f"Auto-école sociale {tag}" in kept and f"Location adultes {tag}" not in kept
    card = page.locator(f"#suggestions li.card:has-text('Auto-école sociale {tag}')").inner_text()
    assert "Répond à : Passer le permis" in card and "Couvre Saint-Claude" in card
    assert "Gratuit" in card and "ans (de 16 à 25 ans)" in card
    page.click("#ecartees summary")
    aside = page.locator("#ecartees").inner_text()
    assert f"Location adultes {tag}" in aside and "dès 18 ans" in aside
    assert f"Aide Lons {tag}" in aside and "Hors de sa zone : Saint-Claude" in aside
