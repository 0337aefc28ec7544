"""An in-memory Store: the reference the SQL store is tested against, and a test double."""
import copy
import threading
from contextlib import contextmanager

from .model import Conflict, Row


class MemoryStore:
    """Keeps everything in dicts; a lock stands for the database's write lock."""

    def __init__(self, tables: list[str], scope_columns: dict[str, str] | None = None):
        self.rows: dict[str, dict[str, Row]] = {t: {} for t in tables}
        self.results: dict[str, tuple[str | None, dict]] = {}
        self.conflicts: dict[str, Conflict] = {}
        self.clock = 0
        self.scope_columns = scope_columns or {}
        self._lock = threading.RLock()

    @contextmanager
    def transaction(self):
        with self._lock:
            saved = copy.deepcopy((self.rows, self.results, self.conflicts, self.clock))
            try:
                yield _MemoryTxn(self)
            except BaseException:
                self.rows, self.results, self.conflicts, self.clock = saved
                raise

    def changes(self, scope, after, limit):
        with self._lock:
            found = []
            for table, rows in self.rows.items():
                if table not in scope and "*" not in scope:
                    continue
                owner = scope.get(table)
                column = self.scope_columns.get(table)
                for row in rows.values():
                    if after is not None and row.version <= after:
                        continue
                    visible = owner is None or column is None or row.data.get(column) == owner
                    if not visible and f",{owner}," not in (row.scope_trail or ""):
                        continue
                    found.append((copy.deepcopy(row), visible))
            found.sort(key=lambda item: item[0].version)
            return found[:limit]

    def versions(self, scope):
        with self._lock:
            found = {}
            for table, rows in self.rows.items():
                if table not in scope and "*" not in scope:
                    continue
                owner, column = scope.get(table), self.scope_columns.get(table)
                items = found.setdefault(table, [])
                for row in rows.values():
                    mine = owner is None or column is None or row.data.get(column) == owner
                    if mine or f",{owner}," in (row.scope_trail or ""):
                        items.append((row.id, row.version, mine and not row.deleted))
            return found

    def list_conflicts(self, status):
        with self._lock:
            items = [c for c in self.conflicts.values() if c.status == status]
            return [copy.deepcopy(c) for c in sorted(items, key=lambda c: c.created_at)]


class _MemoryTxn:
    def __init__(self, store: MemoryStore):
        self.store = store

    def next_version(self) -> int:
        self.store.clock += 1
        return self.store.clock

    def processed(self, ids):
        return {i: copy.deepcopy(self.store.results[i]) for i in ids if i in self.store.results}

    def load_rows(self, table, ids):
        rows = self.store.rows[table]
        return {i: copy.deepcopy(rows[i]) for i in ids if i in rows}

    def load_by_keys(self, table, key_fields, keys):
        wanted = set(keys)
        return [copy.deepcopy(r) for r in self.store.rows[table].values()
                if tuple(r.data.get(f) for f in key_fields) in wanted]

    def write_rows(self, items):
        for row, _new in items:
            self.store.rows[row.table][row.id] = copy.deepcopy(row)

    def write_results(self, items):
        for mid, user, result in items:
            self.store.results[mid] = (user, copy.deepcopy(result))

    def add_conflict(self, conflict):
        self.store.conflicts[conflict.id] = copy.deepcopy(conflict)

    def get_conflict(self, conflict_id):
        found = self.store.conflicts.get(conflict_id)
        return copy.deepcopy(found) if found else None

    def save_conflict(self, conflict):
        self.store.conflicts[conflict.id] = copy.deepcopy(conflict)

    def drop_conflicts(self, row_ids):
        gone = set(row_ids)
        self.store.conflicts = {k: c for k, c in self.store.conflicts.items() if c.row_id not in gone}
