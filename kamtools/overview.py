"""What the data holds: row counts, months covered and completeness of the book, and in
words what is missing and what that means for the numbers of the report (:func:`gaps`).

All row-level counting runs as SQL in the store.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from . import credit
from . import segments as seg
from .credit import RATIOS
from .periods import AsOf, as_date, months_before, period_bounds, period_of
from .policy import load_policy
from .schema import TABLES
from .store import KamData, quote_ident
from .text import num, number


def table_counts(data: KamData) -> pd.DataFrame:
    """Rows per table of the data model, with the table's description.

    >>> import kamtools as kt
    >>> table_counts(kt.sample_data(customers=15, years=1, seed=1)).loc["customers", "rows"]
    np.int64(15)
    """
    rows = []
    for name, t in TABLES.items():
        n = int(data.sql(f"select count(*) as n from {quote_ident(name)}")["n"].iloc[0]) if data.has(name) else 0
        rows.append({"table": name, "rows": n, "present": data.has(name), "description": t.description})
    return pd.DataFrame(rows).set_index("table").astype({"rows": "int64"})


def monthly_activity(data: KamData, as_of: AsOf, months: int = 24) -> pd.DataFrame:
    """Invoices, credit notes and payments per month, for ``months`` months up to the month of ``as_of``.

    The last month counts up to ``as_of`` (the whole month for a month-end ``as_of``).
    Months without any document appear with zeros, so gaps in an export show.

    >>> import kamtools as kt
    >>> m = monthly_activity(kt.sample_data(customers=15, years=1, seed=1, end="2026-10-31"), "2026-10-31", 3)
    >>> m.index.tolist(), bool(m["invoices"].gt(0).all())
    (['2026-08', '2026-09', '2026-10'], True)
    """
    end = as_date(as_of)
    start = period_bounds(period_of(end))[0]
    first = (pd.Timestamp(start) - pd.DateOffset(months=months - 1)).date()
    q = """
    with months as (
        select cast(m as date) as month
        from generate_series(cast($first as timestamp), cast($start as timestamp), interval 1 month) t(m)
    ),
    inv as (
        select date_trunc('month', invoice_date) as month,
               count(*) filter (where amount >= 0) as invoices,
               count(*) filter (where amount < 0) as credit_notes,
               sum(amount) as invoiced
        from invoices where invoice_date between $first and $end group by 1
    ),
    pay as (
        select date_trunc('month', payment_date) as month, count(*) as payments, sum(amount) as collected
        from payments where payment_date between $first and $end group by 1
    )
    select strftime(months.month, '%Y-%m') as month,
           coalesce(inv.invoices, 0) as invoices,
           coalesce(inv.credit_notes, 0) as credit_notes,
           coalesce(inv.invoiced, 0) as invoiced,
           coalesce(pay.payments, 0) as payments,
           coalesce(pay.collected, 0) as collected
    from months
    left join inv on inv.month = months.month
    left join pay on pay.month = months.month
    order by months.month
    """
    df = data.sql(q, {"first": first, "start": start, "end": end})
    return df.set_index("month").astype(
        {
            "invoices": "int64",
            "credit_notes": "int64",
            "payments": "int64",
            "invoiced": "float64",
            "collected": "float64",
        }
    )


def coverage(data: KamData) -> pd.DataFrame:
    """Share of customers that have each kind of supporting data."""
    checks = {
        "invoices": "select count(distinct customer_id) as n from invoices",
        "payments": "select count(distinct customer_id) as n from payments",
        "financials": "select count(distinct customer_id) as n from financials",
        "credit_factors": "select count(distinct customer_id) as n from credit_factors",
        "credit_limits": "select count(distinct customer_id) as n from credit_limits",
        "activities": "select count(distinct customer_id) as n from activities",
        "contacts": "select count(distinct customer_id) as n from contacts",
    }
    total = int(data.sql("select count(*) as n from customers")["n"].iloc[0])
    rows = []
    for name, q in checks.items():
        n = int(data.sql(q)["n"].iloc[0]) if data.has(name) else 0
        rows.append({"data": name, "customers": n, "share": n / total if total else float("nan")})
    return pd.DataFrame(rows).set_index("data")


# ============================================================================ what is missing
class _Gap(NamedTuple):
    """One kind of data the report reads: where it is, how it is counted, and the sentences
    (English, Chinese) for when it is missing altogether or for some of the buyers."""

    table: str
    column: str = ""
    #: ``table``: rows of the table; ``customers``: buyers with a row; ``values``: buyers whose
    #: column is filled; ``rows``: rows whose column is filled (and not 0).
    count: str = "table"
    missing: tuple[str, str] = ("", "")
    partial: tuple[str, str] = ("", "")
    #: The data this one matters only with (``table`` or ``table.column``), when present.
    needs: str = ""


_OF = (
    "{without:,} of the {buyers:,} customers that bought in the last 12 months ({share})",
    "近12个月有采购的 {buyers:,} 家客户中有 {without:,} 家（{share}）",
)

_GAPS: dict[str, _Gap] = {
    "financials": _Gap(
        "financials",
        count="customers",
        missing=(
            "No financial statements: the scorecard's ratios are unknown, so a customer is rated on its qualitative "
            "assessment alone or not rated (NR), and no limit is capped by the customer's equity or working capital "
            "(credit review).",
            "没有财务报表：评分卡的财务比率全部未知，客户只能凭定性评估评级，否则为未评级（NR）；信用额度也无法按客户的所有者权益或营运资金设上限（信用评审）。",
        ),
        partial=(
            "{of_en} have no financial statements: they are rated on their qualitative assessment alone or not rated "
            "(NR), and their limits have no capacity cap (credit review).",
            "{of_zh}没有财务报表：只能凭定性评估评级，否则为未评级（NR），其信用额度也没有偿付能力上限（信用评审）。",
        ),
    ),
    "credit_factors": _Gap(
        "credit_factors",
        count="customers",
        missing=(
            "No qualitative credit assessment: {nr_missing_en}no limit is raised (assessment missing: investigate "
            "first){stale_hold_en} (credit review).",
            "没有定性信用评估：{nr_missing_zh}所有额度都不会提高（评估缺失：先调查）{stale_hold_zh}（信用评审）。",
        ),
        partial=(
            "{of_en} have never been assessed: {nr_partial_en} (credit review).",
            "{of_zh}从未做过信用评估：{nr_partial_zh}（信用评审）。",
        ),
    ),
    "credit_limits": _Gap(
        "credit_limits",
        count="customers",
        missing=(
            "No approved credit limits: every customer owing us counts as over its limit by its whole exposure, so the "
            "over-limit figures of the portfolio and credit review pages are the exposure itself, and the credit hold "
            "for receivables over the limit fires for every debtor.",
            "没有已批信用额度：每个有欠款的客户都按全部风险敞口计为超额，客户组合页和信用评审页的超额数字实际上就是风险敞口本身，“超过额度”的信用冻结也会对所有欠款客户触发。",
        ),
        partial=(
            "{of_en} have no approved credit limit: whatever they owe counts in full as over the limit (portfolio, "
            "credit review) and puts them on credit hold.",
            "{of_zh}没有已批信用额度：其欠款全部计为超额（客户组合、信用评审），并会被信用冻结。",
        ),
    ),
    "credit_limits.collateral": _Gap(
        "credit_limits",
        "collateral",
        count="rows",
        needs="credit_limits",
        missing=(
            "No collateral recorded with the limits: all exposure above a limit counts as uncovered (portfolio, "
            "credit review).",
            "额度记录中没有担保金额：超出额度的风险敞口全部计为无担保（客户组合、信用评审）。",
        ),
    ),
    "open_orders": _Gap(
        "open_orders",
        missing=(
            "No open orders: exposure is the open receivables less unapplied credit only; orders taken but not yet "
            "invoiced do not count against the limits, so over-limit exposure and utilization may be understated "
            "(portfolio, credit review).",
            "没有未开票订单：风险敞口只按应收账款减未核销款计算，已接单未开票的金额没有计入额度占用，超额和额度使用率可能偏低（客户组合、信用评审）。",
        ),
    ),
    "customers.payment_terms_days": _Gap(
        "customers",
        "payment_terms_days",
        count="values",
        missing=(
            "No payment terms per customer: every customer is taken at the policy's {terms} days for the terms need "
            "behind the recommended limits (credit review).",
            "没有逐户的付款期限：所有客户的账期需求都按政策的 {terms} 天计算，推荐额度以此为基础（信用评审）。",
        ),
        partial=(
            "{of_en} have no payment terms: their terms need is taken at the policy's {terms} days (credit review).",
            "{of_zh}没有付款期限：其账期需求按政策的 {terms} 天计算（信用评审）。",
        ),
    ),
    "customers.parent_id": _Gap(
        "customers",
        "parent_id",
        count="rows",
        missing=(
            "No parent companies (parent_id): companies of one group are judged one by one, and what they owe "
            "together is not seen (credit review).",
            "没有母公司编号：同一集团的公司只能逐个评估，看不到它们合计的欠款和风险敞口（信用评审）。",
        ),
    ),
    "group_limits": _Gap(
        "group_limits",
        needs="customers.parent_id",
        missing=(
            "Groups of companies are in the book (parent_id) but there are no group limits: the credit review shows "
            "each group's exposure with no limit for the whole group to hold it against.",
            "客户库中有集团公司（母公司编号），但没有集团信用额度：信用评审页只能列出集团的合计风险敞口，没有集团额度可供对照。",
        ),
    ),
    "credit_overrides": _Gap(
        "credit_overrides",
        missing=(
            "No credit overrides recorded: every grade and limit on the credit review page is the scorecard's and the "
            "policy's rules'; no analyst's decision departs from them.",
            "没有授信调整记录：信用评审页上的等级和额度全部来自评分卡和政策规则，没有分析人员偏离规则的决定。",
        ),
    ),
    "activities": _Gap(
        "activities",
        count="customers",
        missing=(
            "No selling activities: the selling-time shares of the pyramid against their targets, the cost to serve of "
            "the whale curve (selling hours) and the contact with silent debtors cannot be judged; time shares read 0 "
            "and a debtor we did call still looks silent (segmentation, receivables).",
            "没有销售活动记录：无法判断金字塔各层的销售时间是否达到目标、鲸鱼曲线中的服务成本（销售工时）以及是否联系过沉默欠款客户；时间占比显示为 0，已联系过的欠款客户也会显示为沉默（客户分类、应收账款）。",
        ),
        partial=(
            "{of_en} have no selling activity on record: no selling time counts for them in the pyramid's time shares "
            "and their cost to serve, and a debtor among them looks silent unless it bought or paid lately "
            "(segmentation, receivables).",
            "{of_zh}没有销售活动记录：金字塔的时间占比和服务成本中没有他们的销售时间；其中的欠款客户若近期没有开票或回款，会显示为沉默欠款客户（客户分类、应收账款）。",
        ),
    ),
    "customers.wallet_estimate": _Gap(
        "customers",
        "wallet_estimate",
        count="values",
        missing=(
            "No wallet estimates: no customer's potential value is known, so the value matrix shows no strategic "
            "customers and none to develop, and the pyramid ranks potential on growth alone (segmentation).",
            "没有采购潜力估计：任何客户的潜在价值都未知，客户价值矩阵中不会出现战略客户和发展型客户，金字塔的潜力评分也只按增长排序（客户分类）。",
        ),
        partial=(
            "{of_en} have no wallet estimate: they cannot show as strategic or to develop in the value matrix "
            "(segmentation).",
            "{of_zh}没有采购潜力估计：在客户价值矩阵中不会被列为战略客户或发展型客户（客户分类）。",
        ),
    ),
    "customers.relationship": _Gap(
        "customers",
        "relationship_state, relationship_level, attractiveness",
        count="values",
        missing=(
            "No relationship state, relationship level or attractiveness: the pyramid scores every customer alike on "
            "them (the policy's missing score, {missing_score}), so the tiers rest on value and potential alone "
            "(segmentation).",
            "没有关系状态、关系层级和吸引力：金字塔在这几项上给所有客户相同的分数（政策的缺失分 {missing_score}），客户层级只取决于价值和潜力（客户分类）。",
        ),
        partial=(
            "{of_en} lack their relationship state, relationship level or attractiveness: the pyramid scores what is "
            "missing at the policy's missing score ({missing_score}) (segmentation).",
            "{of_zh}缺少关系状态、关系层级或吸引力：金字塔对缺失项按政策的缺失分（{missing_score}）计分（客户分类）。",
        ),
    ),
    "invoices.discount": _Gap(
        "invoices",
        "discount",
        count="rows",
        missing=(
            "No discounts on the invoices: the cost to serve of the whale curve is selling time alone, and no customer "
            "shows as buying on price (segmentation).",
            "发票上没有折扣：鲸鱼曲线中的服务成本只包括销售时间，也看不出哪些客户主要看价格购买（客户分类）。",
        ),
    ),
    "leads": _Gap(
        "leads",
        missing=(
            "No leads: the MAN pipeline is empty and the only prospects of the pyramid are customers set up but not "
            "buying yet (segmentation).",
            "没有销售线索：MAN 线索表为空，金字塔中的潜在客户只有已建档但尚未采购的客户（客户分类）。",
        ),
    ),
    "contacts": _Gap(
        "contacts",
        missing=(
            "No contacts: the account plans name no one at the customer, and the collection worklists have no one to "
            "call (receivables).",
            "没有客户联系人：客户计划中列不出客户方的人员，催收工作清单也没有可以打电话的联系人（应收账款）。",
        ),
    ),
    "promises": _Gap(
        "promises",
        missing=(
            "No payment promises: kept and broken promises cannot be counted, so a customer who broke its word ranks "
            "no higher on the collection worklists (receivables).",
            "没有付款承诺记录：无法统计已兑现和未兑现的承诺，不守承诺的客户在催收工作清单上的排序也不会提前（应收账款）。",
        ),
    ),
}

#: The limit of a customer not rated, by the policy's ``credit.not_rated.limit_rule``, in words.
_NR_RULES = {
    "investigate": ("the approved limit stays as it is until investigated", "调查之前维持已批额度不变"),
    "initial": ("the terms need, at most {initial}", "按账期需求，最多 {initial}"),
    "zero": ("no credit until rated", "评级之前不给信用，现款交易"),
}


def _share_text(value: float) -> str:
    return number(value, ".1%").replace("%", " %")


def _texts(policy: Any, buyers: int, without: int) -> dict[str, str]:
    """The values the sentences of :data:`_GAPS` name: the policy's numbers, and how many
    buyers lack the data (``{of}``)."""
    pol = load_policy(policy)
    nr = pol["credit"]["not_rated"]
    rule_en, rule_zh = (t.format(initial=f"{num(nr['initial_limit']):,.0f}") for t in _NR_RULES[nr["limit_rule"]])
    known, ratios = int(nr["min_known_items"]), len(RATIOS)
    values = {
        "buyers": buyers,
        "without": without,
        "share": _share_text(without / buyers) if buyers else "",
        "known": known,
        "ratios": ratios,
        "terms": int(pol["credit"]["limit"]["payment_terms_days"]),
        "missing_score": f"{num(pol['segments']['missing_score']):g}",
        "rule_en": rule_en,
        "rule_zh": rule_zh,
    }
    held = pol["credit"]["holds"]["stale_assessment"]["enabled"]
    values["stale_hold_en"] = ", and every customer the credit holds check is held for it" if held else ""
    values["stale_hold_zh"] = "，信用冻结检查的每个客户都会因此被冻结" if held else ""
    rated = known <= ratios  # the statements alone may rate a customer
    values["nr_missing_en"] = (
        "grades rest on the statements' ratios alone; "
        if rated
        else "with the statements alone no customer reaches the {known} known items a grade needs, so every customer "
        "is not rated (NR) and its limit follows the policy's rule for unrated customers ({rule_en}); "
    ).format(**values)
    values["nr_missing_zh"] = (
        "等级只取决于财务比率；"
        if rated
        else "仅凭财务报表，客户达不到评级所需的 {known} 个已知项目，因此全部为未评级（NR），信用额度按政策对未评级客户的规则处理（{rule_zh}）；"
    ).format(**values)
    values["nr_partial_en"] = (
        "they get no limit increase until they are (investigate first)"
        if rated
        else "they are not rated (NR), as the statements give at most {ratios} of the {known} known items a grade "
        "needs, and their limits follow the policy's rule for unrated customers ({rule_en})"
    ).format(**values)
    values["nr_partial_zh"] = (
        "评估之前额度不会提高（先调查）"
        if rated
        else "财务报表最多只能提供评级所需 {known} 个已知项目中的 {ratios} 个，因此为未评级（NR），额度按政策对未评级客户的规则处理（{rule_zh}）"
    ).format(**values)
    values["of_en"], values["of_zh"] = (t.format(**values) for t in _OF)
    return values


def _filled(data: KamData, gap: _Gap) -> list[str] | None:
    """The SQL conditions of ``gap``'s columns being filled (none for a whole table), or None
    when its table or a column of it is not in the book."""
    if not data.has(gap.table):
        return None
    present = set(data.sql(f"select * from {quote_ident(gap.table)} limit 0").columns)
    columns = [c.strip() for c in gap.column.split(",") if c.strip()]
    if any(c not in present for c in columns):
        return None
    kinds = {c: TABLES[gap.table].column(c).kind for c in columns}
    return [
        f"{quote_ident(c)} is not null"
        + (f" and {quote_ident(c)} <> 0" if kinds[c] in ("money", "int", "number") else "")
        for c in columns
    ]


def _count(data: KamData, gap: _Gap, buyers_sql: str, params: dict) -> tuple[int, int]:
    """How much of ``gap``'s data there is: rows (or filled values) in the whole book, and
    buyers that have it (0 for a count that is not per customer)."""
    filled = _filled(data, gap)
    if filled is None:
        return 0, 0
    table = quote_ident(gap.table)
    rows = int(data.sql(f"select count(*) as n from {table} where {' or '.join(filled) or 'true'}")["n"].iloc[0])
    if gap.count == "customers":
        q = f"{buyers_sql} select count(*) as n from buyers where customer_id in (select customer_id from {table})"
    elif gap.count == "values":
        q = f"{buyers_sql} select count(*) as n from {table} join buyers using (customer_id) where {' and '.join(filled)}"
    else:
        return rows, 0
    return rows, int(data.sql(q, params)["n"].iloc[0])


def _buyers_sql(as_of: AsOf) -> tuple[str, dict]:
    """The buyers of the 12 calendar months up to ``as_of`` (a purchase: a positive invoice), as SQL."""
    end = as_date(as_of)
    start = period_bounds(period_of(months_before(end, 11)))[0]
    sql = (
        "with buyers as (select distinct cast(customer_id as varchar) as customer_id from invoices "
        "where amount > 0 and invoice_date between $start and $end)"
    )
    return sql, {"start": start, "end": end}


def gaps(data: KamData, as_of: AsOf, policy: Any = None) -> pd.DataFrame:
    """What the book lacks and what that means for the numbers of the report, in English and Chinese.

    Each optional table, and each column the analyses read where a company may leave it
    empty, that is missing altogether, or missing for some of the customers that bought in
    the 12 calendar months up to ``as_of`` (the buyers of :func:`kamtools.headline.kpis`),
    gives one sentence saying which numbers of which page it weakens: no financial
    statements means grades on the qualitative assessment alone or not rated (NR); no
    activities means the selling-time shares and the silent debtors' contact cannot be
    judged. The numbers of the policy the consequence depends on (the rule for customers not
    rated, the default payment terms, the missing score) are written in.

    Returns
    -------
    DataFrame indexed by ``data`` (a table, or ``table.column``), in the order of the
    analyses (credit, segments, receivables): ``state`` (``missing``: none in the book;
    ``partial``: some buyers lack it), ``without`` (buyers that lack it; 0 for data not
    counted per customer), ``share`` (of the buyers), ``en`` and ``zh`` (the sentence).
    Empty when nothing is missing.

    >>> import kamtools as kt
    >>> book = kt.sample_data(customers=20, years=1, seed=1, end="2026-10-31")
    >>> g = gaps(kt.KamData({t: book.table(t) for t in ("customers", "invoices", "payments")}), "2026-10-31")
    >>> g.loc["activities", "en"][:61]
    'No selling activities: the selling-time shares of the pyramid'
    >>> g.loc["financials", "zh"][:7]
    '没有财务报表：'
    """
    buyers_sql, params = _buyers_sql(as_of)
    n_buyers = int(data.sql(f"{buyers_sql} select count(*) as n from buyers", params)["n"].iloc[0])
    counted = {name: _count(data, gap, buyers_sql, params) for name, gap in _GAPS.items()}
    rows = []
    for name, gap in _GAPS.items():
        if gap.needs and not counted[gap.needs][0]:  # this data matters only with the other
            continue
        total, with_it = counted[name]
        texts = _texts(policy, n_buyers, n_buyers - with_it)
        if not total:
            state, (en, zh) = "missing", gap.missing
        elif gap.count in ("customers", "values") and with_it < n_buyers and gap.partial[0]:
            state, (en, zh) = "partial", gap.partial
        else:
            continue
        per_customer = gap.count in ("customers", "values")
        share = (n_buyers - with_it) / n_buyers if per_customer and n_buyers else np.nan
        without = n_buyers - with_it if per_customer else 0
        rows.append({"data": name, "state": state, "without": without, "share": share})
        rows[-1].update(en=en.format(**texts), zh=zh.format(**texts))
    columns = ["data", "state", "without", "share", "en", "zh"]
    return pd.DataFrame(rows, columns=columns).set_index("data").astype({"without": "int64", "share": "float64"})


# ============================================================================ who lacks it, and who fixes it
#: Who fills each gap of a customer: the credit department or the customer's account manager (English, Chinese).
_CREDIT_DEPT = ("the credit department", "信用部门")
_AM = ("the account manager", "客户经理")
GAP_OWNERS: dict[str, tuple[str, str]] = {
    "financials": _CREDIT_DEPT,
    "credit_factors": _CREDIT_DEPT,
    "credit_limits": _CREDIT_DEPT,
    "customers.payment_terms_days": _CREDIT_DEPT,
    "activities": _AM,
    "customers.wallet_estimate": _AM,
    "customers.relationship": _AM,
}

#: Customers a gap's sentence names, key accounts first, then by revenue.
NAMED = 10


def _lacking_sql(data: KamData, gap: _Gap, buyers_sql: str) -> str | None:
    """SQL of the buyers that lack ``gap``'s data (None when the book lacks it altogether)."""
    filled = _filled(data, gap)
    if filled is None:
        return None
    table = quote_ident(gap.table)
    where = " and ".join(filled) or "true"
    return (
        f"{buyers_sql} select customer_id from buyers where customer_id not in "
        f"(select cast(customer_id as varchar) from {table} where customer_id is not null and {where})"
    )


def gap_customers(
    data: KamData, as_of: AsOf, policy: Any = None, *, limits: pd.DataFrame | None = None, pyramid=None
) -> pd.DataFrame:
    """The buyers of the 12 months up to ``as_of`` lacking each kind of data :func:`gaps` counts per
    customer, with who fills the gap (:data:`GAP_OWNERS`); data missing from the whole book is not
    listed. ``limits`` (:func:`kamtools.credit.limits`), ``pyramid`` (:func:`kamtools.segments.pyramid`)
    of the same date and policy may be passed.

    Returns
    -------
    DataFrame, one row per gap and customer, in the order of :func:`gaps`, key accounts first and
    then by revenue of the 12 months: ``data`` (the gap), customer_id, name, account_manager, tier,
    revenue_12m, exposure (now, from the credit limits), ``owner`` and ``owner_zh``.
    """
    pol = load_policy(policy)
    buyers_sql, params = _buyers_sql(as_of)
    if limits is None:
        limits = credit.limits(data, as_of, pol)
    if pyramid is None:
        pyramid = seg.pyramid(data, as_of, pol)
    frames = []
    for name, owner in GAP_OWNERS.items():
        present = _count(data, _GAPS[name], buyers_sql, params)[0]  # none in the book: gaps() says so
        sql = _lacking_sql(data, _GAPS[name], buyers_sql) if present else None
        ids = data.sql(sql, params)["customer_id"].astype("str") if sql else pd.Series([], dtype="str")
        if sql and len(ids):
            frames.append(pd.DataFrame({"data": name, "customer_id": ids, "owner": owner[0], "owner_zh": owner[1]}))
    columns = ["data", "customer_id", "name", "account_manager", "tier", "revenue_12m", "exposure", "owner", "owner_zh"]
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)
    acc = pyramid.reindex(out["customer_id"])
    for col in ("name", "account_manager", "tier"):
        out[col] = acc[col].fillna("").astype("str").to_numpy()
    out["revenue_12m"] = acc["revenue_12m"].fillna(0.0).astype("float64").to_numpy()
    out["exposure"] = limits["exposure"].reindex(out["customer_id"]).fillna(0.0).astype("float64").to_numpy()
    order = {name: i for i, name in enumerate(GAP_OWNERS)}
    out = out.assign(_gap=out["data"].map(order), _key=out["tier"] != "key")
    out = out.sort_values(["_gap", "_key", "revenue_12m", "customer_id"], ascending=[True, True, False, True])
    return out[columns].reset_index(drop=True)


def gap_followups(
    lacking: pd.DataFrame, limits: pd.DataFrame, policy: Any = None, as_of: AsOf | None = None
) -> pd.DataFrame:
    """For each gap of :func:`gap_customers`: who fills it and by when (``report.data_gap_days`` after
    ``as_of``, when given), how many key accounts lack it and the first :data:`NAMED` customers (name
    and id, key accounts first), in English and Chinese; for the credit limits, how the buyers without
    a limit meet the credit page's customers with exposure and no limit (:func:`kamtools.credit.breaches`).

    Returns
    -------
    DataFrame indexed by ``data`` (the gaps of ``lacking``): customers, key_accounts, en, zh.
    """
    pol = load_policy(policy)
    currency = str(pol["report"].get("currency", ""))
    due = "" if as_of is None else (as_date(as_of) + pd.Timedelta(days=int(pol["report"]["data_gap_days"])))
    by_en, by_zh = ("", "") if as_of is None else (f" by {due:%Y-%m-%d}", f"在{due:%Y-%m-%d}前")
    rows = []
    for name, g in lacking.groupby("data", sort=False):
        key = int((g["tier"] == "key").sum())
        shown = g.head(NAMED)
        keyed = (shown["tier"] == "key").to_numpy()
        ids, named = shown["customer_id"], shown["name"].where(shown["name"] != "", shown["customer_id"])
        named_en = ", ".join(named + " (" + ids + np.where(keyed, ", key account", "") + ")")
        named_zh = "、".join(named + "（" + ids + np.where(keyed, "，重点客户", "") + "）")
        n = f"{len(g):,}"
        more_en = "" if len(g) <= NAMED else f" ({NAMED} of {n} shown)"
        more_zh = "" if len(g) <= NAMED else f"（共{n}家，列出{NAMED}家）"
        key_en = f"Key accounts among them: {key:,} of {n}" if key else "No key account among them"
        key_zh = f"其中重点客户{key:,}家" if key else "其中没有重点客户"
        order_en = "the largest, key accounts first" if key else "the largest"
        order_zh = "重点客户在前、按收入从高到低" if key else "按收入从高到低"
        en = f"Who fills it: {g['owner'].iloc[0]}{by_en}. {key_en}; {order_en}: {named_en}{more_en}."
        zh = f"由{g['owner_zh'].iloc[0]}{by_zh}补齐。{key_zh}；{order_zh}：{named_zh}{more_zh}。"
        if name == "financials" and as_of is not None:  # a limit waiting for its statement: the earlier date
            en, zh = (a + b for a, b in zip((en, zh), credit.statement_note(g, limits, pol, as_of)))
        if name == "credit_limits":
            owing = g[g["exposure"] > 0]
            breach = credit.breaches(limits)
            others = int((~breach.loc[breach["breach"] == "no_limit"].index.isin(g["customer_id"])).sum())
            owed = float(owing["exposure"].sum())
            m_zh = f"{owed / 1e4:,.1f}万元" if abs(owed) >= 1e4 else f"{owed:,.0f}元"
            en += (
                f" Owing us now: {len(owing):,} of the {len(g):,} ({num(owed):,.0f} {currency} of exposure); with "
                f"{others:,} more that owe without a limit in force, they make the {len(owing) + others:,} customers "
                "with exposure and no limit of the credit review page and the index: approve a limit or stop supply."
            )
            zh += (
                f"其中{len(owing):,}家目前有风险敞口（{m_zh}）；加上另外{others:,}家没有有效额度却有欠款的客户，"
                f"即信用评审页和首页所说的{len(owing) + others:,}家“有风险敞口但没有额度”的客户：核定额度或停止供货。"
            )
        rows.append({"data": name, "customers": len(g), "key_accounts": key, "en": en, "zh": zh})
    return pd.DataFrame(rows, columns=["data", "customers", "key_accounts", "en", "zh"]).set_index("data")
