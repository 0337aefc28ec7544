"""JSON through orjson where it gives what the standard library gives, the library elsewhere.

A sync page is thousands of rows: the standard encoder and decoder cost more than the rest
of the server's work on them. orjson is about ten times faster; anything it handles
differently (integers past 64 bits, lone surrogates, NaN, types it does not know) falls
back to the standard library, so results stay the same.
"""
import json
import re
from typing import Any

import orjson
from flask.json.provider import DefaultJSONProvider

# Dates, dataclasses and str/int subclasses go through Flask's own `default`, as before.
_OPTIONS = (orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
            | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS)


# orjson reads an integer past 64 bits as a float: 19 digits in a row go the slow way.
_LONG_TEXT = re.compile("[0-9]{19}")
_DIGITS = bytes(0x30 if 0x30 <= i <= 0x39 else 0x20 for i in range(256))  # digit: "0"
_RUN = b"0" * 19


def long_digits(data: str | bytes) -> bool:
    """Tell whether 19 digits or more follow one another somewhere in the text."""
    if isinstance(data, str):
        return _LONG_TEXT.search(data) is not None
    # On a request body (hundreds of KB) a regular expression costs ~10 µs per KB; mapping
    # every byte to "0" (a digit) or " " then finding 19 "0" in a row costs 1 µs.
    return _RUN in data.translate(_DIGITS)


SLOW = object()  # what `fast_loads` answers when the standard library must read the text


def fast_loads(data: str | bytes) -> Any:
    """Decode with orjson where it reads what the standard library reads, else return SLOW.

    orjson refuses NaN, 1e400, lone surrogates, invalid UTF-8 and nesting past 1024, which the
    library reads or refuses in its own words; and it reads an integer past 64 bits as a
    float, so 19 digits in a row go the slow way too.
    """
    if long_digits(data):
        return SLOW
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return SLOW


def loads(data: str | bytes) -> Any:
    """Decode JSON as `json.loads` does (a JSON column's value read from the database)."""
    fast = fast_loads(data)
    return json.loads(data) if fast is SLOW else fast


def dumps_bytes(value: Any) -> bytes:
    """Encode JSON as UTF-8 bytes; dates as ISO 8601 (the database reads them so)."""
    try:
        return orjson.dumps(value)
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(value, default=_iso).encode()


def _iso(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


class FastJSONProvider(DefaultJSONProvider):
    """Flask's JSON responses, compact and with sorted keys as before, encoded by orjson.

    The text differs only where JSON allows: non-ASCII characters are written as UTF-8
    instead of \\u escapes, and a float may be spelled differently (1e16 for 1e+16). A NaN
    would become null instead of the invalid `NaN`, but no NaN gets past validation.
    """

    def response(self, *args: Any, **kwargs: Any):
        if (self.compact is None and self._app.debug) or self.compact is False:
            return super().response(*args, **kwargs)  # pretty-printed: as before
        obj = self._prepare_response_obj(args, kwargs)
        try:
            body = orjson.dumps(obj, default=self.default, option=_OPTIONS)
        except (TypeError, orjson.JSONEncodeError):
            return super().response(*args, **kwargs)
        return self._app.response_class(body + b"\n", mimetype=self.mimetype)
