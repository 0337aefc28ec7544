"""Erase a person's file on request (RGPD art. 17): tombstones without values, synced."""
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from sync import Engine

from ..database import checkpoint
from ..models import SYNCED, Beneficiary
from . import audit
from .policy import PERSON_ROWS
from .sync_store import SqlStore


class PersonNotFound(LookupError):
    """No person has this id."""


def file_rows(db: DbSession, person_id: str) -> dict[str, list[str]]:
    """Return the ids of the person's row and of every row naming them, by table."""
    out = {"beneficiaries": [person_id]}
    for table in PERSON_ROWS:
        model = SYNCED[table]
        out[table] = list(db.scalars(select(model.id).where(
            model.beneficiary_id == person_id).order_by(model.id)))
    return out


def erase(db: DbSession, engine: Engine, user_id: str | None, person_id: str) -> dict:
    """Turn the person and their rows into tombstones with no value; return counts per table.

    The rows get new versions from the sync clock, so every device pulls the deletion (with
    no data) at its next sync; conflict records about them go too. Rows already erased are
    left as they are, so a second call changes nothing.
    """
    if db.get(Beneficiary, person_id) is None:
        raise PersonNotFound(person_id)

    def erased(counts: dict[str, int]) -> None:
        if any(counts.values()):
            audit.log(db, user_id, "erase", "beneficiaries", person_id,
                      [t for t, n in counts.items() if n], note="effacement du dossier")

    counts = engine.erase(SqlStore(db, engine.specs), SimpleNamespace(id=user_id),
                          lambda: file_rows(db, person_id), on_erased=erased)
    # The values are gone from the tables; on SQLite the log still holds the old pages.
    checkpoint(db)
    return counts
