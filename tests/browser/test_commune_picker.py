"""The commune fields on a 360 px phone, offline: official names proposed, the INSEE code kept,
free text never sent as a commune, a French message when nothing matches; axe-clean."""
import uuid

from browser_helpers import axe_violations as _axe, go, login, make_offline_ready, open_app, wait_synced


def _options(page, name="commune"):
    return page.evaluate("n => [...document.querySelector(`input[name=${n}]`).list.options]"
                         ".map(o => o.value)", name)


def test_call_back_form_proposes_official_communes_offline(live_server, new_context):
    ctx = new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                      bypass_csp=True)
    page = open_app(ctx, live_server.url, "#/jeunes/rappel")
    make_offline_ready(page)
    ctx.set_offline(True)
    page.reload()
    page.wait_for_selector("input[name=commune]")
    commune = page.locator("input[name=commune]")
    # The field is labelled, and its list comes from the official file (kept offline).
    assert page.locator("label[for='%s']" % commune.get_attribute("id")).inner_text() \
        .startswith("Tu habites à")
    commune.press_sequentially("lavans")
    assert "Lavans-lès-Saint-Claude (39)" in _options(page)
    commune.press_sequentially("-les-st")
    assert _options(page)[0] == "Lavans-lès-Saint-Claude (39)"

    # Words that are no commune: a message in French, no code, and the form says so on send.
    commune.fill("Chez ma tante")
    commune.blur()
    message = page.locator(".commune-picker .field-error")
    assert "Aucune commune de la liste" in message.inner_text()
    assert commune.get_attribute("aria-invalid") == "true"
    assert page.input_value("input[name=commune_code]") == ""
    name = f"Lina Commune {uuid.uuid4().hex[:6]}"
    page.fill("input[name=name]", name)
    page.fill("input[name=phone]", "06 12 34 56 78")
    page.check("input[name=consent]")
    assert _axe(page) == []
    page.click("main form button[type=submit]")
    assert "Aucune commune de la liste" in page.inner_text(".errors")
    assert page.locator("#status .requests").count() == 0  # nothing was queued

    # Typed loosely, then chosen: the official name shows, the INSEE code is kept.
    commune.fill("lavans les st claude")
    commune.blur()
    assert commune.input_value() == "Lavans-lès-Saint-Claude (39)"
    assert page.input_value("input[name=commune_code]") == "39286"
    assert message.inner_text() == "" and commune.get_attribute("aria-invalid") is None
    assert _axe(page) == []
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=ta demande partira toute seule")

    ctx.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("!document.querySelector('#status .requests')")
    mine = [c for c in live_server.pull_all()["contacts"].values() if c.get("name") == name]
    assert len(mine) == 1
    assert mine[0]["notes"].startswith("Commune : Lavans-lès-Saint-Claude (39286)")


def test_catalogue_filters_by_the_chosen_commune_offline(live_server, new_context):
    ctx = new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = open_app(ctx, live_server.url, "#/jeunes")
    page.wait_for_selector("#offres .card")
    make_offline_ready(page)
    ctx.set_offline(True)
    page.reload()
    page.wait_for_selector("#offres .card")
    everything = page.locator("#offres .card").count()
    commune = page.locator("input[name=commune]")
    commune.fill("Oyonnax")
    commune.blur()
    assert page.input_value("input[name=commune_code]") == "01283"
    page.wait_for_function(f"document.querySelectorAll('#offres .card').length < {everything}")
    oyonnax = page.locator("#offres .card").count()
    commune.fill("Lavans-lès-Saint-Claude (39)")
    commune.blur()
    page.wait_for_function(f"document.querySelectorAll('#offres .card').length > {oyonnax}")
    assert page.input_value("input[name=commune_code]") == "39286"


def test_person_form_keeps_the_insee_code_and_refuses_unknown_words(live_server, new_context):
    ctx = new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = open_app(ctx, live_server.url, "#/connexion")
    make_offline_ready(page)
    login(page, "referent")
    ctx.set_offline(True)
    go(page, "#/ref/jeune-nouveau")
    last = f"Girod{uuid.uuid4().hex[:6]}"
    page.fill("input[name=first_name]", "Léa")
    page.fill("input[name=last_name]", last)
    page.fill("input[name=commune]", "chez sa tante")
    page.locator("input[name=commune]").blur()
    page.check("input[name=consent]")
    page.click("main form button[type=submit]")
    page.wait_for_selector("main form .errors p")
    assert "Commune : Aucune commune de la liste" in page.inner_text("main form .errors")
    assert page.evaluate("location.hash") == "#/ref/jeune-nouveau"  # nothing saved
    assert page.locator("label:has-text('FRR')").count() == 1
    assert _axe(page) == []

    page.fill("input[name=commune]", "st claude")
    page.locator("input[name=commune]").blur()  # closes the list of proposals
    assert page.input_value("input[name=commune]") == "Saint-Claude (39)"
    page.check("input[name=frr]")
    page.click("main form button[type=submit]")
    page.wait_for_function("/^#\\/ref\\/jeune\\/[0-9a-f-]{36}$/.test(location.hash)")
    person = page.evaluate("location.hash.split('/').pop()")
    ctx.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_synced(page)
    saved = live_server.pull_all("referent")["beneficiaries"][person]
    assert (saved["commune"], saved["commune_code"], saved["frr"]) == ("Saint-Claude", "39478", True)


def test_offer_form_keeps_the_insee_code_and_checks_the_zone(live_server, new_context):
    page = open_app(new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True),
                    live_server.url, "#/connexion")
    login(page, "coordinator")
    go(page, "#/bureau/offre/nouvelle")
    name = f"Garage école {uuid.uuid4().hex[:6]}"
    page.fill("input[name=nom]", name)
    page.fill("input[name=commune]", "oyonnax")
    page.locator("input[name=commune]").blur()
    page.fill("input[name=zone_eligibilite]", "01283, Haut-Jura")
    page.click("main form button[type=submit]")
    page.wait_for_selector("main form .errors:has-text('Haut-Jura')")
    assert "n'est pas un code" in page.inner_text("main form .errors")
    assert _axe(page) == []
    page.fill("input[name=zone_eligibilite]", "01283, 200026573")
    page.click("main form button[type=submit]")
    page.wait_for_function("location.hash === '#/bureau/offres'")
    wait_synced(page)
    (offer,) = [o for o in live_server.pull_all()["offers"].values() if o.get("nom") == name]
    assert (offer["commune"], offer["code_insee"], offer["code_postal"]) == (
        "Oyonnax", "01283", "01100")
    assert offer["zone_eligibilite"] == ["01283", "200026573"]
    # The partner form too: the commune from the list, its INSEE code with it.
    go(page, "#/bureau/partenaire/nouveau")
    partner = f"CCAS {uuid.uuid4().hex[:6]}"
    page.fill("input[name=nom]", partner)
    page.fill("input[name=commune]", "lavans les st claude")
    page.locator("input[name=commune]").blur()
    page.click("main form button[type=submit]")
    page.wait_for_function("location.hash === '#/bureau/partenaires'")
    wait_synced(page)
    (saved,) = [x for x in live_server.pull_all()["partners"].values() if x.get("nom") == partner]
    assert (saved["commune"], saved["code_insee"]) == ("Lavans-lès-Saint-Claude", "39286")
