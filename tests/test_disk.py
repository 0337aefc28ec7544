"""The server's disk: erased and anonymised values leave the SQLite files, which only their
owner may read. (PostgreSQL: see « Disque du serveur » in docs/data-protection.md.)"""
import os
import sqlite3
import stat
import uuid
from datetime import datetime, timedelta

import flask
import pytest

from tests.api.api_helpers import create, push_one
from server import create_app
from server.database import _sqlite_pragmas, checkpoint
from server.extensions import db


@pytest.fixture
def database(tmp_path):
    """SQLite only: these tests read its files (overrides the two-engine fixture)."""
    yield f"sqlite:///{tmp_path / 'test.sqlite3'}", {}


def _marker() -> str:
    return f"Marqueur-Éloïse-{uuid.uuid4().hex[:10]}"


def _on_disk(tmp_path, marker: str) -> list[str]:
    """Name the database files holding the marker's UTF-8 bytes."""
    needle = marker.encode()
    names = ["test.sqlite3", "test.sqlite3-wal", "test.sqlite3-shm", "test.sqlite3-journal"]
    return [n for n in names if (tmp_path / n).exists() and needle in (tmp_path / n).read_bytes()]


def _settle(app) -> None:
    """Write the log into the database file, as SQLite does by itself from time to time."""
    with app.app_context():
        checkpoint(db.session)


def _file_of(client, headers, marker: str) -> str:
    """A person named by the marker, with a contact, an action step and a pending conflict."""
    person = create(client, headers["referent"], "beneficiaries", {
        "first_name": "Éloïse", "last_name": marker, "phone": "0611111111",
        "notes": f"Suivi de {marker}"})
    pid = person["row_id"]
    create(client, headers["referent"], "contacts", {"channel": "telephone",
                                                     "beneficiary_id": pid,
                                                     "notes": f"Appel {marker}"})
    create(client, headers["referent"], "action_steps", {"beneficiary_id": pid,
                                                         "label": f"Code pour {marker}"})
    push_one(client, headers["coordinator"], "beneficiaries", {"notes": f"Bureau {marker}"},
             pid, person["version"])
    clash = push_one(client, headers["referent"], "beneficiaries",
                     {"notes": f"Tablette {marker}"}, pid, person["version"])
    assert clash["status"] == "conflict"
    return pid


def test_an_erased_person_leaves_the_sqlite_files(app, client, headers, tmp_path):
    marker = _marker()
    pid = _file_of(client, headers, marker)
    assert _on_disk(tmp_path, marker)  # in the log
    _settle(app)
    assert _on_disk(tmp_path, marker) == ["test.sqlite3"]  # now in the database file itself
    answer = client.post(f"/api/people/{pid}/erase", headers=headers["coordinator"])
    assert answer.status_code == 200
    assert _on_disk(tmp_path, marker) == []
    assert os.path.getsize(tmp_path / "test.sqlite3-wal") == 0


def test_secure_delete_is_on_for_every_connection(app):
    with app.app_context():
        for _ in range(3):
            with db.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    # Debian builds SQLite with it on already; the app must not rely on the build.
    raw = sqlite3.connect(":memory:")
    raw.execute("PRAGMA secure_delete=OFF")
    _sqlite_pragmas(raw, None)
    assert raw.execute("PRAGMA secure_delete").fetchone() == (1,)
    raw.close()


def test_the_nightly_jobs_leave_no_trace_on_disk(app, client, headers, tmp_path):
    dormant, referred = _marker(), _marker()
    person = create(client, headers["referent"], "beneficiaries", {
        "first_name": "Éloïse", "last_name": dormant, "notes": f"Suivi de {dormant}"})
    create(client, headers["prescriber"], "referrals", {
        "first_name": "Yanis", "last_name": "Orienté", "consent": True,
        "situation": f"Cherche un permis, {referred}"})
    _settle(app)
    assert _on_disk(tmp_path, dormant) and _on_disk(tmp_path, referred)
    runner = app.test_cli_runner()
    now = datetime.utcnow()
    for moment in (now + timedelta(days=31), now + timedelta(days=125)):  # expire, purge
        result = runner.invoke(args=["referrals-tick", "--now", moment.isoformat()])
        assert result.exit_code == 0, result.output
    assert _on_disk(tmp_path, referred) == []
    later = (now + timedelta(days=3 * 366)).isoformat()
    result = runner.invoke(args=["privacy-retention", "--now", later])
    assert result.exit_code == 0, result.output
    assert _on_disk(tmp_path, dormant) == []
    assert push_one(client, headers["referent"], "beneficiaries", {"notes": "x"},
                    person["row_id"], person["version"])["status"] != "applied"


def test_files_and_folder_are_for_their_owner_only(monkeypatch, tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    os.chmod(instance, 0o755)
    old = instance / "mobilite.sqlite3"  # an older install, made with the default umask
    old.touch()
    for path in (old, instance / "mobilite.sqlite3-wal"):
        path.touch()
        os.chmod(path, 0o644)
    monkeypatch.setattr(flask.Flask, "auto_find_instance_path", lambda self: str(instance))
    config = {"TESTING": True, "DATABASE_URL": None, "SECRET_KEY": None, "JWT_SECRET_KEY": None}
    create_app(config)
    assert _mode(instance) == 0o700
    assert _mode(old) == _mode(instance / "mobilite.sqlite3-wal") == 0o600
    # A first run: the database and its log and index files are born private.
    for path in instance.iterdir():
        path.unlink()
    app = create_app(config)
    with app.app_context():
        db.create_all()
        db.session.execute(db.text("SELECT 1"))
        names = sorted(p.name for p in instance.iterdir())
        assert names == ["jwt_secret_key", "mobilite.sqlite3", "mobilite.sqlite3-shm",
                         "mobilite.sqlite3-wal", "secret_key"]
        assert {p.name: _mode(p) for p in instance.iterdir()} == dict.fromkeys(names, 0o600)
        db.engine.dispose()


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)
