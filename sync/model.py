"""Plain data the engine works on: rows, conflicts and table specifications."""
from dataclasses import dataclass, field
from typing import Any, Callable

DELETED = "_deleted"  # the pseudo-field of a deletion (in conflicts and field versions)

# Validator: (changed fields, current data or None when creating) -> (clean fields, errors).
Validator = Callable[[dict, dict | None], tuple[dict, dict]]
# Deriver: full row data after a write -> computed fields to store with it.
Deriver = Callable[[dict], dict]


@dataclass
class Row:
    """One synced row as the engine sees it: wire-format values, versions per field."""

    table: str
    id: str
    version: int
    deleted: bool = False
    data: dict[str, Any] = field(default_factory=dict)
    field_versions: dict[str, int] = field(default_factory=dict)
    # Device that last wrote each field (missing: unknown, e.g. written before it was kept).
    field_writers: dict[str, str] = field(default_factory=dict)
    created_version: int = 0
    updated_by: str | None = None
    # Owners the row had before (for rows that leave a user's scope).
    scope_trail: str = ""
    # The tenant (structure) the row belongs to, as the store says; None: not known/shared.
    tenant: str | None = None


@dataclass
class Conflict:
    """Values pushed that the server did not apply: nothing typed is lost."""

    id: str
    table: str
    row_id: str
    fields: dict[str, dict[str, Any]]
    author: str | None
    mutation_id: str | None
    created_at: str
    status: str = "open"
    resolved_by: str | None = None
    resolved_at: str | None = None


def _accept_all(fields: dict, current: dict | None) -> tuple[dict, dict]:
    return dict(fields), {}


@dataclass(frozen=True)
class TableSpec:
    """What the engine needs to know about one synced table."""

    name: str
    fields: frozenset[str]
    validate: Validator = _accept_all
    derive: Deriver | None = None
    natural_key: tuple[str, ...] = ()
    # Column naming the user who owns the row, for row-level scopes (e.g. a prescriber).
    scope_column: str | None = None
    # How a field merges when another device changed it too: the default, FIELD, keeps the
    # value aside in a conflict; LATEST keeps the later of the two values (dates, times).
    merge: dict[str, str] = field(default_factory=dict)


FIELD = "field"
LATEST = "latest"
MERGE_POLICIES = (FIELD, LATEST)


@dataclass(frozen=True)
class Change:
    """What one write did: the fields it wrote (or "_deleted"), their values before, the row.

    Given to the push's `on_changes` inside its transaction (an audit log, for instance), so
    that nobody has to read the request again to know what was applied.
    """

    table: str
    row_id: str
    fields: tuple[str, ...]
    previous: dict[str, Any]
    row: "Row"
