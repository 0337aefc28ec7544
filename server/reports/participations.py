"""Participations per action, place and month, and who was present (young or not).

Measured on 100,000 attendances (docs/benchmarks.md): grouping in SQL takes one pass over the
attendances per table (action, place, people), and together they cost more than one pass that
fetches bare (session, person) pairs. So the database filters and does the date arithmetic
(each session's day and each person's 26th birthday as YYYYMMDD integers, `sqlparts.ymd`);
Python compares integers once per attendance and counts people with set unions per session.

A person counts as young in a group when 25 or younger on the day of their first session there;
ages only grow, so that is "young on the day of at least one of their sessions there".
"""
from collections import Counter, defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from ..models import Attendance, Beneficiary, Session
from .periods import YOUNG_MAX_AGE, Period
from .scope import mine
from .sqlparts import scanned, ymd

NO_ACTION, NO_PLACE = "autre", "Lieu non précisé"
ACTION, PLACE = 0, 1


def _sessions(db: DbSession, period: Period, tenant: str) -> dict:
    """Each live session of the period: (action, place, day as YYYYMMDD, month, head count)."""
    s = Session.__table__
    rows = db.execute(select(s.c.id, func.coalesce(func.nullif(s.c.action, ""), NO_ACTION),
                             func.coalesce(func.nullif(s.c.place, ""), NO_PLACE),
                             ymd(s.c.starts_at), s.c.anonymous_count)
                      .where(mine(s, tenant), s.c.deleted.is_(False),
                             s.c.starts_at >= period.start_dt, s.c.starts_at <= period.end_dt))
    return {sid: (action, place, day, f"{day // 10000:04d}-{day // 100 % 100:02d}",
                  max(count or 0, 0))
            for sid, action, place, day, count in rows}


def _present(db: DbSession, period: Period, tenant: str) -> dict[str, list]:
    """Who was present (live attendances) at each live session of the period."""
    s, a = Session.__table__, Attendance.__table__
    sessions = select(s.c.id).where(mine(s, tenant), s.c.deleted.is_(False),
                                    s.c.starts_at >= period.start_dt,
                                    s.c.starts_at <= period.end_dt)
    live = (mine(a, tenant), a.c.deleted.is_(False), a.c.present.is_(True))
    present: dict[str, list] = defaultdict(list)
    if db.get_bind().dialect.name == "postgresql":
        # A hash aggregate in the server sends one row per session instead of one per
        # attendance: about half the time, most of it saved in the driver.
        person = func.coalesce(a.c.beneficiary_id, "")  # ids are UUIDs: no comma inside
        rows = db.execute(select(a.c.session_id, func.string_agg(person, ","))
                          .where(*live, a.c.session_id.in_(sessions))
                          .group_by(a.c.session_id))
        for sid, people in rows:
            present[sid] = [p or None for p in people.split(",")]
        return present
    # SQLite would walk the (session, person) index and fetch each attendance by rowid, and
    # grouping there sorts: one scan of the table against the period's sessions is cheapest.
    for sid, person in db.execute(select(a.c.session_id, a.c.beneficiary_id)
                                  .where(*live, scanned(a.c.session_id).in_(sessions))):
        present[sid].append(person)
    return present


def _adult_from(db: DbSession, tenant: str) -> dict:
    """Each person's 26th birthday as YYYYMMDD (None when the birth date is unknown)."""
    b = Beneficiary.__table__
    return dict(db.execute(select(b.c.id, ymd(b.c.birth_date) + (YOUNG_MAX_AGE + 1) * 10000)
                           .where(mine(b, tenant))).all())


def _table(name: str, index: int, sessions: dict, present: dict, young: dict,
           unknown: set) -> list:
    """Rows of one table (per action or per place), most participations first."""
    members: dict[str, list] = defaultdict(list)
    for sid, session in sessions.items():
        members[session[index]].append(sid)
    rows = []
    for key, sids in members.items():
        count = sum(len(present.get(sid, ())) for sid in sids)
        anonymous = sum(sessions[sid][4] for sid in sids)
        if not count + anonymous:
            continue  # nobody came to these sessions: no row
        people = set().union(*(present.get(sid, ()) for sid in sids))
        youth = len(set().union(*(young.get(sid, ()) for sid in sids)))
        blind = len(people & unknown)
        rows.append({name: key, "participations": count + anonymous, "anonymous": anonymous,
                     "distinct": len(people), "young": youth,
                     "adults": len(people) - youth - blind, "unknown_age": blind})
    return sorted(rows, key=lambda row: (-row["participations"], row[name]))


def participations(db: DbSession, period: Period,
                   tenant: str) -> tuple[list, list, Counter, dict]:
    """Return a structure's rows per action and per place, participations per month, and
    attendees."""
    sessions, adult_from = _sessions(db, period, tenant), _adult_from(db, tenant)
    present = _present(db, period, tenant)
    # Young on the session's day: an integer comparison per attendance, nothing more.
    young = {sid: [person for person in people
                   if sessions[sid][2] < (adult_from.get(person) or 0)]
             for sid, people in present.items()}
    everyone = set().union(*present.values())
    unknown = {person for person in everyone if adult_from.get(person) is None}
    youth = set().union(*young.values())
    months = Counter()
    for sid, (_, _, _, month, anonymous) in sessions.items():
        months[month] += len(present.get(sid, ())) + anonymous
    attendees = {person: None if person in unknown else person in youth for person in everyone}
    return (_table("action", ACTION, sessions, present, young, unknown),
            _table("place", PLACE, sessions, present, young, unknown), +months, attendees)
