"""Serve the OpenAPI 3.1 description of the API."""
from flask import Blueprint

from ..openapi_spec import build_spec

bp = Blueprint("openapi", __name__)


@bp.get("/openapi.json")
def openapi():
    """Return the OpenAPI document."""
    return build_spec()
