"""Helpers of the data-protection browser tests: the server endpoints they need (built on
another branch: skipped with the reason until they are merged), and reading IndexedDB."""
import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from browser_helpers import go

ERASE = ("POST", "/api/people/{id}/erase")
EXPORT_JSON = ("GET", "/api/people/{id}/export.json")
EXPORT_HTML = ("GET", "/api/people/{id}/export.html")
AUDIT_VIEWS = ("POST", "/api/audit/views")
SAMPLE_ID = "00000000-0000-4000-8000-000000000000"


def has_route(server, method, pattern):
    """Does the server have this API route (not the web app's catch-all)?"""
    adapter = server.app.url_map.bind("127.0.0.1")
    try:
        endpoint, _ = adapter.match(pattern.format(id=SAMPLE_ID), method=method)
    except (NotFound, MethodNotAllowed):
        return False
    return not endpoint.endswith("static_file")


def route_or_skip(server, method, pattern):
    if not has_route(server, method, pattern):
        pytest.skip(f"{method} {pattern} answers 404 on this server: it is built on another "
                    "branch; run this test once it is merged")


def idb_all(page, store):
    """Every record of an IndexedDB store of the app."""
    return page.evaluate(
        """store => new Promise((ok, ko) => { const r = indexedDB.open('mhj'); r.onsuccess = () => {
             const q = r.result.transaction(store).objectStore(store).getAll();
             q.onsuccess = () => { r.result.close(); ok(q.result); }; q.onerror = () => ko(q.error); }; })""", store)


def new_person(page, first, last, birth_date=None, consent=True):
    """Create a person through the form; returns its id."""
    go(page, "#/ref/jeune-nouveau")
    page.fill("input[name=first_name]", first)
    page.fill("input[name=last_name]", last)
    if birth_date:
        page.fill("input[name=birth_date]", birth_date)
    if consent:
        page.check("input[name=consent]")
    page.click("main form button[type=submit]")
    page.wait_for_function("/^#\\/ref\\/jeune\\/[0-9a-f-]{36}$/.test(location.hash)")
    return page.evaluate("location.hash.split('/').pop()")


def add_contact(page, person_id, subject):
    go(page, f"#/ref/contact-nouveau?beneficiaire={person_id}")
    page.fill("input[name=subject]", subject)
    page.click("main form button[type=submit]")
    page.wait_for_function(f"location.hash === '#/ref/jeune/{person_id}'")
