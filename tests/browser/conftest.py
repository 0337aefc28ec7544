"""Fixtures of the browser tests (helpers in browser_helpers.py): a live server, Chromium,
fresh browser contexts. Every test here is marked `browser`."""
import pytest

from browser_helpers import ARGS, CHROMIUM, LiveServer, chromium_or_skip, copy_pwa


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """One server for the session, serving a copy of pwa/ (tests may not edit the real one)."""
    tmp = tmp_path_factory.mktemp("live")
    server = LiveServer(tmp, copy_pwa(tmp / "pwa"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pw():
    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(pw):
    chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def new_context(browser):
    """Factory of fresh browser contexts (each one is a new device), closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("locale", "fr-FR")
        options.setdefault("timezone_id", "Europe/Paris")
        # Playwright's polling waits evaluate strings, which the app's policy forbids (no
        # 'unsafe-eval'); test_csp.py runs the app under its real policy.
        options.setdefault("bypass_csp", True)
        ctx = browser.new_context(**options)
        ctx.set_default_timeout(15000)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


