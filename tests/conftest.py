"""Shared fixtures: an app on a fresh database (SQLite, and PostgreSQL when given)."""
import os
import uuid

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text

from server import create_app
from server.database import ensure_clock
from server.extensions import db
from server.services import auth as auth_service

PG_URL = os.environ.get("TEST_DATABASE_URL")
PG_SKIP = "PostgreSQL tests skipped: set TEST_DATABASE_URL (./scripts/test starts a cluster)"
PASSWORD = "mot-de-passe-de-test"


@pytest.fixture(autouse=True, scope="session")
def _fast_hashing():
    """Use cheap Argon2 parameters in tests; production keeps the library defaults."""
    saved = auth_service._hasher
    auth_service._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    auth_service._hasher = saved


def _pg_schema_url(schema: str) -> tuple[str, dict]:
    return PG_URL, {"connect_args": {"options": f"-csearch_path={schema}"}}


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """Yield (url, engine options) of an empty database on each engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}", {}
        return
    if not PG_URL:
        if os.environ.get("CI"):  # CI must really run them: a skip there would hide a gap
            pytest.fail("CI without TEST_DATABASE_URL: the PostgreSQL tests cannot run")
        pytest.skip(PG_SKIP)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield _pg_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def unmigrated_app(database):
    """Return an app on an empty database: its schema is the migrations' to build."""
    url, options = database
    return create_app({"DATABASE_URL": url, "SQLALCHEMY_ENGINE_OPTIONS": options,
                       "SECRET_KEY": "s", "JWT_SECRET_KEY": "j" * 40})


def make_app(url: str, engine_options: dict, tmp_path, **overrides):
    """Create an app on `url` with its tables and version clock in place."""
    app = create_app({
        "TESTING": True, "DATABASE_URL": url, "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
        "SECRET_KEY": "test-secret", "JWT_SECRET_KEY": "test-jwt-secret-of-32-bytes-or-more",
        **overrides})
    app.instance_path = str(tmp_path)
    with app.app_context():
        db.create_all()
        ensure_clock(db.session)
    return app


@pytest.fixture
def app(database, tmp_path):
    """The app on a fresh database (runs once per engine)."""
    url, options = database
    app = make_app(url, options, tmp_path)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def users(app):
    """Create one account per role (two prescribers); return them by key."""
    specs = {
        "coordinator": ("coord@example.org", "Coordination", "coordinator"),
        "referent": ("referente@example.org", "Référente", "referent"),
        "prescriber": ("presc@example.org", "Prescriptrice", "prescriber"),
        "prescriber2": ("presc2@example.org", "Prescripteur 2", "prescriber"),
    }
    out = {}
    with app.app_context():
        for key, (email, name, role) in specs.items():
            user, _ = auth_service.create_user(db.session, email, name, role, PASSWORD)
            out[key] = {"id": user.id, "email": email, "role": role, "name": name}
    return out


def login(client, email: str, device_id: str | None = None, password: str = PASSWORD):
    """Log in and return the JSON answer (tokens and user)."""
    response = client.post("/api/auth/login", json={
        "email": email, "password": password,
        "device_id": device_id or f"dev-{uuid.uuid4()}", "device_name": "Test"})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def headers(client, users):
    """Authorization headers per role key (each on its own device)."""
    return {key: bearer(login(client, u["email"])["access_token"]) for key, u in users.items()}
