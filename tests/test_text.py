"""Numbers as a reader sees them (issue 13, class 9): a missing value reads "–", a value that
rounds to zero reads without a minus sign, in tables and in sentences."""

from __future__ import annotations

import dataclasses
import html
import re

import pandas as pd
import pytest

import kamtools as kt
from kamtools import account_plan_text as pt
from kamtools import tables
from kamtools.account_plan import account_profile
from kamtools.output import labels
from kamtools.output.formats import DECIMALS, compact_text, number_text
from kamtools.policy import load_policy
from kamtools.portfolio import format_kpis
from kamtools.report.plans import page
from kamtools.text import MISSING, num, number

ODD = [float("nan"), -0.0, -1e-9, None, pd.NA, float("inf")]
#: What must never show: nan, nan%, -0, -0.0 %, -0.00, inf.
WRONG = re.compile(r"\bnan\b|nan ?%|(?<![\d,.])-0(\.0+)?(?![\d.])|\binf\b", re.IGNORECASE)


@pytest.mark.parametrize("kind", list(DECIMALS))
@pytest.mark.parametrize("value", ODD)
def test_number_text_of_every_kind(kind, value):
    shown = number_text(value, kind)
    assert not WRONG.search(shown), shown
    zero = f"{0:,.{DECIMALS[kind]}f}" + (" %" if kind == "share" else "")
    assert shown == (zero if isinstance(value, float) and -1 < value <= 0 else MISSING)


def test_numbers_in_sentences():
    assert [f"{num(v):.0%}" for v in ODD] == [MISSING, "0%", "0%", MISSING, MISSING, MISSING]
    assert [f"{num(v):+,.1f}" for v in (-0.0, -1e-9, -0.04, -0.05, 2.0)] == ["+0.0", "+0.0", "+0.0", "-0.1", "+2.0"]
    assert f"{num(-1234.5):,.0f}" == "-1,234" and number(7) == "7"
    assert [compact_text(v, k) for v in (float("nan"), -0.0, -1e-9) for k in ("money", "share")] == [
        "",
        "",
        "0",
        "0%",
        "0",
        "0%",
    ]


def test_report_tables_show_missing_and_negative_zero():
    frame = pd.DataFrame(
        {
            "revenue": pd.Series(ODD, dtype="Float64").astype("float64"),
            "revenue_share": pd.Series(ODD, dtype="Float64").astype("float64"),
            "quick_ratio": pd.Series(ODD, dtype="Float64"),
            "accounts": pd.array([1, None, 0, 0, 0, 0], "Int64"),
        }
    )
    out = html.unescape(tables.style(frame).to_html())
    cells = re.findall(r'class="data row\d col\d" >([^<]*)<', out)
    assert not [c for c in cells if WRONG.search(c)], cells
    assert cells[:4] == [MISSING, MISSING, MISSING, "1"] and cells[4:7] == ["0", "0.0 %", "0.00"]
    shown = tables.values(pd.Series({"revenue_12m": float("nan"), "growth": -0.0, "dso": -1e-9})).to_html()
    assert re.findall(r'class="data row\d col\d" >([^<]*)<', shown) == [MISSING, "0.0 %", "0"]  # whole days


def test_kpi_tiles_show_missing_and_negative_zero():
    k = pd.DataFrame(
        {"month": [float("nan"), -0.0], "change_mom": [-1e-9, float("nan")], "change_unit": ["relative", "points"]},
        index=["revenue", "margin_rate"],
    )
    assert format_kpis(k).to_dict("index") == {
        "revenue": {"month": MISSING, "change_mom": "+0.0 %"},
        "margin_rate": {"month": "0.0 %", "change_mom": MISSING},
    }


@pytest.fixture(scope="module")
def account():
    data = kt.sample_data(customers=40, years=2, seed=5)
    as_of = kt.periods.period_end(kt.periods.data_period(data))
    cid = data.customers["customer_id"].iloc[0]
    return account_profile(data, cid, as_of)


def _odd(series: pd.Series, values=(float("nan"), -0.0, -1e-9)) -> pd.Series:
    """``series`` with every number replaced by NaN, -0.0 and -1e-9 in turn."""
    out = series.astype(object).copy()
    numbers = [k for k, v in series.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    for i, k in enumerate(numbers):
        out[k] = values[i % len(values)]
    return out


def test_account_plan_sentences_without_nan_or_negative_zero(account):
    pol = load_policy(None)
    for shift in range(3):
        values = [(float("nan"), -0.0, -1e-9)[(i + shift) % 3] for i in range(3)]
        odd = dataclasses.replace(
            account,
            profile=_odd(account.profile, values),
            margin=_odd(account.margin, values),
            credit=_odd(account.credit, values),
            aging=_odd(account.aging, values),
            time=_odd(account.time, values),
        )
        odd.credit["previous_grade"] = float("nan")
        stage = str(account.lifecycle["stage"])
        obj = pt.objectives(odd.profile, odd.margin, account.relationship, stage, pol["segments"])
        odd = dataclasses.replace(
            odd,
            objectives=obj,
            credit_check=pt.credit_check(obj["revenue_target"], odd.credit, pol),
            actions=pt.actions(odd.margin, stage, odd.credit, odd.aging, odd.time, obj, account.activities, account.contacts, 1, odd.as_of),
            risks=pt.risks(odd.margin, odd.credit, odd.aging, odd.time, obj, stage, account.activities,
                           account.contacts, kt.credit.grade_order(pol)),
        )  # fmt: skip
        for language in ("en", "zh"):
            labels.use(language, pol)
            shown = re.sub(r"base64,[^\"]*", "", html.unescape(page(odd, "2026-10")))
            assert not WRONG.search(shown), WRONG.search(shown)
        assert "no earlier grade on record" in shown or "无上次评级记录" in shown
    labels.use("en")
