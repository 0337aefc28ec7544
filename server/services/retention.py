"""Retention: anonymise the files of people without contact for N years (CNIL: 2 years).

What the key figures count stays (sex, commune, QPV/FRR, status, education level, dates,
statuses, barriers, stages, an age band); names become a neutral marker and everything else
typed about the person (phone, e-mail, notes, free text) is removed. See
docs/data-protection.md.
"""
from collections import defaultdict
from datetime import date, datetime, time

from sqlalchemy import Date, DateTime, case, func, insert, or_, select, update
from sqlalchemy.orm import Session as DbSession

from sync import Engine

from ..models import SYNCED, AuditEvent, Beneficiary, Session, SyncConflict
from ..reports.periods import age_band, age_on
from ..reports.unmet import ELSEWHERE
from ..tables import TABLES, Retain
from ..territory import territory
from .policy import PERSON_ROWS
from .system import edit, system_push
from .traces import blank_values

CLIENT_ID = "privacy-retention"
CHUNK = 500
# Free text inside diagnostic answers (the rest are codes and levels the figures read).
FREE_ANSWERS = {"project": ("goal",), None: ("strengths",)}


def cutoff(now: datetime, years: int) -> datetime:
    """Return the moment `years` before `now` (29 February falls back to the 28th)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def _moment(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time.min)


def past_max(column, now: datetime):
    """Return the SQL latest value of `column` not later than `now` (later ones are plans)."""
    bound = now.date() if isinstance(column.type, Date) and not isinstance(
        column.type, DateTime) else now
    return func.max(case((column <= bound, column), else_=None))


def last_contacts(db: DbSession, now: datetime) -> dict[str, datetime]:
    """Return each person's last contact: the latest past date anywhere in their file."""
    b = Beneficiary.__table__
    latest: dict[str, datetime] = {}

    def seen(person, *values):
        for value in map(_moment, values):
            if person and value and (person not in latest or value > latest[person]):
                latest[person] = value

    # Erased files (tombstones without values) have nothing left to anonymise.
    live = or_(b.c.deleted.is_(False), b.c.first_name.is_not(None))
    for person, created, updated in db.execute(select(
            b.c.id, past_max(b.c.created_at, now), past_max(b.c.updated_at, now))
            .where(live).group_by(b.c.id)):
        latest.setdefault(person, datetime.min)
        seen(person, created, updated)
    for table in PERSON_ROWS:
        t = SYNCED[table].__table__
        columns = [past_max(t.c[name], now) for name in (*TABLES[table].contact_dates, "created_at",
                                                         "updated_at")]
        query = select(t.c.beneficiary_id, *columns).group_by(t.c.beneficiary_id)
        if table == "attendances":
            s = Session.__table__
            query = (select(t.c.beneficiary_id, past_max(s.c.starts_at, now), *columns)
                     .select_from(t.outerjoin(s, s.c.id == t.c.session_id))
                     .group_by(t.c.beneficiary_id))
        for person, *values in db.execute(query):
            if person in latest:
                seen(person, *values)
    return latest


def dormant(db: DbSession, now: datetime, years: int) -> list[str]:
    """Return the people whose last contact is more than `years` before `now`."""
    limit = cutoff(now, years)
    return sorted(p for p, last in last_contacts(db, now).items() if last < limit)


def coarse_birth_date(birth: date | None, days: list[date]) -> date | None:
    """Return the vaguest birth date giving the same age band on every day that counts.

    1 January of the birth year when it does, else the 1st of the birth month, else the
    date itself: the figures then count the person exactly as before.
    """
    if birth is None:
        return None
    for candidate in (date(birth.year, 1, 1), date(birth.year, birth.month, 1)):
        if all(age_band(age_on(candidate, d)) == age_band(age_on(birth, d)) for d in days):
            return candidate
    return birth


def _wire(value):
    return value.isoformat() if isinstance(value, date) else value


def _pruned_answers(answers):
    """Return the diagnostic's answers without their free text (codes and levels stay)."""
    if not isinstance(answers, dict):
        return answers
    answers = {k: (dict(v) if isinstance(v, dict) else v) for k, v in answers.items()}
    for part, names in FREE_ANSWERS.items():
        holder = answers if part is None else answers.get(part)
        for name in names if isinstance(holder, dict) else ():
            holder.pop(name, None)
    project = answers.get("project")
    if isinstance(project, dict) and isinstance(project.get("destinations"), list):
        project["destinations"] = [_destination(d) for d in project["destinations"]]
    return answers


def _destination(typed):
    """Return a destination as the unmet-needs figures read it, without what was typed.

    An official commune keeps its official name; anything else becomes the neutral label
    these figures count it under, so the figures do not move and no free text stays.
    """
    commune = territory().resolve(name=typed) if isinstance(typed, str) else None
    return commune.nom if commune else ELSEWHERE


# The anonymisations a description names that depend on the row.
COMPUTED = {
    Retain.COARSEN_BIRTH_DATE: lambda rec, days: coarse_birth_date(rec.birth_date, days),
    Retain.PRUNE_FREE_ANSWERS: lambda rec, days: _pruned_answers(rec.answers),
}


def _target(table: str, rec, days: list[date]) -> dict:
    """Return the anonymised values of one row that differ from what it holds."""
    wanted = {name: COMPUTED[how](rec, days) if isinstance(how, Retain) else how
              for name, how in TABLES[table].anonymised().items()}
    return {name: value for name, value in wanted.items() if getattr(rec, name) != value}


def _file(db: DbSession, people: list[str]) -> dict[str, list]:
    """Load the rows of these people's files, by table."""
    out = {"beneficiaries": [], **{t: [] for t in PERSON_ROWS}}
    for i in range(0, len(people), CHUNK):
        part = people[i:i + CHUNK]
        out["beneficiaries"] += db.scalars(select(Beneficiary).where(
            Beneficiary.id.in_(part))).all()
        for table in PERSON_ROWS:
            model = SYNCED[table]
            out[table] += db.scalars(select(model).where(model.beneficiary_id.in_(part))).all()
    return out


def _days_that_count(db: DbSession, rows: dict[str, list]) -> dict[str, list[date]]:
    """Days an age is computed on: each session they came to, each year's last day."""
    sessions, starts = sorted({a.session_id for a in rows["attendances"] if a.session_id}), {}
    for i in range(0, len(sessions), CHUNK):
        query = select(Session.id, Session.starts_at).where(
            Session.id.in_(sessions[i:i + CHUNK]))
        starts.update((session, start) for session, start in db.execute(query))
    days: dict[str, set] = defaultdict(set)
    years: dict[str, set] = defaultdict(set)
    for a in rows["attendances"]:
        if starts.get(a.session_id):
            days[a.beneficiary_id].add(starts[a.session_id].date())
    for table in ("diagnostics", "contacts", "outcomes", "referrals", "action_steps"):
        for rec in rows[table]:
            for moment in (getattr(rec, "date", None), rec.created_at, rec.updated_at):
                if moment:
                    years[rec.beneficiary_id].add(moment.year)
    for person in rows["beneficiaries"]:
        years[person.id] |= {m.year for m in (person.created_at, person.updated_at) if m}
    for person, ds in days.items():
        years[person] |= {d.year for d in ds}
    return {p: sorted(days[p] | {date(y, 12, 31) for y in ys}) for p, ys in years.items()}


# Rows about someone without a file (a call-back request from the public form, a call typed
# without a file, a referral validated but never linked): their own dates tell their age.
UNLINKED_DATES = {"contacts": ("date",), "referrals": ("answered_at", "reminded_at")}


def unlinked(db: DbSession, now: datetime, years: int) -> dict[str, list]:
    """Return the rows naming nobody whose latest past date is more than `years` old."""
    limit, out = cutoff(now, years), {}
    for table, names in UNLINKED_DATES.items():
        model = SYNCED[table]
        # Only rows created and last written before the limit (or, wrongly, in the future).
        old = [or_(column.is_(None), column < limit, column > now)
               for column in (model.created_at, model.updated_at)]
        out[table] = []
        for rec in db.scalars(select(model).where(model.beneficiary_id.is_(None), *old)):
            past = [m for m in (_moment(getattr(rec, n)) for n in (
                *names, "created_at", "updated_at")) if m and m <= now]
            if past and max(past) < limit:
                out[table].append(rec)
    return out


def anonymise(db: DbSession, engine: Engine, now: datetime, years: int) -> dict:
    """Anonymise every dormant file; safe to run every night (a second run changes nothing)."""
    people = dormant(db, now, years)
    rows = _file(db, people)
    days = _days_that_count(db, rows)
    loose = unlinked(db, now, years)
    mutations, tombstones, touched = [], [], defaultdict(set)
    lone = defaultdict(int)
    for table, recs in [*rows.items(), *loose.items()]:
        for rec in recs:
            person = rec.id if table == "beneficiaries" else rec.beneficiary_id
            values = _target(table, rec, days.get(person, []))
            if not values:
                continue
            if person:
                touched[person].add(table)
            else:
                lone[table] += 1
            if rec.deleted:  # devices never get a tombstone's values: clear them in place
                tombstones.append((SYNCED[table], rec.id, values))
            else:
                mutations.append(edit(table, rec.id, rec.version,
                                      {k: _wire(v) for k, v in values.items()}, "anonymise"))
    db.commit()  # end the reads before the engine's own transactions
    for model, row_id, values in tombstones:
        db.execute(update(model).where(model.id == row_id).values(**values))
    refused = 0
    for i in range(0, len(mutations), engine.max_mutations):
        results = system_push(db, engine, CLIENT_ID, mutations[i:i + engine.max_mutations])
        refused += sum(r["status"] not in ("applied", "duplicate") for r in results)
    ids = [rec.id for recs in [*rows.values(), *loose.values()] for rec in recs]
    conflicts = _purge_conflicts(db, ids, now)
    events = [{"at": now, "user_id": None, "action": "anonymise",
               "table_name": "beneficiaries", "row_id": person,
               "detail": f"conservation dépassée: {','.join(sorted(tables))}"}
              for person, tables in sorted(touched.items())]
    events += [{"at": now, "user_id": None, "action": "anonymise", "table_name": table,
                "row_id": None, "detail": f"conservation dépassée: {n} sans dossier"}
               for table, n in sorted(lone.items())]
    if events:
        db.execute(insert(AuditEvent.__table__), events)
    db.commit()
    return {"dormant": len(people), "anonymised": len(touched),
            "unlinked": sum(lone.values()), "rows": len(mutations) + len(tombstones),
            "conflicts_purged": conflicts, "refused": refused}


def _purge_conflicts(db: DbSession, ids: list[str], now: datetime) -> int:
    """Drop the values kept in conflict records about these rows (names stay), close them."""
    count = 0
    for i in range(0, len(ids), CHUNK):
        for conflict in db.scalars(select(SyncConflict).where(
                SyncConflict.row_id.in_(ids[i:i + CHUNK]))):
            emptied = blank_values(conflict.fields)
            if conflict.fields == emptied and conflict.status != "open":
                continue
            conflict.fields = emptied
            if conflict.status == "open":
                conflict.status, conflict.resolved_by = "resolved", None
                conflict.resolved_at = now.strftime("%Y-%m-%dT%H:%M:%S.000000Z")
            count += 1
    return count
