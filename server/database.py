"""Database wiring: SQLite pragmas and files, migrations, JWT, and the sync engine."""
import contextlib
import logging
import os

from flask import Flask
from sqlalchemy import event, make_url
from sqlalchemy.engine import Engine as SqlEngine

from sync import Engine

from . import fastjson
from .extensions import db, jwt, migrate
from .schemas import build_specs
from .services.policy import RolePolicy

MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")
log = logging.getLogger(__name__)


@event.listens_for(SqlEngine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Give every SQLite connection WAL, a busy timeout and foreign keys."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Erased and anonymised values must leave the file, not linger in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
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
        "json_deserializer": fastjson.loads,  # JSON columns: a pull reads two per row
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}), "hide_parameters": True}
    _private_files(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    jwt.init_app(app)
    init_jwt_errors()
    app.extensions["sync_engine"] = Engine(
        build_specs(), RolePolicy(),
        schema_range=(app.config["OLDEST_SCHEMA_VERSION"], app.config["SCHEMA_VERSION"]),
        max_mutations=app.config["MAX_MUTATIONS"])


def checkpoint(session) -> None:
    """Copy SQLite's write-ahead log into the database file and empty it (no-op elsewhere).

    Run after an erasure and the nightly jobs: until then the log still holds the pages as
    they were, names included. PostgreSQL's own VACUUM is described in data-protection.md.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    session.commit()
    with session.get_bind().connect() as conn:
        busy, _, _ = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    if busy:  # a reader held the log: the next checkpoint (or this one rerun) finishes it
        log.warning("wal checkpoint incomplete: the database was busy")


def _private_files(app: Flask) -> None:
    """Make the SQLite file and its -wal/-shm readable by their owner only.

    SQLite gives the -wal and -shm files the database file's mode, so creating the file
    with 0600 before the first connection is enough; files of an older install are
    tightened here too.
    """
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    path = url.database
    if not url.drivername.startswith("sqlite") or not path or path == ":memory:" or (
            path.startswith("file:")):
        return
    path = os.path.join(app.instance_path, path)  # Flask-SQLAlchemy's base for a relative one
    if not os.path.exists(path) and os.path.isdir(os.path.dirname(path)):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))  # an empty file is a database
    for name in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        if os.path.exists(name):
            with contextlib.suppress(PermissionError):  # another owner's file: theirs to set
                os.chmod(name, 0o600)


def ensure_clock(session) -> None:
    """Create the single version-clock row and the default structure when missing."""
    from .models import SyncClock
    from .services.structures import ensure_default

    if session.get(SyncClock, 1) is None:
        session.add(SyncClock(id=1, value=0))
    ensure_default(session)
    session.commit()
