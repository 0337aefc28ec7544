"""The web app's manifest of the synced tables, written from the descriptions.

`flask --app wsgi pwa-manifest` writes pwa/js/manifest.js; tests/test_descriptions.py fails
when the committed file is not what the descriptions give.
"""
import json
from pathlib import Path

from . import TABLES

PATH = Path(__file__).resolve().parents[2] / "pwa" / "js" / "manifest.js"


def manifest() -> dict:
    """Return the tables, their indexes, and which ones are sealed on devices."""
    return {
        "tables": list(TABLES),
        "indexes": {n: [c for c, col in t.columns.items() if col.indexed]
                    for n, t in TABLES.items() if any(col.indexed for col in t.columns.values())},
        # Sealed: a table holding personal data or free text, or whose rows make a person's file.
        "sealed": [n for n, t in TABLES.items() if t.personal() or t.about_person],
    }


def render() -> str:
    """Return the JavaScript module."""
    m = manifest()
    dump = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
    return (
        "// Generated from server/tables/ by `flask --app wsgi pwa-manifest`: do not edit.\n"
        "// The synced tables, the foreign keys screens look rows up by (IndexedDB indexes, kept\n"
        "// in clear), and the tables sealed on the device (sealed.js).\n"
        f"export const SYNCED_TABLES = {dump(m['tables'])};\n"
        f"export const INDEXES = {dump(m['indexes'])};\n"
        f"export const SEALED_TABLES = {dump(m['sealed'])};\n")


def write(path: Path = PATH) -> bool:
    """Write the module; return whether it changed."""
    text = render()
    if path.exists() and path.read_text() == text:
        return False
    path.write_text(text)
    return True
