"""Under-15s consent jointly with a parent: the rule in server/domain/consent.py."""
from datetime import date

import pytest

from server.domain.consent import check_consent

from api_helpers import BENEFICIARY, create, push_one


@pytest.mark.parametrize("row, refused", [
    # 14 on the day of consent, no parent: refused.
    ({"birth_date": "2012-06-01", "consent_at": "2026-05-31T10:00:00Z"}, True),
    # 15 that very day: the person consents alone.
    ({"birth_date": "2011-06-01", "consent_at": "2026-06-01T10:00:00Z"}, False),
    # A parent consented too.
    ({"birth_date": "2012-06-01", "consent_at": "2026-05-31T10:00:00Z",
      "parent_consent_at": "2026-05-31T10:05:00Z"}, False),
    # No consent recorded yet: nothing to check.
    ({"birth_date": "2014-01-01"}, False),
    # Birth date unknown: nothing to compare with.
    ({"consent_at": "2026-05-31T10:00:00Z"}, False),
])
def test_rule(row, refused):
    errors = check_consent(row, today=date(2026, 11, 25))
    assert bool(errors) is refused
    if refused:
        assert list(errors) == ["parent_consent_at"]
        assert "moins de 15 ans" in errors["parent_consent_at"][0]


def test_a_push_without_the_parent_consent_is_rejected_with_a_french_message(client, headers):
    h = headers["referent"]
    young = {**BENEFICIARY, "birth_date": "2013-02-01", "consent_at": "2026-11-25T09:00:00Z"}
    result = push_one(client, h, "beneficiaries", young)
    assert result["status"] == "rejected"
    assert "parent" in result["errors"]["parent_consent_at"][0]
    ok = push_one(client, h, "beneficiaries", {**young,
                                               "parent_consent_at": "2026-11-25T09:05:00Z"})
    assert ok["status"] == "applied"
    # Removing the parent's consent later is refused too (the whole row is checked).
    again = push_one(client, h, "beneficiaries", {"parent_consent_at": None}, ok["row_id"],
                     ok["version"])
    assert again["status"] == "rejected" and "parent_consent_at" in again["errors"]
    # An adult consents alone.
    assert create(client, h, "beneficiaries", {**young, "birth_date": "2005-02-01"})
