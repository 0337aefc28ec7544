"""orjson where it gives what the standard library gives: same values in, same values out."""
import dataclasses
import datetime as dt
import decimal
import json
import re
import uuid

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from server.fastjson import (SLOW, FastJSONProvider, dumps_bytes, fast_loads, loads,
                             long_digits)
from server.jsonbody import _finite_float, _refuse_constant

# What JSON can carry, strings with any code point (lone surrogates included), any integer.
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


def _pair(debug: bool = False):
    ours, theirs = Flask("ours"), Flask("theirs")
    ours.json, ours.debug, theirs.debug = FastJSONProvider(ours), debug, debug
    return ours, theirs


def _answer(app: Flask, value):
    with app.test_request_context():
        return app.json.response(value)


@settings(max_examples=300, deadline=None)
@given(values)
def test_a_response_reads_back_as_flask_s_own(value):
    ours, theirs = _pair()
    a, b = _answer(ours, value), _answer(theirs, value)
    assert a.mimetype == b.mimetype == "application/json"
    assert a.get_data().endswith(b"\n")
    assert json.loads(a.get_data()) == json.loads(b.get_data())


def test_keys_are_sorted_and_the_text_compact_as_before():
    ours, theirs = _pair()
    value = {"b": 1, "a": [True, None, "é"], "ä": {"z": 1.5, "y": 10**16}}
    a = _answer(ours, value).get_data().decode()
    assert a == '{"a":[true,null,"é"],"b":1,"ä":{"y":10000000000000000,"z":1.5}}\n'
    assert json.loads(a) == json.loads(_answer(theirs, value).get_data())


@dataclasses.dataclass
class Point:
    x: int
    label: str


def test_what_flask_s_default_turns_into_text_stays_so():
    ours, theirs = _pair()
    day = dt.datetime(2026, 12, 4, 14, 5, 0)
    value = {"moment": day, "day": day.date(), "amount": decimal.Decimal("1.10"),
             "id": uuid.UUID(int=7), "point": Point(1, "é"), "html": Markup("<b>x</b>"),
             "big": 2**70, "lone": "\ud800"}
    a, b = _answer(ours, value).get_data(), _answer(theirs, value).get_data()
    assert json.loads(a) == json.loads(b)
    assert json.loads(a)["moment"] == "Fri, 04 Dec 2026 14:05:00 GMT"
    keys = {3: "keys that are not text", 1: "are sorted and written as text"}
    assert _answer(ours, keys).get_data() == _answer(theirs, keys).get_data()


def test_debug_responses_stay_pretty_printed():
    ours, theirs = _pair(debug=True)
    value = {"b": [1, 2], "a": "é"}
    assert _answer(ours, value).get_data() == _answer(theirs, value).get_data()
    assert isinstance(theirs.json, DefaultJSONProvider)


@settings(max_examples=300, deadline=None)
@given(values)
def test_loads_reads_what_json_loads_reads(value):
    text = json.dumps(value)
    assert loads(text) == json.loads(text)
    assert loads(text.encode("utf-8", "surrogatepass")) == json.loads(
        text.encode("utf-8", "surrogatepass"))


def test_loads_falls_back_on_what_orjson_refuses():
    for text in ("NaN", '{"a": Infinity}', "1e400", "1" * 40, "-9223372036854775809",
                 '{"a": [18446744073709551616]}', '"\\ud800"'):
        for data in (text, text.encode()):
            got, want = loads(data), json.loads(data)
            assert repr(got) == repr(want)


@settings(max_examples=300, deadline=None)
@given(values)
def test_dumps_bytes_gives_the_same_value(value):
    assert json.loads(dumps_bytes(value)) == value


def test_dumps_bytes_writes_dates_in_iso_8601():
    moment = dt.datetime(2026, 12, 4, 14, 5, 0, 123456)
    assert json.loads(dumps_bytes([moment, moment.date(), dt.datetime(2026, 1, 2)])) == [
        "2026-12-04T14:05:00.123456", "2026-12-04", "2026-01-02T00:00:00"]
    assert json.loads(dumps_bytes({"big": 2**70, "when": moment})) == {
        "big": 2**70, "when": "2026-12-04T14:05:00.123456"}


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=60) | st.text(alphabet="0123456789 ,.-e\u0663", max_size=60))
def test_long_digits_finds_what_the_regular_expression_finds(data):
    raw = data if isinstance(data, bytes) else data.encode()
    assert long_digits(raw) == (re.search(b"[0-9]{19}", raw) is not None)
    if isinstance(data, str):
        assert long_digits(data) == (re.search("[0-9]{19}", data) is not None)


def _stdlib_body(raw: bytes):
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant,
                          parse_float=_finite_float)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return "refused"


@settings(max_examples=300, deadline=None)
@given(values)
def test_a_request_body_reads_as_the_standard_library_reads_it(value):
    raw = json.dumps(value).encode()
    fast = fast_loads(raw)
    assert fast is SLOW or fast == _stdlib_body(raw)


def test_a_request_body_orjson_reads_otherwise_goes_the_slow_way():
    for raw in (b'[12345678901234567890]', b'{"a": NaN}', b'[1e400]', b'"\\ud800"',
                b'\xef\xbb\xbf{}', b'\xff', b'[' * 2000 + b']' * 2000, b'{"a": 1,}'):
        assert fast_loads(raw) is SLOW, raw
    assert fast_loads(b'{"a": [1, 2.5, "\\u00e9", null, true]}') == {
        "a": [1, 2.5, "é", None, True]}
