"""Known lists a free-text field must match to leave in a pseudonymised export.

A commune, an education level or a session place is typed freely on a device: "chez sa tante
Mme Girod" is a valid commune to the schema. Only a value found in a known list goes out
(as the list spells it); anything else becomes "autre". Communes are the official ones of the
territory (server/territory.py, from the COG).
"""
from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from ..models import Partner
from ..seed.demo_data import SCHEDULE
from ..territory import name_key as _key, territory

OTHER = "autre"
# French levels of education (nomenclature of 2019): the codes the app records.
EDUCATION_LEVELS = ("infra-3", "3", "4", "5", "6", "7", "8")


class Known:
    """One known list: look a typed value up, get the list's spelling or "autre"."""

    def __init__(self, values):
        self.values = {}
        for value in values:
            if value:
                self.values.setdefault(_key(value), value)

    def __call__(self, typed: str | None) -> str | None:
        if typed is None or not str(typed).strip():
            return None
        return self.values.get(_key(str(typed)), OTHER)


def communes() -> Known:
    """The official communes of the territory; a former commune's name gives today's."""
    land = territory()
    known = Known(c.nom for c in land.communes.values())
    for name_of_old, today in land.former_names():
        known.values.setdefault(_key(name_of_old), land.communes[today].nom)
    return known


def education_levels() -> Known:
    """The level codes; "niveau 4" or "Niveau 4" is the code "4"."""
    known = Known(EDUCATION_LEVELS)
    known.values.update({f"niveau {k}": v for k, v in list(known.values.items())})
    return known


def drop_in_places(db: DbSession) -> Known:
    """The places of the drop-ins and workshops, with or without their commune, and partners."""
    places = [place for _, _, _, place, *_ in SCHEDULE]
    places += [place.split(",")[0] for place in places]
    places += [n for (n,) in db.execute(select(Partner.nom).where(Partner.deleted.is_(False)))]
    return Known(places)
