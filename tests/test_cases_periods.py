"""Hong Kong period computation (Cap. 1 s.71): day excluded, holidays and closures skipped."""

import datetime

import pytest

from cases.periods import add_months, compute_due, general_holiday_name

D = datetime.date


def test_general_holidays_are_cap_149_not_statutory_holidays():
    # Good Friday and the day after are general holidays (Cap. 149) but not statutory
    # holidays (Cap. 57) in 2026: the right `holidays` category is the one that has them.
    assert general_holiday_name(D(2026, 4, 3)) == "Good Friday"
    assert general_holiday_name(D(2026, 4, 4)) == "The day following Good Friday"
    assert general_holiday_name(D(2026, 4, 7)) == "The day following Easter Monday"
    assert general_holiday_name(D(2026, 4, 8)) is None


def test_day_of_event_is_excluded():
    due = compute_due(start=D(2026, 3, 2), period=14, unit="days")
    assert due.due_on == D(2026, 3, 16)
    assert not due.skipped
    assert "not counted" in due.explanation
    assert "2026-03-16" in due.explanation


def test_period_ending_on_a_sunday_runs_to_monday():
    due = compute_due(start=D(2026, 3, 1), period=14, unit="days")  # ends Sunday 15 March
    assert due.period_ends_on == D(2026, 3, 15)
    assert due.due_on == D(2026, 3, 16)
    assert "Sunday" in due.explanation


def test_saturday_that_is_not_a_general_holiday_counts():
    due = compute_due(start=D(2026, 2, 28), period=14, unit="days")
    assert due.due_on == D(2026, 3, 14)  # a Saturday: s.71 does not skip it


def test_easter_2026_chain_of_holidays_and_sunday():
    due = compute_due(start=D(2026, 3, 20), period=14, unit="days")
    assert due.period_ends_on == D(2026, 4, 3)
    assert due.due_on == D(2026, 4, 8)
    assert [s.day for s in due.skipped] == [D(2026, 4, d) for d in (3, 4, 5, 6, 7)]
    for words in ("Good Friday", "The day following Good Friday", "a Sunday", "s.71"):
        assert words in due.explanation


@pytest.mark.parametrize(
    ("start", "expected", "holiday"),
    [
        (D(2026, 2, 3), D(2026, 2, 20), "Lunar New Year"),
        (D(2026, 12, 11), D(2026, 12, 28), "Christmas Day"),
        (D(2026, 9, 12), D(2026, 9, 28), "Mid-Autumn"),  # 26 Sep holiday, 27 Sunday
        (D(2026, 6, 17), D(2026, 7, 2), "Establishment Day"),
    ],
)
def test_general_holidays_roll_forward(start, expected, holiday):
    due = compute_due(start=start, period=14, unit="days")
    assert due.due_on == expected
    assert holiday in due.explanation


def test_closure_day_rolls_forward_like_a_holiday():
    closures = {D(2026, 3, 16): "Black rainstorm warning"}
    due = compute_due(start=D(2026, 3, 2), period=14, unit="days", closures=closures)
    assert due.due_on == D(2026, 3, 17)
    assert "closure day (Black rainstorm warning)" in due.explanation


def test_closure_after_a_sunday_extends_the_chain():
    closures = {D(2026, 3, 16): "Typhoon"}
    due = compute_due(start=D(2026, 3, 1), period=14, unit="days", closures=closures)
    assert due.due_on == D(2026, 3, 17)
    assert len(due.skipped) == 2


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 15), 3, D(2026, 4, 15)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2027, 11, 30), 3, D(2028, 2, 29)),  # leap year
        (D(2026, 10, 31), 3, D(2027, 1, 31)),
        (D(2026, 12, 5), 14, D(2028, 2, 5)),
    ],
)
def test_add_calendar_months(start, months, expected):
    assert add_months(start, months) == expected


def test_three_months_ending_on_a_holiday():
    due = compute_due(start=D(2026, 7, 1), period=3, unit="months")  # 1 Oct: National Day
    assert due.period_ends_on == D(2026, 10, 1)
    assert due.due_on == D(2026, 10, 2)
    assert "3 months later" in due.explanation
    assert "National Day" in due.explanation
