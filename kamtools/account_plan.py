"""The profile and plan of one key account.

The account plan of each key account (:func:`account_profile`) is assembled here from
the other modules of the workbook, so the report's plan pages and the notebooks only call
and show. The monthly report computes the book-level tables every plan reads once
(:func:`book_tables`) and passes them to :func:`account_profile` for each key account.

Windows and money are those of :mod:`kamtools.portfolio`: "the last 12 months" end on
``as_of``, revenue is the net invoiced amount, margin = amount - cost.

Examples
--------
>>> import kamtools as kt
>>> data = kt.sample_data(customers=30, years=2, seed=1, end="2026-10-31")
>>> from kamtools.account_plan_text import ACTIONS
>>> a = account_profile(data, default_account(data, "2026-10-31"), "2026-10-31")
>>> a.profile["tier"], a.actions["action"].iloc[-1] in ACTIONS, bool(a.credit_check["need"] > 0)
('key', True, True)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import account_plan_text as pt
from . import credit, facts, receivables
from . import segments as seg
from .account_plan_terms import plan_parts
from .account_plan_text import _text
from .headline import kpis
from .periods import AsOf, as_date, as_timestamp, months_before
from .policy import load_policy
from .portfolio import TREND_MONTHS, PolicyLike, _change, _rate, _source, monthly
from .segments.product_mix import PRODUCT_TABLES, account_products, book_product_tables
from .store import KamData

__all__ = ["AccountProfile", "BOOK_TABLES", "BookTables", "account_profile", "book_tables", "default_account"]


# ============================================================================ book tables
#: The book-level tables an account plan reads, computed once per report run.
BOOK_TABLES = (
    "facts",
    "pyramid",
    "status",
    "lifecycle",
    "relational",
    "relationships",
    "relationship_now",
    "profitability",
    "limits",
    "holds",
    "aging",
    "open_items",
    "disputes",
    "pyramid_summary",
    "kpis",
    "write_offs",
    "margins",
    "dunning",
    "authority",
    "promises",
    *PRODUCT_TABLES,
)


@dataclass
class BookTables:
    """Book-level tables at one date: what every account plan of a report shares.

    The monthly report computes them once (:func:`book_tables`) and passes them to
    :func:`account_profile` for each key account, instead of recomputing the whole book
    for every plan. They hold for one date and one policy only.
    """

    as_of: dt.date
    policy_digest: str
    tables: dict[str, pd.DataFrame]

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def checked(self, as_of: AsOf, pol: Mapping) -> BookTables:
        """These tables, refused when made for another date or policy (``pol``, loaded)."""
        day = as_date(as_of)
        if self.as_of != day or self.policy_digest != _digest(pol):
            raise ValueError(
                f"the book tables are for {self.as_of} with another policy or date, "
                f"not for {day}: compute them again with book_tables()"
            )
        return self


def _digest(pol: Mapping) -> str:
    return hashlib.sha256(json.dumps(pol, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]


def book_tables(
    data: KamData,
    as_of: AsOf,
    policy: PolicyLike = None,
    *,
    limits: pd.DataFrame | None = None,
    headline: pd.DataFrame | None = None,
) -> BookTables:
    """Compute the book-level tables of the account plans at ``as_of`` (one pass over the book);
    ``limits`` and ``headline`` are :func:`kamtools.credit.limits` and :func:`kamtools.kpis` of
    the same day and policy when the caller has them already (the report run computes them once).

    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> book = book_tables(data, "2026-10-31")
    >>> sorted(book.tables) == sorted(BOOK_TABLES), len(book.pyramid) >= 30
    (True, True)
    """
    data = _source(data)
    pol = load_policy(policy)
    ts = as_timestamp(as_of)
    pyr = seg.pyramid(data, ts, pol)
    ledger = receivables.settle(data, None, ts.date())
    # the part of each open invoice under an open dispute: apart in the aging, not chased
    ledger = receivables.Ledger(receivables.disputed_items(data, ts.date(), ledger.open_items), ledger.unapplied_credit)
    tables = {
        "facts": seg.customer_facts(data, ts),
        "pyramid": pyr,
        "status": seg.status(data, ts, pol),
        "lifecycle": seg.lifecycle(data, ts, pol),
        "relational": seg.relational(data, ts, pol),
        "relationships": seg.relationship_history(data, ts),  # the ladder's records up to the date
        "relationship_now": seg.current_relationship(data, ts),
        "profitability": seg.profitability(data, ts, pol),
        "limits": credit.limits(data, ts.date(), pol) if limits is None else limits,
        "aging": receivables.aging(ledger, ts.date(), pol["receivables"]["buckets"]),
        "open_items": ledger.open_items,
        "disputes": receivables.open_disputes(data, ts.date()),
        "pyramid_summary": seg.pyramid_summary(pyr, data, ts, pol),
        "dunning": receivables.dunning(data, ts.date(), pol),  # each customer's dunning level (催款等级)
    }
    tables["holds"] = credit.holds(data, ts.date(), pol, lim=tables["limits"])  # the credit page's hold list
    tables["write_offs"] = credit.write_off_register(data, ts.date(), pol)  # with each one's recovery equation
    tables["authority"] = credit.authority_breaches(data, ts.date(), pol)  # limits in force beyond their approver
    tables["promises"] = receivables.promise_history(data, ts.date())  # payment promises kept and broken
    tables["margins"] = receivables.customer_margin(data, ts.date(), pol)  # each customer's own margin, or the book's
    if headline is None:
        headline = kpis(data, ts.date(), pol, limits=tables["limits"], aged=tables["aging"])
    tables["kpis"] = headline
    tables.update(book_product_tables(data, ts, pol, pyr.loc[pyr["kind"] == "customer", "tier"]))
    return BookTables(as_of=ts.date(), policy_digest=_digest(pol), tables=tables)


# ============================================================================ account plan
@dataclass
class AccountProfile:
    """Everything the account plan of one customer shows (see :func:`account_profile`)."""

    customer_id: str
    name: str
    as_of: dt.date
    profile: pd.Series
    trend: pd.DataFrame
    margin: pd.Series
    credit: pd.Series
    aging: pd.Series
    open_items: pd.DataFrame
    activities: pd.DataFrame
    time: pd.Series
    relationship: pd.Series
    lifecycle: pd.Series
    strategies: pd.DataFrame
    contacts: pd.DataFrame
    objectives: pd.Series = field(repr=False)
    credit_check: pd.Series = field(repr=False)
    actions: pd.DataFrame = field(repr=False)
    risks: pd.DataFrame = field(repr=False)
    disputes: pd.DataFrame = field(repr=False)
    #: The customer's write-offs (:func:`kamtools.credit.write_off_register` rows) and the recovery equation of
    #: its open balance (``loss``, ``margin_rate``, ``margin_basis``, ``sales_to_recover``).
    write_offs: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    recovery: pd.Series = field(default_factory=lambda: pd.Series(dtype="object"), repr=False)
    dunning: pd.Series = field(default_factory=lambda: pd.Series(dtype="object"), repr=False)  # its row of dunning()
    #: Its product mix, cross-sell list and the families' names (:func:`kamtools.segments.product_mix.account_products`).
    products: dict = field(default_factory=dict, repr=False)


def default_account(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> str:
    """The first key account: the key account with the largest revenue of the last 12 months.

    The order of :func:`kamtools.segments.key_accounts` (revenue, then composite), as the report's plans.
    Raises ``ValueError`` when the book has no key account.
    """
    key = seg.key_accounts(seg.pyramid(_source(data), as_of, policy))
    if key.empty:
        raise ValueError("the book has no key account: give a customer_id")
    return str(key.index[0])


def _check_customer(data: KamData, customer_id: str) -> pd.DataFrame:
    """The customer's row of the customers table; an unknown id raises ``ValueError``."""
    own = data.customer_rows("customers", str(customer_id))
    if own.empty:
        raise ValueError(f"unknown customer id {customer_id!r}: not in the customers table")
    return own


def _ordered(scores: Mapping[str, float]) -> list[str]:
    """Codes from the lowest to the highest score."""
    return [k for k, _ in sorted(scores.items(), key=lambda kv: (kv[1], kv[0]))]


def _next_up(current: str, scores: Mapping[str, float], skip: tuple[str, ...] = ()) -> str | None:
    """The code scoring next above ``current`` (never one of ``skip``), or None at the top."""
    order = [k for k in _ordered(scores) if k not in skip or k == current]
    if current not in order:
        return order[-1] if order else None
    i = order.index(current)
    return order[i + 1] if i + 1 < len(order) else None


def _day(v: object) -> dt.date | None:
    """A date, or None when missing (shows as a plain date in tables)."""
    return None if v is None or pd.isna(v) else pd.Timestamp(v).date()


def account_profile(
    data: KamData, customer_id: str, as_of: AsOf, policy: PolicyLike = None, book: BookTables | None = None
) -> AccountProfile:
    """The profile of one customer and a proposed account plan, at ``as_of``.

    Parameters
    ----------
    data
        The book.
    customer_id
        The customer; an unknown id raises ``ValueError`` naming it.
    as_of
        The report date (the last day of the report month).
    policy
        Policy path, mapping or None for the shipped defaults.
    book
        Book-level tables already computed for this date and policy (:func:`book_tables`);
        None computes them here.

    Returns
    -------
    AccountProfile with

    * ``profile`` -- attributes, tier and rank in the pyramid, status, first and last purchase;
    * ``trend`` -- :func:`kamtools.portfolio.monthly` of the customer over the last 24 months;
    * ``margin`` -- revenue and margin of the last and previous 12 months, growth,
      discount, cost to serve and profit after it (:func:`kamtools.segments.profitability`);
    * ``credit`` -- grade and score, approved and recommended limit, exposure,
      utilization, over-limit amounts, approval level, re-review reasons
      (:func:`kamtools.credit.limits`);
    * ``aging`` and ``open_items`` -- open receivables by bucket and the open invoices (``disputed``:
      the part under an open dispute, apart from the buckets and not chased);
    * ``disputes`` -- the customer's open disputes (:func:`kamtools.receivables.open_disputes`);
    * ``activities`` -- activities of the last 12 months by type (count, hours, last date);
    * ``time`` -- selling hours of the last 12 months against the account's time target:
      the tier's share of all selling time (``segments.time_targets``) spread evenly over
      the accounts of the tier;
    * ``relationship`` -- relationship state and level, transactional or relational;
    * ``lifecycle`` -- stage and trend;
    * ``strategies`` -- the strategy for its tier, status, lifecycle stage and relationship type;
    * ``contacts`` -- the customer's contacts;
    * the plan (:mod:`kamtools.account_plan_text`): ``objectives`` of the next 12 months
      (revenue, margin, share of wallet, the next relationship step), ``credit_check``
      (whether the recommended limit carries the revenue objective, and the options when it
      does not), ``actions`` of the next quarter (who, what, by when) and ``risks``.

    Examples
    --------
    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> account_profile(data, "nobody", "2026-10-31")
    Traceback (most recent call last):
    ...
    ValueError: unknown customer id 'nobody': not in the customers table
    """
    data = _source(data)
    cid = str(customer_id)
    own = _check_customer(data, cid)
    pol = load_policy(policy)
    spol = pol["segments"]
    ts = as_timestamp(as_of)

    book = book_tables(data, ts, pol) if book is None else book.checked(ts, pol)
    c = own.assign(customer_id=own["customer_id"].astype("str")).set_index("customer_id").loc[cid]
    parts = _parts(data, book, cid, c, ts, pol, spol)
    return AccountProfile(customer_id=cid, name=parts["profile"]["name"], as_of=ts.date(), **parts)


# ---------------------------------------------------------------------------- parts of the profile
def _parts(
    data: KamData, book: BookTables, cid: str, c: pd.Series, ts: pd.Timestamp, pol: Mapping, spol: Mapping
) -> dict[str, object]:
    """The parts of the profile of customer ``cid`` (its row ``c``) and its plan: every field of
    :class:`AccountProfile` but the id, name and date."""
    profile = _profile(book, cid, c)
    ag, items = _receivables(book, cid, pol["receivables"]["buckets"])
    trend = monthly(data, ts, TREND_MONTHS, customer_id=cid)
    margin = _margin(book, cid, spol)
    credit_s = _credit(book, cid, pol)
    act = _activities(data, cid, ts)
    time = _time(book, cid, str(profile["tier"]), act, spol)
    relationship = _relationship(book, cid, c, spol)
    lifecycle = _lifecycle(book, cid)
    strategies = pt.strategies(
        str(profile["tier"]),
        profile["status"],
        lifecycle["stage"],
        relationship["relationship_type"],
        relationship["relationship_state"],
    )
    contacts = _contacts(data, cid)
    parts = {
        "profile": profile,
        "trend": trend,
        "margin": margin,
        "credit": credit_s,
        "aging": ag.rename(cid),
        "open_items": items,
        "activities": act,
        "time": time,
        "relationship": relationship,
        "lifecycle": lifecycle,
        "strategies": strategies,
        "contacts": contacts,
    }
    return {
        **parts,
        **plan_parts(book, cid, {**parts, "aging": ag}, items, ts, pol, lambda route: _limit_due(ts, route, pol)),
        "disputes": book.disputes[book.disputes["customer_id"].astype("str") == cid].reset_index(drop=True),
        "dunning": book.dunning.loc[cid] if cid in book.dunning.index else pd.Series(dtype="object"),
        **_write_offs(book, cid, float(ag["total"])),
        "products": account_products(book.tables, cid),
    }


def _limit_due(ts: pd.Timestamp, route: pd.Series, pol: Mapping) -> dt.date:
    """The day the plan's limit action is due: the day the credit page's limit changes of its kind are
    approved by (``report.decisions``: ``limit_increase`` for a new limit, else ``limit_cut``), so the plan,
    the credit page and the index give one date."""
    kind = "limit_increase" if route["route"] == "new_limit" else "limit_cut"
    return (ts + pd.Timedelta(days=int(pol["report"]["decisions"][kind]["days"]))).date()


def _write_offs(book: BookTables, cid: str, owed: float) -> dict[str, object]:
    """The customer's write-offs, and the sales that would earn its open balance back at its margin."""
    reg = book.write_offs
    m = (
        book.margins.loc[cid]
        if cid in book.margins.index
        else pd.Series({"margin_rate": np.nan, "margin_basis": "book"})
    )
    rate = float(m["margin_rate"])
    recovery = pd.Series(
        {"loss": owed, "margin_rate": rate, "margin_basis": str(m["margin_basis"]),
         "sales_to_recover": receivables.sales_to_recover(owed, rate)},
        dtype="object",
    )  # fmt: skip
    return {"write_offs": reg[reg.index == cid], "recovery": recovery}


def _profile(book: BookTables, cid: str, c: pd.Series) -> pd.Series:
    """Attributes of the customer (its row ``c``), tier and rank, status, first and last purchase."""
    f = book.facts.loc[cid]
    pyr = book.pyramid
    p = pyr.loc[cid]
    return pd.Series(
        {
            "customer_id": cid,
            "name": _text(c.get("name"), cid),
            "industry": _text(c.get("industry")),
            "region": _text(c.get("region")),
            "account_manager": _text(c.get("account_manager")),
            "parent_id": _text(c.get("parent_id"), "none"),
            "ownership": _text(c.get("ownership")),
            "employees": c.get("employees"),
            "attractiveness": _text(c.get("attractiveness")),
            "wallet_estimate": c.get("wallet_estimate"),
            "tier": p["tier"],
            "rank": int(p["rank"]),
            "accounts": len(pyr),
            "composite": p["composite"],
            "revenue_share": _share(f["revenue_12m"], book.kpis.loc["revenue_12m", "value"]),
            "revenue_rank": int((book.facts["revenue_12m"] > f["revenue_12m"]).sum()) + 1,
            "status": book.status.loc[cid]["status"],
            "first_purchase": _day(f["first_purchase"]),
            "last_purchase": _day(f["last_purchase"]),
        },
        name=cid,
        dtype="object",
    )


def _share(part: float, whole: float) -> float:
    """``part`` of ``whole`` (NaN unless the whole is positive)."""
    return float(part) / float(whole) if whole and float(whole) > 0 else float("nan")


def _receivables(book: BookTables, cid: str, buckets: Sequence[int]) -> tuple[pd.Series, pd.DataFrame]:
    """The customer's aging (zeros when it owes nothing) and its open items, earliest due first."""
    ag_all = book.aging
    zero = pd.Series(
        0.0,
        index=receivables.bucket_names(buckets)
        + ["total", "overdue", "max_days_past_due", "unapplied_credit", "disputed"],
    )
    ag = ag_all.loc[cid] if cid in ag_all.index else zero
    items = book.open_items
    items = items[items["customer_id"].astype("str") == cid].sort_values(["due_date", "invoice_date"])
    return ag, items


def _margin(book: BookTables, cid: str, spol: Mapping) -> pd.Series:
    """Revenue and margin of the last and previous 12 months, discount, cost to serve and profit,
    with the rank by profit among the customers with business (``profit_rank`` of ``profit_ranked``)
    and the share of all profit the ``most profitable`` class earns (``profit_top_share``)."""
    f = book.facts.loc[cid]
    prof = book.profitability.loc[cid]
    return pd.Series(
        {
            "revenue_12m": f["revenue_12m"],
            "revenue_prev_12m": f["revenue_prev_12m"],
            "growth": _change(f["revenue_12m"], f["revenue_prev_12m"]),
            "margin_12m": f["margin_12m"],
            "margin_rate_12m": _rate(f["margin_12m"], f["revenue_12m"]),
            "margin_prev_12m": f["margin_prev_12m"],
            "margin_rate_prev_12m": _rate(f["margin_prev_12m"], f["revenue_prev_12m"]),
            "discount_12m": f["discount_12m"],
            "cost_to_serve": prof["cost_to_serve"],
            "profit": prof["profit"],
            "profit_class": prof["profit_class"],
            "profit_rank": prof["whale_rank"],
            "profit_ranked": int(book.profitability["whale_rank"].notna().sum()),
            "profit_top_share": float(spol["most_profitable_share"]),
        },
        name=cid,
        dtype="object",
    )


def _credit(book: BookTables, cid: str, pol: Mapping) -> pd.Series:
    """Grade, limits, exposure and approval of the customer (its row of :func:`kamtools.credit.limits`),
    with the level of the ladder its limit's approver is on (``approved_by_level``, NA when on none)."""
    credit_cols = [
        "grade",
        "score",
        "previous_grade",
        "approved_limit",
        "approved_by",
        "approved_on",
        "collateral",
        "exposure",
        "peak_monthly_purchases",
        "utilization",
        "headroom",
        "overlimit",
        "overlimit_uncovered",
        "recommended_limit",
        "limit_change",
        "approval_level",
        "review_reasons",
        "terms_need",
        "payment_terms_days",
        "grace_days",
        "credit_days",
        "open_orders",
        "limit_reason",
        "action",
        "hold",
        "collect_first",
        "investigate",
        "assessed_on",
        "limit_rule",
        "statement_first",
        "statement_due",
        "statement_fallback",
        "cash_in_advance",
        "proposed_terms_days",
    ]
    row = book.limits.loc[cid]
    credit_s = row[credit_cols].rename(cid)
    # no usable statement: no solvency cap (the plan's risks); capped by solvency: above it, collateral (its route)
    # the arrears grade (grade_capped): the limit uses it while invoices past the hold days are open, not the scored one
    for optional in (
        "capped_by_starter", "capacity_cap", "capped_by_capacity", "capped_by_equity", "scored_grade", "grade_capped",
        "financials_usable", "starter_limit", "terms_shortened", "exception_stale_basis",
    ):  # fmt: skip
        credit_s[optional] = row.get(optional, float("nan"))
    held = book.holds.loc[cid] if cid in book.holds.index else None
    credit_s["hold_rules"] = "" if held is None else str(held["rules"])  # the hold list's rules, as the credit page
    credit_s["release_amount"] = float("nan") if held is None else float(held["release_amount"])
    credit_s["multiplier"] = pol["credit"]["limit"]["multiplier"].get(str(credit_s["grade"]), 0.0)
    credit_s["approved_on"] = _day(credit_s["approved_on"])
    credit_s["assessed_on"] = _day(credit_s["assessed_on"])
    by = credit_s["approved_by"]
    credit_s["approved_by_level"] = pd.NA if pd.isna(by) else credit.approver_level(str(by), pol)
    return credit_s


def _activities(data: KamData, cid: str, ts: pd.Timestamp) -> pd.DataFrame:
    """Activities of the last 12 months by type: count, hours, last date."""
    start = months_before(ts, 12)
    if data.has("activities"):
        act = facts.query(data, "portfolio_activities", customer_id=cid, start=start.date(), as_of=ts.date())
        act = act.set_index("type")  # most hours first, ties by count, then by type
    else:
        act = pd.DataFrame(columns=["activities", "hours", "last_date"], index=pd.Index([], name="type"))
    return act.astype({"activities": "int64", "hours": "float64"})


def _time(book: BookTables, cid: str, tier: str, act: pd.DataFrame, spol: Mapping) -> pd.Series:
    """Selling hours of the last 12 months against the account's share of its tier's time target."""
    summ = book.pyramid_summary
    total_hours = float(summ["hours"].sum())
    n_tier = int(summ.loc[tier, "accounts"]) if tier in summ.index else 0
    target_share = float(spol["time_targets"].get(tier, 0.0))
    target = target_share * total_hours / n_tier if n_tier else float("nan")
    hours = float(act["hours"].sum())
    return pd.Series(
        {
            "hours_12m": hours,
            "target_hours": target,
            "achieved": _rate(hours, target),
            "gap_hours": target - hours,
            "tier": tier,
            "tier_time_target": target_share,
            "tier_accounts": n_tier,
        },
        name=cid,
        dtype="object",
    )


def _relationship(book: BookTables, cid: str, c: pd.Series, spol: Mapping) -> pd.Series:
    """Relationship level on the ladder (its latest record, else the customers table's; its history:
    ``(date, level)`` pairs, oldest first) and the highest contact (and the next ones up),
    transactional or relational."""
    rel, now = book.relational.loc[cid], book.relationship_now
    state = _text(now.loc[cid, "relationship_state"] if cid in now.index else c.get("relationship_state"), "none")
    level = _text(c.get("relationship_level"), "none")
    hist = book.relationships[book.relationships["customer_id"] == cid]
    return pd.Series(
        {
            "relationship_state": state,
            "relationship_quality": now.loc[cid, "relationship_quality"] if cid in now.index else None,
            "ladder_history": list(zip(hist["date"].dt.date, hist["relationship_state"])),
            "relationship_level": level,
            "next_state": _next_up(state, spol["relationship_state_scores"], skip=("strained",)),
            "next_level": _next_up(level, spol["relationship_level_scores"]),
            "relationship_type": rel["relationship_type"],
            "discount_share": rel["discount_share"],
            "contribution": rel["contribution"],
        },
        name=cid,
        dtype="object",
    )


def _lifecycle(book: BookTables, cid: str) -> pd.Series:
    """Lifecycle stage and trend of the customer."""
    lc = book.lifecycle.loc[cid]
    return pd.Series(
        {
            "stage": lc["stage"],
            "trend": lc["trend"],
            "trend_note": lc["trend_note"],
            "revenue_12m": lc["revenue_12m"],
            "revenue_prev_12m": lc["revenue_prev_12m"],
        },
        name=cid,
        dtype="object",
    )


def _contacts(data: KamData, cid: str) -> pd.DataFrame:
    """The customer's contacts: name, role (and phone when recorded)."""
    if data.has("contacts"):
        con = data.customer_rows("contacts", cid)
        return con[[col for col in ("name", "role", "phone") if col in con.columns]].reset_index(drop=True)
    return pd.DataFrame(columns=["name", "role"])
