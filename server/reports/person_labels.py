"""French words for a person's file, so its export reads as a page, not as a database."""
from datetime import date, datetime

from ..domain.diagnostic import ANSWER_WORDS
from ..domain.selftest import WORDS as SELF_TEST_WORDS
from ..tables import TABLES

# A person's file's tables and their titles, from the descriptions.
TABLE_TITLES = {name: table.file_title for name, table in TABLES.items() if table.about_person}
# Words that are not a column of a description: row bookkeeping, a session joined to an
# attendance, and the keys inside a diagnostic's answers and a self-test.
EXTRA = {
    "id": "Identifiant", "deleted": "Supprimé", "created_at": "Créé le",
    "updated_at": "Modifié le", "session": "Séance", "_deleted": "Suppression",
    **ANSWER_WORDS, **SELF_TEST_WORDS,
}
# The columns' labels come from the table descriptions (server/tables/); where two tables
# share a column name, the person's own table says it first.
FILE_TABLES = ("beneficiaries", *TABLE_TITLES, "sessions")
LABELS = {**{name: column.label for table in reversed(FILE_TABLES)
             for name, column in TABLES[table].columns.items()}, **EXTRA}


def label(table: str | None, name: str) -> str:
    """Return the French label of a column of `table` (or of a word of the file)."""
    column = TABLES[table].columns.get(name) if table in TABLES else None
    return column.label if column else LABELS.get(name, name)


def show(value) -> str:
    """Write a value the way a person reads it."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if value is True:
        return "oui"
    if value is False:
        return "non"
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            if len(value) == 10:
                return date.fromisoformat(value).strftime("%d/%m/%Y")
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return moment.strftime("%d/%m/%Y à %H:%M (UTC)")
        except ValueError:
            return value
    if isinstance(value, dict):
        return " ; ".join(f"{LABELS.get(k, k)} : {show(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(show(v) for v in value)
    return str(value)


def field_names(detail: str | None) -> str:
    """Write an audit detail ("note: a,b") with the French names of its fields."""
    if not detail:
        return ""
    note, _, names = detail.rpartition(": ") if ": " in detail else ("", "", detail)
    if "," not in names and names not in LABELS:
        return detail  # a note alone
    words = ", ".join(LABELS.get(name, name) for name in names.split(","))
    return f"{note} : {words}" if note else words
