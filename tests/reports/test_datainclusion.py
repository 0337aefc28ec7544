"""The catalogue shared in the data·inclusion v1 format and loaded back, both ways checked
against the official schema package (PyPI data-inclusion-schema)."""
from datetime import date

from data_inclusion.schema.v1 import Service, Structure

from server.extensions import db
from server.services.seeding import seed_demo
from tests.conftest import bearer, login

STRUCTURE = {"id": "ccas-39", "nom": "CCAS de Viry", "commune": "Viry", "date_maj": "2026-10-01",
             "telephone": "03 53 01 00 00", "horaires_accueil": "Mo-Fr 09:00-12:00"}
SERVICE = {"id": "pret-velo-viry", "structure_id": "ccas-39", "nom": "Prêt de vélos",
           "type": "aide-materielle", "thematiques": ["mobilite--acceder-a-un-vehicule"],
           "frais": "gratuit", "description": "Un vélo prêté pour 3 mois.",
           "date_maj": "2026-10-01", "zone_eligibilite": ["39579"]}


def _post(client, headers, path, body):
    return client.post(f"/api/datainclusion/{path}", json=body, headers=headers["coordinator"])


def test_the_demo_catalogue_exports_as_the_official_schema_wants(app, client):
    with app.app_context():
        seed_demo(db.session, app.extensions["sync_engine"], "demo-secret", date.today(),
                  history=False)
    structures = client.get("/api/datainclusion/structures.json").get_json()
    services = client.get("/api/datainclusion/services.json").get_json()
    assert len(structures) >= 15 and len(services) >= 25
    for item in structures:
        Structure.model_validate(item, context={"ignore_warnings": False})
    for item in services:
        Service.model_validate(item, context={"ignore_warnings": False})
        assert item["source"] == "mobilite-haut-jura" and isinstance(item["frais"], str)


def test_preview_then_import_then_round_trip(client, users, headers):
    body = {"source": "ccas-viry", "structures": [STRUCTURE], "services": [SERVICE]}
    assert client.post("/api/datainclusion/import/preview", json=body,
                       headers=headers["referent"]).status_code == 403
    seen = _post(client, headers, "import/preview", body).get_json()
    assert [(r["ligne"], r["nom"], r["action"]) for r in seen["offers"]["rows"]] == [
        (1, "Prêt de vélos", "creer")]
    assert seen["partners"]["refused"] == [] and seen["offers"]["refused"] == []
    assert client.get("/api/datainclusion/services.json").get_json() == []  # nothing applied
    report = _post(client, headers, "import", body).get_json()
    assert report["partners"] == {"imported": 1, "unchanged": 0, "rejected": []}
    assert report["offers"] == {"imported": 1, "unchanged": 0, "rejected": []}
    (s,) = client.get("/api/datainclusion/structures.json").get_json()
    (o,) = client.get("/api/datainclusion/services.json").get_json()
    assert s["nom"] == "CCAS de Viry" and s["source"] == "mobilite-haut-jura"
    assert o["structure_id"] == s["id"] and o["frais"] == "gratuit"
    assert o["thematiques"] == ["mobilite--acceder-a-un-vehicule"]
    assert "falc" not in o and "age_min" not in o  # local extensions stay local
    Service.model_validate(o)
    # The same file again changes nothing; a newer version changes the one field.
    assert _post(client, headers, "import/preview", body).get_json()["offers"]["rows"][0][
        "action"] == "inchange"
    body["services"] = [{**SERVICE, "nom": "Prêt de vélos et de casques"}]
    seen = _post(client, headers, "import/preview", body).get_json()
    assert [(r["action"], r["champs"]) for r in seen["offers"]["rows"]] == [("modifier", ["nom"])]
    again = _post(client, headers, "import", body).get_json()
    assert (again["offers"]["imported"], again["partners"]["unchanged"]) == (1, 1)
    names = [x["nom"] for x in client.get("/api/datainclusion/services.json").get_json()]
    assert names == ["Prêt de vélos et de casques"]
    # The referent's devices learn the new offer at their next pull.
    referent = bearer(login(client, users["referent"]["email"])["access_token"])
    pulled = client.get("/api/sync/pull", headers=referent).get_json()["changes"]
    assert {c["table"] for c in pulled} == {"partners", "offers"}


def test_refused_records_name_the_line_and_the_field_in_french(client, headers):
    body = {"structures": [STRUCTURE, {"id": "x", "nom": "A", "telephone": 12},
                           {"nom": "sans identifiant", "date_maj": "2026-01-01"}],
            "services": [{**SERVICE, "frais": ["gratuit"], "date_maj": "2999-01-01",
                          "zone_eligibilite": ["Haut-Jura"]}]}
    seen = _post(client, headers, "import/preview", body).get_json()
    refused = {(e["ligne"], e["champ"]): e["message"] for e in seen["partners"]["refused"]}
    assert refused[(2, "date_maj")] == "champ obligatoire manquant"
    assert refused[(2, "telephone")] == "texte attendu"
    assert refused[(3, "id")] == "champ obligatoire manquant"
    assert [r["ligne"] for r in seen["partners"]["rows"]] == [1]
    services = {(e["ligne"], e["champ"]): e["message"] for e in seen["offers"]["refused"]}
    assert services[(1, "frais")] == "valeur inconnue (attendu : 'gratuit' ou 'payant')"
    assert "futur" in services[(1, "date_maj")]
    assert services[(1, "zone_eligibilite.1")].startswith("valeur refusée")
    report = _post(client, headers, "import", body).get_json()
    assert report["partners"]["imported"] == 1 and report["offers"]["imported"] == 0
    assert {(e["ligne"], e["champ"]) for e in report["partners"]["rejected"]} == set(refused)
    assert [x["nom"] for x in client.get("/api/datainclusion/structures.json").get_json()] \
        == ["CCAS de Viry"]
    # A line that is not a record at all: the whole file is refused, naming the line.
    for path in ("import/preview", "import"):
        answer = _post(client, headers, path, {"services": [SERVICE, "texte"]})
        assert answer.status_code == 400
        assert answer.get_json()["detail"] == "« services », ligne 2 : un objet JSON est attendu."
