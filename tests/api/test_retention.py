"""privacy-retention: dormant files are anonymised through the engine; figures do not move."""
import traceback
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.models import DEFAULT_STRUCTURE, SYNCED, AuditEvent, SyncClock, SyncConflict
from server.reports.key_figures import key_figures
from server.reports.periods import year_period
from server.services.retention import coarse_birth_date

from api_helpers import by_row, create, new_id, phone_conflict, pull_all, push_one

NOW = "2029-06-01T03:00:00"  # the job's pretend clock: > 2 years after every contact below
ANSWERS = {"project": {"goal": "Devenir aide-soignante", "destinations": ["oyonnax", "Chez ma tante"],
                       "radius": "au-dela"},
           "barriers": {"financier": 2, "sante": True}, "skills": {"lire-horaires": 2},
           "motivation": 3, "strengths": "Ne lâche rien"}


def _person(client, h, birth, sessions, **extra):
    """Create a person who came to these sessions; return their row ids by table."""
    person = create(client, h, "beneficiaries", {
        "first_name": "Léa", "last_name": "Martin", "birth_date": birth, "sex": "F",
        "commune": "Septmoncel", "qpv": False, "frr": True, "status": "cej",
        "phone": "0611223344", "email": "lea@example.org", "notes": "Sans voiture",
        "consent_at": "2025-01-10T10:00:00Z", "consent_scope": "suivi mobilité", **extra})
    pid = person["row_id"]
    rows = {"beneficiaries": pid}
    for session in sessions:
        rows.setdefault("attendances", []).append(create(client, h, "attendances", {
            "session_id": session, "beneficiary_id": pid})["row_id"])
    rows["diagnostics"] = create(client, h, "diagnostics", {
        "beneficiary_id": pid, "date": "2025-09-01", "answers": ANSWERS})["row_id"]
    rows["contacts"] = create(client, h, "contacts", {
        "beneficiary_id": pid, "channel": "telephone", "date": "2025-09-02T10:00:00Z",
        "name": "Léa Martin", "phone": "0611223344", "subject": "Permis",
        "orientation": "Auto-école sociale", "notes": "Rappeler"})["row_id"]
    rows["action_steps"] = create(client, h, "action_steps", {
        "beneficiary_id": pid, "label": "Inscription au code chez Dupont",
        "due_date": "2025-10-01"})["row_id"]
    rows["outcomes"] = create(client, h, "outcomes", {
        "beneficiary_id": pid, "kind": "code-obtenu", "date": "2026-02-01",
        "notes": "Réussi au 2e essai"})["row_id"]
    rows["referrals"] = create(client, h, "referrals", {
        "beneficiary_id": pid, "first_name": "Léa", "last_name": "Martin", "consent": True,
        "phone": "0611223344", "situation": "Hébergée", "needs": "Code", "status": "validee",
        "birth_date": birth, "commune": "Septmoncel"})["row_id"]
    return rows, person


def _world(client, headers):
    h = headers["referent"]
    sessions = {day: create(client, h, "sessions", {
        "kind": "atelier", "title": "Atelier", "action": "coup-de-pedale",
        "place": "MLSJ", "starts_at": f"{day}T09:00:00Z"})["row_id"]
        for day in ("2025-08-05", "2025-10-01", "2026-03-01")}
    people = {
        # Turns 26 on 2026-06-15: 1 January would age them into 26+ at the March session.
        "month": _person(client, h, "2000-06-15", [sessions["2026-03-01"]]),
        "year": _person(client, h, "2008-09-10", [sessions["2025-10-01"]]),
        # Turns 18 on 2007-08-20: at the 5 August session only the real date gives <18.
        "exact": _person(client, h, "2007-08-20", [sessions["2025-08-05"]]),
    }
    recent, _ = _person(client, h, "2004-01-01", [sessions["2025-10-01"]])
    create(client, h, "contacts", {"beneficiary_id": recent["beneficiaries"],
                                   "channel": "visite", "date": "2028-12-01T10:00:00Z"})
    return people, recent


def _figures(app):
    with app.app_context():
        return {year: key_figures(db.session, year_period(year), DEFAULT_STRUCTURE)
                for year in (2025, 2026)}


def _run(app, *args):
    result = app.test_cli_runner().invoke(args=["privacy-retention", *args])
    assert result.exit_code == 0, "".join(traceback.format_exception(*result.exc_info))[-1500:]
    return dict(part.split(": ") for part in result.output.strip().split(", "))


def _rec(app, table, row_id):
    with app.app_context():
        rec = db.session.get(SYNCED[table], row_id)
        db.session.expunge(rec)
        return rec


def test_dormant_files_are_anonymised_and_the_figures_stay(app, client, headers):
    # The job's clock is years ahead: keep the audit log whole, this test is about files.
    app.config["AUDIT_RETENTION_DAYS"] = 36500
    people, recent = _world(client, headers)
    device = headers["referent"]
    _, cursor = pull_all(client, device)
    # A conflict record holding a phone number of a dormant person.
    rows, person = people["year"]
    push_one(client, headers["coordinator"], "beneficiaries", {"phone": "0700000000"},
             rows["beneficiaries"], person["version"])
    assert push_one(client, device, "beneficiaries", {"phone": "0799999999"},
                    rows["beneficiaries"], person["version"])["status"] == "conflict"
    _, cursor = pull_all(client, device, cursor)
    before = _figures(app)
    assert before[2025]["profile"]["total"] == 4 and before[2026]["profile"]["total"] == 4

    counts = _run(app, "--now", NOW, "--years", "2")
    assert counts["dormant"] == "3" and counts["anonymised"] == "3"
    assert counts["conflicts_purged"] == "1" and counts["refused"] == "0"
    assert _figures(app) == before

    births = {"month": date(2000, 6, 1), "year": date(2008, 1, 1), "exact": date(2007, 8, 20)}
    pulled = by_row(pull_all(client, device, cursor)[0])
    for key, (rows, _) in people.items():
        p = _rec(app, "beneficiaries", rows["beneficiaries"])
        assert (p.first_name, p.last_name) == ("Anonyme", "Anonyme")
        assert (p.phone, p.email, p.notes, p.consent_scope, p.consent_at) == (None,) * 5
        assert (p.sex, p.commune, p.qpv, p.frr, p.status) == ("F", "Septmoncel", False, True,
                                                               "cej")
        assert p.birth_date == births[key], key
        c = _rec(app, "contacts", rows["contacts"])
        assert (c.name, c.phone, c.subject, c.orientation, c.notes) == (None,) * 5
        assert c.channel == "telephone"
        d = _rec(app, "diagnostics", rows["diagnostics"])
        # Destinations stay as the unmet-needs figures read them, never as typed.
        assert d.answers == {"project": {"radius": "au-dela", "destinations": [
                                 "Oyonnax", "Autre lieu (hors liste officielle)"]},
                             "motivation": 3,
                             "barriers": {"financier": 2, "sante": True},
                             "skills": {"lire-horaires": 2}}
        assert _rec(app, "action_steps", rows["action_steps"]).label == "Anonyme"
        assert _rec(app, "outcomes", rows["outcomes"]).notes is None
        r = _rec(app, "referrals", rows["referrals"])
        assert (r.first_name, r.phone, r.situation, r.needs, r.birth_date) == (
            "Anonyme", None, None, None, None)
        assert r.status == "validee"
        # The devices get the anonymised values at their next pull.
        change = pulled[rows["beneficiaries"]]
        assert change["data"]["first_name"] == "Anonyme" and change["data"]["phone"] is None
        assert pulled[rows["contacts"]]["data"]["notes"] is None
    kept = _rec(app, "beneficiaries", recent["beneficiaries"])
    assert (kept.first_name, kept.phone) == ("Léa", "0611223344")
    with app.app_context():
        [conflict] = db.session.scalars(select(SyncConflict)).all()
        assert conflict.fields == {"phone": {"server": None, "client": None}}
        assert conflict.status == "resolved"
        logged = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "anonymise")).all()
        assert {e.row_id for e in logged} == {r["beneficiaries"] for r, _ in people.values()}
        assert all(e.at == datetime(2029, 6, 1, 3) and e.user_id is None for e in logged)
        assert not any("0611223344" in (e.detail or "") for e in logged)
        clock = db.session.get(SyncClock, 1).value
        events = db.session.scalar(select(func.count()).select_from(AuditEvent))

    # A second run (the next night) changes nothing: cron-safe.
    again = _run(app, "--now", "2029-06-02T03:00:00", "--years", "2")
    assert again["anonymised"] == "0" and again["rows"] == "0"
    with app.app_context():
        assert db.session.get(SyncClock, 1).value == clock
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == events
    assert _figures(app) == before


def test_nothing_happens_before_the_retention_period(app, client, headers):
    people, _ = _world(client, headers)
    # RETENTION_YEARS (2 by default) from the configuration; in 2027 nobody is dormant yet.
    counts = _run(app, "--now", "2027-01-01T00:00:00")
    assert counts["dormant"] == "0"
    assert _run(app, "--now", NOW, "--years", "5")["dormant"] == "0"
    rows, _ = people["month"]
    assert _rec(app, "beneficiaries", rows["beneficiaries"]).first_name == "Léa"
    bad = app.test_cli_runner().invoke(args=["privacy-retention", "--now", "demain"])
    assert bad.exit_code != 0


@pytest.mark.parametrize("birth, days, expected", [
    (date(2000, 6, 15), [date(2026, 3, 1), date(2026, 12, 31)], date(2000, 6, 1)),
    (date(2008, 9, 10), [date(2025, 10, 1), date(2025, 12, 31)], date(2008, 1, 1)),
    (date(2007, 8, 20), [date(2025, 8, 5)], date(2007, 8, 20)),
    (None, [date(2025, 8, 5)], None),
])
def test_the_birth_date_keeps_the_age_band_on_the_days_that_count(birth, days, expected):
    assert coarse_birth_date(birth, days) == expected


def test_a_planned_or_future_date_does_not_keep_a_file_forever(app, client, headers):
    h = headers["referent"]
    rows, _ = _person(client, h, "2004-03-03", [])
    pid = rows["beneficiaries"]
    # A step planned far ahead, a contact mistyped in the future, a session not yet held.
    step = create(client, h, "action_steps", {"beneficiary_id": pid, "label": "Permis B",
                                              "due_date": "2199-01-01"})["row_id"]
    create(client, h, "contacts", {"beneficiary_id": pid, "channel": "visite",
                                   "date": "2199-05-01T10:00:00Z"})
    later = create(client, h, "sessions", {"kind": "atelier", "title": "Atelier",
                                           "action": "coup-de-pedale", "place": "MLSJ",
                                           "starts_at": "2199-03-01T09:00:00Z"})["row_id"]
    create(client, h, "attendances", {"session_id": later, "beneficiary_id": pid})
    counts = _run(app, "--now", NOW, "--years", "2")
    assert counts["dormant"] == "1" and counts["anonymised"] == "1"
    assert _rec(app, "beneficiaries", pid).first_name == "Anonyme"
    assert _rec(app, "action_steps", step).label == "Anonyme"


def test_rows_about_someone_without_a_file_are_anonymised_too(app, client, headers):
    h = headers["referent"]
    call_back = new_id()
    assert client.post("/api/contact-requests", json={
        "id": call_back, "name": "Inès", "phone": "06 12 34 56 78", "commune": "Septmoncel",
        "message": "Je cherche un scooter", "consent": True}).status_code == 201
    typed = create(client, h, "contacts", {"channel": "telephone", "name": "Karim B.",
                                           "phone": "0699887766", "date": "2199-01-01T10:00:00Z",
                                           "subject": "Garage solidaire"})["row_id"]
    recent = create(client, h, "contacts", {"channel": "visite", "name": "Nina",
                                            "date": "2028-12-01T10:00:00Z"})["row_id"]
    referral = create(client, headers["prescriber"], "referrals", {
        "first_name": "Zoé", "last_name": "Girod", "consent": True, "phone": "0612121212",
        "needs": "Permis", "situation": "Hébergée chez sa tante", "commune": "Lajoux"})
    validated = push_one(client, headers["coordinator"], "referrals", {"status": "validee"},
                         referral["row_id"], referral["version"])
    assert validated["status"] == "applied"

    counts = _run(app, "--now", NOW, "--years", "2")
    assert counts["unlinked"] == "3" and counts["dormant"] == "0" and counts["refused"] == "0"
    for row_id in (call_back, typed):
        c = _rec(app, "contacts", row_id)
        assert (c.name, c.phone, c.email, c.subject, c.orientation, c.notes) == (None,) * 6
        assert c.channel in ("web", "telephone")
    assert _rec(app, "contacts", recent).name == "Nina"  # a contact less than 2 years old
    r = _rec(app, "referrals", referral["row_id"])
    assert (r.first_name, r.last_name, r.phone, r.needs, r.situation, r.commune) == (
        "Anonyme", "Anonyme", None, None, None, None)
    assert r.status == "validee"
    with app.app_context():
        logged = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "anonymise").order_by(AuditEvent.table_name)).all()
        assert [(e.table_name, e.row_id, e.detail) for e in logged] == [
            ("contacts", None, "conservation dépassée: 2 sans dossier"),
            ("referrals", None, "conservation dépassée: 1 sans dossier")]
    again = _run(app, "--now", "2029-06-02T03:00:00", "--years", "2")
    assert again["unlinked"] == "0" and again["rows"] == "0"


def test_old_traces_are_trimmed_recent_ones_kept(app, client, headers):
    """The audit log keeps a year; a settled conflict keeps its values for 90 days."""
    h = headers["referent"]
    conflicts = []
    for _ in range(2):
        _, clash = phone_conflict(client, headers)
        assert client.post(f"/api/sync/conflicts/{clash['conflict_id']}/resolve",
                           json={"fields": {"phone": "0622222222"}}, headers=h).status_code == 200
        conflicts.append(clash["conflict_id"])
    now = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(hours=1)
    stamp = "%Y-%m-%dT%H:%M:%S.%fZ"
    with app.app_context():
        db.session.get(SyncConflict, conflicts[0]).resolved_at = (
            now - timedelta(days=100)).strftime(stamp)
        db.session.get(SyncConflict, conflicts[1]).resolved_at = (
            now - timedelta(days=10)).strftime(stamp)
        db.session.add_all([
            AuditEvent(at=now - timedelta(days=400), action="read", detail="ancien"),
            AuditEvent(at=now - timedelta(days=300), action="read", detail="récent")])
        db.session.commit()
    counts = _run(app, "--now", now.isoformat())
    assert counts["dormant"] == "0"  # these files are in use: only the traces age
    assert counts["audit_events_deleted"] == "1" and counts["conflicts_emptied"] == "1"
    with app.app_context():
        details = set(db.session.scalars(select(AuditEvent.detail)))
        old, recent = (db.session.get(SyncConflict, c).fields for c in conflicts)
    assert "ancien" not in details and "récent" in details
    assert old == {"phone": {"server": None, "client": None}}
    assert recent["phone"]["client"] == "0622222222"
    assert _run(app, "--now", now.isoformat())["conflicts_emptied"] == "0"


def test_a_soft_conflict_left_unseen_is_closed_and_emptied_in_time(app, client, headers):
    person = push_one(client, headers["referent"], "beneficiaries",
                      {"first_name": "Noé", "last_name": "Relu"})
    push_one(client, headers["coordinator"], "beneficiaries", {"commune": "Viry"},
             person["row_id"], person["version"])
    push_one(client, headers["referent"], "beneficiaries", {"phone": "0633333333"},
             person["row_id"], person["version"])
    with app.app_context():
        review = db.session.scalars(select(SyncConflict).where(
            SyncConflict.status == "review")).one()
        review_id, created = review.id, review.created_at
    now = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(hours=1)
    assert _run(app, "--now", now.isoformat())["conflicts_emptied"] == "0"  # still fresh
    counts = _run(app, "--now", (now + timedelta(days=91)).isoformat())
    assert int(counts["conflicts_emptied"]) >= 1
    with app.app_context():
        closed = db.session.get(SyncConflict, review_id)
        assert (closed.status, closed.resolved_at) == ("seen", created)
        assert closed.fields == {"commune": {"server": None, "client": None},
                                 "phone": {"server": None, "client": None}}
