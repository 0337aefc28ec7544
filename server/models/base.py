"""Columns every synced table shares: client UUID, server version, tombstone."""
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column


def utcnow() -> datetime:
    """Return the current UTC time, naive, as stored in the database."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Synced:
    """Mixin for synced tables; `version` orders every change for pulls."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, index=True)
    created_version: Mapped[int] = mapped_column(BigInteger)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    field_versions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Device that last wrote each field; NULL for rows written before it was kept (unknown).
    field_writers: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=dict)
    updated_by: Mapped[str | None] = mapped_column(String(36))
    # The structure (tenant) the row belongs to (caseload), or that edits it (catalogue; NULL:
    # the whole territory's). Set by the server from the writer's active structure.
    tenant_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime | None] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
