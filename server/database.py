"""Database wiring: SQLite pragmas, migrations, JWT, and the sync engine."""
import os

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine as SqlEngine

from sync import Engine

from .extensions import db, jwt, migrate
from .schemas import build_specs
from .services.policy import RolePolicy

MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")


@event.listens_for(SqlEngine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Give every SQLite connection WAL, a busy timeout and foreign keys."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # A 500-row push writes ~1,100 pages (random UUID keys touch index pages all over):
        # with the default 1,000-page threshold every push commit also ran a checkpoint and
        # its fsync. Checkpoint less often, but keep the log file bounded.
        cursor.execute("PRAGMA wal_autocheckpoint=10000")
        cursor.execute("PRAGMA journal_size_limit=67108864")
        cursor.execute("PRAGMA cache_size=-65536")  # 64 MB: the key indexes stay in memory
        cursor.close()


def init_app(app: Flask) -> None:
    """Bind the extensions and build the sync engine for this app."""
    from . import models  # noqa: F401  (register the tables)
    from .api.guard import init_jwt_errors

    # An unexpected database error is logged with its SQL but never with the values bound
    # to it (names, phone numbers): set here so no configuration override can drop it.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}), "hide_parameters": True}
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    jwt.init_app(app)
    init_jwt_errors()
    app.extensions["sync_engine"] = Engine(
        build_specs(), RolePolicy(),
        schema_range=(app.config["OLDEST_SCHEMA_VERSION"], app.config["SCHEMA_VERSION"]),
        max_mutations=app.config["MAX_MUTATIONS"])


def ensure_clock(session) -> None:
    """Create the single version-clock row when missing."""
    from .models import SyncClock

    if session.get(SyncClock, 1) is None:
        session.add(SyncClock(id=1, value=0))
        session.commit()
