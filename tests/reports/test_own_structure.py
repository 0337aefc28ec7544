"""The figures and the record exports keep to one structure by a filter of their own
(reports/scope.py), row-level security being the second wall: computed for structure A, they
are the same whether or not structure B's rows of every kind lie in the same period — on
PostgreSQL reached as the tables' owner (no policy binds) and on SQLite — and without the
filter they would not be. Every statement they run names the structure for each caseload
table it reads; the region still gets each structure's figures and their sum."""
import io
import re
import sys
import uuid
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import event, text, true

from server import rls
from server.extensions import db
from server.models import DEFAULT_STRUCTURE, Structure
from server.reports import exports, records, scope
from server.reports.key_figures import key_figures
from server.reports.periods import year_period
from server.reports.region import side_by_side, summed
from server.reports.tables import figure_tables
from server.services import structures
from server.services.system import system_push
from tests.conftest import bearer, login
from tests.reports.test_key_figures import Y, Seeder, _answers, year_data  # noqa: F401

PERIOD = year_period(Y)
SECRET = "test-secret"  # the app's SECRET_KEY in tests (tests/conftest.make_app)
TODAY = date(Y, 12, 31)


def _id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def ours(client, users, year_data):  # noqa: F811
    """A's year (tests/reports/test_key_figures), a plan's objective and step besides."""
    s = Seeder(client, bearer(login(client, users["coordinator"]["email"])["access_token"]))
    person = s.add("beneficiaries", first_name="E", last_name="Exemple", sex="F")
    objective = s.add("objectives", beneficiary_id=person, label="Passer le code",
                      barrier="financier", stage="moyens")
    s.add("action_steps", beneficiary_id=person, objective_id=objective, label="S'inscrire",
          stage="moyens", status="a-faire")
    return year_data


@pytest.fixture
def theirs(app, database):
    """Structure B: created as such on PostgreSQL; on SQLite (one structure) its rows are
    what a database holding another structure's would give."""
    with app.app_context():
        if database[0].startswith("sqlite"):
            b = _id()
            db.session.add(Structure(id=b, name="Mission Locale Voisine"))
        else:
            b = structures.create(db.session, "Mission Locale Voisine").id
        db.session.commit()
    return b


def _rows_of_every_kind(partner: str) -> list[dict]:
    """B's year, in A's period: rows of every caseload table, all counted by some figure."""
    young, adult, session, training = _id(), _id(), _id(), _id()
    diagnostic, objective = _id(), _id()
    rows = [
        ("beneficiaries", young, {"first_name": "Zoé", "last_name": "Voisine", "sex": "F",
                                  "birth_date": f"{Y - 19}-05-01", "commune": "Morez",
                                  "commune_code": "39368", "qpv": True, "status": "salarie"}),
        ("beneficiaries", adult, {"first_name": "Yves", "last_name": "Voisin", "sex": "M",
                                  "birth_date": f"{Y - 40}-05-01", "commune": "Oyonnax"}),
        ("sessions", session, {"kind": "permanence", "title": "Restos",
                               "action": "permanence-restos", "place": "Restos du Cœur",
                               "starts_at": f"{Y}-03-12T09:00:00Z", "anonymous_count": 3}),
        ("attendances", _id(), {"session_id": session, "beneficiary_id": young,
                                "present": True}),
        ("attendances", _id(), {"session_id": session, "beneficiary_id": adult,
                                "present": True}),
        ("diagnostics", diagnostic, {"beneficiary_id": young, "date": f"{Y}-03-12",
                                     "answers": {**_answers(1, 3, False), "project": {
                                         "destinations": ["Lons-le-Saunier"],
                                         "atypical_hours": True, "gave_up": True}}}),
        ("objectives", objective, {"beneficiary_id": young, "diagnostic_id": diagnostic,
                                   "label": "Trouver un vélo", "barrier": "financier",
                                   "stage": "moyens"}),
        ("action_steps", _id(), {"beneficiary_id": young, "objective_id": objective,
                                 "label": "Appeler l'atelier", "status": "fait",
                                 "done_at": f"{Y}-04-01"}),
        ("outcomes", _id(), {"beneficiary_id": young, "kind": "emploi", "date": f"{Y}-05-01"}),
        ("contacts", _id(), {"beneficiary_id": adult, "channel": "telephone",
                             "date": f"{Y}-08-02T10:00:00Z"}),
        ("referrals", _id(), {"first_name": "Xavier", "last_name": "Voisin", "consent": True,
                              "partner_id": partner, "beneficiary_id": adult,
                              "status": "refusee", "refusal_reason": "hors-territoire"}),
        ("sessions", training, {"kind": "formation", "title": "Diagnostic mobilité",
                                "starts_at": f"{Y}-09-03T09:00:00Z"}),
        ("trainees", _id(), {"session_id": training, "name": "Marc Voisin",
                             "partner_id": partner}),
    ]
    return [{"id": _id(), "table": table, "op": "upsert", "row_id": row_id,
             "base_version": None, "fields": fields} for table, row_id, fields in rows]


def _add_theirs(app, b: str, partner: str) -> None:
    with app.app_context():
        results = system_push(db.session, app.extensions["sync_engine"], "voisine",
                              _rows_of_every_kind(partner), b)
        assert {r["status"] for r in results} == {"applied"}, results
        counted = db.session.execute(text(
            "SELECT count(*) FROM beneficiaries WHERE tenant_id = :b"), {"b": b}).scalar()
        assert counted == 2


def _pdf_text(kf: dict) -> str:
    pdf = exports.to_pdf(kf, None, "Mission Locale")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _everything(app, tenant: str) -> dict:
    """What the office reads and downloads for one structure, from the services the API
    calls: figures (the yearly review's tables, CSV and PDF) and every record sheet."""
    with app.app_context():
        kf = key_figures(db.session, PERIOD, tenant)
        out = {"figures": kf, "tables": figure_tables(kf), "csv": exports.to_csv(kf),
               "pdf": _pdf_text(kf)}
        for table in records.TABLES:
            full = records.full_sheet(db.session, table, tenant)
            pseudo = records.pseudonymised_sheet(db.session, table, SECRET, TODAY, tenant)
            out[f"full {table}"] = (full.headers, full.rows, records.to_csv(full))
            out[f"pseudonymised {table}"] = (pseudo.headers, pseudo.rows, records.to_csv(pseudo))
        db.session.rollback()
    return out


def _without_the_filter(monkeypatch) -> None:
    """Take the structure filter out of every report module (the wall alone would remain)."""
    users = [module for name, module in list(sys.modules.items())
             if name.startswith("server.") and module is not scope
             and getattr(module, "mine", None) is scope.mine]
    assert len(users) >= 6  # key figures, participations, training, unmet, both sheets
    for module in users:
        monkeypatch.setattr(module, "mine", lambda table, structure: true())


def test_a_structures_figures_and_exports_ignore_another_structures_rows(
        app, ours, theirs, monkeypatch):
    with app.app_context():
        assert not rls.walled(db.session)  # SQLite, or PostgreSQL as the owner: no policy
    before = _everything(app, DEFAULT_STRUCTURE)
    assert before["figures"]["profile"]["total"] == 4  # A's year is there to count
    _add_theirs(app, theirs, ours["partner"])
    after = _everything(app, DEFAULT_STRUCTURE)
    for key in before:
        assert after[key] == before[key], key
    # B counts its own rows only.
    b = _everything(app, theirs)["figures"]
    assert b["profile"]["total"] == 2 and b["training"]["trained"] == 1
    assert {t["key"]: t["value"] for t in b["targets"]} == {
        "referred": 1, "mobilised": 1, "contacts": 1, "trained": 1}

    # Without the filter, B's rows of every kind land in A's figures and sheets.
    _without_the_filter(monkeypatch)
    mixed = _everything(app, DEFAULT_STRUCTURE)
    figures = before["figures"]
    for key in figures:
        if key != "period":
            assert mixed["figures"][key] != figures[key], key
    for key in before:
        if key.startswith(("full", "pseudonymised")):
            assert mixed[key] != before[key], key


def test_the_region_sees_each_structure_and_their_sum(app, ours, theirs):
    _add_theirs(app, theirs, ours["partner"])
    a, b = (_everything(app, s)["figures"] for s in (DEFAULT_STRUCTURE, theirs))
    with app.app_context():
        region = side_by_side(db.session, PERIOD, [DEFAULT_STRUCTURE, theirs])
    assert [(s["id"], s["figures"]) for s in region["structures"]] == [
        (DEFAULT_STRUCTURE, a), (theirs, b)]
    assert region["total"] == {**summed(a, b), "period": a["period"]}
    assert region["total"]["profile"]["total"] == 6


def test_the_api_counts_the_callers_structure_only(app, client, headers, ours, theirs,
                                                   database):
    if not database[0].startswith("sqlite"):
        pytest.skip("as the owner, with two structures, the API waits for the wall "
                    "(tests/api/test_rls.py); the services are checked above")
    urls = [f"/api/reports/key-figures?from={Y}-01-01&to={Y}-12-31",
            f"/api/reports/key-figures.csv?from={Y}-01-01&to={Y}-12-31",
            *(f"/api/exports/records.csv?table={t}&full=1" for t in records.TABLES)]
    before = [client.get(url, headers=headers["coordinator"]).get_data() for url in urls]
    _add_theirs(app, theirs, ours["partner"])
    after = [client.get(url, headers=headers["coordinator"]).get_data() for url in urls]
    assert after == before
    assert b"Voisin" not in b"".join(after)


# Tables named after FROM or JOIN, and a structure condition on one (`+` is SQLite's hint).
_READ = r"\b(?:FROM|JOIN)\s+{}\b"
_MINE = r"(?<![\w.]){}\.tenant_id = "


def _unfiltered(statement: str) -> list[str]:
    """Caseload tables a statement reads more often than it keeps them to a structure."""
    return [table for table in rls.TABLES
            if len(re.findall(_READ.format(table), statement, re.I))
            > len(re.findall(_MINE.format(table), statement))]


def test_every_statement_keeps_each_caseload_table_to_the_structure(app, ours, theirs):
    seen = []
    with app.app_context():
        engine = db.engine

    def spy(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", spy)
    try:
        _everything(app, DEFAULT_STRUCTURE)
        with app.app_context():
            side_by_side(db.session, PERIOD, [DEFAULT_STRUCTURE, theirs])
    finally:
        event.remove(engine, "before_cursor_execute", spy)
    read = {table for statement in seen for table in rls.TABLES
            if re.search(_READ.format(table), statement, re.I)}
    assert read == set(rls.TABLES) - {"sync_conflicts"}  # every caseload table is read
    assert [s for s in seen if _unfiltered(s)] == []
    # The catalogue is the territory's: read whole.
    assert not [s for s in seen if re.search(r"\b(partners|offers)\.tenant_id\b", s)]


def test_the_filter_refuses_the_catalogue_and_a_missing_structure():
    from server.models import Beneficiary, Partner
    with pytest.raises(ValueError, match="caseload"):
        scope.mine(Partner.__table__, DEFAULT_STRUCTURE)
    with pytest.raises(ValueError, match="structure"):
        scope.mine(Beneficiary.__table__, None)
