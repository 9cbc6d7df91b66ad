"""The parts of ``limit_reason`` after the rule that set the limit: what else bears on it (the secured
part, the starter limit of a customer without a usable statement, the gates not at its head, the
peak of a busy account, the terms, the plan of a cut or a collection), vectorised over customers.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .limit_words import _part, _pct, _whole, short_amount


def _money(f: pd.DataFrame, name: str) -> pd.Series:
    return f[name].astype(float).fillna(0.0) if name in f else pd.Series(0.0, index=f.index)


def _months_text(f: pd.DataFrame, lim: Mapping) -> pd.Series:
    """``bought in 3 of the last 12 months``."""
    return "bought in " + _whole(f["months_bought"].fillna(0)) + f" of the last {int(lim['purchase_months'])} months"


def _provision_text(f: pd.DataFrame) -> pd.Series:
    """The bad-debt provision as the receivables page makes it: each aging bucket's amount at its rate
    (``provision_basis`` of the facts), and that collateral is not netted."""
    idx = f.index
    basis = f["provision_basis"].fillna("").astype("str") if "provision_basis" in f else pd.Series("", index=idx)
    collateral = _money(f, "collateral")
    return (
        "provision "
        + short_amount(_money(f, "provision"))
        + _part(idx, basis != "", ": " + basis)
        + " (at the receivables page's provision rates"
        + _part(idx, collateral > 0, ", collateral " + short_amount(collateral) + " not netted")
        + ")"
    )


def _hold_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.Series:
    """The hold of arrears past the hold days: collect, no increase, the grade the limit takes, the
    provision with its basis, and collections or legal action beyond the legal days."""
    days = int(lim["hold_days_past_due"])
    idx = f.index
    return (
        "hold: invoice "
        + _whole(out["max_days_past_due"])
        + " days past due ("
        + short_amount(f["arrears"])
        + f" over {days} days): collect, no increase"
        + _part(
            idx,
            out["grade_capped"],
            "; the limit takes grade "
            + out["grade"].astype("str")
            + _part(idx, f["grade"].notna(), " (scored " + f["grade"].astype("str") + ")")
            + " while the arrears are open",
        )
        + _part(
            idx,
            out["max_days_past_due"] > int(lim["legal_days_past_due"]),
            f"; over {int(lim['legal_days_past_due'])} days: hand to collections or legal action, provide for it",
        )
        + "; "
        + _provision_text(f)
    )


def _legal_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.Series:
    """An invoice past the legal days: the limit withdrawn, the debt (what is collected first) handed to
    collections or legal action, no open credit until it is paid and a new limit approved; collateral held
    stays against the debt; an override in force is set aside."""
    idx = f.index
    collateral = _money(f, "collateral")
    return (
        "limit withdrawn: invoice "
        + _whole(out["max_days_past_due"])
        + f" days past due, over the {int(lim['legal_days_past_due'])} legal days: the debt of "
        + short_amount(out["collect_first"])
        + " goes to collections or legal action"
        + "; no open credit: supply only against cash in advance until the debt is paid and a new limit approved"
        + _part(idx, collateral > 0, "; collateral " + short_amount(collateral) + " held stays against the debt")
        + _part(
            idx,
            out["overridden"],
            "; the analyst override " + short_amount(out["override_limit"].fillna(0.0)) + " is set aside",
        )
    )


def _short_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping, at_most: bool) -> pd.Series:
    """The short history's limit: the lesser of the approved limit and the grade's starter limit."""
    approved = f["approved_limit"].astype(float).fillna(0.0)
    return (
        "short history ("
        + _months_text(f, lim)
        + ("): at most " if at_most else "): ")
        + short_amount(out["short_limit"])
        + ", the lesser of the approved limit "
        + short_amount(approved)
        + " and the starter limit "
        + short_amount(out["starter_limit"])
        + " of grade "
        + out["grade"].astype("str")
    )


def _secured_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.Series:
    """The secured part: what the collateral backs after the haircut, and how much of it is used."""
    haircut = f"{float(lim['collateral_haircut']) * 100:g} %"
    secured, backs = out["secured_limit"], out["collateral_backs"]
    whole = "+ secured " + short_amount(secured) + " (collateral " + short_amount(f["collateral"]) + f" less {haircut})"
    partly = (
        "+ secured "
        + short_amount(secured)
        + ": collateral "
        + short_amount(f["collateral"])
        + f" less {haircut} backs "
        + short_amount(backs)
        + ", "
        + short_amount(secured)
        + " of it is used: the secured part covers at most the need not covered otherwise ("
        + short_amount(out["unsecured_limit"] + out["secured_room"])
        + " less the unsecured "
        + short_amount(out["unsecured_limit"])
        + ")"
    )
    return pd.Series(np.where(secured < backs - 0.005, partly, whole), index=f.index, dtype="str")


def _starter_note(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.Series:
    """Why the unsecured part is at most the grade's starter limit (no usable statement, or a short
    history without a limit yet), and that amount."""
    limit = " the starter limit " + short_amount(out["starter_limit"]) + " of grade " + out["grade"].astype("str")
    return pd.Series(
        np.select(
            [out["starter_why"] == "statement", out["starter_why"] == "short"],
            [
                "no usable financial statement: the unsecured limit at most" + limit + " until statements are received",
                "short history (" + _months_text(f, lim) + ") and no limit yet: the unsecured limit at most" + limit,
            ],
            "",
        ),
        index=f.index,
        dtype="str",
    )


def _busy_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.Series:
    """The need of a busy account from its peak months, beside the need on the average."""
    orders = _money(f, "open_orders").clip(lower=0.0)
    avg = _money(f, "avg_monthly_purchases").clip(lower=0.0)
    on_average = (avg * out["credit_days"] / 30.0 + orders).round(2)
    return (
        f"need from the peak {int(lim['peak_months'])} months "
        + short_amount(out["need_purchases"])
        + " a month, the customer's limit being all but full (utilization over "
        + f"{float(lim['busy_utilization']) * 100:g} %, nothing overdue); on the average "
        + short_amount(avg)
        + " a month the terms need is "
        + short_amount(on_average)
    )


def need_formula(monthly: pd.Series, days: pd.Series, grace: pd.Series, orders: pd.Series) -> pd.Series:
    """How a need is made, recomputable: ``8.9 k a month × 45+10 days + open orders 1.2 k`` (``monthly``
    is the text of the monthly purchases; the days and grace days are whole numbers)."""
    return (
        monthly
        + " × "
        + _whole(days)
        + "+"
        + _whole(grace)
        + " days"
        + _part(monthly.index, orders > 0, " + open orders " + short_amount(orders))
    )


def _terms_text(f: pd.DataFrame, out: pd.DataFrame) -> pd.Series:
    """The proposed terms where they differ from the terms in force: cash in advance, or shorter terms
    with the need at them (recomputable: the monthly purchases for the terms and grace days, plus the
    open orders) beside the limit that carries it."""
    days = _whole(out["proposed_terms_days"])
    cash = out["cash_in_advance"] & (out["payment_terms_days"] > 0)
    orders = _money(f, "open_orders").clip(lower=0.0)
    credit_days = out["proposed_terms_days"] + out["grace_days"]
    need = (out["need_purchases"] * credit_days / 30.0 + orders).round(2)
    monthly = short_amount(out["need_purchases"]) + " a month"
    longest = pd.Series(
        np.where(out["standard_terms"], " (the longest standard terms the limit ", " (the longest terms the limit "),
        index=f.index,
    )
    shorter = (
        "shorten payment terms from "
        + _whole(out["payment_terms_days"])
        + " to "
        + days
        + " days"
        + longest
        + short_amount(out["recommended_limit"])
        + " carries): the need at them is "
        + short_amount(need)
        + " ("
        + need_formula(monthly, out["proposed_terms_days"], out["grace_days"], orders)
        + ")"
    )
    cash_text = "payment terms: cash in advance (0 days) in place of " + _whole(out["payment_terms_days"]) + " days"
    no_terms = (
        " (the limit "
        + short_amount(out["recommended_limit"])
        + " is below the need of the grace days alone, "
        + short_amount(need)
        + ": "
        + need_formula(monthly, pd.Series(0, index=f.index), out["grace_days"], orders)
        + ")"
    )
    return pd.Series(
        np.select(
            [out["terms_shortened"], cash & out["carries_no_terms"], cash],
            [shorter, cash_text + no_terms, cash_text],
            "",
        ),
        index=f.index,
        dtype="str",
    )


def _regularisation_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.Series:
    """A customer trading on credit without any approved limit: the limit proposed regularises its exposure."""
    approved = f["approved_limit"].astype(float).fillna(0.0)
    exposure = _money(f, "exposure")
    trading = (approved <= 0) & (exposure > 0) & (f["months_bought"].fillna(0) > 0) & (out["recommended_limit"] > 0)
    text = (
        "regularisation of exposure without a limit: "
        + _months_text(f, lim)
        + ", exposure "
        + short_amount(exposure)
        + ", no approved limit"
    )
    return _part(f.index, trading, text)


def _collect_text(f: pd.DataFrame, out: pd.DataFrame, cut: pd.Series) -> pd.Series:
    """What a collection says: no shipments on credit until the exposure is within the limit (or the
    overdue paid), the receivables to collect by part (overdue now, not yet due at its due dates) and
    the open orders held (shipped only against prepayment)."""
    idx = f.index
    rec = out["recommended_limit"]
    above = (_money(f, "exposure") - rec).clip(lower=0.0)
    collect, held = out["collect_first"], out["orders_held"]
    overdue = np.minimum(_money(f, "overdue"), collect)
    not_due = (collect - overdue).clip(lower=0.0)
    od = out["overdue_hold"]
    parts = (
        _part(idx, overdue > 0, "overdue " + short_amount(overdue) + " now")
        + _part(idx, (overdue > 0) & (not_due > 0), " + ")
        + _part(idx, not_due > 0, "not yet due " + short_amount(not_due) + " at its due dates")
    )
    why = np.select(
        [od & (above <= 0), od & (not_due <= 0) & (held <= 0)],
        ["the overdue", "the overdue " + short_amount(overdue) + ", which brings the exposure within the limit"],
        parts + ", to bring the exposure within the limit",
    )
    until = np.where(
        above > 0,
        np.where(
            cut,
            "no shipments on credit until exposure is within it",
            "no shipments on credit until exposure is within the limit",
        ),
        "no shipments on credit until the overdue is paid",
    )
    receivables = ": collect " + short_amount(collect) + " (" + pd.Series(why, index=idx) + ")"
    orders = "open orders " + short_amount(held) + " held (shipped only against prepayment)"
    return (
        pd.Series(until, index=idx)
        + _part(idx, collect > 0, receivables)
        + _part(idx, (collect > 0) & (held > 0), ", ")
        + _part(idx, (collect <= 0) & (held > 0), ": ")
        + _part(idx, held > 0, orders)
    )


def _plan_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.Series:
    """What a cut or a collection says: a cut applies once approved, and no shipments on credit go out
    until the exposure is within the limit (:func:`_collect_text`); or the steps of a large cut."""
    idx = f.index
    approved = f["approved_limit"].astype(float).fillna(0.0)
    rec = out["recommended_limit"]
    cut = rec < approved
    collecting = (out["collect_first"] > 0) | (out["orders_held"] > 0)
    steps = out["needs_plan"] & ~collecting
    plan = (
        "needs a plan: a cut of "
        + _pct(((approved - rec) / approved.where(approved > 0)).fillna(0.0))
        + f" (more than {float(lim['plan_decrease_share']) * 100:g} %) goes in steps"
    )
    at_once = _part(idx, cut & ~steps, "new limit effective on approval (the limit in force applies until then)")
    then = pd.Series(np.select([collecting, steps], [_collect_text(f, out, cut), plan], ""), index=idx, dtype="str")
    return at_once.where((then == "") | (at_once == ""), at_once + "; ") + then
