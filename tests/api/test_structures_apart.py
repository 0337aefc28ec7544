"""Two structures on one PostgreSQL database: each prints its own name on its documents, and
a row of one may not name a person of the other (refused), whether the app owns the tables
or connects as a role the row-level security binds. A person nobody knows yet is accepted."""
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import event

from server.extensions import db
from server.models import DEFAULT_STRUCTURE, Structure
from server.services.policy import OTHER_PERSON
from tests.api.test_rls import walled  # noqa: F401  (fixture)
from tests.api.test_structures import _as, other  # noqa: F401  (fixture)
from tests.conftest import bearer, login

from api_helpers import by_row, create, mutation, new_id, pull_all, push_ok, push_one

PERSON = {"first_name": "Léa", "last_name": "Martin", "birth_date": "2005-04-02", "sex": "F"}
# Marks a name must keep (escaped in HTML, spelled in Latin-1 in the PDF).
OURS = "Mission Locale « Oyonnax » & <Bugey>"


def _about(person: str, session: str) -> list[dict]:
    """One new row of each kind that names a person."""
    return [mutation("contacts", {"beneficiary_id": person, "channel": "visite"}),
            mutation("diagnostics", {"beneficiary_id": person, "date": "2026-11-02",
                                     "answers": {}}),
            mutation("referrals", {"first_name": "Léa", "last_name": "Martin", "consent": True,
                                   "beneficiary_id": person}),
            mutation("attendances", {"session_id": session, "beneficiary_id": person}),
            mutation("outcomes", {"beneficiary_id": person, "kind": "code-obtenu",
                                  "date": "2026-11-01"})]


def _lookups(app):
    """Count the statements that look people up past the policies, on the app's engine."""
    seen = []
    with app.app_context():
        engine = db.engine

    def spy(conn, cursor, statement, *args):
        if "mhj_existing_ids('beneficiaries'" in statement:
            seen.append(statement)
    event.listen(engine, "before_cursor_execute", spy)
    return seen, lambda: event.remove(engine, "before_cursor_execute", spy)


def _refused_for_ours(client, app, theirs, ours: str) -> None:
    """Push, as `theirs`, rows naming `ours` (refused), their own and an unknown person."""
    own = create(client, theirs, "beneficiaries", {**PERSON, "first_name": "Zoé"})["row_id"]
    session = create(client, theirs, "sessions", {
        "kind": "permanence", "title": "Permanence", "starts_at": "2026-11-02T09:00:00Z"})
    unknown = new_id()
    seen, stop = _lookups(app)
    try:
        results = push_ok(client, theirs, [*_about(ours, session["row_id"]),
                                           *_about(own, session["row_id"]),
                                           *_about(unknown, session["row_id"])])
        assert len(seen) == 1  # every person the push names, looked up at once
        # A push that names nobody looks nobody up (the 10k-person push pays nothing).
        push_ok(client, theirs, [mutation("beneficiaries", PERSON)])
        assert len(seen) == 1
    finally:
        stop()
    refused, accepted = results[:5], results[5:]
    assert {r["status"] for r in refused} == {"rejected"}
    assert [r["errors"] for r in refused] == [{"_permission": [OTHER_PERSON]}] * 5
    assert {r["status"] for r in accepted} == {"applied"}
    # A row of its own moved onto the other structure's person: refused too.
    contact = accepted[0]
    moved = push_one(client, theirs, "contacts", {"beneficiary_id": ours},
                     contact["row_id"], contact["version"])
    assert moved["errors"] == {"_permission": [OTHER_PERSON]}
    kept = by_row(pull_all(client, theirs)[0])
    assert kept[contact["row_id"]]["data"]["beneficiary_id"] == own
    assert not [c for c in kept.values() if c["data"].get("beneficiary_id") == ours]


def test_a_row_may_not_name_another_structures_person(app, client, headers, other):
    ours = create(client, headers["referent"], "beneficiaries", PERSON)["row_id"]
    ref_b, _ = _as(client, "ref-b@example.org")
    _refused_for_ours(client, app, ref_b, ours)
    # The person's own structure still writes about them.
    session = create(client, headers["referent"], "sessions", {
        "kind": "atelier", "title": "Atelier", "starts_at": "2026-11-03T09:00:00Z"})["row_id"]
    results = push_ok(client, headers["referent"], _about(ours, session))
    assert {r["status"] for r in results} == {"applied"}


def test_the_walled_app_refuses_a_person_it_cannot_see(client, headers, walled):  # noqa: F811
    walled_app, _ = walled
    ours = create(client, headers["referent"], "beneficiaries", PERSON)["row_id"]
    walled_client = walled_app.test_client()
    coord_b = bearer(login(walled_client, "coord-b@example.org")["access_token"])
    _refused_for_ours(walled_client, walled_app, coord_b, ours)


def test_each_structure_prints_its_own_name(app, client, headers, walled):  # noqa: F811
    walled_app, _ = walled
    with app.app_context():
        db.session.get(Structure, DEFAULT_STRUCTURE).name = OURS
        db.session.commit()
    coord_b = bearer(login(client, "coord-b@example.org")["access_token"])
    people = {"coord@example.org": create(client, headers["coordinator"], "beneficiaries",
                                          PERSON)["row_id"],
              "coord-b@example.org": create(client, coord_b, "beneficiaries",
                                            PERSON)["row_id"]}
    walled_client = walled_app.test_client()
    for email, mine, theirs in (("coord@example.org", "Bugey", "Voisine"),
                                ("coord-b@example.org", "Voisine", "Bugey")):
        who = bearer(login(walled_client, email)["access_token"])
        html = walled_client.get("/api/reports/yearly.html", headers=who).get_data(as_text=True)
        pdf = walled_client.get("/api/reports/yearly.pdf", headers=who)
        assert pdf.status_code == 200
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.get_data())).pages)
        export = walled_client.get(f"/api/people/{people[email]}/export.html", headers=who)
        assert export.status_code == 200
        for printed in (html, text, export.get_data(as_text=True)):
            assert mine in printed and theirs not in printed
    # Escaped in the pages, spelled in Latin-1 in the PDF; never as markup.
    assert "Mission Locale « Oyonnax » &amp; &lt;Bugey&gt;, volet mobilité" in _page(
        walled_client, "coord@example.org", "/api/reports/yearly.html")
    assert "Mission Locale « Oyonnax » &amp; &lt;Bugey&gt;, accompagnement" in _page(
        walled_client, "coord@example.org",
        f"/api/people/{people['coord@example.org']}/export.html")
    who = bearer(login(walled_client, "coord@example.org")["access_token"])
    reader = PdfReader(io.BytesIO(walled_client.get("/api/reports/yearly.pdf",
                                                    headers=who).get_data()))
    assert 'Mission Locale " Oyonnax " & <Bugey> - période du' in reader.pages[0].extract_text()
    assert reader.metadata.author == 'Mission Locale " Oyonnax " & <Bugey>'


def _page(client, email: str, path: str) -> str:
    who = bearer(login(client, email)["access_token"])
    return client.get(path, headers=who).get_data(as_text=True)
