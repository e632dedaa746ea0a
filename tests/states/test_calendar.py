"""The legal deadline calendar (legal-notes.md "Computing deadlines")."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from states.calendar import (
    add_days,
    add_months,
    add_weeks,
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_before,
    working_days_by_year,
    working_days_in,
)

RULE = "fvl § 29"
days = st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31))


def test_legal_notes_example_weekend() -> None:
    """legal-notes: "moved from Sat 2027-04-17 to Mon 2027-04-19: weekend"."""
    d = add_weeks(date(2027, 3, 27), 3, name="appeal", rule=RULE)
    assert d.raw_end == date(2027, 4, 17) and d.due == date(2027, 4, 19)
    assert "moved from Sat 2027-04-17 to Mon 2027-04-19" in d.explanation
    assert "weekend" in d.explanation and d.rule == RULE


def test_easter_and_constitution_day() -> None:
    """Maundy Thursday to Easter Monday are holidays; so is 17 May."""
    d = add_days(date(2027, 3, 20), 5, name="x", rule=RULE)  # raw end Thu 25 March 2027
    assert d.due == date(2027, 3, 30)
    assert "Maundy Thursday" in d.explanation and "Easter Monday" in d.explanation
    assert not is_working_day(date(2027, 5, 17))


def test_start_day_not_counted_and_weeks_keep_weekday() -> None:
    d = add_weeks(date(2026, 11, 25), 2, name="x", rule=RULE)  # a Wednesday
    assert d.raw_end == date(2026, 12, 9) and d.raw_end.weekday() == 2
    assert add_days(date(2026, 11, 25), 1, name="x", rule=RULE).raw_end == date(2026, 11, 26)


def test_months_same_date_or_month_end() -> None:
    assert add_months(date(2027, 1, 31), 1, name="x", rule=RULE).raw_end == date(2027, 2, 28)
    assert add_months(date(2027, 3, 15), 6, name="x", rule=RULE).raw_end == date(2027, 9, 15)


def test_working_days() -> None:
    # Fri 2027-12-17 + 3 working days: Mon 20, Tue 21, Wed 22.
    assert add_working_days(date(2027, 12, 17), 3, name="x", rule=RULE).due == date(2027, 12, 22)
    # 24 (Fri), 27-31 (Mon-Fri); 25 and 26 are a weekend and holidays anyway.
    assert working_days_in(date(2027, 12, 24), date(2027, 12, 31)) == 6
    assert working_days_before(date(2027, 12, 17), 5, name="x", rule=RULE).due == date(2027, 12, 10)
    split = working_days_by_year(date(2027, 12, 30), date(2028, 1, 4))
    assert split == {2027: 2, 2028: 2}


@given(days, st.integers(min_value=0, max_value=400))
def test_never_on_a_closed_day_never_before_raw_end(start: date, n: int) -> None:
    d = add_days(start, n, name="x", rule=RULE)
    assert is_working_day(d.due)
    assert d.due >= d.raw_end
    assert (d.due == d.raw_end) == ("moved" not in d.explanation)


@given(days)
def test_idempotent_on_working_days(day: date) -> None:
    first, _ = next_working_day(day)
    again, moves = next_working_day(first)
    assert again == first and moves == []


@given(days, st.integers(min_value=1, max_value=60))
def test_working_day_counts_agree(start: date, n: int) -> None:
    end = add_working_days(start, n, name="x", rule=RULE).due
    assert working_days_in(start + timedelta(days=1), end) == n


def test_public_holidays_match_the_holidays_package_for_every_year_covered() -> None:
    """helligdagsfredloven § 2 and the 1947 law on 1 and 17 May: the calendar's own table (no
    `holidays` import on every CLI call, issue 15) names exactly the days `holidays` gives for
    Norway, 2000-2100."""
    import holidays

    from states.calendar import _HOLIDAYS, YEARS

    assert dict(holidays.country_holidays("NO", years=YEARS)) == _HOLIDAYS
