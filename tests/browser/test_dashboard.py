"""The office space in real Chromium: the dashboard shows the server's key figures (and the
last ones offline), targets are edited, files downloaded; the catalogue freshness list and the
trainees work offline and sync; axe finds nothing on these screens at 360 and 1280 px."""
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from browser_helpers import REPO, go, login, make_offline_ready, open_app, sync_now, wait_synced

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

OFFICE = ["#/bureau", "#/bureau/a-revoir", "#/bureau/formations"]


def _today():
    return datetime.now(ZoneInfo("Europe/Paris")).date()


def _fr(n):
    """A number as the page writes it (fr-FR: narrow no-break space between thousands)."""
    if n is None:
        return "—"
    if float(n).is_integer():
        text = f"{int(n):,}"
    else:
        text = f"{n:,.3f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


def _coordinator(live_server, new_context, **options):
    ctx = new_context(**options)
    page = open_app(ctx, live_server.url, "#/connexion")
    make_offline_ready(page)
    login(page, "coordinator")
    return ctx, page


def _open_dashboard(page, state="fresh"):
    go(page, "#/bureau")
    page.wait_for_selector(f"#chiffres[data-loaded={state}]")


def _rows(page, table_id):
    """The body rows of a figures table: [[row heading, cell, cell...]]."""
    return page.eval_on_selector_all(
        f"#{table_id} tbody tr",
        "rows => rows.map(r => [...r.children].map(c => c.textContent.trim()))")


def _server_figures(live_server):
    client, headers = live_server.api()
    answer = client.get("/api/reports/key-figures", headers=headers)
    assert answer.status_code == 200
    return answer.get_json()


def _push(client, headers, table, **fields):
    row_id = str(uuid.uuid4())
    answer = client.post("/api/sync/push", headers=headers, json={
        "client_id": "dashboard-test", "schema_version": 1, "mutations": [{
            "id": str(uuid.uuid4()), "table": table, "op": "upsert", "row_id": row_id,
            "base_version": None, "fields": fields}]}).get_json()
    assert answer["results"][0]["status"] == "applied", answer
    return row_id


def _seed_year(live_server):
    """People met this year, so that every table of the dashboard has rows to compare."""
    client, headers = live_server.api()
    y = _today().year
    partner = client.get("/api/partners", headers=headers).get_json()["items"][0]["id"]
    session = _push(client, headers, "sessions", kind="atelier", title="Atelier test", action="atelier-mlsj",
                    place="Mission Locale Sud Jura, Saint-Claude", starts_at=f"{y}-01-15T13:00:00Z")
    skills = dict.fromkeys(["lire-horaires", "s-orienter", "appli-itineraire", "acheter-titre",
                            "faire-velo", "demander-chemin"], 2)
    people = [("F", f"{y - 17}-05-01", "Saint-Claude", True, "scolaire"),
              ("M", f"{y - 23}-05-01", "La Pesse", False, "cej"), ("X", None, "Viry", None, None)]
    for sex, birth, commune, qpv, status in people:
        fields = {"first_name": "Test", "last_name": f"Tableau{uuid.uuid4().hex[:4]}", "sex": sex,
                  "commune": commune, "qpv": qpv, "status": status, "birth_date": birth}
        person = _push(client, headers, "beneficiaries", **{k: v for k, v in fields.items() if v is not None})
        _push(client, headers, "attendances", session_id=session, beneficiary_id=person, present=True)
        _push(client, headers, "contacts", channel="telephone", date=f"{y}-02-10T10:00:00Z", beneficiary_id=person)
    _push(client, headers, "diagnostics", beneficiary_id=person, date=f"{y}-01-15", answers={
        "skills": skills, "barriers": {"financier": 2, "sante": True}, "motivation": 3})
    _push(client, headers, "diagnostics", beneficiary_id=person, date=f"{y}-02-15", answers={
        "skills": skills, "barriers": {"financier": 0, "sante": True}, "motivation": 3})
    _push(client, headers, "outcomes", beneficiary_id=person, kind="code-obtenu", date=f"{y}-02-20")
    for status in ("validee", "ouverte"):
        _push(client, headers, "referrals", first_name="R", last_name="Test", consent=True,
              partner_id=partner, status=status)


def _numbers(page, table_id):
    return [r[1:] for r in _rows(page, table_id)]


def _check_figures(page, kf):
    assert _rows(page, "t-objectifs") == [
        [t["label"], _fr(t["target"]), _fr(t["value"]),
         f"{round(100 * t['ratio'])} %" if t["ratio"] is not None else "—"] for t in kf["targets"]]
    labels = page.eval_on_selector_all("svg.gauge", "gs => gs.map(g => g.getAttribute('aria-label'))")
    assert [label.split(" : ")[1].split(" (")[0] for label in labels] == [
        f"{t['value']} sur {t['target']}" for t in kf["targets"]]
    split = ("participations", "anonymous", "distinct", "young", "adults", "unknown_age")
    assert [r[1:] for r in _rows(page, "t-actions")] == [[_fr(a[k]) for k in split] for a in kf["actions"]]
    assert _rows(page, "t-lieux") == [[p["place"], *(_fr(p[k]) for k in split)] for p in kf["places"]]
    assert [r[1:] for r in _rows(page, "t-mois")] == [[_fr(m["participations"]), _fr(m["contacts"])] for m in kf["trend"]]
    partners = [[p["partner"], *(_fr(p[k]) for k in ("sent", "validated", "refused", "expired", "open")),
                 _fr(p["median_response_days"])] for p in kf["partners"]]
    assert _rows(page, "t-partenaires") == partners or (not partners and len(_rows(page, "t-partenaires")) == 1)
    assert "Aucune donnée" not in page.inner_text("#t-actions")
    profile = kf["profile"]
    for table_id, key in (("t-age", "age_bands"), ("t-sexe", "sex"), ("t-qpv", "qpv"), ("t-zrr", "zrr"),
                          ("t-situation", "status")):
        assert _numbers(page, table_id) == [[_fr(v)] for v in profile[key].values()], table_id
    assert sorted(_rows(page, "t-communes")) == sorted([c, _fr(v)] for c, v in profile["communes"].items())
    barriers = kf["barriers"]
    assert _numbers(page, "t-freins") == [[_fr(v), _fr(barriers["lifted"].get(k, 0))]
                                          for k, v in barriers["identified"].items()]
    assert _numbers(page, "t-sorties") == [[_fr(v)] for v in kf["outcomes"].values()]


def test_dashboard_figures_targets_and_downloads(live_server, new_context):
    _seed_year(live_server)
    ctx, page = _coordinator(live_server, new_context, accept_downloads=True)
    assert page.locator("#nav a[href='#/bureau']").inner_text() == "Tableau de bord"
    _open_dashboard(page)
    year = _today().year
    assert f"du 01/01/{year} au 31/12/{year}" in page.inner_text("#fraicheur")
    assert page.get_attribute("[data-periode=cette-annee]", "aria-pressed") == "true"
    kf = _server_figures(live_server)
    assert kf["actions"] and kf["partners"] and kf["profile"]["total"] >= 3
    assert kf["barriers"]["lifted"].get("financier", 0) >= 1 and kf["outcomes"].get("code-obtenu", 0) >= 1
    _check_figures(page, kf)

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
    _check_figures(page, _server_figures(live_server))

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

    # Record exports: built elsewhere; whatever the server has, the page says it in French.
    records = client.get("/api/exports/records.xlsx", headers=headers).status_code
    if records == 404:
        page.click("[data-export=dossiers-xlsx]")
        page.wait_for_selector("#telechargement-etat .error")
        assert "pas encore disponible" in page.inner_text("#telechargement-etat")
    else:
        with page.expect_download():
            page.click("[data-export=dossiers-xlsx]")
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
    _open_dashboard(page, "kept")
    assert "(hors ligne)" in page.inner_text("#fraicheur")
    _check_figures(page, _server_figures(live_server))
    go(page, "#/bureau?du=2001-01-01&au=2001-12-31")
    page.wait_for_selector("#chiffres[data-loaded=kept]")
    assert "n'ont pas encore été chargés" in page.inner_text("#chiffres")
    page.click("[data-export=kf-csv]")
    page.wait_for_selector("#telechargement-etat .error")
    assert "Pas de connexion" in page.inner_text("#telechargement-etat")
    ctx.set_offline(False)
    client.put(f"/api/reports/targets?year={year}", json={"referred": 50}, headers=headers)


def test_dashboard_without_kept_figures_offline_says_so(live_server, new_context):
    ctx, page = _coordinator(live_server, new_context)
    ctx.set_offline(True)
    go(page, "#/bureau")
    page.wait_for_selector("#chiffres[aria-busy=false]")
    assert "aucun chiffre n'a encore été chargé" in page.inner_text("#chiffres")


def test_freshness_checked_offline_then_synced(live_server, new_context):
    ctx, page = _coordinator(live_server, new_context)
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
    go(page, "#/bureau/a-revoir")
    assert page.locator(f"#a-revoir > li[data-id='{row_id}']").count() == 0

    ctx.set_offline(False)
    sync_now(page)
    row = live_server.pull_all()[table][row_id]
    assert row["last_checked_at"] == _today().isoformat()

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
    ctx, page = _coordinator(live_server, new_context)
    before = next(t["value"] for t in _server_figures(live_server)["targets"] if t["key"] == "trained")
    client, headers = live_server.api()
    partners = client.get("/api/partners", headers=headers).get_json()["items"]
    partner = sorted(partners, key=lambda p: p["nom"])[0]

    ctx.set_offline(True)
    go(page, "#/bureau/formations")
    page.click("summary:has-text('Nouvelle formation')")
    page.fill("#nouvelle-formation input[name=title]", f"Formation au diagnostic {tag}")
    page.fill("#nouvelle-formation input[name=starts_at]", f"{_today().isoformat()}T09:00")
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
    counts = {r[0]: r[1] for r in _rows(page, "t-formes")}
    assert counts[partner["nom"]] == "1"

    ctx.set_offline(False)
    sync_now(page)
    rows = live_server.pull_all()
    assert rows["sessions"][session_id]["kind"] == "formation"
    trainees = [t for t in rows["trainees"].values() if t["session_id"] == session_id]
    assert [(t["name"], t["partner_id"], t["job_title"]) for t in trainees] == [
        (f"Anne Lenoir {tag}", partner["id"], "Conseillère")]
    after = next(t["value"] for t in _server_figures(live_server)["targets"] if t["key"] == "trained")
    assert after == before + 1


def _axe(page):
    page.wait_for_timeout(250)  # toasts rise in 0.2 s: axe would see them half transparent
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("o => axe.run(document, o)", {"runOnly": {"type": "tag", "values": TAGS}})
    route = page.evaluate("location.hash")
    return [(route, v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


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
    ctx, page = _coordinator(live_server, new_context, viewport={"width": width, "height": 900}, bypass_csp=True)
    violations, small = [], []
    _open_dashboard(page)
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
    _open_dashboard(page, "kept")
    violations += _axe(page)
    assert violations == [], "\n".join(map(str, violations))
    assert small == []
