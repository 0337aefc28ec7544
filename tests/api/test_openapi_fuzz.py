"""The OpenAPI 3.1 document, and a bounded schemathesis run over it (about 1 min, 2 engines)."""
import re

import jsonschema_rs
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from server import create_app
from server.openapi_spec import build_spec

from api_helpers import BENEFICIARY, create, mutation, new_id, push_ok
from conftest import bearer, login

# The push contract (and the catalogue import) answer 200 to a batch whose items are wrong
# (each is rejected alone), so "invalid data must get a 4xx" does not hold for them by design.
PER_MUTATION = {"POST /api/sync/push", "POST /api/sync/exchange",
                "POST /api/datainclusion/import"}
# Rules JSON Schema cannot say: a cursor is opaque (a well-formed string the server did not
# issue is rightly a 400), a period needs real calendar days with `to` not before `from`.
OPAQUE = {"GET /api/sync/pull", "GET /api/sync/digest", "GET /api/reports/key-figures",
          "GET /api/reports/key-figures.csv", "GET /api/reports/key-figures.xlsx",
          "GET /api/reports/yearly.pdf", "GET /api/reports/yearly.html",
          # JSON Schema counts 3132.0 as an integer; like every integer field, the server
          # wants an integer literal (what JSON.stringify sends).
          "PUT /api/reports/targets", "PUT /api/reports/review",
          # Audit filters are calendar days; a view's time must be a real one (no 30 February).
          "GET /api/audit", "GET /api/audit.csv", "POST /api/audit/views",
          # Device settings are whole numbers: 5.0 is refused like true or "5".
          "PUT /api/settings/devices",
          # A well-formed URL or zip is not always a reachable GTFS feed (422).
          "POST /api/transit/import"}


def _spec(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_the_document_describes_every_api_route(app, client):
    spec = _spec(client)
    assert spec["openapi"] == "3.1.0"
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            routes |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    assert documented == routes
    public = {"/api/health", "/api/openapi.json", "/api/auth/login", "/api/offers",
              "/api/partners", "/api/sessions/public", "/api/contact-requests",
              "/api/datainclusion/structures.json", "/api/datainclusion/services.json",
              "/api/auth/device-status", "/api/transit", "/api/transit/timetable"}
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            assert op["security"] == ([] if path in public else [{"bearerAuth": []}]), path
            errors = {code: r for code, r in op["responses"].items() if code >= "400"}
            if path not in public:
                assert {"401", "403"} <= set(errors), path
            for response in errors.values():
                assert response["$ref"].startswith("#/components/responses/")
    problem = spec["components"]["responses"]["Problem"]["content"]
    assert list(problem) == ["application/problem+json"]
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_request_schemas_match_what_the_server_accepts(client, headers):
    """The push schema accepts real mutations and refuses what the server rejects."""
    spec = _spec(client)
    schemas = spec["components"]["schemas"]
    push = jsonschema_rs.validator_for({**schemas["Push"], "components": spec["components"]})
    ok = mutation("beneficiaries", {**BENEFICIARY, "birth_date": "2007-03-14", "sex": "F",
                                    "qpv": True})
    assert push.is_valid({"client_id": "c", "schema_version": 1, "mutations": [ok]})
    for bad in ({**ok, "fields": {"nickname": "x"}}, {**ok, "table": "people"},
                {**ok, "fields": {"sex": "Z"}}, {**ok, "row_id": "42"},
                {**ok, "base_version": -1}, {**ok, "fields": {"first_name": "a\x00"}}):
        assert not push.is_valid({"client_id": "c", "schema_version": 1, "mutations": [bad]})
        bad = {**bad, "id": new_id()}
        assert push_ok(client, headers["referent"], [bad])[0]["status"] == "rejected"
    assert not push.is_valid({"client_id": "c", "schema_version": 2, "mutations": []})
    exchange = jsonschema_rs.validator_for({**schemas["Exchange"],
                                            "components": spec["components"]})
    day = {"client_id": "c", "schema_version": 1, "mutations": [ok], "cursor": None,
           "conflicts": True, "views": [{"id": new_id(), "beneficiary_id": ok["row_id"],
                                         "at": "2026-11-25T09:30:00Z"}]}
    assert exchange.is_valid(day)
    for bad in ({"cursor": 5}, {"limit": 0}, {"conflicts": "oui"}, {"views": [{"id": "1"}]}):
        assert not exchange.is_valid({**day, **bad})
        assert client.post("/api/sync/exchange", json={**day, **bad},
                           headers=headers["referent"]).status_code == 400
    answers = schemas["Push"]["properties"]["mutations"]["items"]["oneOf"]
    diagnostics = next(s for s in answers if s["properties"]["table"] == {"const":
                                                                           "diagnostics"})
    assert "skills" in diagnostics["properties"]["fields"]["properties"]["answers"][
        "properties"]


def _document() -> dict:
    """The document, built without a database: it only depends on the configuration."""
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "x",
                      "JWT_SECRET_KEY": "document-only-key-of-32-bytes-at-least"})
    with app.app_context():
        return build_spec()


# Loaded once at collection; every case is then sent to the `app` fixture (both engines).
schema = schemathesis.openapi.from_dict(_document())
# Unknown query parameters are ignored, as on the web (cache busters, tracking tags): not
# something to reject, so schemathesis should not count them as invalid input.
schema.config.generation.update(allow_extra_parameters=False)


@pytest.fixture
def fuzz_auth(app, client, users):
    """A real coordinator session, and a row so generated requests meet real data."""
    tokens = login(client, users["coordinator"]["email"])
    create(client, bearer(tokens["access_token"]), "beneficiaries", BENEFICIARY)
    return tokens


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck),
          database=None)
def test_schemathesis_finds_nothing(case, app, fuzz_auth):
    """No server error, and every answer (status, type, body, headers) matches the document."""
    label = f"{case.method.upper()} {case.path}"
    token = fuzz_auth["refresh_token" if case.path == "/api/auth/refresh" else "access_token"]
    excluded = []
    if label in PER_MUTATION:
        excluded.append(negative_data_rejection)
    if label in OPAQUE | PER_MUTATION:
        excluded.append(positive_data_acceptance)
    case.operation.schema.app = app  # this test's app (and engine), for follow-up probes too
    # Answers are gzipped for clients that accept it, and schemathesis's WSGI transport does
    # not inflate them (tests/test_compression.py covers gzip itself).
    headers = {**bearer(token), "Accept-Encoding": "identity"}
    case.call_and_validate(app=app, headers=headers, excluded_checks=excluded)
