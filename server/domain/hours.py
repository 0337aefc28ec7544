"""Opening hours: OpenStreetMap syntax checked when saved, told in plain French when shown.

The offers and partners keep `horaires_accueil` in the OpenStreetMap syntax the data·inclusion
schema asks for ("Mo-Fr 09:00-12:00,13:30-17:00"); people read it in words ("du lundi au
vendredi, de 9 h à 12 h et de 13 h 30 à 17 h"). The package `opening-hours-py` parses it;
the words are built from one week of its intervals.
"""
import re
from datetime import date, datetime, time, timedelta

import opening_hours

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
# Rules that make some weeks differ from the one described: months, weeks, dates, holidays.
_SEASONAL = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|week|easter|SH)\b"
                       r"|\b\d{4}\b")
_HOLIDAYS_CLOSED = re.compile(r"\bPH\s+(off|closed)\b")
MESSAGE = ("Horaires au format OpenStreetMap attendus, par exemple "
           "« Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00 ».")


def error(expression: str) -> str | None:
    """Return a French message when the expression is not valid OpenStreetMap syntax."""
    try:
        opening_hours.OpeningHours(expression)
    except (opening_hours.ParserError, ValueError):
        return MESSAGE
    except Exception:  # the parser may refuse what it cannot evaluate: still a refusal
        return MESSAGE
    return None


def _clock(moment: time) -> str:
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"


def _week(hours, monday: date) -> dict[int, list]:
    """Return {weekday: [(opens, closes, comment)]} of the open spans starting that day."""
    first = datetime.combine(monday, time())
    # From the day before: a night opening on Sunday is not cut at Monday's midnight.
    spans: list[list] = []
    for begin, end, state, comment in hours.intervals(first - timedelta(days=1),
                                                      first + timedelta(days=8)):
        if state != opening_hours.State.OPEN:
            continue
        if spans and spans[-1][1] == begin and spans[-1][2] == comment:
            spans[-1][1] = end  # one opening across midnight comes as two intervals
        else:
            spans.append([begin, end, comment])
    week: dict[int, list] = {}
    for begin, end, comment in spans:
        day = begin.date()
        while datetime.combine(day, time()) < end:
            d0 = datetime.combine(day, time())
            d1, piece = d0 + timedelta(days=1), None
            if begin >= d0:  # the day it opens: until it closes, or midnight
                piece = (begin.time(), end.time() if end - begin < timedelta(days=1) else None)
            elif end >= d1:
                piece = (time(), None)  # open the whole day
            elif end - begin >= timedelta(days=1):
                piece = (time(), end.time())  # the last day of a long opening
            # else: the small hours of a night opening, told with the evening it began
            if piece and first <= d0 < first + timedelta(days=7):
                week.setdefault(day.weekday(), []).append((*piece, comment or ""))
            day += timedelta(days=1)
    return week


def _day_words(days: list[int]) -> str:
    if len(days) == 7:
        return "tous les jours"
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return f"du {DAYS[days[0]]} au {DAYS[days[-1]]}"
    names = [DAYS[d] for d in days]
    return "le " + (names[0] if len(names) == 1 else ", le ".join(names[:-1]) + " et le " + names[-1])


def _hours_words(spans: tuple) -> str:
    if len(spans) == 1 and spans[0][:2] == (time(), None):
        return "24 h sur 24"
    parts = [f"de {_clock(a)} à {'minuit' if b in (None, time()) else _clock(b)}"
             + (f" ({comment})" if comment else "") for a, b, comment in spans]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]


def in_words(expression: str | None, today: date | None = None) -> str | None:
    """Return the opening hours of the week after `today` in plain French (None when unknown)."""
    if not expression or error(expression):
        return None
    hours = opening_hours.OpeningHours(expression)
    monday = (today or date.today()) + timedelta(days=7 - (today or date.today()).weekday())
    by_hours: dict[tuple, list[int]] = {}
    for day, spans in sorted(_week(hours, monday).items()):
        by_hours.setdefault(tuple(spans), []).append(day)
    if not by_hours:
        text = "Fermé"
    else:
        groups = sorted(by_hours.items(), key=lambda item: item[1][0])
        text = " ; ".join(f"{_day_words(days)}, {_hours_words(spans)}" for spans, days in groups)
        text = text[0].upper() + text[1:]
    normal = str(hours.normalize())
    if _HOLIDAYS_CLOSED.search(normal):
        text += ". Fermé les jours fériés"
    if _SEASONAL.search(normal):
        text += ". Les horaires changent selon la période : renseignez-vous"
    return text + "."
