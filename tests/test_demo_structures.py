"""seed-demo's structures: the Mission Locale Sud Jura, and on PostgreSQL a neighbouring one
whose referent syncs her own three fictional people and nothing of the Sud Jura's; each has
its territory, and its referent gets the call-back requests from there only."""
from datetime import date

from server.extensions import db
from server.models import DEFAULT_STRUCTURE, Structure
from server.seed import demo_neighbour, demo_territory
from server.services import structure_territory
from server.services.seeding import seed_demo
from tests.conftest import bearer, login

from tests.api.api_helpers import pull_all


def test_the_demo_has_its_structures_and_each_syncs_its_own(app, client, database):
    with app.app_context():
        report = seed_demo(db.session, app.extensions["sync_engine"], "s", date.today(),
                           history=False)
        names = {s.id: s.name for s in db.session.query(Structure)}
        assert structure_territory.communes(db.session, DEFAULT_STRUCTURE) == \
            demo_territory.home()
    assert names[DEFAULT_STRUCTURE] == "Mission Locale Sud Jura (démo)"
    passwords = {a["email"]: a["password"] for a in report["accounts"]}
    home = bearer(login(client, "referente.mobilite@example.org",
                        password=passwords["referente.mobilite@example.org"])["access_token"])
    home_people = {c["row_id"] for c in pull_all(client, home)[0]
                   if c["table"] == "beneficiaries"}
    neighbours = {p["id"] for p in demo_neighbour.beneficiaries(date.today())}
    assert home_people and not home_people & neighbours
    mine, far = (demo_territory.home()[0], demo_territory.neighbour()[0])
    sent = {code: client.post("/api/contact-requests", environ_base={"REMOTE_ADDR": addr},
                              json={"name": "Inès", "phone": "0612345678", "consent": True,
                                    "commune_code": code}).get_json()["id"]
            for code, addr in ((mine, "198.51.100.61"), (far, "198.51.100.62"))}
    calls = {c["row_id"] for c in pull_all(client, home)[0] if c["table"] == "contacts"}
    if database[0].startswith("sqlite"):
        assert list(names) == [DEFAULT_STRUCTURE]  # one structure on SQLite
        assert set(sent.values()) <= calls  # which gets every request
        return
    assert sent[mine] in calls and sent[far] not in calls
    assert names[demo_neighbour.NEIGHBOUR] == demo_neighbour.NAME
    email = "referente.voisine@example.org"
    theirs = bearer(login(client, email, password=passwords[email])["access_token"])
    pulled = pull_all(client, theirs)[0]
    assert {c["row_id"] for c in pulled if c["table"] == "beneficiaries"} == neighbours
    assert {c["row_id"] for c in pulled if c["table"] == "contacts"} == {sent[far]}
