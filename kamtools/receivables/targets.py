"""Targets and incentives of collection (目标化, 激励机制) per account manager, and the measures of
collection per account manager or region: DSO, best-possible DSO, average days delinquent, CEI.

The target of a manager for the period holding ``as_of``: the row of the ``collection_targets``
table whose period holds it (the latest starting, of two), else the policy's monthly amount for the
manager (``receivables.targets.monthly``, for the month of ``as_of``), else the policy's
``collection_target_share`` of what fell due in the month (:func:`collection_performance`). What was
collected: the payments of the manager's customers from the period's first day to ``as_of`` (or the
period's end). The incentive (``receivables.incentives``, the company's numbers): a bonus of a share
of the amount collected once the achievement reaches the policy's minimum, less a deduction of a
share of the manager's receivables more than the policy's days past due on ``as_of``.

Best-possible DSO counts only the receivables not yet due: ``current receivables / credit sales ×
days``; average days delinquent (ADD) is DSO less it, the days the customers pay late on average.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .. import facts
from ..money import from_cents, round_half_up, to_cents
from ..periods import as_date, period_bounds, period_of
from ..policy import load_policy
from ..store import KamData
from ._common import _customers, _data, _group_keys, _ratio
from .disputes import disputed_by_due, disputed_items, has_open_disputes
from .ledger import _ledger_query
from .management import collection_performance
from .trends import _calendar, _cei_frame, _collapse, _monthly

#: Columns of :func:`collection_targets`.
TARGET_COLUMNS = (
    "target_source",
    "target_from",
    "target_to",
    "target",
    "collected",
    "achievement",
    "achievement_reason",
    "standing",
    "collectible",
    "collection_rate",
    "bonus",
    "past_due_receivables",
    "deduction",
    "net_incentive",
)
#: Columns of :func:`collection_kpis`.
KPI_COLUMNS = (
    "receivables",
    "current",
    "disputed",
    "overdue",
    "credit_sales",
    "dso",
    "best_possible_dso",
    "add",
    "add_reason",
    "cei",
)


#: The verdicts on a manager's collection (:func:`collection_targets` ``standing``): the target reached;
#: below it but at the incentive's minimum achievement (the bonus is paid); below that minimum; no target.
STANDINGS = ("reached", "bonus_only", "short", "no_target")


def _standing(achievement: pd.Series, paid: pd.Series) -> np.ndarray:
    """The verdict of each achievement (see :data:`STANDINGS`)."""
    a = achievement.to_numpy(dtype="float64")
    return np.select([np.isnan(a), a >= 1.0, paid.to_numpy()], ["no_target", "reached", "bonus_only"], "short")


def _table_targets(src: KamData, as_of: dt.date) -> pd.DataFrame:
    """The rows of ``collection_targets`` whose period holds ``as_of``, one per manager (the latest start)."""
    cols = ["account_manager", "period_start", "period_end", "target"]
    if not src.has("collection_targets"):
        return pd.DataFrame(columns=cols[1:], index=pd.Index([], name="account_manager", dtype="str"))
    t = src.table("collection_targets")[cols].copy()
    t["account_manager"] = t["account_manager"].astype("str")
    t["period_start"] = pd.to_datetime(t["period_start"])
    t["period_end"] = pd.to_datetime(t["period_end"])
    day = pd.Timestamp(as_of)
    t = t[(t["period_start"] <= day) & (t["period_end"] >= day)]
    t = t.sort_values(["account_manager", "period_start"], kind="mergesort").drop_duplicates(
        "account_manager", keep="last"
    )
    return t.set_index("account_manager")


def _collected(src: KamData, starts: pd.Series, ends: pd.Series, managers: pd.Series) -> pd.Series:
    """Payments of each manager's customers from its period's start to its end, summed in the store
    (``receivables_month_flows.sql``), once per distinct period."""
    out = pd.Series(0, index=starts.index, dtype="int64")
    windows = pd.DataFrame({"start": starts, "end": ends}).drop_duplicates()
    for start, end in windows.itertuples(index=False):
        flows = facts.query(src, "receivables_month_flows", start=start.date(), end=end.date())
        cents = pd.Series(to_cents(flows["received"].astype("float64")), index=flows["customer_id"].astype("str"))
        per = cents.groupby(managers.reindex(cents.index).fillna("(none)").to_numpy()).sum()
        mine = (starts == start) & (ends == end)
        out[mine] = per.reindex(out.index[mine]).fillna(0).astype("int64").to_numpy()
    return from_cents(out.astype("float64"))


def collection_targets(data: KamData | Mapping[str, pd.DataFrame], as_of: Any, policy: Any = None) -> pd.DataFrame:
    """Each account manager's collection target, what was collected, the achievement and the incentive.

    Returns
    -------
    DataFrame
        Indexed by ``account_manager`` (every manager of the customers table, and of the targets
        in force): ``target_source`` (``table``, ``policy`` or ``share``), ``target_from``,
        ``target_to`` (the target's period), ``target``, ``collected``, ``achievement`` (collected / target) with
        ``achievement_reason``, ``standing`` (one of :data:`STANDINGS`: the one verdict a page gives on the
        manager's collection), ``collectible`` and ``collection_rate`` (what fell due in the month and the share
        of it collected, :func:`collection_performance`: a measure beside the target, not a target), ``bonus``,
        ``past_due_receivables`` (more than ``receivables.incentives.penalty_days`` past due on ``as_of``; what
        open disputes hold is left out, as the aging leaves it out of the overdue), ``deduction`` and
        ``net_incentive`` (bonus less deduction). Money to the cent, a half cent up.

    Examples
    --------
    >>> import kamtools as kt
    >>> t = collection_targets(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> list(t.columns[:4])
    ['target_source', 'target_from', 'target_to', 'target']
    """
    as_of = as_date(as_of)
    src = _data(data)
    rec = load_policy(policy)["receivables"]
    inc = rec["incentives"]
    managers = _customers(src)["account_manager"].astype("str")
    table = _table_targets(src, as_of)
    monthly = {str(k): float(v) for k, v in rec["targets"]["monthly"].items()}
    share = collection_performance(src, as_of, policy)
    ids = pd.Index(sorted(set(managers.dropna()) | set(table.index) | set(share.index)), name="account_manager")
    month_start, month_end = (pd.Timestamp(d) for d in period_bounds(period_of(as_of)))
    out = pd.DataFrame(index=ids)
    in_table = ids.isin(table.index)
    in_policy = ~in_table & ids.isin(list(monthly))
    out["target_source"] = np.where(in_table, "table", np.where(in_policy, "policy", "share"))
    out["target_from"] = table["period_start"].reindex(ids).fillna(month_start).astype("datetime64[us]")
    out["target_to"] = table["period_end"].reindex(ids).fillna(month_end).astype("datetime64[us]")
    target = table["target"].reindex(ids).astype("float64")
    target = target.fillna(pd.Series(monthly, dtype="float64").reindex(ids))
    out["target"] = target.fillna(share["target"].reindex(ids)).fillna(0.0).astype("float64")
    until = out["target_to"].where(out["target_to"] < pd.Timestamp(as_of), pd.Timestamp(as_of))
    out["collected"] = _collected(src, out["target_from"], until, managers)
    out["achievement"], out["achievement_reason"] = _ratio(out["collected"], out["target"], "no collection target")
    paid = out["achievement"].fillna(0.0) >= float(inc["min_achievement"])
    out["standing"] = _standing(out["achievement"], paid)
    # what fell due in the month and the share of it collected: beside the target, never a second target
    out["collectible"] = share["collectible"].reindex(ids).fillna(0.0).astype("float64")
    out["collection_rate"] = share["collection_rate"].reindex(ids).astype("float64")
    out["bonus"] = np.where(paid, round_half_up(out["collected"] * float(inc["collected_share"])), 0.0)
    out["past_due_receivables"] = _past_due(src, as_of, int(inc["penalty_days"]), managers).reindex(ids).fillna(0.0)
    out["deduction"] = round_half_up(out["past_due_receivables"] * float(inc["penalty_share"]))
    out["net_incentive"] = from_cents(to_cents(out["bonus"]) - to_cents(out["deduction"]))
    return out


def _past_due(src: KamData, as_of: dt.date, days: int, managers: pd.Series) -> pd.Series:
    """Open receivables more than ``days`` past due on ``as_of``, per account manager (in the store), less what
    open disputes hold of them: overdue as the aging counts it (a disputed amount is not chased, nor penalised)."""
    due = _ledger_query(src, "receivables_open_due", as_of=as_of, due_by=as_of - dt.timedelta(days=days + 1))
    cents = pd.Series(due["cents"].to_numpy(dtype="int64"), index=due["customer_id"].astype("str"))
    if has_open_disputes(src, as_of):
        items = disputed_items(src, as_of)
        old = items[(items["disputed"] > 0) & (items["days_past_due"] > days)]
        held = pd.Series(to_cents(old["disputed"]), index=old["customer_id"].astype("str").to_numpy())
        cents = cents.sub(held.groupby(level=0).sum(), fill_value=0).astype("int64")
    per = cents.groupby(managers.reindex(cents.index).fillna("(none)").to_numpy()).sum()
    return from_cents(per.astype("float64"))


def _disputed_per_group(src: KamData, as_of: dt.date, by: str, groups: pd.Index) -> pd.DataFrame:
    """What open disputes hold on ``as_of`` per group of ``by`` (``overdue``, ``not_due``), in the order of ``groups``."""
    held = disputed_by_due(src, as_of)
    if held.empty:
        return pd.DataFrame(0.0, index=groups, columns=["overdue", "not_due"])
    keys = _group_keys(pd.Index(held.index, dtype="str"), by, src, None).astype("str")
    cents = pd.DataFrame(to_cents(held), index=held.index, columns=held.columns)
    per = cents.groupby(keys.to_numpy()).sum()
    return from_cents(per.reindex(groups.astype("str")).fillna(0))


def collection_kpis(
    data: KamData | Mapping[str, pd.DataFrame], as_of: Any, policy: Any = None, *, by: str = "account_manager"
) -> pd.DataFrame:
    """DSO, best-possible DSO, average days delinquent and CEI per account manager (or ``by`` region).

    ``dso = receivables / credit sales × days`` (``receivables.dso_days``, credit sales of those days up
    to ``as_of``), ``best_possible_dso = current receivables / credit sales × days`` (only what is not yet
    due: the DSO if every customer paid on time), ``add = dso − best_possible_dso`` (the days the
    customers pay late on average: overdue / credit sales × days), ``cei`` of the month of ``as_of``.
    The monthly facts are summed in the store (``receivables_monthly.sql``).

    Returns
    -------
    DataFrame
        Indexed by ``by``: ``receivables``, ``current``, ``disputed``, ``overdue``, ``credit_sales``, ``dso``,
        ``best_possible_dso``, ``add`` (with ``add_reason`` where NaN: no credit sales), ``cei``. As in the
        aging, what open disputes hold is ``disputed``, neither ``current`` nor ``overdue``
        (``receivables = current + disputed + overdue``); ADD counts it with the overdue (DSO − best-possible
        DSO: everything not paid within its terms).

    Examples
    --------
    >>> inv = pd.DataFrame({"invoice_id": ["I1", "I2"], "customer_id": ["C1", "C1"],
    ...     "invoice_date": ["2026-08-15", "2026-10-10"], "due_date": ["2026-09-14", "2026-11-09"],
    ...     "amount": [300.0, 600.0], "cost": [0.0, 0.0]})
    >>> cust = pd.DataFrame({"customer_id": ["C1"], "account_manager": ["Li"]})
    >>> k = collection_kpis({"invoices": inv, "customers": cust}, "2026-10-31")
    >>> k.loc["Li", ["dso", "best_possible_dso", "add"]].tolist()  # 900/900×90, 600/900×90, the 30 days late
    [90.0, 60.0, 30.0]
    """
    as_of = as_date(as_of)
    src = _data(data)
    days = int(load_policy(policy)["receivables"]["dso_days"])
    # points 0 and 1 of the run the headline's DSO and CEI read (kept per store connection): the receivables
    # then, the sales and what is not yet due now are the same as a run of one month gives them
    monthly = _monthly(src, as_of, 2, days)
    monthly = monthly[monthly["k"] <= 1]
    ids = pd.Index(sorted(monthly["customer_id"].unique()), dtype="str", name="customer_id")
    g = _collapse(monthly, _group_keys(ids, by, src, None))
    now = g[g.index.get_level_values("k") == 0].droplevel("k")
    now = now[(now["receivables"] != 0) | (now["sales_window"] != 0)]
    out = pd.DataFrame(index=pd.Index(now.index.astype("str"), name=by))
    out["receivables"] = now["receivables"].to_numpy()
    held = _disputed_per_group(src, as_of, by, out.index)
    not_due = from_cents(to_cents(now["not_due"].to_numpy()) - to_cents(held["not_due"].to_numpy()))
    out["current"] = not_due
    out["disputed"] = from_cents(to_cents(held["overdue"].to_numpy()) + to_cents(held["not_due"].to_numpy()))
    out["overdue"] = from_cents(to_cents(out["receivables"]) - to_cents(out["current"]) - to_cents(out["disputed"]))
    out["credit_sales"] = now["sales_window"].to_numpy()
    why = f"no credit sales in the last {days} days"
    out["dso"], _ = _ratio(out["receivables"], out["credit_sales"], why, scale=days)
    out["best_possible_dso"], _ = _ratio(out["current"], out["credit_sales"], why, scale=days)
    late = pd.Series(from_cents(to_cents(out["overdue"]) + to_cents(out["disputed"])), index=out.index)  # disputed too
    out["add"], out["add_reason"] = _ratio(late, out["credit_sales"], why, scale=days)
    cei = _cei_frame(g, _calendar(as_of, 1), 1)
    out["cei"] = cei["cei"].droplevel("month").reindex(out.index).to_numpy() if len(cei) else np.nan
    return out
