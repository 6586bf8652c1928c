"""Computing a period the way Hong Kong law counts it, and saying how.

Interpretation and General Clauses Ordinance (Cap. 1) s.71: the day of the event is
excluded, and a period whose last day is a general holiday runs to the next day that is
not one. General holidays are every Sunday plus the days of the General Holidays
Ordinance (Cap. 149). Days an admin records as closures (typhoon signal 8, black
rainstorm) are treated the same way. The app computes dates; lawyers decide.
"""

import calendar
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from holidays.constants import OPTIONAL

# Which `holidays` category is Cap. 149? In holidays 0.109, HongKong's PUBLIC category is
# the *statutory* holidays of the Employment Ordinance (Cap. 57), which for example lacks
# Good Friday until 2028. The *general* holidays of Cap. 149 are the OPTIONAL category
# (see the class docstring and `_populate_optional_holidays` in
# holidays/countries/hongkong.py, commented "General Holidays"). s.71 speaks of general
# holidays, so OPTIONAL is the one that matches the law.
GENERAL_HOLIDAYS_CATEGORY = OPTIONAL
# Safety stop: no run of holidays and closures in Hong Kong comes near this.
MAX_ROLL_DAYS = 31


@lru_cache(maxsize=64)
def _general_holidays(year: int) -> dict[datetime.date, str]:
    calendar_year = holidays.country_holidays(
        "HK", years=year, categories=(GENERAL_HOLIDAYS_CATEGORY,), language="en_HK"
    )
    return dict(calendar_year.items())


def general_holiday_name(day: datetime.date) -> str | None:
    """The Cap. 149 name of `day` if it is a general holiday listed by date (not Sundays)."""
    return _general_holidays(day.year).get(day)


def non_counting_reason(day: datetime.date, closures: Mapping[datetime.date, str]) -> str | None:
    """Why a period may not end on `day`, or None if it may."""
    reasons = []
    if day.weekday() == calendar.SUNDAY:
        reasons.append(_("a Sunday"))
    holiday = general_holiday_name(day)
    if holiday:
        reasons.append(_("a general holiday (%(name)s)") % {"name": holiday})
    if day in closures:
        reasons.append(_("a closure day (%(reason)s)") % {"reason": closures[day]})
    return _(" and ").join(reasons) or None


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later, or that month's last day if it has none."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Skipped:
    day: datetime.date
    reason: str


@dataclass(frozen=True)
class DueDate:
    """A computed due date and every step of how it was reached."""

    start: datetime.date
    period: int
    unit: str  # "days" or "months"
    period_ends_on: datetime.date
    due_on: datetime.date
    skipped: tuple[Skipped, ...] = field(default=())

    @property
    def explanation(self) -> str:
        if self.unit == "months":
            length = ngettext("%(n)d month", "%(n)d months", self.period) % {"n": self.period}
        else:
            length = ngettext("%(n)d day", "%(n)d days", self.period) % {"n": self.period}
        lines = [
            _(
                "Event on %(start)s; the day of the event is not counted. "
                "%(length)s later is %(end)s."
            )
            % {"start": _fmt(self.start), "length": length, "end": _fmt(self.period_ends_on)}
        ]
        for step in self.skipped:
            lines.append(
                _("%(day)s is %(reason)s, so the period runs on to the next day.")
                % {"day": _fmt(step.day), "reason": step.reason}
            )
        if self.skipped:
            lines.append(
                _(
                    "Due on %(due)s. Interpretation and General Clauses Ordinance (Cap. 1) "
                    "s.71: a period ending on a general holiday runs to the next day that is "
                    "not one."
                )
                % {"due": _fmt(self.due_on)}
            )
        else:
            lines.append(
                _("%(due)s is not a Sunday, a general holiday or a closure day: due that day.")
                % {"due": _fmt(self.due_on)}
            )
        return "\n".join(lines)


def _fmt(day: datetime.date) -> str:
    # ISO dates plus the weekday: unambiguous for staff from many countries.
    return f"{day.isoformat()} ({day:%a})"


def compute_due(
    *,
    start: datetime.date,
    period: int,
    unit: str,
    closures: Mapping[datetime.date, str] | None = None,
) -> DueDate:
    """Due date of a period of `period` days or months after an event on `start`."""
    closures = closures or {}
    end = add_months(start, period) if unit == "months" else start + datetime.timedelta(period)
    due, skipped = end, []
    for _step in range(MAX_ROLL_DAYS):
        reason = non_counting_reason(due, closures)
        if reason is None:
            break
        skipped.append(Skipped(due, reason))
        due += datetime.timedelta(days=1)
    return DueDate(
        start=start,
        period=period,
        unit=unit,
        period_ends_on=end,
        due_on=due,
        skipped=tuple(skipped),
    )
