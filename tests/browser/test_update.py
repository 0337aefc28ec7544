"""A new service worker version: the app shows the prompt, saves the drafts, and reloads into
the new version; the old version's cache is gone. A staff form's draft (sealed) is there again
once the tablet is unlocked; the young person's call-back form is not (it never touches disk)."""
import re

from browser_helpers import LiveServer, copy_pwa, go, login, make_offline_ready, open_app, unlock


def test_update_prompt_saves_drafts_and_reloads_into_new_version(tmp_path, new_context):
    server = LiveServer(tmp_path, copy_pwa(tmp_path / "pwa"))
    try:
        sw = server.pwa_dir / "sw.js"
        version = re.search(r"const VERSION = '([^']+)';", sw.read_text()).group(1)
        old_cache = f"mhj-shell-{version}"
        page = open_app(new_context(), server.url, "#/connexion")
        make_offline_ready(page)
        login(page, "referent")
        assert page.evaluate("caches.keys()").count(old_cache) == 1
        go(page, "#/jeunes/rappel")
        page.fill("input[name=name]", "Camille Visiteuse")  # a young person's, typed, not sent
        go(page, "#/ref/contact-nouveau")
        page.fill("input[name=subject]", "Brouillon Gardé")  # the referent's, typed, not sent

        sw.write_text(sw.read_text().replace(f"const VERSION = '{version}';", "const VERSION = 'v2-test';"))
        index = server.pwa_dir / "index.html"
        index.write_text(index.read_text().replace(
            '<meta name="theme-color"', '<meta name="app-version" content="v2-test">\n  <meta name="theme-color"'))

        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        page.wait_for_selector("#update-now")
        assert "nouvelle version" in page.inner_text("#update").lower()
        assert page.query_selector("meta[name=app-version]") is None  # nothing swapped yet

        with page.expect_navigation():
            page.click("#update-now")
        page.wait_for_selector("html[data-ready]", state="attached")
        unlock(page)
        assert page.get_attribute("meta[name=app-version]", "content") == "v2-test"
        page.wait_for_function(f"caches.keys().then((k) => !k.includes('{old_cache}'))")
        assert "mhj-shell-v2-test" in page.evaluate("caches.keys()")
        go(page, "#/ref/contact-nouveau")
        page.wait_for_function("(document.querySelector('input[name=subject]') || {}).value === 'Brouillon Gardé'")
        go(page, "#/jeunes/rappel")
        assert page.input_value("input[name=name]") == ""
    finally:
        server.stop()
