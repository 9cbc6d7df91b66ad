"""Monthly facts: DSO (standard and count-back), CEI and the monthly trend of the book."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .. import facts
from ..money import from_cents, round_cents, to_cents
from ..periods import as_date, period_bounds
from ..store import KamData
from ._common import Frames, _data, _group_keys, _money, _ratio, _source
from .ledger import ledger_sql_per_customer

#: Longest look-back (months) of the monthly query.
MAX_MONTHS = 99


def _monthly(src: KamData, as_of: dt.date, months: int, days: int) -> pd.DataFrame:
    """Per customer and point k = 0..months: receivables, not due, credit, sales, collections."""
    if not 1 <= int(months) <= MAX_MONTHS:
        raise ValueError(f"months must be from 1 to {MAX_MONTHS}, got {months}")
    if int(days) < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    raw = facts.query(src, "receivables_monthly", as_of=as_of, months=int(months), days=int(days), late_days=0)
    raw = raw.astype({"customer_id": "str", "k": "int64", "month_end": "datetime64[us]"})
    money = ["receivables", "not_due", "unapplied_credit", "sales", "sales_window", "collected"]
    return _money(raw, money)


def _calendar(as_of: dt.date, months: int) -> pd.DataFrame:
    """Points k = 0..months: month label, end date and days of the month up to that end."""
    ends = [pd.Timestamp(as_of)]
    first = pd.Timestamp(as_of).to_period("M")
    for k in range(1, months + 1):
        ends.append((first - k).to_timestamp(how="end").normalize())
    cal = pd.DataFrame({"k": range(months + 1), "month_end": ends})
    cal["month"] = cal["month_end"].dt.strftime("%Y-%m")
    cal["days"] = cal["month_end"].dt.day.astype("int64")
    return cal


def _collapse(monthly: pd.DataFrame, keys: pd.Series) -> pd.DataFrame:
    """Sum the monthly facts of customers into groups (exact in cents); ``keys``: the group of every
    customer of ``monthly``."""
    m = monthly.copy()
    labels = keys.unique()
    if len(labels) == 1:  # one group (the total; keys name every customer of monthly): no lookup per row
        m["group"] = np.full(len(m), labels[0], dtype=object)
    else:
        m["group"] = keys.reindex(m["customer_id"]).to_numpy()
    cols = ["receivables", "not_due", "unapplied_credit", "sales", "sales_window", "collected"]
    for c in cols:
        m[c] = to_cents(m[c])
    g = m.groupby(["group", "k"], sort=True)[cols].sum()
    return from_cents(g)


def dso(
    invoices: Frames,
    payments: pd.DataFrame | None = None,
    as_of: Any = None,
    days: int = 90,
    *,
    by: str = "customer",
    customers: pd.DataFrame | None = None,
    countback_months: int = 24,
) -> pd.DataFrame:
    """Days sales outstanding at ``as_of``: standard and count-back.

    * standard: ``receivables / credit sales of the last `days` days * days``;
    * count-back: going back month by month from ``as_of``, the days it takes for
      the month's credit sales to add up to the receivables (the last month
      counted pro rata); insensitive to seasonal swings in sales.

    Receivables are the open invoice amounts (:func:`aging` ``total``; unapplied
    credit is not netted); credit sales are net of credit notes.

    Parameters
    ----------
    invoices, payments
        A KamData (leave ``payments`` None) or DataFrames.
    as_of
        Date of the measurement.
    days
        Window of credit sales for the standard method.
    by
        ``"customer"`` (one row per customer with receivables or sales),
        ``"account_manager"``, ``"region"``, ``"industry"`` (need the customers
        table: a KamData or ``customers=``) or ``"total"`` (one row).
    countback_months
        Months the count-back looks back at most; receivables larger than all
        sales of these months give NaN with a reason.

    Returns
    -------
    DataFrame
        Indexed by the group (``customer_id`` ...), with ``receivables``,
        ``credit_sales``, ``dso``, ``dso_reason``, ``dso_countback``,
        ``dso_countback_reason``.

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"invoice_id": ["I1", "I2"], "customer_id": ["C1", "C1"],
    ...     "invoice_date": ["2026-09-15", "2026-10-10"], "due_date": ["2026-10-15", "2026-11-09"],
    ...     "amount": [300.0, 310.0], "cost": [0.0, 0.0]})
    >>> d = dso(inv, None, "2026-10-31", days=90, by="total")
    >>> float(d.loc["total", "dso"]), float(d.loc["total", "dso_countback"])
    (90.0, 61.0)
    """
    as_of = as_date(as_of)
    src = _source(invoices, payments)
    monthly = _monthly(src, as_of, int(countback_months), days)
    return _dso_frame(monthly, src, as_of, days, by, customers, int(countback_months))


def _grouped(monthly: pd.DataFrame, src: KamData, by: str, customers: pd.DataFrame | None) -> pd.DataFrame:
    """The monthly facts summed per group of ``by``."""
    if by == "customer":  # one row per customer and point already: each its own group
        return _per_customer(monthly)
    ids = pd.Index(sorted(monthly["customer_id"].unique()), dtype="str", name="customer_id")
    return _collapse(monthly, _group_keys(ids, by, src, customers))


def _per_customer(monthly: pd.DataFrame) -> pd.DataFrame:
    """The monthly facts as :func:`_collapse` gives them with each customer its own group, without
    grouping (the query gives one row per customer and point): whole cents, indexed by group and k."""
    cols = ["receivables", "not_due", "unapplied_credit", "sales", "sales_window", "collected"]
    index = pd.MultiIndex.from_arrays(
        [monthly["customer_id"].astype("str").to_numpy(), monthly["k"].to_numpy(dtype="int64")], names=["group", "k"]
    )
    out = pd.DataFrame({c: from_cents(to_cents(monthly[c])) for c in cols}, index=index)
    return out if out.index.is_monotonic_increasing and out.index.is_unique else _collapse(monthly, _self_keys(monthly))


def _self_keys(monthly: pd.DataFrame) -> pd.Series:
    ids = pd.Index(sorted(monthly["customer_id"].unique()), dtype="str", name="customer_id")
    return pd.Series(ids, index=ids, dtype="str")


def _dso_frame(
    monthly: pd.DataFrame, src: KamData, as_of: dt.date, days: int, by: str, customers: pd.DataFrame | None, L: int
) -> pd.DataFrame:
    """DSO (standard and count-back over ``L`` months) per group from the monthly facts."""
    g = _grouped(monthly, src, by, customers)
    now = g[g.index.get_level_values("k") == 0].droplevel("k")
    now = now[(now["receivables"] != 0) | (now["sales_window"] != 0)]
    out = pd.DataFrame(index=now.index)
    out.index.name = {"customer": "customer_id", "total": None}.get(by, by)
    out["receivables"] = now["receivables"]
    out["credit_sales"] = now["sales_window"]
    out["dso"], out["dso_reason"] = _ratio(
        out["receivables"], out["credit_sales"], f"no credit sales in the last {days} days", scale=days
    )
    out.loc[out["receivables"] == 0, ["dso", "dso_reason"]] = [0.0, pd.NA]

    # count-back on the group x month matrix of sales (months 0..L-1)
    cal = _calendar(as_of, L)
    sales = g["sales"].unstack("k").reindex(index=out.index, columns=range(L)).fillna(0.0)
    cb, reason = _countback(out["receivables"].to_numpy(), sales.to_numpy(), cal["days"].to_numpy()[:L], L)
    out["dso_countback"] = cb
    out["dso_countback_reason"] = pd.Series(reason, index=out.index, dtype="str")
    return out


def _countback(ar: np.ndarray, sales: np.ndarray, days: np.ndarray, months: int) -> tuple[np.ndarray, list]:
    """Count-back DSO for each row: receivables ``ar`` against monthly ``sales`` (newest first)."""
    n, m = sales.shape
    if n == 0:
        return np.zeros(0), []
    ar_c = to_cents(ar)
    s_c = to_cents(sales)
    before = np.concatenate([np.zeros((n, 1), dtype="int64"), np.cumsum(s_c, axis=1)[:, :-1]], axis=1)
    left = ar_c[:, None] - before  # receivables not yet covered at each month
    stop = (left <= 0) | (left < s_c)  # month where the count ends (partly counted)
    has_stop = stop.any(axis=1)
    first = np.where(has_stop, stop.argmax(axis=1), m)
    full_days = np.concatenate([[0], np.cumsum(days)])[first]
    rows = np.arange(n)
    at = np.minimum(first, m - 1)
    rem = left[rows, at]
    month_sales = s_c[rows, at]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where((rem > 0) & (month_sales > 0), rem / np.where(month_sales > 0, month_sales, 1), 0.0)
    value = np.where(has_stop, full_days + frac * days[at], np.nan)
    reason = [pd.NA if ok else f"receivables exceed the credit sales of the last {months} months" for ok in has_stop]
    return value, reason


def cei(
    invoices: Frames,
    payments: pd.DataFrame | None = None,
    as_of: Any = None,
    months: int = 12,
    *,
    by: str = "total",
    customers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Collection effectiveness index per month (and per group) for the last ``months`` months.

    ``CEI = (opening receivables + credit sales - closing receivables) /
    (opening receivables + credit sales - closing current receivables) * 100``:
    the share of what could have been collected in the month that was collected
    (100 = everything). Receivables are open invoice amounts, current ones those
    not yet due at the month end; credit sales are net invoices of the month.

    Parameters
    ----------
    invoices, payments
        A KamData (leave ``payments`` None) or DataFrames.
    as_of
        End of the last month (the month of ``as_of`` runs up to ``as_of``).
    months
        Number of months, the last one ending at ``as_of``.
    by
        ``"total"`` (one row per month), ``"account_manager"``, ``"region"``,
        ``"industry"`` or ``"customer"``.

    Returns
    -------
    DataFrame
        Indexed by ``month`` (``YYYY-MM``; with ``by`` other than total a
        MultiIndex month × group), with ``opening``, ``credit_sales``,
        ``closing``, ``closing_current``, ``collected_net`` (opening + sales −
        closing), ``collectible`` (opening + sales − closing current), ``cei``,
        ``cei_reason``.

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"invoice_id": ["I1", "I2"], "customer_id": ["C1", "C1"],
    ...     "invoice_date": ["2026-09-10", "2026-10-10"], "due_date": ["2026-10-10", "2026-11-09"],
    ...     "amount": [100.0, 200.0], "cost": [0.0, 0.0]})
    >>> pay = pd.DataFrame({"payment_id": ["P1"], "customer_id": ["C1"], "payment_date": ["2026-10-20"],
    ...     "amount": [60.0], "invoice_id": ["I1"]})
    >>> c = cei(inv, pay, "2026-10-31", months=1)
    >>> float(c.loc["2026-10", "cei"])  # (100 + 200 - 240) / (100 + 200 - 200) * 100
    60.0
    """
    as_of = as_date(as_of)
    src = _source(invoices, payments)
    return _cei_by(_monthly(src, as_of, months, 90), src, as_of, int(months), by, customers)


def _cei_by(
    monthly: pd.DataFrame, src: KamData, as_of: dt.date, months: int, by: str, customers: pd.DataFrame | None
) -> pd.DataFrame:
    """CEI per month (and group) from the monthly facts of at least ``months`` points."""
    monthly = monthly[monthly["k"] <= months]
    out = _cei_frame(_grouped(monthly, src, by, customers), _calendar(as_of, months), months)
    if by == "total":
        out = out.droplevel("group")
    else:
        out.index = out.index.set_names(["month", "customer_id" if by == "customer" else by])
    return out


def _cei_frame(g: pd.DataFrame, cal: pd.DataFrame, months: int) -> pd.DataFrame:
    """CEI per (month, group) from the grouped monthly facts (points 0..months)."""
    groups = g.index.get_level_values("group").unique() if len(g) else pd.Index(["total"])
    full = pd.MultiIndex.from_product([groups, range(months + 1)], names=["group", "k"])
    g = g.reindex(full, fill_value=0.0)
    closing = g["receivables"]
    opening = closing.groupby(level="group").shift(-1)  # point k+1 is the previous month end
    frame = pd.DataFrame(
        {"opening": opening, "credit_sales": g["sales"], "closing": closing, "closing_current": g["not_due"]}
    ).dropna(subset=["opening"])
    frame = frame[(frame[["opening", "credit_sales", "closing"]] != 0).any(axis=1)]
    c = {col: to_cents(frame[col]) for col in frame.columns}
    frame["collected_net"] = from_cents(c["opening"] + c["credit_sales"] - c["closing"])
    frame["collectible"] = from_cents(c["opening"] + c["credit_sales"] - c["closing_current"])
    frame["cei"], frame["cei_reason"] = _ratio(
        frame["collected_net"], frame["collectible"], "no collectible receivables", scale=100.0
    )
    label = cal.set_index("k")["month"]
    frame = frame.reset_index()
    frame["month"] = frame["k"].map(label)
    frame = frame.sort_values(["k", "group"], ascending=[False, True], kind="mergesort")
    return frame.set_index(["month", "group"]).drop(columns="k")


def dso_cei(
    invoices: Frames,
    payments: pd.DataFrame | None = None,
    as_of: Any = None,
    days: int = 90,
    months: int = 12,
    *,
    by: str = "customer",
    cei_by: str = "total",
    customers: pd.DataFrame | None = None,
    countback_months: int = 24,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`dso` and :func:`cei` from one run of the monthly query (the pair a page shows).

    The same results as ``dso(..., days, by=by, countback_months=countback_months)`` and
    ``cei(..., months, by=cei_by)``, at the cost of one pass over the ledger instead of two.

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"invoice_id": ["I1", "I2"], "customer_id": ["C1", "C1"],
    ...     "invoice_date": ["2026-09-15", "2026-10-10"], "due_date": ["2026-10-15", "2026-11-09"],
    ...     "amount": [300.0, 310.0], "cost": [0.0, 0.0]})
    >>> d, c = dso_cei(inv, None, "2026-10-31", by="total", months=1)
    >>> float(d.loc["total", "dso"]), float(c.loc["2026-10", "cei"])
    (90.0, 0.0)
    """
    as_of = as_date(as_of)
    src = _source(invoices, payments)
    L, m = int(countback_months), int(months)
    monthly = _monthly(src, as_of, max(L, m), days)
    return _dso_frame(monthly, src, as_of, days, by, customers, L), _cei_by(monthly, src, as_of, m, cei_by, customers)


def dso_month_before(data: Frames, as_of: Any, days: int = 90) -> pd.DataFrame:
    """``dso(data, None, e, days, by="total", countback_months=1)`` at ``e``, the last day of the month
    before ``as_of``, read from point 1 of the monthly facts that ``dso_cei(data, None, as_of, days,
    months=2, by="total", countback_months=1)`` runs (kept per store connection): the book's DSO now and a
    month earlier from one run of the monthly query. Point 1 holds the receivables and the sales of the
    last ``days`` days at ``e`` as a run at ``e`` holds them at its point 0 (its count-back, of one month,
    reads the sales of the month of ``e``: point 1's too)."""
    as_of = as_date(as_of)
    src = _source(data)
    end = (pd.Timestamp(as_of).to_period("M") - 1).to_timestamp(how="end").date()
    monthly = _monthly(src, as_of, 2, days)
    at_end = monthly[monthly["k"] == 1].assign(k=0, month_end=pd.Timestamp(end)).reset_index(drop=True)
    return _dso_frame(at_end, src, end, days, "total", None, 1)


def _disputed_points(src: KamData, ends: pd.Series) -> pd.DataFrame:
    """What open disputes hold at each month end of ``ends`` (the book's): ``overdue`` and ``not_due``,
    in the order of ``ends``. One statement settles every customer with a dispute open at a month end
    at that month end (``receivables_disputed_points.sql`` in front of the settlement, their open items
    the same as in the whole book's) and sums what the disputes hold (``receivables_disputed_held.sql``),
    as :func:`~kamtools.receivables.disputed_by_due` does for one day."""
    days = pd.to_datetime(pd.Series(ends)).dt.normalize()
    zero = pd.DataFrame({"overdue": [0.0] * len(days), "not_due": [0.0] * len(days)}, dtype="float64")
    if not src.has("disputes") or not len(days):
        return zero
    if not (days == days + pd.offsets.MonthEnd(0)).all():
        raise ValueError("what disputes hold is summed at month ends only")
    text = ledger_sql_per_customer(
        facts.sql_text("receivables_disputed_points"), facts.sql_text("receivables_disputed_held")
    )
    first, last = days.min().date(), days.max().date()
    raw = facts.query_text(src, text, "receivables_disputed_held", first=first, last=last, as_of=last)
    cents = raw.assign(month_end=pd.to_datetime(raw["month_end"])).set_index("month_end")
    cents = cents.reindex(days.to_numpy(), fill_value=0)
    return pd.DataFrame(
        {
            "overdue": from_cents(cents["overdue_cents"].to_numpy(dtype="int64")),
            "not_due": from_cents(cents["not_due_cents"].to_numpy(dtype="int64")),
        },
        dtype="float64",
    )


def monthly_trend(
    data: KamData | Mapping[str, pd.DataFrame], period: str, months: int = 12, days: int = 90
) -> pd.DataFrame:
    """DSO and CEI of the whole book for each of the last ``months`` months up to ``period``.

    One SQL statement covers every month (no round trip per month).

    Parameters
    ----------
    data
        A KamData (or a mapping of DataFrames by table name).
    period
        The last month, ``YYYY-MM``.
    months
        Number of months.
    days
        Window of credit sales for the DSO at each month end.

    Returns
    -------
    DataFrame
        Indexed by ``month`` (oldest first), with ``month_end``, ``receivables``,
        ``current``, ``disputed``, ``overdue``, ``unapplied_credit``, ``credit_sales`` (of the
        month), ``collected`` (payments received in the month), ``dso``,
        ``dso_reason``, ``cei``, ``cei_reason``. As in the aging, what open disputes hold at a
        month end is ``disputed``, neither ``current`` nor ``overdue``
        (``receivables = current + disputed + overdue``); DSO and CEI count all receivables.

    Examples
    --------
    >>> import kamtools as kt
    >>> t = monthly_trend(kt.sample_data(customers=30, years=2, seed=1), "2026-10", months=3)
    >>> list(t.index)
    ['2026-08', '2026-09', '2026-10']
    """
    src = _data(data)
    as_of = period_bounds(period)[1]
    monthly = _monthly(src, as_of, months, days)
    ids = pd.Index(sorted(monthly["customer_id"].unique()), dtype="str", name="customer_id")
    g = _collapse(monthly, _group_keys(ids, "total", src, None))
    cal = _calendar(as_of, months)
    full = pd.MultiIndex.from_product([["total"], range(months + 1)], names=["group", "k"])
    tot = g.reindex(full, fill_value=0.0).droplevel("group")
    ce = _cei_frame(g, cal, months).droplevel("group")
    out = cal.set_index("k").loc[list(range(months - 1, -1, -1))]
    res = pd.DataFrame(index=pd.Index(out["month"].tolist(), name="month"))
    res["month_end"] = out["month_end"].to_numpy()
    sel = tot.loc[out.index]
    res["receivables"] = sel["receivables"].to_numpy()
    held = _disputed_points(src, out["month_end"])
    res["current"] = round_cents(sel["not_due"].to_numpy() - held["not_due"].to_numpy())
    res["disputed"] = round_cents(held["overdue"].to_numpy() + held["not_due"].to_numpy())
    res["overdue"] = round_cents(res["receivables"] - res["current"] - res["disputed"])
    res["unapplied_credit"] = sel["unapplied_credit"].to_numpy()
    res["credit_sales"] = sel["sales"].to_numpy()
    res["collected"] = sel["collected"].to_numpy()
    res["dso"], res["dso_reason"] = _ratio(
        res["receivables"],
        pd.Series(sel["sales_window"].to_numpy(), index=res.index),
        f"no credit sales in the last {days} days",
        scale=days,
    )
    res["cei"] = ce["cei"].reindex(res.index)
    res["cei_reason"] = ce["cei_reason"].reindex(res.index).astype("str")
    res.loc[res["cei"].isna() & res["cei_reason"].isna(), "cei_reason"] = "no receivables or sales in the month"
    return res
