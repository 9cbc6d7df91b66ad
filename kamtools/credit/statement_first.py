"""Statement first (``credit.limit.statement_first``): a limit cut whose only reason is a missing usable
financial statement waits for the statement. The credit department obtains it by one date of the policy
(:func:`statement_due`: ``report.decisions.statement_first`` days after the data's date, before the cut's
approval); meanwhile the limit in force is capped at the exposure and the payment terms stay; if the statement
does not come, the starter limit is approved. The credit page, the data overview (:func:`statement_note`) and the
index give that one date.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .limit_gates import _column


def statement_due(as_of: pd.Timestamp, pol: Mapping) -> pd.Timestamp:
    """The day by which the credit department obtains a missing financial statement before a limit cut only
    for it is approved (``report.decisions.statement_first``: days after the data's date, fewer than the cut's):
    the one date the credit page, the data overview and the index give.

    >>> from kamtools.policy import load_policy
    >>> statement_due(pd.Timestamp("2026-10-31"), load_policy()).date()
    datetime.date(2026, 11, 5)
    """
    return pd.Timestamp(as_of).normalize() + pd.Timedelta(
        days=int(pol["report"]["decisions"]["statement_first"]["days"])
    )


def statement_gate(f: pd.DataFrame, out: pd.DataFrame, rec: pd.Series, pol: Mapping, as_of: pd.Timestamp):
    """A cut whose only reason is a missing usable financial statement (``credit.limit.statement_first``): the
    starter limit caps it (no usable statement), with no invoice past the hold days, no overdue hold, a grade
    not worse than at the previous assessment and a current assessment, no override. The statement comes
    first (by :func:`statement_due`); meanwhile the limit in force capped at the exposure (rounded up; at least
    the limit without a statement, ``rec``: the starter limit unsecured, with what collateral backs; at most what
    the rules give without the starter cap, ``statement_free_limit``); if it is not received, the limit without a
    statement. Returns ``out`` with ``statement_first``, ``statement_due``, ``statement_fallback`` (the limit
    without a statement) and the meanwhile limit ``statement_limit``, and the recommended limit."""
    lim = pol["credit"]["limit"]
    approved = _column(f, "approved_limit")
    rank = {g: i for i, g in enumerate(pol["credit"]["grades"])}
    before = f["previous_grade"].map(rank) if "previous_grade" in f else pd.Series(np.nan, index=f.index)
    worse = (out["grade"].map(rank) > before).fillna(False).astype(bool)
    quiet = ~(out["hold"] | out["overdue_hold"] | worse | out["investigate"] | out["overridden"] | out["not_rated"])
    quiet = quiet & ~out["short_history"]  # a short history has a cut of its own
    only = (out["starter_why"] == "statement") & out["capped_by_starter"] & quiet & (approved > 0)
    step = float(lim["rounding"])
    exposure = np.ceil(_column(f, "exposure") / step - 1e-9) * step
    meanwhile = np.minimum(
        approved, np.minimum(np.maximum(exposure, rec), np.maximum(out["statement_free_limit"], rec))
    )
    first = only & (rec < approved - 0.005) & bool(lim["statement_first"])
    out["statement_first"] = first.astype(bool)
    out["statement_due"] = pd.Series(statement_due(as_of, pol), index=f.index).where(first).astype("datetime64[us]")
    out["statement_limit"] = pd.Series(meanwhile, index=f.index).where(first).astype(float)
    out["statement_fallback"] = rec.where(first).astype(float)
    return out, rec.where(~first, out["statement_limit"])


def also_on_statement(limits: pd.DataFrame) -> pd.Series:
    """The customers whose recommended cut rests on a missing usable financial statement beside other reasons (the
    starter limit caps it, ``capped_by_starter``, with no usable statement, and the cut is not one waiting for the
    statement alone: ``statement_first`` false): the statement changes the limit all the same, so the credit
    department obtains it by the same day (:func:`statement_due`) before the cut is approved.

    >>> lim = pd.DataFrame({"capped_by_starter": [True, True, False], "financials_usable": [False, False, False],
    ...     "statement_first": [False, True, False], "approved_limit": [100.0, 100.0, 100.0],
    ...     "recommended_limit": [50.0, 80.0, 50.0]}, index=["A", "B", "C"])
    >>> also_on_statement(lim).tolist()
    [True, False, False]
    """

    def col(name: str, default: object) -> pd.Series:
        return limits[name] if name in limits else pd.Series(default, index=limits.index)

    capped = col("capped_by_starter", False).fillna(False).astype(bool)
    unusable = ~col("financials_usable", True).fillna(True).astype(bool)
    alone = col("statement_first", False).fillna(False).astype(bool)
    cut = col("recommended_limit", 0.0).astype(float) < col("approved_limit", 0.0).astype(float) - 0.005
    return capped & unusable & ~alone & cut


def statement_note(lacking: pd.DataFrame, limits: pd.DataFrame, pol: Mapping, as_of) -> tuple[str, str]:
    """The sentence of the data overview on the customers of ``lacking`` (without a statement: ``customer_id`` and
    ``name``) whose limit waits for the statement: by when the credit department obtains it, before the cut's
    approval (``report.decisions.limit_cut``), in English and Chinese; ``("", "")`` when none waits.

    >>> import kamtools as kt
    >>> lim = pd.DataFrame({"statement_first": [True, False]}, index=["C1", "C2"])
    >>> gap = pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["Keystone", ""]})
    >>> en, zh = statement_note(gap, lim, kt.policy.load_policy(), "2026-10-31")
    >>> print(en.strip())
    Of these, 1 has a limit that would be cut only for the missing statement (Keystone (C1)): the credit department obtains it by 2026-11-05, before the cut is approved (by 2026-11-07); meanwhile the limit in force is capped at the exposure, and the limit without a statement is approved if it does not come.
    >>> print(zh)
    其中1家仅因缺少财务报表将被降额（Keystone（C1））：由信用部在2026-11-05前取得，早于降额审批期限（2026-11-07前）；在此期间现有额度以风险敞口为上限，届时仍未取得报表则按无报表时的额度审批。
    """
    if "statement_first" not in limits:
        return "", ""
    ids = lacking["customer_id"].astype(str)
    names = lacking["name"].astype(str).where(lacking["name"].astype(str) != "", ids)
    waiting = limits["statement_first"].reindex(ids.to_numpy()).fillna(False).astype(bool).to_numpy()
    also = also_on_statement(limits).reindex(ids.to_numpy()).fillna(False).astype(bool).to_numpy()
    besides = _besides(ids[also], names[also], pd.Timestamp(as_of), pol)
    if not waiting.any():
        return besides
    shown_ids, shown_names = ids[waiting].astype(str), names[waiting].astype(str)
    listed_en, listed_zh = _listed(shown_ids, shown_names)
    day = pd.Timestamp(as_of)
    due = f"{statement_due(day, pol):%Y-%m-%d}"
    approve = f"{day.normalize() + pd.Timedelta(days=int(pol['report']['decisions']['limit_cut']['days'])):%Y-%m-%d}"
    n = int(waiting.sum())
    kept = _kept_meanwhile(limits, shown_ids, shown_names)
    return (
        f" Of these, {n:,} {'has' if n == 1 else 'have'} a limit that would be cut only for the missing statement ({listed_en}): the "
        f"credit department obtains {'it' if n == 1 else 'them'} by {due}, before the cut is approved (by {approve}); "
        f"meanwhile the limit in force is capped at the exposure{kept[0]}, and the limit without a statement is "
        "approved if it does not come." + besides[0],
        f"其中{n:,}家仅因缺少财务报表将被降额（{listed_zh}）：由信用部在{due}前取得，早于降额审批期限（{approve}前）；"
        f"在此期间现有额度以风险敞口为上限{kept[1]}，届时仍未取得报表则按无报表时的额度审批。" + besides[1],
    )


def _kept_meanwhile(limits: pd.DataFrame, ids: pd.Series, names: pd.Series) -> tuple[str, str]:
    """The clause on those of ``ids`` whose limit stays as it is meanwhile (their exposure is at or above it, so the
    cap changes nothing and the credit forms' register has no row for them until the statement is due)."""
    rec = limits["recommended_limit"].reindex(ids.to_numpy()) if "recommended_limit" in limits else None
    if rec is None or "approved_limit" not in limits:
        return "", ""
    same = (rec.astype(float) >= limits["approved_limit"].reindex(ids.to_numpy()).astype(float) - 0.005).to_numpy()
    if not same.any():
        return "", ""
    en, zh = _listed(ids[same], names[same])
    one = int(same.sum()) == 1
    return (
        f" ({en}: {'its' if one else 'their'} exposure is above the limit, which stays as it is for now, so the "
        "register has no row for it until the statement is due)",
        f"（{zh}的风险敞口已超过额度，额度暂不变，因此登记表中暂无该行）",
    )


def _besides(ids: pd.Series, names: pd.Series, as_of: pd.Timestamp, pol: Mapping) -> tuple[str, str]:
    """The sentence on the customers whose cut rests on the missing statement beside other reasons
    (:func:`also_on_statement`): the credit department obtains it by the same day, before the cut is approved."""
    if not len(ids):
        return "", ""
    due, n = f"{statement_due(as_of, pol):%Y-%m-%d}", len(ids)
    listed_en, listed_zh = _listed(ids.astype(str), names.astype(str))
    return (
        f" {n:,} more {'has' if n == 1 else 'have'} a cut resting on the missing statement beside other reasons "
        f"({listed_en}): the credit department obtains {'it' if n == 1 else 'them'} by {due} too, before the cut is "
        "approved, and the limit is sized on the statement.",
        f"另有{n:,}家的降额除其他原因外也以缺少财务报表为依据（{listed_zh}）：同样由信用部在{due}前、降额审批之前取得，"
        "并按报表核定额度。",
    )


def _listed(ids: pd.Series, names: pd.Series) -> tuple[str, str]:
    """Customers by name and id, in English and Chinese (``Keystone (C1), Acme (C2)``; ``Keystone（C1）、Acme（C2）``)."""
    return ", ".join(names + " (" + ids + ")"), "、".join(names + "（" + ids + "）")
