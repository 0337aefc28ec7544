"""Erasure: rows become tombstones whose every field is null, at new versions (RGPD art. 17)."""
from typing import Any, Callable

from .model import DELETED, Row, TableSpec
from .store import Batch, Store
from .writers import stamp


def erase_rows(specs: dict[str, TableSpec], store: Store, actor: Any,
               select: Callable[[], dict[str, list[str]]],
               on_erased: Callable[[dict[str, int]], None] | None = None) -> dict[str, int]:
    """Erase the rows `select` lists by table; return how many were erased per table.

    `select` is called under the write lock (a push landing just before cannot leave a row
    alive). The rows' conflict records go too. Rows already erased stay as they are: a second
    call changes nothing. `on_erased` gets the counts inside the transaction.
    """
    with store.transaction() as txn:
        batch = Batch(txn, None)
        counts: dict[str, int] = {}
        every: list[str] = []
        for table, row_ids in select().items():
            spec, counts[table] = specs[table], 0
            for row in txn.load_rows(table, row_ids).values():
                every.append(row.id)
                if row.deleted and all(v is None for v in row.data.values()):
                    continue
                _blank(batch, getattr(actor, "id", None), spec, row)
                counts[table] += 1
        txn.drop_conflicts(every)
        if on_erased is not None:
            on_erased(counts)
        batch.flush()
    return counts


def _blank(batch: Batch, actor_id: str | None, spec: TableSpec, row: Row) -> None:
    version = batch.next_version()
    owner = row.data.get(spec.scope_column) if spec.scope_column else None
    if owner:  # its owner must still pull the deletion (scope trail)
        row.scope_trail = f"{row.scope_trail or ','}{owner},"
    for name in spec.fields:
        row.data[name] = None
        stamp(row, name, version, None)
    row.deleted = True
    stamp(row, DELETED, version, None)
    row.version, row.updated_by = version, actor_id
    batch.save(row, new=False)
