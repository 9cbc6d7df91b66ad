"""The text of an account plan: situation, objectives, actions and team, in rows of
(section, item, content), written from the parts of the profile :mod:`kamtools.account_plan`
assembles, and the supporting functions of a key-account team.

The plan reads the parts only; it computes nothing from the book.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from . import credit
from . import strategies as st
from .text import is_missing, num

__all__ = ["SUPPORT_FUNCTIONS"]


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


def _money(v: float) -> str:
    return f"{num(v):,.0f}"


def _pct(v: float) -> str:
    return f"{num(v):.0%}"


def _text(v: object, missing: str = "unknown") -> str:
    return missing if is_missing(v) or str(v) in ("", "nan", "None") else str(v)


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
        + _objectives(profile, margin, cr, ag, time, rel, stage, pol)
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
            f"{_text(profile['industry'])}, region {_text(profile['region'])}, ownership "
            f"{_text(profile['ownership'])}{emp_text}; "
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
            f"{st.TIERS[str(profile['tier'])].label}, rank {num(profile['rank'])} of {num(profile['accounts'])} accounts; "
            f"{st.LIFECYCLE[stage].label} stage, revenue {_money(rev)} over the last 12 months against "
            f"{_money(prev)} before; margin rate {_pct(margin['margin_rate_12m'])}; relationship "
            f"{_text(rel['relationship_state'])} at {_text(rel['relationship_level'])} level "
            f"({_text(rel['relationship_type'])}); "
            f"credit grade {_text(cr['grade'])}.",
        )
    )
    return rows


def revenue_target(profile: pd.Series, margin: pd.Series, stage: str, spol: Mapping) -> tuple[float, str]:
    """The revenue objective of the next 12 months and why: win back the previous 12 months in
    defense and hibernation, else grow by the growth stage threshold; at most the wallet."""
    rev, prev = float(margin["revenue_12m"]), float(margin["revenue_prev_12m"])
    growth = float(spol["lifecycle"]["growth_above"])
    if stage == "defense":
        target, why = prev, "win back the revenue of the previous 12 months"
    elif stage == "hibernation":
        target, why = prev, "reactivate the account"
    else:
        target, why = max(rev, 0.0) * (1 + growth), f"grow by {growth:.0%} (the growth stage threshold)"
    wallet = _wallet(profile)
    return (min(target, wallet) if wallet else target), why


def objective_need(target: float, cr: pd.Series) -> float:
    """The credit a revenue objective uses: its monthly purchases (``target`` / 12) for the
    customer's payment terms and grace days (``credit_days`` / 30), plus its open orders: the
    terms need of :func:`kamtools.credit.limits` at the objective's pace."""
    return float(credit.terms_need(_f(target) / 12, _f(cr["credit_days"]), _f(cr["open_orders"])))


def _f(v: object) -> float:
    """A number of the profile, missing counted as 0."""
    return 0.0 if is_missing(v) else float(v)


def credit_for_objective(target: float, cr: pd.Series, pol: Mapping) -> str:
    """Whether the recommended limit carries the revenue objective; when it does not, the
    options that would (collateral, shorter terms, a higher limit and who approves it, a
    smaller objective): never two numbers that contradict each other without a word."""
    need, limit = objective_need(target, cr), _f(cr["recommended_limit"])
    orders, days = _f(cr["open_orders"]), _f(cr["credit_days"])
    said = (
        f"the objective uses about {_money(need)} of credit ({_money(target / 12)} a month for "
        f"{_money(days)} days of terms and grace, plus open orders {_money(orders)})"
    )
    if not is_missing(cr["hold"]) and bool(cr["hold"]):
        return f"{said}; no growth on credit while the account is on hold: {_text(cr['limit_reason'])}."
    if need <= limit:
        return f"{said}; the recommended limit {_money(limit)} carries it."
    haircut = float(pol["credit"]["limit"]["collateral_haircut"])
    monthly = _f(target) / 12
    terms = (limit - orders) * 30 / monthly - _f(cr["grace_days"]) if monthly > 0 else 0.0
    carried = max(limit - orders, 0.0) * 12 * 30 / days if days > 0 else 0.0
    level = credit.approval_level(need, _f(cr["approved_limit"]), pol, current_approver=_text(cr["approved_by"], ""))
    approver = credit.level_names(pol).get(level, ("level the limit needs",))[0].lower()
    options = [
        f"collateral of {_money((need - limit) / (1 - haircut))} (counted at {_pct(1 - haircut)})"
        if haircut < 1
        else "",
        f"payment terms of {_money(terms)} days instead of {_money(cr['payment_terms_days'])}" if terms >= 1 else "",
        f"a limit of {_money(need)} approved by the {approver} after a new credit investigation",
        f"a smaller objective of {_money(carried)}, what the recommended limit carries",
    ]
    return (
        f"{said}, more than the recommended limit {_money(limit)} ({_text(cr['limit_reason'])}); "
        "to carry it, choose " + "; or ".join(o for o in options if o) + "."
    )


def _objectives(
    profile: pd.Series,
    margin: pd.Series,
    cr: pd.Series,
    ag: pd.Series,
    time: pd.Series,
    rel: pd.Series,
    stage: str,
    pol: Mapping,
) -> list[_Row]:
    """Revenue (and the credit it needs), relationship, selling time, credit and receivables objectives."""
    spol = pol["segments"]
    rows: list[_Row] = []
    target, why = revenue_target(profile, margin, stage, spol)
    wallet = _wallet(profile)
    rows.append(
        (
            "objectives",
            "revenue",
            f"{_money(target)} over the next 12 months ({why})"
            + (f", {_pct(target / wallet)} share of wallet." if wallet else "."),
        )
    )
    rows.append(("objectives", "credit for the revenue objective", credit_for_objective(target, cr, pol)))
    nxt_level, nxt_state = rel["next_level"], rel["next_state"]
    rel_goal = []
    if nxt_level:
        rel_goal.append(f"reach the {nxt_level} level (now {_text(rel['relationship_level'])})")
    if nxt_state:
        rel_goal.append(f"move the relationship to {nxt_state} (now {_text(rel['relationship_state'])})")
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
            f"collect the overdue {_money(ag['overdue'])} (oldest {_money(ag['max_days_past_due'])} days past due)"
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
            f"{_money(cr['recommended_limit'])} (approval: {_text(cr['approval_level'])})"
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
                f"plan about {num(gap / 12):,.1f} more hours a month of visits and meetings to reach the time target.",
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
                f"{_money(cr['recommended_limit'])} with the {_text(cr['approval_level'])}.",
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
            f"{_text(profile['account_manager'])}: owns the plan and the relationship, leads the team, "
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
