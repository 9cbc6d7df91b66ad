"""The scorecard checked against outcomes (评分卡回测): did the customers it graded low go bad?

:func:`validate_scorecard` scores the book as it stood at each of the last
``credit.validation.months`` month ends that have ``outcome_months`` of history after
them (the same scorecard as :func:`~kamtools.credit.score`, with only what was known on
that day), and marks a customer **bad** after a month end when, at one of the following
``outcome_months`` month ends, it owed at least ``bad_min_amount`` more than
``bad_days_past_due`` days past due (the settled ledger of the store; the book has no
write-off table, so a debt written off by a credit note shows only while it was open).
A customer already bad at the month end, or with neither purchases in the twelve months
before it nor receivables then, is not in that month's population.

It reports the discriminating power of the score (AUC, the probability that a customer
who stayed good scored higher than one who went bad, ties counting half; Gini =
2 AUC - 1; Mann-Whitney by ranks), the bad rate of each grade, and the population
stability (PSI) of the grade mix from one month end to the next. With at least
``min_bad_customers`` customers gone bad it fits a statistical scorecard beside the
expert one -- WoE/IV binning of the same ratios and factors and a logistic regression
(optbinning), on the earlier half of the month ends, both judged on the later half --
and shows both.

Statements count from their fiscal year end (the store has no filing date): at a month
end shortly after a year end the check sees statements a credit analyst would receive
months later, which flatters the ratios a little.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import facts
from ..periods import as_timestamp
from ..policy import Policy, load_policy
from ..schema import CREDIT_FACTORS
from ..store import KamData
from ._common import ITEMS, RATIOS
from .grades import grade_order
from .scorecard import score_inputs, state_at

try:  # the statistical scorecard (a dependency of the package; a hand-made WoE binning stands in without it)
    from optbinning import BinningProcess, Scorecard
    from sklearn.linear_model import LogisticRegression
except ImportError:  # pragma: no cover - installed with the package
    BinningProcess = Scorecard = LogisticRegression = None

#: The features of the statistical scorecard: the ratio values and the factor scores.
FEATURES = [*RATIOS, *CREDIT_FACTORS]
#: Share standing in for an empty grade in the PSI (ln 0 is undefined): one in ten thousand.
PSI_FLOOR = 1e-4


@dataclass
class ScorecardValidation:
    """The outcome check of the scorecard (:func:`validate_scorecard`).

    ``observations``: one row per customer and month end of the population (``score``,
    ``grade`` (the scorecard's, NR when not rated), ``bad``, the features);
    ``summary``: per scorecard (expert, and statistical when fitted) and sample, the
    observations, bads, bad rate, ``auc`` and ``gini``; ``by_grade``: observations, bads
    and bad rate of each grade; ``by_month``: the same per month end with the month's AUC
    and Gini; ``psi``: the PSI of the grade mix against the month end before, with its
    status (stable / watch / shift); ``binning``: the WoE/IV binning of the statistical
    scorecard (empty when none was fitted); ``note``: how the statistical scorecard was
    made, or why not (``note_zh``: the same in Chinese).
    """

    observations: pd.DataFrame
    summary: pd.DataFrame
    by_grade: pd.DataFrame
    by_month: pd.DataFrame
    psi: pd.DataFrame
    binning: pd.DataFrame
    note: str
    note_zh: str = ""


# --------------------------------------------------------------------------- measures
def auc(score: pd.Series, bad: pd.Series) -> float:
    """Area under the ROC curve of ``score`` (higher = better) against ``bad``: the chance that a
    good scored higher than a bad, ties half (Mann-Whitney U from average ranks). NaN without
    both goods and bads.

    >>> import pandas as pd
    >>> auc(pd.Series([90, 80, 70, 60]), pd.Series([False, True, False, True]))
    0.75
    """
    s = pd.Series(np.asarray(score, dtype=float))
    b = np.asarray(bad, dtype=bool)
    n_bad, n_good = int(b.sum()), int((~b).sum())
    if n_bad == 0 or n_good == 0:
        return float("nan")
    ranks = s.rank(method="average").to_numpy()
    u = ranks[~b].sum() - n_good * (n_good + 1) / 2
    return float(u / (n_good * n_bad))


def psi(actual: pd.Series, expected: pd.Series) -> float:
    """Population stability index of the shares ``actual`` against ``expected`` (same index):
    sum of (actual - expected) x ln(actual / expected), each share at least :data:`PSI_FLOOR`.

    >>> import pandas as pd
    >>> round(psi(pd.Series({"A": 0.5, "B": 0.5}), pd.Series({"A": 0.25, "B": 0.75})), 4)
    0.2747
    """
    a = np.maximum(np.asarray(actual, dtype=float), PSI_FLOOR)
    e = np.maximum(np.asarray(expected, dtype=float), PSI_FLOOR)
    return float(((a - e) * np.log(a / e)).sum())


# --------------------------------------------------------------------------- outcomes
def _month_ends(as_of_ts: pd.Timestamp, v: Any) -> tuple[pd.Timestamp, list[pd.Timestamp]]:
    """The last month end on or before ``as_of``, and the month ends checked (oldest first)."""
    last = as_of_ts if as_of_ts.is_month_end else as_of_ts - pd.offsets.MonthEnd(1)
    newest = last - pd.offsets.MonthEnd(int(v["outcome_months"]))
    return last, [newest - pd.offsets.MonthEnd(k) for k in range(int(v["months"]) - 1, -1, -1)]


def outcomes(data: KamData, as_of: dt.date | str, policy: Any = None) -> pd.DataFrame:
    """Who was on the book, who was bad, and who went bad after each month end checked.

    One row per customer and month end checked: ``on_book`` (purchases in the twelve months
    to it, or receivables then), ``bad_now`` (at least ``bad_min_amount`` more than
    ``bad_days_past_due`` days past due then) and ``bad`` (so at one of the
    ``outcome_months`` month ends after it).
    """
    pol = load_policy(policy)
    v = pol["credit"]["validation"]
    last, checked = _month_ends(as_timestamp(as_of), v)
    # the month ends checked and their outcome months, and eleven before them for the purchases
    # of the twelve months to the first (the oldest point also carries all that is older)
    horizon = min(99, int(v["months"]) + int(v["outcome_months"]) + 11)
    # the month-end receivables split at the bad days past due (days: the sales window, not read)
    bad_days = int(v["bad_days_past_due"])
    raw = facts.query(data, "receivables_monthly", as_of=last.date(), months=horizon, days=1, late_days=bad_days)
    raw["customer_id"] = raw["customer_id"].astype("str")
    raw["late"] = raw["receivables"].astype(float) - raw["not_due"].astype(float)
    points = [last - pd.offsets.MonthEnd(k) for k in range(horizon, -1, -1)]  # oldest first
    ids = pd.Index(sorted(raw["customer_id"].unique()), name="customer_id", dtype="str")
    k_of = {k: i for i, k in enumerate(range(horizon, -1, -1))}
    grid = {c: np.zeros((len(ids), len(points))) for c in ("receivables", "late", "sales")}
    rows = ids.get_indexer(raw["customer_id"])
    cols = raw["k"].astype(int).map(k_of).to_numpy()
    for c in grid:
        grid[c][rows, cols] = raw[c].astype(float).to_numpy()
    late = grid["late"] >= max(float(v["bad_min_amount"]), 0.005)
    # Sales over the twelve months to each point (point 0 carries everything older: not counted).
    sales12 = pd.DataFrame(grid["sales"]).T.rolling(12, min_periods=1).sum().T.to_numpy()
    n_out = int(v["outcome_months"])
    out = []
    for m in checked:
        j = points.index(m)
        out.append(
            pd.DataFrame(
                {
                    "customer_id": ids,
                    "month_end": m,
                    "on_book": (sales12[:, j] > 0) | (grid["receivables"][:, j] > 0),
                    "bad_now": late[:, j],
                    "bad": late[:, j + 1 : j + 1 + n_out].any(axis=1),
                }
            )
        )
    frame = pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=["customer_id", "month_end"])
    return frame


# --------------------------------------------------------------------------- the check
def _empty(ids: pd.Index, columns) -> pd.DataFrame:
    return pd.DataFrame({c: np.full(len(ids), np.nan) for c in columns}, index=ids)


def _observations(data: KamData, as_of: Any, pol: Policy) -> pd.DataFrame:
    """The scorecard at each month end checked, for the customers on the book and not bad then."""
    out = outcomes(data, as_of, pol)
    pop = out[out["on_book"] & ~out["bad_now"]]
    inputs = score_inputs(data, pol)
    frames = []
    for m, part in pop.groupby("month_end", sort=True):
        st = state_at(inputs, pd.Timestamp(m), pol)
        ids = pd.Index(part["customer_id"])
        # each frame looked up once for the customers of the month (the statements and assessments
        # know only customers of the book, the index of the scorecard)
        rat = st.rat[list(RATIOS)].reindex(ids).astype(float) if len(st.rat) else _empty(ids, RATIOS)
        fac = (
            st.fac[list(CREDIT_FACTORS)].reindex(ids).astype("Float64").astype(float)
            if len(st.fac)
            else _empty(ids, CREDIT_FACTORS)
        )
        items = pd.DataFrame({"score": st.items.score, "grade": st.items.grade_model, "is_nr": st.items.is_nr}).reindex(
            ids
        )
        got = pd.DataFrame(
            {
                "customer_id": ids,
                "month_end": pd.Timestamp(m),
                "score": items["score"].to_numpy(),
                "grade": items["grade"].to_numpy(),
                "is_nr": items["is_nr"].to_numpy(),
                "bad": part["bad"].to_numpy(),
            }
        )
        frames.append(pd.concat([got, rat.reset_index(drop=True), fac.reset_index(drop=True)], axis=1))
    cols = ["customer_id", "month_end", "score", "grade", "is_nr", "bad", *FEATURES]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)


def _rates(obs: pd.DataFrame, by: str, order: list | None = None) -> pd.DataFrame:
    g = obs.groupby(by, sort=True)["bad"]
    tab = pd.DataFrame({"observations": g.size(), "bads": g.sum().astype("int64")})
    if order is not None:
        tab = tab.reindex(order, fill_value=0)
    tab["bad_rate"] = (tab["bads"] / tab["observations"].where(tab["observations"] > 0)).astype(float)
    return tab


def _psi_table(obs: pd.DataFrame, order: list[str], v: Any) -> pd.DataFrame:
    """The PSI of each month end's grade mix against the month end before."""
    mix = pd.crosstab(obs["month_end"], obs["grade"]).reindex(columns=order, fill_value=0)
    shares = mix.div(mix.sum(axis=1), axis=0)
    rows = [
        {"month_end": m, "previous": p, "psi": psi(shares.loc[m], shares.loc[p])}
        for p, m in zip(shares.index[:-1], shares.index[1:])
    ]
    tab = pd.DataFrame(rows, columns=["month_end", "previous", "psi"]).set_index("month_end")
    tab["status"] = np.select(
        [tab["psi"] >= float(v["psi_alert"]), tab["psi"] >= float(v["psi_watch"])], ["shift", "watch"], "stable"
    )
    return tab


def _summary_row(name: str, sample: str, score: pd.Series, bad: pd.Series, customers: pd.Series) -> dict:
    a = auc(score, bad)
    return {
        "scorecard": name,
        "sample": sample,
        "observations": int(len(bad)),
        "customers": int(customers.nunique()),
        "bads": int(np.asarray(bad, dtype=bool).sum()),
        "bad_customers": int(customers[np.asarray(bad, dtype=bool)].nunique()),
        "bad_rate": float(np.mean(bad)) if len(bad) else float("nan"),
        "auc": a,
        "gini": 2 * a - 1,
    }


def validate_scorecard(data: KamData, as_of: dt.date | str, policy: Any = None) -> ScorecardValidation:
    """Check the scorecard against what became of the customers it scored.

    See the module's docstring for the method; every number comes from the ``credit``
    section of the policy (``validation``, and the scorecard's own keys).

    Parameters
    ----------
    data
        The book with its history (invoices and payments, statements, assessments).
    as_of
        The last day of history used: the month ends checked end ``outcome_months`` before it.
    policy
        Policy path, mapping or None (defaults).

    Returns
    -------
    :class:`ScorecardValidation`

    Examples
    --------
    >>> import kamtools as kt
    >>> check = validate_scorecard(kt.sample_data(customers=40, years=2, seed=1), "2026-10-31",
    ...                            {"credit": {"validation": {"months": 6}}})
    >>> list(check.summary.columns[:3]), len(check.psi)
    (['scorecard', 'sample', 'observations'], 5)
    """
    pol = load_policy(policy)
    v = pol["credit"]["validation"]
    obs = _observations(data, as_of, pol)
    order = grade_order(pol)
    rated = obs[~obs["is_nr"].astype(bool)]
    rows = [_summary_row("expert", "all month ends", rated["score"], rated["bad"], rated["customer_id"])]
    by_month = _rates(obs, "month_end")
    month_auc = {m: auc(g["score"], g["bad"]) for m, g in rated.groupby("month_end")}
    by_month["auc"] = by_month.index.map(lambda m: month_auc.get(m, np.nan)).astype(float)
    by_month["gini"] = 2 * by_month["auc"] - 1
    bad_customers = obs.loc[obs["bad"].astype(bool), "customer_id"].nunique()
    binning = pd.DataFrame(columns=["variable", "bin", "count", "bads", "woe", "iv"])
    if bad_customers < int(v["min_bad_customers"]):
        needed = int(v["min_bad_customers"])
        note = (
            f"no statistical scorecard: {bad_customers} customers went bad, fewer than the {needed} the policy asks "
            "for to fit one"
        )
        note_zh = f"未拟合统计评分卡：只有{bad_customers}家客户发生违约，少于政策要求的{needed}家"
    else:
        more, binning, note, note_zh = _statistical(rated)
        rows += more
    summary = pd.DataFrame(rows)
    return ScorecardValidation(
        obs, summary, _rates(obs, "grade", order), by_month, _psi_table(obs, order, v), binning, note, note_zh
    )


# --------------------------------------------------------------------------- statistical scorecard
def _split(obs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Earlier half of the month ends to fit on, later half to judge on (out of time)."""
    months = np.sort(obs["month_end"].unique())
    cut = months[len(months) // 2] if len(months) > 1 else months[-1]
    return obs[obs["month_end"] < cut], obs[obs["month_end"] >= cut]


def _statistical(rated: pd.DataFrame) -> tuple[list[dict], pd.DataFrame, str, str]:
    """Fit the statistical scorecard on the earlier month ends; both scorecards judged on the later."""
    fit, test = _split(rated)
    y_fit = fit["bad"].astype(int).to_numpy()
    # a feature the fitting months do not know (e.g. 3-year growth before the statements allow it,
    # or one value only) cannot be binned: left out, and the note says which
    usable = [f for f in FEATURES if fit[f].notna().sum() >= 20 and fit[f].nunique() > 1]
    left_out = [f for f in FEATURES if f not in usable]
    if BinningProcess is not None:
        stat_score, binning = _optbinning(fit[usable], y_fit, test[usable])
        how = "optbinning: optimal WoE binning of each ratio and factor, logistic regression on the WoE"
        how_zh = "对每个比率和定性因素做最优WoE分箱，再以WoE做逻辑回归"
    else:  # pragma: no cover - optbinning is a dependency of the package
        stat_score, binning = _woe_sum(fit[usable], y_fit, test[usable])
        how = "hand-made WoE binning (quintiles and a missing bin), scored by the sum of the WoE"
        how_zh = "手工WoE分箱（五分位加缺失值一箱），按WoE之和评分"
    months = np.sort(rated["month_end"].unique())
    fitted, last = len(np.unique(fit["month_end"])), pd.Timestamp(months[len(months) // 2 - 1])
    half = f"fitted on {fitted} month ends to {last:%Y-%m}"
    rows = [
        _summary_row("expert", "later month ends", test["score"], test["bad"], test["customer_id"]),
        _summary_row("statistical", "later month ends", stat_score, test["bad"], test["customer_id"]),
    ]
    unused = f"; not enough values to bin: {', '.join(ITEMS[f][0] for f in left_out)}" if left_out else ""
    note = f"statistical scorecard: {how}; {half}, judged with the expert one on the later month ends{unused}"
    unused_zh = f"；数值不足、无法分箱：{'、'.join(ITEMS[f][1] for f in left_out)}" if left_out else ""
    note_zh = (
        f"统计评分卡：{how_zh}；用截至{last:%Y-%m}的{fitted}个月末拟合，在较后的月末与专家评分卡一起检验{unused_zh}"
    )
    return rows, binning, note, note_zh


def _optbinning(x_fit: pd.DataFrame, y_fit: np.ndarray, x_test: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """optbinning's scorecard: WoE binning, logistic regression; the score is minus the probability of going bad."""
    process = BinningProcess(list(x_fit.columns), min_prebin_size=0.05)
    card = Scorecard(binning_process=process, estimator=LogisticRegression(max_iter=1000))
    with warnings.catch_warnings():  # optbinning's own warnings (a bin without bads, pandas) are not the reader's
        warnings.simplefilter("ignore")
        card.fit(x_fit, y_fit)
        stat_score = pd.Series(-card.predict_proba(x_test)[:, 1], index=x_test.index)
        tables = {n: card.binning_process_.get_binned_variable(n).binning_table.build() for n in x_fit.columns}
    parts = []
    for name in x_fit.columns:
        table = tables[name]
        table = table[~table.index.isin(["Totals"])]
        parts.append(
            pd.DataFrame(
                {
                    "variable": name,
                    "bin": table["Bin"].astype(str).to_numpy(),
                    "count": table["Count"].to_numpy(),
                    "bads": table["Event"].to_numpy(),
                    "woe": table["WoE"].astype(float).to_numpy(),
                    "iv": table["IV"].astype(float).to_numpy(),
                }
            )
        )
    return stat_score, pd.concat(parts, ignore_index=True)


def _woe_sum(x_fit: pd.DataFrame, y_fit: np.ndarray, x_test: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """Hand-made WoE binning: up to five quantile bins and a missing bin per feature, WoE =
    ln(share of goods / share of bads) with half a count added to each cell; the score is the
    sum of the WoE of a customer's bins (higher = better)."""
    bad = y_fit.astype(bool)
    total = pd.Series(0.0, index=x_test.index)
    parts = []
    for name in x_fit.columns:
        col = x_fit[name].astype(float)
        edges = np.unique(np.nanquantile(col, [0.2, 0.4, 0.6, 0.8])) if col.notna().any() else np.array([])
        fit_bin = np.where(col.isna(), -1, np.searchsorted(edges, col, side="right"))
        test_col = x_test[name].astype(float)
        test_bin = np.where(test_col.isna(), -1, np.searchsorted(edges, test_col, side="right"))
        bins = np.arange(-1, len(edges) + 1)
        goods = np.array([((fit_bin == k) & ~bad).sum() for k in bins], dtype=float)
        bads = np.array([((fit_bin == k) & bad).sum() for k in bins], dtype=float)
        woe = np.log(
            ((goods + 0.5) / (goods.sum() + 0.5 * len(bins))) / ((bads + 0.5) / (bads.sum() + 0.5 * len(bins)))
        )
        iv = ((goods / max(goods.sum(), 1)) - (bads / max(bads.sum(), 1))) * woe
        total += woe[np.searchsorted(bins, test_bin)]
        labels = ["missing", *[f"bin {k}" for k in range(len(edges) + 1)]]
        parts.append(
            pd.DataFrame({"variable": name, "bin": labels, "count": goods + bads, "bads": bads, "woe": woe, "iv": iv})
        )
    return total, pd.concat(parts, ignore_index=True)
