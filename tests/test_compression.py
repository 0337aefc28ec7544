"""Gzip both ways: responses for clients that accept it, gzip push bodies."""
import gzip
import json
import uuid

from server.compression import _compress
from tests.conftest import bearer, login


def _push_body(n: int) -> bytes:
    mutations = [{"id": str(uuid.uuid4()), "table": "beneficiaries", "op": "upsert",
                  "row_id": str(uuid.uuid4()), "base_version": None,
                  "fields": {"first_name": "Lina", "last_name": f"Exemple {i}"}}
                 for i in range(n)]
    return json.dumps({"client_id": "t", "schema_version": 1, "mutations": mutations}).encode()


def test_gzip_push_is_applied_and_pull_is_compressed(client, users):
    auth = bearer(login(client, users["referent"]["email"])["access_token"])
    response = client.post("/api/sync/push", data=gzip.compress(_push_body(30)),
                           headers={**auth, "Content-Type": "application/json",
                                    "Content-Encoding": "gzip"})
    assert response.status_code == 200
    assert [r["status"] for r in response.get_json()["results"]] == ["applied"] * 30
    pulled = client.get("/api/sync/pull", headers={**auth, "Accept-Encoding": "gzip"})
    assert pulled.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in pulled.headers["Vary"]
    changes = json.loads(gzip.decompress(pulled.get_data()))["changes"]
    assert len(changes) == 30
    plain = client.get("/api/sync/pull", headers=auth)
    assert "Content-Encoding" not in plain.headers and len(plain.get_json()["changes"]) == 30


def test_bad_or_oversized_gzip_bodies_are_refused(client, users):
    auth = bearer(login(client, users["referent"]["email"])["access_token"])
    headers = {**auth, "Content-Type": "application/json", "Content-Encoding": "gzip"}
    broken = client.post("/api/sync/push", data=b"not gzip at all", headers=headers)
    assert broken.status_code == 400
    assert broken.content_type == "application/problem+json"
    bomb = gzip.compress(b" " * (11 * 1024 * 1024))  # 11 MB of spaces, ~11 KB compressed
    assert len(bomb) < 100_000
    assert client.post("/api/sync/push", data=bomb, headers=headers).status_code == 413
    other = client.post("/api/sync/push", data=b"{}",
                        headers={**auth, "Content-Encoding": "br"})
    assert other.status_code == 415


def test_shell_files_are_served_compressed(client):
    response = client.get("/js/app.js", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"import" in gzip.decompress(response.get_data())


def test_a_gzipped_body_is_bytes_for_the_wsgi_server(app):
    # PEP 3333: a WSGI server sends bytes only (gunicorn sent nothing of a bytearray, and the
    # client waited for the Content-Length it had announced).
    with app.test_request_context(headers={"Accept-Encoding": "gzip"}):
        body = json.dumps([{"row": i} for i in range(500)]).encode()
        response = _compress(app.response_class(body, mimetype="application/json"))
    assert response.headers["Content-Encoding"] == "gzip"
    assert [type(chunk) for chunk in response.response] == [bytes]
    assert int(response.headers["Content-Length"]) == len(response.response[0])
    assert gzip.decompress(response.response[0]) == body
