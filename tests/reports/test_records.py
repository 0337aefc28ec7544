"""Record exports: open the files and look for anything that names a person."""
import csv
import io
import re
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEvent
from server.reports.records import TABLES, pseudonymiser
from server.seed import demo_data
from server.services.seeding import seed_demo
from tests.conftest import bearer, login
from tests.reports.test_key_figures import Y, Seeder

PSEUDONYM = re.compile(r"^P-[0-9A-F]{8}$")
FORMULA = '=HYPERLINK("http://exemple.invalid","clic")'


@pytest.fixture
def people(client, users):
    """Two people with everything that must never leave pseudonymised, and the words to hunt."""
    s = Seeder(client, bearer(login(client, users["coordinator"]["email"])["access_token"]))
    partner = s.add("partners", nom="CCAS de Saint-Claude")
    a = s.add("beneficiaries", first_name="Zoélie", last_name="Marchandise",
              birth_date=f"{Y - 17}-01-01", sex="F", commune="Septmoncel",
              phone="06 12 34 56 78", email="zoelie.marchandise@exemple.org",
              notes="Vit chez sa tante Odile\x07", consent_at=f"{Y}-01-05T10:00:00Z",
              status="cej", referred_by=partner)
    b = s.add("beneficiaries", first_name="Kylian", last_name="Bouvreuil",
              birth_date=f"{Y - 23}-01-01", sex="M", commune="Viry", phone="0711223344",
              email="kylian.b@exemple.net", notes=FORMULA)
    restos = s.add("sessions", kind="permanence", title="Restos", action="permanence-restos",
                   place="Restos du Cœur", starts_at=f"{Y}-03-10T09:00:00Z",
                   notes="Séance agitée avec Odile")
    dome = s.add("sessions", kind="atelier", title="Dôme", action="permanence-dome",
                 place="Médiathèque Le Dôme", starts_at=f"{Y}-04-15T14:30:00Z")
    for session, person in [(restos, a), (dome, a), (restos, b)]:
        s.add("attendances", session_id=session, beneficiary_id=person, present=True)
    s.add("diagnostics", beneficiary_id=a, date=f"{Y}-02-01", questionnaire_version=1,
          answers={"skills": {"lire-horaires": 2}, "motivation": 3,
                   "strengths": "Aime la montagne et le vélo",
                   "project": {"goal": "Devenir boulangère à Oyonnax"}})
    s.add("action_steps", beneficiary_id=a, stage="moyens", label="Appeler l'auto-école Martin",
          status="a-faire", due_date=f"{Y}-05-01", partner_id=partner)
    s.add("outcomes", beneficiary_id=b, kind="emploi", date=f"{Y}-06-01",
          notes="Embauché chez Dupont Menuiserie")
    s.add("referrals", beneficiary_id=b, partner_id=partner, first_name="Kylian",
          last_name="Bouvreuil", birth_date=f"{Y - 23}-01-01", phone="0711223344",
          situation="Sort de détention", needs="Permis pour un CDD", consent=True,
          status="refusee", reason="Déjà suivi par Gaëlle", answered_at=f"{Y}-02-10T08:00:00Z")
    s.add("referrals", first_name="Inès", last_name="Quintard", email="ines.q@exemple.org",
          consent=True, status="ouverte", commune="Lajoux")
    s.add("contacts", beneficiary_id=a, channel="telephone", date=f"{Y}-03-02T10:00:00Z",
          subject="Question sur la carte Mobigo", orientation="Vers la boutique Urbus",
          name="Zoélie Marchandise", phone="06 12 34 56 78", notes="Rappeler après 17 h")
    s.add("contacts", channel="web", date=f"{Y}-03-03T11:00:00Z", name="Mehdi Roussel",
          phone="07 98 76 54 32", email="mehdi.roussel@exemple.fr", callback_status="a-rappeler")
    secrets = ["Zoélie", "Marchandise", "Kylian", "Bouvreuil", "Inès", "Quintard", "Mehdi",
               "Roussel", "Odile", "56 78", "0711223344", "54 32", "@exemple", "tante",
               "agitée", "montagne", "boulangère", "auto-école", "Dupont", "détention",
               "CDD", "Gaëlle", "Mobigo", "boutique", "17 h", "HYPERLINK",
               f"{Y - 17}-01-01", f"{Y - 23}-01-01", *(u["id"] for u in users.values())]
    return {"a": a, "b": b, "partner": partner, "secrets": secrets}


def _csv(client, headers, table: str, extra: str = "") -> list[list[str]]:
    response = client.get(f"/api/exports/records.csv?table={table}{extra}", headers=headers)
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "text/csv" and "attachment" in response.headers[
        "Content-Disposition"]
    return list(csv.reader(io.StringIO(response.get_data(as_text=True)), delimiter=";"))


def _xlsx(client, headers, extra: str = ""):
    response = client.get(f"/api/exports/records.xlsx{extra}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_data()


def _dicts(rows) -> list[dict]:
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_pseudonymised_files_name_nobody(client, headers, people):
    hunted = people["secrets"] + [people["a"], people["b"], people["partner"]]
    for role in ("referent", "coordinator"):
        for table in TABLES:
            text = "\n".join(";".join(row) for row in _csv(client, headers[role], table))
            assert not [word for word in hunted if word in text], table
        data = _xlsx(client, headers[role])
        book = load_workbook(io.BytesIO(data))
        assert book.sheetnames == list(TABLES)
        cells = " ".join(str(value) for sheet in book for row in sheet.iter_rows(
            values_only=True) for value in row if value is not None)
        assert not [word for word in hunted if word in cells]
        # The workbook's raw XML too (shared strings, properties), not only what shows.
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            raw = " ".join(archive.read(name).decode("utf-8") for name in archive.namelist())
        assert not [word for word in hunted if word in raw]


def test_pseudonyms_are_stable_and_link_the_sheets(client, app, headers, people):
    book = load_workbook(io.BytesIO(_xlsx(client, headers["referent"])))
    sheets = {name: _dicts([list(r) for r in book[name].iter_rows(values_only=True)])
              for name in book.sheetnames}
    expected = pseudonymiser(app.config["SECRET_KEY"])
    pa, pb = expected(people["a"]), expected(people["b"])
    assert {r["pseudonyme"] for r in sheets["beneficiaries"]} == {pa, pb}
    assert all(PSEUDONYM.match(r["pseudonyme"]) for r in sheets["beneficiaries"])
    person = {r["pseudonyme"]: r for r in sheets["beneficiaries"]}
    assert person[pa]["tranche_age"] == "<18" and person[pb]["tranche_age"] == "22-25"
    assert person[pa]["oriente_par"] == "CCAS de Saint-Claude"
    assert (person[pa]["consentement"], person[pb]["consentement"]) == ("oui", "non")
    visits = sorted((r["pseudonyme"], r["lieu"], str(r["date_seance"])[:10])
                    for r in sheets["attendances"])
    assert visits == sorted([(pa, "Restos du Cœur", f"{Y}-03-10"),
                             (pa, "Médiathèque Le Dôme", f"{Y}-04-15"),
                             (pb, "Restos du Cœur", f"{Y}-03-10")])
    (diagnostic,) = sheets["diagnostics"]
    assert diagnostic["pseudonyme"] == pa and diagnostic["niveau_competences"] == 2
    assert diagnostic["etape"] == "apprendre"
    assert [r["pseudonyme"] for r in sheets["action_steps"]] == [pa]
    assert [(r["pseudonyme"], r["sortie"]) for r in sheets["outcomes"]] == [(pb, "emploi")]
    referrals = {r["pseudonyme"]: r for r in sheets["referrals"]}
    assert referrals[pb]["tranche_age"] == "22-25" and referrals[pb]["statut"] == "refusee"
    assert referrals[None]["commune"] == "Lajoux"  # not linked to a file: no pseudonym
    assert sorted((r["pseudonyme"] or "", r["canal"]) for r in sheets["contacts"]) == \
        [("", "web"), (pa, "telephone")]
    # The same person gets the same pseudonym in every download, CSV or XLSX.
    again = _dicts(_csv(client, headers["coordinator"], "outcomes"))
    assert [r["pseudonyme"] for r in again] == [pb]
    assert pseudonymiser("another-secret")(people["b"]) != pb


def test_full_export_is_for_the_coordinator_and_logged(client, app, users, headers, people):
    for path in ("records.csv?table=beneficiaries&full=1", "records.xlsx?full=1"):
        refused = client.get(f"/api/exports/{path}", headers=headers["referent"])
        assert refused.status_code == 403
        assert refused.mimetype == "application/problem+json"
        assert "coordination" in refused.get_json()["detail"]
    rows = _dicts(_csv(client, headers["coordinator"], "beneficiaries", "&full=1"))
    kylian = next(r for r in rows if r["id"] == people["b"])
    assert kylian["last_name"] == "Bouvreuil" and kylian["phone"] == "0711223344"
    assert kylian["notes"] == "'" + FORMULA  # opens as text in a spreadsheet, never runs
    book = load_workbook(io.BytesIO(_xlsx(client, headers["coordinator"], "?full=1")))
    sheet = book["beneficiaries"]
    header = [c.value for c in sheet[1]]
    cells = {row[header.index("id")].value: row[header.index("notes")] for row in
             sheet.iter_rows(min_row=2)}
    assert cells[people["b"]].value == FORMULA and cells[people["b"]].data_type == "s"
    assert cells[people["a"]].value == "Vit chez sa tante Odile"  # control character dropped
    # Every word hunted in the pseudonymised files is really in the data (the hunt can fail).
    text = " ".join(str(value) for page in book for row in page.iter_rows(values_only=True)
                    for value in row if value is not None)
    # (the session's notes and the other accounts' ids are in no exported table at all)
    absent = {u["id"] for key, u in users.items() if key != "coordinator"} | {"agitée"}
    assert {word for word in people["secrets"] if word not in text} == absent
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")
                                    .order_by(AuditEvent.id)).all()
    coordinator = users["coordinator"]["id"]
    full = [(e.table_name, e.detail) for e in events if e.detail.startswith("full")]
    assert len(full) == 1 + len(TABLES)  # the refused attempts wrote nothing
    assert all(e.user_id == coordinator for e in events)
    assert ("beneficiaries", full[0][1]) == full[0] and "last_name" in full[0][1]
    assert "phone" in full[0][1].split(": ")[1].split(",")
    assert not [e for e in events if "Bouvreuil" in e.detail or "0711" in e.detail]


def test_pseudonymised_exports_are_logged_with_column_names(client, app, headers, people):
    _csv(client, headers["referent"], "contacts")
    _xlsx(client, headers["referent"])
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")
                                    .order_by(AuditEvent.id)).all()
    assert [e.table_name for e in events] == ["contacts", *TABLES]
    assert events[0].detail == "pseudonymised: " + ",".join(sorted(
        ["pseudonyme", "date", "canal", "public", "partenaire", "rappel"]))
    for event in events:
        note, fields = event.detail.split(": ")
        assert note == "pseudonymised" and "pseudonyme" in fields.split(",")
        assert not {"first_name", "last_name", "phone", "email", "notes"} & set(
            fields.split(","))


def test_prescribers_and_bad_parameters_are_refused(client, headers):
    for path in ("records.csv?table=contacts", "records.xlsx", "records.xlsx?full=1"):
        response = client.get(f"/api/exports/{path}", headers=headers["prescriber"])
        assert response.status_code == 403
        assert response.mimetype == "application/problem+json"
    assert client.get("/api/exports/records.xlsx").status_code == 401
    for query in ("", "?table=users", "?table=audit_events", "?table=contacts&full=yes",
                  "?table=contacts&full=", "?table=%00"):
        response = client.get(f"/api/exports/records.csv{query}",
                              headers=headers["coordinator"])
        assert response.status_code == 400, query
        assert response.mimetype == "application/problem+json"


def test_the_demo_people_are_nowhere_in_the_pseudonymised_workbook(app, client, headers):
    with app.app_context():
        # One structure: with two, the owner's connection would wait for the wall (503).
        seed_demo(db.session, app.extensions["sync_engine"], "demo-secret", date.today(),
                  history=False, neighbour=False)
    people = demo_data.beneficiaries(date.today())
    hunted = {value for person in people for key, value in person.items()
              if key in ("id", "first_name", "last_name", "phone", "email", "birth_date")}
    hunted.add(people[0]["notes"])
    data = _xlsx(client, headers["referent"])
    book = load_workbook(io.BytesIO(data))
    cells = [str(value) for sheet in book for row in sheet.iter_rows(values_only=True)
             for value in row if value is not None]
    assert not [word for word in hunted if any(word in cell for cell in cells)]
    pseudonyms = [row[0] for row in book["beneficiaries"].iter_rows(min_row=2, values_only=True)]
    assert len(set(pseudonyms)) == len(people) and all(map(PSEUDONYM.match, pseudonyms))


AUNT = "chez sa tante Mme Girod"
HOME = "Domicile de Zoé Girod, 12 rue du Pré"


def test_free_text_in_profile_and_place_fields_goes_out_only_from_known_lists(
        client, users, headers):
    s = Seeder(client, bearer(login(client, users["coordinator"]["email"])["access_token"]))
    s.add("partners", nom="Garage solidaire", commune="Morbier")
    odd = s.add("beneficiaries", first_name="Zoé", last_name="Girod", sex="F", commune=AUNT,
                education_level=HOME)
    known = s.add("beneficiaries", first_name="Théo", last_name="Vuillet", sex="M",
                  commune="st claude", education_level="Niveau 4")
    caught = s.add("beneficiaries", first_name="Léo", last_name="Vuillet", sex="M",
                   commune="morbier", education_level="infra-3")
    home = s.add("sessions", kind="permanence", title="Visite", action="permanence-dome",
                 place=HOME, starts_at=f"{Y}-03-10T09:00:00Z")
    dome = s.add("sessions", kind="atelier", title="Dôme", action="permanence-dome",
                 place="médiathèque le dôme, saint-claude", starts_at=f"{Y}-04-15T14:30:00Z")
    s.add("attendances", session_id=home, beneficiary_id=odd, present=True)
    s.add("attendances", session_id=dome, beneficiary_id=odd, present=True)
    s.add("referrals", first_name="Zoé", last_name="Girod", consent=True, status="ouverte",
          commune=AUNT)
    s.add("referrals", first_name="Zoé", last_name="Girod", consent=True, status="ouverte",
          commune="Lavans les St Claude")
    hunted = ("Girod", "tante", "Domicile", "rue du Pré", "12 rue")
    for table in ("beneficiaries", "attendances", "referrals"):
        text = "\n".join(";".join(row) for row in _csv(client, headers["referent"], table))
        assert not [word for word in hunted if word in text], table
    pseudonym = pseudonymiser(client.application.config["SECRET_KEY"])
    people = {r["pseudonyme"]: r for r in _dicts(_csv(client, headers["referent"],
                                                      "beneficiaries"))}
    assert (people[pseudonym(odd)]["commune"], people[pseudonym(odd)]["niveau_etudes"]) == (
        "autre", "autre")
    assert (people[pseudonym(known)]["commune"], people[pseudonym(known)]["niveau_etudes"]) \
        == ("Saint-Claude", "4")
    # Any official commune of the territory is known (its official spelling goes out).
    assert (people[pseudonym(caught)]["commune"],
            people[pseudonym(caught)]["niveau_etudes"]) == ("Morbier", "infra-3")
    visits = sorted((r["lieu"], r["action"], r["type_seance"])
                    for r in _dicts(_csv(client, headers["referent"], "attendances")))
    assert visits == [("Médiathèque Le Dôme, Saint-Claude", "permanence-dome", "atelier"),
                      ("autre", "permanence-dome", "permanence")]
    referred = sorted(r["commune"] for r in _dicts(_csv(client, headers["referent"],
                                                        "referrals")))
    assert referred == ["Lavans-lès-Saint-Claude", "autre"]


def test_no_personal_or_free_text_column_of_any_description_goes_out(client, headers, users):
    """Every text column a description calls personal or free text gets a marker: a column
    added to a description later is hunted here without anyone editing this test."""
    import uuid

    from server.tables import TABLES as DESCRIBED, Privacy
    from server.tables.fields import Code, Link, Text

    s = Seeder(client, bearer(login(client, users["coordinator"]["email"])["access_token"]))
    markers = []

    def marked(table, **base):
        fields = dict(base)
        for name, column in DESCRIBED[table].columns.items():
            check = column.check
            if (column.privacy in (Privacy.PERSONAL, Privacy.FREE_TEXT) and isinstance(check, Text)
                    and not isinstance(check, (Code, Link)) and name not in fields):
                fields[name] = f"Mq{uuid.uuid4().hex[:10]}"
                markers.append(fields[name])
        return s.add(table, **fields)

    person = marked("beneficiaries", consent_at=f"{Y}-01-05T10:00:00Z")
    session = marked("sessions", kind="permanence", action="permanence-restos",
                     starts_at=f"{Y}-03-10T09:00:00Z")
    marked("attendances", session_id=session, beneficiary_id=person, present=True)
    marked("diagnostics", beneficiary_id=person, date=f"{Y}-02-01")
    marked("contacts", beneficiary_id=person, channel="telephone", date=f"{Y}-03-02T10:00:00Z")
    marked("referrals", beneficiary_id=person, consent=True)
    marked("action_steps", beneficiary_id=person)
    marked("outcomes", beneficiary_id=person, kind="emploi", date=f"{Y}-06-01")
    assert len(markers) >= 20, markers
    for table in TABLES:
        text = "\n".join(";".join(row) for row in _csv(client, headers["coordinator"], table))
        assert not [m for m in markers if m in text], table
    with zipfile.ZipFile(io.BytesIO(_xlsx(client, headers["coordinator"]))) as archive:
        raw = " ".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    assert not [m for m in markers if m in raw]
