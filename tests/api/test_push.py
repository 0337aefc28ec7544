"""POST /api/sync/push: statuses, idempotent replays, per-mutation rejection, envelope errors."""
import json

import pytest

from api_helpers import (BENEFICIARY, CONTACT, assert_problem, by_row, create, envelope,
                         future, mutation, new_id, pull_all, push, push_ok, push_one)


def _row(client, headers, row_id):
    return by_row(pull_all(client, headers)[0]).get(row_id)


def test_create_is_applied_and_pulled(client, headers):
    h = headers["referent"]
    result = create(client, h, "beneficiaries", {**BENEFICIARY, "sex": "F",
                                                 "birth_date": "2007-03-14"})
    assert isinstance(result["version"], int) and "errors" not in result
    row = _row(client, h, result["row_id"])
    assert row["version"] == result["version"] and row["deleted"] is False
    assert row["data"]["first_name"] == "Léa" and row["data"]["birth_date"] == "2007-03-14"


def test_replays_answer_duplicate_with_the_original_outcome(client, headers):
    h = headers["referent"]
    applied = mutation("beneficiaries", BENEFICIARY)
    rejected = mutation("beneficiaries", {**BENEFICIARY, "sex": "Z"})
    first = push_ok(client, h, [applied, rejected])
    assert [r["status"] for r in first] == ["applied", "rejected"]
    push_one(client, headers["coordinator"], "beneficiaries", {"phone": "0600000000"},
             applied["row_id"], first[0]["version"])
    edit = mutation("beneficiaries", {"phone": "0600000001"}, applied["row_id"],
                    first[0]["version"])
    clash = push_ok(client, h, [edit])
    assert clash[0]["status"] == "conflict"
    before = pull_all(client, h)[0]

    # The same ids again, even with other content: the first outcome, nothing changes.
    again = push_ok(client, h, [applied, {**rejected, "fields": BENEFICIARY},
                                {**edit, "fields": {"phone": "autre"}}])
    assert [r["status"] for r in again] == ["duplicate"] * 3
    for original, replay in zip([first[0], first[1], clash[0]], again):
        assert {k: v for k, v in replay.items() if k != "status"} == \
            {k: v for k, v in original.items() if k != "status"}
    assert again[1]["errors"] == {"sex": first[1]["errors"]["sex"]}
    assert again[2]["conflict_id"] == clash[0]["conflict_id"]
    assert pull_all(client, h)[0] == before
    conflicts = client.get("/api/sync/conflicts", headers=h).get_json()["items"]
    assert len(conflicts) == 1


def test_a_mutation_id_is_not_reusable_by_another_user(client, headers):
    m = mutation("beneficiaries", BENEFICIARY)
    assert push_ok(client, headers["referent"], [m])[0]["status"] == "applied"
    other = push_ok(client, headers["coordinator"], [m])[0]
    assert other["status"] == "rejected" and "id" in other["errors"]


def test_edits_to_different_fields_from_two_devices_both_survive(client, headers):
    row = create(client, headers["referent"], "beneficiaries", BENEFICIARY)
    a = push_one(client, headers["referent"], "beneficiaries", {"phone": "0611111111"},
                 row["row_id"], row["version"])
    b = push_one(client, headers["coordinator"], "beneficiaries", {"commune": "Oyonnax"},
                 row["row_id"], row["version"])
    assert a["status"] == b["status"] == "applied" and b["version"] > a["version"]
    data = _row(client, headers["referent"], row["row_id"])["data"]
    assert (data["phone"], data["commune"]) == ("0611111111", "Oyonnax")


def test_merged_applies_what_it_can_and_keeps_the_rest_in_a_conflict(client, headers):
    h = headers["referent"]
    row = create(client, h, "beneficiaries", BENEFICIARY)
    push_one(client, headers["coordinator"], "beneficiaries", {"phone": "0611111111"},
             row["row_id"], row["version"])
    result = push_one(client, h, "beneficiaries", {"phone": "0622222222", "notes": "Vélo"},
                      row["row_id"], row["version"])
    assert result["status"] == "merged" and result["conflict_id"]
    data = _row(client, h, row["row_id"])["data"]
    assert (data["phone"], data["notes"]) == ("0611111111", "Vélo")
    [conflict] = client.get("/api/sync/conflicts", headers=h).get_json()["items"]
    assert conflict["id"] == result["conflict_id"]
    assert conflict["fields"] == {"phone": {"server": "0611111111", "client": "0622222222"}}


def test_conflict_applies_nothing_and_same_value_is_no_conflict(client, headers):
    h = headers["referent"]
    row = create(client, h, "beneficiaries", BENEFICIARY)
    newer = push_one(client, headers["coordinator"], "beneficiaries", {"phone": "1"},
                     row["row_id"], row["version"])
    result = push_one(client, h, "beneficiaries", {"phone": "2"}, row["row_id"],
                      row["version"])
    assert result["status"] == "conflict" and result["version"] == newer["version"]
    assert _row(client, h, row["row_id"])["data"]["phone"] == "1"
    same = push_one(client, h, "beneficiaries", {"phone": "1"}, row["row_id"],
                    row["version"])
    assert same["status"] == "applied" and "conflict_id" not in same


def test_a_rejected_mutation_does_not_stop_the_batch(client, headers):
    h = headers["referent"]
    good_before = mutation("beneficiaries", BENEFICIARY)
    bad = mutation("beneficiaries", {**BENEFICIARY, "birth_date": "14/03/2007"})
    good_after = mutation("sessions", {"kind": "permanence", "title": "Dôme",
                                       "starts_at": future(24)})
    results = push_ok(client, h, [good_before, bad, good_after])
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert results[1]["version"] is None and results[1]["row_id"] == bad["row_id"]
    assert list(results[1]["errors"]) == ["birth_date"]
    pulled = by_row(pull_all(client, h)[0])
    assert good_before["row_id"] in pulled and good_after["row_id"] in pulled
    assert bad["row_id"] not in pulled


MALFORMED = [
    ({"table": "people"}, "table"),
    ({"table": ["beneficiaries"]}, "table"),
    ({"op": "insert"}, "op"),
    ({"op": None}, "op"),
    ({"row_id": "42"}, "row_id"),
    ({"row_id": "6f9619ff8b86d011b42d00cf4fc964ff"}, "row_id"),  # UUIDs keep their dashes
    ({"row_id": None}, "row_id"),
    ({"base_version": -1}, "base_version"),
    ({"base_version": "3"}, "base_version"),
    ({"base_version": True}, "base_version"),
    ({"base_version": 1.5}, "base_version"),
    ({"base_version": 2**70}, "base_version"),
    ({"fields": ["first_name"]}, "fields"),
    ({"client_ts": 12}, "client_ts"),
    ({"extra": 1}, "extra"),
]


def test_a_malformed_mutation_is_rejected_alone(client, headers):
    batch = []
    for change, _ in MALFORMED:  # each wrong mutation followed by a good one
        batch += [{**mutation("beneficiaries", BENEFICIARY), **change},
                  mutation("beneficiaries", BENEFICIARY)]
    results = push_ok(client, headers["referent"], batch)
    for (change, error_key), bad, good in zip(MALFORMED, results[::2], results[1::2]):
        assert bad["status"] == "rejected" and error_key in bad["errors"], change
        assert good["status"] == "applied"


def test_bad_mutation_ids_are_rejected_without_an_id(client, headers):
    h = headers["referent"]
    bodies = [{**mutation("beneficiaries", BENEFICIARY), "id": bad}
              for bad in (None, "1", 7, "{abcdef01-0000-4000-8000-00000000000}")]
    bodies.append("not an object")
    response = push(client, h, bodies)
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert len(results) == len(bodies)
    assert all(r["status"] == "rejected" and r["id"] is None for r in results)
    assert all("id" in r["errors"] for r in results[:4])
    assert pull_all(client, h)[0] == []


def test_unknown_fields_are_rejected_by_name(client, headers):
    result = push_one(client, headers["referent"], "beneficiaries",
                      {**BENEFICIARY, "nickname": "Lélé", "santé": "x"})
    assert result["status"] == "rejected"
    assert set(result["errors"]["fields"]) == {"nickname", "santé"}


REQUIRED = [
    ("beneficiaries", {"first_name": "Léa"}, {"last_name"}),
    ("sessions", {"title": "Atelier"}, {"kind", "starts_at"}),
    ("attendances", {"present": True}, {"session_id", "beneficiary_id"}),
    ("diagnostics", {"answers": {}}, {"beneficiary_id", "date"}),
    ("contacts", {"subject": "Appel"}, {"channel"}),
    ("action_steps", {"stage": "envie"}, {"beneficiary_id", "label"}),
    ("referrals", {"first_name": "A", "last_name": "B"}, {"consent"}),
    ("partners", {"commune": "Saint-Claude"}, {"nom"}),
    ("offers", {"frais": "gratuit"}, {"nom"}),
    ("beneficiaries", {"first_name": "", "last_name": "B"}, {"first_name"}),
]


def test_required_fields_on_create(client, headers):
    results = push_ok(client, headers["coordinator"],
                      [mutation(table, fields) for table, fields, _ in REQUIRED])
    for (table, _, missing), result in zip(REQUIRED, results):
        assert result["status"] == "rejected" and set(result["errors"]) == missing, table


INVALID = [
    ("beneficiaries", {"sex": "Femme"}, "sex"),
    ("beneficiaries", {"qpv": "oui"}, "qpv"),
    ("beneficiaries", {"birth_date": "1850-01-01"}, "birth_date"),
    ("beneficiaries", {"consent_at": "hier"}, "consent_at"),
    ("sessions", {"kind": "fête"}, "kind"),
    ("sessions", {"action": "inconnue"}, "action"),
    ("sessions", {"starts_at": "2026-11-25T10:00:00Z", "ends_at": "2026-11-25T09:00:00Z"},
     "ends_at"),
    ("contacts", {"channel": "pigeon"}, "channel"),
    ("referrals", {"consent": False}, "consent"),
    ("offers", {"thematiques": ["cuisine"]}, "thematiques"),
    ("offers", {"age_min": 30, "age_max": 20}, "age_max"),
    ("offers", {"latitude": 91}, "latitude"),
    ("action_steps", {"stage": "voler"}, "stage"),
    ("diagnostics", {"answers": {"motivation": 9}}, "answers"),
    ("diagnostics", {"answers": {"barriers": {"sante": "diabète"}}}, "answers"),
]
VALID = {"beneficiaries": BENEFICIARY,
         "sessions": {"kind": "atelier", "title": "T", "starts_at": future(2)},
         "contacts": {"channel": "web"},
         "referrals": {"first_name": "A", "last_name": "B", "consent": True},
         "offers": {"nom": "Offre"},
         "action_steps": {"beneficiary_id": new_id(), "label": "Code"},
         "diagnostics": {"beneficiary_id": new_id(), "date": "2026-11-25"}}


def test_invalid_values_are_rejected(client, headers):
    h = headers["coordinator"]
    assert {r["status"] for r in push_ok(client, h, [mutation(t, f) for t, f in
                                                    VALID.items()])} == {"applied"}
    results = push_ok(client, h, [mutation(table, {**VALID[table], **fields})
                                  for table, fields, _ in INVALID])
    for (table, fields, field), result in zip(INVALID, results):
        assert result["status"] == "rejected" and field in result["errors"], (table, fields)


def test_diagnostic_levels_are_computed_by_the_server(client, headers):
    h = headers["referent"]
    result = create(client, h, "diagnostics", {
        "beneficiary_id": new_id(), "date": "2026-11-25", "levels": {"pratiques": 4},
        "stage": "autonomie", "answers": {"skills": {"lire-horaires": 1}, "motivation": 4}})
    data = _row(client, h, result["row_id"])["data"]
    assert data["stage"] == "apprendre" and data["levels"]["competences"] == 1
    assert data["questionnaire_version"] == 1


def test_a_second_attendance_merges_into_the_canonical_row(client, headers):
    h = headers["referent"]
    session = create(client, h, "sessions", {"kind": "permanence", "title": "Dôme",
                                             "starts_at": future(1)})["row_id"]
    person = create(client, h, "beneficiaries", BENEFICIARY)["row_id"]
    key = {"session_id": session, "beneficiary_id": person}
    first = create(client, h, "attendances", key)
    same = push_one(client, headers["coordinator"], "attendances", {**key, "present": True})
    assert same["status"] == "merged" and same["row_id"] == first["row_id"]
    assert "conflict_id" not in same
    differs = push_one(client, headers["coordinator"], "attendances",
                       {**key, "present": False})
    assert differs["status"] == "merged" and differs["row_id"] == first["row_id"]
    assert differs["conflict_id"]  # present=true was recorded first: kept, nothing lost
    rows = [c for c in pull_all(client, h)[0] if c["table"] == "attendances"]
    assert [(c["row_id"], c["data"]["present"]) for c in rows] == [(first["row_id"], True)]


def test_delete_applies_on_the_current_version_and_conflicts_on_an_old_one(client, headers):
    h = headers["referent"]
    row = create(client, h, "contacts", CONTACT)
    edited = push_one(client, headers["coordinator"], "contacts", {"notes": "à jour"},
                      row["row_id"], row["version"])
    stale = push_one(client, h, "contacts", None, row["row_id"], row["version"],
                     op="delete")
    assert stale["status"] == "conflict" and stale["conflict_id"]
    assert _row(client, h, row["row_id"])["deleted"] is False
    blind = push_one(client, h, "contacts", None, row["row_id"], None, op="delete")
    assert blind["status"] == "conflict"
    done = push_one(client, h, "contacts", None, row["row_id"], edited["version"],
                    op="delete")
    assert done["status"] == "applied" and done["version"] > edited["version"]
    gone = push_one(client, h, "contacts", None, new_id(), None, op="delete")
    assert gone["status"] == "applied" and gone["version"] is None


def test_an_edit_to_a_deleted_row_is_a_conflict_and_kept(client, headers):
    h = headers["referent"]
    row = create(client, h, "contacts", CONTACT)
    push_one(client, headers["coordinator"], "contacts", None, row["row_id"],
             row["version"], op="delete")
    result = push_one(client, h, "contacts", {"phone": "0633333333"}, row["row_id"],
                      row["version"])
    assert result["status"] == "conflict"
    [conflict] = client.get("/api/sync/conflicts", headers=h).get_json()["items"]
    assert conflict["fields"]["_deleted"] == {"server": True, "client": False}
    assert conflict["fields"]["phone"]["client"] == "0633333333"


def test_envelope_errors_are_400_and_apply_nothing(client, headers):
    h = headers["referent"]
    good = mutation("beneficiaries", BENEFICIARY)
    cases = [
        (b"", "application/json"), (b"{not json", "application/json"),
        (b"client_id=a", "application/x-www-form-urlencoded"),
        (b"\xff\xfe{}", "application/json"), (b"[]", "application/json"),
        (b"null", "application/json"),
    ]
    for raw, kind in cases:
        assert_problem(client.post("/api/sync/push", data=raw, content_type=kind, headers=h),
                       400)
    full = envelope([good])
    for key in ("client_id", "schema_version", "mutations"):
        body = {k: v for k, v in full.items() if k != key}
        problem = assert_problem(client.post("/api/sync/push", json=body, headers=h), 400,
                                 "bad_envelope")
        assert problem["missing"] == [key] and key in problem["detail"]
    for change in ({"mutations": {"0": good}}, {"mutations": None}, {"client_id": ""},
                   {"client_id": 5}, {"schema_version": "1"}, {"schema_version": True},
                   {"schema_version": 1.0}):
        assert_problem(client.post("/api/sync/push", json={**full, **change}, headers=h),
                       400, "bad_envelope")
    assert pull_all(client, h)[0] == []


@pytest.mark.parametrize("version", [0, 2, -1, 2**70])
def test_unsupported_schema_version_is_409_naming_the_range(client, headers, version):
    h = headers["referent"]
    response = push(client, h, [mutation("beneficiaries", BENEFICIARY)], version)
    problem = assert_problem(response, 409, "unsupported_schema_version")
    assert problem["supported"] == {"min": 1, "max": 1}
    assert "1 à 1" in problem["detail"]
    assert pull_all(client, h)[0] == []


def test_at_most_1000_mutations_per_push(client, headers):
    h = headers["referent"]
    batch = [mutation("beneficiaries", BENEFICIARY) for _ in range(1001)]
    problem = assert_problem(push(client, h, batch), 413, "too_many_mutations")
    assert "1000" in problem["detail"]
    assert pull_all(client, h)[0] == []
    results = push_ok(client, h, batch[:1000])
    assert {r["status"] for r in results} == {"applied"}


def test_a_body_over_10_mb_is_413(client, headers):
    body = json.dumps(envelope([mutation("beneficiaries", {**BENEFICIARY,
                                                           "notes": "x" * (10 << 20)})]))
    response = client.post("/api/sync/push", data=body, content_type="application/json",
                           headers=headers["referent"])
    assert_problem(response, 413)
    assert pull_all(client, headers["referent"])[0] == []


def test_a_refused_value_is_never_echoed_back_nor_kept(app, client, headers):
    """A name typed in the wrong field must not live on in answers or processed mutations."""
    from server.extensions import db
    from server.models import SyncMutation

    refused = mutation("beneficiaries", {**BENEFICIARY, "status": "Zoé Girod 0699887766"})
    (result,) = push_ok(client, headers["referent"], [refused])
    assert result["status"] == "rejected" and "status" in result["errors"]
    assert "Girod" not in json.dumps(result) and "0699887766" not in json.dumps(result)
    with app.app_context():
        stored = json.dumps(db.session.get(SyncMutation, refused["id"]).result)
    assert "status" in stored and "Girod" not in stored
