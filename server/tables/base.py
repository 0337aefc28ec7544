"""What a synced table's description says: each column's check, privacy class, French label,
and what anonymisation leaves of it; the table's natural key, scope, checks and derived fields.

The rest of the server derives what it used to keep in separate lists from these descriptions
(schemas, required fields, defaults, retention). See docs/architecture.md, « How to add a field ».
"""
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Callable

from marshmallow import RAISE, Schema
from marshmallow import fields as mf


class Privacy(StrEnum):
    """How a column's values may be used and shown (data-protection.md)."""

    PERSONAL = "personal"    # says who someone is: names, phone, e-mail, birth date
    FREE_TEXT = "free_text"  # words typed by a person: may say anything about someone
    CODE = "code"            # a value from a list, a flag, a number, a date the figures read
    REF = "ref"              # the id of another row
    PUBLIC = "public"        # published in the catalogue


class Retain(StrEnum):
    """What anonymisation does to a column besides blanking or replacing it with a marker."""

    KEEP = "keep"                      # stays as it is (codes and dates the figures read)
    COARSEN_BIRTH_DATE = "coarsen"     # the coarsest birth date giving the same age bands
    PRUNE_FREE_ANSWERS = "prune"       # the diagnostic's free-text answers go, codes stay


@dataclass(frozen=True)
class Out:
    """How a column leaves in a pseudonymised export: under which header, in which form.

    The forms are in server/reports/pseudonymised.py (FORMS); a personal column may only leave
    coarsened (an age band, a commune of a known list), free text never.
    """

    header: str
    form: str = "as_is"


MARKER = "Anonyme"  # the neutral marker that replaces a name
NO_DEFAULT = object()


@dataclass(frozen=True)
class Column:
    """One synced column."""

    check: mf.Field
    privacy: Privacy
    label: str
    required: bool = False
    default: Any = NO_DEFAULT
    derived: bool = False  # computed by the server; what a client sends is ignored
    indexed: bool = False  # the web app looks rows up by it (an IndexedDB index, kept clear)
    # What anonymisation leaves: Retain.KEEP, None (blanked), MARKER, or another Retain.
    retention: Any = Retain.KEEP
    out: Out | None = None  # None: never in a pseudonymised export
    # When another device changed it too: "field" (a conflict to settle, the default) or
    # "latest" (the later date wins: sync/merge.py).
    merge: str = "field"


@dataclass(frozen=True)
class Table:
    """One synced table, described once."""

    name: str
    label: str
    columns: dict[str, Column]
    natural_key: tuple[str, ...] = ()
    scope_column: str | None = None
    about_person: bool = False  # its rows belong to a person's file (beneficiary_id)
    shared: bool = False  # read by every structure of the territory (the catalogue)
    # In a person's file (export, erasure): its title, and the column its rows are sorted by
    # (latest first). Only for tables about a person.
    file_title: str | None = None
    file_order: str = "created_at"
    # Its dates that show a contact with the person (retention counts from the latest), besides
    # each row's created_at and updated_at.
    contact_dates: tuple[str, ...] = ()
    check: Callable[[dict], dict] | None = None  # whole-row rule: {field: [messages]}
    derive: Callable[[dict], dict] | None = None  # the derived columns from the row
    schema_name: str = field(default="")
    # The header under which a pseudonymised export gives the day a row was received, if any.
    created_out: str | None = None

    def schema(self) -> type[Schema]:
        """Return the marshmallow schema of its columns (unknown fields refused by name)."""
        name = self.schema_name or "".join(p.title() for p in self.name.split("_")) + "Schema"
        return _Strict.from_dict({n: c.check for n, c in self.columns.items()}, name=name)

    def required(self) -> tuple[str, ...]:
        return tuple(n for n, c in self.columns.items() if c.required)

    def defaults(self) -> dict[str, Any]:
        return {n: c.default for n, c in self.columns.items() if c.default is not NO_DEFAULT}

    def merge(self) -> dict[str, str]:
        """Return the columns merged otherwise than by a conflict, with their policy."""
        return {n: c.merge for n, c in self.columns.items() if c.merge != "field"}

    def derived(self) -> tuple[str, ...]:
        return tuple(n for n, c in self.columns.items() if c.derived)

    def personal(self) -> bool:
        """Tell whether its rows hold personal data or free text (sealed on devices)."""
        return any(c.privacy in (Privacy.PERSONAL, Privacy.FREE_TEXT) for c in self.columns.values())

    def exported(self) -> dict[str, Out]:
        """Return the columns a pseudonymised export keeps, in the description's order."""
        return {n: c.out for n, c in self.columns.items() if c.out is not None}

    def anonymised(self) -> dict[str, Any]:
        """Return what anonymisation writes: {column: None | MARKER | Retain}, KEEP left out."""
        return {n: c.retention for n, c in self.columns.items() if c.retention != Retain.KEEP}


class _Strict(Schema):
    class Meta:
        unknown = RAISE
