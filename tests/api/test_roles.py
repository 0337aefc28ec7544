"""Least privilege: what each role may write, and what each pull carries."""
import pytest

from api_helpers import (BENEFICIARY, assert_problem, by_row, create, future, mutation, new_id,
                         pull_all, push_ok, push_one)

REFERRAL = {"first_name": "Noé", "last_name": "Petit", "consent": True,
            "needs": "Passer le code", "contact_preference": "sms"}


def _seed(client, headers):
    """One row in every table, written by the coordinator; return row ids by table."""
    h = headers["coordinator"]
    partner = create(client, h, "partners", {"nom": "Garage solidaire"})["row_id"]
    person = create(client, h, "beneficiaries", BENEFICIARY)["row_id"]
    session = create(client, h, "sessions", {"kind": "permanence", "title": "Dôme",
                                             "starts_at": future(3)})["row_id"]
    rows = {
        "partners": partner, "beneficiaries": person, "sessions": session,
        "offers": create(client, h, "offers", {"nom": "Vélo", "structure_id": partner}),
        "diagnostics": create(client, h, "diagnostics", {"beneficiary_id": person,
                                                         "date": "2026-11-25"}),
        "attendances": create(client, h, "attendances", {"session_id": session,
                                                         "beneficiary_id": person}),
        "contacts": create(client, h, "contacts", {"channel": "telephone"}),
        "action_steps": create(client, h, "action_steps", {"beneficiary_id": person,
                                                           "label": "Code"}),
        "referrals": create(client, h, "referrals", {**REFERRAL, "beneficiary_id": person}),
    }
    return {t: (r["row_id"] if isinstance(r, dict) else r) for t, r in rows.items()}


def test_prescriber_pulls_catalogue_and_own_referrals_only(client, headers, users):
    seeded = _seed(client, headers)
    mine = push_one(client, headers["prescriber"], "referrals", REFERRAL)
    theirs = push_one(client, headers["prescriber2"], "referrals", REFERRAL)
    assert mine["status"] == theirs["status"] == "applied"
    changes = pull_all(client, headers["prescriber"])[0]
    assert {c["table"] for c in changes} == {"offers", "partners", "referrals"}
    referrals = [c for c in changes if c["table"] == "referrals"]
    assert [c["row_id"] for c in referrals] == [mine["row_id"]]
    assert referrals[0]["data"]["prescriber_id"] == users["prescriber"]["id"]
    assert referrals[0]["data"]["status"] == "ouverte"
    assert seeded["beneficiaries"] not in by_row(changes)
    # Staff see every referral.
    staff = by_row(pull_all(client, headers["referent"])[0])
    assert {mine["row_id"], theirs["row_id"], seeded["referrals"]} <= set(staff)


def test_prescriber_sees_the_answer_not_the_file_behind_it(client, headers):
    sent = push_one(client, headers["prescriber"], "referrals", REFERRAL)
    person = create(client, headers["referent"], "beneficiaries", BENEFICIARY)["row_id"]
    answer = mutation("referrals", {"status": "validee", "beneficiary_id": person,
                                    "reminded_at": future(-1)},
                      row_id=sent["row_id"], base_version=sent["version"])
    assert push_ok(client, headers["referent"], [answer])[0]["status"] == "applied"
    (seen,) = [c for c in pull_all(client, headers["prescriber"])[0] if c["table"] == "referrals"]
    assert seen["data"]["status"] == "validee" and seen["data"]["answered_at"]
    assert seen["data"]["needs"] == "Passer le code"
    assert "beneficiary_id" not in seen["data"]
    # The reminder is shown to the prescriber: the referral waited and the referent was told.
    assert seen["data"]["reminded_at"]
    staff = by_row(pull_all(client, headers["referent"])[0])[sent["row_id"]]
    assert staff["data"]["beneficiary_id"] == person


@pytest.mark.parametrize("table", ["beneficiaries", "diagnostics", "sessions", "attendances",
                                   "contacts", "action_steps", "offers", "partners"])
def test_prescriber_cannot_write_other_tables(client, headers, table):
    seeded = _seed(client, headers)
    h = headers["prescriber"]
    fields = {"beneficiaries": BENEFICIARY, "contacts": {"channel": "web"},
              "offers": {"nom": "x"}, "partners": {"nom": "x"},
              "sessions": {"kind": "autre", "title": "x", "starts_at": future(1)},
              "action_steps": {"beneficiary_id": new_id(), "label": "x"},
              "diagnostics": {"beneficiary_id": new_id(), "date": "2026-01-01"},
              "attendances": {"session_id": new_id(), "beneficiary_id": new_id()}}[table]
    results = push_ok(client, h, [
        mutation(table, fields),
        mutation(table, {}, seeded[table], 10**6, op="delete"),
    ])
    for result in results:
        assert result["status"] == "rejected" and "_permission" in result["errors"]
    assert seeded[table] in by_row(pull_all(client, headers["referent"])[0])


def test_prescriber_cannot_decide_or_touch_other_referrals(client, headers, users):
    seeded = _seed(client, headers)
    h = headers["prescriber"]
    mine = push_one(client, h, "referrals", REFERRAL)
    theirs = push_one(client, headers["prescriber2"], "referrals", REFERRAL)
    refused = push_ok(client, h, [
        mutation("referrals", {**REFERRAL, "status": "validee"}),
        mutation("referrals", {**REFERRAL, "prescriber_id": users["prescriber2"]["id"]}),
        mutation("referrals", {"reason": "urgent"}, mine["row_id"], mine["version"]),
        mutation("referrals", {"needs": "autre"}, theirs["row_id"], theirs["version"]),
        mutation("referrals", {"needs": "autre"}, seeded["referrals"], 10**6),
        mutation("referrals", {}, mine["row_id"], mine["version"], op="delete"),
    ])
    assert [r["status"] for r in refused] == ["rejected"] * 6
    assert all("_permission" in r["errors"] for r in refused)
    # Their own open referral they may still complete.
    edit = push_one(client, h, "referrals", {"needs": "Permis AM"}, mine["row_id"],
                    mine["version"])
    assert edit["status"] == "applied"
    # Once the referent answered, it is no longer theirs to edit.
    answer = push_one(client, headers["referent"], "referrals", {"status": "validee"},
                      mine["row_id"], edit["version"])
    assert answer["status"] == "applied"
    late = push_one(client, h, "referrals", {"needs": "encore"}, mine["row_id"],
                    answer["version"])
    assert late["status"] == "rejected"
    data = by_row(pull_all(client, h)[0])[mine["row_id"]]["data"]
    assert data["status"] == "validee" and data["answered_at"].endswith("Z")


def test_a_referral_given_to_another_prescriber_leaves_the_first_as_a_deletion(
        client, headers, users):
    first, second = headers["prescriber"], headers["prescriber2"]
    referral = push_one(client, first, "referrals", REFERRAL)
    changes, cursor = pull_all(client, first)
    assert referral["row_id"] in by_row(changes)
    _, cursor2 = pull_all(client, second)
    moved = push_one(client, headers["coordinator"], "referrals",
                     {"prescriber_id": users["prescriber2"]["id"]}, referral["row_id"],
                     referral["version"])
    assert moved["status"] == "applied"
    [gone] = pull_all(client, first, cursor)[0]
    assert gone == {"table": "referrals", "row_id": referral["row_id"],
                    "version": moved["version"], "deleted": True, "data": None}
    assert pull_all(client, first)[0] == [gone]  # a new device: a deletion, no data
    [arrived] = pull_all(client, second, cursor2)[0]
    assert arrived["row_id"] == referral["row_id"] and arrived["deleted"] is False
    assert arrived["data"]["prescriber_id"] == users["prescriber2"]["id"]


def test_referent_cannot_edit_the_catalogue(client, headers):
    seeded = _seed(client, headers)
    h = headers["referent"]
    for table in ("offers", "partners"):
        results = push_ok(client, h, [
            mutation(table, {"nom": "Nouvelle"}),
            mutation(table, {"nom": "Renommée"}, seeded[table], 10**6),
            mutation(table, {}, seeded[table], 10**6, op="delete"),
        ])
        assert all(r["status"] == "rejected" and "_permission" in r["errors"]
                   for r in results)
    catalogue = by_row(pull_all(client, headers["coordinator"])[0])
    assert catalogue[seeded["offers"]]["data"]["nom"] == "Vélo"
    assert catalogue[seeded["partners"]]["deleted"] is False
    # The referent does the field work.
    assert push_one(client, h, "beneficiaries", BENEFICIARY)["status"] == "applied"
    assert push_one(client, h, "sessions", {"kind": "atelier", "title": "Code",
                                            "starts_at": future(5)})["status"] == "applied"


def test_coordinator_edits_the_catalogue(client, headers):
    seeded = _seed(client, headers)
    version = by_row(pull_all(client, headers["coordinator"])[0])[seeded["offers"]]["version"]
    result = push_one(client, headers["coordinator"], "offers", {"frais": "gratuit"},
                      seeded["offers"], version)
    assert result["status"] == "applied"


def test_reports_are_for_staff_and_targets_for_the_coordinator(client, headers):
    for role in ("prescriber", "prescriber2"):
        for url in ("/api/reports/key-figures", "/api/reports/targets"):
            assert_problem(client.get(url, headers=headers[role]), 403, "forbidden")
    assert_problem(client.get("/api/reports/key-figures"), 401)
    figures = client.get("/api/reports/key-figures?from=2026-01-01&to=2026-06-30",
                         headers=headers["referent"])
    assert figures.status_code == 200
    assert figures.get_json()["period"] == {"from": "2026-01-01", "to": "2026-06-30"}
    assert_problem(client.get("/api/reports/key-figures?from=2026-07-01&to=2026-06-30",
                              headers=headers["referent"]), 400)
    assert_problem(client.put("/api/reports/targets?year=2026", json={"contacts": 120},
                              headers=headers["referent"]), 403, "forbidden")
    changed = client.put("/api/reports/targets?year=2026", json={"contacts": 120},
                         headers=headers["coordinator"])
    assert changed.status_code == 200 and changed.get_json()["targets"]["contacts"] == 120
    assert client.get("/api/reports/targets?year=2026", headers=headers["referent"]) \
        .get_json()["targets"]["contacts"] == 120
    for body in ({"contacts": -1}, {"contacts": True}, {"inconnu": 3}, {"contacts": 1.5}):
        assert_problem(client.put("/api/reports/targets?year=2026", json=body,
                                  headers=headers["coordinator"]), 422)
    assert_problem(client.get("/api/reports/targets?year=²", headers=headers["referent"]),
                   400)
