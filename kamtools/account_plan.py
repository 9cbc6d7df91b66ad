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
>>> a = account_profile(data, default_account(data, "2026-10-31"), "2026-10-31")
>>> a.profile["tier"], list(a.plan["section"].unique())
('key', ['situation', 'objectives', 'actions', 'team'])
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from . import credit, facts, receivables
from . import segments as seg
from . import strategies as st
from .periods import AsOf, as_date, as_timestamp, months_before
from .policy import load_policy
from .portfolio import TREND_MONTHS, PolicyLike, _change, _rate, _source, monthly
from .store import KamData

__all__ = [
    "AccountProfile",
    "BOOK_TABLES",
    "BookTables",
    "SUPPORT_FUNCTIONS",
    "account_profile",
    "book_tables",
    "default_account",
]

#: The functions that support a key-account team, with what each brings to the plan.
SUPPORT_FUNCTIONS: dict[str, str] = {
    "sales": "direct-sales manager: senior contacts, pricing and agreements, approval of limit changes at that level",
    "logistics": "delivery reliability, lead times and stock held for the account",
    "manufacturing": "capacity, quality and changes of specification for the account's products",
    "R&D": "joint development, samples and technical answers to the customer's engineers",
    "marketing": "market information on the customer's industry and competitors, events and references",
    "finance": "credit grade and limit, invoicing, collection of what falls due",
    "customer service": "orders, complaints and returns; the first contact of the customer's buyers",
}


# ============================================================================ book tables
#: The book-level tables an account plan reads, computed once per report run.
BOOK_TABLES = (
    "facts",
    "pyramid",
    "status",
    "lifecycle",
    "relational",
    "profitability",
    "limits",
    "aging",
    "open_items",
    "pyramid_summary",
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


def book_tables(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> BookTables:
    """Compute the book-level tables of the account plans at ``as_of`` (one pass over the book).

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
    tables = {
        "facts": seg.customer_facts(data, ts),
        "pyramid": pyr,
        "status": seg.status(data, ts, pol),
        "lifecycle": seg.lifecycle(data, ts, pol),
        "relational": seg.relational(data, ts, pol),
        "profitability": seg.profitability(data, ts, pol),
        "limits": credit.limits(data, ts.date(), pol),
        "aging": receivables.aging(ledger, ts.date(), pol["receivables"]["buckets"]),
        "open_items": ledger.open_items,
        "pyramid_summary": seg.pyramid_summary(pyr, data, ts, pol),
    }
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
    plan: pd.DataFrame = field(repr=False)


def default_account(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> str:
    """The first key account: the key account with the largest revenue of the last 12 months.

    The order of :func:`kamtools.report.select_accounts` (revenue, then composite).
    Raises ``ValueError`` when the book has no key account.
    """
    tiers = seg.pyramid(_source(data), as_of, policy)
    key = tiers[(tiers["tier"] == "key") & (tiers["kind"] == "customer")]
    if key.empty:
        raise ValueError("the book has no key account: give a customer_id")
    return str(key.sort_values(["revenue_12m", "composite"], ascending=False, kind="mergesort").index[0])


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


def _money(v: float) -> str:
    return "n/a" if v is None or pd.isna(v) else f"{v:,.0f}"


def _pct(v: float) -> str:
    return "n/a" if v is None or pd.isna(v) else f"{v:.0%}"


def _text(v: object, missing: str = "unknown") -> str:
    return missing if v is None or (not isinstance(v, str) and pd.isna(v)) or str(v) in ("", "nan", "None") else str(v)


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
    * ``aging`` and ``open_items`` -- open receivables by bucket and the open invoices;
    * ``activities`` -- activities of the last 12 months by type (count, hours, last date);
    * ``time`` -- selling hours of the last 12 months against the account's time target:
      the tier's share of all selling time (``segments.time_targets``) spread evenly over
      the accounts of the tier;
    * ``relationship`` -- relationship state and level, transactional or relational;
    * ``lifecycle`` -- stage and trend;
    * ``strategies`` -- the strategy for its tier, status, lifecycle stage and relationship type;
    * ``contacts`` -- the customer's contacts;
    * ``plan`` -- the account plan (section, item, content): situation (customer,
      competitors, our position), objectives, actions and team (the account manager and
      the supporting functions of :data:`SUPPORT_FUNCTIONS`).

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
    profile = _profile(book, cid, c)
    ag, items = _receivables(book, cid, pol["receivables"]["buckets"])
    trend = monthly(data, ts, TREND_MONTHS, customer_id=cid)
    margin = _margin(book, cid)
    credit_s = _credit(book, cid)
    act = _activities(data, cid, ts)
    time = _time(book, cid, str(profile["tier"]), act, spol)
    relationship = _relationship(book, cid, c, spol)
    lifecycle = _lifecycle(book, cid)
    strategies = _strategies(
        str(profile["tier"]), profile["status"], lifecycle["stage"], relationship["relationship_type"]
    )
    contacts = _contacts(data, cid)

    plan = _plan(profile, margin, credit_s, ag, time, relationship, lifecycle, act, contacts, pol)
    return AccountProfile(
        customer_id=cid,
        name=profile["name"],
        as_of=ts.date(),
        profile=profile,
        trend=trend,
        margin=margin,
        credit=credit_s,
        aging=ag.rename(cid),
        open_items=items,
        activities=act,
        time=time,
        relationship=relationship,
        lifecycle=lifecycle,
        strategies=strategies,
        contacts=contacts,
        plan=plan,
    )


# ---------------------------------------------------------------------------- parts of the profile
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
            "status": book.status.loc[cid]["status"],
            "first_purchase": _day(f["first_purchase"]),
            "last_purchase": _day(f["last_purchase"]),
        },
        name=cid,
        dtype="object",
    )


def _receivables(book: BookTables, cid: str, buckets: Sequence[int]) -> tuple[pd.Series, pd.DataFrame]:
    """The customer's aging (zeros when it owes nothing) and its open items, earliest due first."""
    ag_all = book.aging
    zero = pd.Series(
        0.0, index=receivables.bucket_names(buckets) + ["total", "overdue", "max_days_past_due", "unapplied_credit"]
    )
    ag = ag_all.loc[cid] if cid in ag_all.index else zero
    items = book.open_items
    items = items[items["customer_id"].astype("str") == cid].sort_values(["due_date", "invoice_date"])
    return ag, items


def _margin(book: BookTables, cid: str) -> pd.Series:
    """Revenue and margin of the last and previous 12 months, discount, cost to serve and profit."""
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
        },
        name=cid,
        dtype="object",
    )


def _credit(book: BookTables, cid: str) -> pd.Series:
    """Grade, limits, exposure and approval of the customer (its row of :func:`kamtools.credit.limits`)."""
    credit_cols = [
        "grade",
        "score",
        "previous_grade",
        "approved_limit",
        "approved_by",
        "approved_on",
        "collateral",
        "exposure",
        "utilization",
        "headroom",
        "overlimit",
        "overlimit_uncovered",
        "recommended_limit",
        "limit_change",
        "approval_level",
        "review_reasons",
    ]
    credit_s = book.limits.loc[cid][credit_cols].rename(cid)
    credit_s["approved_on"] = _day(credit_s["approved_on"])
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
    """Relationship state and level (and the next ones up), transactional or relational."""
    rel = book.relational.loc[cid]
    state, level = _text(c.get("relationship_state"), "none"), _text(c.get("relationship_level"), "none")
    return pd.Series(
        {
            "relationship_state": state,
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


def _strategies(tier: str, status: str, stage: str, relationship_type: str) -> pd.DataFrame:
    """The strategy for the tier, status, lifecycle stage and relationship type."""
    return pd.DataFrame(
        {
            "segment": [
                st.TIERS[tier].label,
                st.STATUS[status].label,
                st.LIFECYCLE[stage].label,
                st.RELATIONAL[relationship_type].label,
            ],
            "strategy": [
                st.TIERS[tier].text,
                st.STATUS[status].text,
                st.LIFECYCLE[stage].text,
                st.RELATIONAL[relationship_type].text,
            ],
        },
        index=pd.Index(["tier", "status", "lifecycle", "relationship type"], name="concept"),
    )


def _contacts(data: KamData, cid: str) -> pd.DataFrame:
    """The customer's contacts: name, role (and phone when recorded)."""
    if data.has("contacts"):
        con = data.customer_rows("contacts", cid)
        return con[[col for col in ("name", "role", "phone") if col in con.columns]].reset_index(drop=True)
    return pd.DataFrame(columns=["name", "role"])


# ---------------------------------------------------------------------------- the plan
_Row = tuple[str, str, str]


def _plan(
    profile: pd.Series,
    margin: pd.Series,
    cr: pd.Series,
    ag: pd.Series,
    time: pd.Series,
    rel: pd.Series,
    lc: pd.Series,
    act: pd.DataFrame,
    contacts: pd.DataFrame,
    pol: dict,
) -> pd.DataFrame:
    """The account plan: situation, objectives, actions, team (rows of section, item, content)."""
    stage = str(lc["stage"])
    rows = (
        _situation(profile, margin, cr, rel, stage, contacts)
        + _objectives(profile, margin, cr, ag, time, rel, stage, pol["segments"])
        + _actions(profile, cr, ag, time, rel, stage, act)
        + _team(profile, cr, ag)
    )
    return pd.DataFrame(rows, columns=["section", "item", "content"])


def _wallet(profile: pd.Series) -> float | None:
    """The customer's wallet estimate, None unless positive."""
    wallet = profile["wallet_estimate"]
    return float(wallet) if wallet is not None and not pd.isna(wallet) and float(wallet) > 0 else None


def _situation(
    profile: pd.Series, margin: pd.Series, cr: pd.Series, rel: pd.Series, stage: str, contacts: pd.DataFrame
) -> list[_Row]:
    """The customer, the competitors (from the share of wallet) and our position."""
    rows: list[_Row] = []
    rev, prev = float(margin["revenue_12m"]), float(margin["revenue_prev_12m"])
    wallet = _wallet(profile)
    roles = ", ".join(sorted(set(contacts["role"].astype("str")))) if len(contacts) else "none recorded"
    emp = profile["employees"]
    emp_text = f", {int(emp):,} employees" if emp is not None and not pd.isna(emp) else ""
    since = profile["first_purchase"]
    since_text = f"buying from us since {pd.Timestamp(since).date()}" if pd.notna(since) else "not buying yet"
    rows.append(
        (
            "situation",
            "customer",
            f"{profile['industry']}, region {profile['region']}, ownership {profile['ownership']}{emp_text}; "
            f"{since_text}. Contacts: {len(contacts)} ({roles}).",
        )
    )
    if wallet:
        sow = min(max(rev, 0.0) / wallet, 1.0)
        rows.append(
            (
                "situation",
                "competitors",
                f"estimated yearly purchases in our category {_money(wallet)}: we supplied {_money(rev)} "
                f"({_pct(sow)} share of wallet), competitors about {_money(max(wallet - max(rev, 0.0), 0.0))} "
                f"({_pct(1 - sow)}). Name the main competitors and their position with the customer.",
            )
        )
    else:
        rows.append(
            (
                "situation",
                "competitors",
                "no wallet estimate: ask the customer for its yearly purchases in our category and who else "
                "supplies it, and record the estimate (customers.wallet_estimate).",
            )
        )
    rows.append(
        (
            "situation",
            "our position",
            f"{st.TIERS[str(profile['tier'])].label}, rank {profile['rank']} of {profile['accounts']} accounts; "
            f"{st.LIFECYCLE[stage].label} stage, revenue {_money(rev)} over the last 12 months against "
            f"{_money(prev)} before; margin rate {_pct(margin['margin_rate_12m'])}; relationship "
            f"{rel['relationship_state']} at {rel['relationship_level']} level ({rel['relationship_type']}); "
            f"credit grade {_text(cr['grade'])}.",
        )
    )
    return rows


def _objectives(
    profile: pd.Series,
    margin: pd.Series,
    cr: pd.Series,
    ag: pd.Series,
    time: pd.Series,
    rel: pd.Series,
    stage: str,
    spol: Mapping,
) -> list[_Row]:
    """Revenue, relationship, selling time, credit and receivables objectives."""
    rows: list[_Row] = []
    rev, prev = float(margin["revenue_12m"]), float(margin["revenue_prev_12m"])
    wallet = _wallet(profile)
    growth = float(spol["lifecycle"]["growth_above"])
    if stage == "defense":
        target = prev
        why = "win back the revenue of the previous 12 months"
    elif stage == "hibernation":
        target = prev
        why = "reactivate the account"
    else:
        target = max(rev, 0.0) * (1 + growth)
        why = f"grow by {growth:.0%} (the growth stage threshold)"
    if wallet:
        target = min(target, wallet)
    rows.append(
        (
            "objectives",
            "revenue",
            f"{_money(target)} over the next 12 months ({why})"
            + (f", {_pct(target / wallet)} share of wallet." if wallet else "."),
        )
    )
    nxt_level, nxt_state = rel["next_level"], rel["next_state"]
    rel_goal = []
    if nxt_level:
        rel_goal.append(f"reach the {nxt_level} level (now {rel['relationship_level']})")
    if nxt_state:
        rel_goal.append(f"move the relationship to {nxt_state} (now {rel['relationship_state']})")
    rows.append(
        (
            "objectives",
            "relationship",
            "; ".join(rel_goal) + "." if rel_goal else "keep the strategic alliance at senior-team level.",
        )
    )
    rows.append(
        (
            "objectives",
            "selling time",
            f"{_money(time['target_hours'])} hours a year on the account (its share of the "
            f"{st.TIERS[str(time['tier'])].term} time target of {_pct(time['tier_time_target'])}); "
            f"{_money(time['hours_12m'])} hours over the last 12 months.",
        )
    )
    credit_goal = []
    if float(ag["overdue"]) > 0:
        credit_goal.append(
            f"collect the overdue {_money(ag['overdue'])} (oldest {int(ag['max_days_past_due'])} days past due)"
        )
    if float(cr["overlimit"]) > 0:
        credit_goal.append(
            f"bring exposure {_money(cr['exposure'])} within the approved limit "
            f"{_money(cr['approved_limit'])} (cash or collateral for the "
            f"{_money(cr['overlimit'])} above)"
        )
    if float(cr["limit_change"]) != 0:
        credit_goal.append(
            f"move the limit from {_money(cr['approved_limit'])} to the recommended "
            f"{_money(cr['recommended_limit'])} (approval: {cr['approval_level']})"
        )
    rows.append(
        (
            "objectives",
            "credit and receivables",
            "; ".join(credit_goal) + "." if credit_goal else "keep paying on time and within the limit.",
        )
    )
    return rows


def _actions(
    profile: pd.Series, cr: pd.Series, ag: pd.Series, time: pd.Series, rel: pd.Series, stage: str, act: pd.DataFrame
) -> list[_Row]:
    """The strategies to follow and the actions the figures call for."""
    rows: list[_Row] = []
    nxt_level = rel["next_level"]
    rows.append(("actions", "tier strategy", st.TIERS[str(profile["tier"])].text))
    rows.append(("actions", "lifecycle", st.LIFECYCLE[stage].text))
    gap = float(time["gap_hours"]) if not pd.isna(time["gap_hours"]) else 0.0
    if gap > 0:
        rows.append(
            (
                "actions",
                "selling time",
                f"plan about {gap / 12:,.1f} more hours a month of visits and meetings to reach the time target.",
            )
        )
    if nxt_level:
        rows.append(
            (
                "actions",
                "relationship",
                f"meet the customer's {nxt_level} with our senior management; "
                "map the decision makers and their interests.",
            )
        )
    if float(ag["overdue"]) > 0:
        rows.append(
            (
                "actions",
                "collection",
                "call the customer's finance contact about the overdue invoices "
                "and agree on a payment date; record the promise.",
            )
        )
    if float(cr["limit_change"]) > 0:
        rows.append(
            (
                "actions",
                "credit limit",
                f"file the credit forms for the increase to "
                f"{_money(cr['recommended_limit'])} with the {cr['approval_level']}.",
            )
        )
    complaints = int(act.loc["complaint", "activities"]) if "complaint" in act.index else 0
    if complaints:
        rows.append(
            (
                "actions",
                "service",
                f"review the {complaints} complaint(s) of the last 12 months with "
                "customer service and close each one with the customer.",
            )
        )
    return rows


def _team(profile: pd.Series, cr: pd.Series, ag: pd.Series) -> list[_Row]:
    """The account manager and the supporting functions of :data:`SUPPORT_FUNCTIONS`."""
    rows: list[_Row] = [
        (
            "team",
            "account manager",
            f"{profile['account_manager']}: owns the plan and the relationship, leads the team, "
            "reviews the plan with the customer each quarter.",
        )
    ]
    for function, role in SUPPORT_FUNCTIONS.items():
        if function == "finance":
            role = (
                f"{role} (grade {_text(cr['grade'])}, limit {_money(cr['approved_limit'])}, "
                f"exposure {_money(cr['exposure'])}, overdue {_money(ag['overdue'])})"
            )
        rows.append(("team", function, role))
    return rows
