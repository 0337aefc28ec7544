"""The catalogue shared in the data·inclusion v1 format, and loaded back."""
from tests.conftest import bearer, login


def test_export_then_import_round_trip(client, users, headers):
    structure = {"id": "ccas-39", "nom": "CCAS de Viry", "commune": "Viry",
                 "telephone": "03 53 01 00 00", "horaires_accueil": "Mo-Fr 09:00-12:00"}
    service = {"id": "pret-velo-viry", "structure_id": "ccas-39", "nom": "Prêt de vélos",
               "type": "aide-materielle", "thematiques": ["mobilite--acceder-a-un-vehicule"],
               "frais": ["gratuit"], "description": "Un vélo prêté pour 3 mois."}
    body = {"source": "ccas-viry", "structures": [structure], "services": [service]}
    assert client.post("/api/datainclusion/import", json=body,
                       headers=headers["referent"]).status_code == 403
    report = client.post("/api/datainclusion/import", json=body,
                         headers=headers["coordinator"]).get_json()
    assert report["partners"] == {"imported": 1, "rejected": []}
    assert report["offers"] == {"imported": 1, "rejected": []}
    structures = client.get("/api/datainclusion/structures.json").get_json()
    services = client.get("/api/datainclusion/services.json").get_json()
    (s,) = structures
    (o,) = services
    assert s["nom"] == "CCAS de Viry" and s["source"] == "mobilite-haut-jura"
    assert o["structure_id"] == s["id"] and o["frais"] == ["gratuit"]
    assert o["thematiques"] == ["mobilite--acceder-a-un-vehicule"]
    assert "falc" not in o and "age_min" not in o  # local extensions stay local
    # Importing a newer version of the same record updates it instead of duplicating it.
    service["nom"] = "Prêt de vélos et de casques"
    again = client.post("/api/datainclusion/import", json=body,
                        headers=headers["coordinator"]).get_json()
    assert again["offers"]["imported"] == 1
    names = [x["nom"] for x in client.get("/api/datainclusion/services.json").get_json()]
    assert names == ["Prêt de vélos et de casques"]
    # The referent's devices learn the new offer at their next pull.
    referent = bearer(login(client, users["referent"]["email"])["access_token"])
    pulled = client.get("/api/sync/pull", headers=referent).get_json()["changes"]
    assert {c["table"] for c in pulled} == {"partners", "offers"}


def test_invalid_records_are_reported_not_applied(client, headers):
    body = {"structures": [{"id": "x", "nom": "A", "telephone": 12},
                           {"nom": "no id"}], "services": []}
    report = client.post("/api/datainclusion/import", json=body,
                         headers=headers["coordinator"]).get_json()
    assert report["partners"]["imported"] == 0
    assert len(report["partners"]["rejected"]) == 2
    assert client.get("/api/datainclusion/structures.json").get_json() == []
