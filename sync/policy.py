"""Who may do what: the engine asks a Policy; the server supplies the real one."""
from typing import Any, Protocol

from .model import Row, TableSpec


class Policy(Protocol):
    def authorize(self, actor: Any, spec: TableSpec, op: str, row: Row | None,
                  fields: dict) -> dict:
        """Return the fields to write (possibly adjusted) or raise PermissionDenied."""

    def scope(self, actor: Any) -> dict[str, str | None]:
        """Map each table the actor may pull to an owner filter (None: every row)."""

    def present(self, actor: Any, row: Row) -> dict:
        """Return the row data this actor may read."""

    def require_conflict_access(self, actor: Any) -> None:
        """Raise PermissionDenied unless the actor may list and resolve conflicts."""

    def prepare(self, actor: Any, mutations: list) -> None:
        """See, once per push, the well-formed mutations `authorize` is about to be asked about
        (optional: a policy that looks rows up can then do it once for all)."""


class AllowAll:
    """A policy for tests and tools: everything, for everyone."""

    def __init__(self, tables: list[str] | None = None):
        self.tables = tables

    def authorize(self, actor, spec, op, row, fields):
        return fields

    def scope(self, actor):
        return dict.fromkeys(self.tables, None) if self.tables is not None else {"*": None}

    def present(self, actor, row):
        return dict(row.data)

    def require_conflict_access(self, actor):
        return None

    def prepare(self, actor, mutations):
        return None
