"""HTTP API: one blueprint per resource, registered here."""
from flask import Flask, request

from ..errors import api_methods
from . import (audit, auth, catalogue, contact_requests, datainclusion, devices, exports,
               health, openapi, people, region, reports, settings, structures, sync, transit,
               users)


def init_app(app: Flask) -> None:
    """Register every API blueprint under /api."""
    for module in (health, auth, sync, catalogue, contact_requests, devices, openapi, reports,
                   datainclusion, people, audit, exports, users, settings, transit, structures,
                   region):
        app.register_blueprint(module.bp, url_prefix="/api")

    @app.after_request
    def _allow_api_methods_only(response):
        """Answer OPTIONS on /api with the API's methods, not the web app's catch-all GET."""
        if request.method == "OPTIONS" and request.path.startswith("/api/"):
            allowed = api_methods()
            if allowed:
                response.headers["Allow"] = ", ".join(sorted(allowed))
        return response
