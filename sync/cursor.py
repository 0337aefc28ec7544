"""Opaque pull cursors: a server version wrapped so clients don't build their own."""
import base64
import binascii

from .errors import BadCursor

_PREFIX = "v1:"
_MAX_VERSION = 2**62


def encode_cursor(version: int) -> str:
    """Wrap a version number into an opaque cursor."""
    raw = f"{_PREFIX}{version}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    """Return the version inside a cursor, None for no cursor; raise BadCursor otherwise."""
    if cursor is None or cursor == "":
        return None
    if not isinstance(cursor, str) or len(cursor) > 64:
        raise BadCursor("Curseur de synchronisation invalide.")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadCursor("Curseur de synchronisation invalide.") from None
    if not raw.startswith(_PREFIX) or not raw[len(_PREFIX):].isdigit():
        raise BadCursor("Curseur de synchronisation invalide.")
    version = int(raw[len(_PREFIX):])
    if version > _MAX_VERSION:
        raise BadCursor("Curseur de synchronisation invalide.")
    return version
