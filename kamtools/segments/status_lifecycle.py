"""Status of every account (new, active, lost, prospect, non-customer) and the lifecycle
stage of each customer, now and month by month."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import strategies as st
from ..periods import as_timestamp, months_before
from ..store import KamData
from ._common import _ROUND, AsOf, PolicyLike, _policy, _ratio, _source, _strategy
from .customers import _lead_index, customer_facts
from .leads import man

__all__ = ["LIFECYCLE_ORDER", "STATUS_ORDER", "lifecycle", "lifecycle_history", "status", "status_from_dates"]

#: Lifecycle stages in the order of the relationship.
LIFECYCLE_ORDER: tuple[str, ...] = tuple(st.LIFECYCLE)
#: Status values.
STATUS_ORDER: tuple[str, ...] = ("new", "active", "lost", "prospect", "non-customer")


def status_from_dates(
    first_purchase: pd.Series, last_purchase: pd.Series, as_of: AsOf, policy: PolicyLike = None
) -> np.ndarray:
    """The status of customers from their first and last purchase on or before ``as_of``
    (the rules of :func:`status`): ``prospect``, ``lost``, ``new`` or ``active``.

    >>> import pandas as pd
    >>> first = pd.to_datetime(pd.Series(["2026-01-10", "2020-01-01", None, "2020-01-01"]))
    >>> last = pd.to_datetime(pd.Series(["2026-10-01", "2025-10-31", None, "2025-11-01"]))
    >>> status_from_dates(first, last, "2026-10-31").tolist()
    ['new', 'lost', 'prospect', 'active']
    """
    return _status_codes(first_purchase, last_purchase, as_timestamp(as_of), _policy(policy))


def _status_codes(first_purchase: pd.Series, last_purchase: pd.Series, as_of, pol: Mapping) -> np.ndarray:
    lost_cut = months_before(as_of, pol["lost_after_months"])
    new_cut = months_before(as_of, pol["new_within_months"])
    return np.select(
        [last_purchase.isna(), last_purchase <= lost_cut, first_purchase > new_cut],
        ["prospect", "lost", "new"],
        default="active",
    )


def status(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """Status of every account on ``as_of``: new, active, lost, prospect or non-customer.

    For customers (a purchase is an invoice with a positive amount):

    * ``prospect`` -- no purchase on or before ``as_of`` (set up, never bought);
    * ``lost`` -- the last purchase is on or before ``as_of`` minus
      ``segments.lost_after_months`` (no purchase within that many months: a purchase
      exactly 12 months before a month-end ``as_of`` is lost, one a day later is active);
    * ``new`` -- the first purchase is after ``as_of`` minus ``segments.new_within_months``;
    * ``active`` -- the others.

    Leads are ``prospect``, except those qualified ``m+a+n`` (no money, authority or need),
    which are ``non-customer``.

    Returns
    -------
    DataFrame indexed by ``account_id`` (as :func:`pyramid`): kind, name, first_purchase,
    last_purchase, days_since_purchase, status, strategy.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["1", "2", "3"], "customer_id": ["old", "old", "gone"],
    ...     "invoice_date": ["2024-03-01", "2026-09-15", "2025-10-31"], "amount": [100.0, 80.0, 50.0],
    ...     "cost": [60.0, 50.0, 30.0]})
    >>> inv["due_date"] = inv["invoice_date"]
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2"], "company": ["Acme", "Nobody"], "region": ["East"] * 2,
    ...     "owner": ["Li"] * 2, "money": [True, False], "authority": [True, False], "need": [False, False],
    ...     "estimated_annual_value": [1e5, 0.0]})
    >>> s = status(facts.source(invoices=inv, leads=leads), "2026-10-31")
    >>> s["status"].to_dict()
    {'gone': 'lost', 'old': 'active', 'L1': 'prospect', 'L2': 'non-customer'}
    >>> int(s.loc["gone", "days_since_purchase"])   # exactly 12 months before a month end: lost
    365
    """
    pol = _policy(policy)
    data = _source(data)
    as_of = as_timestamp(as_of)
    f = customer_facts(data, as_of)
    c = pd.DataFrame(index=f.index.rename("account_id"))
    c["kind"] = "customer"
    c["name"] = f["name"].astype("str")
    c["first_purchase"] = f["first_purchase"]
    c["last_purchase"] = f["last_purchase"]
    c["days_since_purchase"] = (as_of - f["last_purchase"]).dt.days.astype("Int64")
    c["status"] = _status_codes(f["first_purchase"], f["last_purchase"], as_of, pol)
    frames = [c]
    if data.has("leads") and len(data.leads):
        m = man(data.leads)
        ld = pd.DataFrame(index=_lead_index(data.leads, f.index).rename("account_id"))
        ld["kind"] = "prospect"
        ld["name"] = m["company"].to_numpy()
        ld["first_purchase"] = pd.Series(pd.NaT, index=ld.index, dtype="datetime64[us]")
        ld["last_purchase"] = pd.Series(pd.NaT, index=ld.index, dtype="datetime64[us]")
        ld["days_since_purchase"] = pd.Series(pd.NA, index=ld.index, dtype="Int64")
        ld["status"] = np.where(m["man_code"].to_numpy() == "m+a+n", "non-customer", "prospect")
        frames.append(ld)
    out = pd.concat(frames) if len(frames) > 1 else c
    out["status"] = out["status"].astype("str")
    out["kind"] = out["kind"].astype("str")
    out["name"] = out["name"].astype("str")
    out["strategy"] = _strategy(st.STATUS, out["status"])
    return out


def lifecycle(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """Stage of each customer in the relationship lifecycle, from revenue and its trend.

    ``trend`` = revenue of the trailing 12 months / revenue of the previous 12 months - 1
    (NaN, with a ``trend_note``, when the previous 12 months had no positive revenue).

    * ``hibernation`` -- no purchase (an invoice with a positive amount) in the trailing 12
      months, after buying before: the customers :func:`status` calls lost (with the
      default ``lost_after_months`` of 12). A customer that bought in the window is never
      hibernating, even when credit notes take its net revenue to zero or below;
    * ``breakthrough`` -- no revenue in the previous 12 months: never bought yet, or first
      (or renewed) purchases within the trailing 12 months;
    * ``growth`` -- trend at or above ``segments.lifecycle.growth_above`` (+10 %);
    * ``defense`` -- trend at or below ``segments.lifecycle.decline_below`` (-10 %);
    * ``harvest`` -- a trend in between: stable, mature business.

    Returns
    -------
    DataFrame indexed by ``customer_id``: name, revenue_12m, revenue_prev_12m, trend,
    trend_note, stage, strategy.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["a", "b", "c", "d"], "customer_id": ["G", "G", "D", "D"],
    ...     "invoice_date": ["2025-05-01", "2026-05-01", "2025-05-01", "2026-05-01"],
    ...     "due_date": ["2025-06-01", "2026-06-01", "2025-06-01", "2026-06-01"],
    ...     "amount": [100.0, 150.0, 100.0, 50.0], "cost": [0.0, 0.0, 0.0, 0.0]})
    >>> lifecycle(facts.source(invoices=inv), "2026-10-31")["stage"].to_dict()
    {'D': 'defense', 'G': 'growth'}
    """
    pol = _policy(policy)
    f = customer_facts(data, as_of)
    lc = pol["lifecycle"]
    out = pd.DataFrame(index=f.index)
    out["name"] = f["name"]
    out["revenue_12m"] = f["revenue_12m"]
    out["revenue_prev_12m"] = f["revenue_prev_12m"]
    out["trend"] = (_ratio(f["revenue_12m"], f["revenue_prev_12m"]) - 1).round(_ROUND)
    out["trend_note"] = pd.Series(
        np.where(out["trend"].isna(), "no revenue in the previous 12 months", ""), index=out.index, dtype="str"
    )
    bought = f["last_purchase"].notna()
    stage = np.select(
        [
            bought & (f["invoices_12m"] == 0),
            f["revenue_prev_12m"] <= 0,
            out["trend"] >= float(lc["growth_above"]),
            out["trend"] <= float(lc["decline_below"]),
        ],
        ["hibernation", "breakthrough", "growth", "defense"],
        default="harvest",
    )
    out["stage"] = pd.Series(stage, index=out.index, dtype="str")
    out["strategy"] = _strategy(st.LIFECYCLE, out["stage"])
    return out


def lifecycle_history(data: KamData, as_of: AsOf, months: int = 12, policy: PolicyLike = None) -> pd.DataFrame:
    """Lifecycle stage of each customer at the end of each of the last ``months`` months.

    :func:`lifecycle` evaluated at ``as_of`` and at the ``months - 1`` dates before it, one
    calendar month apart (a month end stays a month end); each evaluation is one query
    of the store.

    Returns
    -------
    DataFrame indexed by ``customer_id``, one column per month (``YYYY-MM``, oldest
    first, columns named ``month``) holding the stage; input of
    :func:`kamtools.plots.lifecycle_timeline`.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["a", "b"], "customer_id": ["G", "G"],
    ...     "invoice_date": ["2025-05-01", "2026-05-01"], "due_date": ["2025-06-01", "2026-06-01"],
    ...     "amount": [100.0, 150.0], "cost": [0.0, 0.0]})
    >>> lifecycle_history(facts.source(invoices=inv), "2026-05-31", months=2).loc["G"].to_dict()
    {'2026-04': 'breakthrough', '2026-05': 'growth'}
    """
    if isinstance(months, bool) or not isinstance(months, (int, np.integer)) or months < 1:
        raise ValueError(f"months must be a whole number of at least 1, got {months!r}")
    as_of = as_timestamp(as_of)
    dates = [months_before(as_of, k) for k in range(int(months) - 1, -1, -1)]
    stages = {d.strftime("%Y-%m"): lifecycle(data, d, policy)["stage"] for d in dates}
    out = pd.DataFrame(stages)
    out.index.name = "customer_id"
    out.columns = pd.Index(list(stages), name="month", dtype="str")
    return out.astype("str")
