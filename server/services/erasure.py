"""Erase a person's file on request (RGPD art. 17): tombstones without values, synced."""
from sqlalchemy import delete, select
from sqlalchemy.orm import Session as DbSession

from sync import Engine
from sync.engine import DELETED
from sync.store import Batch
from sync.writers import stamp

from ..database import checkpoint
from ..models import SYNCED, Beneficiary, SyncConflict
from . import audit
from .policy import PERSON_ROWS, is_erased
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
    store = SqlStore(db, engine.specs)
    counts = {}
    with store.transaction() as txn:
        # Listed under the clock lock: a push landing just before cannot leave a row alive.
        ids = file_rows(db, person_id)
        batch = Batch(txn, None)
        every = []
        for table, row_ids in ids.items():
            counts[table] = 0
            for row in txn.load_rows(table, row_ids).values():
                every.append(row.id)
                if is_erased(row):
                    continue
                _blank(batch, engine.specs[table], row, user_id)
                counts[table] += 1
        for i in range(0, len(every), 500):
            db.execute(delete(SyncConflict).where(SyncConflict.row_id.in_(every[i:i + 500])))
        if any(counts.values()):
            audit.log(db, user_id, "erase", "beneficiaries", person_id,
                      [t for t, n in counts.items() if n], note="effacement du dossier")
        batch.flush()
    # The values are gone from the tables; on SQLite the log still holds the old pages.
    checkpoint(db)
    return counts


def _blank(batch: Batch, spec, row, user_id: str | None) -> None:
    """Write the row as a tombstone whose every field is null, at a new version."""
    version = batch.next_version()
    owner = row.data.get(spec.scope_column) if spec.scope_column else None
    if owner:  # its owner (a prescriber) must still pull the deletion, see sync_store
        row.scope_trail = f"{row.scope_trail or ','}{owner},"
    for name in spec.fields:
        row.data[name] = None
        stamp(row, name, version, None)
    row.deleted = True
    stamp(row, DELETED, version, None)
    row.version, row.updated_by = version, user_id
    batch.save(row, new=False)
