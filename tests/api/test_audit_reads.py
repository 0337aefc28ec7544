"""Files reaching a device through the sync API are in the audit log: counts, never values."""
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEvent

from api_helpers import BENEFICIARY, create, pull, pull_all


def _reads(app):
    with app.app_context():
        return [(e.user_id, e.table_name, e.row_id, e.detail) for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "read").order_by(AuditEvent.id))]


def test_a_pull_carrying_files_is_logged_with_counts_only(app, client, headers, users):
    h = headers["referent"]
    create(client, h, "beneficiaries", {**BENEFICIARY, "phone": "0611223344"})
    create(client, h, "beneficiaries", {**BENEFICIARY, "first_name": "Noé"})
    before = len(_reads(app))
    pull_all(client, headers["coordinator"])
    (user_id, table, row_id, detail), = _reads(app)[before:]
    assert user_id == users["coordinator"]["id"] and table is None and row_id is None
    assert "beneficiaries=2" in detail and "2 fiche(s)" in detail and "synchronisation" in detail
    assert "Léa" not in detail and "Noé" not in detail and "0611" not in detail


def test_a_pull_without_files_logs_nothing(app, client, headers):
    create(client, headers["referent"], "beneficiaries", BENEFICIARY)
    before = len(_reads(app))
    pull_all(client, headers["prescriber"])  # the catalogue and their referrals only
    _, cursor = pull_all(client, headers["referent"])
    after_first = len(_reads(app))
    assert after_first == before + 1
    pull(client, headers["referent"], cursor)  # nothing new: nothing read
    assert len(_reads(app)) == after_first
