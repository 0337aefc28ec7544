"""Helpers of the office browser tests: demo figures pushed through the sync API, and the
dashboard's tables read back to compare them with the API's JSON."""
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from browser_helpers import go, login, make_offline_ready, open_app


def today():
    return datetime.now(ZoneInfo("Europe/Paris")).date()


def fr(n):
    """A number as the page writes it (fr-FR: narrow no-break space between thousands)."""
    if n is None:
        return "—"
    if float(n).is_integer():
        text = f"{int(n):,}"
    else:
        text = f"{n:,.3f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


def coordinator(live_server, new_context, **options):
    ctx = new_context(**options)
    page = open_app(ctx, live_server.url, "#/connexion")
    make_offline_ready(page)
    login(page, "coordinator")
    return ctx, page


def open_dashboard(page, state="fresh"):
    go(page, "#/bureau")
    page.wait_for_selector(f"#chiffres[data-loaded={state}]")


def rows(page, table_id):
    """The body rows of a figures table: [[row heading, cell, cell...]]."""
    return page.eval_on_selector_all(
        f"#{table_id} tbody tr",
        "rows => rows.map(r => [...r.children].map(c => c.textContent.trim()))")


def server_figures(live_server):
    client, headers = live_server.api()
    answer = client.get("/api/reports/key-figures", headers=headers)
    assert answer.status_code == 200
    return answer.get_json()


def push(client, headers, table, **fields):
    row_id = str(uuid.uuid4())
    answer = client.post("/api/sync/push", headers=headers, json={
        "client_id": "dashboard-test", "schema_version": 1, "mutations": [{
            "id": str(uuid.uuid4()), "table": table, "op": "upsert", "row_id": row_id,
            "base_version": None, "fields": fields}]}).get_json()
    assert answer["results"][0]["status"] == "applied", answer
    return row_id


def seed_year(live_server):
    """People met this year, so that every table of the dashboard has rows to compare."""
    client, headers = live_server.api()
    y = today().year
    partner = client.get("/api/partners", headers=headers).get_json()["items"][0]["id"]
    session = push(client, headers, "sessions", kind="atelier", title="Atelier test", action="atelier-mlsj",
                    place="Mission Locale Sud Jura, Saint-Claude", starts_at=f"{y}-01-15T13:00:00Z")
    skills = dict.fromkeys(["lire-horaires", "s-orienter", "appli-itineraire", "acheter-titre",
                            "faire-velo", "demander-chemin"], 2)
    people = [("F", f"{y - 17}-05-01", "Saint-Claude", True, "scolaire"),
              ("M", f"{y - 23}-05-01", "La Pesse", False, "cej"), ("X", None, "Viry", None, None)]
    for sex, birth, commune, qpv, status in people:
        fields = {"first_name": "Test", "last_name": f"Tableau{uuid.uuid4().hex[:4]}", "sex": sex,
                  "commune": commune, "qpv": qpv, "status": status, "birth_date": birth}
        person = push(client, headers, "beneficiaries", **{k: v for k, v in fields.items() if v is not None})
        push(client, headers, "attendances", session_id=session, beneficiary_id=person, present=True)
        push(client, headers, "contacts", channel="telephone", date=f"{y}-02-10T10:00:00Z", beneficiary_id=person)
    push(client, headers, "diagnostics", beneficiary_id=person, date=f"{y}-01-15", answers={
        "skills": skills, "barriers": {"financier": 2, "sante": True}, "motivation": 3})
    push(client, headers, "diagnostics", beneficiary_id=person, date=f"{y}-02-15", answers={
        "skills": skills, "barriers": {"financier": 0, "sante": True}, "motivation": 3})
    push(client, headers, "outcomes", beneficiary_id=person, kind="code-obtenu", date=f"{y}-02-20")
    for status in ("validee", "ouverte"):
        push(client, headers, "referrals", first_name="R", last_name="Test", consent=True,
              partner_id=partner, status=status)
    push(client, headers, "referrals", first_name="R", last_name="Test", consent=True,
         partner_id=partner, status="refusee", refusal_reason="injoignable")


def numbers(page, table_id):
    return [r[1:] for r in rows(page, table_id)]


def check_figures(page, kf):
    assert rows(page, "t-objectifs") == [
        [t["label"], fr(t["target"]), fr(t["value"]),
         f"{round(100 * t['ratio'])} %" if t["ratio"] is not None else "—"] for t in kf["targets"]]
    labels = page.eval_on_selector_all("svg.gauge", "gs => gs.map(g => g.getAttribute('aria-label'))")
    assert [label.split(" : ")[1].split(" (")[0] for label in labels] == [
        f"{t['value']} sur {t['target']}" for t in kf["targets"]]
    split = ("participations", "anonymous", "distinct", "young", "adults", "unknown_age")
    assert [r[1:] for r in rows(page, "t-actions")] == [[fr(a[k]) for k in split] for a in kf["actions"]]
    assert rows(page, "t-lieux") == [[p["place"], *(fr(p[k]) for k in split)] for p in kf["places"]]
    assert [r[1:] for r in rows(page, "t-mois")] == [[fr(m["participations"]), fr(m["contacts"])] for m in kf["trend"]]
    partners = [[p["partner"], *(fr(p[k]) for k in ("sent", "validated", "refused", "expired", "open")),
                 fr(p["median_response_days"])] for p in kf["partners"]]
    assert rows(page, "t-partenaires") == partners or (not partners and len(rows(page, "t-partenaires")) == 1)
    from server.reports.tables import REFUSAL_LABELS
    refusals = [[f"{p['partner']} : {REFUSAL_LABELS[code]}", fr(n)]
                for p in kf["partners"] for code, n in p["refusal_reasons"].items()]
    assert rows(page, "t-refus") == refusals or (not refusals and len(rows(page, "t-refus")) == 1)
    assert "Aucune donnée" not in page.inner_text("#t-actions")
    profile = kf["profile"]
    for table_id, key in (("t-age", "age_bands"), ("t-sexe", "sex"), ("t-qpv", "qpv"), ("t-frr", "frr"),
                          ("t-situation", "status")):
        assert numbers(page, table_id) == [[fr(v)] for v in profile[key].values()], table_id
    assert sorted(rows(page, "t-communes")) == sorted([c, fr(v)] for c, v in profile["communes"].items())
    barriers = kf["barriers"]
    assert numbers(page, "t-freins") == [[fr(v), fr(barriers["lifted"].get(k, 0))]
                                          for k, v in barriers["identified"].items()]
    assert numbers(page, "t-sorties") == [[fr(v)] for v in kf["outcomes"].values()]
