"""POST /api/people/<id>/erase: the file becomes tombstones without values, on every device."""
from threading import Thread

from sqlalchemy import event, select

from server.extensions import db
from server.models import SYNCED, AuditEvent, SyncConflict
from server.services.erasure import erase

from api_helpers import (BENEFICIARY, assert_problem, by_row, create, new_id, pull_all,
                         push_ok, push_one, mutation)

REFERRAL = {"first_name": "Léa", "last_name": "Martin", "consent": True, "needs": "Code",
            "phone": "0600000000"}


def _file(client, headers):
    """A person with a row in every part of their file; return row ids by table."""
    h = headers["referent"]
    person = create(client, h, "beneficiaries", {**BENEFICIARY, "phone": "0611223344",
                                                 "notes": "Vit chez sa tante"})["row_id"]
    session = create(client, h, "sessions", {"kind": "atelier", "title": "Vélo",
                                             "starts_at": "2026-10-01T09:00:00Z"})["row_id"]
    referral = create(client, headers["prescriber"], "referrals", REFERRAL)
    linked = push_one(client, headers["coordinator"], "referrals",
                      {"beneficiary_id": person, "status": "validee"},
                      referral["row_id"], referral["version"])
    assert linked["status"] == "applied", linked
    rows = {"beneficiaries": person, "referrals": referral["row_id"]}
    for table, fields in {
        "diagnostics": {"date": "2026-10-01", "answers": {"strengths": "Courageuse"}},
        "attendances": {"session_id": session},
        "contacts": {"channel": "telephone", "notes": "A rappelé", "name": "Léa M."},
        "action_steps": {"label": "Passer le code"},
        "outcomes": {"kind": "code-obtenu", "date": "2026-11-01", "notes": "Du 1er coup"},
        "objectives": {"label": "Payer le code", "barrier": "financier", "stage": "moyens"},
    }.items():
        rows[table] = create(client, h, table, {**fields, "beneficiary_id": person})["row_id"]
    return rows, session


def _stored(app, table, row_id):
    with app.app_context():
        return db.session.get(SYNCED[table], row_id)


def test_erasure_reaches_the_device_and_its_stale_edits_are_refused(app, client, headers,
                                                                    users):
    rows, session = _file(client, headers)
    device = headers["referent"]
    pulled, cursor = pull_all(client, device)
    held = by_row(pulled)
    assert held[rows["beneficiaries"]]["data"]["phone"] == "0611223344"
    # A conflict record holding a value about the person.
    person = held[rows["beneficiaries"]]
    push_one(client, headers["coordinator"], "beneficiaries", {"phone": "0700000000"},
             rows["beneficiaries"], person["version"])
    clash = push_one(client, device, "beneficiaries", {"phone": "0799999999"},
                     rows["beneficiaries"], person["version"])
    assert clash["status"] == "conflict"
    _, prescriber_cursor = pull_all(client, headers["prescriber"])

    response = client.post(f"/api/people/{rows['beneficiaries']}/erase",
                           headers=headers["coordinator"])
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"id": rows["beneficiaries"], "erased": {
        t: 1 for t in rows}}

    # The device's next pull: every row of the file, deleted, without data.
    changes = by_row(pull_all(client, device, cursor)[0])
    for table, row_id in rows.items():
        change = changes[row_id]
        assert change["table"] == table and change["deleted"] is True
        assert change["data"] is None
    assert session not in changes  # the session is not about the person
    # The prescriber's device also loses its referral.
    gone = by_row(pull_all(client, headers["prescriber"], prescriber_cursor)[0])
    assert gone[rows["referrals"]]["deleted"] is True and gone[rows["referrals"]]["data"] is None

    # Stored: tombstones whose every field is null; no conflict record left; one audit event.
    specs = app.extensions["sync_engine"].specs
    for table, row_id in rows.items():
        rec = _stored(app, table, row_id)
        assert rec.deleted is True
        assert {name: getattr(rec, name) for name in specs[table].fields} == dict.fromkeys(
            specs[table].fields)
    with app.app_context():
        assert db.session.scalars(select(SyncConflict)).all() == []
        [event] = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "erase")).all()
        assert event.row_id == rows["beneficiaries"]
        assert event.user_id == users["coordinator"]["id"]
        assert "0611223344" not in (event.detail or "") and "Léa" not in (event.detail or "")

    # The device, offline, still edited the person and added to the file: all refused.
    stale = [
        mutation("beneficiaries", {"phone": "0655555555", "first_name": "Léa"},
                 rows["beneficiaries"], person["version"]),
        mutation("beneficiaries", {**BENEFICIARY}, rows["beneficiaries"]),  # re-create
        mutation("contacts", {"notes": "Nouvel appel"}, rows["contacts"],
                 held[rows["contacts"]]["version"]),
        mutation("diagnostics", {"beneficiary_id": rows["beneficiaries"].upper(),
                                 "date": "2026-11-20"}),
        mutation("attendances", {"session_id": session,
                                 "beneficiary_id": rows["beneficiaries"]}),
        mutation("beneficiaries", {}, rows["beneficiaries"], person["version"], op="delete"),
    ]
    results = push_ok(client, device, stale)
    for result in results:
        assert result["status"] == "rejected", result
        assert "effacé" in result["errors"]["_erased"][0]
    with app.app_context():
        assert db.session.scalars(select(SyncConflict)).all() == []
        assert db.session.scalars(select(SYNCED["diagnostics"]).where(
            SYNCED["diagnostics"].id == stale[3]["row_id"])).all() == []
        changes = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "change", AuditEvent.at > event.at)).all()
        assert changes == []
    rec = _stored(app, "beneficiaries", rows["beneficiaries"])
    assert rec.phone is None and rec.first_name is None and rec.deleted is True
    # Erasing again changes nothing and logs nothing new.
    again = client.post(f"/api/people/{rows['beneficiaries']}/erase",
                        headers=headers["coordinator"])
    assert again.status_code == 200
    assert set(again.get_json()["erased"].values()) == {0}
    with app.app_context():
        assert len(db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "erase")).all()) == 1


def test_other_people_and_their_files_are_untouched(app, client, headers):
    rows, _ = _file(client, headers)
    other = create(client, headers["referent"], "beneficiaries",
                   {"first_name": "Tom", "last_name": "Roux"})["row_id"]
    step = create(client, headers["referent"], "action_steps",
                  {"beneficiary_id": other, "label": "Acheter un ticket"})["row_id"]
    assert client.post(f"/api/people/{rows['beneficiaries']}/erase",
                       headers=headers["coordinator"]).status_code == 200
    assert _stored(app, "beneficiaries", other).first_name == "Tom"
    assert _stored(app, "action_steps", step).label == "Acheter un ticket"
    # Still writable as usual.
    result = push_one(client, headers["referent"], "action_steps",
                      {"beneficiary_id": other, "label": "Prendre le bus"})
    assert result["status"] == "applied"


def test_only_the_coordinator_erases(app, client, headers):
    rows, _ = _file(client, headers)
    url = f"/api/people/{rows['beneficiaries']}/erase"
    for role in ("referent", "prescriber"):
        assert_problem(client.post(url, headers=headers[role]), 403, "forbidden")
    assert_problem(client.post(url), 401)
    assert _stored(app, "beneficiaries", rows["beneficiaries"]).first_name == "Léa"
    assert_problem(client.post(f"/api/people/{new_id()}/erase",
                               headers=headers["coordinator"]), 404, "not_found")
    assert_problem(client.post("/api/people/pas-un-uuid/erase",
                               headers=headers["coordinator"]), 404, "not_found")


def test_a_row_pushed_just_before_the_erasure_takes_its_lock_is_erased_too(app, client,
                                                                           headers):
    rows, _ = _file(client, headers)
    person, late = rows["beneficiaries"], {}

    def push_in_between(_session):
        # The erasure ends its first reads here; a tablet's push lands before its lock.
        # (From another thread: its request has its own app context and session.)
        if not late:
            tablet = Thread(target=lambda: late.update(create(
                client, headers["referent"], "contacts", {
                    "beneficiary_id": person, "channel": "visite", "notes": "Chez sa tante"})))
            tablet.start()
            tablet.join()

    with app.app_context():
        session = db.session()
        event.listen(session, "after_commit", push_in_between)
        try:
            counts = erase(session, app.extensions["sync_engine"], None, person)
        finally:
            event.remove(session, "after_commit", push_in_between)
    assert late and counts["contacts"] == 2
    stored = _stored(app, "contacts", late["row_id"])
    assert stored.deleted and stored.notes is None


def test_a_prescriber_cannot_learn_that_a_file_was_erased(client, headers):
    """Refused for the role first: the answer is the same as for any file of the caseload."""
    rows, _ = _file(client, headers)
    kept = create(client, headers["referent"], "beneficiaries", BENEFICIARY)["row_id"]
    assert client.post(f"/api/people/{rows['beneficiaries']}/erase",
                       headers=headers["coordinator"]).status_code == 200
    answers = [push_one(client, headers["prescriber"], "beneficiaries", {"notes": "?"},
                        person, 1) for person in (rows["beneficiaries"], kept)]
    assert [a["status"] for a in answers] == ["rejected", "rejected"]
    assert answers[0]["errors"] == answers[1]["errors"] and "_erased" not in answers[0]["errors"]
