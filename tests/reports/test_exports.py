"""The yearly review's files: open them and read what they say."""
import csv
import io
import re
import uuid

from openpyxl import load_workbook
from pypdf import PdfReader

from server.extensions import db
from server.models import DEFAULT_STRUCTURE, Structure

from tests.reports.test_key_figures import Y, year_data  # noqa: F401  (fixture)

QUERY = f"?from={Y}-01-01&to={Y}-12-31"


def test_xlsx_holds_the_tables(client, headers, year_data):  # noqa: F811
    response = client.get(f"/api/reports/key-figures.xlsx{QUERY}", headers=headers["referent"])
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.get_data()))
    assert "Objectifs" in book.sheetnames and "Participations par action" in book.sheetnames
    actions = {row[0]: row[1:] for row in book["Participations par action"].iter_rows(
        min_row=2, values_only=True)}
    assert actions["Permanences aux Restos du Cœur"][:3] == (5, 2, 3)
    targets = {row[0]: row[2] for row in book["Objectifs"].iter_rows(min_row=2,
                                                                       values_only=True)}
    assert targets["Jeunes mobilisés sur les actions"] == 2


def test_pdf_and_csv_and_html_say_the_same(client, headers, year_data):  # noqa: F811
    pdf = client.get(f"/api/reports/yearly.pdf{QUERY}", headers=headers["coordinator"])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_data())).pages)
    assert "Permanences aux Restos du Coeur" in text
    assert "Jeunes mobilis" in text and "Orientations par partenaire" in text
    rows = list(csv.reader(io.StringIO(client.get(
        f"/api/reports/key-figures.csv{QUERY}", headers=headers["referent"]).get_data(
        as_text=True)), delimiter=";"))
    assert ["Permanences à la Médiathèque Le Dôme", "1", "0", "1", "1", "0", "0"] in rows
    html = client.get(f"/api/reports/yearly.html{QUERY}", headers=headers["referent"])
    page = html.get_data(as_text=True)
    assert html.status_code == 200 and "/static/printable.css" in page
    assert "@media print" in client.get("/static/printable.css").get_data(as_text=True)
    assert "Permanences aux Restos du Cœur" in page and "Exemple" not in page  # no names
    # The adapted-transport need, counted (1 yes, 1 no, 2 unknown in year_data), never named.
    needs = page[page.index("transport adapté ou d"):]
    needs = needs[:needs.index("</table>")]
    counts = dict(re.findall(r'<th scope="row">(\w+)</th><td class="n">(\d+)</td>', needs))
    assert counts == {"oui": "1", "non": "1", "inconnu": "2"}


def test_exports_are_for_the_office_only(client, headers):
    for path in ("key-figures.csv", "key-figures.xlsx", "yearly.pdf", "yearly.html"):
        assert client.get(f"/api/reports/{path}",
                          headers=headers["prescriber"]).status_code == 403


def test_printed_documents_name_the_structure(app, client, headers):
    """A single structure prints its own name: « Structure principale » until it is renamed
    (the demo renames it), and the new name after."""
    person = client.post("/api/sync/push", headers=headers["referent"], json={
        "client_id": "t", "schema_version": 1, "mutations": [{
            "id": str(uuid.uuid4()), "table": "beneficiaries", "op": "upsert",
            "row_id": str(uuid.uuid4()), "base_version": None,
            "fields": {"first_name": "Léa", "last_name": "Martin"}}]}).get_json()
    pid = person["results"][0]["row_id"]
    assert _printed(client, headers, pid) == ["Structure principale"] * 3
    with app.app_context():
        db.session.get(Structure, DEFAULT_STRUCTURE).name = "Mission Locale Sud Jura (démo)"
        db.session.commit()
    assert _printed(client, headers, pid) == ["Mission Locale Sud Jura (démo)"] * 3
    # The longest name (200 characters), with a character the PDF's fonts lack, still prints.
    long_name = ("Mission Locale " + "du Haut-Jura " * 14 + "🚲")[:200]
    with app.app_context():
        db.session.get(Structure, DEFAULT_STRUCTURE).name = long_name
        db.session.commit()
    pdf = client.get(f"/api/reports/yearly.pdf{QUERY}", headers=headers["coordinator"])
    text = PdfReader(io.BytesIO(pdf.get_data())).pages[0].extract_text()
    assert pdf.status_code == 200
    # Wrapped within the page (not cut off), the bicycle spelled « ? ».
    lines = text.split("\n")
    assert "période" not in lines[1]
    assert f"{lines[1]} {lines[2]}".startswith(f"{long_name[:-1]}? - période du")


def _printed(client, headers, pid) -> list[str]:
    """Return the structure each printed document names: yearly HTML, yearly PDF, a file."""
    coordinator = headers["coordinator"]
    html = client.get(f"/api/reports/yearly.html{QUERY}", headers=coordinator).get_data(
        as_text=True)
    pdf = client.get(f"/api/reports/yearly.pdf{QUERY}", headers=coordinator)
    text = PdfReader(io.BytesIO(pdf.get_data())).pages[0].extract_text()
    export = client.get(f"/api/people/{pid}/export.html", headers=coordinator).get_data(
        as_text=True)
    return [re.search(r"<p>(.+), volet mobilité\.", html).group(1),
            re.search(r"\n(.+) - période du", text).group(1),
            re.search(r"<p>(.+), accompagnement mobilité\.", export).group(1)]
