"""Analyst overrides of the grade or the limit (授信调整), from the optional ``credit_overrides`` table.

An override records a credit decision that departs from the model: the grade the
analyst gives instead of the scorecard's, or the limit (or both), with the reason and
who approved it. The latest override decided on or before a date applies for
``credit.overrides.valid_months`` months from its date; then the model's grade returns.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..schema import TABLES
from ..store import KamData
from ._common import NOT_RATED, _latest_before

#: The columns of the scorecard that describe the override in force (NaN where none applies).
OVERRIDE_COLUMNS = (
    "override_grade",
    "override_limit",
    "override_reason",
    "override_by",
    "override_on",
    "override_until",
)


def override_frame(data: KamData, credit: Mapping) -> pd.DataFrame:
    """The ``credit_overrides`` table, checked against the policy (an empty frame without one).

    A row must give a grade or a limit (or both), its grade must be one of the policy's
    grades or NR, and it must say why and who approved it: otherwise ``ValueError`` names
    the table, the row (customer and date), the column and the value.

    >>> import pandas as pd, kamtools as kt
    >>> from kamtools.schema import conform
    >>> bad = conform(pd.DataFrame({"customer_id": ["C1"], "decided_on": ["2026-05-01"], "grade": ["AAAA"],
    ...     "reason": ["new guarantee"], "approved_by": ["Qian"]}), "credit_overrides")
    >>> override_frame(kt.KamData({"credit_overrides": bad}), kt.policy.load_policy()["credit"])
    Traceback (most recent call last):
    ...
    ValueError: credit_overrides, row of customer C1 decided on 2026-05-01: grade 'AAAA' is not a grade of the policy (AAA, AA, A, BBB, BB, B, C, NR)
    """
    names = [c.name for c in TABLES["credit_overrides"].columns]
    if not data.has("credit_overrides"):
        return pd.DataFrame({c: pd.Series(dtype="object") for c in names}).assign(
            decided_on=pd.Series(dtype="datetime64[us]")
        )
    f = data.credit_overrides.copy()
    f["decided_on"] = pd.to_datetime(f["decided_on"])
    grades = [*credit["grades"], NOT_RATED]
    where = "credit_overrides, row of customer " + f["customer_id"].astype(str) + " decided on "
    where = where + f["decided_on"].dt.strftime("%Y-%m-%d").fillna("(no date)")
    problems = [
        (f["grade"].notna() & ~f["grade"].isin(grades), lambda r: f"grade {r['grade']!r} is not a grade of the policy"),
        (f["grade"].isna() & f["limit"].isna(), lambda r: "neither a grade nor a limit is given"),
        (f["limit"].notna() & (f["limit"] < 0), lambda r: f"limit {r['limit']!r} is negative"),
        (_blank(f["reason"]), lambda r: "the reason is missing: every override says why"),
        (_blank(f["approved_by"]), lambda r: "approved_by is missing: every override names its approver"),
        (f["decided_on"].isna(), lambda r: "decided_on is missing"),
    ]
    for bad, text in problems:
        if bad.any():
            first = f.index[bad.to_numpy()][0]
            extra = f" ({', '.join(grades)})" if "grade of the policy" in text(f.loc[first]) else ""
            raise ValueError(f"{where[first]}: {text(f.loc[first])}{extra}")
    return f


def _blank(s: pd.Series) -> pd.Series:
    return s.isna() | (s.astype("str").str.strip() == "")


def latest_override(overrides: pd.DataFrame, cutoff: pd.Series, valid_months: int) -> pd.DataFrame:
    """The latest override of each customer of ``cutoff`` (customer_id -> date) decided on or before that
    date, lapsed or not (NaN where none): the columns :data:`OVERRIDE_COLUMNS`, ``override_collateral``
    (the value of the collateral it records; NaN: none) and ``lapsed`` (more than ``valid_months`` months
    old on the date)."""
    idx = cutoff.index
    latest = _latest_before(overrides, "decided_on", cutoff).reindex(idx)
    lapse = latest["decided_on"] + pd.DateOffset(months=int(valid_months))
    out = pd.DataFrame(index=idx)
    out["override_grade"] = latest["grade"].astype("str")
    out["override_limit"] = latest["limit"].astype(float)
    out["override_reason"] = latest["reason"].astype("str")
    out["override_by"] = latest["approved_by"].astype("str")
    out["override_on"] = latest["decided_on"].astype("datetime64[us]")
    # the last day it is in force: then the model's grade and limit return unless it is renewed
    out["override_until"] = lapse.astype("datetime64[us]")
    out["override_collateral"] = latest["collateral"].astype(float) if "collateral" in latest else float("nan")
    out["lapsed"] = (latest["decided_on"].notna() & (cutoff > lapse)).astype(bool)
    return out


def overrides_at(overrides: pd.DataFrame, cutoff: pd.Series, valid_months: int) -> pd.DataFrame:
    """The override in force for each customer of ``cutoff`` (customer_id -> date): its latest
    override decided on or before that date (:func:`latest_override`), unless more than
    ``valid_months`` months old.

    Columns :data:`OVERRIDE_COLUMNS`, NaN where no override applies.
    """
    latest = latest_override(overrides, cutoff, valid_months)
    live = latest["override_on"].notna() & ~latest["lapsed"]
    return pd.DataFrame({col: latest[col].where(live) for col in OVERRIDE_COLUMNS}, index=cutoff.index)
