"""Strict marshmallow fields: what a database and a client can both hold safely."""
import math
from datetime import datetime, timezone

from marshmallow import ValidationError, fields, validate

from sync.envelope import canonical_uuid

from ..domain import hours
from ..territory import territory as default_territory
from .links import MESSAGE as LINK_MESSAGE, is_safe_link


class Text(fields.String):
    """A string with a length limit and no NUL byte or broken Unicode."""

    def __init__(self, max_len: int = 2000, **kwargs):
        super().__init__(validate=validate.Length(max=max_len), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("Le texte contient un caractère nul.")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError("Le texte contient des caractères invalides.") from None
        return text


class Link(Text):
    """A link shown to tap: http(s) with a host, tel: or mailto: only (see links.py)."""

    def __init__(self, max_len: int = 500, **kwargs):
        super().__init__(max_len, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if text and not is_safe_link(text):  # "" is no link at all: nothing to tap
            raise ValidationError(LINK_MESSAGE)
        return text


class Code(Text):
    """One value from a code list."""

    def __init__(self, choices, **kwargs):
        super().__init__(max_len=100, **kwargs)
        self.choices = tuple(choices)  # read by the web app's manifest (tables/manifest.py)
        self.validators.append(validate.OneOf(choices, error="Valeur inconnue : choisir parmi {choices}."))


class OpeningHours(Text):
    """Opening hours in OpenStreetMap syntax ("Mo-Fr 09:00-12:00"), refused otherwise."""

    def __init__(self, max_len: int = 500, **kwargs):
        super().__init__(max_len=max_len, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        message = hours.error(text) if text.strip() else None
        if message:
            raise ValidationError(message)
        return text


class CommuneCode(Code):
    """The INSEE code of a commune of the territory (pwa/data/territory.json, from the COG)."""

    def __init__(self, **kwargs):
        land = default_territory()
        super().__init__(sorted({*land.communes, *land.former}), **kwargs)
        # The list has thousands of codes: the message does not spell them out.
        self.validators[-1].error = "Commune inconnue : code INSEE d'une commune de la liste attendu."


class Ref(fields.String):
    """A reference to another row: a canonical UUID."""

    def __init__(self, to: str | None = None, **kwargs):
        super().__init__(**kwargs)
        # The table it names: a caseload row of another structure is refused (foreign_rows.py).
        self.to = to

    def _deserialize(self, value, attr, data, **kwargs):
        if canonical_uuid(value) is None:
            raise ValidationError("Identifiant invalide (UUID attendu).")
        return value.lower()


class StrictBool(fields.Boolean):
    """Only JSON true or false: "yes" or 1 are refused, not guessed."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise ValidationError("Booléen attendu (true ou false).")
        return value


class Int(fields.Integer):
    """A bounded integer (floats and booleans refused)."""

    def __init__(self, low: int = 0, high: int = 1_000_000, **kwargs):
        super().__init__(strict=True, validate=validate.Range(low, high), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise ValidationError("Nombre entier attendu.")
        return super()._deserialize(value, attr, data, **kwargs)


class Real(fields.Float):
    """A bounded finite number."""

    def __init__(self, low: float, high: float, **kwargs):
        super().__init__(allow_nan=False, validate=validate.Range(low, high), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError("Nombre attendu.")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValidationError("Nombre fini attendu.")
        return super()._deserialize(value, attr, data, **kwargs)


class Day(fields.Date):
    """A calendar date, YYYY-MM-DD, between 1900 and 2200."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or len(value) != 10:
            raise ValidationError("Date attendue au format AAAA-MM-JJ.")
        day = super()._deserialize(value, attr, data, **kwargs)
        if not 1900 <= day.year <= 2200:
            raise ValidationError("Date hors limites.")
        return day


class Moment(fields.Field):
    """A point in time: ISO 8601 in, UTC `YYYY-MM-DDTHH:MM:SSZ` out."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or len(value) > 40:
            raise ValidationError("Date et heure ISO 8601 attendues.")
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError("Date et heure ISO 8601 attendues.") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        if not 1900 <= moment.year <= 2200:
            raise ValidationError("Date hors limites.")
        return moment.astimezone(timezone.utc).replace(microsecond=0)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def codes(choices, max_items: int = 30, **kwargs) -> fields.List:
    """A list of values from a code list."""
    return fields.List(Code(choices), validate=validate.Length(max=max_items), **kwargs)


def texts(max_items: int = 50, max_len: int = 200, **kwargs) -> fields.List:
    """A list of short strings."""
    return fields.List(Text(max_len), validate=validate.Length(max=max_items), **kwargs)
