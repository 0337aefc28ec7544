"""Referral timers with a controllable clock: reminder at 10 days, expiry at 30, purge."""
import uuid
from datetime import timedelta

from server.extensions import db
from server.models import Referral
from server.models.base import utcnow
from server.services.referral_timers import tick
from server.tables.activity import REFERRALS
from server.tables.base import MARKER, Privacy
from tests.conftest import bearer, login


def _refer(client, headers) -> str:
    row_id = str(uuid.uuid4())
    result = client.post("/api/sync/push", headers=headers, json={
        "client_id": "p", "schema_version": 1, "mutations": [{
            "id": str(uuid.uuid4()), "table": "referrals", "op": "upsert", "row_id": row_id,
            "base_version": None, "fields": {"first_name": "Noa", "last_name": "Exemple",
                                             "phone": "0639980000", "consent": True}}]})
    assert result.get_json()["results"][0]["status"] == "applied"
    return row_id


def _row(app, row_id) -> Referral:
    with app.app_context():
        row = db.session.get(Referral, row_id)
        db.session.expunge(row)
        return row


def test_timers_remind_then_expire_then_purge(app, client, users):
    prescriber = bearer(login(client, users["prescriber"]["email"])["access_token"])
    row_id = _refer(client, prescriber)
    start = utcnow()
    engine = app.extensions["sync_engine"]
    with app.app_context():
        assert tick(db.session, engine, start + timedelta(days=9)) == \
            {"reminded": 0, "expired": 0, "purged": 0}
        assert tick(db.session, engine, start + timedelta(days=10, hours=1))["reminded"] == 1
        # A second run the same day changes nothing: the job is safe to run from cron.
        assert tick(db.session, engine, start + timedelta(days=11))["reminded"] == 0
    reminded = _row(app, row_id)
    assert reminded.reminded_at is not None and reminded.status == "ouverte"
    with app.app_context():
        assert tick(db.session, engine, start + timedelta(days=31))["expired"] == 1
    expired = _row(app, row_id)
    assert expired.status == "expiree" and expired.phone == "0639980000"
    # The prescriber's device learns the new status at its next pull.
    pulled = client.get("/api/sync/pull", headers=prescriber).get_json()["changes"]
    assert [c["data"]["status"] for c in pulled if c["row_id"] == row_id] == ["expiree"]
    with app.app_context():
        assert tick(db.session, engine, start + timedelta(days=100))["purged"] == 0
        assert tick(db.session, engine, start + timedelta(days=122))["purged"] == 1
    purged = _row(app, row_id)
    assert (purged.first_name, purged.phone, purged.status) == ("Anonyme", None, "expiree")


def test_answered_referrals_are_left_alone(app, client, users, headers):
    row_id = _refer(client, bearer(login(client, users["prescriber"]["email"])["access_token"]))
    version = _row(app, row_id).version
    answer = client.post("/api/sync/push", headers=headers["referent"], json={
        "client_id": "r", "schema_version": 1, "mutations": [{
            "id": str(uuid.uuid4()), "table": "referrals", "op": "upsert", "row_id": row_id,
            "base_version": version, "fields": {"status": "validee"}}]})
    assert answer.get_json()["results"][0]["status"] == "applied"
    with app.app_context():
        counts = tick(db.session, app.extensions["sync_engine"], utcnow() + timedelta(days=40))
    assert counts == {"reminded": 0, "expired": 0, "purged": 0}
    assert _row(app, row_id).status == "validee"


def test_purge_leaves_nothing_personal_or_typed_of_a_refused_referral(app, client, users,
                                                                      headers):
    row_id = _refer(client, bearer(login(client, users["prescriber"]["email"])["access_token"]))
    version = _row(app, row_id).version
    refused = client.post("/api/sync/push", headers=headers["referent"], json={
        "client_id": "r", "schema_version": 1, "mutations": [{
            "id": str(uuid.uuid4()), "table": "referrals", "op": "upsert", "row_id": row_id,
            "base_version": version, "fields": {
                "status": "refusee", "reason": "Noa a déménagé chez sa tante à Morez.",
                "situation": "Hébergée chez un tiers", "needs": "Permis", "commune": "Morez",
                "email": "noa@example.org", "birth_date": "2006-05-04"}}]})
    assert refused.get_json()["results"][0]["status"] == "applied"
    with app.app_context():
        counts = tick(db.session, app.extensions["sync_engine"], utcnow() + timedelta(days=91))
    assert counts["purged"] == 1
    purged = _row(app, row_id)
    # Read the privacy classes from the description: a column added later is covered too.
    left = {name: getattr(purged, name) for name, column in REFERRALS.columns.items()
            if column.privacy in (Privacy.PERSONAL, Privacy.FREE_TEXT)}
    assert "reason" in left and "needs" in left
    assert {name: value for name, value in left.items() if value not in (None, MARKER)} == {}
    assert (purged.status, purged.consent) == ("refusee", True)
