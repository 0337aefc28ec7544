"""The web app's manifests of the synced tables, written from the descriptions.

`flask --app wsgi pwa-manifest` writes pwa/js/manifest.js (the stores: loaded at start) and
pwa/js/field-labels.js (the French labels and kinds of every field, for the screens that show
rows as a form would: loaded only by them); tests/test_descriptions.py fails when a committed
file is not what the descriptions give.
"""
import json
from pathlib import Path

from marshmallow import fields as mf

from . import TABLES, codes
from . import fields as f
from ..domain.diagnostic import ANSWER_WORDS

PWA_JS = Path(__file__).resolve().parents[2] / "pwa" / "js"
PATH = PWA_JS / "manifest.js"
LABELS_PATH = PWA_JS / "field-labels.js"
_LISTS = {value: name for name, value in vars(codes).items()
          if name.isupper() and isinstance(value, tuple)}


def manifest() -> dict:
    """Return the tables, their indexes, and which ones are sealed on devices."""
    return {
        "tables": list(TABLES),
        "indexes": {n: [c for c, col in t.columns.items() if col.indexed]
                    for n, t in TABLES.items() if any(col.indexed for col in t.columns.values())},
        # Sealed: a table holding personal data or free text, or whose rows make a person's file.
        "sealed": [n for n, t in TABLES.items() if t.personal() or t.about_person],
        # The rows of a person's file (beneficiary_id): a person's erasure takes them along.
        "person": [n for n, t in TABLES.items() if t.about_person],
    }


def kind(check: mf.Field) -> str:
    """Return how a screen shows a field's value: day, moment, bool, number, code:LIST…"""
    if isinstance(check, mf.List):
        inner = kind(check.inner)
        return "codes:" + inner[5:] if inner.startswith("code:") else "list"
    if isinstance(check, f.CommuneCode):
        return "text"  # an INSEE code: the app's territory names it, no code list here
    if isinstance(check, f.Code):
        return "code:" + _LISTS.get(check.choices, "")
    for cls, name in ((f.Day, "day"), (f.Moment, "moment"), (mf.Boolean, "bool"),
                      (mf.Number, "number"), (f.Ref, "ref"), (mf.Dict, "json"),
                      (mf.String, "text")):
        if isinstance(check, cls):
            return name
    return "json"


def field_labels() -> dict:
    """Return each table's label, its fields' labels and kinds, and the code lists they use."""
    fields = {n: {c: [col.label, kind(col.check)] for c, col in t.columns.items()}
              for n, t in TABLES.items()}
    used = sorted({k.split(":", 1)[1] for table in fields.values() for _, k in table.values()
                   if k.startswith(("code:", "codes:"))})
    return {"tables": {n: t.label for n, t in TABLES.items()}, "fields": fields,
            "lists": {name: list(getattr(codes, name)) for name in used if name},
            "words": ANSWER_WORDS}


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def render() -> str:
    """Return the stores' module."""
    m = manifest()
    return (
        "// Generated from server/tables/ by `flask --app wsgi pwa-manifest`: do not edit.\n"
        "// The synced tables, the foreign keys screens look rows up by (IndexedDB indexes, kept\n"
        "// in clear), the tables sealed on the device (sealed.js), and those of a person's file\n"
        "// (erasure.js).\n"
        f"export const SYNCED_TABLES = {_dump(m['tables'])};\n"
        f"export const INDEXES = {_dump(m['indexes'])};\n"
        f"export const SEALED_TABLES = {_dump(m['sealed'])};\n"
        f"export const PERSON_TABLES = {_dump(m['person'])};\n")


def render_labels() -> str:
    """Return the labels' module."""
    m = field_labels()
    return (
        "// Generated from server/tables/ by `flask --app wsgi pwa-manifest`: do not edit.\n"
        "// Each synced table's French label; each field's label and kind (day, moment, bool,\n"
        "// number, ref, json, text, list, code:LIST, codes:LIST); the code lists' codes (their\n"
        "// French words are in labels.js, BY_LIST); the words of a diagnostic's answers.\n"
        f"export const TABLE_LABELS = {_dump(m['tables'])};\n"
        f"export const FIELDS = {_dump(m['fields'])};\n"
        f"export const CODE_LISTS = {_dump(m['lists'])};\n"
        f"export const ANSWER_WORDS = {_dump(m['words'])};\n")


def write() -> bool:
    """Write both modules; return whether one changed."""
    changed = False
    for path, text in ((PATH, render()), (LABELS_PATH, render_labels())):
        if not (path.exists() and path.read_text() == text):
            path.write_text(text)
            changed = True
    return changed
