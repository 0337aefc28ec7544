"""Catalogue links: http(s) with a host, tel: and mailto: only, on every way in and out."""
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from api_helpers import create, push_one
from server.extensions import db
from server.models import Partner
from server.schemas import _wire
from server.schemas.fast import fast_loader
from server.tables.links import MESSAGE, is_safe_link
from server.schemas.tables import OfferSchema, PartnerSchema

REPO = Path(__file__).resolve().parents[2]
CASES = json.loads((REPO / "tests" / "js" / "link-cases.json").read_text())
LINK_FIELDS = [(PartnerSchema, "site_web"), (PartnerSchema, "accessibilite_lieu"),
               (OfferSchema, "site_web"), (OfferSchema, "lien_mobilisation")]
HOSTILE = ["javascript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
           "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd",
           "/inscription", "//evil.example/", "https://ok.example/\u0000", "\x01https://a.fr"]


def _load(schema_cls, name, value):
    try:
        return _wire(schema_cls().load({name: value}, partial=True)[name]), None
    except ValidationError as exc:
        return None, exc.messages[name]


def test_the_shared_cases():
    assert [v for v in CASES["safe"] if not is_safe_link(v)] == []
    assert [v for v in CASES["unsafe"] if is_safe_link(v)] == []


@pytest.mark.parametrize("schema_cls, name", LINK_FIELDS)
def test_every_link_field_refuses_other_schemes_in_french(schema_cls, name):
    quick = fast_loader(schema_cls(), _wire)
    for value in CASES["safe"]:
        assert _load(schema_cls, name, value) == (value, None)
        assert quick({name: value}) == {name: value}
    for value in CASES["unsafe"]:
        if value == "":
            continue  # an empty link is no link: kept as it is, never rendered
        clean, errors = _load(schema_cls, name, value)
        assert clean is None and errors, value
        assert quick({name: value}) is None, value  # marshmallow says why


def test_the_message_names_what_is_accepted():
    _, errors = _load(OfferSchema, "lien_mobilisation", "javascript:alert(1)")
    assert errors == [MESSAGE]
    assert "https://" in MESSAGE and "tel:" in MESSAGE and "mailto:" in MESSAGE


link_like = st.one_of(
    st.sampled_from(CASES["safe"] + CASES["unsafe"]),
    st.builds(lambda a, b: a + b, st.sampled_from(["https://", "http://", "tel:", "mailto:",
                                                    "javascript:", "HTTPS://", ""]),
              st.text(alphabet=st.sampled_from(list("ab.-@:/?#%+()1 \t\n\x00é\u200b")),
                      max_size=30)),
    st.text(max_size=40), st.none(), st.integers(), st.just("a" * 501))


@settings(max_examples=400, deadline=None)
@given(value=link_like, which=st.sampled_from(LINK_FIELDS))
def test_the_fast_path_agrees_with_marshmallow_on_links(value, which):
    schema_cls, name = which
    fast = fast_loader(schema_cls(), _wire)({name: value})
    clean, errors = _load(schema_cls, name, value)
    if fast is not None:
        assert errors is None and fast == {name: clean}


def _random_strings(n: int) -> list[str]:
    """Link-shaped strings, half of them with one odd character slipped in (same each run)."""
    rng = random.Random(20261125)
    heads = ["https://", "http://", "tel:", "mailto:a@", "javascript:", "HTTPS://", "", "//"]
    plain = list("aZ09") * 12 + list(".-") * 3 + list("_~:/?#[]@!$&'()*+,;=%")
    odd = [" ", "\t", "\n", "\x00", "\x7f", "é", "\u00a0", "\u200b", "\u212a", "\\", '"', "<"]
    out = []
    for _ in range(n):
        text = rng.choice(heads) + "".join(rng.choice(plain) for _ in range(rng.randrange(12)))
        if rng.random() < 0.5:
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(odd) + text[at:]
        out.append(text)
    return out


def test_the_app_and_the_server_judge_every_value_alike():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    values = CASES["safe"] + CASES["unsafe"] + _random_strings(5000)
    script = ("import { safeHref } from './pwa/js/links.js';"
              "let s = ''; process.stdin.on('data', (d) => { s += d; });"
              "process.stdin.on('end', () => process.stdout.write("
              "JSON.stringify(JSON.parse(s).map((v) => safeHref(v) !== null))));")
    out = subprocess.run([node, "--input-type=module", "-e", script], cwd=REPO, check=True,
                         input=json.dumps(values), capture_output=True, text=True).stdout
    app = json.loads(out)
    assert sum(app) > 200  # the random strings hold safe links too, not only refusals
    assert [v for v, ok in zip(values, app) if ok != is_safe_link(v)] == []


def test_a_push_with_an_unsafe_link_is_rejected_naming_the_field(client, headers):
    offer = push_one(client, headers["coordinator"], "offers",
                     {"nom": "Prêt de vélo", "lien_mobilisation": "javascript:alert(1)"})
    assert offer["status"] == "rejected"
    assert offer["errors"] == {"lien_mobilisation": [MESSAGE]}
    partner = create(client, headers["coordinator"], "partners",
                     {"nom": "CCAS", "site_web": "https://ccas.example.org/"})
    for name in ("site_web", "accessibilite_lieu"):
        edit = push_one(client, headers["coordinator"], "partners", {name: " javascript:x"},
                        partner["row_id"], partner["version"])
        assert edit["status"] == "rejected" and list(edit["errors"]) == [name]
    partners = client.get("/api/partners").get_json()["items"]
    assert [p["site_web"] for p in partners] == ["https://ccas.example.org/"]


def test_the_import_refuses_unsafe_links_and_trims_blanks(client, headers):
    day = {"date_maj": "2026-10-01"}
    body = {"source": "ccas", "structures": [
        {"id": "a", "nom": "Aaa", "site_web": " https://a.example.org/ ", **day},
        {"id": "b", "nom": "Bbb", "site_web": "java\tscript:alert(1)", **day},
        {"id": "c", "nom": "Ccc", "accessibilite_lieu": " javascript:alert(1)", **day}],
        "services": [{"id": "s", "structure_id": "a", "nom": "Sss", "description": "Un service.",
                      "lien_mobilisation": "data:text/html,x", **day}]}
    report = client.post("/api/datainclusion/import", json=body,
                         headers=headers["coordinator"]).get_json()
    assert report["partners"]["imported"] == 1
    assert [(r["ligne"], r["champ"]) for r in report["partners"]["rejected"]] == [
        (2, "site_web"), (3, "accessibilite_lieu")]
    # The official schema refuses these links first; its message says what a link must be.
    assert [(r["ligne"], r["champ"]) for r in report["offers"]["rejected"]] == [
        (1, "lien_mobilisation")]
    assert "lien invalide" in report["offers"]["rejected"][0]["message"].lower()
    structures = client.get("/api/datainclusion/structures.json").get_json()
    assert [(s["nom"], s["site_web"]) for s in structures] == [("Aaa", "https://a.example.org/")]


def test_a_link_stored_before_the_check_is_never_published(app, client, headers):
    partner = create(client, headers["coordinator"], "partners", {"nom": "Ancien"})
    with app.app_context():  # as an older server version could have stored it
        row = db.session.get(Partner, partner["row_id"])
        row.site_web, row.accessibilite_lieu = "javascript:alert(1)", "https://a.example.org/"
        db.session.commit()
    (structure,) = client.get("/api/datainclusion/structures.json").get_json()
    assert structure["site_web"] is None
    assert structure["accessibilite_lieu"] == "https://a.example.org/"
