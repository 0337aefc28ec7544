"""Make stored text safe in a spreadsheet: never run as a formula, no illegal character.

Names, places and notes are typed by people (and by prescribers outside the office): a value
such as `=HYPERLINK(...)` must open as the text it is, not as a formula.
"""
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# What spreadsheets read as the start of a formula in a CSV cell (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_value(value):
    """Return a cell for a CSV file: text a spreadsheet would run gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xlsx_row(sheet, values) -> list:
    """Return cells for a write-only sheet: text stays text, control characters dropped."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value)
                             if isinstance(value, str) else value)
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl would store "=…" as a formula otherwise
        cells.append(cell)
    return cells
