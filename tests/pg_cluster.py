"""PostgreSQL helpers for the tests.

``./scripts/test`` starts a throwaway PostgreSQL 15 cluster and exports
``TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/postgres``
(``SKIP_PG=1`` turns that off; an already-set ``TEST_DATABASE_URL`` is used as is).
A plain ``pytest`` run has no such variable unless you set it, so tests that need
PostgreSQL should call :func:`require_postgres` (or mark themselves ``postgres`` and
skip in a fixture) and skip with a clear reason instead of failing.

:func:`scratch_database` gives a test (or a module/session fixture) a database of its
own, created empty from ``template0`` and dropped afterwards, so tests never see each
other's rows and can run against the same cluster.

Usage from a conftest or test module::

    from tests.pg_cluster import require_postgres, scratch_database

    @pytest.fixture
    def pg_url():
        require_postgres()
        with scratch_database() as url:
            yield url          # postgresql+psycopg://postgres@127.0.0.1:PORT/mhj_test_ab12cd34
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

ENV_VAR = "TEST_DATABASE_URL"

SKIP_REASON = (
    f"PostgreSQL not available: {ENV_VAR} is not set "
    "(run ./scripts/test, which starts a throwaway cluster, or set "
    f"{ENV_VAR}=postgresql+psycopg://USER@HOST:PORT/DB; SKIP_PG=1 skips on purpose)"
)


def database_url() -> str | None:
    """The SQLAlchemy URL of the test server, or None when there is none."""
    url = os.environ.get(ENV_VAR, "").strip()
    return url or None


def require_postgres() -> str:
    """Return the test server's URL, or skip the calling test with a clear reason."""
    url = database_url()
    if url is None:
        import pytest

        pytest.skip(SKIP_REASON)
    return url


def libpq_url(url: str) -> str:
    """The same URL without SQLAlchemy's ``+driver`` part, for ``psycopg.connect``."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextlib.contextmanager
def scratch_database(url: str | None = None, prefix: str = "mhj_test") -> Iterator[str]:
    """Create an empty database on the test server; yield its SQLAlchemy URL; drop it.

    The drop uses ``WITH (FORCE)`` so a connection a test forgot to close (an engine
    not disposed, say) cannot leave the database behind.
    """
    import psycopg
    from sqlalchemy.engine import make_url

    base = url or require_postgres()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = libpq_url(base)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
