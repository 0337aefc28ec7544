"""Validation of synced rows: each table's description (server/tables/) as a sync TableSpec."""
from datetime import date, datetime, timezone
from typing import Any

from marshmallow import ValidationError

from sync import TableSpec

from ..tables import TABLES
from .fast import fast_loader
from .tables import SCHEMAS

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
    described = TABLES[table]
    required, defaults = described.required(), described.defaults()
    derived, check = described.derived(), described.check

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
            natural_key=TABLES[table].natural_key,
            scope_column=TABLES[table].scope_column,
            merge=TABLES[table].merge(),
        )
        for table, schema_cls in SCHEMAS.items()
    }
