"""The storage interface the engine drives, and the per-push batch cache over it."""
from contextlib import AbstractContextManager
from typing import Protocol

from .envelope import is_clean_text
from .model import Change, Conflict, Row, TableSpec

_MAX_KEY = 200  # characters of one natural-key value worth looking up


class Txn(Protocol):
    """One write transaction; holds the version clock until it ends."""

    def next_version(self) -> int: ...
    def processed(self, ids: list[str]) -> dict[str, tuple[str | None, dict]]: ...
    def load_rows(self, table: str, ids: list[str]) -> dict[str, Row]: ...
    def load_by_keys(self, table: str, key_fields: tuple[str, ...],
                     keys: list[tuple]) -> list[Row]: ...
    def write_rows(self, items: list[tuple[Row, bool]]) -> None: ...
    def write_results(self, items: list[tuple[str, str | None, dict]]) -> None: ...
    def add_conflict(self, conflict: Conflict) -> None: ...
    def get_conflict(self, conflict_id: str) -> Conflict | None: ...
    def save_conflict(self, conflict: Conflict) -> None: ...
    def drop_conflicts(self, row_ids: list[str]) -> None: ...


class Store(Protocol):
    def transaction(self) -> AbstractContextManager[Txn]: ...

    def changes(self, scope: dict[str, str | None], after: int | None,
                limit: int) -> list[tuple[Row, bool]]:
        """Rows with version > after, oldest first, with whether each is in scope.

        `after` None means a first sync: only live, in-scope rows. Otherwise deleted rows
        come too, and rows of a scoped table that left the owner (its old owner is in the
        row's scope trail) come flagged out of scope.
        """

    def list_conflicts(self, status: str) -> list[Conflict]: ...

    def versions(self, scope: dict[str, str | None]) -> dict[str, list[tuple[str, int, bool]]]:
        """Every row of the scope's tables: (id, version, live and in scope) (sync/digest.py).

        Rows that left the owner come too (not live for it), as `changes` gives them.
        """


class Batch:
    """Rows and results of one transaction, cached so later mutations see earlier ones.

    `writer` names the device whose writes these are (None: unknown, never "own").
    """

    def __init__(self, txn: Txn, writer: str | None = None):
        self.txn = txn
        self.writer = writer
        self.rows: dict[tuple[str, str], Row | None] = {}
        self.keys: dict[tuple[str, tuple], Row] = {}
        self.processed: dict[str, tuple[str | None, dict]] = {}
        self._dirty: dict[tuple[str, str], tuple[Row, bool]] = {}
        self._results: list[tuple[str, str | None, dict]] = []
        self._key_fields: dict[str, tuple[str, ...]] = {}
        self.changes: list[Change] = []  # what each write did, in order

    def prefetch(self, mutation_ids: list[str], mutations: list, specs: dict[str, TableSpec]):
        """Load in a few queries what the mutations of a push will touch."""
        self.processed = self.txn.processed(mutation_ids) if mutation_ids else {}
        by_table: dict[str, list[str]] = {}
        for m in mutations:
            by_table.setdefault(m.table, []).append(m.row_id)
        for table, ids in by_table.items():
            found = self.txn.load_rows(table, ids)
            for row_id in ids:
                self._cache(specs[table], found.get(row_id), table, row_id)
        for table, spec in specs.items():
            if not spec.natural_key:
                continue
            self._key_fields[table] = spec.natural_key
            keys = {_key(spec.natural_key, m.fields) for m in mutations if m.table == table}
            keys.discard(None)
            if keys:
                for row in self.txn.load_by_keys(table, spec.natural_key, sorted(keys)):
                    self._cache(spec, row, table, row.id)

    def _cache(self, spec: TableSpec | None, row: Row | None, table: str, row_id: str):
        self.rows[(table, row_id)] = row
        if row is not None and spec is not None and spec.natural_key:
            key = _key(spec.natural_key, row.data)
            if key is not None:
                self.keys[(table, key)] = row

    def row(self, table: str, row_id: str) -> Row | None:
        """Return the row (from this batch first), or None when it does not exist."""
        if (table, row_id) not in self.rows:
            self.rows[(table, row_id)] = self.txn.load_rows(table, [row_id]).get(row_id)
        return self.rows[(table, row_id)]

    def row_by_key(self, spec: TableSpec, values: dict) -> Row | None:
        """Return the row holding this natural key, if any."""
        key = _key(spec.natural_key, values)
        if key is None:
            return None
        if (spec.name, key) not in self.keys:
            found = self.txn.load_by_keys(spec.name, spec.natural_key, [key])
            for row in found:
                self._cache(spec, self.rows.get((spec.name, row.id)) or row, spec.name, row.id)
            if (spec.name, key) not in self.keys:
                return None
        found = self.keys[(spec.name, key)]
        # A row that moved to another key earlier in this batch no longer holds this one.
        return found if _key(spec.natural_key, found.data) == key else None

    def next_version(self) -> int:
        return self.txn.next_version()

    def save(self, row: Row, new: bool) -> None:
        """Keep a written row for the flush, indexing its natural key."""
        previous = self._dirty.get((row.table, row.id))
        self._dirty[(row.table, row.id)] = (row, new or (previous is not None and previous[1]))
        self.rows[(row.table, row.id)] = row
        key_fields = self._key_fields.get(row.table)
        if key_fields:
            key = _key(key_fields, row.data)
            if key is not None:
                self.keys[(row.table, key)] = row

    def remember(self, mutation_id: str, user_id: str | None, result: dict) -> None:
        self.processed[mutation_id] = (user_id, result)
        self._results.append((mutation_id, user_id, result))

    def flush(self) -> None:
        """Hand every written row and result to the store in one go."""
        if self._dirty:
            self.txn.write_rows(list(self._dirty.values()))
            self._dirty.clear()
        if self._results:
            self.txn.write_results(self._results)
            self._results = []


def _key(fields: tuple[str, ...], values: dict) -> tuple | None:
    key = tuple(values.get(name) for name in fields)
    # Keys are looked up before validation: only clean text may reach the database (a
    # number, a NUL or a lone surrogate is a driver error there); the rest is rejected later.
    if any(not is_clean_text(v, _MAX_KEY) for v in key):
        return None
    return key
