"""The rules of the recommended limit, on one row of facts per customer (no data access).

:func:`recommend` turns what is known of each customer (purchases, payment terms, open
orders, financial statement, grade, current limit, exposure, arrears, collateral, date of
the qualitative assessment) into the recommended limit and the rule that set it, by the
``credit.limit`` section of the policy:

1. **need** ``terms_need = monthly purchases × (payment terms + grace days) / 30 +
   open orders``; the monthly purchases are the average over the months the customer
   bought in the window (``need_basis: average``) or the highest average of
   ``peak_months`` consecutive months (``peak``);
2. **risk**: the grade's ``multiplier`` on the need;
3. **capacity**: at most ``capacity.equity_share`` of equity and
   ``capacity.working_capital_share`` of working capital by grade (the lesser or the
   greater of the two, ``capacity.combine``), from a statement no older than
   ``capacity.financials_max_months``; without one there is no capacity cap, and that is
   said;
4. **new accounts** (no purchases in the window, or no usable statement): need ×
   multiplier, at most the grade's ``initial_limit`` (that amount when there is no need);
5. **collateral** backs a secured part at its value less ``collateral_haircut``, up to
   what the need leaves uncovered;
6. **rounding** to the nearest ``rounding``, a positive limit never below ``minimum``;
7. **evidence**: a qualitative assessment older than ``credit.review.
   assessment_older_than_months`` (or none) changes nothing: *investigate first*, the
   current limit stays;
8. **hold**: an invoice more than ``hold_days_past_due`` days past due: no increase and no
   grade upgrade while it is open;
9. **steps**: a decrease beyond ``plan_decrease_share`` of the current limit, or to below
   the exposure, needs a plan (collect first, then reduce);
10. **override**: an analyst's limit in force (the optional ``credit_overrides`` table,
    ``override_limit``) replaces the rules' proposal, with its reason and approver; no
    investigation is asked while it is in force, but the hold still allows no increase;
11. **not rated** (grade NR, too few items known): ``credit.not_rated.limit_rule`` says
    what the limit is: ``investigate`` (the current limit stays until rated), ``initial``
    (the terms need, at most ``credit.not_rated.initial_limit``) or ``zero`` (cash until rated).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..money import round_half_up
from ..policy import load_policy
from ._common import NOT_RATED

#: What each ``limit_rule`` says set the recommended limit (the head of ``limit_reason``).
LIMIT_RULES: dict[str, str] = {
    "investigate": "stale or missing assessment: the current limit stays until a new investigation",
    "hold": "invoice past the hold days: collect, no increase while it is open",
    "initial": "new account (no purchases in the window, or no usable statement and no limit yet): initial limit",
    "capacity": "capped by the capacity (shares of equity and working capital)",
    "grade": "the grade's multiplier on the terms need",
    "need": "the terms need",
    "collateral": "the terms need, partly secured by collateral",
    "override": "an analyst's override (credit_overrides): the limit decided, with its reason and approver",
    "not_rated": "not rated (too few items known): the policy's limit for customers not rated",
}

#: Values of ``action``, most urgent first.
ACTIONS = ("hold", "investigate", "reduce_with_plan", "decrease", "increase", "keep")


def _amount(values: pd.Series) -> pd.Series:
    """Amounts as short text, vectorised, halves rounded up: ``1.35 M``, ``785 k``, ``31.5 k``, ``670``."""
    if values.empty:  # numpy's text functions cannot size an empty result
        return pd.Series([], index=values.index, dtype="str")
    v = values.astype(float).fillna(0.0).to_numpy()
    a = np.abs(v)

    def half_up(x: np.ndarray, decimals: int) -> np.ndarray:  # 1.25 k reads 1.3 k, as money rounds
        return np.sign(x) * np.floor(np.abs(x) * 10**decimals + 0.5 + 1e-9) / 10**decimals

    text = np.select(
        [a >= 999_500, a >= 99_950, a >= 1_000],
        [
            np.char.mod("%.2f M", half_up(v / 1e6, 2)),
            np.char.mod("%.0f k", half_up(v / 1e3, 0)),
            np.char.replace(np.char.mod("%.1f k", half_up(v / 1e3, 1)), ".0 k", " k"),
        ],
        np.char.mod("%.0f", half_up(v, 0)),
    )
    return pd.Series(text, index=values.index, dtype="str")


def _whole(values: pd.Series) -> pd.Series:
    return pd.Series(np.char.mod("%d", values.astype(float).fillna(0).to_numpy()), index=values.index, dtype="str")


def _pct(values: pd.Series) -> pd.Series:
    return pd.Series(
        np.char.mod("%g %%", np.round(values.astype(float).fillna(0).to_numpy() * 100, 1)), index=values.index
    )


def _join(*parts: pd.Series) -> pd.Series:
    """Non-empty parts joined by ``"; "`` row by row (vectorised)."""
    out = parts[0].astype("str")
    for p in parts[1:]:
        p = p.astype("str")
        out = out.where((p == "") | (out == ""), out + "; ") + p
    return out


def _by_grade(grade: pd.Series, table: Mapping[str, float]) -> pd.Series:
    return grade.map({g: float(v) for g, v in table.items()}).astype(float)


def terms_need(monthly_purchases: Any, credit_days: Any, open_orders: Any) -> Any:
    """The credit a customer's normal business uses: its monthly purchases for its payment
    terms and grace days (``credit_days`` / 30), plus its open orders, to the cent (amounts or
    arrays of them).

    >>> float(terms_need(90_000, 40, 10_000))
    130000.0
    """
    return round_half_up(monthly_purchases * credit_days / 30.0 + open_orders)


def _need(f: pd.DataFrame, lim: Mapping) -> pd.DataFrame:
    """Payment terms, the monthly purchases the need starts from and the terms need."""
    out = pd.DataFrame(index=f.index)
    terms = f["payment_terms_days"].astype(float)
    out["payment_terms_days"] = terms.fillna(float(lim["payment_terms_days"])).astype("int64")
    out["grace_days"] = int(lim["grace_days"])
    out["credit_days"] = out["payment_terms_days"] + out["grace_days"]
    col = "avg_monthly_purchases" if lim["need_basis"] == "average" else "peak_monthly_purchases"
    out["need_purchases"] = f[col].astype(float).fillna(0.0).clip(lower=0.0)
    orders = f["open_orders"].astype(float).fillna(0.0).clip(lower=0.0)
    out["terms_need"] = terms_need(out["need_purchases"], out["credit_days"], orders)
    return out


def _withheld_grade(f: pd.DataFrame, hold: pd.Series, grades: list[str]) -> tuple[pd.Series, pd.Series]:
    """The grade the limit uses: no upgrade while on hold (the previous grade stays)."""
    rank = {g: i for i, g in enumerate(grades)}
    now = f["grade"].map(rank)
    before = f["previous_grade"].map(rank) if "previous_grade" in f else pd.Series(np.nan, index=f.index)
    withheld = hold & now.notna() & before.notna() & (now < before)
    grade = f["grade"].where(~withheld, f["previous_grade"] if "previous_grade" in f else f["grade"])
    return grade.astype("object"), withheld.astype(bool)


def _capacity(f: pd.DataFrame, grade: pd.Series, lim: Mapping, as_of: pd.Timestamp) -> pd.DataFrame:
    """The capacity cap from the latest usable statement (NaN: no cap)."""
    cap = lim["capacity"]
    out = pd.DataFrame(index=f.index)
    fin_on = pd.to_datetime(f["financials_on"])
    oldest = as_of - pd.DateOffset(months=int(cap["financials_max_months"]))
    out["financials_usable"] = (fin_on.notna() & (fin_on >= oldest)).astype(bool)
    use = out["financials_usable"]
    equity = f["equity"].astype(float).where(use)
    wc = f["working_capital"].astype(float).where(use)
    out["equity_cap"] = round_half_up((_by_grade(grade, cap["equity_share"]) * equity).clip(lower=0.0))
    out["working_capital_cap"] = round_half_up((_by_grade(grade, cap["working_capital_share"]) * wc).clip(lower=0.0))
    pick = np.fmin if cap["combine"] == "lesser" else np.fmax
    out["capacity_cap"] = pd.Series(pick(out["equity_cap"], out["working_capital_cap"]), index=f.index)
    out["capacity_basis"] = pd.Series(
        np.where(out["capacity_cap"] == out["equity_cap"], "equity", "working capital"), index=f.index, dtype="str"
    ).where(out["capacity_cap"].notna(), "")
    return out


def _proposed(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.DataFrame:
    """The limit the rules propose before the evidence, hold and step rules: risk, capacity,
    initial limit, collateral, rounding."""
    grade = out["grade"]
    out["multiplier"] = _by_grade(grade, lim["multiplier"])
    out["months_of_purchases"] = out["multiplier"] * out["credit_days"] / 30.0
    out["risk_limit"] = round_half_up(out["terms_need"] * out["multiplier"])
    approved = f["approved_limit"].astype(float).fillna(0.0)
    out["new_account"] = ((f["months_bought"].fillna(0) <= 0) | (~out["financials_usable"] & (approved <= 0))).astype(
        bool
    )
    starter = _by_grade(grade, lim["initial_limit"])
    out["initial_limit"] = starter.where(out["new_account"])
    initial = out["risk_limit"].where(out["terms_need"] > 0, starter).clip(upper=starter)
    base = out["risk_limit"].where(~out["new_account"], initial).fillna(0.0)
    cap = out["capacity_cap"]
    unsecured = base.where(cap.isna() | (base <= cap), cap)
    out["capped_by_capacity"] = (cap.notna() & (base > cap)).astype(bool)
    out["capped_by_equity"] = out["capped_by_capacity"] & (out["capacity_basis"] == "equity")
    out["unsecured_limit"] = unsecured
    collateral = f["collateral"].astype(float).fillna(0.0).clip(lower=0.0)
    room = (np.maximum(out["terms_need"], base) - unsecured).clip(lower=0.0)
    out["secured_limit"] = round_half_up(np.minimum(collateral * (1.0 - float(lim["collateral_haircut"])), room))
    raw = unsecured + out["secured_limit"]
    step = float(lim["rounding"])
    rounded = np.floor(raw / step + 0.5 + 1e-9) * step
    out["raised_to_minimum"] = ((raw > 0) & (rounded < float(lim["minimum"]))).astype(bool)
    out["proposed_limit"] = rounded.where(~out["raised_to_minimum"], float(lim["minimum"])).astype(float)
    return out


def recommend(facts: pd.DataFrame, as_of: Any, policy: Any = None) -> pd.DataFrame:
    """The recommended limit of each customer and the rule that set it (see the module).

    ``facts`` has one row per customer with ``grade`` (and ``previous_grade``),
    ``avg_monthly_purchases``, ``peak_monthly_purchases``, ``months_bought``,
    ``payment_terms_days`` (empty: the policy's default), ``open_orders``, ``equity``,
    ``working_capital``, ``financials_on`` (date of the latest statement, empty: none),
    ``approved_limit``, ``collateral``, ``exposure``, ``max_days_past_due``,
    ``arrears`` (open amount past the hold days), ``provision`` and ``assessed_on``.

    Returns a new frame on the same index: the grade the limit uses (``grade``, an upgrade
    withheld while on hold: ``upgrade_withheld``), the terms and ``terms_need``, the
    ``multiplier``, the capacity caps, ``new_account`` and ``initial_limit``, the secured
    part, ``recommended_limit``, ``limit_rule`` (a key of :data:`LIMIT_RULES`),
    ``limit_reason`` (readable, never empty), ``hold``, ``investigate`` with
    ``missing_evidence``, ``needs_plan`` with ``collect_first``, ``action`` (one of
    :data:`ACTIONS`), ``below_need`` (more than half a rounding step below the terms need)
    and ``below_need_rule``.

    Examples
    --------
    One customer buying 30,000 a month on 30-day terms (+10 grace days), grade BBB
    (multiplier 1.1), equity 1 M, working capital 400,000, limit 20,000, assessed last month:
    terms need 30,000 × 40 / 30 = 40,000; × 1.1 = 44,000; capacity max(10 % × 1 M,
    25 % × 400,000) = 100,000 does not bind.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"grade": ["BBB"], "previous_grade": ["BBB"], "avg_monthly_purchases": [30000.0],
    ...     "peak_monthly_purchases": [45000.0], "months_bought": [12], "payment_terms_days": [30],
    ...     "open_orders": [0.0], "equity": [1e6], "working_capital": [4e5],
    ...     "financials_on": [pd.Timestamp("2025-12-31")], "approved_limit": [20000.0], "collateral": [0.0],
    ...     "exposure": [15000.0], "max_days_past_due": [0], "arrears": [0.0], "provision": [0.0],
    ...     "assessed_on": [pd.Timestamp("2026-08-31")]}, index=["C1"])
    >>> r = recommend(f, "2026-09-30").loc["C1"]
    >>> float(r["terms_need"]), float(r["recommended_limit"]), r["action"]
    (40000.0, 44000.0, 'increase')
    >>> r["limit_reason"]
    'grade BBB: 110 % of terms need 40 k (30 k a month × 30+10 days)'
    """
    pol = load_policy(policy)
    lim = pol["credit"]["limit"]
    as_of_ts = pd.Timestamp(as_of)
    grades = list(pol["credit"]["grades"])
    out = _need(facts, lim)
    out["max_days_past_due"] = facts["max_days_past_due"].astype(float).fillna(0.0)
    out["hold"] = (out["max_days_past_due"] > int(lim["hold_days_past_due"])).astype(bool)
    out["grade"], out["upgrade_withheld"] = _withheld_grade(facts, out["hold"], grades)
    out = out.join(_capacity(facts, out["grade"], lim, as_of_ts))
    out = _proposed(facts, out, lim)
    out = _judged(facts, out, pol)
    out = _evidence(facts, out, pol, as_of_ts)
    out = _decide(facts, out, lim)
    out["limit_reason"] = _reasons(facts, out, lim)
    return out.drop(columns=["max_days_past_due"])


def _evidence(f: pd.DataFrame, out: pd.DataFrame, pol: Mapping, as_of: pd.Timestamp) -> pd.DataFrame:
    """``investigate`` (stale or missing assessment, or no grade) and what is missing."""
    months = int(pol["credit"]["review"]["assessment_older_than_months"])
    assessed = pd.to_datetime(f["assessed_on"])
    stale = assessed.notna() & (assessed < as_of - pd.DateOffset(months=months))
    never = assessed.isna()
    no_grade = out["grade"].isna()
    unrated = out["not_rated"] & (pol["credit"]["not_rated"]["limit_rule"] == "investigate")
    missing = pd.Series(
        np.select(
            [never, stale, no_grade, unrated],
            [
                "never assessed",
                "assessment of " + assessed.dt.strftime("%Y-%m-%d").fillna("") + f" is over {months} months old",
                "no grade",
                _unrated_text(f, pol),
            ],
            "",
        ),
        index=f.index,
        dtype="str",
    )
    no_fin = pd.Series(np.where(out["financials_usable"], "", "no usable financial statement"), index=f.index)
    out["investigate"] = ((never | stale | no_grade | unrated) & ~out["overridden"]).astype(bool)
    out["missing_evidence"] = _join(missing, no_fin.where(out["investigate"], ""))
    return out


def _decide(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.DataFrame:
    """The recommended limit after the evidence, hold and step rules, and the action."""
    approved = f["approved_limit"].astype(float).fillna(0.0)
    exposure = f["exposure"].astype(float).fillna(0.0)
    proposed = out["proposed_limit"]
    rec = proposed.where(~out["hold"], np.minimum(proposed, approved))
    rec = rec.where(~out["investigate"], approved)
    out["recommended_limit"] = rec.astype(float)
    cut = approved - rec
    out["needs_plan"] = (
        (cut > 0) & ((cut > float(lim["plan_decrease_share"]) * approved + 1e-9) | (rec < exposure))
    ).astype(bool)
    out["collect_first"] = (exposure - rec).clip(lower=0.0).where(out["needs_plan"], 0.0)
    out["action"] = pd.Series(
        np.select(
            [out["hold"], out["investigate"], out["needs_plan"], rec < approved, rec > approved],
            ["hold", "investigate", "reduce_with_plan", "decrease", "increase"],
            "keep",
        ),
        index=f.index,
        dtype="str",
    )
    capacity_binds = out["capped_by_capacity"] & (out["unsecured_limit"] < out["terms_need"])
    out["limit_rule"] = pd.Series(
        np.select(
            [
                out["investigate"],
                out["hold"],
                out["overridden"],
                out["not_rated"],
                out["new_account"],
                out["capped_by_capacity"],
                out["secured_limit"] > 0,
                out["multiplier"] != 1.0,
            ],
            ["investigate", "hold", "override", "not_rated", "initial", "capacity", "collateral", "grade"],
            "need",
        ),
        index=f.index,
        dtype="str",
    )
    half = float(lim["rounding"]) / 2.0
    out["below_need"] = (rec < out["terms_need"] - half).astype(bool)
    why_below = np.select(
        [
            out["investigate"],
            out["hold"] & (proposed > approved),
            out["overridden"],
            out["not_rated"],
            out["new_account"],
            capacity_binds,
            out["multiplier"] < 1.0,
        ],
        ["investigate", "hold", "override", "not_rated", "initial", "capacity", "grade"],
        "",
    )
    out["below_need_rule"] = pd.Series(why_below, index=f.index, dtype="str").where(out["below_need"], "")
    return out


def _hold_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.Series:
    days = int(lim["hold_days_past_due"])
    return (
        "hold: invoice "
        + _whole(out["max_days_past_due"])
        + " days past due ("
        + _amount(f["arrears"])
        + f" over {days} days, provision "
        + _amount(f["provision"])
        + "): collect, no increase"
    )


def _need_text(f: pd.DataFrame, out: pd.DataFrame) -> pd.Series:
    orders = f["open_orders"].astype(float).fillna(0.0)
    text = (
        "terms need "
        + _amount(out["terms_need"])
        + " ("
        + _amount(out["need_purchases"])
        + " a month × "
        + _whole(out["payment_terms_days"])
        + "+"
        + _whole(out["grace_days"])
        + " days"
    )
    return text + pd.Series(np.where(orders > 0, " + open orders " + _amount(orders), ""), index=f.index) + ")"


def _reasons(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.Series:
    """``limit_reason``: the rule that set the limit first, then what else bears on it."""
    rule = out["limit_rule"]
    need = _need_text(f, out)
    grade = out["grade"].astype("str")
    no_buys = f["months_bought"].fillna(0) <= 0
    why_new = _join(
        pd.Series(np.where(no_buys, f"no purchases in the last {int(lim['purchase_months'])} months", ""), f.index),
        pd.Series(np.where(out["financials_usable"], "", "no usable financial statement"), index=f.index),
    ).str.replace("; ", " and ", regex=False)
    initial = (
        "initial limit for a new account ("
        + why_new
        + "): "
        + pd.Series(
            np.where(
                out["terms_need"] > 0,
                _pct(out["multiplier"])
                + " of "
                + need
                + ", at most "
                + _amount(out["initial_limit"])
                + " for grade "
                + grade,
                "starter limit " + _amount(out["initial_limit"]) + " for grade " + grade,
            ),
            index=f.index,
        )
    )
    share = np.where(
        out["capacity_basis"] == "equity",
        _by_grade(out["grade"], lim["capacity"]["equity_share"]),
        _by_grade(out["grade"], lim["capacity"]["working_capital_share"]),
    )
    capacity = (
        "capped by capacity ("
        + _pct(pd.Series(share, index=f.index))
        + " of "
        + out["capacity_basis"]
        + " = "
        + _amount(out["capacity_cap"])
        + ")"
    )
    graded = pd.Series(
        np.select(
            [out["multiplier"] == 0.0, out["multiplier"] != 1.0],
            [
                "grade " + grade + ": cash in advance or collateral only (multiplier 0); " + need,
                "grade " + grade + ": " + _pct(out["multiplier"]) + " of " + need,
            ],
            need,
        ),
        index=f.index,
        dtype="str",
    )
    proposal = pd.Series(
        np.select([out["new_account"], out["capped_by_capacity"]], [initial, capacity + "; " + graded], graded),
        index=f.index,
        dtype="str",
    )
    proposal = pd.Series(
        np.select([out["overridden"], out["not_rated"]], [_override_text(f, out), out["not_rated_text"]], proposal),
        index=f.index,
        dtype="str",
    )
    head = pd.Series(
        np.select(
            [rule == "investigate", rule == "hold"],
            ["investigate first: " + out["missing_evidence"], _hold_text(f, out, lim) + "; " + proposal],
            proposal,
        ),
        index=f.index,
        dtype="str",
    )
    return _join(head, *_notes(f, out, lim, rule))


def _notes(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping, rule: pd.Series) -> list[pd.Series]:
    """The parts of ``limit_reason`` after its head: what else bears on the limit."""
    idx = f.index

    def part(cond: Any, text: Any) -> pd.Series:
        return pd.Series(np.where(cond, text, ""), index=idx, dtype="str")

    haircut = float(lim["collateral_haircut"])
    approved = f["approved_limit"].astype(float)
    cut = ((approved - out["recommended_limit"]) / approved.where(approved > 0)).fillna(0.0)
    scored = f["grade"].astype("str")
    ruled = rule.isin(["investigate", "override", "not_rated"])  # the rules' proposal is not the limit
    return [
        part(
            (out["secured_limit"] > 0) & ~ruled,
            "+ secured "
            + _amount(out["secured_limit"])
            + " (collateral "
            + _amount(f["collateral"])
            + f" less {haircut * 100:g} %)",
        ),
        part(out["raised_to_minimum"] & ~ruled, f"raised to the minimum {float(lim['minimum']):,.0f}"),
        part(
            ~out["financials_usable"] & ~ruled & (rule != "initial"), "no capacity cap: no usable financial statement"
        ),
        part(out["hold"] & (rule == "investigate"), _hold_text(f, out, lim)),
        part(out["upgrade_withheld"], "upgrade from " + out["grade"].astype("str") + " to " + scored + " withheld"),
        part(
            out["needs_plan"],
            pd.Series(
                np.where(
                    out["collect_first"] > 0,
                    "needs a plan: collect " + _amount(out["collect_first"]) + " first, then reduce",
                    "needs a plan: a cut of "
                    + _pct(cut)
                    + f" (more than {float(lim['plan_decrease_share']) * 100:g} %) goes in steps",
                ),
                index=idx,
            ),
        ),
    ]


def _judged(f: pd.DataFrame, out: pd.DataFrame, pol: Mapping) -> pd.DataFrame:
    """The analyst's override and the limit of a customer not rated, in place of the proposal."""
    lim = pol["credit"]["limit"]
    nr_pol = pol["credit"]["not_rated"]
    idx = f.index
    decided = f["override_limit"].astype(float) if "override_limit" in f else pd.Series(np.nan, index=idx)
    out["overridden"] = decided.notna().astype(bool)
    out["override_limit"] = decided
    out["not_rated"] = ((f["grade"] == NOT_RATED) & ~out["overridden"]).astype(bool)
    step = float(lim["rounding"])
    cap = float(nr_pol["initial_limit"])
    initial = out["terms_need"].where(out["terms_need"] > 0, cap).clip(upper=cap)
    initial = np.floor(initial / step + 0.5 + 1e-9) * step
    nr_limit = {"investigate": out["proposed_limit"], "initial": initial, "zero": 0.0}[nr_pol["limit_rule"]]
    proposed = out["proposed_limit"].where(~out["not_rated"], nr_limit)
    out["proposed_limit"] = decided.where(out["overridden"], proposed).astype(float)
    unrated = _unrated_text(f, pol)
    out["not_rated_text"] = pd.Series(
        {
            "investigate": unrated,
            "initial": unrated
            + ": at most "
            + _amount(pd.Series(cap, index=idx))
            + " until rated; "
            + _need_text(f, out),
            "zero": unrated + ": no credit (cash) until rated",
        }[nr_pol["limit_rule"]],
        index=idx,
        dtype="str",
    )
    return out


def _unrated_text(f: pd.DataFrame, pol: Mapping) -> pd.Series:
    known = f["known_items"] if "known_items" in f else pd.Series(np.nan, index=f.index)
    need = int(pol["credit"]["not_rated"]["min_known_items"])
    return pd.Series(
        np.where(known.notna(), "not rated: " + _whole(known.fillna(0)) + f" items known, {need} needed", "not rated"),
        index=f.index,
        dtype="str",
    )


def _override_text(f: pd.DataFrame, out: pd.DataFrame) -> pd.Series:
    def text(col: str) -> pd.Series:
        return f[col].astype("str") if col in f else pd.Series("", index=f.index, dtype="str")

    on = pd.to_datetime(f["override_on"]).dt.strftime("%Y-%m-%d") if "override_on" in f else text("override_on")
    return (
        "analyst override "
        + _amount(out["override_limit"].fillna(0.0))
        + " (approved by "
        + text("override_by")
        + " on "
        + on.fillna("")
        + ": "
        + text("override_reason")
        + ")"
    )
