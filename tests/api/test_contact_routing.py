"""A public call-back request goes to the structure serving the young person's commune; no
commune, or one nobody serves, to the default structure. Checked with the app owning its
tables and with the app as a role the row-level security binds (PostgreSQL)."""
import itertools

from sqlalchemy import select

from server.api.contact_requests import TAKEN
from server.extensions import db
from server.models import DEFAULT_STRUCTURE, Contact
from server.services import structure_territory
from server.territory import territory
from tests.api.test_contact_requests import SELF_TEST
from tests.api.test_rls import walled  # noqa: F401  (fixture)
from tests.api.test_structures import _as, other  # noqa: F401  (fixture)
from tests.conftest import bearer, login

from api_helpers import BENEFICIARY, CONTACT, assert_problem, by_row, create, new_id, pull_all

_ADDRESSES = itertools.count()
REQUEST = {"name": "Inès", "phone": "06 12 34 56 78", "message": "Je cherche un scooter",
           "consent": True}


def _code(name: str) -> str:
    """The INSEE code of the Jura commune of that name, from the recorded official list."""
    (found,) = [c for c in territory().named(name) if c.departement == "39"]
    return found.code


def _send(client, body):
    """Send a request from an address of its own (the hourly limit is per address)."""
    addr = f"198.51.100.{next(_ADDRESSES) % 250 + 1}"
    return client.post("/api/contact-requests", json=body, environ_base={"REMOTE_ADDR": addr})


def _serve(app, structure_id: str, *names: str) -> None:
    """Make these communes (by name, or by code) the structure's territory."""
    codes = [n if n.isdigit() else _code(n) for n in names]
    with app.app_context():
        structure_territory.replace(db.session, structure_id, codes)
        db.session.commit()


def _contacts(client, who) -> dict:
    return {k: v for k, v in by_row(pull_all(client, who)[0]).items()
            if v["table"] == "contacts"}


def _tenant(app, row_id: str) -> str:
    with app.app_context():
        return db.session.scalar(select(Contact.tenant_id).where(Contact.id == row_id))


def test_one_structure_takes_every_request(app, client, headers):
    _serve(app, DEFAULT_STRUCTURE, "Saint-Claude")
    ids = {new_id(): {"commune_code": _code("Saint-Claude")},
           new_id(): {"commune_code": _code("Dole")}, new_id(): {}}
    for row_id, where in ids.items():
        assert _send(client, {**REQUEST, **where, "id": row_id}).status_code == 201
        assert _send(client, {**REQUEST, **where, "id": row_id}).status_code == 200
    assert set(_contacts(client, headers["referent"])) == set(ids)
    assert {_tenant(app, i) for i in ids} == {DEFAULT_STRUCTURE}


def test_a_request_goes_to_the_structure_serving_its_commune(
        app, client, headers, other):  # noqa: F811
    # A former commune's code (a young person's old habit) stands for today's commune.
    former, today = next((old, new) for old, new in sorted(territory().former.items())
                         if new.startswith("39")
                         and new not in (_code("Saint-Claude"), _code("Poligny")))
    _serve(app, other, "Lons-le-Saunier", "Dole", today)
    _serve(app, DEFAULT_STRUCTURE, "Saint-Claude")
    coord_b, _ = _as(client, "coord-b@example.org")
    ref_b, _ = _as(client, "ref-b@example.org")
    theirs, with_test, merged = new_id(), new_id(), new_id()
    assert _send(client, {**REQUEST, "id": theirs, "commune": "Lons-le-Saunier",
                          "commune_code": _code("Lons-le-Saunier")}).status_code == 201
    assert _send(client, {**REQUEST, "id": merged, "commune_code": former}).status_code == 201
    assert _send(client, {**REQUEST, "id": with_test, "commune_code": _code("Dole"),
                          "self_test": SELF_TEST, "self_test_consent": True}).status_code == 201
    ours = {"served": {"commune_code": _code("Saint-Claude")},
            "unserved": {"commune_code": _code("Poligny")},
            "typed": {"commune": "Septmoncel"}, "none": {}}
    ids = {kind: new_id() for kind in ours}
    for kind, where in ours.items():
        assert _send(client, {**REQUEST, **where, "id": ids[kind]}).status_code == 201, kind

    for who in (coord_b, ref_b):
        seen = _contacts(client, who)
        assert set(seen) == {theirs, with_test, merged}
        assert seen[with_test]["data"]["self_test"] == SELF_TEST  # the same row, the same way
        assert seen[theirs]["data"]["notes"].startswith("Commune : Lons-le-Saunier (")
    for who in (headers["referent"], headers["coordinator"]):
        assert set(_contacts(client, who)) == set(ids.values())
    assert {_tenant(app, i) for i in ids.values()} == {DEFAULT_STRUCTURE}
    assert _tenant(app, theirs) == _tenant(app, with_test) == other


def test_replays_and_taken_ids_hold_across_structures(
        app, client, headers, other):  # noqa: F811
    _serve(app, other, "Dole")
    coord_b, _ = _as(client, "coord-b@example.org")
    row_id = new_id()
    body = {**REQUEST, "id": row_id, "commune_code": _code("Dole")}
    assert _send(client, body).status_code == 201
    # The territory changes hands: a replay is still the request already received, stored once.
    _serve(app, other)
    _serve(app, DEFAULT_STRUCTURE, "Dole")
    again = _send(client, body)
    assert (again.status_code, again.get_json()) == (
        200, {"id": row_id, "status": "already_received"})
    assert _tenant(app, row_id) == other
    # The same id with other words, now routed to the default structure: refused (409).
    problem = assert_problem(_send(client, {**body, "message": "Autre chose"}), 409, "id_taken")
    assert problem["detail"] == TAKEN
    assert row_id in _contacts(client, coord_b)
    assert row_id not in _contacts(client, headers["referent"])


def test_the_walled_app_routes_the_request_to_its_structure(
        app, client, headers, walled):  # noqa: F811
    walled_app, b = walled
    _serve(app, b, "Lons-le-Saunier")
    web = walled_app.test_client()
    coord_b = bearer(login(web, "coord-b@example.org")["access_token"])
    coord_a = bearer(login(web, "coord@example.org")["access_token"])
    theirs, ours = new_id(), new_id()
    body = {**REQUEST, "id": theirs, "commune_code": _code("Lons-le-Saunier"),
            "self_test": SELF_TEST, "self_test_consent": True}
    assert _send(web, body).status_code == 201
    assert _send(web, {**REQUEST, "id": ours}).status_code == 201
    assert set(_contacts(web, coord_b)) == {theirs}
    assert _contacts(web, coord_b)[theirs]["data"]["self_test"] == SELF_TEST
    assert set(_contacts(web, coord_a)) == {ours}
    assert _tenant(app, theirs) == b and _tenant(app, ours) == DEFAULT_STRUCTURE
    # Replays through the wall: the same request answered again, other words refused.
    assert _send(web, body).status_code == 200
    assert_problem(_send(web, {**body, "name": "Autre"}), 409, "id_taken")
    # Ids of rows the wall hides from B's push (the default structure's) are still taken.
    person = create(client, headers["referent"], "beneficiaries", BENEFICIARY)["row_id"]
    contact = create(client, headers["referent"], "contacts", CONTACT)["row_id"]
    for row_id in (person, contact, ours):
        problem = assert_problem(_send(web, {**body, "id": row_id, "message": row_id}), 409,
                                 "id_taken")
        assert problem["detail"] == TAKEN
    assert set(_contacts(web, coord_b)) == {theirs}
    with app.app_context():
        assert db.session.get(Contact, person) is None
