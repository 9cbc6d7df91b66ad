"""The words of a recommended limit: ``limit_reason`` says the rule that set it first, then what
else bears on it, in amounts a committee reads (``1.35 M``, ``785 k``); vectorised over customers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd


def short_amount(values: pd.Series) -> pd.Series:
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


def _hold_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.Series:
    days = int(lim["hold_days_past_due"])
    return (
        "hold: invoice "
        + _whole(out["max_days_past_due"])
        + " days past due ("
        + short_amount(f["arrears"])
        + f" over {days} days, provision "
        + short_amount(f["provision"])
        + "): collect, no increase"
        + pd.Series(
            np.where(
                out["grade_capped"],
                "; the limit takes grade " + out["grade"].astype("str") + " while the arrears are open",
                "",
            ),
            index=f.index,
        )
        + pd.Series(
            np.where(
                out["max_days_past_due"] > int(lim["legal_days_past_due"]),
                f"; over {int(lim['legal_days_past_due'])} days: hand to collections or legal action, provide for it",
                "",
            ),
            index=f.index,
        )
    )


def _need_text(f: pd.DataFrame, out: pd.DataFrame) -> pd.Series:
    orders = f["open_orders"].astype(float).fillna(0.0)
    text = (
        "terms need "
        + short_amount(out["terms_need"])
        + " ("
        + short_amount(out["need_purchases"])
        + " a month × "
        + _whole(out["payment_terms_days"])
        + "+"
        + _whole(out["grace_days"])
        + " days"
    )
    return text + pd.Series(np.where(orders > 0, " + open orders " + short_amount(orders), ""), index=f.index) + ")"


def _reasons(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.Series:
    """``limit_reason``: the rule that set the limit first, then what else bears on it."""
    rule = out["limit_rule"]
    need = _need_text(f, out)
    grade = out["grade"].astype("str")
    initial = _initial_text(f, out, lim, need, grade)
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
        + short_amount(out["capacity_cap"])
        + ")"
    )
    graded = pd.Series(
        np.select(
            [out["multiplier"] == 0.0, out["multiplier"] != 1.0],
            [
                "grade " + grade + ": cash in advance or collateral only (multiplier 0)",
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
    dormant = f"no purchases in the last {int(lim['purchase_months'])} months: limit withdrawn until the next order"
    short = (
        "short history (bought in "
        + _whole(f["months_bought"].fillna(0))
        + f" of the last {int(lim['purchase_months'])} months): keeps "
        + short_amount(out["unsecured_limit"])
        + ", the lesser of the approved limit and the starter limit of grade "
        + grade
    )
    proposal = pd.Series(
        np.select(
            [out["overridden"], out["not_rated"], out["dormant"], out["short_history"]],
            [_override_text(f, out), out["not_rated_text"], dormant, short],
            proposal,
        ),
        index=f.index,
        dtype="str",
    )
    meanwhile = pd.Series(
        np.where(out["investigate_cut"], "; meanwhile the last grade's limit: " + proposal, "; no increase until then"),
        index=f.index,
        dtype="str",
    )
    head = pd.Series(
        np.select(
            [rule == "investigate", rule == "hold", rule == "overdue", rule == "reassess", rule == "materiality"],
            [
                "investigate first: " + out["missing_evidence"] + meanwhile,
                _hold_text(f, out, lim) + "; " + proposal,
                out["overdue_text"] + "; " + proposal,
                out["reassess_text"] + ": " + proposal,
                out["materiality_text"] + "; " + proposal,
            ],
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
            + short_amount(out["secured_limit"])
            + " (collateral "
            + short_amount(f["collateral"])
            + f" less {haircut * 100:g} %)",
        ),
        part(out["raised_to_minimum"] & ~ruled, f"raised to the minimum {float(lim['minimum']):,.0f}"),
        part(
            ~out["financials_usable"] & ~ruled & (rule != "initial"), "no capacity cap: no usable financial statement"
        ),
        part(out["hold"] & (rule == "investigate"), _hold_text(f, out, lim)),
        part(out["overdue_hold"] & (rule != "overdue"), out["overdue_text"]),
        part(out["within_band"] & (rule != "materiality"), out["materiality_text"]),
        part(
            out["busy"],
            f"need from the peak {int(lim['peak_months'])} months (utilization over "
            f"{float(lim['busy_utilization']) * 100:g} %, nothing overdue)",
        ),
        part(
            out["proposed_terms_days"].notna(),
            "shorten payment terms to "
            + _whole(out["proposed_terms_days"].fillna(0))
            + " days: the limit then carries the business",
        ),
        part(
            out["upgrade_withheld"], "upgrade from " + f["previous_grade"].astype("str") + " to " + scored + " withheld"
        ),
        part(out["needs_plan"], _plan_text(f, out, lim, cut)),
    ]


def _plan_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping, cut: pd.Series) -> pd.Series:
    """What the plan of a cut or a collection says: how much to collect first and why, or the steps."""
    idx = f.index
    approved = f["approved_limit"].astype(float).fillna(0.0)
    above = (f["exposure"].astype(float).fillna(0.0) - out["recommended_limit"]).clip(lower=0.0)
    overdue = f["overdue"].astype(float).fillna(0.0) if "overdue" in f else pd.Series(0.0, index=idx)
    by_overdue = out["overdue_hold"] & (overdue >= above)  # paying the overdue brings the exposure within
    why = np.select(
        [by_overdue & (above > 0), by_overdue, out["overdue_hold"]],
        [
            " (the overdue; the exposure is then within the new limit)",
            " (the overdue)",
            " (the overdue " + short_amount(overdue) + " and the exposure down to the new limit)",
        ],
        "",
    )
    then = np.where(
        out["recommended_limit"] < approved,
        " first, then reduce",
        np.where(
            out["overdue_hold"],
            " first: no new shipments on credit until it is paid",
            ": exposure is above the limit; no new shipments on credit until it is within it",
        ),
    )
    collect = "needs a plan: collect " + short_amount(out["collect_first"]) + pd.Series(why, index=idx) + then
    steps = (
        "needs a plan: a cut of "
        + _pct(cut)
        + f" (more than {float(lim['plan_decrease_share']) * 100:g} %) goes in steps"
    )
    return pd.Series(np.where(out["collect_first"] > 0, collect, steps), index=idx, dtype="str")


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
        + short_amount(out["override_limit"].fillna(0.0))
        + " (approved by "
        + text("override_by")
        + " on "
        + on.fillna("")
        + ": "
        + text("override_reason")
        + ")"
    )


def _initial_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping, need: pd.Series, grade: pd.Series) -> pd.Series:
    """Why a new account gets its initial limit, and how much."""
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
                + short_amount(out["initial_limit"])
                + " for grade "
                + grade,
                "starter limit " + short_amount(out["initial_limit"]) + " for grade " + grade,
            ),
            index=f.index,
        )
    )
    return initial
