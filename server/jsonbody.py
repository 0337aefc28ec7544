"""Read request bodies as JSON without trusting them."""
import json
import math
from typing import Any

from flask import current_app, request

from .compression import decompressed_body
from .errors import ApiError
from .fastjson import SLOW, fast_loads


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    # 1e400 parses to inf, which no database JSON column takes back (PostgreSQL says 500).
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of range")
    return value


def read_json() -> Any:
    """Return the parsed JSON body; raise a 400 problem for anything that is not JSON."""
    raw = request.get_data(cache=True)
    encoding = request.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding == "gzip":  # the web app gzips large pushes: slow 3G uploads are tiny
        raw = decompressed_body(raw, current_app.config["MAX_CONTENT_LENGTH"])
    elif encoding != "identity":
        raise ApiError(f"Encodage « {encoding[:20]} » non pris en charge (gzip seulement).", 415)
    if not raw:
        raise ApiError("Corps JSON attendu.")
    fast = fast_loads(raw)  # the standard library's parse below only where orjson differs
    if fast is not SLOW:
        return fast
    try:
        text = raw.decode("utf-8")
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError("Le corps de la requête n'est pas du JSON valide.") from None


def read_object() -> dict:
    """Return the JSON body, which must be an object."""
    body = read_json()
    if not isinstance(body, dict):
        raise ApiError("Le corps doit être un objet JSON.")
    return body
