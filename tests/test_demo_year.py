"""seed-demo's past year: plausible (about 180 people, 120 young, every action), fictional, and
the key figures computed from the database match a count made by hand from the seed's rows."""
from collections import Counter
from datetime import date, timedelta

from server.extensions import db
from server.models import DEFAULT_STRUCTURE
from server.reports.key_figures import key_figures
from server.reports.periods import Period, age_on
from server.seed.demo_data import SCHEDULE, drop_in_sessions
from server.seed.demo_year import past_year
from server.services.seeding import seed_demo


def test_the_past_year_looks_like_the_projects_review():
    today = date(2026, 12, 4)
    year = past_year(today)
    people = year["beneficiaries"]
    assert len(people) == 180
    first_seen = {p["id"]: date.fromisoformat(p["consent_at"][:10]) for p in people}
    young = [p for p in people
             if age_on(date.fromisoformat(p["birth_date"]), first_seen[p["id"]]) <= 25]
    assert len(young) == 120
    assert {s["action"] for s in year["sessions"] if s["kind"] != "formation"} == {
        action for action, *_ in SCHEDULE}
    assert all("(démo)" in p["last_name"] for p in people)  # nobody mistakes it for a file
    days = [s["starts_at"][:10] for s in year["sessions"]]
    assert min(days) >= (today - timedelta(days=365)).isoformat()
    assert max(days) < (today - timedelta(days=14)).isoformat()  # the live demo takes over
    assert past_year(today) == year  # the same day gives the same rows: a re-seed is a no-op


def test_the_dashboard_figures_match_a_hand_count_of_the_seed(app):
    today = date.today()
    year = past_year(today)
    with app.app_context():
        report = seed_demo(db.session, app.extensions["sync_engine"], "s", today)
        again = seed_demo(db.session, app.extensions["sync_engine"], "s", today)
        figures = key_figures(db.session, Period(today - timedelta(days=366), today),
                              DEFAULT_STRUCTURE)
    assert report["inserted"]["beneficiaries"] >= 180 and again["inserted"] == {
        table: 0 for table in again["inserted"]}
    # By hand: participations per action, people per outcome kind, contacts, trainees.
    action_of = {s["id"]: s.get("action") for s in year["sessions"]}
    by_action = Counter(action_of[a["session_id"]] for a in year["attendances"])
    assert {a["action"]: a["participations"] - a["anonymous"]
            for a in figures["actions"]} == dict(by_action)
    # People met without a file: the year's sessions, and the live demo's past ones.
    met = Counter()
    for s in year["sessions"] + drop_in_sessions(today):
        if s["starts_at"][:10] < today.isoformat() and s.get("anonymous_count"):
            met[s["action"]] += s["anonymous_count"]
    assert {a["action"]: a["anonymous"] for a in figures["actions"] if a["anonymous"]} == dict(met)
    kinds = Counter(k for k, _ in {(o["kind"], o["beneficiary_id"]) for o in year["outcomes"]})
    assert {k: v for k, v in figures["outcomes"].items() if k != "etape-franchie"} == dict(kinds)
    values = {t["key"]: t["value"] for t in figures["targets"]}
    assert values["contacts"] == len(year["contacts"]) == 110
    assert values["trained"] == len(year["trainees"])
    assert values["referred"] == len(year["referrals"])
    assert figures["profile"]["total"] == len({a["beneficiary_id"] for a in year["attendances"]})
