"""Schemas of the data-protection endpoints: person export and erasure, the audit log."""
from ..services.audit import ACTIONS, MAX_VIEWS, MOMENT, PERSON_TABLES
from .jsonschema import UUID

_NULLABLE_TEXT = {"type": ["string", "null"]}

VIEWS = {"type": "object", "required": ["views"], "properties": {"views": {
    "type": "array", "maxItems": MAX_VIEWS, "items": {
        "type": "object", "required": ["id", "beneficiary_id", "at"], "properties": {
            "id": UUID, "beneficiary_id": UUID,
            "at": {"type": "string", "pattern": f"^{MOMENT}$",
                   "description": "When the file was opened, e.g. 2026-11-25T09:30:00Z."}}}}}}
RECORDED = {"type": "object", "required": ["recorded"], "additionalProperties": False,
            "properties": {"recorded": {"type": "integer", "minimum": 0}}}
AUDIT_EVENT = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "at", "user_id", "user_name", "action", "table", "row_id", "detail"],
    "properties": {
        "id": {"type": "integer"}, "at": {"type": "string"}, "user_id": _NULLABLE_TEXT,
        "user_name": _NULLABLE_TEXT, "action": {"enum": list(ACTIONS)},
        "table": _NULLABLE_TEXT, "row_id": _NULLABLE_TEXT,
        "detail": {**_NULLABLE_TEXT, "description": "Field names only, never values."}}}
ERASED = {"type": "object", "required": ["id", "erased"], "additionalProperties": False,
          "properties": {"id": UUID, "erased": {
              "type": "object", "description": "Rows erased now, per table.",
              "properties": {t: {"type": "integer", "minimum": 0} for t in PERSON_TABLES}}}}
PERSON_FILE = {"type": "object", "required": [
    "person", *PERSON_TABLES[1:], "conflicts", "audit", "exported_at"], "properties": {
    "person": {"type": "object"},
    **{t: {"type": "array", "items": {"type": "object"}} for t in PERSON_TABLES[1:]},
    "conflicts": {"type": "array", "items": {"type": "object"}},
    "audit": {"type": "array", "items": AUDIT_EVENT},
    "exported_at": {"type": "string"}}}
