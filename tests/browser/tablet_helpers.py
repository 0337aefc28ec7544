"""Helpers of the tablet tests: a device that keeps its profile on disk (a persistent Chromium
context), people pushed through the API with marker values, and searching the profile's bytes."""
import uuid
from pathlib import Path

import uuid as _uuid

from browser_helpers import (ARGS, CHROMIUM, PASSWORD, PIN, choose_pin, go, make_offline_ready,
                             open_app, unlock, wait_synced)
from office_helpers import push


def persistent(pw, profile: Path, **options):
    """A browser context whose profile (IndexedDB, caches, storage) lives in `profile`."""
    options.setdefault("viewport", {"width": 1280, "height": 900})
    options.setdefault("locale", "fr-FR")
    options.setdefault("timezone_id", "Europe/Paris")
    options.setdefault("bypass_csp", True)  # Playwright's waits evaluate strings (test_csp.py checks the policy)
    ctx = pw.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, args=ARGS, **options)
    ctx.set_default_timeout(15000)
    return ctx


def marked_person(live_server, tag=None):
    """Push a person whose name, phone and notes are unique markers; return (id, markers)."""
    tag = tag or uuid.uuid4().hex[:10]
    digits = "".join(str(int(c, 16) % 10) for c in tag)[:8]
    markers = {"first_name": f"Zoélie{tag}", "last_name": f"Vuillermoz{tag}",
               "phone": f"06{digits}", "notes": f"Permis suspendu {tag} chez sa tante"}
    client, headers = live_server.api("referent")
    person = push(client, headers, "beneficiaries", **markers)
    push(client, headers, "contacts", beneficiary_id=person, date="2026-11-30T10:00:00Z", channel="telephone",
         notes=f"Rappel prévu {tag} avec l'employeur")
    # The follow-up's free text too: an objective, a step of the plan, an outcome's note.
    goal = push(client, headers, "objectives", beneficiary_id=person, label=f"Payer le code {tag} seule")
    push(client, headers, "action_steps", beneficiary_id=person, objective_id=goal, label=f"Voir l'aide {tag} au guichet")
    push(client, headers, "outcomes", beneficiary_id=person, kind="emploi", date="2026-11-30", notes=f"CDD {tag} chez Smoby")
    return person, {**markers, "contact": f"Rappel prévu {tag} avec l'employeur", "objective": f"Payer le code {tag} seule",
                    "step": f"Voir l'aide {tag} au guichet", "outcome": f"CDD {tag} chez Smoby"}


def find_in_profile(profile: Path, values):
    """{value: [files]} for each value found byte for byte under `profile`: in UTF-8, UTF-16-LE
    and Latin-1 (V8 serialises a string of Latin-1 characters one byte per character)."""
    def encodings(v):
        out = [v.encode("utf-8"), v.encode("utf-16-le")]
        try:
            out.append(v.encode("latin-1"))
        except UnicodeEncodeError:
            pass
        return out
    needles = {v: encodings(v) for v in values}
    found = {}
    for path in profile.rglob("*"):
        if not path.is_file():
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        for value, encodings in needles.items():
            if any(e in data for e in encodings):
                found.setdefault(value, []).append(str(path.relative_to(profile)))
    return found


def new_referent_device(live_server, context, name):
    """A referent account of its own (a test may change or disable it) signed in on a new,
    offline-ready device, PIN chosen and first sync done; returns (email, page)."""
    email = f"referente.{_uuid.uuid4().hex[:8]}@example.org"
    with live_server.app.app_context():
        from server.extensions import db
        from server.services import auth as auth_service
        auth_service.create_user(db.session, email, name, "referent", PASSWORD)
    page = open_app(context, live_server.url, "#/connexion")
    make_offline_ready(page)
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    choose_pin(page)
    wait_synced(page)
    return email, page


def type_pin(page, pin=PIN):
    page.wait_for_selector("#unlock-pin")
    page.fill("#unlock-pin input[name=pin]", pin)
    page.click("#unlock-pin button[type=submit]")


def open_person(page, person, name):
    go(page, f"#/ref/jeune/{person}")
    page.wait_for_selector(f"main :text('{name}')")


def reopen(ctx, live_server, route="#/"):
    return open_app(ctx, live_server.url, route)
