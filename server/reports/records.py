"""Record-level exports of the people's files: pseudonymised by default, full on request.

A pseudonymised sheet names nobody: each person appears as a stable pseudonym (a keyed hash of
their id), without name, phone, e-mail, free text, exact birth date or any id that leads back
to the database. The full export (coordinator only) holds every column with the real ids.
"""
import csv
import hashlib
import hmac
import io
import json
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from .cells import csv_value, xlsx_row
from ..extensions import db as sa
from .pseudonymised import EXPORTED, build
from .scope import mine

TABLES = tuple(EXPORTED)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    """One table of an export: its name, column names and rows."""

    table: str
    headers: list[str]
    rows: list[list]


def pseudonymiser(secret: str):
    """Return a function giving each person id its pseudonym (stable for a given secret)."""
    key = hashlib.sha256(b"mobilite-haut-jura/pseudonyme/" + secret.encode()).digest()
    cache: dict[str, str] = {}

    def pseudonym(person_id: str | None) -> str | None:
        if not person_id:
            return None
        if person_id not in cache:
            digest = hmac.new(key, person_id.encode(), hashlib.sha256).hexdigest()
            cache[person_id] = f"P-{digest[:8].upper()}"
        return cache[person_id]

    return pseudonym


def pseudonymised_sheet(db: DbSession, table: str, secret: str, today: date,
                        tenant: str) -> Sheet:
    """Return a structure's rows of the table with pseudonyms instead of people, and nothing
    that names them."""
    headers, rows = build(db, table, pseudonymiser(secret), today, tenant)
    # Sorting by pseudonym (then date) hides the order in which files were created.
    rows.sort(key=lambda row: tuple((value is None, str(value)) for value in row))
    return Sheet(table, headers, rows)


def full_sheet(db: DbSession, table: str, tenant: str) -> Sheet:
    """Return every column of a structure's live rows of the table, real ids included."""
    model = sa.metadata.tables[table]
    columns = list(model.columns)
    rows = db.execute(select(*columns).where(mine(model, tenant), model.c.deleted.is_(False))
                      .order_by(model.c.created_version, model.c.id))
    return Sheet(table, [c.name for c in columns],
                 [[_plain(value) for value in row] for row in rows])


def _plain(value):
    # JSON columns (answers, levels, field versions) go out as their JSON text.
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def to_csv(sheet: Sheet) -> str:
    """Return one table as CSV (semicolons, for French spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(sheet.headers)
    writer.writerows([csv_value(value) for value in row] for row in sheet.rows)
    return out.getvalue()


def to_xlsx(sheets: list[Sheet]) -> bytes:
    """Return a workbook with one sheet per table."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        page = book.create_sheet(sheet.table[:31])
        header = [WriteOnlyCell(page, value=name) for name in sheet.headers]
        for cell in header:
            cell.font = bold
        page.append(header)
        for row in sheet.rows:
            page.append(xlsx_row(page, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
