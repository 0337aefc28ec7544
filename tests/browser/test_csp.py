"""The app works under its strict Content-Security-Policy: no screen of any space, nor the
printable pages it opens, trips a violation; stored links that are not safe are never links."""
import json
import time
import uuid

from browser_helpers import go, login, make_offline_ready, open_app
from office_helpers import open_dashboard
from rights_helpers import new_person

# Every page of the context reports its violations on the console, where they are collected
# with the browser's own "Refused to…" messages (an init script is not bound by the policy).
REPORT = """document.addEventListener('securitypolicyviolation', (e) => console.error(
  `CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"""
YOUTH = ["#/", "#/jeunes", "#/jeunes/permanences", "#/jeunes/rappel", "#/jeunes/favoris",
         "#/vos-donnees", "#/accessibilite", "#/connexion"]
REFERENT = ["#/ref", "#/ref/jeunes", "#/ref/jeune-nouveau", "#/ref/contacts",
            "#/ref/contact-nouveau", "#/ref/orientations", "#/ref/seance-nouvelle",
            "#/catalogue", "#/partenaires", "#/conflits", "#/appareil"]
OFFICE = ["#/bureau/offres", "#/bureau/offre/nouvelle", "#/bureau/partenaires",
          "#/bureau/partenaire/nouveau", "#/bureau/appareils", "#/bureau/a-revoir",
          "#/bureau/formations", "#/bureau/transport"]


def _watched(new_context, **options):
    """A context under the real policy whose pages' problems land in the returned list."""
    ctx = new_context(bypass_csp=False, **options)
    problems = []
    ctx.add_init_script(REPORT)
    ctx.on("console", lambda m: problems.append(m.text) if any(
        word in m.text for word in ("Content Security Policy", "CSP violation",
                                    "Permissions-Policy", "Refused to")) else None)
    return ctx, problems


def _eval_free(page):
    """Make the page's waits poll from outside: the shared helpers then work unchanged."""

    # Playwright polls a waited-for expression by evaluating it as a string inside the page,
    # which this policy forbids ('unsafe-eval'); asked from outside, it is not.
    def wait_for_function(expression, timeout=15000, **_):
        deadline = time.monotonic() + timeout / 1000
        while not page.evaluate(expression):
            assert time.monotonic() < deadline, f"still false after {timeout} ms: {expression}"
            page.wait_for_timeout(50)

    page.wait_for_function = wait_for_function
    return page


def _open(ctx, url, route="#/"):
    return _eval_free(open_app(ctx, url, route))


def _visit(page, routes):
    for route in routes:
        go(page, route)
        page.wait_for_timeout(100)  # late renders: live lists, toasts


def test_every_space_runs_without_a_policy_violation(live_server, new_context):
    ctx, problems = _watched(new_context, accept_downloads=True)
    page = _open(ctx, live_server.url)
    make_offline_ready(page)
    _visit(page, YOUTH)
    go(page, "#/jeunes")
    page.click("#offres a >> nth=0")  # an offer's page and its buttons
    page.wait_for_selector("main .actions")
    page.click("#y-aller")  # « Comment y aller »: the search runs in a module worker
    page.fill("input[name=commune]", "La Pesse")
    page.locator("input[name=commune]").blur()
    page.click("main form button[type=submit]")
    page.wait_for_selector("#journeys .journey, #trajets .empty")
    login(page, "referent")
    _visit(page, REFERENT)
    person = new_person(page, "Alix", f"Politique{uuid.uuid4().hex[:6]}")
    _visit(page, [f"#/ref/jeune/{person}", f"#/ref/jeune/{person}/modifier",
                  f"#/ref/jeune/{person}/diagnostic"])
    assert problems == []

    office, office_problems = _watched(new_context, accept_downloads=True)
    desk = _open(office, live_server.url, "#/connexion")
    make_offline_ready(desk)
    login(desk, "coordinator")
    open_dashboard(desk)
    _visit(desk, OFFICE)
    # The printable pages open as blob: documents, under the app's own policy.
    open_dashboard(desk)
    with office.expect_page() as popup:
        desk.click("[data-export=bilan-html]")
    _check_printable(popup.value)
    go(desk, f"#/ref/jeune/{person}")
    with office.expect_page() as popup:
        desk.click("#exporter-lisible")
    _check_printable(popup.value)
    assert office_problems == []


def _check_printable(page):
    page.wait_for_url("blob:**")  # the person's file: a blank tab first, given the page after
    page.wait_for_load_state("load")
    _eval_free(page).wait_for_function("document.body && document.body.innerText.length > 0")
    # The stylesheet applied and the print button's script ran (it shows the button).
    assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"
    page.wait_for_selector("button[data-print]", state="visible")
    page.close()


def test_unsafe_stored_links_are_never_links(live_server, new_context):
    ctx, problems = _watched(new_context)
    offers = [{"id": str(uuid.uuid4()), "nom": f"Offre {n}", "lien_mobilisation": link,
               "thematiques": ["mobilite"]} for n, link in enumerate([
                   "javascript:alert(document.domain)", " javascript:alert(1)",
                   "data:text/html,<script>alert(1)</script>", "https://inscription.example.org/"])]
    # As a device could hold them from before the server checked links.
    ctx.route("**/api/offers*", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps({"items": offers})))
    page = _open(ctx, live_server.url)
    for offer in offers:
        go(page, f"#/jeunes/offre/{offer['id']}")
        page.wait_for_selector("main h1")
        assert page.inner_text("main h1") == offer["nom"]
        hrefs = page.eval_on_selector_all("main a[href]", "as => as.map(a => a.getAttribute('href'))")
        assert not [h for h in hrefs if not h.startswith(("#", "https://", "tel:", "mailto:"))], hrefs
        assert (offer["lien_mobilisation"] in hrefs) == offer["lien_mobilisation"].startswith("https:")
    assert problems == []
