"""Validation of synced rows: marshmallow schemas turned into sync TableSpecs."""
from datetime import date, datetime, timezone
from typing import Any, Callable

from marshmallow import ValidationError

from sync import TableSpec

from ..tables import TABLES
from .fast import fast_loader
from .tables import SCHEMAS

# What the engine and the validators need, from the descriptions.
REQUIRED = {name: t.required() for name, t in TABLES.items() if t.required()}
DEFAULTS = {name: t.defaults() for name, t in TABLES.items() if t.defaults()}
NATURAL_KEYS = {name: t.natural_key for name, t in TABLES.items() if t.natural_key}
SCOPE_COLUMNS = {name: t.scope_column for name, t in TABLES.items() if t.scope_column}
DERIVED = {name: t.derived() for name, t in TABLES.items() if t.derived()}
CHECKS: dict[str, Callable[[dict], dict]] = {name: t.check for name, t in TABLES.items() if t.check}


def _wire(value: Any) -> Any:
    """Put a loaded value back in wire format (dates as ISO strings, times in UTC)."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def make_validator(table: str, fast: bool = True):
    """Build the (fields, current) -> (clean, errors) function of one table."""
    schema = SCHEMAS[table]()
    # Plain values are checked in plain Python; marshmallow decides everything else.
    quick = fast_loader(schema, _wire) if fast else (lambda fields: None)
    required = REQUIRED.get(table, ())
    defaults = DEFAULTS.get(table, {})
    derived = DERIVED.get(table, ())
    check = CHECKS.get(table)

    def validate(fields: dict, current: dict | None) -> tuple[dict, dict[str, Any]]:
        if derived:
            fields = {k: v for k, v in fields.items() if k not in derived}
        clean = quick(fields)
        if clean is None:
            try:
                # Not schema.dump(): a push validates thousands of rows; this is half the cost.
                clean = {k: _wire(v) for k, v in schema.load(fields, partial=True).items()}
            except ValidationError as exc:
                return {}, exc.messages
        if current is None:
            clean = {**defaults, **clean}
            missing = {name: ["Champ obligatoire."] for name in required
                       if clean.get(name) in (None, "")}
            if missing:
                return {}, missing
        errors = check({**(current or {}), **clean}) if check else {}
        return (clean, {}) if not errors else ({}, errors)

    return validate


def build_specs() -> dict[str, TableSpec]:
    """Return the TableSpec of every synced table."""
    return {
        table: TableSpec(
            name=table,
            fields=frozenset(schema_cls._declared_fields),
            validate=make_validator(table),
            derive=TABLES[table].derive,
            natural_key=NATURAL_KEYS.get(table, ()),
            scope_column=SCOPE_COLUMNS.get(table),
        )
        for table, schema_cls in SCHEMAS.items()
    }
