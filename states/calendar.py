"""The legal deadline calendar (legal-notes.md "Computing deadlines").

- The start day is not counted.
- A deadline in weeks ends on the weekday of the start day in the last week; in
  months, on the same date (or the month's last day when that date is missing).
- A deadline that ends on a Saturday, Sunday or Norwegian public holiday moves to
  the next working day (domstolloven § 149 by analogy, a design choice).
- Every result carries its rule and an explanation of every move.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from states.rules import DESIGN_DEADLINE_ROLL

OSLO = ZoneInfo("Europe/Oslo")
WorksOn = Callable[[date], bool]  # an employee's working days (states/org.py `Person.works_on`)
_WEEKDAY = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Deadline(BaseModel):
    """A computed deadline with its legal trail; the case view lists these."""

    name: str
    rule: str
    start: date
    raw_end: date
    due: date
    explanation: str


# Norway's public holidays (helligdagsfredloven § 2; lov 26. april 1947 nr. 1 for 1 and 17 May),
# computed here rather than by the `holidays` package at import (80 ms on every CLI call, and
# gettext, which the workflow sandbox forbids): the fixed days and those that follow Easter.
# tests/states/test_calendar.py checks the table against `holidays` for every year it covers.
YEARS = range(2000, 2101)
_FIXED = ((1, 1, "New Year's Day"), (5, 1, "Labor Day"), (5, 17, "Constitution Day"),
          (12, 25, "Christmas Day"), (12, 26, "Second Day of Christmas"))  # fmt: skip
_FROM_EASTER = ((-3, "Maundy Thursday"), (-2, "Good Friday"), (0, "Easter Sunday"),
                (1, "Easter Monday"), (39, "Ascension Day"), (49, "Pentecost"),
                (50, "Pentecost Monday"))  # fmt: skip


def easter_sunday(year: int) -> date:
    """Western Easter (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday) // 433
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _norwegian_holidays(years: range) -> dict[date, str]:
    names: dict[date, list[str]] = {}
    for year in years:
        easter = easter_sunday(year)
        for day, name in [
            *((date(year, m, d), name) for m, d, name in _FIXED),
            *((easter + timedelta(days=n), name) for n, name in _FROM_EASTER),
        ]:
            names.setdefault(day, []).append(name)
    return {day: "; ".join(sorted(n)) for day, n in names.items()}  # two on one day: both


_HOLIDAYS: dict[date, str] = _norwegian_holidays(YEARS)


def holiday_name(day: date) -> str | None:
    if day.year not in YEARS:
        raise ValueError(f"{day}: the legal calendar covers {YEARS.start}-{YEARS.stop - 1}")
    return _HOLIDAYS.get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def _why_closed(day: date) -> str:
    name = holiday_name(day)
    return f"public holiday ({name})" if name else "weekend"


def fmt(day: date) -> str:
    return f"{_WEEKDAY[day.weekday()]} {day.isoformat()}"


def next_working_day(day: date) -> tuple[date, list[str]]:
    """`day` itself if it is a working day, else the next one, with why each day was skipped."""
    moves: list[str] = []
    current = day
    while not is_working_day(current):
        moves.append(f"{fmt(current)}: {_why_closed(current)}")
        current += timedelta(days=1)
    return current, moves


def _deadline(name: str, rule: str, start: date, raw_end: date, how: str, roll: bool) -> Deadline:
    due, moves = next_working_day(raw_end) if roll else (raw_end, [])
    text = f"{how} from {fmt(start)} (start day not counted): ends {fmt(raw_end)}"
    if moves:
        text += (
            f"; moved from {fmt(raw_end)} to {fmt(due)}: "
            + "; ".join(moves)
            + f" [{DESIGN_DEADLINE_ROLL}]"
        )
    return Deadline(name=name, rule=rule, start=start, raw_end=raw_end, due=due, explanation=text)


def add_days(start: date, days: int, *, name: str, rule: str, roll: bool = True) -> Deadline:
    return _deadline(name, rule, start, start + timedelta(days=days), f"{days} days", roll)


def add_weeks(start: date, weeks: int, *, name: str, rule: str, roll: bool = True) -> Deadline:
    # Same weekday name as the start day, `weeks` weeks later.
    return _deadline(name, rule, start, start + timedelta(weeks=weeks), f"{weeks} weeks", roll)


def shift_months(start: date, months: int) -> date:
    """Same date `months` later; the month's last day where that date does not exist."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = _cal.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def add_months(start: date, months: int, *, name: str, rule: str, roll: bool = True) -> Deadline:
    return _deadline(name, rule, start, shift_months(start, months), f"{months} months", roll)


def add_working_days(start: date, days: int, *, name: str, rule: str) -> Deadline:
    """Count `days` working days after `start`; the result is always a working day."""
    current, counted = start, 0
    while counted < days:
        current += timedelta(days=1)
        if is_working_day(current):
            counted += 1
    return _deadline(name, rule, start, current, f"{days} working days", roll=False)


def working_days_before(end: date, days: int, *, name: str, rule: str) -> Deadline:
    """The working day that lies `days` working days before `end` (for reminders)."""
    current, counted = end, 0
    while counted < days:
        current -= timedelta(days=1)
        if is_working_day(current):
            counted += 1
    text = f"{days} working days before {fmt(end)}: {fmt(current)}"
    return Deadline(name=name, rule=rule, start=end, raw_end=current, due=current, explanation=text)


def working_days_in(first: date, last: date, works_on: WorksOn | None = None) -> int:
    """Working days from `first` to `last`, both included: Monday–Friday without public
    holidays, or the days `works_on` names (an employee's own pattern, states/org.py)."""
    works = works_on or is_working_day
    count, current = 0, first
    while current <= last:
        count += works(current)
        current += timedelta(days=1)
    return count


def working_days_by_year(
    first: date, last: date, works_on: WorksOn | None = None
) -> dict[int, int]:
    """Working days from `first` to `last` (both included), split by calendar year."""
    out: dict[int, int] = {}
    for year in range(first.year, last.year + 1):
        lo = max(first, date(year, 1, 1))
        hi = min(last, date(year, 12, 31))
        out[year] = working_days_in(lo, hi, works_on)
    return out


def start_of_day(day: date) -> datetime:
    """Midnight in Oslo, as an aware datetime (for durable timers)."""
    return datetime.combine(day, time(0, 0), tzinfo=OSLO)


def local_date(moment: datetime) -> date:
    return moment.astimezone(OSLO).date()
