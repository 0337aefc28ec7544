"""Small helpers shared by the API tests: build mutations, push, pull, check problems."""
import uuid
from datetime import datetime, timedelta, timezone

PROBLEM = "application/problem+json"


def new_id() -> str:
    return str(uuid.uuid4())


def mutation(table: str, fields: dict | None = None, row_id: str | None = None,
             base_version: int | None = None, op: str = "upsert", mid: str | None = None) -> dict:
    """Build one mutation (a create unless base_version is given)."""
    return {"id": mid or new_id(), "table": table, "op": op, "row_id": row_id or new_id(),
            "base_version": base_version, "fields": fields if fields is not None else {},
            "client_ts": "2026-11-25T09:30:00Z"}


def envelope(mutations: list, schema_version: int = 1, client_id: str = "test-device") -> dict:
    return {"client_id": client_id, "schema_version": schema_version, "mutations": mutations}


def push(client, headers: dict, mutations: list, schema_version: int = 1):
    """POST a push envelope; return the raw response."""
    return client.post("/api/sync/push", json=envelope(mutations, schema_version),
                       headers=headers)


def push_ok(client, headers: dict, mutations: list) -> list[dict]:
    """Push and return the results, checking the envelope was accepted."""
    response = push(client, headers, mutations)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [r["id"] for r in body["results"]] == [m.get("id") for m in mutations]
    assert body["server_time"].endswith("Z")
    return body["results"]


def push_one(client, headers: dict, *args, **kwargs) -> dict:
    """Push a single mutation built by `mutation(...)`; return its result."""
    return push_ok(client, headers, [mutation(*args, **kwargs)])[0]


def create(client, headers: dict, table: str, fields: dict) -> dict:
    """Create a row and return its result (asserting it was applied)."""
    result = push_one(client, headers, table, fields)
    assert result["status"] == "applied", result
    return result


def pull(client, headers: dict, cursor: str | None = None, limit: int | None = None):
    query = {}
    if cursor is not None:
        query["cursor"] = cursor
    if limit is not None:
        query["limit"] = limit
    return client.get("/api/sync/pull", query_string=query, headers=headers)


def pull_all(client, headers: dict, cursor: str | None = None, limit: int = 500):
    """Pull until has_more is false; return (changes, last cursor)."""
    changes = []
    for _ in range(1000):
        response = pull(client, headers, cursor, limit)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        changes += body["changes"]
        cursor = body["cursor"]
        if not body["has_more"]:
            return changes, cursor
    raise AssertionError("has_more never became false")


def by_row(changes: list[dict]) -> dict[str, dict]:
    """Index changes by row id (the last change of a row wins)."""
    return {c["row_id"]: c for c in changes}


def assert_problem(response, status: int, code: str | None = None) -> dict:
    """Check an RFC 9457 problem document and return it."""
    assert response.status_code == status, (response.status_code, response.get_data()[:500])
    assert response.mimetype == PROBLEM, response.mimetype
    body = response.get_json(force=True)
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    if code is not None:
        assert body.get("code") == code, body
    return body


def future(hours: int) -> str:
    moment = datetime.now(timezone.utc) + timedelta(hours=hours)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


BENEFICIARY = {"first_name": "Léa", "last_name": "Martin", "commune": "Saint-Claude"}
# A person's file is never deleted by sync (only erased): plain deletes are tested on these.
CONTACT = {"channel": "telephone", "name": "Léa M.", "phone": "0611111111"}


def phone_conflict(client, headers: dict) -> tuple[dict, dict]:
    """A person whose phone the office changed while the referent's device changed it too.

    Return (the person's create result, the referent's push result naming the conflict).
    """
    person = create(client, headers["referent"], "beneficiaries", BENEFICIARY)
    push_one(client, headers["coordinator"], "beneficiaries", {"phone": "0611111111"},
             person["row_id"], person["version"])
    clash = push_one(client, headers["referent"], "beneficiaries", {"phone": "0622222222"},
                     person["row_id"], person["version"])
    assert clash["status"] == "conflict", clash
    return person, clash
