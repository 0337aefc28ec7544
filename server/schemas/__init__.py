"""Validation of synced rows: marshmallow schemas turned into sync TableSpecs."""
from datetime import date, datetime, timezone
from typing import Any, Callable

from marshmallow import ValidationError

from sync import TableSpec

from ..domain.consent import check_consent
from ..domain.diagnostic import DiagnosticError, score, validate_answers
from .fast import fast_loader
from .tables import SCHEMAS

REQUIRED = {
    "partners": ("nom",), "offers": ("nom",),
    "beneficiaries": ("first_name", "last_name"),
    "diagnostics": ("beneficiary_id", "date"),
    "sessions": ("kind", "title", "starts_at"),
    "attendances": ("session_id", "beneficiary_id"),
    "contacts": ("channel",),
    "referrals": ("first_name", "last_name", "consent"),
    "action_steps": ("beneficiary_id", "label"),
    "outcomes": ("beneficiary_id", "kind", "date"),
    "trainees": ("session_id", "name"),
}
DEFAULTS = {
    "attendances": {"present": True},
    "diagnostics": {"questionnaire_version": 1},
    "referrals": {"status": "ouverte"},
    "action_steps": {"status": "a-faire"},
}
NATURAL_KEYS = {"attendances": ("session_id", "beneficiary_id")}
SCOPE_COLUMNS = {"referrals": "prescriber_id"}
DERIVED = {"diagnostics": ("levels", "stage")}


def _check_sessions(row: dict) -> dict:
    start, end = row.get("starts_at"), row.get("ends_at")
    if start and end and end < start:  # canonical UTC strings sort like times
        return {"ends_at": ["La fin doit venir après le début."]}
    return {}


def _check_referrals(row: dict) -> dict:
    if row.get("consent") is not True:
        return {"consent": ["Le consentement de la personne est obligatoire."]}
    return {}


def _check_offers(row: dict) -> dict:
    low, high = row.get("age_min"), row.get("age_max")
    if low is not None and high is not None and high < low:
        return {"age_max": ["L'âge maximum doit être supérieur à l'âge minimum."]}
    return {}


def _check_diagnostics(row: dict) -> dict:
    if row.get("answers") is None:
        return {}
    try:
        validate_answers(row["answers"])
    except DiagnosticError as exc:
        return {"answers": exc.errors}
    return {}


CHECKS: dict[str, Callable[[dict], dict]] = {
    "sessions": _check_sessions, "referrals": _check_referrals, "offers": _check_offers,
    "diagnostics": _check_diagnostics,
    "beneficiaries": check_consent,
}


def _derive_diagnostic(row: dict) -> dict:
    levels, stage = score(row.get("answers") or {})
    return {"levels": levels, "stage": stage}


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
            derive=_derive_diagnostic if table == "diagnostics" else None,
            natural_key=NATURAL_KEYS.get(table, ()),
            scope_column=SCOPE_COLUMNS.get(table),
        )
        for table, schema_cls in SCHEMAS.items()
    }
