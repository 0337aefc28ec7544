"""A tablet's disk (issue 9): after a first sync, nothing a person's file says can be read from
the browser profile; after a restart with no network, the password opens the files again."""
from browser_helpers import PASSWORD, login, make_offline_ready, unlock, wait_synced
from tablet_helpers import find_in_profile, marked_person, open_person, persistent, reopen


def signed_in_device(live_server, pw, tmp_path):
    """A marked person on the server, and a tablet keeping its profile on disk, signed in."""
    person, markers = marked_person(live_server)
    profile = tmp_path / "profile"
    ctx = persistent(pw, profile)
    page = reopen(ctx, live_server, "#/connexion")
    make_offline_ready(page)
    login(page, "referent")
    return person, markers, profile, ctx, page


def test_no_name_phone_or_note_on_disk_after_a_first_sync(live_server, pw, tmp_path):
    person, markers, profile, ctx, page = signed_in_device(live_server, pw, tmp_path)
    name = f"{markers['first_name']} {markers['last_name']}"
    open_person(page, person, name)
    # Typed offline: the change waits in the outbox, a draft is kept, nothing leaves.
    ctx.set_offline(True)
    page.evaluate(f"location.hash = '#/ref/jeune/{person}/modifier'")
    offline_note = f"Note hors ligne {markers['phone']}x"
    page.fill("textarea[name=notes]", offline_note)
    page.click("main form button[type=submit]")
    page.wait_for_selector("#status .pending[data-count='1']")
    ctx.close()

    found = find_in_profile(profile, [*markers.values(), offline_note])
    assert found == {}, f"personal data readable on disk: {found}"
    # The search does read IndexedDB: the public catalogue, kept in clear, is found.
    offers = live_server.pull_all("referent")["offers"]
    some_offer = next(iter(offers.values()))["nom"]
    assert find_in_profile(profile, [some_offer]), "the scan must find the public catalogue"


def test_offline_sign_in_after_a_restart_then_sync_when_the_network_is_back(live_server, pw, tmp_path):
    person, markers, profile, ctx, page = signed_in_device(live_server, pw, tmp_path)
    ctx.close()

    ctx = persistent(pw, profile, offline=True)
    page = reopen(ctx, live_server, "#/ref")
    name = f"{markers['first_name']} {markers['last_name']}"
    assert name not in page.content()
    page.fill("#unlock-password input[name=password]", "pas le bon mot de passe")
    page.click("#unlock-password button[type=submit]")
    page.wait_for_selector("#unlock-password [role=alert] p")
    assert "incorrect" in page.inner_text("#unlock-password [role=alert]")
    unlock(page, PASSWORD)
    open_person(page, person, name)
    # Work offline, then the network comes back: the change leaves with nothing pressed.
    page.evaluate(f"location.hash = '#/ref/jeune/{person}/modifier'")
    page.fill("input[name=commune]", "Saint-Claude")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#status .pending[data-count='1']")
    ctx.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_synced(page)
    assert live_server.pull_all("referent")["beneficiaries"][person]["commune"] == "Saint-Claude"
    ctx.close()
