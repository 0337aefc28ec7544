"""The communes each structure serves: where a young person's public call-back request goes.

A Mission Locale's territory is exclusive: a commune is served by one structure at most (its
INSEE code is the table's key). A request from a commune nobody serves, or naming none, goes
to the default structure, as on a single-structure install.
"""
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..models import DEFAULT_STRUCTURE, Structure, StructureCommune
from ..territory import EPCI_CODE, territory


class TerritoryError(Exception):
    """A territory that cannot be set as asked (the message says why, in French)."""


def serving(session: Session, code_insee: str | None) -> str:
    """Return the structure serving this commune (today's code), else the default one."""
    if not code_insee:
        return DEFAULT_STRUCTURE
    found = session.get(StructureCommune, code_insee)
    return found.structure_id if found is not None else DEFAULT_STRUCTURE


def communes(session: Session, structure_id: str) -> list[str]:
    """Return the INSEE codes of the communes the structure serves, in order."""
    return list(session.scalars(select(StructureCommune.code_insee)
                                .where(StructureCommune.structure_id == structure_id)
                                .order_by(StructureCommune.code_insee)))


def counts(session: Session) -> dict[str, int]:
    """Return how many communes each structure serves (structures serving none left out)."""
    return dict(session.execute(select(StructureCommune.structure_id, func.count())
                                .group_by(StructureCommune.structure_id)).all())


def expand(codes: list[str]) -> list[str]:
    """Turn commune codes and EPCI numbers (SIREN) into today's commune codes, checked
    against the official list (pwa/data/territory.json)."""
    land, out = territory(), []
    for raw in codes:
        code = str(raw).strip().upper()
        if EPCI_CODE.fullmatch(code) and code in land.epci:
            out += sorted(c.code for c in land.communes.values() if c.epci == code)
        elif code in land.communes:
            out.append(code)
        elif code in land.former:
            today = land.communes[land.former[code]]
            raise TerritoryError(f"{code} est le code d'une ancienne commune, aujourd'hui "
                                 f"{today.nom} : indiquez {today.code}.")
        else:
            raise TerritoryError(f"Code inconnu : {code or '(vide)'} (ni une commune ni un "
                                 "EPCI de la liste officielle).")
    return list(dict.fromkeys(out))


def replace(session: Session, structure_id: str, codes: list[str]) -> list[str]:
    """Make these communes (or EPCI's communes) the structure's whole territory; return it.

    Refused, changing nothing, when a code is unknown or a commune is another structure's.
    """
    if session.get(Structure, structure_id) is None:
        raise TerritoryError("Structure inconnue.")
    wanted = expand(codes)
    taken = session.execute(
        select(StructureCommune.code_insee, Structure.name)
        .join(Structure, Structure.id == StructureCommune.structure_id)
        .where(StructureCommune.code_insee.in_(wanted),
               StructureCommune.structure_id != structure_id)
        .order_by(StructureCommune.code_insee)).first()
    if taken is not None:
        code, owner = taken
        raise TerritoryError(f"{territory().communes[code].nom} ({code}) relève déjà de "
                             f"« {owner} » : retirez-la d'abord de son territoire.")
    session.execute(delete(StructureCommune)
                    .where(StructureCommune.structure_id == structure_id))
    session.add_all(StructureCommune(code_insee=code, structure_id=structure_id)
                    for code in wanted)
    session.flush()
    return sorted(wanted)
