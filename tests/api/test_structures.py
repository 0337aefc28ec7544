"""Structures: each sees only its own caseload on every path; the catalogue is shared and
edited by its owner; a member of two structures switches between them. Two structures need
PostgreSQL: on SQLite the single-structure behaviour is what is checked."""
import pytest

from server.extensions import db
from server.models import DEFAULT_STRUCTURE, User
from server.services import auth as auth_service
from server.services import structures
from tests.conftest import PASSWORD, bearer, login

from api_helpers import by_row, create, new_id, phone_conflict, pull_all, push_one

PERSON = {"first_name": "Léa", "last_name": "Martin", "birth_date": "2005-04-02", "sex": "F"}


@pytest.fixture
def other(app, database, users):
    """A second structure (PostgreSQL) with its coordinator and referent; A's referent
    is a member of both."""
    if database[0].startswith("sqlite"):
        pytest.skip("several structures need PostgreSQL (checked below on SQLite)")
    with app.app_context():
        b = structures.create(db.session, "Mission Locale Voisine", siret="12345678901234",
                              code_insee="39300").id
        for email, role in (("coord-b@example.org", "coordinator"),
                            ("ref-b@example.org", "referent")):
            auth_service.create_user(db.session, email, role, role, PASSWORD, structure_id=b)
        structures.join(db.session, db.session.get(User, users["referent"]["id"]), b,
                        "referent")
        db.session.commit()
    return b


def _as(client, email, structure=None):
    body = {"email": email, "password": PASSWORD, "device_id": f"dev-{new_id()}",
            "device_name": "T", **({"structure_id": structure} if structure else {})}
    answer = client.post("/api/auth/login", json=body)
    assert answer.status_code == 200, answer.get_json()
    return bearer(answer.get_json()["access_token"]), answer.get_json()


def test_sqlite_is_the_single_structure_default(app, database, users, client):
    if not database[0].startswith("sqlite"):
        pytest.skip("the SQLite rule")
    with app.app_context(), pytest.raises(structures.StructureError):
        structures.create(db.session, "Une autre")
    answer = login(client, users["referent"]["email"])
    assert answer["structure"] == DEFAULT_STRUCTURE
    assert answer["structures"] == [{"id": DEFAULT_STRUCTURE, "name": "Structure principale",
                                     "role": "referent"}]


def test_sync_keeps_each_structure_to_its_caseload(client, headers, other):
    b, _ = _as(client, "ref-b@example.org")
    person = create(client, headers["referent"], "beneficiaries", PERSON)
    create(client, headers["referent"], "diagnostics", {
        "beneficiary_id": person["row_id"], "date": "2026-11-02", "answers": {}})
    offer = create(client, headers["coordinator"], "offers", {"nom": "Prêt de vélos"})
    theirs = create(client, b, "beneficiaries", {**PERSON, "first_name": "Zoé"})

    changes, cursor = pull_all(client, b)
    seen = by_row(changes)
    assert person["row_id"] not in seen and theirs["row_id"] in seen
    assert {c["table"] for c in seen.values()} == {"beneficiaries", "offers"}
    assert offer["row_id"] in seen  # the catalogue is the territory's
    mine = by_row(pull_all(client, headers["referent"])[0])
    assert person["row_id"] in mine and theirs["row_id"] not in mine
    digest = client.get("/api/sync/digest", query_string={"cursor": cursor},
                        headers=b).get_json()
    assert digest["tables"]["beneficiaries"]["count"] == 1

    # A device of B that holds (or guesses) A's ids cannot write them.
    refused = push_one(client, b, "beneficiaries", {"phone": "0600000000"}, person["row_id"],
                       person["version"])
    assert refused["status"] == "rejected" and "_permission" in refused["errors"]
    refused = push_one(client, b, "offers", {"nom": "Repris"}, offer["row_id"],
                       offer["version"])
    assert refused["status"] == "rejected"
    again = by_row(pull_all(client, headers["referent"])[0])[person["row_id"]]
    assert again["data"]["phone"] is None


def test_conflicts_files_and_logs_stay_in_their_structure(client, headers, other):
    coord_b, _ = _as(client, "coord-b@example.org")
    person, conflict = phone_conflict(client, headers)
    assert client.get("/api/sync/conflicts", headers=coord_b).get_json()["items"] == []
    assert client.get("/api/sync/conflicts", headers=headers["coordinator"]).get_json()["items"]
    answer = client.post(f"/api/sync/conflicts/{conflict['conflict_id']}/resolve",
                         json={"fields": {}}, headers=coord_b)
    assert answer.status_code == 404
    for path in (f"/api/people/{person['row_id']}/export.json",
                 f"/api/people/{person['row_id']}/export.html"):
        assert client.get(path, headers=coord_b).status_code == 404
    assert client.post(f"/api/people/{person['row_id']}/erase",
                       headers=coord_b).status_code == 404
    journal = client.get("/api/audit?order=recent", headers=coord_b).get_json()
    assert person["row_id"] not in {e["row_id"] for e in journal}
    assert person["row_id"] in {e["row_id"] for e in client.get(
        "/api/audit", headers=headers["coordinator"]).get_json()}


def test_accounts_and_devices_of_another_structure_are_unknown(client, headers, users, other):
    coord_b, _ = _as(client, "coord-b@example.org")
    emails = {u["email"] for u in client.get("/api/users", headers=coord_b).get_json()["items"]}
    # A's referent is a member of B too; A's coordinator is not.
    assert emails == {"coord-b@example.org", "ref-b@example.org", users["referent"]["email"]}
    assert client.post(f"/api/users/{users['coordinator']['id']}/disable",
                       headers=coord_b).status_code == 404
    owners = {d["user_id"] for d in client.get("/api/devices", headers=coord_b).get_json()[
        "items"]}
    assert users["coordinator"]["id"] not in owners
    (device,) = [d for d in client.get("/api/devices", headers=headers["coordinator"])
                 .get_json()["items"] if d["user_id"] == users["coordinator"]["id"]]
    assert client.post(f"/api/devices/{device['id']}/revoke",
                       headers=coord_b).status_code == 404


def test_a_member_of_two_structures_switches_and_sees_the_other(client, headers, users, other):
    ref_a, answer = _as(client, users["referent"]["email"])
    assert answer["structure"] == DEFAULT_STRUCTURE
    assert {s["id"] for s in answer["structures"]} == {DEFAULT_STRUCTURE, other}
    b, _ = _as(client, "ref-b@example.org")
    theirs = create(client, b, "beneficiaries", PERSON)
    assert theirs["row_id"] not in by_row(pull_all(client, ref_a)[0])
    switched = client.post("/api/structures/active", json={"structure_id": other},
                           headers=ref_a).get_json()
    assert switched["active"] == other and switched["reset"] is True
    assert theirs["row_id"] in by_row(pull_all(client, ref_a)[0])
    mine = client.get("/api/structures/mine", headers=ref_a).get_json()
    assert mine["active"] == other
    # Signing in straight into a structure one is not a member of is refused.
    refused = client.post("/api/auth/login", json={
        "email": "coord-b@example.org", "password": PASSWORD, "device_id": f"dev-{new_id()}",
        "structure_id": DEFAULT_STRUCTURE})
    assert refused.status_code == 401
    coord_b, _ = _as(client, "coord-b@example.org")
    forbidden = client.post("/api/structures/active", json={"structure_id": DEFAULT_STRUCTURE},
                            headers=coord_b)
    assert forbidden.status_code == 403


def test_an_import_writes_as_the_importing_structure(app, client, headers, other):
    coord_b, _ = _as(client, "coord-b@example.org")
    record = {"id": "ccas-39", "nom": "CCAS de Viry", "date_maj": "2026-10-01"}
    body = {"source": "dora", "structures": [record], "services": []}
    mine = client.post("/api/datainclusion/import", json=body, headers=headers["coordinator"])
    assert mine.get_json()["partners"]["imported"] == 1
    # The same record imported by the neighbour would overwrite A's partner: refused.
    changed = {**body, "structures": [{**record, "nom": "CCAS repris"}]}
    theirs = client.post("/api/datainclusion/import", json=changed, headers=coord_b).get_json()
    assert theirs["partners"]["imported"] == 0 and theirs["partners"]["rejected"]
    # What the neighbour imports is its own, and still shared with the territory.
    own = {**body, "source": "voisine", "structures": [{**record, "id": "ccas-dole"}]}
    assert client.post("/api/datainclusion/import", json=own, headers=coord_b).get_json()[
        "partners"]["imported"] == 1
    names = {p["nom"] for p in client.get("/api/partners").get_json()["items"]}
    assert names == {"CCAS de Viry"}
    with app.app_context():
        from server.models import Partner
        tenants = {p.tenant_id for p in db.session.query(Partner)}
    assert tenants == {DEFAULT_STRUCTURE, other}


def test_each_structure_has_its_targets_and_its_words_for_the_year(client, headers, other):
    coord_b, _ = _as(client, "coord-b@example.org")
    url = "/api/reports/targets?year=2026"
    assert client.put(url, json={"contacts": 240}, headers=coord_b).status_code == 200
    assert client.put(url, json={"contacts": 120},
                      headers=headers["coordinator"]).status_code == 200
    assert client.get(url, headers=coord_b).get_json()["targets"]["contacts"] == 240
    assert client.get(url, headers=headers["coordinator"]).get_json()["targets"][
        "contacts"] == 120
    review = "/api/reports/review?year=2026"
    client.put(review, json={"highlights": "Notre année"}, headers=coord_b)
    assert client.get(review, headers=headers["coordinator"]).get_json()["highlights"] is None
    assert client.get(review, headers=coord_b).get_json()["highlights"] == "Notre année"
