"""Outcomes recorded, corrected and removed through the sync API: the key figures and the
yearly review count them as a hand count does (people per kind, in the period)."""
import csv
import io
import uuid

from tests.conftest import bearer, login
from tests.reports.test_key_figures import Seeder, Y

QUERY = f"?from={Y}-01-01&to={Y}-12-31"


def _mutate(client, headers, table, row_id, op="upsert", **fields):
    answer = client.post("/api/sync/push", headers=headers, json={
        "client_id": "outcomes-test", "schema_version": 1, "mutations": [{
            "id": str(uuid.uuid4()), "table": table, "op": op, "row_id": row_id,
            "base_version": None, "fields": fields}]}).get_json()
    assert answer["results"][0]["status"] == "applied", answer


def test_outcomes_count_people_per_kind_as_they_now_stand(client, users, headers):
    referent = bearer(login(client, users["referent"]["email"])["access_token"])
    s = Seeder(client, referent)
    a, b, c, d = (s.add("beneficiaries", first_name=n, last_name="Exemple") for n in "ABCD")
    # A: the code, noted on two tablets (twice): one person.
    s.add("outcomes", beneficiary_id=a, kind="code-obtenu", date=f"{Y}-03-02")
    s.add("outcomes", beneficiary_id=a, kind="code-obtenu", date=f"{Y}-04-10", notes="Noté deux fois")
    s.add("outcomes", beneficiary_id=a, kind="permis-obtenu", date=f"{Y}-11-20")
    # B: a job first written, then corrected to a training.
    corrected = s.add("outcomes", beneficiary_id=b, kind="emploi", date=f"{Y}-05-01")
    _mutate(client, referent, "outcomes", corrected, kind="entree-formation")
    # C: an outcome noted by mistake, then removed.
    removed = s.add("outcomes", beneficiary_id=c, kind="velo-obtenu", date=f"{Y}-06-01")
    _mutate(client, referent, "outcomes", removed, op="delete")
    # D: a job last year, a job this year moved to last year.
    s.add("outcomes", beneficiary_id=d, kind="emploi", date=f"{Y - 1}-12-31")
    moved = s.add("outcomes", beneficiary_id=d, kind="emploi", date=f"{Y}-01-01")
    _mutate(client, referent, "outcomes", moved, date=f"{Y - 1}-12-20")

    kf = client.get(f"/api/reports/key-figures{QUERY}", headers=headers["coordinator"]).get_json()
    # By hand: code A; permis A; entrée en formation B; nothing for C; D's jobs are last year's.
    assert kf["outcomes"] == {"code-obtenu": 1, "permis-obtenu": 1, "entree-formation": 1,
                              "etape-franchie": 0}
    # Supported this year: A and B (D's outcomes are last year's, C's only one is gone).
    assert kf["profile"]["total"] == 2
    last = client.get(f"/api/reports/key-figures?from={Y - 1}-01-01&to={Y - 1}-12-31",
                      headers=headers["coordinator"]).get_json()
    assert last["outcomes"] == {"emploi": 1, "etape-franchie": 0}

    rows = list(csv.reader(io.StringIO(client.get(
        f"/api/reports/key-figures.csv{QUERY}", headers=headers["coordinator"]).get_data(
        as_text=True)), delimiter=";"))
    for line in (["Code obtenu", "1"], ["Permis obtenu", "1"], ["Entrée en formation", "1"]):
        assert line in rows
    assert not any(r[:1] == ["Vélo obtenu"] for r in rows)
    page = client.get(f"/api/reports/yearly.html{QUERY}", headers=headers["coordinator"])
    assert "Entrée en formation" in page.get_data(as_text=True)
    assert "Noté deux fois" not in page.get_data(as_text=True)  # notes stay in the file
