"""A fast path for marshmallow loads of plain values; marshmallow still decides the rest.

A push validates thousands of rows, and `Schema.load` costs ~40 µs a row in marshmallow's
own machinery. Most rows hold only short strings, codes, dates, numbers and booleans, each
checked in a line of plain Python here. The fast path only ever says "valid, and here is
exactly what marshmallow would return": on anything it is not sure of (a value it would
refuse, an unusual but valid form such as an ISO week date, a field it cannot check such
as the diagnostic's answers) it returns None and the caller runs marshmallow itself. So
error messages always come from marshmallow, and `tests/test_fast_validation.py` checks
with random and hostile values that every value accepted here is what marshmallow gives.
"""
import math
from datetime import date
from typing import Any, Callable

from marshmallow import Schema, ValidationError
from marshmallow.utils import missing
from marshmallow.validate import Length, OneOf, Range

from ..tables.fields import (Code, CommuneCode, Day, Int, Link, Moment, Real, Ref, StrictBool,
                             Text)
from ..tables.links import is_safe_link

SLOW = object()  # "not sure": let marshmallow decide
Check = Callable[[Any], Any]


def _length_max(field) -> int | None:
    """Return the only validator's max length (a plain `Length(max=...)`), else None."""
    if len(field.validators) < 1 or type(field.validators[0]) is not Length:
        return None
    length = field.validators[0]
    if length.min is not None or length.equal is not None or length.max is None:
        return None
    return length.max


def _text(field, null: Any) -> Check | None:
    high = _length_max(field)
    if high is None or len(field.validators) != 1:
        return None

    def check(value):
        if type(value) is not str:
            return null if value is None else SLOW
        if len(value) > high or "\x00" in value:
            return SLOW
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate
                return SLOW
        return value

    return check


def _link(field, null: Any) -> Check | None:
    high = _length_max(field)
    if high is None or len(field.validators) != 1:
        return None

    def check(value):
        # A safe link is short printable ASCII, so marshmallow returns it as it is.
        if type(value) is str and len(value) <= high and (value == "" or is_safe_link(value)):
            return value
        return null if value is None else SLOW

    return check


def _code(field, null: Any) -> Check | None:
    high = _length_max(field)
    if high is None or len(field.validators) != 2 or type(field.validators[1]) is not OneOf:
        return None
    # A code is short clean text, so membership alone settles it (same str equality).
    allowed = frozenset(c for c in field.validators[1].choices
                        if type(c) is str and len(c) <= high and "\x00" not in c and c.isascii())

    def check(value):
        if type(value) is str and value in allowed:
            return value
        return null if value is None else SLOW

    return check


def _bool(field, null: Any) -> Check | None:
    if field.validators:
        return None
    return lambda value: value if value is True or value is False else (
        null if value is None else SLOW)


def _range(field) -> tuple[Any, Any] | None:
    if len(field.validators) != 1 or type(field.validators[0]) is not Range:
        return None
    rng = field.validators[0]
    if rng.min is None or rng.max is None or not (rng.min_inclusive and rng.max_inclusive):
        return None
    return rng.min, rng.max


def _int(field, null: Any) -> Check | None:
    bounds = _range(field)
    if bounds is None or not field.strict:
        return None
    low, high = bounds
    return lambda value: value if type(value) is int and low <= value <= high else (
        null if value is None else SLOW)


def _real(field, null: Any) -> Check | None:
    bounds = _range(field)
    if bounds is None or field.allow_nan:
        return None
    low, high = bounds

    def check(value):
        if type(value) is float:
            return value if math.isfinite(value) and low <= value <= high else SLOW
        if type(value) is int and low <= value <= high:
            return float(value)
        return null if value is None else SLOW

    return check


def _day(field, null: Any) -> Check | None:
    if field.validators or field.format not in (None, "iso", "iso8601"):
        return None

    def check(value):
        if type(value) is not str:
            return null if value is None else SLOW
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return SLOW
        # Only the plain YYYY-MM-DD form, whose ISO rendering is the input itself.
        return value if 1900 <= day.year <= 2200 and day.isoformat() == value else SLOW

    return check


def _own(field, null: Any, wire: Callable[[Any], Any]) -> Check | None:
    """Run the field's own `_deserialize` (cheap), minus marshmallow's schema machinery."""
    if field.validators:
        return None

    def check(value):
        if type(value) is not str:
            return null if value is None else SLOW
        try:
            return wire(field._deserialize(value, None, None))
        except ValidationError:
            return SLOW

    return check


_PLAIN = {Text: _text, Link: _link, Code: _code, CommuneCode: _code, StrictBool: _bool,
          Int: _int, Real: _real, Day: _day}


def _checker(field, wire: Callable[[Any], Any]) -> Check | None:
    """Return the plain check of one field, or None when only marshmallow may judge it."""
    if (field.pre_load or field.post_load or field.data_key is not None
            or field.attribute is not None or field.load_default is not missing):
        return None
    null = None if field.allow_none else SLOW  # what None gives: None, or a refusal
    kind = type(field)
    if kind in (Ref, Moment):
        return _own(field, null, wire)
    build = _PLAIN.get(kind)  # exact types only: a subclass may judge differently
    return build(field, null) if build else None


def fast_loader(schema: Schema, wire: Callable[[Any], Any]) -> Callable[[dict], dict | None]:
    """Build `load(fields)`: what `schema.load(fields, partial=True)` gives in wire format,
    or None when marshmallow must decide (an invalid value, an unusual form, a complex field).
    """
    if (schema.partial or schema._hooks.get("pre_load") or schema._hooks.get("post_load")
            or schema._hooks.get("validates") or schema._hooks.get("validates_schema")):
        checks = []
    else:
        # Declaration order: marshmallow returns the fields in that order, and so do we.
        checks = [(name, check) for name, field in schema.load_fields.items()
                  if "." not in name and (check := _checker(field, wire)) is not None]

    def load(fields: dict) -> dict | None:
        out = {}
        for name, check in checks:
            if name in fields:
                value = check(fields[name])
                if value is SLOW:
                    return None
                out[name] = value
        # A field left over is unknown or one only marshmallow checks.
        return out if len(out) == len(fields) else None

    return load
