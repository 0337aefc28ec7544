"""GET /api/people/<id>/export.json and .html: everything held about a person, logged."""
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEvent

from api_helpers import BENEFICIARY, assert_problem, create, new_id, push_one

TABLES = ("diagnostics", "attendances", "contacts", "referrals", "action_steps", "outcomes",
          "objectives")


def _file(client, headers):
    h = headers["referent"]
    person = create(client, h, "beneficiaries", {**BENEFICIARY, "phone": "0611223344",
                                                 "qpv": True})
    pid = person["row_id"]
    session = create(client, h, "sessions", {"kind": "atelier", "title": "Coup de pédale",
                                             "starts_at": "2026-10-01T09:00:00Z",
                                             "place": "MLSJ Saint-Claude"})["row_id"]
    create(client, h, "attendances", {"session_id": session, "beneficiary_id": pid})
    create(client, h, "diagnostics", {"beneficiary_id": pid, "date": "2026-10-02",
                                      "answers": {"barriers": {"sante": True}}})
    create(client, h, "contacts", {"beneficiary_id": pid, "channel": "telephone",
                                   "subject": "Horaires Mobigo",
                                   "self_test": {"permis": "b", "adapte": "oui"}})
    create(client, h, "action_steps", {"beneficiary_id": pid, "label": "Passer le code"})
    create(client, h, "objectives", {"beneficiary_id": pid, "label": "Payer le code",
                                     "barrier": "financier"})
    create(client, h, "outcomes", {"beneficiary_id": pid, "kind": "code-obtenu",
                                   "date": "2026-11-01"})
    create(client, headers["coordinator"], "referrals", {
        "first_name": "Léa", "last_name": "Martin", "consent": True, "beneficiary_id": pid})
    # A pending conflict about the person.
    push_one(client, headers["coordinator"], "beneficiaries", {"phone": "0700000000"}, pid,
             person["version"])
    assert push_one(client, h, "beneficiaries", {"phone": "0799999999"}, pid,
                    person["version"])["status"] == "conflict"
    client.post("/api/audit/views", headers=h, json={"views": [
        {"id": new_id(), "beneficiary_id": pid, "at": "2026-11-20T08:00:00Z"}]})
    return pid


def test_json_export_holds_the_whole_file_and_is_logged(app, client, headers, users):
    pid = _file(client, headers)
    response = client.get(f"/api/people/{pid}/export.json", headers=headers["coordinator"])
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["person"]["id"] == pid and body["person"]["phone"] == "0700000000"
    assert body["person"]["qpv"] is True
    for table in TABLES:
        assert len(body[table]) == 1, table
        assert body[table][0]["beneficiary_id"] == pid
    assert body["attendances"][0]["session"] == {
        "title": "Coup de pédale", "starts_at": "2026-10-01T09:00:00Z",
        "place": "MLSJ Saint-Claude"}
    [conflict] = body["conflicts"]
    assert conflict["fields"]["phone"]["client"] == "0799999999"
    assert {e["action"] for e in body["audit"]} == {"change", "view"}
    assert body["exported_at"].endswith("Z")
    with app.app_context():
        [logged] = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "export")).all()
        assert (logged.row_id, logged.user_id) == (pid, users["coordinator"]["id"])
        assert "0700000000" not in (logged.detail or "")


def test_html_export_is_a_readable_french_page(app, client, headers):
    pid = _file(client, headers)
    response = client.get(f"/api/people/{pid}/export.html", headers=headers["coordinator"])
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert '<html lang="fr">' in page
    for text in ("Ce que nous gardons sur cette personne", "Prénom", "Léa", "0700000000",
                 "Coup de pédale", "01/10/2026", "MLSJ Saint-Claude", "Passer le code",
                 "Horaires Mobigo", "Modifications en attente (1)", "0799999999",
                 "Qui a consulté ou modifié le dossier", "consultation", "Référente",
                 "Besoin d&#39;un transport adapté ou d&#39;un accès sans marche : oui"):
        assert text in page, text
    with app.app_context():
        assert db.session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "export")).all() == ["export html"]


def test_export_escapes_what_was_typed(client, headers):
    pid = create(client, headers["referent"], "beneficiaries",
                 {"first_name": "<script>alert(1)</script>", "last_name": "X"})["row_id"]
    page = client.get(f"/api/people/{pid}/export.html",
                      headers=headers["coordinator"]).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_export_is_for_the_coordinator_only(app, client, headers):
    pid = create(client, headers["referent"], "beneficiaries", BENEFICIARY)["row_id"]
    for kind in ("json", "html"):
        url = f"/api/people/{pid}/export.{kind}"
        for role in ("referent", "prescriber"):
            assert_problem(client.get(url, headers=headers[role]), 403, "forbidden")
        assert_problem(client.get(url), 401)
        assert_problem(client.get(f"/api/people/{new_id()}/export.{kind}",
                                  headers=headers["coordinator"]), 404, "not_found")
    with app.app_context():
        assert db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "export")).all() == []


def test_an_erased_file_exports_as_empty(client, headers):
    pid = _file(client, headers)
    assert client.post(f"/api/people/{pid}/erase",
                       headers=headers["coordinator"]).status_code == 200
    body = client.get(f"/api/people/{pid}/export.json", headers=headers["coordinator"]).get_json()
    assert body["person"]["first_name"] is None and body["person"]["deleted"] is True
    assert body["conflicts"] == []
    # The erased rows no longer name the person: nothing links them back.
    assert all(body[t] == [] for t in TABLES)
    page = client.get(f"/api/people/{pid}/export.html",
                      headers=headers["coordinator"]).get_data(as_text=True)
    assert "Ce dossier a été effacé" in page and "0700000000" not in page
