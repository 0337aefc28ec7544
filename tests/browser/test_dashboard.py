"""The office space in real Chromium: the dashboard shows the server's key figures (and the
last ones offline), targets are edited, files downloaded; the catalogue freshness list and the
trainees work offline and sync; axe finds nothing on these screens at 360 and 1280 px."""
import uuid

import pytest

from browser_helpers import AXE, axe_violations as _axe, go, sync_now, unlock, wait_synced
from office_helpers import check_figures, coordinator, open_dashboard, rows, seed_year, server_figures, today

OFFICE = ["#/bureau", "#/bureau/a-revoir", "#/bureau/formations"]


def test_dashboard_figures_targets_and_downloads(live_server, new_context):
    seed_year(live_server)
    ctx, page = coordinator(live_server, new_context, accept_downloads=True)
    assert page.locator("#nav a[href='#/bureau']").inner_text() == "Tableau de bord"
    open_dashboard(page)
    year = today().year
    assert f"du 01/01/{year} au 31/12/{year}" in page.inner_text("#fraicheur")
    assert page.get_attribute("[data-periode=cette-annee]", "aria-pressed") == "true"
    kf = server_figures(live_server)
    assert kf["actions"] and kf["partners"] and kf["profile"]["total"] >= 3
    assert kf["barriers"]["lifted"].get("financier", 0) >= 1 and kf["outcomes"].get("code-obtenu", 0) >= 1
    check_figures(page, kf)

    # Targets: a wrong value is refused with a message on its field, a right one saved.
    page.click("#objectifs summary")
    field = page.locator("#objectifs-form input[name=referred]")
    field.fill("100001")
    page.click("#objectifs-form button[type=submit]")
    assert "dépasser" in page.inner_text("#objectifs-form .field-error >> nth=0")
    assert field.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.name") == "referred"
    field.fill("42")
    page.click("#objectifs-form button[type=submit]")
    page.wait_for_function("[...document.querySelectorAll('svg.gauge')].some(g => / sur 42 /.test(g.getAttribute('aria-label')))")
    page.wait_for_selector("#chiffres[data-loaded=fresh]")
    client, headers = live_server.api()
    assert client.get(f"/api/reports/targets?year={year}", headers=headers).get_json()["targets"]["referred"] == 42
    check_figures(page, server_figures(live_server))

    # Downloads, with the keyboard: the CSV is the server's CSV of the period.
    with page.expect_download() as info:
        page.focus("[data-export=kf-csv]")
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == f"chiffres-cles-{year}-01-01-{year}-12-31.csv"
    expected = client.get(f"/api/reports/key-figures.csv?from={year}-01-01&to={year}-12-31", headers=headers).data
    with open(download.path(), "rb") as f:
        assert f.read() == expected
    page.wait_for_selector("#telechargement-etat a[download]")

    with page.expect_download() as info:
        page.click("[data-export=kf-xlsx]")
    assert info.value.suggested_filename.endswith(".xlsx")
    with open(info.value.path(), "rb") as f:
        assert f.read(2) == b"PK"
    with page.expect_download() as info:
        page.click("[data-export=bilan-pdf]")
    with open(info.value.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"

    # The pseudonymised record export downloads as a workbook.
    with page.expect_download() as info:
        page.click("[data-export=dossiers-xlsx]")
    with open(info.value.path(), "rb") as f:
        assert f.read(2) == b"PK"
    # The full export asks first, and explains; "Annuler" sends nothing.
    page.click("[data-export=complet-xlsx]")
    dialog = page.locator("dialog[open]")
    assert "journal" in dialog.inner_text() and "données personnelles" in dialog.inner_text()
    page.keyboard.press("Escape")
    assert page.locator("dialog[open]").count() == 0

    # The printable page opens in a new tab.
    with ctx.expect_page() as popup:
        page.click("[data-export=bilan-html]")
    printable = popup.value
    printable.wait_for_load_state()
    assert str(year) in printable.inner_text("body")
    printable.close()

    # A quick choice, then another period by hand.
    page.click("[data-periode=annee-derniere]")
    page.wait_for_function(f"location.hash === '#/bureau?du={year - 1}-01-01&au={year - 1}-12-31'")
    page.wait_for_selector("#chiffres[data-loaded=fresh]")
    assert f"du 01/01/{year - 1} au 31/12/{year - 1}" in page.inner_text("#fraicheur")
    assert page.get_attribute("[data-periode=annee-derniere]", "aria-pressed") == "true"
    page.fill("#periode input[name=du]", f"{year}-03-01")
    page.fill("#periode input[name=au]", f"{year}-03-31")
    page.click("#periode button[type=submit]")
    page.wait_for_function(f"location.hash === '#/bureau?du={year}-03-01&au={year}-03-31'")
    page.wait_for_selector("#chiffres[data-loaded=fresh]")
    assert f"du 01/03/{year} au 31/03/{year}" in page.inner_text("#fraicheur")
    assert page.get_attribute("[data-periode=cette-annee]", "aria-pressed") == "false"

    # Offline: the figures last fetched, with their date; never a blank screen.
    ctx.set_offline(True)
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    unlock(page)
    open_dashboard(page, "kept")
    assert "(hors ligne)" in page.inner_text("#fraicheur")
    check_figures(page, server_figures(live_server))
    go(page, "#/bureau?du=2001-01-01&au=2001-12-31")
    page.wait_for_selector("#chiffres[data-loaded=kept]")
    assert "n'ont pas encore été chargés" in page.inner_text("#chiffres")
    page.click("[data-export=kf-csv]")
    page.wait_for_selector("#telechargement-etat .error")
    assert "Pas de connexion" in page.inner_text("#telechargement-etat")
    ctx.set_offline(False)
    client.put(f"/api/reports/targets?year={year}", json={"referred": 50}, headers=headers)


def test_dashboard_without_kept_figures_offline_says_so(live_server, new_context):
    ctx, page = coordinator(live_server, new_context)
    ctx.set_offline(True)
    go(page, "#/bureau")
    page.wait_for_selector("#chiffres[aria-busy=false]")
    assert "aucun chiffre n'a encore été chargé" in page.inner_text("#chiffres")


def test_freshness_checked_offline_then_synced(live_server, new_context):
    ctx, page = coordinator(live_server, new_context)
    go(page, "#/bureau/a-revoir")
    first = page.locator("#a-revoir > li").first
    row_id, table = first.get_attribute("data-id"), first.get_attribute("data-table")
    assert "Jamais vérifié" in first.inner_text() or "retard" in first.inner_text()
    total = page.locator("#a-revoir > li").count()

    ctx.set_offline(True)
    page.focus(f"#a-revoir > li[data-id='{row_id}'] button.checked-today")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#a-revoir > li[data-id='{row_id}']", state="detached")
    assert page.locator("#a-revoir > li").count() == total - 1
    assert page.evaluate("document.activeElement.classList.contains('checked-today')"), "focus moves on to the next one"
    assert int(page.locator("#status .pending").get_attribute("data-count")) >= 1
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    unlock(page)
    go(page, "#/bureau/a-revoir")
    assert page.locator(f"#a-revoir > li[data-id='{row_id}']").count() == 0

    ctx.set_offline(False)
    sync_now(page)
    row = live_server.pull_all()[table][row_id]
    assert row["last_checked_at"] == today().isoformat()

    # Online, the sync that follows a check does not redraw the list under the keyboard.
    second = page.locator("#a-revoir > li").first.get_attribute("data-id")
    page.focus(f"#a-revoir > li[data-id='{second}'] button.checked-today")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#a-revoir > li[data-id='{second}']", state="detached")
    page.wait_for_function("document.querySelector('#status .pending').dataset.count === '1'")
    wait_synced(page)
    assert page.evaluate("document.activeElement.classList.contains('checked-today')")


def test_trainees_added_offline_then_synced(live_server, new_context):
    tag = uuid.uuid4().hex[:6]
    ctx, page = coordinator(live_server, new_context)
    before = next(t["value"] for t in server_figures(live_server)["targets"] if t["key"] == "trained")
    client, headers = live_server.api()
    partners = client.get("/api/partners", headers=headers).get_json()["items"]
    partner = sorted(partners, key=lambda p: p["nom"])[0]

    ctx.set_offline(True)
    go(page, "#/bureau/formations")
    page.click("summary:has-text('Nouvelle formation')")
    # The place is the coordinator's structure (named in the footer), not a hard-coded one.
    holder = page.inner_text("#holder").strip().removesuffix("·").strip()
    assert holder and page.input_value("#nouvelle-formation input[name=place]") == holder
    page.fill("#nouvelle-formation input[name=title]", f"Formation au diagnostic {tag}")
    page.fill("#nouvelle-formation input[name=starts_at]", f"{today().isoformat()}T09:00")
    page.click("#nouvelle-formation button[type=submit]")
    page.wait_for_function("/^#\\/bureau\\/formation\\/[0-9a-f-]{36}$/.test(location.hash)")
    session_id = page.evaluate("location.hash.split('/').pop()")
    for name, with_partner in ((f"Anne Lenoir {tag}", True), (f"Paul Roche {tag}", False)):
        page.fill("#ajout-participant input[name=name]", name)
        if with_partner:
            page.select_option("#ajout-participant select[name=partner_id]", partner["id"])
        else:
            page.select_option("#ajout-participant select[name=partner_id]", "")
        page.fill("#ajout-participant input[name=job_title]", "Conseillère")
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#participants >> text={name}")
        assert page.evaluate("document.activeElement.name") == "name", "ready for the next one"
    page.click(f"#participants button:has-text('Retirer Paul Roche {tag}')")
    page.wait_for_selector(f"#participants >> text=Paul Roche {tag}", state="detached")
    assert page.inner_text("#participants-titre") == "Participant·es : 1"

    go(page, "#/bureau/formations")
    assert f"Formation au diagnostic {tag}" in page.inner_text("#formations")
    counts = {r[0]: r[1] for r in rows(page, "t-formes")}
    assert counts[partner["nom"]] == "1"

    ctx.set_offline(False)
    sync_now(page)
    pulled = live_server.pull_all()
    assert pulled["sessions"][session_id]["kind"] == "formation"
    trainees = [t for t in pulled["trainees"].values() if t["session_id"] == session_id]
    assert [(t["name"], t["partner_id"], t["job_title"]) for t in trainees] == [
        (f"Anne Lenoir {tag}", partner["id"], "Conseillère")]
    after = next(t["value"] for t in server_figures(live_server)["targets"] if t["key"] == "trained")
    assert after == before + 1


def _small_targets(page):
    """Controls of the screen smaller than 44 px high (inline links in sentences aside)."""
    return page.eval_on_selector_all(
        "main button, main .button, main summary, main input:not([type=checkbox]):not([type=radio]), main select, #nav a",
        """els => els.filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
                  .map(e => e.outerHTML.slice(0, 80))""")


@pytest.mark.parametrize("width", [360, 1280])
def test_office_screens_pass_axe(live_server, new_context, width):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci`")
    ctx, page = coordinator(live_server, new_context, viewport={"width": width, "height": 900}, bypass_csp=True)
    violations, small = [], []
    open_dashboard(page)
    page.click("#objectifs summary")
    violations += _axe(page)
    small += _small_targets(page)
    assert page.evaluate("document.querySelector('svg.bars').getBoundingClientRect().width") <= width
    for route in OFFICE[1:]:
        go(page, route)
        page.wait_for_timeout(150)
        page.click("summary") if route == "#/bureau/formations" else None
        violations += _axe(page)
        small += _small_targets(page)
    page.fill("#nouvelle-formation input[name=title]", "Formation axe")
    page.click("#nouvelle-formation button[type=submit]")
    page.wait_for_function("location.hash.startsWith('#/bureau/formation/')")
    page.fill("#ajout-participant input[name=name]", "Personne Axe")
    page.click("#ajout-participant button[type=submit]")
    page.wait_for_selector("#participants >> text=Personne Axe")
    violations += _axe(page)
    small += _small_targets(page)
    # Offline, the kept figures screen too.
    ctx.set_offline(True)
    open_dashboard(page, "kept")
    violations += _axe(page)
    assert violations == [], "\n".join(map(str, violations))
    assert small == []
