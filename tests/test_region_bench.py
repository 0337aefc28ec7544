"""The region benchmark's caseload, written by COPY, is what the sync server serves and
accepts edits on: every row in its person's structure, bookkeeping the engine reads."""
import sys
from pathlib import Path

import psycopg
import pytest

from server.extensions import db
from server.models import DEFAULT_STRUCTURE

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from region_client import percentile  # noqa: E402
from region_data import Caseload, generate  # noqa: E402

OTHER = "00000000-0000-4000-8000-0000000000b2"


def test_percentile_is_the_nearest_rank():
    values = list(range(1, 101))
    assert [percentile(values, p) for p in (50, 95, 99, 100)] == [50, 95, 99, 100]
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 50) is None


def test_generated_caseload_is_pulled_and_edited_through_the_api(app, database, client,
                                                                 headers):
    url, options = database
    if url.startswith("sqlite"):
        pytest.skip("the benchmark writes with PostgreSQL's COPY")
    schema = options["connect_args"]["options"]
    with app.app_context():
        before = db.session.execute(db.text("SELECT value FROM sync_clock")).scalar()
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, options=schema) as conn:
        caseload = generate(conn, 60, [DEFAULT_STRUCTURE, OTHER], Caseload(), chunk=60)
        per_tenant = dict(conn.execute(
            "SELECT tenant_id, count(*) FROM attendances GROUP BY tenant_id").fetchall())
        strays = conn.execute(
            "SELECT count(*) FROM contacts c JOIN beneficiaries b ON b.id = c.beneficiary_id "
            "WHERE b.tenant_id <> c.tenant_id").fetchone()[0]
        clock = conn.execute("SELECT value FROM sync_clock").fetchone()[0]
    assert caseload.total == 600 and clock == before + 600
    assert per_tenant == {DEFAULT_STRUCTURE: 90, OTHER: 90} and strays == 0
    ours = caseload.people[DEFAULT_STRUCTURE]
    assert len(ours) == 30 and len(caseload.people[OTHER]) == 30

    pulled, cursor = [], None
    while True:
        page = client.get("/api/sync/pull", query_string={
            "limit": 1000, **({"cursor": cursor} if cursor else {})},
            headers=headers["referent"]).get_json()
        pulled += [c for c in page["changes"] if c["table"] != "partners"]
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    assert len(pulled) == 300  # its own structure's half, nothing of the other
    people = {c["row_id"]: c for c in pulled if c["table"] == "beneficiaries"}
    assert set(people) == {p.id for p in ours}

    person = ours[0]
    answer = client.post("/api/sync/push", headers=headers["referent"], json={
        "client_id": "bench-test", "schema_version": 1, "mutations": [{
            "id": "7a1f2c3e-0000-4000-8000-000000000001", "table": "beneficiaries",
            "op": "upsert", "row_id": person.id, "base_version": person.version,
            "fields": {"phone": "0700000000"}}]}).get_json()
    assert answer["results"][0]["status"] == "applied"
