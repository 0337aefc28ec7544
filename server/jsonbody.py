"""Read request bodies as JSON without trusting them."""
import json
from typing import Any

from flask import request

from .errors import ApiError


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def read_json() -> Any:
    """Return the parsed JSON body; raise a 400 problem for anything that is not JSON."""
    raw = request.get_data(cache=True)
    if not raw:
        raise ApiError("Corps JSON attendu.")
    try:
        text = raw.decode("utf-8")
        return json.loads(text, parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError("Le corps de la requête n'est pas du JSON valide.") from None


def read_object() -> dict:
    """Return the JSON body, which must be an object."""
    body = read_json()
    if not isinstance(body, dict):
        raise ApiError("Le corps doit être un objet JSON.")
    return body
