"""The words of the summary for limits that wait for a financial statement (``credit.limit.statement_first``):
a cut whose only reason is a missing statement asks the credit department for the statement first, by the one
date of the policy (:func:`kamtools.credit.statement_first.statement_due`, the date the data overview gives too);
the limit in force is capped at the exposure meanwhile, and the limit without a statement (unsecured at most the
starter limit) is approved if it does not come. In English and Chinese, with the amounts written by the summary's
``money``."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

Money = Callable[[float, str], str]


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def statement_side(row: pd.Series, money: Money, level: tuple[str, str]) -> tuple[str, str]:
    """What credit decides for a customer whose limit waits for its statement, as the summary's line of a
    customer says it (``level``: the approver's level in English and Chinese).

    >>> row = pd.Series({"approved_limit": 3230000.0, "recommended_limit": 333000.0, "statement_fallback": 50000.0,
    ...     "statement_due": pd.Timestamp("2026-11-05")})
    >>> en, zh = statement_side(row, lambda v, lang: f"{v:,.0f}", ("Regional company manager", "地区公司经理"))
    >>> print(en)
    its financial statement first: the credit department obtains it by 2026-11-05; meanwhile its limit goes from 3,230,000 to 333,000 (capped at its exposure), waiting for the regional company manager: it takes effect on approval; if the statement is not received, the limit without it, 50,000, is approved
    >>> print(zh)
    先取得财务报表：由信用部在2026-11-05前取得；在此期间额度由3,230,000降至333,000（以风险敞口为上限），待地区公司经理审批，批准后生效；未取得报表再按无报表时的额度50,000审批
    """
    approved, rec = float(row["approved_limit"]), float(row["recommended_limit"])
    due, fallback = _day(row["statement_due"]), float(row["statement_fallback"])
    if rec < approved:
        limit_en = (
            f"meanwhile its limit goes from {money(approved, 'en')} to {money(rec, 'en')} (capped at its exposure), "
            f"waiting for the {level[0].lower()}: it takes effect on approval"
        )
        limit_zh = (
            f"在此期间额度由{money(approved, 'zh')}降至{money(rec, 'zh')}（以风险敞口为上限），"
            f"待{level[1] or level[0]}审批，批准后生效"
        )
    else:
        limit_en, limit_zh = (
            f"meanwhile its limit stays at {money(approved, 'en')}",
            f"在此期间维持额度{money(approved, 'zh')}",
        )
    return (
        f"its financial statement first: the credit department obtains it by {due}; {limit_en}; if the statement "
        f"is not received, the limit without it, {money(fallback, 'en')}, is approved",
        f"先取得财务报表：由信用部在{due}前取得；{limit_zh}；未取得报表再按无报表时的额度{money(fallback, 'zh')}审批",
    )


def statements_due(lim: pd.DataFrame, money: Money, names: Mapping[str, str]) -> tuple[str, str, float] | None:
    """One decision for every limit that waits for a financial statement: how many, the largest three by
    exposure named, the date, what the limits are meanwhile and what follows without the statement, in English
    and Chinese, and the exposure at stake; None when no limit waits for one."""
    if "statement_first" not in lim:
        return None
    waiting = lim[lim["statement_first"].fillna(False).astype(bool)]
    if waiting.empty:
        return None
    waiting = waiting.sort_values("exposure", ascending=False, kind="stable")
    shown = [f"{names[c]} ({c})" if names.get(c, c) != c else c for c in waiting.index.astype(str)[:3]]
    due, n = _day(waiting["statement_due"].iloc[0]), len(waiting)
    before, after = float(waiting["approved_limit"].sum()), float(waiting["recommended_limit"].sum())
    one = n == 1
    listed_en = ", ".join(shown) + (f" and {n - 3:,} more" if n > 3 else "")
    listed_zh = "、".join(shown) + (f"等{n:,}家" if n > 3 else "")
    return (
        f"{n:,} limit{'' if one else 's'} would be cut only because the financial statement is missing ({listed_en}): "
        f"the credit department obtains the statement{'' if one else 's'} by {due}, before the cut"
        f"{' is' if one else 's are'} approved; meanwhile the limit in force is capped at the exposure "
        f"({money(before, 'en')} to {money(after, 'en')}{'' if one else ' in all'}); if the statement is not "
        "received, the limit without it (unsecured at most the starter limit) is approved",
        f"{n:,}家客户仅因缺少财务报表将被降额（{listed_zh}）：由信用部在{due}前取得财务报表，然后再审批降额；在此期间现有额度"
        f"以风险敞口为上限（{'' if one else '合计'}由{money(before, 'zh')}降至{money(after, 'zh')}）；未取得报表的，"
        "按无报表时的额度（无担保部分不超过起始额度）审批",
        float(waiting["exposure"].sum()),
    )
