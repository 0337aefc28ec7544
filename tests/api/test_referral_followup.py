"""Referrals followed up: the day one arrives is the server's (the timers count from it), the
prescriber sees the reminder, a refusal carries a reason from the code list (and a comment),
and the key figures count the reasons per partner as a hand count does."""
import csv
import io
from datetime import date, datetime, timedelta

from server.extensions import db
from server.models.base import utcnow
from server.services.referral_timers import tick

from api_helpers import by_row, create, pull_all, push_one

REFERRAL = {"first_name": "Noa", "last_name": "Exemple", "consent": True, "phone": "0639980000"}
Y = date.today().year
QUERY = f"?from={Y}-01-01&to={Y}-12-31"


def _moment(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")


def test_the_day_a_referral_arrives_is_the_servers(app, client, headers):
    before = utcnow().replace(microsecond=0)
    # A device with a wrong clock (or a forged field) cannot move it.
    sent = create(client, headers["prescriber"], "referrals",
                  {**REFERRAL, "sent_at": "2020-01-01T00:00:00Z"})
    by_referent = create(client, headers["referent"], "referrals", REFERRAL)
    rows = by_row(pull_all(client, headers["referent"])[0])
    for result in (sent, by_referent):
        day = _moment(rows[result["row_id"]]["data"]["sent_at"])
        assert before <= day <= utcnow() + timedelta(seconds=1)
    first = rows[sent["row_id"]]["data"]["sent_at"]
    # Later edits leave it where it is, whoever sends one.
    edit = push_one(client, headers["referent"], "referrals", {"sent_at": "2030-01-01T00:00:00Z",
                                                               "needs": "Le code"},
                    sent["row_id"], sent["version"])
    assert edit["status"] == "applied", edit
    assert by_row(pull_all(client, headers["referent"])[0])[sent["row_id"]]["data"]["sent_at"] == first
    # The prescriber sees it, and the reminder the referent got on the 10th day.
    with app.app_context():
        tick(db.session, app.extensions["sync_engine"], utcnow() + timedelta(days=10, hours=1))
    mine = by_row(pull_all(client, headers["prescriber"])[0])[sent["row_id"]]["data"]
    assert mine["sent_at"] == first and mine["reminded_at"] and mine["status"] == "ouverte"
    assert "beneficiary_id" not in mine


def _refuse(client, headers, row, **fields):
    return push_one(client, headers["referent"], "referrals", {"status": "refusee", **fields},
                    row["row_id"], row["version"])


def test_refusal_reasons_are_codes_and_are_counted_per_partner(client, headers):
    staff = headers["coordinator"]
    mission = create(client, staff, "partners", {"nom": "France Travail Saint-Claude"})["row_id"]
    lycee = create(client, staff, "partners", {"nom": "Lycée du Pré Saint-Sauveur"})["row_id"]

    def refer(partner):
        return create(client, headers["prescriber"], "referrals", {**REFERRAL, "partner_id": partner})

    # Not a code of the list: refused by name, nothing applied.
    row = refer(mission)
    bad = _refuse(client, headers, row, refusal_reason="pas-envie")
    assert bad["status"] == "rejected" and "refusal_reason" in bad["errors"]
    # France Travail: 2 unreachable (one with a comment), 1 out of the territory, 1 validated.
    assert _refuse(client, headers, row, refusal_reason="injoignable",
                   reason="Trois appels, pas de réponse")["status"] == "applied"
    assert _refuse(client, headers, refer(mission), refusal_reason="injoignable")["status"] == "applied"
    assert _refuse(client, headers, refer(mission),
                   refusal_reason="hors-territoire")["status"] == "applied"
    ok = refer(mission)
    assert push_one(client, headers["referent"], "referrals", {"status": "validee"}, ok["row_id"],
                    ok["version"])["status"] == "applied"
    # Lycée: one refusal from before the code list (no reason), one already supported elsewhere.
    assert _refuse(client, headers, refer(lycee), reason="Déjà suivie")["status"] == "applied"
    assert _refuse(client, headers, refer(lycee),
                   refusal_reason="deja-accompagne")["status"] == "applied"

    kf = client.get(f"/api/reports/key-figures{QUERY}", headers=staff).get_json()
    partners = {p["partner"]: p for p in kf["partners"]}
    ft, ly = partners["France Travail Saint-Claude"], partners["Lycée du Pré Saint-Sauveur"]
    assert (ft["sent"], ft["refused"], ft["validated"]) == (4, 3, 1)
    assert ft["refusal_reasons"] == {"injoignable": 2, "hors-territoire": 1}
    assert ly["refusal_reasons"] == {"non-precise": 1, "deja-accompagne": 1}

    rows = list(csv.reader(io.StringIO(client.get(
        f"/api/reports/key-figures.csv{QUERY}", headers=staff).get_data(as_text=True)), delimiter=";"))
    assert ["France Travail Saint-Claude", "Injoignable", "2"] in rows
    assert ["Lycée du Pré Saint-Sauveur", "Motif non précisé", "1"] in rows
    page = client.get(f"/api/reports/yearly.html{QUERY}", headers=staff).get_data(as_text=True)
    assert "Motifs de refus par partenaire" in page and "Trois appels" not in page
