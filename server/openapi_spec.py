"""The OpenAPI 3.1 document of every /api endpoint (served at /api/openapi.json)."""
from flask import current_app

from .openapi import accounts, privacy, transit
from .openapi.components import TEXT, UUID, items_of, schemas
from .reports.records import TABLES, XLSX
from .schemas import SCHEMAS

PROBLEM = {"$ref": "#/components/responses/Problem"}
BEARER = [{"bearerAuth": []}]
PUBLIC: list = []
DAY = {"type": "string", "pattern": "^((20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2})?$"}  # "": default
DI_IMPORT = {"type": "object", "properties": {
    "source": {"type": "string", "pattern": "^[ -~]{1,50}$"},
    "structures": {"type": "array", "maxItems": 50, "items": {"type": "object"}},
    "services": {"type": "array", "maxItems": 50, "items": {"type": "object"}}}}
YEAR = {"name": "year", "in": "query", "required": False, "description": "Default: this year.",
        "schema": {"type": "integer", "minimum": 2000, "maximum": 2100}}


def _json(schema: dict | str, description: str = "OK", headers: dict | None = None) -> dict:
    if isinstance(schema, str):
        schema = {"$ref": f"#/components/schemas/{schema}"}
    out = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        out["headers"] = headers
    return out


def _body(name: str) -> dict:
    return {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{name}"}}}}


def _errors(*codes: int) -> dict:
    out = {}
    for code in codes:
        out[str(code)] = ({"$ref": "#/components/responses/TooManyAttempts"} if code == 429
                          else PROBLEM)
    return out


def _op(op_id: str, summary: str, ok: dict, errors=(), security=BEARER, body: str = "",
        params=(), ok_code: str = "200", extra: dict | None = None) -> dict:
    # Every call that carries a token can also meet a bad token (401) or a revoked device.
    codes = sorted({*errors, *((401, 403) if security else ())})
    out = {"operationId": op_id, "summary": summary, "security": security,
           "responses": {ok_code: ok, **(extra or {}), **_errors(*codes)}}
    if body:
        out["requestBody"] = _body(body)
    if params:
        out["parameters"] = list(params)
    return out


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


def _path(name: str, schema: dict) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema}


DOWNLOADS = [
    ("key-figures.csv", "key_figures_csv", "CSV", "text/csv"),
    ("key-figures.xlsx", "key_figures_xlsx", "an XLSX workbook",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("yearly.pdf", "yearly_pdf", "a PDF yearly review headed with the caller's structure's "
     "name", "application/pdf"),
    ("yearly.html", "yearly_html", "a printable page headed with the caller's structure's "
     "name", "text/html")]
PERIOD = [_query("from", DAY, "First day (default: 1 January of the year)."),
          _query("to", DAY, "Last day, not before `from` (default: 31 December).")]


RECORD_TABLE = {"name": "table", "in": "query", "required": True,
                "schema": {"enum": list(TABLES)}, "description": "The table to export."}
FULL = _query("full", {"enum": ["0", "1"], "default": "0"},
              "1: every column, names and real ids (coordinator only, 403 otherwise).")


def _file(mime: str) -> dict:
    return {"description": "A file", "content": {mime: {"schema": {"type": "string"}}}}


def _filter(name: str, description: str) -> dict:
    return _query(name, {**TEXT, "maxLength": 200}, description)


def _paths() -> dict:
    return {
        "/api/health": {"get": _op(
            "health", "Liveness and the server's schema version (no account).",
            _json("Health"), security=PUBLIC)},
        "/api/openapi.json": {"get": _op(
            "openapi", "This document.", _json({"type": "object"}), security=PUBLIC)},
        "/api/auth/login": {"post": _op(
            "login", "Exchange e-mail and password for tokens bound to a device. Repeated "
            "failures per account or per address answer 429 with Retry-After.",
            _json("Session"), (400, 401, 403, 413, 415, 429), PUBLIC, "Login")},
        "/api/auth/refresh": {"post": _op(
            "refresh", "Rotate the refresh token sent as Bearer; a token used twice is "
            "refused and its session revoked; past the session's end, 401 session_expired.",
            _json("Tokens"))},
        "/api/auth/logout": {"post": _op(
            "logout", "Close this device's session: its access and refresh tokens stop "
            "working at once.", _json("Ok"))},
        "/api/sync/exchange": {"post": _op(
            "exchange", "A whole sync in one round trip: apply the mutations (as push), "
            "record the files opened (as audit/views), and answer the results with the "
            "first page after the cursor (as pull) and, when needed, the open conflicts. "
            "Idempotent: a replay answers duplicate and the same page.",
            _json("ExchangeResponse"), (400, 409, 413, 415), body="Exchange")},
        "/api/sync/push": {"post": _op(
            "push", "Apply mutations; one result per mutation, in order. A wrong mutation is "
            "rejected alone (200), among them a row of another structure and a row naming a "
            "person, session, objective or diagnostic of another structure (`_permission`); "
            "the envelope is refused whole with "
            "400, 409 (schema version outside the supported range) or 413 (too many "
            "mutations, body > 10 MB).",
            _json("PushResponse"), (400, 409, 413, 415), body="Push")},
        "/api/sync/pull": {"get": _op(
            "pull", "Changes after an opaque cursor that this user may see, oldest first; "
            "pull until has_more is false.", _json("PullResponse"), (400,), params=[
                _query("cursor", {**TEXT, "maxLength": 64},
                       "The cursor of the previous answer; none for a first sync."),
                _query("limit", {"type": "integer", "minimum": 1, "maximum": 1000,
                                 "default": 500}, "Changes per page."),
                _query("table", {"enum": list(SCHEMAS)},
                       "Only this table's changes (a table pulled again after its digest "
                       "differed; use the cursors of that pass only).")])},
        "/api/sync/digest": {"get": _op(
            "digest", "Per table, the count and a SHA-256 of the sorted \"id:version\" lines "
            "of the rows this device should hold at its cursor; rows changed after it are "
            "listed by id in `newer`, to be left out.", _json("Digest"), (400,), params=[
                _query("cursor", {**TEXT, "maxLength": 64}, "The device's cursor.")])},
        "/api/sync/conflicts": {"get": _op(
            "conflicts", "Conflict records (referent and coordinator), open ones unless "
            "status=resolved; status=review lists soft conflicts (two devices wrote different "
            "fields of a row; merged, to look at).", _json(items_of("Conflict")), (400,),
            params=[_query("status", {"enum": ["open", "resolved", "review"],
                                      "default": "open"}, "Which conflicts to list.")])},
        "/api/sync/conflicts/{conflict_id}/seen": {"post": _op(
            "seen", "Close a soft conflict once looked at.", _json("Seen"), (404, 409),
            params=[_path("conflict_id", UUID)])},
        "/api/sync/conflicts/{conflict_id}/resolve": {"post": _op(
            "resolve", "Write the chosen values as a new version and close the conflict.",
            _json("Resolved"), (400, 404, 409, 413, 415, 422), body="Resolve",
            params=[_path("conflict_id", UUID)])},
        "/api/offers": {"get": _op(
            "offers", "Public catalogue of offers; every filter given must match.",
            _json(items_of("Offer"), headers={"ETag": {"schema": {"type": "string"}}}),
            (400,), PUBLIC, params=[
                _filter("q", "Words that must all appear (name, description, commune...)."),
                _filter("thematique", "A data·inclusion thématique code."),
                _filter("commune", "Offers open to who lives in this commune (its INSEE code "
                        "or unambiguous official name): its own commune or its zone "
                        "d'éligibilité. An unknown commune: only offers open to all."),
                _filter("frais", "gratuit or payant."),
                {"name": "If-None-Match", "in": "header", "required": False,
                 "schema": {"type": "string"}}],
            extra={"304": {"description": "Not modified since the ETag given."}})},
        "/api/partners": {"get": _op(
            "partners", "Partner organisations.", _json(items_of("Partner")),
            security=PUBLIC)},
        "/api/sessions/public": {"get": _op(
            "public_sessions", "Upcoming public drop-ins: place and time only.",
            _json(items_of("PublicSession")), security=PUBLIC)},
        "/api/contact-requests": {"post": _op(
            "contact_request", "Ask to be called back; idempotent by id (200 on a retry), "
            "409 id_taken when the id names any existing row or another request, "
            "rate-limited per address. The request goes to the structure serving "
            "commune_code (`flask structures communes`); without a code, or from a commune "
            "no structure serves, to the default structure.", _json("ContactReceipt", "Received"),
            (400, 409, 413, 415, 422, 429), PUBLIC, "ContactRequest", ok_code="201",
            extra={"200": _json("ContactReceipt", "Already received")})},
        "/api/region/key-figures": {"get": _op(
            "region_key_figures", "The key figures of each structure the account reads "
            "(role region) side by side, and their sum: {structures: [{id, name, figures}], "
            "total}; counts only, never a file. 503 row_security_off when several structures "
            "share a database the app reaches as its owner.",
            _json({"type": "object", "properties": {
                "structures": {"type": "array", "items": {"type": "object"}},
                "total": {"type": ["object", "null"]}}}), (400, 503), params=[*PERIOD])},
        "/api/reports/key-figures": {"get": _op(
            "key_figures", "Key figures of a period (referent, coordinator): counts only. "
            "503 row_security_off when several structures share a database the app owns.",
            _json("KeyFigures"), (400, 503), params=[
                *PERIOD])},
        **{f"/api/reports/{name}": {"get": _op(
            op_id, f"The key figures as {what} (referent, coordinator).",
            {"description": "A file", "content": {mime: {"schema": {"type": "string"}}}},
            (400, 503), params=PERIOD)}
           for name, op_id, what, mime in DOWNLOADS},
        "/api/exports/records.csv": {"get": _op(
            "records_csv", "One table of the people's records as CSV (referent, coordinator); "
            "pseudonymised unless full=1. Every export is written to the audit log.",
            _file("text/csv"), (400,), params=[RECORD_TABLE, FULL])},
        "/api/exports/records.xlsx": {"get": _op(
            "records_xlsx", "Every table of the people's records, one sheet each (referent, "
            "coordinator); pseudonymised unless full=1. Written to the audit log.",
            _file(XLSX), (400,), params=[FULL])},
        "/api/reports/targets": {
            "get": _op("targets", "The targets of a year (referent, coordinator).",
                       _json("Targets"), (400,), params=[YEAR]),
            "put": _op("set_targets", "Change some targets of a year (coordinator).",
                       _json("Targets"), (400, 413, 415, 422), body="TargetsUpdate",
                       params=[YEAR])},
        "/api/reports/review": {
            "get": _op("review", "The qualitative part of a year's review (referent, "
                       "coordinator).", _json("Review"), (400,), params=[YEAR]),
            "put": _op("set_review", "Write the qualitative part of a year's review: the "
                       "fields given (coordinator).", _json("Review"), (400, 413, 415, 422),
                       body="ReviewUpdate", params=[YEAR])},
        "/api/datainclusion/structures.json": {"get": _op(
            "di_structures", "Partners as data·inclusion v1 structures (open data).",
            _json({"type": "array", "items": {"type": "object"}}), security=PUBLIC)},
        "/api/datainclusion/services.json": {"get": _op(
            "di_services", "Offers as data·inclusion v1 services (open data).",
            _json({"type": "array", "items": {"type": "object"}}), security=PUBLIC)},
        "/api/datainclusion/import": {"post": {**_op(
            "di_import", "Load data·inclusion structures and services (coordinator): the "
            "records the official schema (data-inclusion-schema) accepts are applied; per "
            "table: imported, unchanged, rejected [{ligne, champ, message}] in French.",
            _json({"type": "object"}), (400, 413, 415)), "requestBody": {
                "required": True, "content": {"application/json": {"schema": DI_IMPORT}}}}},
        "/api/datainclusion/import/preview": {"post": {**_op(
            "di_import_preview", "What the same import would do, changing nothing: per "
            "table, rows [{ligne, nom, action: creer|modifier|inchange, champs}] and refused "
            "[{ligne, champ, message}] (coordinator).",
            _json({"type": "object"}), (400, 413, 415)), "requestBody": {
                "required": True, "content": {"application/json": {"schema": DI_IMPORT}}}}},
        "/api/devices": {"get": _op(
            "devices", "Every device and its owner (coordinator).", _json(items_of("Device")))},
        "/api/devices/{device_id}/revoke": {"post": _op(
            "revoke_device", "Revoke a device: its sync calls get 403 device_revoked.",
            _json("Device"), (404,), params=[
                _path("device_id", {**TEXT, "minLength": 1, "maxLength": 200})])},
        **_privacy_paths(),
        **_account_paths(),
        **transit.paths(_op, _json),
    }


def _with_body(op: dict, schema: dict) -> dict:
    return {**op, "requestBody": {"required": True, "content": {
        "application/json": {"schema": schema}}}}


def _account_paths() -> dict:
    user = [_path("user_id", {**TEXT, "minLength": 1, "maxLength": 36})]
    return {
        "/api/structures/mine": {"get": _op(
            "my_structures", "The caller's structures, their role in each, the active one.",
            _json(accounts.MINE))},
        "/api/structures/active": {"post": _with_body(_op(
            "switch_structure", "Work in another of one's structures from now on (403 when "
            "not a member).", _json(accounts.SWITCHED), (400, 403, 413, 415)),
            accounts.SWITCH_REQUEST)},
        "/api/auth/password": {"post": _with_body(_op(
            "change_password", "Change one's own password: 403 wrong_password when the "
            "current one is wrong (counted as a failed login, 429 past the limit), 422 "
            "weak_password when the new one breaks the rule. Every other session of the "
            "account ends; this one goes on.", _json("Ok"), (400, 413, 415, 422, 429)),
            accounts.PASSWORD_CHANGE)},
        "/api/auth/device-status": {"post": _with_body(_op(
            "device_status", "Ask, without a session, whether this device was revoked: 403 "
            "device_revoked if so (wipe the device), else 200. Rate-limited per address.",
            _json(accounts.DEVICE_STATUS), (400, 403, 413, 415, 429), PUBLIC),
            accounts.DEVICE_STATUS_REQUEST)},
        "/api/users": {"get": _op(
            "users", "Every account with its devices in use and last contact (coordinator).",
            _json(accounts.ACCOUNTS))},
        "/api/users/{user_id}/disable": {"post": _op(
            "disable_user", "Disable an account: its sessions end and its devices are "
            "revoked, so they wipe their copy (coordinator; 409 own_account for oneself).",
            _json(accounts.ACCOUNT), (404, 409), params=user)},
        "/api/users/{user_id}/enable": {"post": _op(
            "enable_user", "Enable an account again; its revoked devices stay revoked "
            "(coordinator).", _json(accounts.ACCOUNT), (404,), params=user)},
        "/api/settings/devices": {
            "get": _op("device_settings", "The rules every device follows (any role).",
                       _json(accounts.DEVICE_SETTINGS_SCHEMA)),
            "put": _with_body(_op(
                "set_device_settings", "Replace the rules every device follows "
                "(coordinator); each value must be a whole number in its range.",
                _json(accounts.DEVICE_SETTINGS_SCHEMA), (400, 413, 415)),
                accounts.DEVICE_SETTINGS_SCHEMA)},
    }


def _privacy_paths() -> dict:
    person = [_path("person_id", UUID)]
    # "" means no filter, as for the days.
    any_person = {"type": "string", "pattern": f"^({UUID['pattern'][1:-1]})?$"}
    audit_filters = [
        _query("person", any_person, "Only the events about this person."),
        _query("user", any_person, "Only the events of this account."),
        _query("kind", {"type": "string", "enum": ["", "read", "view", "change", "export",
                                                   "erase", "anonymise"]}, "Only this kind."),
        _query("from", DAY, "First day."), _query("to", DAY, "Last day."),
        _query("order", {"type": "string", "enum": ["", "oldest", "recent"]},
               "oldest (default) or recent first."),
        _query("before", {"type": "string", "pattern": "^[0-9]{0,10}$"},
               "With order=recent: events older than this event id (the next page; "
               "1 to 2147483647)."),
        _query("limit", {"type": "string", "pattern": "^[0-9]{0,5}$"},
               "At most this many events (1 to 10,000).")]
    return {
        "/api/people/{person_id}/export.json": {"get": _op(
            "export_person_json", "Everything held about a person (coordinator); logged.",
            _json(privacy.PERSON_FILE), (404,), params=person)},
        "/api/people/{person_id}/export.html": {"get": _op(
            "export_person_html", "The same, as a page in plain French headed with the "
            "structure's name (coordinator).",
            {"description": "A page", "content": {"text/html": {"schema": {"type": "string"}}}},
            (404,), params=person)},
        "/api/people/{person_id}/erase": {"post": _op(
            "erase_person", "Erase a person's file: their rows become tombstones with no "
            "value, synced to every device; later pushes about them are rejected "
            "(coordinator).", _json(privacy.ERASED), (404,), params=person)},
        "/api/audit/views": {"post": {**_op(
            "audit_views", "Record the files a user opened on a device (referent, "
            "coordinator); idempotent by id.", _json(privacy.RECORDED), (400, 413, 415)),
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": privacy.VIEWS}}}}},
        "/api/audit": {"get": _op(
            "audit_events", "Audit events, oldest first (coordinator): names, never values.",
            _json({"type": "array", "items": privacy.AUDIT_EVENT}), (400,),
            params=audit_filters)},
        "/api/audit.csv": {"get": _op(
            "audit_csv", "The same as CSV (coordinator).",
            {"description": "A file", "content": {"text/csv": {"schema": {"type": "string"}}}},
            (400,), params=audit_filters)},
    }


def build_spec() -> dict:
    """Return the OpenAPI document as a dict."""
    config = current_app.config
    return {
        "openapi": "3.1.0",
        "info": {"title": "Mobilité Haut-Jura", "version": str(config["SCHEMA_VERSION"]),
                 "description": "Sync server of the Mobilité Haut-Jura app. Every error is "
                                "an RFC 9457 application/problem+json document. Bodies may "
                                "be sent and answers received with gzip encoding."},
        "paths": _paths(),
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "bearerFormat": "JWT"}},
            "schemas": schemas(config["OLDEST_SCHEMA_VERSION"], config["SCHEMA_VERSION"],
                               config["MAX_MUTATIONS"]),
            "responses": {
                "Problem": {"description": "An RFC 9457 problem.", "content": {
                    "application/problem+json": {
                        "schema": {"$ref": "#/components/schemas/Problem"}}}},
                "TooManyAttempts": {
                    "description": "Too many attempts: wait Retry-After seconds.",
                    "headers": {"Retry-After": {"required": True,
                                                "schema": {"type": "integer", "minimum": 1}}},
                    "content": {"application/problem+json": {
                        "schema": {"$ref": "#/components/schemas/Problem"}}}},
            },
        },
    }
