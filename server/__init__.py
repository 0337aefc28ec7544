"""Mobilité Haut-Jura sync server: the app factory wires everything here."""
import contextlib
import os
import secrets

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import Config
from .fastjson import FastJSONProvider


def _instance_secret(app: Flask, name: str) -> str:
    """Read a secret from the instance folder, generating it on first run."""
    path = os.path.join(app.instance_path, name)
    if not os.path.exists(path):
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(secrets.token_urlsafe(48))
    with open(path) as f:
        return f.read().strip()


def create_app(overrides: dict | None = None) -> Flask:
    """Create and wire the Flask application."""
    app = Flask(__name__, instance_relative_config=True)
    app.json = FastJSONProvider(app)
    app.config.from_object(Config)
    app.config.update(overrides or {})
    # Secrets and the SQLite database live here: for the service's account only.
    os.makedirs(app.instance_path, mode=0o700, exist_ok=True)
    with contextlib.suppress(PermissionError):  # another owner's folder: theirs to set
        os.chmod(app.instance_path, 0o700)
    app.config["SECRET_KEY"] = app.config["SECRET_KEY"] or _instance_secret(app, "secret_key")
    app.config["JWT_SECRET_KEY"] = (app.config["JWT_SECRET_KEY"]
                                    or _instance_secret(app, "jwt_secret_key"))
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"] or (
        "sqlite:///" + os.path.join(app.instance_path, "mobilite.sqlite3"))
    if app.config["PROXY_HOPS"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_HOPS"],
                                x_proto=app.config["PROXY_HOPS"])

    from . import cli, compression, database, errors, security, web
    from .api import init_app as init_api

    database.init_app(app)
    errors.init_app(app)
    init_api(app)
    web.init_app(app)
    cli.init_app(app)
    compression.init_app(app)
    security.init_app(app)
    return app
