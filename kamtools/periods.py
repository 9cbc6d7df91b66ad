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
from typing import Any

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


def data_period(data: Any) -> str:
    """The latest complete month of the invoices of ``data`` (anything with ``.sql``, a KamData).

    >>> import kamtools as kt
    >>> data_period(kt.sample_data(customers=20, years=1, seed=1, end="2026-10-31"))
    '2026-10'
    """
    last = data.sql("select max(invoice_date) as last from invoices")["last"].iloc[0]
    if last is None or last != last:  # None or NaT
        raise ValueError(f"{data!r} holds no invoices: give the period explicitly")
    return latest_complete_month(last.date() if hasattr(last, "date") else last)


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
