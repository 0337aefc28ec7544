"""Two tablets change the same field: the conflict shows up in the app, side by side, and is
resolved there; both tablets then agree with the server."""
import uuid

from browser_helpers import go, login, make_offline_ready, open_app, sync_now, wait_synced


def _edit_commune(page, person_id, commune, status=None, birth=None):
    go(page, f"#/ref/jeune/{person_id}/modifier")
    page.fill("input[name=commune]", commune)
    if status:
        page.select_option("select[name=status]", status)
    if birth:
        page.fill("input[name=birth_date]", birth)
    page.click("main form button[type=submit]")
    page.wait_for_function(f"location.hash === '#/ref/jeune/{person_id}'")


def test_conflict_between_two_devices_is_resolved_in_the_app(live_server, new_context):
    tag = uuid.uuid4().hex[:6]
    a = open_app(new_context(), live_server.url, "#/connexion")
    login(a, "referent")
    go(a, "#/ref/jeune-nouveau")
    a.fill("input[name=first_name]", "Sami")
    a.fill("input[name=last_name]", f"Conflit{tag}")
    a.fill("input[name=commune]", "Saint-Claude")
    a.click("main form button[type=submit]")
    a.wait_for_function("/^#\\/ref\\/jeune\\/[0-9a-f-]{36}$/.test(location.hash)")
    person_id = a.evaluate("location.hash.split('/').pop()")
    sync_now(a)

    b = open_app(new_context(), live_server.url, "#/connexion")
    make_offline_ready(b)  # offline, the commune list comes from the service worker
    login(b, "coordinator")  # its first pull brings the person at this version

    b.context.set_offline(True)  # B is out in the valleys
    _edit_commune(a, person_id, "Viry (39)", "cej", "2007-03-09")  # namesakes in 71 and 74
    sync_now(a)
    _edit_commune(b, person_id, "Lajoux", "scolaire", "2008-11-30")  # B has not seen A's change
    b.context.set_offline(False)
    sync_now(b)

    b.wait_for_selector("#status .conflicts")
    b.click("#status .conflicts")
    b.wait_for_selector("#conflits fieldset[data-field=commune]")
    card = b.inner_text("#conflits")
    assert "Ma valeur : Lajoux" in card and "Valeur du serveur : Viry" in card
    # The screen speaks French: labels, codes as words, dates as dates; never a field code.
    legends = b.locator("#conflits legend").all_inner_texts()
    assert {"Commune", "Situation ou statut", "Date de naissance"} <= set(legends), legends
    assert "Ma valeur : Scolaire" in card and "Valeur du serveur : CEJ" in card
    assert "Ma valeur : 30/11/2008" in card and "Valeur du serveur : 09/03/2007" in card
    assert "birth_date" not in card and "scolaire" not in card
    # Another value is typed in the field's own kind of input: a choice for a code list.
    assert b.locator("#conflits fieldset[data-field=status] select option").count() > 5
    b.check("#conflits fieldset[data-field=status] input[value=server]")
    b.check("#conflits fieldset[data-field=birth_date] input[value=edit]")
    b.fill("#conflits fieldset[data-field=birth_date] input[type=date]", "2008-12-01")
    b.check("#conflits fieldset[data-field=commune] input[value=server]")
    # The INSEE code follows the name it goes with.
    assert b.is_checked("#conflits fieldset[data-field=commune_code] input[value=server]")
    b.check("#conflits fieldset[data-field=commune] input[value=client]")
    assert b.is_checked("#conflits fieldset[data-field=commune_code] input[value=client]")
    b.click("#conflits button[type=submit]")
    b.wait_for_selector("text=Aucun conflit")
    wait_synced(b)
    assert not b.query_selector("#status .conflicts")

    person = live_server.pull_all()["beneficiaries"][person_id]
    assert (person["commune"], person["commune_code"], person["status"], person["birth_date"]) \
        == ("Lajoux", "39274", "cej", "2008-12-01")
    go(b, f"#/ref/jeune/{person_id}")
    assert "Lajoux" in b.inner_text("main")
    sync_now(a)
    go(a, f"#/ref/jeune/{person_id}")
    assert "Lajoux" in a.inner_text("main")


def test_edits_of_different_fields_are_kept_and_offered_for_review(live_server, new_context):
    tag = uuid.uuid4().hex[:6]
    a = open_app(new_context(), live_server.url, "#/connexion")
    login(a, "referent")
    go(a, "#/ref/jeune-nouveau")
    a.fill("input[name=first_name]", "Mila")
    a.fill("input[name=last_name]", f"Relue{tag}")
    a.click("main form button[type=submit]")
    a.wait_for_function("/^#\\/ref\\/jeune\\/[0-9a-f-]{36}$/.test(location.hash)")
    person_id = a.evaluate("location.hash.split('/').pop()")
    sync_now(a)
    b = open_app(new_context(), live_server.url, "#/connexion")
    login(b, "coordinator")

    b.context.set_offline(True)
    _edit_commune(a, person_id, "Viry (39)")
    sync_now(a)
    go(b, f"#/ref/jeune/{person_id}/modifier")
    b.fill("input[name=phone]", "0612345678")
    b.click("main form button[type=submit]")
    b.wait_for_function(f"location.hash === '#/ref/jeune/{person_id}'")
    b.context.set_offline(False)
    sync_now(b)
    assert not b.query_selector("#status .conflicts")  # nothing to settle: both are kept
    person = live_server.pull_all()["beneficiaries"][person_id]
    assert (person["commune"], person["phone"]) == ("Viry", "0612345678")

    go(b, "#/conflits")
    card = b.locator("#relectures [data-review]").filter(has_text="0612345678")
    card.wait_for()
    text = card.inner_text()
    assert "Téléphone : 0612345678" in text and "Commune : Viry" in text
    card.locator("button").click()
    card.wait_for(state="detached")  # other tests may leave reviews of their own
    client, headers = live_server.api()
    left = client.get("/api/sync/conflicts?status=review", headers=headers).get_json()["items"]
    assert [r for r in left if r["row_id"] == person_id] == []
