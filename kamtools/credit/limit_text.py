"""The words of a recommended limit: ``limit_reason`` says the rule that set it first, then what
else bears on it (:mod:`kamtools.credit.limit_notes`), in amounts a committee reads (``1.35 M``,
``785 k``), each figure with what it is made of so that a reader can recompute it; vectorised over
customers.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .limit_notes import (
    _busy_text,
    _hold_text,
    _legal_text,
    _plan_text,
    _regularisation_text,
    _secured_text,
    _short_text,
    _starter_note,
    _terms_text,
    need_formula,
)
from .limit_words import SECURITY_WORDS, _by_grade, _join, _part, _pct, _whole, short_amount

__all__ = ["_by_grade", "_join", "_pct", "_whole", "short_amount"]


def _need_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.Series:
    """``terms need 17.5 k (8.9 k a month over the 8 months bought × 45+10 days + open orders 1.2 k)``:
    the monthly purchases are the average over the months bought (said when fewer than the window),
    or the peak months' of a busy account."""
    idx = f.index
    orders = f["open_orders"].astype(float).fillna(0.0)
    bought = f["months_bought"].fillna(0).astype(float)
    window = int(lim["purchase_months"])
    peak_basis = out["busy"] | (lim["need_basis"] == "peak")
    over = pd.Series(
        np.where(bought == 1, " over the 1 month bought", " over the " + _whole(bought) + " months bought"), index=idx
    )
    monthly = pd.Series(
        np.where(
            peak_basis,
            f"peak {int(lim['peak_months'])} months " + short_amount(out["need_purchases"]) + " a month",
            short_amount(out["need_purchases"]) + " a month" + over.where((bought > 0) & (bought < window), ""),
        ),
        index=idx,
    )
    formula = need_formula(monthly, out["payment_terms_days"], out["grace_days"], orders)
    return "terms need " + short_amount(out["terms_need"]) + " (" + formula + ")"


def _capacity_why(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.Series:
    """How the capacity cap is made: the shares of equity and of working capital by grade, and which
    of the two (``capacity.combine``) is the cap."""
    cap = lim["capacity"]

    def one(share_of: str, base: str, amount: str) -> pd.Series:
        value = f[base].astype(float) if base in f else pd.Series(np.nan, index=f.index)
        share = _pct(_by_grade(out["grade"], cap[share_of]))
        return share + f" of {base.replace('_', ' ')} " + short_amount(value) + " = " + short_amount(out[amount])

    equity = one("equity_share", "equity", "equity_cap")
    wc = one("working_capital_share", "working_capital", "working_capital_cap")
    both = f"the {cap['combine']} of " + equity + " and " + wc
    has_e, has_w = out["equity_cap"].notna(), out["working_capital_cap"].notna()
    return pd.Series(np.select([has_e & has_w, has_e], [both, equity], wc), index=f.index, dtype="str")


def _grade_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.Series:
    """The limit of the grade's rules: the initial limit of a new account; else the starter limit
    where it caps, the capacity, the grade's multiplier on the terms need."""
    idx = f.index
    need = _need_text(f, out, lim)
    grade = out["grade"].astype("str")
    graded = pd.Series(
        np.select(
            [out["multiplier"] == 0.0, out["multiplier"] != 1.0],
            [
                "grade " + grade + ": cash in advance or collateral only (multiplier 0)",
                "grade " + grade + ": " + _pct(out["multiplier"]) + " of " + need,
            ],
            need,
        ),
        index=idx,
        dtype="str",
    )
    why = _capacity_why(f, out, lim)
    amount = short_amount(out["capacity_cap"])
    shown = out["capacity_cap"].notna() & (out["multiplier"] > 0)
    text = _join(
        _part(idx, out["capped_by_starter"], _starter_note(f, out, lim)),
        _part(idx, out["capped_by_capacity"], "capped by capacity " + amount + " (" + why + ")"),
        graded,
        _part(idx, shown & ~out["capped_by_capacity"], "within capacity " + amount + " (" + why + ")"),
    )
    return text.where(~out["new_account"], _initial_text(f, out, lim, need, grade))


def _proposal(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping, grade_text: pd.Series) -> pd.Series:
    """What the rules propose before the gates: an override, the rule of a customer not rated, a
    dormant limit withdrawn, a short history's limit (beside the grade's), or the grade's limit."""
    dormant = f"no purchases in the last {int(lim['purchase_months'])} months: limit withdrawn until the next order"
    short = (
        _short_text(f, out, lim, at_most=False)
        + "; by the grade's rules "
        + short_amount(out["rules_limit"])
        + ": "
        + grade_text
    )
    return pd.Series(
        np.select(
            [out["overridden"], out["not_rated"], out["dormant"], out["short_history"]],
            [_override_text(f, out), out["not_rated_text"], dormant, short],
            grade_text,
        ),
        index=f.index,
        dtype="str",
    )


def _reasons(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.Series:
    """``limit_reason``: the rule that set the limit first, then what else bears on it."""
    rule = out["limit_rule"]
    approved = f["approved_limit"].astype(float).fillna(0.0)
    grade_text = _grade_text(f, out, lim)
    proposal = _proposal(f, out, lim, grade_text)
    # stale evidence: the last grade's limit applies now where it is lower (or a short history's cap)
    short_binds = out["short_history"] & (out["short_limit"] < out["rules_limit"])
    meanwhile = pd.Series(
        np.select(
            [out["investigate_cut"] & short_binds, out["investigate_cut"]],
            ["; meanwhile " + proposal, "; meanwhile the last grade's limit: " + grade_text],
            "; no increase until then",
        ),
        index=f.index,
        dtype="str",
    )
    overdue = out["overdue_text"] + _part(f.index, out["recommended_limit"] >= approved, ", no increase")
    head = pd.Series(
        np.select(
            [
                rule == r
                for r in (
                    "legal",
                    "investigate",
                    "hold",
                    "overdue",
                    "credit_hold",
                    "reassess",
                    "materiality",
                    "statement_first",
                )
            ],
            [
                _legal_text(f, out, lim) + "; " + _hold_text(f, out, lim),
                "investigate first: " + out["missing_evidence"] + meanwhile,
                _hold_text(f, out, lim) + "; " + proposal,
                overdue + "; " + proposal,
                out["hold_gate_text"] + "; the rules give " + short_amount(out["proposed_limit"]) + ": " + proposal,
                out["reassess_text"] + ": " + proposal,
                out["materiality_text"] + "; " + proposal,
                _statement_text(f, out, lim) + "; " + _need_text(f, out, lim),
            ],
            proposal,
        ),
        index=f.index,
        dtype="str",
    )
    return _join(_regularisation_text(f, out, lim), head, *_notes(f, out, lim, overdue, short_binds))


def _notes(
    f: pd.DataFrame, out: pd.DataFrame, lim: Mapping, overdue: pd.Series, short_binds: pd.Series
) -> list[pd.Series]:
    """The parts of ``limit_reason`` after its head: what else bears on the limit."""
    idx = f.index
    rule = out["limit_rule"]
    scored = f["grade"].astype("str")
    ruled = rule.isin(["legal", "investigate", "override", "not_rated"])  # the rules' proposal is not the limit
    shown = ~ruled | out["investigate_cut"]  # the grade's limit is shown
    return [
        _part(idx, out["investigate_cut"] & out["short_history"] & ~short_binds, _short_text(f, out, lim, True)),
        _part(idx, (out["secured_limit"] > 0) & shown, _secured_text(f, out, lim)),
        _part(idx, out["raised_to_minimum"] & shown, f"raised to the minimum {float(lim['minimum']):,.0f}"),
        _part(
            idx,
            (out["starter_why"] == "statement") & ~out["capped_by_starter"] & shown & ~out["dormant"],
            _starter_note(f, out, lim) + " (no capacity cap)",
        ),
        _part(idx, out["hold"] & (rule == "investigate"), _hold_text(f, out, lim)),
        _part(idx, out["overdue_hold"] & (rule != "overdue"), overdue),
        _part(idx, out["hold_gate"] & (rule != "credit_hold"), out["hold_gate_text"]),
        _part(idx, out["within_band"] & (rule != "materiality"), out["materiality_text"]),
        _part(idx, out["busy"] & shown, _busy_text(f, out, lim)),
        _part(
            idx,
            out["upgrade_withheld"],
            "upgrade from " + f["previous_grade"].astype("str") + " to " + scored + " withheld",
        ),
        _part(idx, out["stale_evidence"], "a new investigation before the next limit: " + out["missing_evidence"]),
        _not_in_force_text(f, out),
        _part(  # a legal case's head says what is collected and that credit does not resume
            idx,
            (out["needs_plan"] | (out["recommended_limit"] < f["approved_limit"].astype(float))) & (rule != "legal"),
            _plan_text(f, out, lim),
        ),
        _terms_text(f, out),
    ]


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

    def day(col: str, frame: pd.DataFrame) -> pd.Series:
        if col not in frame:
            return pd.Series("", index=f.index, dtype="str")
        return pd.to_datetime(frame[col]).dt.strftime("%Y-%m-%d").fillna("")

    until = day("override_until", f)
    lapsing = day("reassess_by", out)
    # the override's grade beside the scored one (a reason may speak of a grade the override did not move)
    graded = f["override_grade"].notna() if "override_grade" in f else pd.Series(False, index=f.index)
    scored = text("scored_grade") if "scored_grade" in f else text("grade")
    # a reason that speaks of collateral no amount is recorded for (kamtools.credit.limit_in_force: the collateral
    # is unknown): a data gap, said, not filled in
    security = text("override_reason").str.contains(SECURITY_WORDS, case=False, regex=True)
    unrecorded = security & ~(f["collateral"].astype(float) > 0 if "collateral" in f else False)
    return (
        "analyst override "
        + short_amount(out["override_limit"].fillna(0.0))
        + " (approved by "
        + text("override_by")
        + " on "
        + day("override_on", f)
        + ": "
        + text("override_reason")
        + ")"
        + _part(f.index, graded, "; override grade " + text("override_grade") + " against the scored grade " + scored)
        + _part(
            f.index,
            unrecorded,
            "; the collateral the reason names is not in the collateral table (a data gap: the credit department "
            "records it or corrects the reason)",
        )
        + _part(
            f.index,
            until != "",
            "; in force until " + until + ", then the rules' " + short_amount(out["rules_limit"]) + " unless renewed",
        )
        + _part(f.index, lapsing != "", "; re-assess by " + lapsing + " (the assessment lapses then)")
    )


def _statement_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.Series:
    """A cut only for a missing statement (:func:`kamtools.credit.statement_first.statement_gate`): the statement
    first, by when; the limit meanwhile (the limit in force, capped at the exposure; the limit without a statement
    where the exposure is within it; the rules' limit without the starter cap where that is lower); else the limit
    without a statement (the starter limit unsecured)."""
    idx = f.index
    rec, approved = out["recommended_limit"], f["approved_limit"].astype(float).fillna(0.0)
    step = float(lim["rounding"])
    exposure = np.ceil(f["exposure"].astype(float).fillna(0.0) / step - 1e-9) * step
    fallback = out["statement_fallback"]
    without = (
        " the limit without a statement "
        + short_amount(fallback)
        + " (unsecured at most the starter limit "
        + short_amount(out["starter_limit"])
        + " of grade "
        + out["grade"].astype("str")
        + ")"
    )
    meanwhile = pd.Series(
        np.select(
            [rec >= approved - 0.005, rec == exposure, rec == fallback],
            [
                "the limit in force " + short_amount(approved),
                "the limit in force " + short_amount(approved) + " capped at the exposure " + short_amount(rec),
                "the limit without a statement "
                + short_amount(rec)
                + " (the exposure "
                + short_amount(f["exposure"])
                + " is within it)",
            ],
            "the limit of the rules without the starter cap " + short_amount(rec),
        ),
        index=idx,
        dtype="str",
    )
    due = pd.to_datetime(out["statement_due"]).dt.strftime("%Y-%m-%d").fillna("")
    return (
        "no usable financial statement: the credit department obtains it by "
        + due
        + ", before the limit is approved; meanwhile "
        + meanwhile
        + "; if it is not received by then,"
        + without
    )


def _not_in_force_text(f: pd.DataFrame, out: pd.DataFrame) -> pd.Series:
    """``analyst override 300 k of 2026-05-02 not in force: 300 k is beyond the authority of ...``: an override
    on record, not lapsed, whose limit is not the limit in force for its approver's authority
    (:mod:`kamtools.credit.limit_in_force`; one a later approval replaced, or lapsed, is not said)."""
    idx = f.index
    if "override_status" not in f:
        return pd.Series("", index=idx, dtype="str")
    status = f["override_status"].fillna("").astype("str").str.replace(r"; its grade applies until .*$", "", regex=True)
    authority = status.str.contains(r"beyond the authority|on no level of the approval ladder", regex=True)
    shown = authority & out["override_limit"].notna() & ~out["overridden"]
    day = pd.to_datetime(f["override_on"]).dt.strftime("%Y-%m-%d").fillna("") if "override_on" in f else ""
    text = "analyst override " + short_amount(out["override_limit"].fillna(0.0)) + " of " + day + " " + status
    return text.where(shown, "").astype("str")


def _initial_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping, need: pd.Series, grade: pd.Series) -> pd.Series:
    """Why a new account gets its initial limit, and how much."""
    no_fin = _part(f.index, ~out["financials_usable"], " and no usable financial statement")
    return (
        f"initial limit for a new account (no purchases in the last {int(lim['purchase_months'])} months"
        + no_fin
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
