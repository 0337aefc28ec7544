"""The yearly review's words: written by the coordinator, read by the office, printed after the
figures (PDF and page); quotes only with consent; bad input is a 422 naming the field."""
import io

from pypdf import PdfReader

from tests.api.api_helpers import assert_problem

REVIEW = {"highlights": "Le vélo-école a trouvé son public au printemps.",
          "difficulties": "Peu de cars le samedi vers Oyonnax.",
          "quotes": [{"text": "Maintenant je prends le car toute seule.",
                      "who": "une jeune de 19 ans", "consent": True}]}


def test_the_coordinator_writes_it_and_the_pdf_and_page_print_it(client, headers):
    empty = client.get("/api/reports/review?year=2026", headers=headers["referent"]).get_json()
    assert empty == {"year": 2026, "highlights": None, "difficulties": None, "quotes": [],
                     "updated_at": None}
    saved = client.put("/api/reports/review?year=2026", json=REVIEW,
                       headers=headers["coordinator"])
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["quotes"] == REVIEW["quotes"] and saved.get_json()["updated_at"]
    # The fields not sent stay as they were.
    client.put("/api/reports/review?year=2026", json={"difficulties": "  "},
               headers=headers["coordinator"])
    read = client.get("/api/reports/review?year=2026", headers=headers["referent"]).get_json()
    assert read["highlights"] == REVIEW["highlights"] and read["difficulties"] is None
    pdf = client.get("/api/reports/yearly.pdf?from=2026-01-01&to=2026-12-31",
                     headers=headers["coordinator"])
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.get_data())).pages)
    assert "Faits marquants" in text and "vélo-école" in text.replace("\n", " ")
    assert "toute seule" in text and "une jeune de 19 ans" in text
    assert "Difficultés rencontrées" not in text  # emptied above
    page = client.get("/api/reports/yearly.html?from=2026-01-01&to=2026-12-31",
                      headers=headers["referent"]).get_data(as_text=True)
    assert "Le vélo-école a trouvé son public" in page and "<blockquote>" in page
    other_year = client.get("/api/reports/review?year=2025", headers=headers["referent"])
    assert other_year.get_json()["highlights"] is None


def test_quotes_need_consent_and_bad_input_is_refused(client, headers):
    h = headers["coordinator"]
    no_consent = {"quotes": [{"text": "Une phrase", "consent": False}]}
    problem = assert_problem(client.put("/api/reports/review?year=2026", json=no_consent,
                                        headers=h), 422)
    assert "accord" in str(problem["errors"]["quotes"])
    for body in ({"quotes": [{"text": "   ", "consent": True}]}, {"highlights": "x" * 5001},
                 {"highlights": "a\x00b"}, {"unknown": 1}, {"quotes": "texte"},
                 {"quotes": [{"text": "x", "consent": True}] * 13}):
        assert_problem(client.put("/api/reports/review?year=2026", json=body, headers=h), 422)
    assert_problem(client.put("/api/reports/review?year=1900", json=REVIEW, headers=h), 400)
    for role in ("referent", "prescriber"):
        assert_problem(client.put("/api/reports/review?year=2026", json=REVIEW,
                                  headers=headers[role]), 403)
    assert_problem(client.get("/api/reports/review?year=2026", headers=headers["prescriber"]),
                   403)
    assert client.get("/api/reports/review?year=2026", headers=h).get_json()["quotes"] == []
