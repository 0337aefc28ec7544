"""Framework-free sync engine: push with per-field conflicts, idempotency, cursor pulls."""
from .cursor import decode_cursor, encode_cursor
from .engine import Engine
from .errors import (
    BadCursor,
    ConflictAlreadyResolved,
    ConflictNotFound,
    EnvelopeError,
    PermissionDenied,
    SyncError,
    TooManyMutations,
    UnsupportedSchema,
    ValidationFailed,
)
from .model import Change, Conflict, Row, TableSpec
from .memory import MemoryStore

__all__ = [
    "BadCursor", "Change", "Conflict", "ConflictAlreadyResolved", "ConflictNotFound", "Engine",
    "EnvelopeError", "MemoryStore", "PermissionDenied", "Row", "SyncError", "TableSpec",
    "TooManyMutations", "UnsupportedSchema", "ValidationFailed", "decode_cursor",
    "encode_cursor",
]
