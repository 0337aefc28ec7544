"""Domain exceptions of the sync engine; the server maps them to HTTP problems."""


class SyncError(Exception):
    """Base of every error the engine raises on purpose."""

    status = 400
    code = "sync_error"

    def __init__(self, detail: str, **extra):
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class EnvelopeError(SyncError):
    """The push envelope itself is unusable: nothing is applied."""

    code = "bad_envelope"


class TooManyMutations(SyncError):
    """More mutations in one push than the server takes."""

    status = 413
    code = "too_many_mutations"


class UnsupportedSchema(SyncError):
    """The client speaks a schema version outside the supported range."""

    status = 409
    code = "unsupported_schema_version"


class BadCursor(SyncError):
    """A pull cursor this server did not issue."""

    code = "bad_cursor"


class ConflictNotFound(SyncError):
    """No conflict record with that id (or not one this user may see)."""

    status = 404
    code = "conflict_not_found"


class ConflictAlreadyResolved(SyncError):
    """The conflict was resolved already."""

    status = 409
    code = "conflict_resolved"


class PermissionDenied(SyncError):
    """The actor may not do this."""

    status = 403
    code = "forbidden"


class ValidationFailed(SyncError):
    """Values that fail validation, with errors per field."""

    status = 422
    code = "validation_failed"

    def __init__(self, errors: dict):
        super().__init__("Certaines valeurs ne sont pas valides.", errors=errors)
        self.errors = errors
