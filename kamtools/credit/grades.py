"""Grades: the policy's grades best first, the grade of a score, and how grades moved."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..policy import load_policy
from ._common import NOT_RATED


def grade_order(policy: Any = None, *, not_rated: bool = True) -> list[str]:
    """The grades a customer can have: the policy's, best first, then NR (not rated: too little
    known, see ``credit.not_rated``) unless ``not_rated`` is False.

    >>> grade_order()
    ['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'C', 'NR']
    >>> grade_order(not_rated=False)[-1]
    'C'
    """
    return [*load_policy(policy)["credit"]["grades"], *([NOT_RATED] if not_rated else [])]


def grade_of(scores: pd.Series | float, policy: Any = None) -> pd.Series | str:
    """The grade for each score: the best grade whose cut-off the score reaches.

    A score exactly on a cut-off gets that (the higher) grade; NaN gets NaN.

    >>> grade_of(80.0), grade_of(79.99)
    ('AA', 'A')
    """
    grades = load_policy(policy)["credit"]["grades"]
    scalar = not isinstance(scores, pd.Series)
    s = pd.Series([scores]) if scalar else scores
    names = list(grades)
    cuts = np.array([grades[g] for g in names], dtype=float)
    vals = s.to_numpy(dtype=float)
    # Grades are best first with descending cut-offs: count the cut-offs a score does not reach.
    idx = (vals[:, None] < cuts[None, :]).sum(axis=1)
    out = np.array(names + [names[-1]], dtype=object)[np.minimum(idx, len(names) - 1)]
    result = pd.Series(out, index=s.index, dtype="str").where(~np.isnan(vals))
    return result.iloc[0] if scalar else result


def grade_changes(scores: pd.DataFrame, policy: Any = None) -> pd.DataFrame:
    """Customers by previous grade (rows) and current grade (columns), from :func:`score`.

    Customers without a previous grade form the row ``new``; NR (not rated) is a row and a column.

    >>> import pandas as pd
    >>> sc = pd.DataFrame({"grade": ["A", "A", "BB"], "previous_grade": ["A", None, "A"]})
    >>> grade_changes(sc).loc["A", ["A", "BB"]].tolist()
    [1, 1]
    """
    order = grade_order(policy)
    prev = scores["previous_grade"].astype(object).where(scores["previous_grade"].notna(), "new")
    tab = pd.crosstab(prev, scores["grade"].astype(object))
    tab = tab.reindex(index=order + ["new"], columns=order, fill_value=0).astype("int64")
    tab.index.name = "previous grade"
    tab.columns.name = "grade"
    return tab


def compare_grades(scores: pd.DataFrame, earlier: pd.DataFrame, policy: Any = None) -> pd.DataFrame:
    """Grades now against the grades of an earlier scorecard, e.g. the previous period's end.

    ``scores`` and ``earlier`` are results of :func:`score` at two dates. A customer
    of whom nothing was known at the earlier date (no statement, no assessment) has
    no earlier grade (``grade_move`` new). The columns are named as those of
    :func:`score` (``previous_score``, ``previous_grade``, ``grade_changed``,
    ``grade_move``), so :func:`grade_changes` tabulates the result.

    >>> import pandas as pd
    >>> now = pd.DataFrame({"score": [75.0, 55.0], "grade": ["A", "BB"]}, index=["C1", "C2"])
    >>> before = pd.DataFrame({"score": [65.0, 50.0], "grade": ["BBB", "BB"],
    ...     "fiscal_year_end": pd.to_datetime(["2025-12-31", None]),
    ...     "assessed_on": pd.to_datetime(["2026-01-31", None])}, index=["C1", "C2"])
    >>> compare_grades(now, before)["grade_move"].tolist()
    ['up', 'new']
    """
    credit = load_policy(policy)["credit"]
    idx = scores.index
    before = earlier.reindex(idx)
    known = pd.Series(False, index=idx)
    for col in ("fiscal_year_end", "assessed_on"):
        if col in before.columns:
            known |= before[col].notna()
    if "from_snapshot" in before.columns:  # a grade stored then (kamtools.credit.earlier_scores) was known then
        known |= before["from_snapshot"].fillna(False).astype(bool)
    out = pd.DataFrame(index=idx)
    out["score"] = scores["score"]
    out["grade"] = scores["grade"]
    out["previous_score"] = before["score"].where(known)
    out["previous_grade"] = before["grade"].astype("str").where(known)
    return _with_grade_moves(out, credit["grades"])


def _with_grade_moves(out: pd.DataFrame, grades) -> pd.DataFrame:
    """``out`` with ``grade_changed`` and ``grade_move`` (new / up / down / same, rated: from NR
    to a grade, not rated: from a grade to NR) from its ``grade`` and ``previous_grade``
    columns, grades ranked best first as in the policy."""
    out["grade_changed"] = (out["previous_grade"].notna() & (out["previous_grade"] != out["grade"])).astype(bool)
    rank = {g: i for i, g in enumerate(grades)}  # 0 = best
    now, then = out["grade"].map(rank), out["previous_grade"].map(rank)
    was_nr, is_nr = out["previous_grade"] == NOT_RATED, out["grade"] == NOT_RATED
    move = np.select(
        [out["previous_grade"].isna(), was_nr & is_nr, was_nr, is_nr, now < then, now > then],
        ["new", "same", "rated", "not rated", "up", "down"],
        "same",
    )
    out["grade_move"] = pd.Series(move, index=out.index, dtype="str")
    return out


#: Each ``grade_move``, in the order the sentence names it, in English and Chinese.
GRADE_MOVES: dict[str, tuple[str, str]] = {
    "up": ("upgraded", "升级"),
    "down": ("downgraded", "降级"),
    "same": ("unchanged", "不变"),
    "rated": ("rated after being not rated (NR to a grade)", "由未评级（NR）转为有等级"),
    "not rated": ("no longer rated (a grade to NR)", "由有等级转为未评级（NR）"),
    "new": ("graded for the first time", "首次评级"),
}


def grade_moves_text(moves: pd.Series) -> tuple[str, str]:
    """How many customers made each ``grade_move`` (``moves``: its value counts), in English and
    Chinese, every kind of move named so that the parts add up to the total said first.

    >>> en, zh = grade_moves_text(pd.Series({"up": 7, "down": 6, "same": 471, "new": 9, "rated": 7}))
    >>> en
    '500 customers: 7 upgraded, 6 downgraded, 471 unchanged, 7 rated after being not rated (NR to a grade), 9 graded for the first time'
    >>> zh
    '共500家客户：7家升级，6家降级，471家不变，7家由未评级（NR）转为有等级，9家首次评级'
    """
    counts = {k: int(moves.get(k, 0)) for k in GRADE_MOVES}
    shown = [k for k in GRADE_MOVES if counts[k] or k in ("up", "down", "same", "new")]
    total = sum(counts.values())
    en = f"{total:,} customers: " + ", ".join(f"{counts[k]:,} {GRADE_MOVES[k][0]}" for k in shown)
    zh = f"共{total:,}家客户：" + "，".join(f"{counts[k]:,}家{GRADE_MOVES[k][1]}" for k in shown)
    return en, zh
