"""The coordinator says whether an offer's place is accessible (yes, no, or not said): the
youth catalogue's « lieux accessibles » filter follows; "not said" never counts as a no."""
import uuid

from browser_helpers import go, login, open_app, sync_now, wait_synced
from office_helpers import push


def test_the_offer_editor_sets_and_clears_lieu_accessible(live_server, new_context):
    client, headers = live_server.api("coordinator")
    name = f"Vélo adapté {uuid.uuid4().hex[:6]}"
    offer = push(client, headers, "offers", nom=name, thematiques=["mobilite--acceder-a-un-vehicule"])
    page = open_app(new_context(viewport={"width": 360, "height": 900}), live_server.url, "#/connexion")
    login(page, "coordinator")
    for choice, stored in (("true", True), ("false", False), ("", None)):
        go(page, f"#/bureau/offre/{offer}")
        page.select_option("select[name=lieu_accessible]", choice)
        page.click("main form button[type=submit]")
        page.wait_for_function("location.hash === '#/bureau/offres'")
        sync_now(page)
        wait_synced(page)
        assert live_server.pull_all()["offers"][offer].get("lieu_accessible") is stored, choice
        if stored is True:
            go(page, "#/jeunes?accessible=1")
            page.wait_for_selector("#offres")
            assert name in page.inner_text("#offres")
