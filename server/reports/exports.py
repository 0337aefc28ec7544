"""Write the key figures as CSV, XLSX and PDF files."""
import csv
import io

from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .cells import csv_value, xlsx_row
from .tables import figure_tables

TITLE = "Mobilité Haut-Jura — chiffres clés"
# The PDF's built-in fonts are Latin-1: spell the few other characters French uses.
_LATIN1 = str.maketrans({"œ": "oe", "Œ": "OE", "’": "'", "«": '"', "»": '"', "—": "-",
                         "…": "...", "·": ".", "\u202f": " ", "\u00a0": " "})


def to_csv(kf: dict) -> str:
    """Return every table, one after the other, as CSV (semicolons, for French spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([TITLE, kf["period"]["from"], kf["period"]["to"]])
    for title, headers, rows in figure_tables(kf):
        writer.writerow([])
        writer.writerow([csv_value(title)])
        writer.writerow(headers)
        writer.writerows([csv_value(value) for value in row] for row in rows)
    return out.getvalue()


def to_xlsx(kf: dict) -> bytes:
    """Return a workbook with one sheet per table."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in figure_tables(kf):
        sheet = book.create_sheet(title[:31])
        sheet.column_dimensions["A"].width = 42
        header = [WriteOnlyCell(sheet, value=name) for name in headers]
        for cell in header:
            cell.font = bold
        sheet.append(header)
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value) -> str:
    return str(value).translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def _heading(pdf: FPDF, title: str) -> None:
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _text(title), new_x="LMARGIN", new_y="NEXT")


def _review(pdf: FPDF, review: dict | None) -> None:
    # The words after the numbers: what the coordinator wrote for the year.
    if not review:
        return
    parts = [("Faits marquants", review.get("highlights")),
             ("Difficultés rencontrées", review.get("difficulties"))]
    quotes = [f"« {q['text']} »" + (f" ({q['who']})" if q.get("who") else "")
              for q in review.get("quotes") or []]
    if quotes:
        parts.append(("Paroles de personnes accompagnées (citées avec leur accord)",
                      "\n".join(quotes)))
    for title, text in parts:
        if not text:
            continue
        _heading(pdf, title)
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 5, _text(text), new_x="LMARGIN", new_y="NEXT")


def to_pdf(kf: dict, review: dict | None, structure: str) -> bytes:
    """Return the structure's yearly review as a PDF: the funders' tables, then the words."""
    pdf = FPDF(format="A4")
    pdf.set_title(_text(TITLE))
    pdf.set_author(_text(structure))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _text(TITLE), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    # A structure's name may be long (200 characters): it wraps instead of leaving the page.
    pdf.multi_cell(0, 6, _text(f"{structure} - période du {kf['period']['from']} au "
                               f"{kf['period']['to']}"), new_x="LMARGIN", new_y="NEXT")
    for title, headers, rows in figure_tables(kf):
        if not rows:
            continue
        _heading(pdf, title)
        pdf.set_font("Helvetica", "", 8)
        with pdf.table(col_widths=[3] + [1] * (len(headers) - 1), text_align="LEFT") as table:
            for line in [headers, *rows]:
                row = table.row()
                for value in line:
                    row.cell(_text(value))
    _review(pdf, review)
    return bytes(pdf.output())
