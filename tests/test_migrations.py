"""The committed migrations build exactly the schema the models describe."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from server.extensions import db


def test_migrations_match_models_and_downgrade(unmigrated_app, tmp_path):
    app = unmigrated_app
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []
        with db.engine.connect() as conn:
            clock = conn.exec_driver_sql("SELECT value FROM sync_clock WHERE id = 1").scalar()
        assert clock == 0
        downgrade(revision="base")
        with db.engine.connect() as conn:
            tables = set(db.inspect(conn).get_table_names())
        assert tables <= {"alembic_version"}
        db.engine.dispose()
