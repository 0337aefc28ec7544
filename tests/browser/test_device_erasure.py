"""Erasure reaches the devices: a person erased by the coordinator disappears from a
referent's tablet at its next sync, with their rows, even after an offline edit of the file."""
import uuid

from browser_helpers import go, login, make_offline_ready, open_app, sync_now, wait_synced
from rights_helpers import ERASE, add_contact, idb_all, new_person, route_or_skip


def _erase(live_server, person_id):
    client, headers = live_server.api("coordinator")
    answer = client.post(ERASE[1].format(id=person_id), json={}, headers=headers)
    assert 200 <= answer.status_code < 300, answer.get_data(as_text=True)


def _gone_everywhere(live_server, page, person_id, last):
    assert person_id not in [p["id"] for p in idb_all(page, "beneficiaries")]
    for store in ("contacts", "diagnostics", "action_steps", "attendances", "referrals", "outcomes",
                  "objectives"):
        assert [r for r in idb_all(page, store) if r.get("beneficiary_id") == person_id] == [], store
    assert [m for m in idb_all(page, "outbox") if m["row_id"] == person_id] == []
    assert [d for d in idb_all(page, "drafts") if person_id in d["key"]] == []
    go(page, "#/ref/jeunes")
    assert last not in page.inner_text("#jeunes")
    assert person_id not in live_server.pull_all("referent").get("beneficiaries", {})


def test_an_erased_person_leaves_the_tablet_at_its_next_sync(live_server, new_context):
    route_or_skip(live_server, *ERASE)
    tag = uuid.uuid4().hex[:6]
    last = f"Effacée{tag}"
    page = open_app(new_context(), live_server.url, "#/connexion")
    login(page, "referent")
    person_id = new_person(page, "Inès", last)
    add_contact(page, person_id, f"Permis {tag}")
    go(page, f"#/ref/jeune/{person_id}/objectif")  # an objective of the plan goes along too
    page.fill("#objectif input[name=label]", f"Passer le code {tag}")
    page.click("#objectif button[type=submit]")
    page.wait_for_selector("#objectifs [data-objective]")
    sync_now(page)
    assert person_id in [p["id"] for p in idb_all(page, "beneficiaries")]
    assert [o for o in idb_all(page, "objectives") if o.get("beneficiary_id") == person_id]

    _erase(live_server, person_id)

    go(page, f"#/ref/jeune/{person_id}")  # the file is on screen while the tablet syncs
    sync_now(page)
    page.wait_for_selector("main h1:text('Fiche introuvable')")
    _gone_everywhere(live_server, page, person_id, last)


def test_an_offline_edit_made_before_the_erasure_does_not_bring_the_person_back(live_server, new_context):
    route_or_skip(live_server, *ERASE)
    tag = uuid.uuid4().hex[:6]
    last = f"Horsligne{tag}"
    ctx = new_context()
    page = open_app(ctx, live_server.url, "#/connexion")
    make_offline_ready(page)
    login(page, "referent")
    person_id = new_person(page, "Malo", last)
    sync_now(page)

    # In a valley without network: the file is edited, a contact noted, a draft left open.
    ctx.set_offline(True)
    go(page, f"#/ref/jeune/{person_id}/modifier")
    page.fill("textarea[name=notes]", "Vu à la permanence du Dôme")
    page.click("main form button[type=submit]")
    page.wait_for_function(f"location.hash === '#/ref/jeune/{person_id}'")
    add_contact(page, person_id, f"Vélo {tag}")
    go(page, f"#/ref/jeune/{person_id}/modifier")
    page.fill("input[name=commune]", "Lajoux")
    page.wait_for_timeout(600)  # the draft is saved 400 ms after typing
    assert any(d["key"] == f"jeune-{person_id}" for d in idb_all(page, "drafts"))
    go(page, "#/ref")
    assert int(page.locator("#status .pending").get_attribute("data-count")) >= 2

    _erase(live_server, person_id)  # meanwhile, at the office

    ctx.set_offline(False)
    sync_now(page)
    _gone_everywhere(live_server, page, person_id, last)
    assert page.locator("#status .conflicts").count() == 0
    sync_now(page)  # and it stays gone
    wait_synced(page)
    assert person_id not in [p["id"] for p in idb_all(page, "beneficiaries")]
    assert person_id not in live_server.pull_all("coordinator").get("beneficiaries", {})
