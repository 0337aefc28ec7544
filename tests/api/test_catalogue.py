"""Public catalogue: offers (filters, ETag), partners, upcoming public drop-ins; health."""
from datetime import datetime, timedelta, timezone

from api_helpers import assert_problem, create, future, push_ok, mutation, push_one

VELO = {"nom": "Location de vélos électriques", "commune": "Saint-Claude", "frais": "payant",
        "thematiques": ["mobilite", "mobilite--mobilite-douce-partagee-collective"],
        "description": "Vélos à assistance électrique au mois", "code_insee": "39478",
        "zone_eligibilite": ["39478"]}
# Open to the CC Haut-Jura Saint-Claude (its SIREN), wherever the offer itself is.
PERMIS = {"nom": "Aide au permis B", "commune": "Hauts de Bienne", "code_insee": "39368",
          "frais": "gratuit", "thematiques": ["mobilite--preparer-un-permis"],
          "falc": "On vous aide à payer le permis", "zone_eligibilite": ["200026573"]}
GARAGE = {"nom": "Garage solidaire", "commune": "Oyonnax", "frais": "payant",
          "thematiques": ["mobilite--entretenir-reparer-son-vehicule"],
          "conditions_acces": "Réparations à prix coûtant", "zone_eligibilite": ["01"]}
ATELIER = {"nom": "Atelier mobilité", "frais": "gratuit", "zone_eligibilite": ["Haut-Jura"]}


def _offers(client, **query):
    response = client.get("/api/offers", query_string=query)
    assert response.status_code == 200, response.get_data()
    return [o["nom"] for o in response.get_json()["items"]]


def _seed_offers(client, headers):
    h = headers["coordinator"]
    ids = {o["nom"]: create(client, h, "offers", o) for o in (VELO, PERMIS, GARAGE, ATELIER)}
    gone = create(client, h, "offers", {"nom": "Ancienne offre", "frais": "gratuit"})
    push_one(client, h, "offers", None, gone["row_id"], gone["version"], op="delete")
    return ids


def test_offers_are_public_and_sorted_without_deleted_ones(client, headers):
    _seed_offers(client, headers)
    response = client.get("/api/offers")
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert [o["nom"] for o in items] == sorted([VELO["nom"], PERMIS["nom"], GARAGE["nom"],
                                                ATELIER["nom"]])
    velo = next(o for o in items if o["nom"] == VELO["nom"])
    assert velo["thematiques"] == VELO["thematiques"] and velo["id"]
    assert "version" not in velo and "field_versions" not in velo


def test_offer_filters_combine(client, headers):
    _seed_offers(client, headers)
    assert _offers(client, frais="gratuit") == [PERMIS["nom"], ATELIER["nom"]]
    assert _offers(client, thematique="mobilite--preparer-un-permis") == [PERMIS["nom"]]
    assert _offers(client, thematique="mobilite") == [VELO["nom"]]
    # The commune filter keeps the offers open to who lives there: the zone's communes, EPCI
    # and départements; a zone without any code (free words) is open to everyone.
    assert _offers(client, commune="saint-claude") == [PERMIS["nom"], ATELIER["nom"], VELO["nom"]]
    assert _offers(client, commune="39286") == [PERMIS["nom"], ATELIER["nom"]]  # Lavans
    assert _offers(client, commune="Longchaumois") == [ATELIER["nom"]]  # not in the EPCI
    assert _offers(client, commune="Morbier", frais="gratuit") == [ATELIER["nom"]]
    assert _offers(client, commune="Hauts de Bienne") == [PERMIS["nom"], ATELIER["nom"]]
    assert _offers(client, commune="01283") == [ATELIER["nom"], GARAGE["nom"]]
    # A commune the territory does not know: only the offers open to everyone.
    for unknown in ("Haut-Jura", "99999", "Genève"):
        assert _offers(client, commune=unknown) == [ATELIER["nom"]]
    assert _offers(client, q="vélos ÉLECTRIQUES") == [VELO["nom"]]
    assert _offers(client, q="payer permis") == [PERMIS["nom"]]  # FALC text is searched
    assert _offers(client, q="coûtant") == [GARAGE["nom"]]
    assert _offers(client, q="vélo", frais="gratuit") == []
    assert _offers(client, frais="payant", commune="Oyonnax") == [GARAGE["nom"]]
    assert _offers(client, thematique="inconnue") == []
    assert _offers(client, q="") == sorted([VELO["nom"], PERMIS["nom"], GARAGE["nom"],
                                            ATELIER["nom"]])
    for bad in ({"q": "x" * 201}, {"commune": "a\x00b"}, {"frais": "\x00"}):
        assert_problem(client.get("/api/offers", query_string=bad), 400)


def test_offers_etag_answers_304_until_an_offer_changes(client, headers):
    ids = _seed_offers(client, headers)
    first = client.get("/api/offers")
    tag = first.headers["ETag"]
    assert tag.startswith('"') and first.headers["Cache-Control"] == "no-cache"
    cached = client.get("/api/offers", headers={"If-None-Match": tag})
    assert cached.status_code == 304 and cached.get_data() == b""
    assert cached.headers["ETag"] == tag
    # Another filter is another representation.
    other = client.get("/api/offers?frais=gratuit", headers={"If-None-Match": tag})
    assert other.status_code == 200 and other.headers["ETag"] != tag
    velo = ids[VELO["nom"]]
    push_one(client, headers["coordinator"], "offers", {"frais": "gratuit"}, velo["row_id"],
             velo["version"])
    fresh = client.get("/api/offers", headers={"If-None-Match": tag})
    assert fresh.status_code == 200 and fresh.headers["ETag"] != tag
    assert client.get("/api/offers", headers={"If-None-Match": "*"}).status_code == 304


def test_partners_are_public(client, headers):
    h = headers["coordinator"]
    create(client, h, "partners", {"nom": "Mission Locale Sud Jura", "commune": "Saint-Claude",
                                   "latitude": 46.387, "longitude": 5.864,
                                   "date_maj": "2026-11-01"})
    gone = create(client, h, "partners", {"nom": "Fermé"})
    push_one(client, h, "partners", None, gone["row_id"], gone["version"], op="delete")
    items = client.get("/api/partners").get_json()["items"]
    assert [p["nom"] for p in items] == ["Mission Locale Sud Jura"]
    assert items[0]["latitude"] == 46.387 and items[0]["date_maj"] == "2026-11-01"


def test_public_sessions_show_place_and_time_only(client, headers):
    h = headers["referent"]
    public = create(client, h, "sessions", {
        "kind": "permanence", "title": "Permanence mobilité", "place": "Le Dôme, Saint-Claude",
        "starts_at": future(48), "ends_at": future(50), "public": True,
        "action": "permanence-dome", "notes": "Léa vient pour le code", "anonymous_count": 3})
    person = create(client, h, "beneficiaries", {"first_name": "Léa", "last_name": "M"})
    push_ok(client, h, [mutation("attendances", {"session_id": public["row_id"],
                                                 "beneficiary_id": person["row_id"]})])
    past = (datetime.now(timezone.utc) - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for fields in ({"starts_at": future(24), "public": False},
                   {"starts_at": future(24)},  # not marked public
                   {"starts_at": past, "public": True},
                   {"starts_at": future(24 * 90), "public": True}):
        create(client, h, "sessions", {"kind": "atelier", "title": "Autre", **fields})
    response = client.get("/api/sessions/public")
    assert response.status_code == 200
    [item] = response.get_json()["items"]
    assert item == {"id": public["row_id"], "title": "Permanence mobilité",
                    "kind": "permanence", "place": "Le Dôme, Saint-Claude",
                    "starts_at": item["starts_at"], "ends_at": item["ends_at"]}
    assert item["starts_at"] < item["ends_at"]
    assert "Léa" not in response.get_data(as_text=True)


def test_health_needs_no_account(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "schema_version": 1}


def test_a_bad_filter_is_refused_even_with_a_fresh_copy(client):
    answer = client.get("/api/offers?frais=a%00b", headers={"If-None-Match": "*"})
    assert answer.status_code == 400
    assert answer.get_json()["field"] == "frais"


def test_opening_hours_are_checked_and_told_in_words(client, headers):
    from api_helpers import by_row, mutation, pull_all, push_ok
    h = headers["coordinator"]
    wrong, right = push_ok(client, h, [
        mutation("offers", {"nom": "Vélos", "horaires_accueil": "du lundi au vendredi"}),
        mutation("offers", {"nom": "Vélos", "horaires_accueil": "Tu,Th 09:00-11:30; PH off",
                            "horaires_texte": "Toujours ouvert"})])
    assert wrong["status"] == "rejected"
    assert "OpenStreetMap" in wrong["errors"]["horaires_accueil"][0]
    assert right["status"] == "applied"
    row = by_row(pull_all(client, h)[0])[right["row_id"]]["data"]
    # The server writes the words; what a client sends for them is ignored.
    assert row["horaires_texte"] == "Le mardi et le jeudi, de 9 h à 11 h 30. Fermé les jours fériés."
    offer = next(o for o in client.get("/api/offers").get_json()["items"]
                 if o["id"] == right["row_id"])
    assert offer["horaires_texte"] == row["horaires_texte"]
    edited = push_ok(client, h, [mutation("offers", {"horaires_accueil": None}, right["row_id"],
                                          right["version"])])[0]
    assert edited["status"] == "applied"
    assert by_row(pull_all(client, h)[0])[right["row_id"]]["data"]["horaires_texte"] is None
