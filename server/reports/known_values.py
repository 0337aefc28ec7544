"""Known lists a free-text field must match to leave in a pseudonymised export.

A commune, an education level or a session place is typed freely on a device: "chez sa tante
Mme Girod" is a valid commune to the schema. Only a value found in a known list goes out
(as the list spells it); anything else becomes "autre".
"""
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from ..models import Partner
from ..models.catalogue import Offer
from ..seed.demo_data import SCHEDULE

OTHER = "autre"
# Communes of the Communauté de Communes Haut-Jura Saint-Claude (with the former communes
# people still name), and the towns around where young people of the service live.
TERRITORY = (
    "Avignon-lès-Saint-Claude", "Bellecombe", "Chassal-Molinges", "Chassal", "Molinges",
    "Choux", "Coiserette", "Coteaux du Lizon", "Cuttura", "Saint-Lupicin", "Jeurre",
    "La Pesse", "La Rixouse", "Lajoux", "Larrivoire", "Lavans-lès-Saint-Claude", "Ponthoux",
    "Pratz", "Lect", "Les Bouchoux", "Les Moussières", "Leschères", "Longchaumois",
    "Martigna", "Ravilloles", "Rogna", "Saint-Claude", "Septmoncel les Molunes",
    "Septmoncel", "Les Molunes", "Vaux-lès-Saint-Claude", "Villard-Saint-Sauveur",
    "Villard-sur-Bienne", "Viry", "Vulvoz", "Hauts de Bienne", "Morez", "Oyonnax",
    "Moirans-en-Montagne", "Les Rousses",
)
# French levels of education (nomenclature of 2019): the codes the app records.
EDUCATION_LEVELS = ("infra-3", "3", "4", "5", "6", "7", "8")


def _key(text: str) -> str:
    """Fold case, accents, hyphens and spacing so "st-claude" finds "Saint-Claude"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = plain.replace("-", " ").replace("'", " ").replace("’", " ").split()
    return " ".join("saint" if w == "st" else w for w in words)


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


def communes(db: DbSession) -> Known:
    """The territory's communes and those of the catalogue's partners and offers."""
    found = [c for (c,) in db.execute(select(Partner.commune).where(
        Partner.deleted.is_(False)))]
    found += [c for (c,) in db.execute(select(Offer.commune).where(Offer.deleted.is_(False)))]
    return Known([*TERRITORY, *found])


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
