"""Who holds the data, and who lends the tablet (issue 12), in real Chromium. « Vos données »
and the accessibility statement name the structure of the signed-in account, never a
hard-coded one; in the youth space, where nobody is signed in, they say plainly that it is the
structure that follows the young person, without inventing a name. The region's account (it
reads figures, meets nobody) has no « Prêter la tablette », and no address lends the tablet."""
import pytest

from browser_helpers import LiveServer, copy_pwa, go, login, open_app
from rights_helpers import idb_all
from test_dashboard import AXE, _axe, _small_targets
from test_structures_app import _region_account, _region_login

# Marks a name must keep: shown as text, never read as markup.
NAME = "Mission Locale « Oyonnax » & <Bugey>"
YOUTH = ("La structure qui vous accompagne : celle de votre référente mobilité. C'est elle qui "
         "décide ce qui est noté, et qui le protège. Vous ne connaissez pas son nom ? "
         "Demandez-le à votre référente.")


@pytest.fixture(scope="module")
def named(tmp_path_factory):
    """A server of its own whose structure has a name of its own, and a region account."""
    from server.extensions import db
    from server.models import DEFAULT_STRUCTURE, Structure

    tmp = tmp_path_factory.mktemp("named")
    server = LiveServer(tmp, copy_pwa(tmp / "pwa"))
    with server.app.app_context():
        db.session.get(Structure, DEFAULT_STRUCTURE).name = NAME
        db.session.commit()
    _region_account(server)
    yield server
    server.stop()


def _lent(page) -> bool:
    return any(m["key"] == "lent" and m["value"] for m in idb_all(page, "meta"))


def test_the_youth_space_names_no_structure_it_does_not_know(named, new_context):
    page = open_app(new_context(viewport={"width": 360, "height": 800}), named.url, "#/vos-donnees")
    go(page, "#/vos-donnees")
    assert page.inner_text("#responsable") == YOUTH
    text = page.inner_text("main")
    assert "La coordination de cette structure (le bureau)." in text
    assert "Ou venez à l'accueil de la structure qui vous accompagne." in text
    go(page, "#/accessibilite")
    text += page.inner_text("main")
    assert "La structure qui vous accompagne veut que l'application" in text
    text += page.inner_text("footer")
    assert page.inner_text("footer").startswith("Cet appareil · Vos données")
    for name in ("Sud Jura", "Oyonnax", "Saint-Claude"):
        assert name not in text, name


@pytest.mark.parametrize("width", [360, 1280])
def test_a_signed_in_account_reads_its_own_structures_name(named, new_context, width):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci`")
    page = open_app(new_context(viewport={"width": width, "height": 900}), named.url, "#/connexion")
    login(page, "referent")
    go(page, "#/vos-donnees")
    assert page.inner_text("#responsable") == (
        f"{NAME}. C'est la structure qui vous accompagne. C'est elle qui décide ce qui est noté, "
        "et qui le protège.")
    text = page.inner_text("main")
    assert f"La coordination de {NAME} (le bureau)." in text
    assert f"Ou venez à l'accueil de {NAME}." in text
    assert "&lt;Bugey&gt;" in page.inner_html("#responsable"), "a name is text, never markup"
    assert page.inner_text("footer").startswith(f"{NAME} · Cet appareil · Vos données")
    violations, small = _axe(page), _small_targets(page)
    go(page, "#/accessibilite")
    text += page.inner_text("main")
    assert f"{NAME} veut que l'application" in text
    assert f"Ou venez à l'accueil de {NAME}." in page.inner_text("main")
    violations += _axe(page)
    assert "Sud Jura" not in text and "Saint-Claude" not in text
    assert violations == [], "\n".join(map(str, violations))
    assert small == []
    # Lent to a young person, the tablet still says whose it is: they are followed there.
    assert page.locator("#lend").count() == 1, "the referent lends her tablet"
    page.click("#lend")
    page.wait_for_function("document.documentElement.dataset.route === '#/jeunes'")
    page.click("footer a[href='#/vos-donnees']")
    page.wait_for_function("document.documentElement.dataset.route === '#/vos-donnees'")
    assert page.inner_text("#responsable").startswith(f"{NAME}. ")


def test_the_region_lends_no_tablet(named, new_context):
    page = open_app(new_context(), named.url, "#/connexion")
    _region_login(page)
    page.wait_for_function("location.hash === '#/region'")
    assert page.locator("#who #lend").count() == 0
    assert page.locator("#who #lock-now").count() == 1, "locking stays"
    assert "Prêter la tablette" not in page.inner_text("body")
    # No address lends it either: the lock's screen and the youth space open, the tablet is
    # not lent, and the region's header stays.
    for route in ("#/verrou", "#/jeunes", "#/vos-donnees", "#/appareil", "#/preter"):
        page.evaluate(f"location.hash = {route!r}")
        page.wait_for_function("document.documentElement.dataset.route === location.hash")
        assert page.locator("#lend").count() == 0, route
        assert not _lent(page), route
        assert "Région Test" in page.inner_text("#who"), route
        assert "Reprendre la tablette" not in page.inner_text("#nav"), route
    go(page, "#/vos-donnees")
    assert page.inner_text("#responsable").startswith(f"{NAME}. ")
