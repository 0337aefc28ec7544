"""Liveness and the schema version clients check before syncing."""
from flask import Blueprint, current_app

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    """Say the server is up and which schema version it speaks."""
    return {"status": "ok", "schema_version": current_app.config["SCHEMA_VERSION"]}
