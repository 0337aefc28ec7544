"""The action plan through the sync API: objectives and steps checked against their code lists
(never a health barrier), required wording, who may write them, and the person's export."""
import pytest

from api_helpers import BENEFICIARY, by_row, create, mutation, new_id, pull_all, push_ok


@pytest.fixture
def person(client, headers):
    return create(client, headers["referent"], "beneficiaries", BENEFICIARY)["row_id"]


def test_objectives_and_steps_follow_their_code_lists(client, headers, person):
    h = headers["referent"]
    good = mutation("objectives", {"beneficiary_id": person, "label": "Payer le code",
                                   "barrier": "financier", "stage": "moyens"})
    bad = [
        mutation("objectives", {"beneficiary_id": person, "label": "Santé", "barrier": "sante"}),
        mutation("objectives", {"beneficiary_id": person, "barrier": "financier"}),
        mutation("objectives", {"beneficiary_id": person, "label": "x", "status": "fini"}),
        mutation("objectives", {"beneficiary_id": person, "label": "x" * 501}),
        mutation("objectives", {"beneficiary_id": person, "label": "a\u0000b"}),
        mutation("action_steps", {"beneficiary_id": person, "label": "x", "carried_by": "voisin"}),
        mutation("action_steps", {"beneficiary_id": person, "label": "x", "objective_id": "pas-un-id"}),
    ]
    results = push_ok(client, h, [good, *bad])
    assert results[0]["status"] == "applied", results[0]
    expected = ["barrier", "label", "status", "label", "label", "carried_by", "objective_id"]
    assert [(r["status"], list(r["errors"])) for r in results[1:]] == [
        ("rejected", [name]) for name in expected]
    step = mutation("action_steps", {"beneficiary_id": person, "label": "Demander l'aide",
                                     "objective_id": good["row_id"], "carried_by": "partenaire",
                                     "due_date": "2026-12-10"})
    assert push_ok(client, h, [step])[0]["status"] == "applied"
    rows = by_row(pull_all(client, h)[0])
    assert rows[good["row_id"]]["data"]["status"] == "en-cours"  # the default
    assert rows[step["row_id"]]["data"]["objective_id"] == good["row_id"]


def test_only_staff_write_and_read_plans(client, headers, person):
    goal = create(client, headers["referent"], "objectives",
                  {"beneficiary_id": person, "label": "Payer le code"})
    result, = push_ok(client, headers["prescriber"], [
        mutation("objectives", {"beneficiary_id": new_id(), "label": "x"})])
    assert result["status"] == "rejected" and "_permission" in result["errors"]
    seen = {c["table"] for c in pull_all(client, headers["prescriber"])[0]}
    assert "objectives" not in seen and "action_steps" not in seen
    assert goal["row_id"] in by_row(pull_all(client, headers["coordinator"])[0])
