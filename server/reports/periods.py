"""Periods and age bands used by every figure."""
from dataclasses import dataclass
from datetime import date, datetime, time

AGE_BANDS = ("<18", "18-21", "22-25", "26+", "inconnu")
YOUNG_MAX_AGE = 25  # the project's young people are 16-25


@dataclass(frozen=True)
class Period:
    """An inclusive range of days."""

    start: date
    end: date

    @property
    def start_dt(self) -> datetime:
        return datetime.combine(self.start, time.min)

    @property
    def end_dt(self) -> datetime:
        return datetime.combine(self.end, time.max)

    def label(self) -> str:
        return f"du {self.start:%d/%m/%Y} au {self.end:%d/%m/%Y}"


def year_period(year: int) -> Period:
    """Return the calendar year as a period."""
    return Period(date(year, 1, 1), date(year, 12, 31))


def age_on(birth: date | None, day: date) -> int | None:
    """Return the age in whole years on `day`, or None when the birth date is unknown."""
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(age: int | None) -> str:
    """Return the funders' age band for an age."""
    if age is None:
        return "inconnu"
    if age < 18:
        return "<18"
    if age <= 21:
        return "18-21"
    if age <= 25:
        return "22-25"
    return "26+"


def is_young(age: int | None) -> bool | None:
    """Tell whether an age counts as a young person (None when unknown)."""
    return None if age is None else age <= YOUNG_MAX_AGE
