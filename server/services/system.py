"""Server-side writes (jobs, tools, public forms) go through the sync engine too."""
import uuid

from sqlalchemy.orm import Session as DbSession

from sync import Engine

from .sync_store import SqlStore

_NAMESPACE = uuid.UUID("0b8e4a52-5f0e-4c1b-93f5-0d8c6a9e2f10")


class SystemActor:
    """The actor behind jobs and tools: no account, coordinator rights; for a tool run by a
    coordinator (an import), that coordinator's structure and its limits."""

    id = None
    role = "coordinator"

    def __init__(self, structure_id: str | None = None):
        self.structure_id = structure_id


def stable_id(*parts: str) -> str:
    """Return a mutation id derived from its purpose, so a rerun is answered "duplicate"."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def system_push(db: DbSession, engine: Engine, client_id: str, mutations: list[dict],
                tenant: str | None = None) -> list:
    """Push mutations as the system (for `tenant`'s structure, when given); return the
    results."""
    if not mutations:
        return []
    return engine.push(SqlStore(db, engine.specs, tenant=tenant), SystemActor(tenant), {
        "client_id": client_id, "schema_version": engine.schema_range[1],
        "mutations": mutations})["results"]


def edit(table: str, row_id: str, base: int, fields: dict, purpose: str) -> dict:
    """Build an upsert based on the version the server holds."""
    return {"id": stable_id(purpose, table, row_id, str(base)), "table": table, "op": "upsert",
            "row_id": row_id, "base_version": base, "fields": fields}
