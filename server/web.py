"""Serve the progressive web app (pwa/) at the site root."""
import os

from flask import Blueprint, current_app, send_from_directory
from werkzeug.exceptions import NotFound

bp = Blueprint("web", __name__)

# Long-lived caching is the service worker's job; HTTP caches must always revalidate.
_NO_CACHE = {"Cache-Control": "no-cache"}


def _pwa_dir() -> str:
    return current_app.config.get("PWA_DIR") or os.path.join(
        os.path.dirname(current_app.root_path), "pwa")


@bp.get("/")
def index():
    """Serve the app shell."""
    return _send("index.html")


@bp.get("/sw.js")
def service_worker():
    """Serve the service worker, never cached, scope /."""
    response = _send("sw.js")
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    """Serve the web app manifest with its own MIME type."""
    response = _send("manifest.webmanifest")
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/<path:path>")
def static_file(path: str):
    """Serve any other file of the web app."""
    if path.startswith("api/"):
        raise NotFound()
    return _send(path)


def _send(path: str):
    response = send_from_directory(_pwa_dir(), path, max_age=0)
    response.headers.update(_NO_CACHE)
    return response


def init_app(app) -> None:
    """Register the web app routes."""
    app.register_blueprint(bp)
