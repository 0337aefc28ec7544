"""Every answer carries the browser hardening headers; private API answers are never cached."""
import re
import uuid

import pytest

from api_helpers import BENEFICIARY, create
from tests.conftest import make_app

# Spelled out, not imported: the test says what the policy must be.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SAME = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer", "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin", "X-Frame-Options": "DENY"}
DENIED = ("camera", "microphone", "geolocation", "payment", "usb", "serial")
PUBLIC = {"/api/offers", "/api/partners", "/api/sessions/public", "/api/openapi.json",
          "/api/health", "/api/datainclusion/structures.json",
          "/api/datainclusion/services.json", "/api/transit", "/api/transit/timetable"}
ARGUMENTS = {"path": "js/app.js", "filename": "printable.css"}


def assert_hardened(response, where: str) -> None:
    for name, value in SAME.items():
        assert response.headers.get(name) == value, (where, name, response.headers.get(name))
    policy = [p.strip() for p in response.headers["Permissions-Policy"].split(",")]
    assert all(f"{feature}=()" in policy for feature in DENIED), where
    assert "Strict-Transport-Security" not in response.headers, where  # plain HTTP here
    path, cache = where.split("?")[0], response.headers.get("Cache-Control", "")
    if path.startswith("/api/") and path not in PUBLIC:
        assert cache == "no-store", (where, cache)
    elif response.status_code < 400:  # an error may be no-store anywhere
        assert "no-store" not in cache, (where, cache)


def _url(rule) -> str:
    values = {name: ARGUMENTS.get(name, str(uuid.uuid4())) for name in rule.arguments}
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: values[m.group(1)], rule.rule)


def test_every_route_answers_with_the_headers(app, client, headers):
    rules = list(app.url_map.iter_rules())
    assert len(rules) > 30
    seen = set()
    for rule in rules:
        url = _url(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for who in (None, "coordinator"):  # refused, then as far as the office goes
                response = client.open(url, method=method, json=None if method == "GET" else {},
                                       headers=headers[who] if who else {})
                assert_hardened(response, url)
                seen.add(response.status_code)
    assert {200, 401} <= seen  # answers and refusals alike were checked


def test_pwa_files_errors_and_odd_methods_too(client, headers):
    for url in ("/", "/sw.js", "/manifest.webmanifest", "/css/app.css", "/js/links.js",
                "/icons/icon-192.png", "/static/print.js", "/nope.js", "/api/nope"):
        assert_hardened(client.get(url), url)
    assert_hardened(client.post("/api/health"), "/api/health")  # 405
    assert_hardened(client.options("/api/sync/push"), "/api/sync/push")
    assert_hardened(client.head("/api/offers"), "/api/offers")
    assert_hardened(client.post("/api/sync/push", data=b"{", content_type="application/json",
                                headers=headers["referent"]), "/api/sync/push")  # 400
    assert_hardened(client.get("/api/sync/pull", headers={"Authorization": "Bearer x"}),
                    "/api/sync/pull")  # 401
    big = client.post("/api/contact-requests", data=b"x" * (11 * 1024 * 1024),
                      content_type="application/json")
    assert big.status_code == 413
    assert_hardened(big, "/api/contact-requests")


def test_an_unexpected_error_is_hardened_too(database, tmp_path):
    app = make_app(*database, tmp_path)

    @app.get("/api/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/api/boom")
    assert response.status_code == 500
    assert_hardened(response, "/api/boom")


def test_private_answers_are_no_store_even_when_a_view_says_otherwise(client, headers):
    for url in ("/api/sync/pull", "/api/sync/conflicts", "/api/audit", "/api/devices",
                "/api/reports/key-figures", "/api/reports/targets"):
        response = client.get(url, headers=headers["coordinator"])
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    login = client.post("/api/auth/login", json={"email": "nobody@example.org",
                                                 "password": "x", "device_id": "d"})
    assert login.headers["Cache-Control"] == "no-store"


def test_the_public_catalogue_keeps_its_etag(client):
    first = client.get("/api/offers")
    assert first.status_code == 200 and first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"  # may be kept, revalidated each time
    again = client.get("/api/offers", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert_hardened(again, "/api/offers")


@pytest.mark.parametrize("base, forwarded, hops, expected", [
    ("https://localhost", None, 0, True), ("http://localhost", None, 0, False),
    ("http://localhost", "https", 1, True), ("http://localhost", "https", 0, False),
])
def test_hsts_only_over_https(database, tmp_path, base, forwarded, hops, expected):
    app = make_app(*database, tmp_path, PROXY_HOPS=hops)
    extra = {"X-Forwarded-Proto": forwarded, "X-Forwarded-For": "203.0.113.5"} if forwarded else {}
    response = app.test_client().get("/api/health", base_url=base, headers=extra)
    hsts = response.headers.get("Strict-Transport-Security")
    assert hsts == ("max-age=31536000; includeSubDomains" if expected else None)


def test_printable_pages_have_no_inline_style_or_script(client, headers):
    person = create(client, headers["referent"], "beneficiaries", BENEFICIARY)
    pages = [client.get("/api/reports/yearly.html", headers=headers["coordinator"]),
             client.get(f"/api/people/{person['row_id']}/export.html",
                        headers=headers["coordinator"])]
    for page in pages:
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=|javascript:", html, re.I)
        # Absolute addresses: the app opens the page as a blob:, where "/static/…" means nothing.
        for asset in re.findall(r'(?:href|src)="([^"]+)"', html):
            assert asset.startswith("http://localhost/static/"), asset
            assert client.get(asset).status_code == 200
