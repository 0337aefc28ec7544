"""PostgreSQL row-level security, the second wall: through an app connected as a role that
does not own the tables, a query that forgets the structure filter still sees (and writes)
nothing of another structure, and the key figures (which filter by structure themselves too,
tests/reports/test_own_structure.py) count one structure's people only."""
import uuid

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError

from server import rls
from server.extensions import db
from server.models import DEFAULT_STRUCTURE, Beneficiary, SyncConflict
from server.services import auth as auth_service
from server.services import structures
from tests.conftest import PASSWORD, bearer, login, make_app

from api_helpers import by_row, create, phone_conflict, pull_all, push_one

PERSON = {"first_name": "Léa", "last_name": "Martin", "birth_date": "2005-04-02", "sex": "F"}


@pytest.fixture
def walled(app, database, client, headers, tmp_path):
    """The same database seen by the app as a role that does not own its tables."""
    url, options = database
    if url.startswith("sqlite"):
        pytest.skip("row-level security is PostgreSQL's")
    schema = options["connect_args"]["options"].split("=", 1)[1]
    role = f"app_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE ROLE {role} NOLOGIN"))
        conn.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {role}"))
        conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "
                          f"{schema} TO {role}"))
        conn.execute(text(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}"))
    with app.app_context():
        other = structures.create(db.session, "Mission Locale Voisine").id
        auth_service.create_user(db.session, "coord-b@example.org", "B", "coordinator",
                                 PASSWORD, structure_id=other)
        db.session.commit()
    walled_app = make_app(url, {"connect_args": {
        "options": f"-csearch_path={schema} -crole={role}"}}, tmp_path / "walled")
    try:
        yield walled_app, other
    finally:
        with walled_app.app_context():
            db.session.remove()
            db.engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))
        admin.dispose()


def test_a_forgetful_query_sees_nothing_of_another_structure(client, headers, walled):
    walled_app, other = walled
    ours = create(client, headers["referent"], "beneficiaries", PERSON)["row_id"]
    phone_conflict(client, headers)
    theirs = create(client, bearer(login(client, "coord-b@example.org")["access_token"]),
                    "beneficiaries", {**PERSON, "first_name": "Zoé"})["row_id"]
    with walled_app.app_context():
        assert db.session.execute(text("SELECT current_user")).scalar() != "postgres"
        everyone = select(Beneficiary.id)  # no structure filter, on purpose
        for tenant in (DEFAULT_STRUCTURE, other, ""):
            rls.set_tenant(db.session, tenant)
            seen = set(db.session.scalars(everyone))
            if tenant == DEFAULT_STRUCTURE:  # ours, and the person of the phone conflict
                assert ours in seen and theirs not in seen and len(seen) == 2
            else:
                assert seen == ({theirs} if tenant == other else set())
            conflicts = db.session.scalars(select(SyncConflict.id)).all()
            assert bool(conflicts) == (tenant == DEFAULT_STRUCTURE)
            db.session.rollback()
        # Writing into another structure is refused too (WITH CHECK).
        rls.set_tenant(db.session, DEFAULT_STRUCTURE)
        with pytest.raises(DBAPIError, match="row-level security"):
            db.session.execute(text(
                "INSERT INTO beneficiaries (id, version, created_version, deleted, "
                "field_versions, updated_at, tenant_id) VALUES (:id, 1, 1, false, '{}', "
                "now(), :other)"), {"id": str(uuid.uuid4()), "other": other})
        db.session.rollback()
        rls.set_tenant(db.session, DEFAULT_STRUCTURE)
        with pytest.raises(DBAPIError, match="row-level security"):
            db.session.execute(text("UPDATE beneficiaries SET tenant_id = :other"),
                               {"other": other})
        db.session.rollback()


def test_the_walled_app_serves_each_structure_its_own_figures(client, headers, walled):
    walled_app, other = walled
    call = {"channel": "telephone", "date": "2026-11-02T10:00:00Z", "subject": "Permis"}
    for _ in range(2):
        create(client, headers["referent"], "contacts", call)
    b = bearer(login(client, "coord-b@example.org")["access_token"])
    create(client, b, "contacts", call)
    walled_client = walled_app.test_client()
    mine = bearer(login(walled_client, "coord@example.org")["access_token"])
    theirs = bearer(login(walled_client, "coord-b@example.org")["access_token"])
    year = {"year": "2026"}
    # Each structure's figures: its own filter, and the wall behind it.
    def contacts(who):
        figures = walled_client.get("/api/reports/key-figures", query_string=year,
                                    headers=who).get_json()
        return next(t["value"] for t in figures["targets"] if t["key"] == "contacts")

    assert (contacts(mine), contacts(theirs)) == (2, 1)
    # The sync through the walled app works as through the owner's connection.
    created = create(walled_client, theirs, "beneficiaries", {**PERSON, "first_name": "Noé"})
    assert created["status"] == "applied"


def test_the_region_reads_each_structure_side_by_side_and_summed(app, client, headers,
                                                                 walled):
    walled_app, other = walled
    call = {"channel": "telephone", "date": "2026-11-02T10:00:00Z", "subject": "Permis"}
    create(client, headers["referent"], "contacts", call)
    b = bearer(login(client, "coord-b@example.org")["access_token"])
    for _ in range(2):
        create(client, b, "contacts", call)
    with app.app_context():
        user, _ = auth_service.create_user(db.session, "region@example.org", "Région",
                                           "region", PASSWORD)
        structures.join(db.session, user, other, "region")
        db.session.commit()
    walled_client = walled_app.test_client()
    region = bearer(login(walled_client, "region@example.org")["access_token"])
    answer = walled_client.get("/api/region/key-figures", query_string={"year": "2026"},
                               headers=region).get_json()

    def contacts(figures):
        return next(t["value"] for t in figures["targets"] if t["key"] == "contacts")

    assert [(s["id"], contacts(s["figures"])) for s in answer["structures"]] == [
        (DEFAULT_STRUCTURE, 1), (other, 2)]
    assert contacts(answer["total"]) == 3
    # Never a file: the region's account pulls nothing and reads no person.
    pulled = walled_client.get("/api/sync/pull", headers=region).get_json()
    assert pulled["changes"] == []
    assert walled_client.get("/api/reports/key-figures", headers=region).status_code == 403
    # Through the owner's connection, with two structures, the figures wait for the wall.
    refused = client.get("/api/reports/key-figures", headers=headers["coordinator"])
    assert refused.status_code == 503 and refused.get_json()["code"] == "row_security_off"


def test_the_walled_app_exports_each_structure_its_own_records(client, headers, walled):
    walled_app, other = walled
    create(client, headers["referent"], "beneficiaries", {**PERSON, "first_name": "Anaïs",
                                                          "last_name": "Sudjura"})
    b = bearer(login(client, "coord-b@example.org")["access_token"])
    create(client, b, "beneficiaries", {**PERSON, "first_name": "Zoé", "last_name": "Voisine"})
    walled_client = walled_app.test_client()
    for email, mine, theirs in (("coord@example.org", "Sudjura", "Voisine"),
                                ("coord-b@example.org", "Voisine", "Sudjura")):
        who = bearer(login(walled_client, email)["access_token"])
        sheet = walled_client.get("/api/exports/records.csv?table=beneficiaries&full=1",
                                  headers=who).get_data(as_text=True)
        assert mine in sheet and theirs not in sheet
    # Through the owner's connection, with two structures, the exports wait for the wall.
    refused = client.get("/api/exports/records.csv?table=beneficiaries",
                         headers=headers["coordinator"])
    assert refused.status_code == 503


def test_a_row_the_wall_hides_is_refused_not_written_again(client, headers, walled):
    walled_app, other = walled
    ours = create(client, headers["referent"], "beneficiaries", PERSON)
    walled_client = walled_app.test_client()
    theirs = bearer(login(walled_client, "coord-b@example.org")["access_token"])
    # B's device sends A's person's id, as an edit and as a create: the row is hidden from
    # B's transaction, yet it is refused as another structure's (not a duplicate key).
    for base in (ours["version"], None):
        result = push_one(walled_client, theirs, "beneficiaries", {"phone": "0600000000"},
                          ours["row_id"], base)
        assert result["status"] == "rejected" and "_permission" in result["errors"]
    kept = by_row(pull_all(client, headers["referent"])[0])[ours["row_id"]]
    assert kept["data"]["phone"] is None


def test_a_natural_key_the_wall_hides_is_a_clear_refusal(client, headers, walled):
    walled_app, other = walled
    person = create(client, headers["referent"], "beneficiaries", PERSON)["row_id"]
    session = create(client, headers["referent"], "sessions", {
        "kind": "permanence", "title": "Permanence", "starts_at": "2026-11-02T09:00:00Z"})
    create(client, headers["referent"], "attendances", {
        "session_id": session["row_id"], "beneficiary_id": person})
    walled_client = walled_app.test_client()
    theirs = bearer(login(walled_client, "coord-b@example.org")["access_token"])
    # B's device guesses both of A's ids: the attendance that holds that pair is hidden from
    # B's transaction; the person it names is A's, so it is refused before the database's
    # unique key would (409 `integrity` stays the backstop): nothing written.
    answer = walled_client.post("/api/sync/push", json={
        "client_id": "b", "schema_version": 1, "mutations": [{
            "id": str(uuid.uuid4()), "table": "attendances", "op": "upsert",
            "row_id": str(uuid.uuid4()), "base_version": None,
            "fields": {"session_id": session["row_id"], "beneficiary_id": person}}]},
        headers=theirs)
    assert answer.status_code == 200
    [result] = answer.get_json()["results"]
    assert result["status"] == "rejected" and "_permission" in result["errors"]
    assert walled_client.get("/api/sync/pull", headers=theirs).get_json()["changes"] == []
