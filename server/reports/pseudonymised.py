"""What each table keeps once pseudonymised, read from the descriptions (server/tables/).

A column leaves only when its description gives it an `Out` (a header and a form): codes,
dates, levels; never names, phone numbers, e-mail addresses, notes or other free text, exact
birth dates (an age band instead), row ids or user ids. Person ids become pseudonyms; partner
and offer ids become the organisation's or offer's public name. Communes, education levels and
session places are typed freely: only a value of a known list goes out, else "autre"
(known_values).
"""
from collections.abc import Callable
from datetime import date, datetime
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from ..domain.diagnostic import DIMENSIONS
from ..extensions import db as sa
from ..models import Partner, Session
from ..models.catalogue import Offer
from ..tables import BENEFICIARIES, TABLES, Privacy
from ..tables.base import Out, Table
from .known_values import communes, drop_in_places, education_levels
from .periods import age_band, age_on
from .scope import mine

# The people's files: the person, then every table about a person.
EXPORTED = {"beneficiaries": BENEFICIARIES,
            **{n: t for n, t in TABLES.items() if t.about_person}}
Pseudonym = Callable[[str | None], str | None]
# The forms a personal column may leave in: coarser than the value itself.
COARSENING = frozenset({"age_band", "age_band_received", "commune"})
SESSION_HEADERS = ["date_seance", "type_seance", "action", "lieu"]


def _day(value: datetime | date | None) -> date | None:
    # A day is enough for the figures; the time of a contact adds nothing but precision.
    return value.date() if isinstance(value, datetime) else value


def _level(value) -> int | None:
    # Levels are computed by the app; anything else in the JSON is not exported.
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class _Lookups:
    """The lists the forms read, each loaded once per sheet and only when a form needs it."""

    def __init__(self, db: DbSession, today: date, tenant: str):
        self.db, self.today, self.tenant = db, today, tenant

    def _names(self, model) -> dict[str, str]:  # the catalogue's, read whole
        t = model.__table__
        return dict(self.db.execute(select(t.c.id, t.c.nom)).all())

    @cached_property
    def partners(self):
        return self._names(Partner)

    @cached_property
    def offers(self):
        return self._names(Offer)

    @cached_property
    def communes(self):
        return communes()

    @cached_property
    def levels(self):
        return education_levels()

    @cached_property
    def sessions(self) -> dict[str, list]:
        s, place_of = Session.__table__, drop_in_places(self.db)
        rows = self.db.execute(select(s.c.id, s.c.starts_at, s.c.kind, s.c.action, s.c.place)
                               .where(mine(s, self.tenant), s.c.deleted.is_(False)))
        return {sid: [_day(start), kind, action, place_of(place)]
                for sid, start, kind, action, place in rows}


# form -> (its headers from the Out, its cells from (lookups, value, row))
FORMS: dict[str, tuple[Callable, Callable]] = {
    "as_is": (lambda o: [o.header], lambda k, v, row: [v]),
    "day": (lambda o: [o.header], lambda k, v, row: [_day(v)]),
    "yes_no": (lambda o: [o.header],
               lambda k, v, row: [None if v is None else ("oui" if v else "non")]),
    # A consent is a date when given; no date means not (yet) given.
    "given": (lambda o: [o.header], lambda k, v, row: ["non" if v is None else "oui"]),
    "age_band": (lambda o: [o.header], lambda k, v, row: [age_band(age_on(v, k.today))]),
    # The age on the day the row was received (a referral), not today.
    "age_band_received": (lambda o: [o.header], lambda k, v, row: [
        age_band(age_on(v, _day(row["created_at"]) or k.today))]),
    "commune": (lambda o: [o.header], lambda k, v, row: [k.communes(v)]),
    "level": (lambda o: [o.header], lambda k, v, row: [k.levels(v)]),
    "partner": (lambda o: [o.header], lambda k, v, row: [k.partners.get(v)]),
    "offer": (lambda o: [o.header], lambda k, v, row: [k.offers.get(v)]),
    # A session goes out as its day, kind, action and place (a place of a known list).
    "session": (lambda o: SESSION_HEADERS,
                lambda k, v, row: k.sessions.get(v, [None] * len(SESSION_HEADERS))),
    "levels": (lambda o: [f"{o.header}_{name}" for name in DIMENSIONS],
               lambda k, v, row: [_level((v if isinstance(v, dict) else {}).get(name))
                                  for name in DIMENSIONS]),
}


def allowed(privacy: Privacy, out: Out) -> bool:
    """Tell whether a column of this privacy class may leave in this form."""
    if out.form not in FORMS:
        return False
    if privacy == Privacy.PERSONAL:
        return out.form in COARSENING
    return privacy != Privacy.FREE_TEXT


def headers(table: Table) -> list[str]:
    """Return the header of a table's pseudonymised sheet."""
    found = ["pseudonyme", *([table.created_out] if table.created_out else [])]
    for out in table.exported().values():
        found += FORMS[out.form][0](out)
    return found


def build(db: DbSession, table: str, pseudonym: Pseudonym, today: date, tenant: str) -> tuple:
    """Return (headers, rows) of one table's pseudonymised sheet, a structure's rows only."""
    described, t = EXPORTED[table], sa.metadata.tables[table]
    lookups, outs = _Lookups(db, today, tenant), described.exported()
    person = "beneficiary_id" if "beneficiary_id" in described.columns else "id"
    rows = []
    for row in db.execute(select(t).where(mine(t, tenant), t.c.deleted.is_(False))).mappings():
        cells = [pseudonym(row[person])]
        if described.created_out:
            cells.append(_day(row["created_at"]))
        for name, out in outs.items():
            cells += FORMS[out.form][1](lookups, row[name], row)
        rows.append(cells)
    return headers(described), rows
