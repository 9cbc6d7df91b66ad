"""The check that every page of a report prints the same headline numbers (used by the report tests).

Each page states its headline numbers through :func:`kamtools.output.headlines.sentence`, which
marks them in the HTML; :func:`assert_pages_agree` collects the marks of every page and fails
when a page leaves out a number it should state, when two pages print two values for one
number, or when a page's number is not the one :func:`kamtools.headline.kpis` gives for the
report's store, date and policy.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

import kamtools as kt
from kamtools.output import headlines
from kamtools.periods import period_end

#: The headline numbers each report page must state (by the page's file name, without extension).
REQUIRED = {
    "00_data_overview": {"revenue_month", "buyers_month"},
    "01_portfolio": {
        "revenue_month",
        "revenue_12m",
        "margin_rate_12m",
        "buyers_month",
        "buyers_12m",
        "concentration",
        "customers_won_month",
        "customers_lost_month",
        "customers_lost",
        "lifecycle_breakthrough",
        "lifecycle_growth",
        "lifecycle_defense",
        "open_receivables",
        "overdue_share",
        "over_limit_customers",
        "overlimit",
        "overlimit_uncovered",
    },
    "02_segmentation": {
        "buyers_12m",
        "concentration",
        "lifecycle_breakthrough",
        "lifecycle_growth",
        "lifecycle_defense",
        "key_accounts_declining",
    },
    "03_credit_review": {"over_limit_customers", "overlimit", "overlimit_uncovered"},
    "04_receivables": {"open_receivables", "overdue", "overdue_share", "dso", "cei"},
}


def page_marks(pages: list[Path]) -> pd.DataFrame:
    """The marked headline numbers of the HTML ``pages``, one row per mark with its ``page``."""
    frames = []
    for page in pages:
        marks = headlines.collect(page.read_text(encoding="utf-8"))
        frames.append(marks.assign(page=page.stem))
    return pd.concat(frames, ignore_index=True)


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)


def assert_pages_agree(pages: list[Path], db, period: str, policy=None) -> pd.DataFrame:
    """Fail unless the report ``pages`` (HTML files) state the same headline numbers as one
    another and as :func:`kamtools.kpis` on the store ``db`` for ``period``; returns the marks."""
    marks = page_marks(pages)
    for page in pages:
        shown = set(marks.loc[marks["page"] == page.stem, "kpi"])
        missing = REQUIRED.get(page.stem, set()) - shown
        assert not missing, f"{page.name} does not state the headline numbers {sorted(missing)}"
    disagree = []
    # a page in both languages states each number twice, "71 天" in the Chinese sentence and "71 days" in the
    # English one: the same text, each in its language
    marks["said"] = marks["text"].map(lambda t: headlines.in_language(t, "zh"))
    # money reads as 264.2万元 in the Chinese sentence and CNY 2.64 M in the English one: the same amount,
    # compared by its value
    money = marks["said"].str.endswith("元") | marks["said"].str.match(r"^-?[A-Z]{3} ")
    marks.loc[money, "said"] = "money"
    for (kpi, field), group in marks.groupby(["kpi", "field"]):
        group = group.drop_duplicates(["page", "said", "value"])
        first = group.iloc[0]
        for _, other in group.iloc[1:].iterrows():
            if other["said"] != first["said"] or not _same(other["value"], first["value"]):
                disagree.append(
                    f"{kpi} ({field}): {first['text']} ({float(first['value'])!r}) on {first['page']}, "
                    f"{other['text']} ({float(other['value'])!r}) on {other['page']}"
                )
    assert not disagree, "the pages disagree:\n" + "\n".join(disagree)
    data = kt.load(db)
    expected = kt.kpis(data, period_end(period), kt.policy.load_policy(policy))
    wrong = [
        f"{m.kpi} ({m.field}) on {m.page}: {m.value!r}, kpis() gives {float(expected.at[m.kpi, m.field])!r}"
        for m in marks.itertuples()
        if not _same(m.value, float(expected.at[m.kpi, m.field]))
    ]
    assert not wrong, "a page's headline number is not the one of kt.kpis:\n" + "\n".join(wrong)
    return marks
