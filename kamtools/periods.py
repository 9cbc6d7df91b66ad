"""Periods and dates: the one place that turns a user's input into a date.

A report *period* is a month written ``YYYY-MM``; the analytics take ``as_of``, the
last day of that month (a :class:`datetime.date`). Everything that turns text, a
Timestamp or a period into a date goes through :func:`as_date` and
:func:`period_end`, so every page and lesson agrees on the day it reports on.

This module imports nothing from the package.

>>> period_end("2026-10")
datetime.date(2026, 10, 31)
>>> as_date("2026-10-31 00:00")
datetime.date(2026, 10, 31)
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, NamedTuple

import pandas as pd

#: A period, matched whole (``fullmatch``): ``$`` would also let ``"2026-09\n"`` through, and ``\d``
#: digits of other scripts, either of which would name a second folder for the same month.
PERIOD_RE = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")

#: What the analytics accept as ``as_of``: a date, datetime, Timestamp or ISO text.
AsOf = dt.date | dt.datetime | pd.Timestamp | str


def as_date(value: Any, name: str = "as_of") -> dt.date:
    """A date from a date, datetime, Timestamp or ISO text; ``name`` is used in errors.

    >>> as_date(pd.Timestamp("2026-10-31 13:00"))
    datetime.date(2026, 10, 31)
    >>> as_date(None)
    Traceback (most recent call last):
    ...
    TypeError: as_of is required (a date such as '2026-10-31')
    >>> as_date("soon")
    Traceback (most recent call last):
    ...
    ValueError: as_of must be a date such as '2026-10-31', got 'soon'

    A period (``YYYY-MM``) is refused: pandas would read it as the first day of the month,
    while a report on that period is as of its last day (:func:`period_end`).

    >>> as_date("2026-10")
    Traceback (most recent call last):
    ...
    ValueError: as_of must be a day, not the period '2026-10': pass its last day, '2026-10-31'
    """
    if value is None:
        raise TypeError(f"{name} is required (a date such as '2026-10-31')")
    if isinstance(value, str) and PERIOD_RE.fullmatch(value.strip()):
        raise ValueError(
            f"{name} must be a day, not the period {value!r}: pass its last day, '{period_end(value.strip())}'"
        )
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        ts = pd.NaT
    if pd.isna(ts):
        raise ValueError(f"{name} must be a date such as '2026-10-31', got {value!r}")
    return ts.date()


def as_timestamp(value: Any, name: str = "as_of") -> pd.Timestamp:
    """:func:`as_date` as a midnight :class:`pandas.Timestamp`, for date arithmetic in pandas.

    >>> as_timestamp("2026-10-31")
    Timestamp('2026-10-31 00:00:00')
    """
    return pd.Timestamp(as_date(value, name))


def check_period(period: str) -> str:
    """Validate a ``YYYY-MM`` period string.

    >>> check_period("2026-10")
    '2026-10'
    >>> check_period("2026-13")
    Traceback (most recent call last):
    ...
    ValueError: period must look like YYYY-MM (e.g. 2026-10), got '2026-13'
    >>> check_period("2026-09\\n")
    Traceback (most recent call last):
    ...
    ValueError: period must look like YYYY-MM (e.g. 2026-10), got '2026-09\\n'
    """
    if not isinstance(period, str) or not PERIOD_RE.fullmatch(period):
        raise ValueError(f"period must look like YYYY-MM (e.g. 2026-10), got {period!r}")
    return period


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of a ``YYYY-MM`` period.

    >>> period_bounds("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    """
    year, month = map(int, check_period(period).split("-"))
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def period_end(period: str) -> dt.date:
    """The ``as_of`` of a period: its last day.

    >>> period_end("2025-02")
    datetime.date(2025, 2, 28)
    """
    return period_bounds(period)[1]


def period_of(as_of: Any) -> str:
    """The ``YYYY-MM`` period a date falls in.

    >>> period_of("2026-10-31")
    '2026-10'
    """
    day = as_date(as_of)
    return f"{day.year:04d}-{day.month:02d}"


def latest_complete_month(last_date: dt.date) -> str:
    """The latest month that the data covers completely.

    >>> latest_complete_month(dt.date(2026, 10, 31))
    '2026-10'
    >>> latest_complete_month(dt.date(2026, 11, 20))
    '2026-10'
    """
    if last_date.day == calendar.monthrange(last_date.year, last_date.month)[1]:
        return f"{last_date.year:04d}-{last_date.month:02d}"
    first = last_date.replace(day=1) - dt.timedelta(days=1)
    return f"{first.year:04d}-{first.month:02d}"


class DataSpan(NamedTuple):
    """The invoice dates of a book as the report's period sees them (:func:`data_span`)."""

    #: The day the span was taken on: invoices dated later are left out of the default period.
    today: dt.date
    #: The first invoice date (None: no invoices).
    first: dt.date | None
    #: The last invoice date on or before ``today`` (None: none).
    last: dt.date | None
    #: How many invoices are dated after ``today``, and the latest of them.
    later: int = 0
    latest: dt.date | None = None

    @property
    def period(self) -> str | None:
        """The latest complete month up to :attr:`last` (None: no invoice up to today)."""
        return None if self.last is None else latest_complete_month(self.last)

    def later_text(self) -> str | None:
        """What the default period left out, for the index page and the console (None: nothing).

        >>> DataSpan(dt.date(2026, 12, 6), dt.date(2024, 1, 2), dt.date(2026, 10, 31), 1, dt.date(2062, 9, 14)).later_text()
        '1 invoice is dated after the day of the run (2026-12-06), the latest 2062-09-14: typing errors? The default period leaves them out (check the invoice dates of the source and import it again)'
        """
        if not self.later:
            return None
        what = "1 invoice is" if self.later == 1 else f"{self.later:,} invoices are"
        return (
            f"{what} dated after the day of the run ({self.today}), the latest {self.latest}: typing errors? "
            "The default period leaves them out (check the invoice dates of the source and import it again)"
        )


def _day(value: Any) -> dt.date | None:
    if value is None or value != value:  # None or NaT
        return None
    return value.date() if hasattr(value, "date") else value


def data_span(data: Any, today: dt.date | None = None) -> DataSpan:
    """The invoice dates of ``data`` (anything with ``.sql``, a KamData) seen on ``today``
    (default: the day it runs). Invoices dated after ``today`` cannot have happened yet: one
    invoice typed as 2062 must not make 2062 the period of the report.

    >>> import kamtools as kt
    >>> data_span(kt.sample_data(customers=20, years=1, seed=1, end="2026-10-31"), dt.date(2026, 12, 6)).last
    datetime.date(2026, 10, 31)
    """
    today = today or dt.date.today()
    row = data.sql(
        "select min(invoice_date) as first, max(invoice_date) filter (where invoice_date <= $today) as last, "
        "count(*) filter (where invoice_date > $today) as later, max(invoice_date) as latest from invoices",
        {"today": today},
    ).iloc[0]
    later = int(row["later"])
    return DataSpan(today, _day(row["first"]), _day(row["last"]), later, _day(row["latest"]) if later else None)


def data_period(data: Any, today: dt.date | None = None) -> str:
    """The latest complete month of the invoices of ``data`` (anything with ``.sql``, a KamData),
    leaving out invoices dated after ``today`` (default: the day it runs; see :func:`data_span`).

    >>> import kamtools as kt
    >>> data_period(kt.sample_data(customers=20, years=1, seed=1, end="2026-10-31"))
    '2026-10'
    """
    span = data_span(data, today)
    if span.period is None:
        if span.later:
            raise ValueError(
                f"every invoice of {data!r} is dated after the day of the run ({span.today}): "
                "check the invoice dates, or give the period explicitly"
            )
        raise ValueError(f"{data!r} holds no invoices: give the period explicitly")
    return span.period


def outside_data(period: str, span: DataSpan) -> str | None:
    """Why ``period`` lies outside the invoices of ``span`` (None: it does not): before the
    month of the first invoice, or after the month of the last one up to the day of the run.

    >>> span = DataSpan(dt.date(2026, 12, 6), dt.date(2024, 11, 3), dt.date(2026, 10, 31))
    >>> outside_data("2026-10", span) is None, outside_data("2024-11", span) is None
    (True, True)
    >>> outside_data("2027-01", span)
    'period 2027-01 is after the data: the last invoice is dated 2026-10-31'
    >>> outside_data("2024-10", span)
    'period 2024-10 is before the data: the first invoice is dated 2024-11-03'
    """
    if span.first is not None and period < period_of(span.first):
        return f"period {period} is before the data: the first invoice is dated {span.first}"
    if span.last is not None and period > period_of(span.last):
        return f"period {period} is after the data: the last invoice is dated {span.last}"
    return None


def months_before(as_of: Any, months: int) -> pd.Timestamp:
    """``as_of`` minus ``months`` calendar months; a month end stays a month end.

    >>> months_before("2026-10-31", 12).date(), months_before("2026-04-30", 1).date()
    (datetime.date(2025, 10, 31), datetime.date(2026, 3, 31))
    >>> months_before("2024-02-29", 12).date()
    datetime.date(2023, 2, 28)
    """
    ts = as_timestamp(as_of)
    out = ts - pd.DateOffset(months=int(months))
    if ts.is_month_end:
        out = out + pd.offsets.MonthEnd(0)
    return out
