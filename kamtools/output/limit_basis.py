"""The basis of a recommended limit in one line, for a page's table: the rule that set the limit and
what it asks now (an invoice handed to collections or legal action, the money to collect, the orders
held, the payment terms), in English or Chinese. The whole calculation (``limit_reason``, 300 to
1,000 characters) stays in the credit forms' register and the limit application.

>>> lim = pd.DataFrame({"limit_rule": ["starter", "grade"], "max_days_past_due": [12, 0],
...     "collect_first": [283_000.0, 0.0], "orders_held": [0.0, 0.0], "cash_in_advance": [True, False],
...     "terms_shortened": [True, False], "payment_terms_days": [60, 30], "proposed_terms_days": [0, 30]},
...     index=["C1", "C2"])
>>> limit_basis(lim, "zh").tolist()
['无财务报表：不超过起始额度；收款28.3万元；改为预付现金（原60天）', '按等级折算的账期需求']
>>> limit_basis(lim, "en")["C1"]
'No statement: at most the starter limit; collect CNY 283 k; cash in advance (was 60 days)'
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..policy import load_policy
from .currency import short_amount
from .labels import cell


def _days(s: pd.Series) -> pd.Series:
    return s.astype(float).fillna(0.0).round().astype("int64").astype("str")


def _line(lim: pd.DataFrame, lang: str, legal_days: int, policy: Any) -> pd.Series:
    """The line in ``lang`` (``en`` or ``zh``)."""
    en = lang == "en"
    rules = lim["limit_rule"].astype("str")
    out = rules.map({code: str(cell("limit_rule", code, lang)) for code in rules.unique()})
    late = lim["max_days_past_due"].astype(float).fillna(0.0)
    collect, held = (lim[c].astype(float).fillna(0.0) for c in ("collect_first", "orders_held"))
    collect_text, held_text = short_amount(collect, lang, policy), short_amount(held, lang, policy)
    terms, proposed = _days(lim["payment_terms_days"]), _days(lim["proposed_terms_days"])
    cash = lim["cash_in_advance"].fillna(False).astype(bool) & (terms != "0")
    shorter = lim["terms_shortened"].fillna(False).astype(bool) & ~cash
    parts = (
        (
            late > legal_days,
            "invoice " + _days(late) + " days past due: to collections/legal"
            if en
            else "有发票逾期" + _days(late) + "天：移交催收/法务",
        ),
        (collect > 0, "collect " + collect_text if en else "收款" + collect_text),
        (held > 0, "open orders " + held_text + " held" if en else "暂停未开票订单" + held_text),
        (cash, "cash in advance (was " + terms + " days)" if en else "改为预付现金（原" + terms + "天）"),
        (
            shorter,
            "terms " + proposed + " days (was " + terms + ")"
            if en
            else "账期改为" + proposed + "天（原" + terms + "天）",
        ),
    )
    sep = "; " if en else "；"
    for mask, text in parts:
        out = out + (sep + text).where(mask, "")
    return out


def limit_basis(lim: pd.DataFrame, lang: str, policy: Any = None) -> pd.Series:
    """The basis of each recommended limit of ``lim`` (:func:`kamtools.credit.limits`) in one line, in
    ``lang`` (``both``: the Chinese, then the English): the label of its rule, then, where they apply,
    an invoice past the policy's legal-action days (``credit.limit.legal_days_past_due``), the money to
    collect first, the open orders held, and cash in advance or shorter payment terms."""
    legal = int(load_policy(policy)["credit"]["limit"]["legal_days_past_due"])
    if lang in ("en", "zh"):
        return _line(lim, lang, legal, policy)
    return _line(lim, "zh", legal, policy) + " " + _line(lim, "en", legal, policy)
