"""The people's rights in the web app: the « Vos données » and accessibility pages (footer of
every screen, youth menu, offline, axe), the under-15 consent rule in the person form, files
opened sent to the audit log, and the coordinator's export and erasure from a person's file."""
import gzip
import json
import uuid
from datetime import date

import pytest

from browser_helpers import go, login, make_offline_ready, open_app, sync_now, wait_synced
from rights_helpers import (AUDIT_VIEWS, ERASE, EXPORT_HTML, EXPORT_JSON, add_contact, idb_all,
                            new_person, route_or_skip)
from test_quality import AXE, _axe

PAGES = {"#/vos-donnees": "Vos données", "#/accessibilite": "Déclaration d'accessibilité"}


@pytest.mark.parametrize("width", [360, 1280])
def test_data_and_accessibility_pages_from_every_space_offline_too(live_server, new_context, width):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci`")
    ctx = new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = open_app(ctx, live_server.url, "#/jeunes")
    make_offline_ready(page)
    # The youth space's menu, and the footer of every screen.
    page.click("nav >> text=Vos données")
    page.wait_for_function("document.documentElement.dataset.route === '#/vos-donnees'")
    assert page.locator("nav a[aria-current=page]").inner_text() == "Vos données"
    for route, title in PAGES.items():
        go(page, "#/jeunes/rappel")
        page.click(f"footer a[href='{route}']")
        page.wait_for_function(f"document.documentElement.dataset.route === {route!r}")
        assert page.inner_text("main h1") == title
    assert "Accessibilité : partiellement conforme" in page.inner_text("footer")

    go(page, "#/vos-donnees")
    text = page.inner_text("main")
    # Nobody is signed in: the structure is not named (test_structures_legal.py), said plainly.
    for expected in ("La structure qui vous accompagne", "Rien sur votre santé", "2 ans après votre dernier contact",
                     "Le partenaire qui vous a orienté·e voit seulement", "Voir", "Corriger", "Effacer", "Refuser",
                     "CNIL", "moins de 15 ans"):
        assert expected in text, expected
    go(page, "#/accessibilite")
    text = page.inner_text("main")
    for expected in ("partiellement conforme", "RGAA", "axe-core", "clavier", "360 pixels", "Limites connues",
                     "Signaler un problème", "Défenseur des droits"):
        assert expected in text, expected

    violations = []
    for route in PAGES:
        violations += _axe(page, route)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{route} scrolls sideways"
    assert violations == [], "\n".join(map(str, violations))

    ctx.set_offline(True)  # they are part of the app shell: readable without network
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    for route, title in PAGES.items():
        go(page, route)
        assert page.inner_text("main h1") == title

    staff = open_app(new_context(viewport={"width": width, "height": 900}), live_server.url, "#/connexion")
    login(staff, "referent")
    assert staff.locator("footer a[href='#/vos-donnees']").count() == 1
    assert staff.locator("footer a[href='#/accessibilite']").count() == 1


def _born(years_ago):
    today = date.today()
    return date(today.year - years_ago, today.month, min(today.day, 28)).isoformat()


def test_under_15_needs_a_parent_s_accord_before_saving(live_server, new_context):
    page = open_app(new_context(), live_server.url, "#/connexion")
    login(page, "referent")
    last = f"Jeune{uuid.uuid4().hex[:6]}"
    go(page, "#/ref/jeune-nouveau")
    parent = page.locator("input[name=parent_consent]")
    assert parent.get_attribute("aria-required") == "false"
    page.fill("input[name=first_name]", "Zoé")
    page.fill("input[name=last_name]", last)
    page.fill("input[name=birth_date]", _born(13))
    assert parent.get_attribute("aria-required") == "true"
    assert "obligatoire" in page.inner_text("#accord-parent")
    page.check("input[name=consent]")
    pending = page.locator("#status .pending").get_attribute("data-count")
    page.click("main form button[type=submit]")
    page.wait_for_selector("main .errors p")
    assert "moins de 15 ans" in page.inner_text("main .errors")
    assert page.evaluate("location.hash") == "#/ref/jeune-nouveau"
    assert page.locator("#status .pending").get_attribute("data-count") == pending
    assert page.evaluate("document.activeElement.classList.contains('errors')")

    page.check("input[name=parent_consent]")
    page.click("main form button[type=submit]")
    page.wait_for_function("/^#\\/ref\\/jeune\\/[0-9a-f-]{36}$/.test(location.hash)")
    person_id = page.evaluate("location.hash.split('/').pop()")
    sync_now(page)
    row = live_server.pull_all("referent")["beneficiaries"][person_id]
    assert row["consent_at"] and row["parent_consent_at"]
    assert page.locator("#status .conflicts").count() == 0
    assert idb_all(page, "rejections") == []

    # 15 or more: the parent's accord is not asked for.
    go(page, "#/ref/jeune-nouveau")
    page.fill("input[name=birth_date]", _born(16))
    assert page.locator("input[name=parent_consent]").get_attribute("aria-required") == "false"


def test_opened_files_reach_the_audit_log_with_a_sync(live_server, new_context):
    ctx = new_context()
    page = open_app(ctx, live_server.url, "#/connexion")
    make_offline_ready(page)
    login(page, "referent")
    person_id = new_person(page, "Yanis", f"Vu{uuid.uuid4().hex[:6]}")
    sync_now(page)
    for store_view in idb_all(page, "views"):  # the file shown after creating it, sent already?
        assert store_view["beneficiary_id"] == person_id

    ctx.set_offline(True)
    go(page, "#/ref/jeunes")
    go(page, f"#/ref/jeune/{person_id}")
    page.click("#sync-now")  # offline: the views wait
    page.wait_for_timeout(300)
    waiting = [v for v in idb_all(page, "views") if v["beneficiary_id"] == person_id]
    assert waiting and all(set(v) == {"id", "beneficiary_id", "at"} for v in waiting)

    route_or_skip(live_server, *AUDIT_VIEWS)
    # Network back: the views ride along the sync's one exchange.
    with page.expect_response(lambda r: r.url.endswith("/api/sync/exchange")) as answer:
        ctx.set_offline(False)
    assert answer.value.status == 200
    raw = answer.value.request.post_data_buffer
    sent = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)["views"]
    assert {v["id"] for v in waiting} <= {v["id"] for v in sent}
    page.wait_for_function("""() => new Promise((ok) => { const r = indexedDB.open('mhj'); r.onsuccess = () => {
        const q = r.result.transaction('views').objectStore('views').count();
        q.onsuccess = () => { r.result.close(); ok(q.result === 0); }; }; })""")


def test_the_coordinator_exports_then_erases_a_person(live_server, new_context):
    ctx = new_context(accept_downloads=True)
    page = open_app(ctx, live_server.url, "#/connexion")
    make_offline_ready(page)
    login(page, "coordinator")
    tag = uuid.uuid4().hex[:6]
    last = f"Droits{tag}"
    person_id = new_person(page, "Nora", last)
    add_contact(page, person_id, f"Bus {tag}")
    sync_now(page)
    go(page, f"#/ref/jeune/{person_id}")

    # Offline, the actions say why they cannot run.
    ctx.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    page.click("#effacer")
    assert "Pas de réseau" in page.inner_text("#droits-message")
    assert page.locator("dialog").count() == 0
    ctx.set_offline(False)
    page.wait_for_function("navigator.onLine")

    route_or_skip(live_server, *EXPORT_JSON)
    with page.expect_download() as download:
        page.click("#exporter")
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert last in json.dumps(data, ensure_ascii=False) and f"Bus {tag}" in json.dumps(data, ensure_ascii=False)

    route_or_skip(live_server, *EXPORT_HTML)
    with ctx.expect_page() as tab:
        page.click("#exporter-lisible")
    readable = tab.value
    readable.wait_for_function("document.body && document.body.innerText.length > 0")
    readable.wait_for_function(f"document.body.innerText.includes({last!r})")
    readable.close()

    route_or_skip(live_server, *ERASE)
    page.click("#effacer")
    dialog = page.locator("dialog")
    assert "définitif" in dialog.inner_text() and "prochaine synchronisation" in dialog.inner_text()
    dialog.locator("text=Ne pas effacer").click()
    assert person_id in live_server.pull_all("coordinator")["beneficiaries"]
    page.click("#effacer")
    page.locator("dialog >> text=Effacer définitivement").click()
    page.wait_for_function("document.documentElement.dataset.route === '#/ref/jeunes'")
    wait_synced(page)
    assert last not in page.inner_text("#jeunes")
    assert person_id not in [p["id"] for p in idb_all(page, "beneficiaries")]
    assert [c for c in idb_all(page, "contacts") if c.get("beneficiary_id") == person_id] == []
    assert person_id not in live_server.pull_all("coordinator").get("beneficiaries", {})
