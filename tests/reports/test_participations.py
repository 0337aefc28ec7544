"""The age rule written in SQL gives the same answers as `periods.age_on`, day for day."""
import uuid
from datetime import date, datetime

import pytest
from sqlalchemy import insert, select

from server.extensions import db
from server.models import DEFAULT_STRUCTURE, Attendance, Beneficiary, Session
from server.reports.participations import participations
from server.reports.periods import Period, age_on, is_young
from server.reports.sqlparts import ymd

# (birth date, session start): the days around a 26th birthday, a 29 February birthday in a
# common year, late-evening sessions, and an unknown birth date.
CASES = [
    (date(2000, 6, 15), datetime(2026, 6, 14, 23, 59, 59)),
    (date(2000, 6, 15), datetime(2026, 6, 15, 0, 0)),
    (date(2000, 2, 29), datetime(2026, 2, 28, 18, 30)),
    (date(2000, 2, 29), datetime(2026, 3, 1, 9, 0)),
    (date(2001, 1, 1), datetime(2026, 12, 31, 23, 0)),
    (date(2000, 12, 31), datetime(2026, 12, 31, 8, 0)),
    (None, datetime(2026, 5, 5, 10, 0)),
]
PERIOD = Period(date(2026, 1, 1), date(2026, 12, 31))


def _sync(n: int) -> dict:
    return {"id": str(uuid.uuid4()), "version": n, "created_version": n, "deleted": False,
            "field_versions": {}, "tenant_id": DEFAULT_STRUCTURE}


def _seed(cases) -> list[str]:
    """One person and one session (its own place) per case; return the people's ids."""
    people, sessions, attendances = [], [], []
    for n, (birth, starts) in enumerate(cases):
        person, session = _sync(n), _sync(n)
        people.append({**person, "first_name": "X", "birth_date": birth})
        sessions.append({**session, "kind": "permanence", "title": "S", "action": "arp",
                         "place": f"Lieu {n}", "starts_at": starts})
        attendances.append({**_sync(n), "session_id": session["id"],
                            "beneficiary_id": person["id"], "present": True})
    db.session.execute(insert(Beneficiary.__table__), people)
    db.session.execute(insert(Session.__table__), sessions)
    db.session.execute(insert(Attendance.__table__), attendances)
    db.session.commit()
    return [p["id"] for p in people]


def test_young_or_not_matches_the_python_rule(app):
    with app.app_context():
        _seed(CASES)
        _, places, months, attendees = participations(db.session, PERIOD, DEFAULT_STRUCTURE)
        by_place = {row["place"]: row for row in places}
        for n, (birth, starts) in enumerate(CASES):
            expected = is_young(age_on(birth, starts.date()))
            row = by_place[f"Lieu {n}"]
            got = {(1, 0, 0): True, (0, 1, 0): False, (0, 0, 1): None}[
                (row["young"], row["adults"], row["unknown_age"])]
            assert got == expected, (birth, starts)
        assert sorted(attendees.values(), key=str) == sorted(
            (is_young(age_on(b, s.date())) for b, s in CASES), key=str)
        assert months["2026-06"] == 2 and months["2026-12"] == 2


@pytest.mark.parametrize("birth", [date(2000, 2, 29), date(2008, 3, 1), date(1999, 12, 31)])
def test_ymd_gives_whole_years(app, birth):
    with app.app_context():
        for day in (date(2026, 2, 28), date(2026, 3, 1), date(2025, 12, 31), date(2024, 2, 29)):
            days = db.session.execute(select(ymd(db.literal(day)), ymd(db.literal(birth)))).one()
            assert (days[0] - days[1]) // 10000 == age_on(birth, day)


def test_a_person_turning_26_counts_as_young_where_they_first_came_young(app):
    with app.app_context():
        (person,) = _seed([(date(2000, 6, 15), datetime(2026, 6, 1, 9, 0))])
        later = _sync(99)
        db.session.execute(insert(Session.__table__), [{
            **later, "kind": "atelier", "title": "S", "action": "arp", "place": "Plus tard",
            "starts_at": datetime(2026, 7, 1, 9, 0)}])
        db.session.execute(insert(Attendance.__table__), [{
            **_sync(100), "session_id": later["id"], "beneficiary_id": person,
            "present": True}])
        db.session.commit()
        actions, places, _, attendees = participations(db.session, PERIOD,
                                                       DEFAULT_STRUCTURE)
        (arp,) = actions
        assert (arp["participations"], arp["distinct"], arp["young"]) == (2, 1, 1)
        assert {r["place"]: r["young"] for r in places} == {"Lieu 0": 1, "Plus tard": 0}
        assert attendees == {person: True}
