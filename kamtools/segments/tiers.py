"""The key-account pyramid: every account scored and placed in a tier (key, ordinary,
prospect, unattractive), the pyramid against its targets, and the accounts to promote or watch."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from .. import strategies as st
from ..money import book_decimals, snap
from ..periods import as_timestamp
from ..store import KamData
from ._common import _ROUND, AsOf, PolicyLike, _order, _pct_rank, _policy, _ratio, _source, _strategy, _weights
from .customers import _account_hours, _lead_hours, _lead_index, customer_facts
from .leads import man

__all__ = ["TIER_ORDER", "key_count", "pyramid", "pyramid_summary", "to_promote", "to_watch"]

#: Tiers of the pyramid, highest first.
TIER_ORDER: tuple[str, ...] = ("key", "ordinary", "prospect", "unattractive")

#: The columns of :func:`pyramid`, in order.
_PYRAMID_COLUMNS: tuple[str, ...] = (
    "kind",
    "name",
    "region",
    "account_manager",
    "revenue_12m",
    "revenue_prev_12m",
    "margin_12m",
    "revenue_share",
    "margin_share",
    "growth",
    "wallet_estimate",
    "headroom",
    "relationship_state",
    "relationship_level",
    "attractiveness",
    "hours_12m",
    "value_score",
    "potential_score",
    "relationship_score",
    "attractiveness_score",
    "composite",
    "rank",
    "tier",
    "strategy",
)


def _accounts(data: KamData, as_of: pd.Timestamp) -> pd.DataFrame:
    """Customers and leads as one table of accounts with the pyramid's inputs."""
    f = customer_facts(data, as_of)
    cust = pd.DataFrame(
        {
            "kind": "customer",
            "name": f["name"].astype("str"),
            "region": f["region"].astype("str"),
            "account_manager": f["account_manager"].astype("str"),
            **{
                col: f[col].astype("float64")
                for col in ("revenue_12m", "revenue_prev_12m", "margin_12m", "wallet_estimate", "hours_12m")
            },
            **{col: f[col].astype("str") for col in ("relationship_state", "relationship_level", "attractiveness")},
        },
        index=f.index.rename("account_id"),
    )
    cust["non_customer"] = False
    if not (data.has("leads") and len(data.leads)):
        return cust
    leads = data.leads
    idx = _lead_index(leads, f.index).rename("account_id")
    attr = leads["attractiveness"] if "attractiveness" in leads.columns else pd.Series(np.nan, index=leads.index)
    ld = pd.DataFrame(
        {
            "kind": "prospect",
            "name": leads["company"].astype("str").to_numpy(),
            "region": leads["region"].astype("str").to_numpy(),
            "account_manager": leads["owner"].astype("str").to_numpy(),
            "revenue_12m": 0.0,
            "revenue_prev_12m": 0.0,
            "margin_12m": 0.0,
            "wallet_estimate": leads["estimated_annual_value"].astype("float64").to_numpy(),
            "hours_12m": _lead_hours(data, as_of)
            .reindex(pd.Index(leads["lead_id"].astype("str")))
            .fillna(0.0)
            .to_numpy(),
            "relationship_state": "none",
            "relationship_level": "none",
            "attractiveness": pd.Series(attr.to_numpy(), dtype="str").to_numpy(),
        },
        index=idx,
    )
    ld = ld.astype(
        {
            c: "str"
            for c in (
                "kind",
                "name",
                "region",
                "account_manager",
                "relationship_state",
                "relationship_level",
                "attractiveness",
            )
        }
    )
    # leads qualified m+a+n (no money, authority or need): non-customers (see status)
    ld["non_customer"] = man(leads)["man_code"].to_numpy() == "m+a+n"
    acc = pd.concat([cust, ld])
    if not acc.index.is_unique:
        raise ValueError("account ids are not unique (duplicate customer_id or lead_id)")
    return acc


def _scores(acc: pd.DataFrame, pol: dict) -> pd.DataFrame:
    """The four component scores (0-1) and the composite, added to the accounts."""
    out = acc.copy()
    miss = float(pol["missing_score"])
    rev_total = out.loc[out["kind"] == "customer", "revenue_12m"].sum()
    mar_total = out.loc[out["kind"] == "customer", "margin_12m"].sum()
    out["revenue_share"] = (out["revenue_12m"] / rev_total).round(_ROUND) if rev_total > 0 else np.nan
    out["margin_share"] = (out["margin_12m"] / mar_total).round(_ROUND) if mar_total > 0 else np.nan
    out["growth"] = (_ratio(out["revenue_12m"], out["revenue_prev_12m"]) - 1).round(_ROUND)
    decimals = book_decimals(out["wallet_estimate"], out["revenue_12m"], out["margin_12m"])
    out["headroom"] = snap((out["wallet_estimate"] - out["revenue_12m"].clip(lower=0)).clip(lower=0), decimals)

    vw = _weights(pol["value_weights"], ["revenue", "margin"], "value_weights")
    out["value_score"] = vw["revenue"] * _pct_rank(out["revenue_12m"]) + vw["margin"] * _pct_rank(out["margin_12m"])
    pw = _weights(pol["potential_weights"], ["growth", "headroom"], "potential_weights")
    out["potential_score"] = pw["growth"] * _pct_rank(out["growth"]).fillna(miss) + pw["headroom"] * _pct_rank(
        out["headroom"]
    ).fillna(miss)
    rw = _weights(pol["relationship_weights"], ["state", "level"], "relationship_weights")
    state = out["relationship_state"].map(pol["relationship_state_scores"]).astype("float64")
    level = out["relationship_level"].map(pol["relationship_level_scores"]).astype("float64")
    out["relationship_score"] = rw["state"] * state.fillna(miss) + rw["level"] * level.fillna(miss)
    out["attractiveness_score"] = out["attractiveness"].map(pol["attractiveness_scores"]).astype("float64").fillna(miss)
    w = _weights(pol["weights"], ["value", "potential", "relationship", "attractiveness"], "weights")
    comp = sum(w[k] * out[f"{k}_score"] for k in w)
    for col in ("value_score", "potential_score", "relationship_score", "attractiveness_score"):
        out[col] = out[col].round(_ROUND)
    out["composite"] = comp.round(_ROUND)
    return out


def key_count(key_share: float, accounts: int) -> int:
    """The number of key accounts: ``key_share x accounts`` rounded half up, exactly.

    The share is taken as the decimal it is written as (0.35, not the nearest binary
    fraction 0.34999...), so a product that lands on a half always rounds up.

    >>> key_count(0.35, 90), key_count(0.05, 30), key_count(0.10, 24), key_count(0.0, 7)
    (32, 2, 2, 0)
    """
    exact = Decimal(repr(float(key_share))) * int(accounts)
    return int(exact.to_integral_value(rounding=ROUND_HALF_UP))


def pyramid(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """Every account -- customers and prospects (leads) -- placed in the key-account pyramid.

    Tiers (in this order of assignment):

    * ``unattractive`` -- attractiveness ``low`` and a small potential (potential score
      below ``segments.unattractive_potential_below``); leads have no attractiveness
      unless the leads table carries an ``attractiveness`` column. Leads qualified
      ``m+a+n`` (no money, no authority, no need) are unattractive whatever their scores:
      they are non-customers (:func:`status`) to be dropped from the pipeline
      (:func:`man`), not prospects to win.
    * ``prospect`` -- the other leads, and customers without net revenue in the trailing
      12 months (set up but never bought, or lapsed and to be won back).
    * ``key`` -- of the buying customers that are not unattractive, the
      ``key_share x number of accounts`` (rounded half up, exactly: 0.35 x 90 = 31.5 gives
      32) with the highest composite; ties by account id, so the tiers do not depend on
      the order of input rows. The number of accounts counts every customer and every
      lead except the ``m+a+n`` leads: a non-customer is no account to be served, and
      a pipeline full of them must not make more customers key accounts.
    * ``ordinary`` -- the other buying customers.

    Composite (0-1) = weighted mean (``segments.weights``) of four scores, each 0-1:

    * value -- percentile ranks of revenue and margin of the trailing 12 months (the
      revenue and margin *shares* of the book rank the same way);
    * potential -- percentile ranks of growth (revenue over the previous 12 months, minus
      1; unknown without previous revenue) and of wallet headroom (wallet estimate minus
      revenue, at least 0; a lead's headroom is its estimated annual value);
    * relationship -- scores of the relationship state and level (a lead: ``none``);
    * attractiveness -- high / medium / low.

    Percentile ranks are taken over all accounts (0 = lowest, 1 = highest, ties share the
    average rank), so the composite does not change when all money is scaled. An unknown
    component scores ``segments.missing_score``.

    Returns
    -------
    DataFrame indexed by ``account_id`` (a customer_id, or a lead's lead_id -- prefixed
    ``lead:`` for all leads if any lead_id equals a customer_id): ``kind`` (customer /
    prospect), name, region, account_manager, revenue_12m, revenue_prev_12m, margin_12m,
    revenue_share, margin_share, growth, wallet_estimate, headroom, relationship_state,
    relationship_level, attractiveness, hours_12m, the four scores, ``composite``, ``rank``
    (1 = highest composite), ``tier`` and ``strategy``.

    Examples
    --------
    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> p = pyramid(data, "2026-10-31")
    >>> non_customers = int((man(data)["man_code"] == "m+a+n").sum())
    >>> int((p["tier"] == "key").sum()) == key_count(0.10, len(p) - non_customers)
    True
    """
    pol = _policy(policy)
    data = _source(data)
    as_of = as_timestamp(as_of)
    acc = _scores(_accounts(data, as_of), pol)
    n = len(acc)
    tier = _tiers(acc, pol)
    acc["rank"] = pd.Series(np.arange(1, n + 1, dtype="int64"), index=_order(acc, "composite")).reindex(acc.index)
    acc["tier"] = tier.astype("str")
    acc["strategy"] = _strategy(st.TIERS, acc["tier"])
    return acc[list(_PYRAMID_COLUMNS)]


def _tiers(acc: pd.DataFrame, pol: dict) -> pd.Series:
    """The tier of each scored account, in the order of assignment of :func:`pyramid`:
    prospect, unattractive, then key (the rest ordinary)."""
    n = len(acc)
    buying = (acc["kind"] == "customer") & (acc["revenue_12m"] > 0)
    non_customer = acc["non_customer"].astype(bool)
    unattractive = non_customer | (
        (acc["attractiveness"] == "low").fillna(False)
        & (acc["potential_score"] < float(pol["unattractive_potential_below"]))
    )
    eligible = buying & ~unattractive
    n_key = min(key_count(pol["key_share"], n - int(non_customer.sum())), int(eligible.sum()))
    key_ids = _order(acc[eligible], "composite")[:n_key]
    tier = pd.Series("ordinary", index=acc.index, dtype="object")
    tier.loc[~buying] = "prospect"
    tier.loc[unattractive] = "unattractive"
    tier.loc[key_ids] = "key"
    return tier


def pyramid_summary(
    pyramid: pd.DataFrame, data: KamData | None = None, as_of: AsOf | None = None, policy: PolicyLike = None
) -> pd.DataFrame:
    """Per tier: accounts, revenue and selling time, against the pyramid's targets.

    Selling time is the hours of activities over the trailing 12 months (SQL
    ``segments_hours``) when ``data`` and ``as_of`` are given, else the pyramid's
    ``hours_12m`` column. Prospect time is the time spent on leads (activities naming a
    ``lead_id``) and on customers that are not buying; time on a lead qualified ``m+a+n`` counts
    where the lead stands, under unattractive.

    Returns
    -------
    DataFrame indexed by tier (key, ordinary, prospect, unattractive): ``accounts``,
    ``account_share``, ``target_account_share`` (key_share, ordinary_share, the rest for
    prospects; none for unattractive), ``revenue``, ``revenue_share``, ``hours``,
    ``time_share``, ``time_target`` (``segments.time_targets``), ``time_gap`` (share minus
    target) and ``strategy``. Shares are NaN when their total is zero. ``account_share``
    counts every account of the pyramid, the ``m+a+n`` leads (under unattractive)
    included, while the number of key accounts is ``key_share`` of the accounts without
    them: with such leads the key share shown sits a little below its target.

    Examples
    --------
    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> s = pyramid_summary(pyramid(data, "2026-10-31"), data, "2026-10-31")
    >>> float(s.loc["key", "time_target"]), round(float(s["account_share"].sum()), 6)
    (0.6, 1.0)
    """
    pol = _policy(policy)
    tiers = list(TIER_ORDER)
    p = pyramid
    if data is not None:
        if as_of is None:
            raise ValueError("give as_of with data")
        h = _account_hours(_source(data), as_timestamp(as_of), p["kind"])
    else:
        h = p["hours_12m"].astype("float64")
    out = pd.DataFrame(index=pd.Index(tiers, name="tier", dtype="str"))
    out["accounts"] = p.groupby("tier").size().reindex(tiers).fillna(0).astype("int64")
    n = int(out["accounts"].sum())
    out["account_share"] = out["accounts"] / n if n else np.nan
    key, ordinary = float(pol["key_share"]), float(pol["ordinary_share"])
    out["target_account_share"] = [key, ordinary, max(0.0, 1.0 - key - ordinary), np.nan]
    rev = p["revenue_12m"].where(p["kind"] == "customer", 0.0)
    out["revenue"] = rev.groupby(p["tier"]).sum().reindex(tiers).fillna(0.0)
    total = out["revenue"].sum()
    out["revenue_share"] = out["revenue"] / total if total > 0 else np.nan
    out["hours"] = h.groupby(p["tier"]).sum().reindex(tiers).fillna(0.0).astype("float64")
    th = out["hours"].sum()
    out["time_share"] = out["hours"] / th if th > 0 else np.nan
    out["time_target"] = [float(pol["time_targets"].get(t, np.nan)) for t in tiers]
    out["time_gap"] = out["time_share"] - out["time_target"]
    out["strategy"] = _strategy(st.TIERS, pd.Series(tiers, index=out.index))
    return out


def to_promote(pyramid: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Ordinary customers to develop into key accounts: highest composite first, then potential.

    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> set(to_promote(pyramid(data, "2026-10-31"), n=3)["tier"]) <= {"ordinary"}
    True
    """
    p = pyramid[pyramid["tier"] == "ordinary"]
    tmp = pd.DataFrame({"c": p["composite"], "p": p["potential_score"], "id": p.index}, index=p.index)
    order = tmp.sort_values(["c", "p", "id"], ascending=[False, False, True], kind="mergesort").index
    cols = [
        "name",
        "account_manager",
        "revenue_12m",
        "growth",
        "headroom",
        "value_score",
        "potential_score",
        "composite",
        "rank",
        "tier",
        "strategy",
    ]
    return pyramid.loc[order[:n], cols].copy()


def to_watch(pyramid: pd.DataFrame, n: int | None = 10, policy: PolicyLike = None) -> pd.DataFrame:
    """Key accounts in decline: growth at or below ``segments.lifecycle.decline_below``,
    the largest revenue lost first; the strategy is the one of the defense stage. The first
    ``n`` of them, all of them when ``n`` is None (how many there are:
    :func:`kamtools.headline.kpis` ``key_accounts_declining``).

    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> w = to_watch(pyramid(data, "2026-10-31"))
    >>> bool((w["growth"] <= -0.10).all())
    True
    """
    pol = _policy(policy)
    p = pyramid[(pyramid["tier"] == "key") & (pyramid["growth"] <= float(pol["lifecycle"]["decline_below"]))]
    out = p[["name", "account_manager", "revenue_12m", "revenue_prev_12m", "growth", "composite", "tier"]].copy()
    out["revenue_lost"] = snap(
        out["revenue_prev_12m"] - out["revenue_12m"], book_decimals(out["revenue_prev_12m"], out["revenue_12m"])
    )
    out = out.loc[_order(out, "revenue_lost")][:n]
    out["strategy"] = str(st.LIFECYCLE["defense"])
    out["strategy"] = out["strategy"].astype("str")
    return out


def key_accounts(tiers: pd.DataFrame) -> pd.DataFrame:
    """The key accounts of a :func:`pyramid` (customers, not prospects) in order of value: revenue
    of the last 12 months, then the composite score, largest first. The order of the account plans.

    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> key = key_accounts(pyramid(data, "2026-10-31"))
    >>> set(key["tier"]) == {"key"} and key["revenue_12m"].is_monotonic_decreasing
    True
    """
    key = tiers[(tiers["tier"] == "key") & (tiers["kind"] == "customer")]
    return key.sort_values(["revenue_12m", "composite"], ascending=False, kind="mergesort")
