"""Structures in real Chromium (issue 12): the device says whose caseload it holds; an account
of several structures switches in « Cet appareil » (refused while a change waits, then the old
caseload leaves the tablet and the other one is synced); the region reads its structures'
key figures side by side, in an accessible table, and nothing of the referents' spaces."""
import re
import uuid

import pytest

from browser_helpers import (PASSWORD, LiveServer, choose_pin, copy_pwa, go, login, open_app,
                             read_sealed, sync_now, wait_synced)
from office_helpers import fr, today
from rights_helpers import idb_all, new_person
from test_dashboard import AXE, _axe, _small_targets

REGION = ("region.test@example.org", "Région Test")
OTHER = "00000000-0000-4000-8000-0000000000b2"
OTHER_NAME = "Mission Locale du Haut-Doubs"


def _structure_name(server):
    from server.extensions import db
    from server.models import DEFAULT_STRUCTURE, Structure

    with server.app.app_context():
        return db.session.get(Structure, DEFAULT_STRUCTURE).name


def _who(page):
    return page.inner_text("#who a[href='#/appareil']")


def test_the_device_names_its_structure_and_offers_no_switch_with_one(live_server, new_context):
    from server.models import DEFAULT_STRUCTURE

    page = open_app(new_context(), live_server.url, "#/connexion")
    login(page, "referent")
    auth = read_sealed(page, "meta", "auth")["value"]
    assert auth["user"]["structure"] == DEFAULT_STRUCTURE
    assert [s["id"] for s in auth["user"]["structures"]] == [DEFAULT_STRUCTURE]
    go(page, "#/appareil")
    page.wait_for_selector("#structure-active")
    name = _structure_name(live_server)
    assert page.inner_text("#structure-active") == f"Dossiers de la structure : {name} (Référente mobilité)."
    assert page.locator("#structure-form").count() == 0, "one structure: nothing to switch to"
    assert name not in _who(page), "one structure: the header stays as it was"


@pytest.fixture(scope="module")
def two_structures(tmp_path_factory):
    """A server of its own whose referent also belongs to a second structure."""
    from server.extensions import db
    from server.models import Membership, Structure, User

    tmp = tmp_path_factory.mktemp("structures")
    server = LiveServer(tmp, copy_pwa(tmp / "pwa"))
    with server.app.app_context():
        # Only to drive the app's switch: services/structures.create refuses a second structure
        # on SQLite (it needs PostgreSQL's row-level security). The server's isolation itself
        # is tested on PostgreSQL in tests/api/test_structures.py and tests/api/test_rls.py.
        db.session.add(Structure(id=OTHER, name=OTHER_NAME))
        db.session.flush()
        referent = db.session.query(User).filter_by(email="referente.test@example.org").one()
        db.session.add(Membership(user_id=referent.id, structure_id=OTHER, role="coordinator"))
        db.session.commit()
    yield server
    server.stop()


def test_switching_structure_refused_with_a_change_waiting_then_a_clean_caseload(two_structures, new_context):
    server = two_structures
    first = _structure_name(server)
    ctx = new_context()
    page = open_app(ctx, server.url, "#/connexion")
    login(page, "referent")
    assert _who(page) == f"Référente Test · Référente mobilité · {first}"
    tag = uuid.uuid4().hex[:6]
    person = new_person(page, "Salomé", f"Structure{tag}")
    sync_now(page)

    # A change not yet sent (no network): the switch is refused, nothing asked of the server.
    ctx.set_offline(True)
    go(page, f"#/ref/jeune/{person}/modifier")
    page.fill("textarea[name=notes]", "Vue à la permanence")
    page.click("main form button[type=submit]")
    page.wait_for_function(f"location.hash === '#/ref/jeune/{person}'")
    go(page, "#/appareil")
    page.wait_for_selector("#structure-form")
    assert page.inner_text("#structure-active") == f"Dossiers de la structure : {first} (Référente mobilité)."
    assert page.locator("#structure-form select[name=structure] option").all_inner_texts() == [f"{OTHER_NAME} (Coordination)"]
    page.click("#changer-structure")
    page.wait_for_selector("#structure-erreur p")
    assert page.inner_text("#structure-erreur") == "Synchronisez d'abord : 1 modification attend d'être envoyée."
    assert page.evaluate("document.activeElement.id") == "structure-erreur"
    assert page.locator("dialog").count() == 0

    # Sent: asked for confirmation (cancel keeps everything), then switched.
    ctx.set_offline(False)
    sync_now(page)
    go(page, "#/appareil")
    page.click("#changer-structure")
    page.click("dialog button:text('Annuler')")
    assert person in [p["id"] for p in idb_all(page, "beneficiaries")]
    page.click("#changer-structure")
    page.click("dialog button:text('Changer de structure')")
    page.wait_for_selector("#structure-resultat")
    assert page.inner_text("#structure-resultat").startswith(f"Vous travaillez maintenant pour {OTHER_NAME}.")
    assert page.inner_text("#structure-active") == f"Dossiers de la structure : {OTHER_NAME} (Coordination)."
    wait_synced(page)
    assert person not in [p["id"] for p in idb_all(page, "beneficiaries")], "the old caseload left the tablet"
    assert idb_all(page, "offers"), "the shared catalogue came back with the new sync"
    assert _who(page) == f"Référente Test · Coordination · {OTHER_NAME}"
    assert page.locator("#nav a[href='#/bureau']").count() == 1, "the role held in the new structure"
    go(page, "#/ref/jeunes")
    assert f"Structure{tag}" not in page.inner_text("main")
    # The person stays on the server, in the first structure.
    assert person in server.pull_all("referent").get("beneficiaries", {})

    # And back: the first structure's caseload returns.
    go(page, "#/appareil")
    page.select_option("#structure-form select[name=structure]", label=f"{first} (Référente mobilité)")
    page.click("#changer-structure")
    page.click("dialog button:text('Changer de structure')")
    page.wait_for_selector("#structure-resultat")
    wait_synced(page)
    assert person in [p["id"] for p in idb_all(page, "beneficiaries")]


def _region_account(server):
    from server.extensions import db
    from server.services import auth as auth_service

    with server.app.app_context():
        auth_service.create_user(db.session, REGION[0], REGION[1], "region", PASSWORD)


def _region_login(page):
    page.evaluate("location.hash = '#/connexion'")
    page.fill("input[name=email]", REGION[0])
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_function("!location.hash.startsWith('#/connexion')")
    choose_pin(page)
    wait_synced(page)


def _region_figures(server, year):
    client = server.app.test_client()
    token = client.post("/api/auth/login", json={
        "email": REGION[0], "password": PASSWORD, "device_id": f"check-{uuid.uuid4()}",
        "device_name": "Vérification"}).get_json()["access_token"]
    answer = client.get(f"/api/region/key-figures?from={year}-01-01&to={year}-12-31",
                        headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    return answer.get_json()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_region_reads_figures_side_by_side_and_nothing_else(live_server, new_context, width):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci`")
    _region_account(live_server)
    page = open_app(new_context(viewport={"width": width, "height": 900}), live_server.url, "#/connexion")
    _region_login(page)
    page.wait_for_function("location.hash === '#/region'")
    page.wait_for_selector("#chiffres[data-loaded=fresh]")
    assert page.eval_on_selector_all("#nav a", "as => as.map(a => a.getAttribute('href'))") == ["#/region"]

    # The table: a caption, column and row headings, one row per structure and the total.
    year = today().year
    answer = _region_figures(live_server, year)
    assert page.inner_text("#t-region caption") == f"Chiffres clés {year} par structure, et leur total"
    assert page.locator("#t-region thead th[scope=col]").count() == 10
    heads = page.eval_on_selector_all("#t-region tbody th[scope=row]", "ths => ths.map(t => t.textContent)")
    assert heads == [s["name"] for s in answer["structures"]] + ["Total des structures"]
    cells = page.eval_on_selector_all("#t-region tbody tr:last-child td", "tds => tds.map(t => t.textContent)")
    total = answer["total"]
    contacts = next(t["value"] for t in total["targets"] if t["key"] == "contacts")
    assert cells[0] == fr(total["profile"]["total"]) and cells[1] == fr(total["profile"]["young"])
    assert cells[5] == fr(contacts)
    assert cells[6] == fr(sum(p["sent"] for p in total["partners"]))

    violations, small = _axe(page), _small_targets(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the wide table scrolls in its own region"

    # The year, with the keyboard only.
    page.focus("#annee select[name=annee]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Afficher"
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.hash === '#/region?annee={year - 1}'")
    page.wait_for_selector("#chiffres[data-loaded=fresh]")
    assert page.inner_text("#t-region caption").startswith(f"Chiffres clés {year - 1}")
    violations += _axe(page)
    small += _small_targets(page)
    # Offline: the figures last fetched, with their date, never a blank screen.
    page.context.set_offline(True)
    go(page, f"#/region?annee={year}")
    page.wait_for_selector("#chiffres[data-loaded=kept]")
    assert "hors ligne" in page.inner_text("#fraicheur")
    assert page.inner_text("#t-region caption").startswith(f"Chiffres clés {year} ")
    go(page, f"#/region?annee={year - 2}")  # never fetched: the last ones, and it says so
    page.wait_for_selector("#chiffres[data-loaded=kept]")
    assert f"Ceux de {year - 2} n'ont pas encore été chargés" in page.inner_text("#fraicheur")
    assert page.inner_text("#t-region caption").startswith(f"Chiffres clés {year - 1} ")
    violations += _axe(page)
    page.context.set_offline(False)
    assert violations == [], "\n".join(map(str, violations))
    assert small == []

    # Nothing of the referents' or the office's spaces.
    for route in ("#/ref", "#/ref/jeunes", "#/bureau", "#/catalogue"):
        page.evaluate(f"location.hash = {route!r}")
        page.wait_for_function("location.hash === '#/region'")
    assert idb_all(page, "beneficiaries") == []
    assert re.search(r"Région Test · Région$", page.inner_text("#who a[href='#/appareil']"))
