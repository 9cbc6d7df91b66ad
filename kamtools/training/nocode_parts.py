"""The numbers of the no-code exercises of lessons 02, 03, 04, 05, 08 and 10 (无代码练习的数字).

Each function gives the figures one exercise is worked from, one row each (index: a short name) with its Chinese
(``项目``) and English (``item``) label and its ``value``: the inputs of the arithmetic, never its result.
:func:`kamtools.training.worksheets.ingredients` serves them to the no-code notebooks and the printed worksheets.

Nothing here computes an exercise's answer: a participant's kernel imports this module.

>>> import kamtools as kt
>>> from kamtools.training.lesson_data import lesson_date
>>> from kamtools.policy import load_policy
>>> data = kt.sample_data(customers=60, years=2, seed=3)
>>> list(defense_parts(data, lesson_date(data), load_policy(None)).index)
['customers', 'revenue_prev_12m', 'revenue_12m']
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from .. import segments, strategies
from ..store import KamData
from .lesson_data import focus_account

__all__ = [
    "defense_parts",
    "key_discount_parts",
    "man_lead_parts",
    "man_value_parts",
    "quadrant_parts",
    "statement_parts",
    "wallet_parts",
]

#: The lead of exercise 03.code, as the lesson tells it: (Chinese, English, value shown).
_LEAD = {
    "money": ("下一年度的预算已经批准了吗？", "Is next year's budget approved?", "是 yes"),
    "authority": (
        "我们的联系人（采购经理）能签合同吗？",
        "Can our contact (the purchasing manager) sign the contract?",
        "否 no：总经理签字，我们没见过他 the general manager signs, whom we never met",
    ),
    "need": (
        "客户需要我们的产品吗？",
        "Does it need our product?",
        "是 yes：现供应商交不了货 its current supplier cannot deliver",
    ),
}
#: The value matrix's quadrants in the lesson's order.
_QUADRANTS = ("strategic", "maintain", "develop", "minimal")


def _row(zh: str, en: str, value: Any, unit: str = "") -> dict[str, Any]:
    """One number of an exercise; a ``unit`` "percent" shows it as a percentage (0.3 as 30.00 %)."""
    return {"项目": zh, "item": en, "value": value, "unit": unit}


def _frame(rows: dict[str, dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index")


def key_discount_parts(data: KamData, as_of: dt.date, pol: Any) -> pd.DataFrame:
    """02.key_transactional: each key account's discount share and contribution, and the two lines of the rule."""
    pyr = segments.pyramid(data, as_of, pol)
    rel = segments.relational(data, as_of, pol)
    keys = sorted(str(c) for c in pyr.index[pyr["tier"] == "key"])
    rows = {}
    for cid in keys:
        r = rel.loc[cid]
        who = f"{cid} {r['name']}" if isinstance(r["name"], str) and r["name"] else cid
        rows[f"{cid}_discount"] = _row(
            f"{who} 的折扣率", f"discount share of {who}", float(r["discount_share"]), "percent"
        )
        rows[f"{cid}_contribution"] = _row(
            f"{who} 的近12个月边际贡献", f"contribution of {who}, last 12 months", float(r["contribution"])
        )
    first = rel.iloc[0]
    rows["discount_share_limit"] = _row(
        "折扣率上限（高于它即为交易型）",
        "discount share above which a customer is transactional",
        float(first["discount_share_limit"]),
        "percent",
    )
    rows["contribution_split"] = _row(
        "边际贡献下限（低于它即为交易型）",
        "contribution below which a customer is transactional",
        float(first["contribution_split"]),
    )
    return _frame(rows)


def man_lead_parts(data: KamData, as_of: dt.date, pol: Any) -> pd.DataFrame:
    """03.code: the three answers the lead gave, as the lesson tells them."""
    return _frame({k: _row(zh, en, shown) for k, (zh, en, shown) in _LEAD.items()})


def man_value_parts(data: KamData, as_of: dt.date, pol: Any) -> pd.DataFrame:
    """03.approach_value: the leads' estimated annual value per MAN code, each code with its priority."""
    m = segments.man(data)
    by_code = m.groupby("man_code")["estimated_annual_value"].sum()
    rows = {}
    for code, priority in sorted(segments.MAN_PRIORITY.items(), key=lambda kv: kv[1]):
        rows[code] = _row(
            f"{code}（优先级 {priority}）线索的预计年价值合计",
            f"estimated annual value of the {code} leads (priority {priority})",
            float(by_code.get(code, 0.0)),
        )
    return _frame(rows)


def quadrant_parts(data: KamData, as_of: dt.date, pol: Any) -> pd.DataFrame:
    """04.strategic_margin_share: the current value (margin) of each quadrant of the value matrix."""
    vm = segments.value_matrix(data, as_of, pol)
    by_quadrant = vm.groupby("quadrant")["current_value"].sum()
    return _frame(
        {
            q: _row(
                f"{strategies.VALUE_MATRIX[q].zh}的当前价值（近12个月毛利）合计",
                f"current value (margin, last 12 months) of the {q} customers",
                float(by_quadrant.get(q, 0.0)),
            )
            for q in _QUADRANTS
        }
    )


def statement_parts(data: KamData, as_of: dt.date, pol: Any) -> pd.DataFrame:
    """05.quick_ratio, 05.debt_ratio, 05.net_margin: the case account's latest statement on or before ``as_of``."""
    cid = focus_account(data, as_of)
    fin = data.financials
    own = fin[(fin["customer_id"] == cid) & (pd.to_datetime(fin["period_end"]) <= pd.Timestamp(as_of))]
    s = own.sort_values("period_end").iloc[-1]
    prepaid = s.get("prepaid_expenses")
    prepaid = 0.0 if prepaid is None or pd.isna(prepaid) else float(prepaid)
    items = {
        "current_assets": ("流动资产", "current assets"),
        "inventory": ("存货", "inventory"),
        "current_liabilities": ("流动负债", "current liabilities"),
        "total_assets": ("资产总额", "total assets"),
        "total_liabilities": ("负债总额", "total liabilities"),
        "revenue": ("营业收入", "revenue"),
        "net_profit": ("净利润（亏损为负数）", "net profit (a loss is negative)"),
    }
    rows = {"period_end": _row("报表期末日", "statement at", str(pd.Timestamp(s["period_end"]).date()))}
    for k, (zh, en) in items.items():
        rows[k] = _row(zh, en, float(s[k]))
        if k == "inventory":
            rows["prepaid_expenses"] = _row("预付费用（缺失记为 0）", "prepaid expenses (0 when missing)", prepaid)
    return _frame(rows)


def wallet_parts(data: KamData, as_of: dt.date, pol: Any) -> pd.DataFrame:
    """08.wallet_share and 08.account_time_share: the case account's revenue, wallet and hours, and the key
    accounts' hours."""
    cid = focus_account(data, as_of)
    facts = segments.customer_facts(data, as_of)
    pyr = segments.pyramid(data, as_of, pol)
    key_hours = pyr.loc[pyr["tier"] == "key", "hours_12m"]
    return _frame(
        {
            "revenue_12m": _row(
                "案例客户近12个月向我们的采购额",
                "the case account's purchases from us, last 12 months",
                float(facts.loc[cid, "revenue_12m"]),
            ),
            "wallet_estimate": _row(
                "案例客户对本品类的年采购总额（估计）",
                "its estimated yearly purchases of our category from everyone",
                float(facts.loc[cid, "wallet_estimate"]),
            ),
            "account_hours": _row(
                "案例客户近12个月得到的销售小时", "selling hours it got, last 12 months", float(key_hours.get(cid, 0.0))
            ),
            "key_hours": _row(
                "全部重点客户近12个月的销售小时",
                "selling hours of all key accounts, last 12 months",
                float(key_hours.sum()),
            ),
        }
    )


def defense_parts(data: KamData, as_of: dt.date, pol: Any) -> pd.DataFrame:
    """10.defense_decline: the revenue of the customers in 防御期 this year and the year before."""
    lc = segments.lifecycle(data, as_of, pol)
    own = lc[lc["stage"] == "defense"]
    return _frame(
        {
            "customers": _row("防御期客户数", "customers in the defense stage", len(own), "count"),
            "revenue_prev_12m": _row(
                "防御期客户前12个月收入合计",
                "their revenue of the 12 months before",
                float(own["revenue_prev_12m"].sum()),
            ),
            "revenue_12m": _row(
                "防御期客户近12个月收入合计", "their revenue of the last 12 months", float(own["revenue_12m"].sum())
            ),
        }
    )
