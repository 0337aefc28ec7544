"""A new service worker version: the app shows the prompt, saves the drafts, and reloads into
the new version; the old version's cache is gone."""
import re

from browser_helpers import LiveServer, copy_pwa, go, make_offline_ready, open_app


def test_update_prompt_saves_drafts_and_reloads_into_new_version(tmp_path, new_context):
    server = LiveServer(tmp_path, copy_pwa(tmp_path / "pwa"))
    try:
        sw = server.pwa_dir / "sw.js"
        version = re.search(r"const VERSION = '([^']+)';", sw.read_text()).group(1)
        old_cache = f"mhj-shell-{version}"
        page = open_app(new_context(), server.url, "#/jeunes/rappel")
        make_offline_ready(page)
        assert page.evaluate("caches.keys()").count(old_cache) == 1
        page.fill("input[name=name]", "Brouillon Gardé")  # typed, not sent

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
        assert page.get_attribute("meta[name=app-version]", "content") == "v2-test"
        page.wait_for_function(f"caches.keys().then((k) => !k.includes('{old_cache}'))")
        assert "mhj-shell-v2-test" in page.evaluate("caches.keys()")
        go(page, "#/jeunes/rappel")
        page.wait_for_function("document.querySelector('input[name=name]').value === 'Brouillon Gardé'")
    finally:
        server.stop()
