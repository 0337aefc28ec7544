"""Two structures on one PostgreSQL database: a row may not name another structure's
session, objective or diagnostic (refused, one message per kind), whether the app owns the
tables or connects as a role the row-level security binds. Its own rows, and rows nobody
knows yet, are accepted; each kind of row named is looked up once per push, and a push that
names nothing is looked up not at all. Which columns are checked comes from the descriptions."""
import re

from sqlalchemy import event

from server.extensions import db
from server.services import foreign_rows
from server.services.policy import OTHER_PERSON, OTHER_STRUCTURE
from server.tables import TABLES
from server.tables.fields import Ref
from tests.api.test_rls import walled  # noqa: F401  (fixture)
from tests.api.test_structures import _as, other  # noqa: F401  (fixture)
from tests.conftest import bearer, login

from api_helpers import by_row, create, mutation, new_id, pull_all, push_ok, push_one

PERSON = {"first_name": "Léa", "last_name": "Martin", "birth_date": "2005-04-02", "sex": "F"}
SESSION = {"kind": "atelier", "title": "Atelier code", "starts_at": "2026-11-03T09:00:00Z"}


def test_every_reference_to_the_caseload_is_checked_and_the_catalogue_is_not():
    assert foreign_rows.REFERENCES == {
        "contacts": (("beneficiary_id", "beneficiaries"),),
        "referrals": (("beneficiary_id", "beneficiaries"),),
        "diagnostics": (("beneficiary_id", "beneficiaries"),),
        "attendances": (("session_id", "sessions"), ("beneficiary_id", "beneficiaries")),
        "action_steps": (("beneficiary_id", "beneficiaries"), ("objective_id", "objectives")),
        "outcomes": (("beneficiary_id", "beneficiaries"),),
        "trainees": (("session_id", "sessions"),),
        "objectives": (("beneficiary_id", "beneficiaries"), ("diagnostic_id", "diagnostics")),
    }
    # Every reference says what it names; what is neither checked nor synced is an account,
    # a structure or the shared catalogue.
    for name, table in TABLES.items():
        for column, described in table.columns.items():
            if not isinstance(described.check, Ref):
                continue
            to = described.check.to
            assert to in (*TABLES, "users", "structures"), f"{name}.{column} names no table"
            if to in ("users", "structures") or (to in TABLES and TABLES[to].shared):
                assert (column, to) not in foreign_rows.REFERENCES.get(name, ())
    # A message of its own for each kind of row named; the person's stays as it was.
    assert set(OTHER_STRUCTURE) == foreign_rows.NAMED
    assert OTHER_STRUCTURE["beneficiaries"] is OTHER_PERSON
    assert OTHER_PERSON.startswith("Cette personne est suivie par une autre structure")
    assert len(set(OTHER_STRUCTURE.values())) == len(OTHER_STRUCTURE)


def _caseload(client, who, person=None) -> dict:
    """A session, a diagnostic and an objective of the caller's structure, about a person."""
    person = person or create(client, who, "beneficiaries", PERSON)["row_id"]
    diagnostic = create(client, who, "diagnostics", {"beneficiary_id": person,
                                                     "date": "2026-11-02", "answers": {}})
    objective = create(client, who, "objectives", {"beneficiary_id": person,
                                                   "label": "Passer le code"})
    return {"person": person, "session": create(client, who, "sessions", SESSION)["row_id"],
            "diagnostic": diagnostic["row_id"], "objective": objective["row_id"]}


def _naming(rows: dict, person: str) -> list[dict]:
    """One new row for each reference to the caseload besides the person."""
    return [mutation("attendances", {"session_id": rows["session"], "beneficiary_id": person}),
            mutation("trainees", {"session_id": rows["session"], "name": "Paul Girard"}),
            mutation("action_steps", {"beneficiary_id": person, "label": "Réviser",
                                      "objective_id": rows["objective"]}),
            mutation("objectives", {"beneficiary_id": person, "label": "Trouver une auto-école",
                                    "diagnostic_id": rows["diagnostic"]})]


def _lookups(app) -> tuple[list, callable]:
    """Record which table each statement looking ids up past the policies reads."""
    seen = []
    with app.app_context():
        engine = db.engine

    def spy(conn, cursor, statement, *args):
        seen.extend(re.findall(r"mhj_existing_ids\('(\w+)'", statement))
    event.listen(engine, "before_cursor_execute", spy)
    return seen, lambda: event.remove(engine, "before_cursor_execute", spy)


def _refused_for_ours(client, app, theirs, ours: dict) -> None:
    """Push, as `theirs`, rows naming `ours` (refused), their own and unknown rows."""
    own = _caseload(client, theirs)
    unknown = {"session": new_id(), "objective": new_id(), "diagnostic": new_id()}
    seen, stop = _lookups(app)
    try:
        results = push_ok(client, theirs, [*_naming(ours, own["person"]),
                                           *_naming(own, own["person"]),
                                           *_naming(unknown, own["person"])])
        # Each kind of row the push names, looked up once, all its ids at once.
        assert sorted(seen) == ["beneficiaries", "diagnostics", "objectives", "sessions"]
        seen.clear()
        push_ok(client, theirs, [mutation("beneficiaries", PERSON)])
        assert seen == []  # a push that names nothing looks nothing up
    finally:
        stop()
    refused, accepted = results[:4], results[4:]
    assert [r["status"] for r in refused] == ["rejected"] * 4
    assert [r["errors"] for r in refused] == [
        {"_permission": [OTHER_STRUCTURE["sessions"]]},
        {"_permission": [OTHER_STRUCTURE["sessions"]]},
        {"_permission": [OTHER_STRUCTURE["objectives"]]},
        {"_permission": [OTHER_STRUCTURE["diagnostics"]]}]
    assert {r["status"] for r in accepted} == {"applied"}
    # A row of its own moved onto the other structure's row: refused too, and kept as it was.
    step = accepted[2]
    moved = push_one(client, theirs, "action_steps", {"objective_id": ours["objective"]},
                     step["row_id"], step["version"])
    assert moved["errors"] == {"_permission": [OTHER_STRUCTURE["objectives"]]}
    kept = by_row(pull_all(client, theirs)[0])
    assert kept[step["row_id"]]["data"]["objective_id"] == own["objective"]
    named = {r["data"].get(c) for r in kept.values()
             for c in ("session_id", "objective_id", "diagnostic_id")}
    assert named.isdisjoint({ours["session"], ours["objective"], ours["diagnostic"]})


def test_a_row_may_not_name_another_structures_session_objective_or_diagnostic(
        app, client, headers, other):  # noqa: F811
    ours = _caseload(client, headers["referent"])
    ref_b, _ = _as(client, "ref-b@example.org")
    _refused_for_ours(client, app, ref_b, ours)
    # The day-end exchange names its rows before it runs too: one look for both sessions.
    seen, stop = _lookups(app)
    try:
        answer = client.post("/api/sync/exchange", headers=ref_b, json={
            "client_id": "tablette", "schema_version": 1, "cursor": None, "views": [],
            "mutations": [mutation("trainees", {"session_id": ours["session"], "name": "Paul"}),
                          mutation("trainees", {"session_id": new_id(), "name": "Inès"})]})
    finally:
        stop()
    assert answer.status_code == 200, answer.get_json()
    results = answer.get_json()["results"]
    assert [r["status"] for r in results] == ["rejected", "applied"]
    assert results[0]["errors"] == {"_permission": [OTHER_STRUCTURE["sessions"]]}
    assert seen == ["sessions"]
    # Their own structure still ties its rows to them.
    results = push_ok(client, headers["referent"], _naming(ours, ours["person"]))
    assert {r["status"] for r in results} == {"applied"}


def test_the_walled_app_refuses_rows_it_cannot_see(client, headers, walled):  # noqa: F811
    walled_app, _ = walled
    ours = _caseload(client, headers["referent"])
    walled_client = walled_app.test_client()
    coord_b = bearer(login(walled_client, "coord-b@example.org")["access_token"])
    _refused_for_ours(walled_client, walled_app, coord_b, ours)


def test_one_structure_names_its_own_rows_as_before(client, headers):
    # SQLite (one structure) and PostgreSQL alike: nothing of another structure, all applied.
    ours = _caseload(client, headers["referent"])
    results = push_ok(client, headers["referent"], _naming(ours, ours["person"]))
    assert {r["status"] for r in results} == {"applied"}
