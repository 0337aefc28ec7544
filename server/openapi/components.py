"""Reusable parts of the OpenAPI document: bodies, rows and the problem+json response."""
from ..domain.diagnostic import AnswersSchema
from ..domain.selftest import QUESTIONS as SELF_TEST
from ..reports.targets import DEFAULT_TARGETS
from ..schemas.tables import SCHEMAS, OfferSchema, PartnerSchema
from ..territory import territory
from . import accounts
from .jsonschema import NO_NUL, UUID, nullable, object_schema
from .privacy import VIEWS

TEXT = {"type": "string", "pattern": NO_NUL}
# No NUL anywhere and one visible character (\S alone would accept a NUL byte).
NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
MOMENT = {"type": "string"}  # ISO 8601 in UTC, e.g. 2026-11-25T09:30:00Z
MAX_VERSION = 2**53  # what a JavaScript client holds exactly
STATUSES = ("applied", "duplicate", "merged", "conflict", "rejected")


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


# A self-test leaves only with its own consent: absent, null, or with self_test_consent true.
SELF_TEST_CONSENT = {"anyOf": [
    {"not": {"required": ["self_test"]}},
    {"properties": {"self_test": {"type": "null"}}},
    {"required": ["self_test_consent"], "properties": {"self_test_consent": {"const": True}}},
]}


def _obj(props: dict, required=None, closed: bool = True) -> dict:
    out = {"type": "object", "properties": props,
           "required": list(props if required is None else required)}
    if closed:
        out["additionalProperties"] = False
    return out


def _text(low: int, high: int, **extra) -> dict:
    return {**TEXT, "minLength": low, "maxLength": high, **extra}


def mutation(table: str) -> dict:
    """The schema of one mutation of `table`: `fields` holds changed fields only."""
    overrides = {"answers": nullable(object_schema(AnswersSchema()))} \
        if table == "diagnostics" else None
    return _obj({
        "id": UUID, "table": {"const": table}, "op": {"enum": ["upsert", "delete"]},
        "row_id": UUID,
        "base_version": {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_VERSION},
        "fields": object_schema(SCHEMAS[table](), overrides),
        "client_ts": {"type": ["string", "null"], "maxLength": 64, "pattern": NO_NUL},
    }, required=["id", "table", "op", "row_id", "fields"])


def _row(schema) -> dict:
    out = object_schema(schema, all_nullable=True)
    out["properties"] = {"id": UUID, **out["properties"]}
    out["required"] = list(out["properties"])
    return out


def schemas(oldest: int, newest: int, max_mutations: int) -> dict:
    """Return components.schemas."""
    envelope = {  # what a push and an exchange both carry
        "client_id": _text(1, 200),
        "schema_version": {"type": "integer", "minimum": oldest, "maximum": newest},
        "mutations": {"type": "array", "maxItems": max_mutations,
                      "items": {"oneOf": [mutation(t) for t in SCHEMAS]}},
    }
    return {
        "Problem": _obj({
            "type": {"type": "string"}, "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"}, "code": {"type": "string"},
            "errors": {"type": ["object", "array", "null"]},
        }, required=["type", "title", "status", "detail"], closed=False),
        "Health": _obj({"status": {"const": "ok"}, "schema_version": {"type": "integer"}}),
        "Login": {"type": "object", "required": ["email", "password", "device_id"],
                  "properties": {
                      "email": _text(1, 320), "password": _text(1, 1000),
                      "device_id": _text(1, 200),
                      "device_name": {"type": ["string", "null"], "minLength": 1,
                                      "maxLength": 200, "pattern": NO_NUL},
                      "structure_id": {"type": ["string", "null"], "minLength": 1,
                                       "maxLength": 36,
                                       "pattern": NO_NUL, "description": "The structure to "
                                       "work in (default: the account's first)."}}},
        "Tokens": accounts.TOKENS,
        "Session": accounts.SESSION,
        "Ok": _obj({"status": {"const": "ok"}}),
        "Push": _obj(envelope, closed=False),
        "PushResult": _obj({
            "id": {"type": ["string", "null"]}, "status": {"enum": list(STATUSES)},
            "row_id": {"type": ["string", "null"]}, "version": {"type": ["integer", "null"]},
            "conflict_id": UUID, "errors": {"type": "object"},
        }, required=["id", "status", "row_id", "version"]),
        "PushResponse": _obj({"results": {"type": "array", "items": _ref("PushResult")},
                              "server_time": MOMENT}),
        "Change": _obj({"table": {"enum": list(SCHEMAS)}, "row_id": UUID,
                        "version": {"type": "integer"}, "deleted": {"type": "boolean"},
                        "data": {"type": ["object", "null"]}}),
        "PullResponse": _obj({"changes": {"type": "array", "items": _ref("Change")},
                              "cursor": {"type": "string"}, "has_more": {"type": "boolean"},
                              "server_time": MOMENT}),
        "Exchange": _obj({
            **envelope,
            "cursor": {"type": ["string", "null"], "maxLength": 64, "pattern": NO_NUL,
                       "description": "The last cursor received; null for a first sync."},
            "limit": {"type": "integer", "minimum": 1, "maximum": 5000, "default": 1000},
            "conflicts": {"type": "boolean", "default": False,
                          "description": "Ask for the open conflict list (staff)."},
            "digest": {"type": "boolean", "default": False,
                       "description": "Ask for the digest of what the device should hold "
                                      "(given with the last page)."},
            "views": {**VIEWS["properties"]["views"],
                      "description": "Files opened on the device since the last sync "
                                     "(referent, coordinator)."},
        }, required=["client_id", "schema_version", "mutations"], closed=False),
        "ExchangeResponse": _obj({
            "results": {"type": "array", "items": _ref("PushResult")},
            "changes": {"type": "array", "items": _ref("Change")},
            "cursor": {"type": "string"}, "has_more": {"type": "boolean"},
            "conflicts": {"type": "array", "items": _ref("Conflict"),
                          "description": "The open conflicts, when asked, raised by this "
                                         "push or about a row of this page."},
            "digest": _ref("Digest"),
        }, required=["results", "changes", "cursor", "has_more"]),
        "Conflict": _obj({
            "id": UUID, "table": {"enum": list(SCHEMAS)}, "row_id": UUID,
            "fields": {"type": "object", "additionalProperties": _obj(
                {"server": {}, "client": {}})},
            "created_at": MOMENT, "author": {"type": ["string", "null"]},
            "status": {"enum": ["open", "resolved", "review", "seen"]},
            "resolved_by": {"type": ["string", "null"]},
            "resolved_at": {"type": ["string", "null"]},
        }, required=["id", "table", "row_id", "fields", "created_at", "author", "status"]),
        "Resolve": {"type": "object", "required": ["fields"], "properties": {"fields": {
            "type": "object",
            "description": "Chosen values; {\"_deleted\": true} deletes the row (403 for a "
                           "person: only the erasure removes one).",
            "properties": {"_deleted": {"type": "boolean"}}}}},
        "Resolved": _obj({"id": UUID, "row_id": UUID, "version": {"type": "integer"},
                          "deleted": {"type": "boolean"}}),
        "Seen": _obj({"id": UUID, "status": {"enum": ["seen"]}}),
        "Digest": _obj({
            "cursor_version": {"type": "integer"},
            "tables": {"type": "object", "additionalProperties": _obj(
                {"count": {"type": "integer"}, "hash": {"type": "string"}})},
            "newer": {"type": "object", "additionalProperties": {
                "type": "array", "items": {"type": "string"}}},
            "too_far": {"type": "boolean"}}),
        "Offer": _row(OfferSchema()),
        "Partner": _row(PartnerSchema()),
        # Where and when only: nothing about who comes.
        "PublicSession": _obj({
            "id": UUID, "title": {"type": ["string", "null"]},
            "kind": {"type": ["string", "null"]}, "place": {"type": ["string", "null"]},
            "starts_at": MOMENT, "ends_at": {"type": ["string", "null"]}}),
        "ContactRequest": _obj({
            "id": UUID,
            # At least one visible character: nobody can call back a blank name or number.
            "name": _text(1, 200, pattern=NOT_BLANK),
            "phone": _text(1, 50, pattern=NOT_BLANK),
            "email": nullable(_text(0, 320)), "commune": nullable(_text(0, 200)),
            # The INSEE code of a commune of pwa/data/territory.json (docs/reference-data.md).
            "commune_code": nullable({"enum": _commune_codes()}),
            "message": nullable(_text(0, 2000)), "consent": {"const": True},
            "self_test": nullable({**_obj({q: {"enum": list(answers)}
                                           for q, answers in SELF_TEST.items()},
                                          required=[]), "minProperties": 1}),
            "self_test_consent": {"type": ["boolean", "null"],
                                  "description": "Must be true when self_test is sent."},
        }, required=["name", "phone", "consent"]) | SELF_TEST_CONSENT,
        "ContactReceipt": _obj({"id": UUID,
                                "status": {"enum": ["received", "already_received"]}}),
        "Targets": _obj({"year": {"type": "integer"}, "targets": _obj(
            {key: {"type": "integer", "minimum": 0} for key in DEFAULT_TARGETS})}),
        "Review": _obj({"year": {"type": "integer"},
                        "highlights": {"type": ["string", "null"]},
                        "difficulties": {"type": ["string", "null"]},
                        "quotes": {"type": "array", "items": {"type": "object"}},
                        "updated_at": {"type": ["string", "null"]}}),
        "ReviewUpdate": {"type": "object", "additionalProperties": False, "properties": {
            "highlights": {"type": ["string", "null"], "maxLength": 5000},
            "difficulties": {"type": ["string", "null"], "maxLength": 5000},
            "quotes": {"type": "array", "maxItems": 12, "items": {
                "type": "object", "additionalProperties": False,
                "required": ["text", "consent"], "properties": {
                    "text": {"type": "string", "minLength": 1, "maxLength": 500},
                    "who": {"type": ["string", "null"], "maxLength": 100},
                    "consent": {"const": True}}}}}},
        "TargetsUpdate": {"type": "object", "additionalProperties": False, "properties": {
            key: {"type": "integer", "minimum": 0, "maximum": 100_000}
            for key in DEFAULT_TARGETS}},
        # Counts only, never names; see docs/ for each figure.
        "KeyFigures": _obj({
            "period": _obj({"from": {"type": "string", "format": "date"},
                            "to": {"type": "string", "format": "date"}}),
            "targets": {"type": "array", "items": _obj({
                "key": {"enum": list(DEFAULT_TARGETS)}, "label": {"type": "string"},
                "target": {"type": "integer"}, "value": {"type": "integer"},
                "ratio": {"type": ["number", "null"]}})},
            **{name: {"type": "array"} for name in ("actions", "places", "trend", "partners")},
            **{name: {"type": "object"} for name in ("profile", "barriers", "outcomes",
                                                       "training")},
            "unmet": _obj({"people": {"type": "integer"}, "atypical_hours": {"type": "integer"},
                           "gave_up": {"type": "integer"},
                           "destinations": {"type": "array", "items": _obj({
                               "commune": {"type": "string"}, "people": {"type": "integer"},
                               "served": {"type": ["boolean", "null"]}})},
                           "residences_unserved": {"type": "array", "items": _obj({
                               "commune": {"type": "string"},
                               "people": {"type": "integer"}})}}),
        }, closed=False),
        "Device": _obj({
            "id": {"type": "string"}, "name": {"type": "string"}, "user_id": UUID,
            "user_name": {"type": ["string", "null"]}, "created_at": nullable(MOMENT),
            "last_seen_at": nullable(MOMENT), "revoked_at": nullable(MOMENT)}),
    }


def _commune_codes() -> list[str]:
    land = territory()
    return sorted({*land.communes, *land.former})


def items_of(name: str) -> dict:
    """Return the schema of a `{"items": [...]}` list answer."""
    return _obj({"items": {"type": "array", "items": _ref(name)}})
