"""The region's sum of two structures' figures: counts add, entries meet by their name,
ratios and periods are not added."""
from server.reports.region import summed


def test_counts_add_entries_meet_by_name_and_ratios_are_left_out():
    a = {"period": {"from": "2026-01-01"}, "total": 3, "sex": {"F": 2, "M": 1},
         "targets": [{"key": "contacts", "value": 4, "target": 100, "ratio": 0.04}],
         "actions": [{"action": "velo", "participations": 2}], "flag": True}
    b = {"period": {"from": "2026-01-01"}, "total": 5, "sex": {"F": 1, "X": 4},
         "targets": [{"key": "contacts", "value": 6, "target": 80, "ratio": 0.075}],
         "actions": [{"action": "permis", "participations": 1},
                     {"action": "velo", "participations": 3}], "flag": True}
    total = summed(a, b)
    assert total["total"] == 8 and total["sex"] == {"F": 3, "M": 1, "X": 4}
    assert total["targets"] == [{"key": "contacts", "value": 10, "target": 180, "ratio": None}]
    assert total["actions"] == [{"action": "velo", "participations": 5},
                                {"action": "permis", "participations": 1}]
    assert total["period"] is None and total["flag"] is True
