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
    """Return a row for a write-only sheet: text stays text, control characters dropped."""
    row = []
    for value in values:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if value.startswith("="):  # the only text openpyxl would store as a formula
                value = WriteOnlyCell(sheet, value=value)
                value.data_type = "s"
        row.append(value)
    return row
