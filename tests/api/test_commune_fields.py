"""People's and referrals' commune code (official list) and the FRR flag over the sync API."""
from api_helpers import BENEFICIARY, by_row, create, mutation, pull_all, push_ok


def _data(client, headers, row_id):
    return by_row(pull_all(client, headers)[0])[row_id]["data"]


def test_a_commune_code_must_be_one_of_the_official_list(client, headers):
    h = headers["referent"]
    made = create(client, h, "beneficiaries", {**BENEFICIARY, "commune": "Lavans-lès-Saint-Claude",
                                               "commune_code": "39286", "frr": True})
    data = _data(client, h, made["row_id"])
    assert (data["commune"], data["commune_code"], data["frr"]) == (
        "Lavans-lès-Saint-Claude", "39286", True)
    for bad in ("99999", "39999", "75056", "Saint-Claude", "3928", 39286):  # 75056: Paris
        (result,) = push_ok(client, h, [mutation("beneficiaries",
                                                 {**BENEFICIARY, "commune_code": bad})])
        assert result["status"] == "rejected", bad
        message = " ".join(result["errors"]["commune_code"])
        assert len(message) < 200  # the thousands of codes are not spelt out
        if isinstance(bad, str):
            assert message == "Commune inconnue : code INSEE d'une commune de la liste attendu."
    referral = create(client, headers["prescriber"], "referrals", {
        "first_name": "Léa", "last_name": "Martin", "consent": True,
        "commune": "Oyonnax", "commune_code": "01283"})
    assert _data(client, h, referral["row_id"])["commune_code"] == "01283"


def test_a_change_queued_under_the_old_zrr_name_lands_in_frr(client, headers):
    h = headers["referent"]
    (result,) = push_ok(client, h, [mutation("beneficiaries", {**BENEFICIARY, "zrr": True})])
    assert result["status"] == "applied", result
    data = _data(client, h, result["row_id"])
    assert data["frr"] is True and "zrr" not in data
    # Both names at once: the new one wins, the old one is refused as unknown.
    (both,) = push_ok(client, h, [mutation("beneficiaries",
                                           {**BENEFICIARY, "zrr": True, "frr": False})])
    assert both["status"] == "rejected" and "zrr" in both["errors"]["fields"]
