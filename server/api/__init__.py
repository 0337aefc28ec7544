"""HTTP API: one blueprint per resource, registered here."""
from flask import Flask

from . import auth, catalogue, contact_requests, devices, health, openapi, sync


def init_app(app: Flask) -> None:
    """Register every API blueprint under /api."""
    for module in (health, auth, sync, catalogue, contact_requests, devices, openapi):
        app.register_blueprint(module.bp, url_prefix="/api")
