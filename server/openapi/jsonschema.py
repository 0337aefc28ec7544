"""Turn the marshmallow schemas into JSON Schemas, so the document cannot drift from them."""
from marshmallow import Schema, fields, validate

from ..tables.fields import Moment, Ref

# No NUL byte: the server refuses it in every text (PostgreSQL cannot store it).
NO_NUL = "^[^\\u0000]*$"
# A UUID with its dashes (format alone is only an annotation in JSON Schema 2020-12).
UUID = {"type": "string", "format": "uuid", "pattern": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-"
        "[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"}


def _constraints(field: fields.Field, out: dict) -> dict:
    for rule in field.validators:
        if isinstance(rule, validate.Length):
            prefix = "Items" if out.get("type") == "array" else "Length"
            if rule.min is not None:
                out[f"min{prefix}"] = rule.min
            if rule.max is not None:
                out[f"max{prefix}"] = rule.max
        elif isinstance(rule, validate.Range):
            if rule.min is not None:
                out["minimum"] = rule.min
            if rule.max is not None:
                out["maximum"] = rule.max
        elif isinstance(rule, validate.OneOf):
            out = {"enum": list(rule.choices)}
    return out


def field_schema(field: fields.Field) -> dict:
    """Return the JSON Schema of one marshmallow field."""
    if isinstance(field, fields.Nested):
        nested = field.nested() if callable(field.nested) else field.nested
        out = object_schema(nested if isinstance(nested, Schema) else nested())
    elif isinstance(field, fields.List):
        out = _constraints(field, {"type": "array", "items": field_schema(field.inner)})
    elif isinstance(field, fields.Boolean):
        out = {"type": "boolean"}
    elif isinstance(field, fields.Integer):
        out = _constraints(field, {"type": "integer"})
    elif isinstance(field, fields.Number):
        out = _constraints(field, {"type": "number"})
    elif isinstance(field, fields.Date):
        out = {"type": "string", "format": "date"}
    elif isinstance(field, Moment):
        out = {"type": "string", "format": "date-time"}
    elif isinstance(field, Ref):
        out = dict(UUID)
    elif isinstance(field, fields.String):
        out = _constraints(field, {"type": "string", "pattern": NO_NUL})
    elif isinstance(field, fields.Dict):
        out = {"type": "object"}
    else:  # fields.Raw: computed by the server, never taken from a client
        return {"readOnly": True}
    return nullable(out) if field.allow_none else out


def nullable(schema: dict) -> dict:
    """Return the schema that also accepts null."""
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    if "type" in schema:
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def object_schema(schema: Schema, overrides: dict | None = None, required=(),
                  all_nullable: bool = False) -> dict:
    """Return the closed object schema of a marshmallow schema (unknown fields refused)."""
    props = {}
    for name, field in schema.fields.items():
        prop = (overrides or {}).get(name) or field_schema(field)
        props[name] = nullable(prop) if all_nullable and not field.allow_none else prop
    out = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        out["required"] = list(required)
    return out
