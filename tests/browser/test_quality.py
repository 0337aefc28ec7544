"""Installability (Chromium's own check) and accessibility (axe-core, WCAG 2.1 A/AA) on every
screen of every space, at phone and tablet widths."""
import pytest

from browser_helpers import ARGS, AXE, AXE_TAGS as TAGS, CHROMIUM, axe_violations, go, login, make_offline_ready, open_app


def test_installable_without_error(live_server, pw, tmp_path):
    ctx = pw.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=CHROMIUM, args=ARGS)
    try:
        page = open_app(ctx, live_server.url)
        make_offline_ready(page)
        cdp = ctx.new_cdp_session(page)
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == []
        assert '"short_name": "Mobilité HJ"' in manifest["data"]
    finally:
        ctx.close()


def _ids(page, store, n=1):
    return page.evaluate(
        """([store, n]) => new Promise((ok) => { const r = indexedDB.open('mhj'); r.onsuccess = () => {
             const q = r.result.transaction(store).objectStore(store).getAllKeys(null, n);
             q.onsuccess = () => ok(q.result); }; })""", [store, n])


def _axe(page, route):
    go(page, route)
    return axe_violations(page)


PUBLIC = ["#/accueil", "#/jeunes", "#/jeunes/favoris", "#/jeunes/permanences", "#/jeunes/rappel", "#/jeunes/auto-test", "#/connexion", "#/appareil"]


@pytest.mark.parametrize("width", [360, 1280])
def test_no_axe_violation_on_any_screen(live_server, new_context, width):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci`")
    violations = []
    ctx = new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = open_app(ctx, live_server.url, "#/accueil")
    page.wait_for_function("navigator.onLine")
    offer = page.evaluate("fetch('/api/offers').then(r => r.json()).then(d => d.items[0].id)")
    for route in PUBLIC + [f"#/jeunes/offre/{offer}"]:
        violations += _axe(page, route)

    presc = open_app(new_context(viewport={"width": width, "height": 900}, bypass_csp=True), live_server.url, "#/connexion")
    login(presc, "prescriber")
    for route in ["#/pro", "#/pro/orienter", "#/partenaires", "#/catalogue", "#/appareil"]:
        violations += _axe(presc, route)

    coord = open_app(new_context(viewport={"width": width, "height": 900}, bypass_csp=True), live_server.url, "#/connexion")
    login(coord, "coordinator")
    person = _ids(coord, "beneficiaries")[0]
    session = _ids(coord, "sessions")[0]
    partner = _ids(coord, "partners")[0]
    routes = ["#/ref", "#/ref/seance-nouvelle", f"#/ref/seance/{session}", "#/ref/jeunes", "#/ref/jeune-nouveau",
              f"#/ref/jeune/{person}", f"#/ref/jeune/{person}/modifier", f"#/ref/jeune/{person}/diagnostic",
              "#/ref/contacts", "#/ref/contact-nouveau", "#/ref/orientations", "#/conflits",
              "#/bureau/offres", f"#/bureau/offre/{offer}", "#/bureau/offre/nouvelle", "#/bureau/partenaires",
              f"#/bureau/partenaire/{partner}", "#/bureau/appareils", "#/appareil"]
    for route in routes:
        violations += _axe(coord, route)
    # A diagnostic result screen: make one.
    go(coord, f"#/ref/jeune/{person}/diagnostic")
    coord.check("input[name='skill-lire-horaires'][value='2']")
    coord.click("text=Enregistrer le diagnostic")
    coord.wait_for_function("location.hash.startsWith('#/ref/diagnostic/')")
    violations += _axe(coord, coord.evaluate("location.hash"))
    assert violations == [], "\n".join(map(str, violations))
