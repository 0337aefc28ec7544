"""The database engine never writes the values of a failed statement into logs or errors."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from server.extensions import db


def test_a_database_error_shows_the_sql_but_not_the_values(app):
    with app.app_context():
        assert db.engine.hide_parameters is True
        with pytest.raises(DBAPIError) as failed:
            db.session.execute(text("SELECT first_name FROM no_such_table WHERE phone = :p"),
                               {"p": "0611223344"})
        db.session.rollback()
        assert "no_such_table" in str(failed.value)
        assert "0611223344" not in str(failed.value)
        if db.engine.dialect.name == "sqlite":  # the pragmas still apply to each connection
            assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
