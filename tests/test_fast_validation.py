"""The fast validation path says exactly what marshmallow says, or lets marshmallow say it."""
import math
import string
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from server.schemas import _wire, make_validator
from sync.envelope import canonical_uuid
from server.tables import codes as c
from server.schemas.fast import fast_loader
from server.schemas.tables import SCHEMAS

TABLES = sorted(SCHEMAS)
CODES = [v for name in dir(c) if name.isupper() for v in getattr(c, name)]
ODD_CHARS = ["\x00", "\ud800", "\udfff", "\u0663", "\uff12", "\u212a", "é", "ß", "İ", " ",
             "\n", "-", "_", "Z", "T", "+", ":", "W"]
LENGTHS = [0, 1, 5, 6, 14, 15, 20, 21, 50, 51, 100, 101, 200, 201, 300, 301, 320, 321,
           500, 501, 2000, 2001, 5000, 5001]

BOUNDS = sorted({b + d for schema in SCHEMAS.values() for f in schema._declared_fields.values()
                 for v in f.validators if type(v).__name__ == "Range"
                 for b in (v.min, v.max) for d in (-1, 0, 1)})
EDGE_DAYS = ["1899-12-31", "1900-01-01", "2200-12-31", "2201-01-01", "2024-02-29", "2023-02-29"]
EDGE_MOMENTS = ["1899-12-31T23:59:59Z", "1900-01-01T00:00:00Z", "1900-01-01T00:30:00+01:00",
                "2200-12-31T23:59:59Z", "2200-12-31T23:30:00-01:00", "2201-01-01T00:00:00Z",
                "2026-11-25T24:00:00Z", "2026-11-25T09:30:00.999999Z"]
texts = st.one_of(
    st.text(alphabet=st.one_of(st.characters(), st.sampled_from(ODD_CHARS)), max_size=30),
    st.builds(lambda n, ch: ch * n, st.sampled_from(LENGTHS), st.sampled_from(["a", "é", "€"])),
    st.builds(lambda n, tail: "a" * n + tail, st.sampled_from(LENGTHS),
              st.sampled_from(["\x00", "\ud800", "é"])),
)
codes = st.one_of(st.sampled_from(CODES), st.sampled_from(CODES).map(str.upper),
                  st.sampled_from(CODES).map(lambda v: v + " "))
uuids = st.uuids().flatmap(lambda u: st.sampled_from([
    str(u), str(u).upper(), "{" + str(u)[1:-1] + "}", u.hex, u.urn, str(u)[:-1] + "\u0663",
    str(u).replace("-", "_"), " " + str(u)[1:]]))
days = st.one_of(
    st.dates(date(1, 1, 1), date(9999, 12, 31)).map(date.isoformat),
    st.dates(date(1890, 1, 1), date(2210, 12, 31)).flatmap(lambda d: st.sampled_from([
        d.isoformat(), d.strftime("%Y%m%d"), "%04d-W%02d-%d" % d.isocalendar(),
        d.isoformat().replace("-", "/"), d.isoformat() + "T00:00",
        d.isoformat().translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))])),
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"), st.sampled_from(EDGE_DAYS),
)
zones = st.one_of(st.none(), st.integers(-14 * 60, 14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))))
moments = st.one_of(
    st.builds(lambda d, z: d.replace(tzinfo=z), st.datetimes(datetime(1890, 1, 1),
              datetime(2210, 12, 31)), zones).flatmap(lambda d: st.sampled_from([
        d.isoformat(), d.isoformat().replace("+00:00", "Z"),
        d.strftime("%Y-%m-%dT%H:%M:%SZ"), d.strftime("%Y-%m-%d %H:%M:%S"),
        d.isoformat(timespec="minutes"), d.date().isoformat()])),
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\Z"),
    st.text(max_size=45), st.sampled_from(EDGE_MOMENTS),
)
numbers = st.one_of(
    st.integers(-300, 11_000), st.integers(), st.booleans(), st.sampled_from(BOUNDS),
    st.sampled_from(BOUNDS).map(float),
    st.floats(allow_nan=True, allow_infinity=True), st.floats(-200, 200),
    st.sampled_from([0, -0.0, 1.0, 120, 121, 3650, 3651, 2**1100, -(2**1100), 10_000, 10_001,
                     180.0, 180.0000001, -90.0, 1e308]),
)
anything = st.one_of(st.none(), texts, codes, uuids, days, moments, numbers,
                     st.lists(st.one_of(codes, texts), max_size=3),
                     st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


def kind_values(field):
    """Values aimed at one field's kind: mostly plausible, some at or over its limits."""
    kind = type(field).__name__
    if kind == "Text":
        high = field.validators[0].max
        return st.one_of(st.text(max_size=min(high, 40)), texts,
                         st.sampled_from(["a" * high, "é" * high, "a" * (high + 1)]))
    if kind == "Code":
        return st.one_of(st.sampled_from(field.validators[1].choices), codes)
    if kind in ("Int", "Real"):
        rng = field.validators[0]
        edges = [b + d for b in (rng.min, rng.max) for d in (-1, 0, 1)]
        return st.one_of(numbers, st.sampled_from(edges + [float(e) for e in edges]))
    if kind == "StrictBool":
        return st.one_of(st.booleans(), numbers)
    return {"Ref": uuids, "Int": numbers, "Real": numbers, "Day": days,
            "Moment": moments}.get(kind, anything)


def field_values(table: str):
    """Dicts of the table's fields (and a few strangers) with plausible or hostile values."""
    fields = SCHEMAS[table]._declared_fields
    names = list(fields) + ["unknown", "_deleted", "\ud800"]
    typed = {name: st.one_of(kind_values(f), st.none()) if f.allow_none else kind_values(f)
             for name, f in fields.items()}
    return st.one_of(
        st.dictionaries(st.sampled_from(names), anything, max_size=8),
        st.sampled_from(list(fields)).flatmap(
            lambda name: typed[name].map(lambda value: {name: value})),
        st.lists(st.sampled_from(list(fields)), max_size=6, unique=True).flatmap(
            lambda keys: st.fixed_dictionaries({k: typed[k] for k in keys})),
    )


def slow_load(schema, fields: dict):
    try:
        return {k: _wire(v) for k, v in schema.load(fields, partial=True).items()}, None
    except ValidationError as exc:
        return None, exc.messages


LOADERS = {t: (SCHEMAS[t](), fast_loader(SCHEMAS[t](), _wire)) for t in TABLES}
FAST = {t: make_validator(t) for t in TABLES}
SLOW = {t: make_validator(t, fast=False) for t in TABLES}


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
@pytest.mark.parametrize("table", TABLES)
def test_fast_path_accepts_only_what_marshmallow_accepts_and_gives_the_same(table, data):
    schema, quick = LOADERS[table]
    fields = data.draw(field_values(table))
    fast = quick(fields)
    clean, errors = slow_load(schema, fields)
    if fast is not None:
        assert errors is None, (fields, fast)
        assert list(fast.items()) == list(clean.items())  # same values, same order
        assert all(type(fast[k]) is type(clean[k]) for k in fast)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), creating=st.booleans())
@pytest.mark.parametrize("table", TABLES)
def test_validator_answers_exactly_as_with_marshmallow_alone(table, data, creating):
    fields = data.draw(field_values(table))
    current = None if creating else {"consent": True, "starts_at": "2026-11-25T09:00:00Z",
                                     "age_min": 16, "answers": None}
    got, want = FAST[table](fields, current), SLOW[table](fields, current)
    assert got == want
    assert list(got[0]) == list(want[0]) and list(got[1]) == list(want[1])


def _valid_row(table: str) -> dict:
    """A row of plain values that marshmallow accepts, one value per field kind."""
    sample = {"Text": "Saint-Claude", "Ref": str(uuid.uuid4()), "StrictBool": True,
              "Int": 16, "Real": 46.38, "Day": "2006-03-14", "Moment": "2026-11-25T09:30:00Z"}
    row = {}
    for name, field in SCHEMAS[table]._declared_fields.items():
        kind = type(field).__name__
        if kind == "Code":
            row[name] = field.validators[1].choices[0]
        elif kind == "Text":
            row[name] = "Saint-Claude"[:field.validators[0].max]
        elif kind in sample:
            row[name] = sample[kind]
    return row


@pytest.mark.parametrize("table", TABLES)
def test_plain_rows_take_the_fast_path(table):
    schema, quick = LOADERS[table]
    row = _valid_row(table)
    assert row, table
    clean, errors = slow_load(schema, row)
    assert errors is None
    assert quick(row) == clean
    assert quick({**row, "commune": None} if "commune" in row else row) is not None


def test_the_bench_row_takes_the_fast_path():
    row = {"first_name": "Léa", "last_name": "Martin", "birth_date": "2006-03-14", "sex": "F",
           "commune": "Saint-Claude", "phone": "0612345678", "notes": "suivi " * 33}
    assert LOADERS["beneficiaries"][1](row) == row


@pytest.mark.parametrize("value", [
    "2006-W11-2", "20060314", "2006-02-30", "1899-12-31", "2201-01-01", "２００６-03-14"])
def test_unusual_or_wrong_dates_go_to_marshmallow(value):
    schema, quick = LOADERS["beneficiaries"]
    assert quick({"birth_date": value}) is None
    clean, errors = slow_load(schema, {"birth_date": value})
    if value == "2006-W11-2":  # valid ISO, but not as written: marshmallow renders it
        assert clean == {"birth_date": "2006-03-14"}
    else:
        assert errors and "birth_date" in errors


@pytest.mark.parametrize("value", [math.nan, math.inf, True, "46.3", 2**1100, 90.5])
def test_odd_numbers_go_to_marshmallow(value):
    assert LOADERS["partners"][1]({"latitude": value}) is None
    assert slow_load(LOADERS["partners"][0], {"latitude": value})[1]


def test_text_limits_and_hostile_characters_go_to_marshmallow():
    schema, quick = LOADERS["beneficiaries"]
    for value in ("a" * 51, "a\x00b", "\ud800", 5, None):
        assert quick({"phone": value} if value is not None else {"first_name": None}) is None
    assert quick({"phone": "a" * 50}) == {"phone": "a" * 50}
    assert quick({"phone": "é" * 50}) == {"phone": "é" * 50}
    assert set(string.ascii_letters) and quick({"phone": None}) == {"phone": None}


def _reference_uuid(value):
    """canonical_uuid as it was before its fast path: build the UUID, compare its text."""
    if not isinstance(value, str) or len(value) != 36:
        return None
    try:
        parsed = str(uuid.UUID(value))
    except ValueError:
        return None
    return parsed if parsed == value.lower() else None


@settings(max_examples=1000, deadline=None)
@given(value=st.one_of(uuids, st.text(alphabet="0123456789abcdefABCDEF-{}_ \u0663\u212a",
                                      min_size=34, max_size=38), anything))
def test_canonical_uuid_fast_path_agrees_with_building_the_uuid(value):
    assert canonical_uuid(value) == _reference_uuid(value)
