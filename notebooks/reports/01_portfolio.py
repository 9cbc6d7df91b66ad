# %% [markdown] tags=["zh"]
# # 客户组合
#
# 报告月的业务全貌：收入和毛利与上月、去年同月相比如何，多少客户在采购、新增和流失，收入集中在少数客户的程度，客户处于关系生命周期的哪个阶段，以及两大主要风险——逾期应收账款和超出已批信用额度的风险敞口。收入为开票净额（扣除红字发票），毛利为金额减成本。

# %% [markdown] tags=["en"]
# # Portfolio
#
# The book at a glance for the report month: revenue and margin against the previous month and a year ago,
# how many customers buy, were won and were lost, how concentrated revenue is, where customers stand in the
# relationship lifecycle, and the two headline risks — overdue receivables and exposure above the approved
# credit limits. Revenue is the net invoiced amount (credit notes deducted), margin is amount minus cost.

# %% tags=["parameters"]
period: str = ""  # report month YYYY-MM; empty: latest complete month of the data
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
policy: str = ""  # YAML policy file overriding the defaults; empty: shipped defaults
language: str = ""  # zh, en or both; empty: the policy's report.language
output_dir: str = ""  # folder for Excel files written by this notebook; empty: reports/scratch/
shared: str = ""  # the report run's limits and headline numbers, computed once for every page; empty: computed here

# %%
import pandas as pd

import kamtools as kt
from kamtools import credit, paths
from kamtools import portfolio as pf
from kamtools.output.labels import Text, advice, pick
from kamtools.report import report_context
from kamtools.report.decision import owner_and_due
from kamtools.report.page_decisions import show_page_decisions
from kamtools.report.portfolio_decisions import PAGE, portfolio_decisions
from kamtools.output.currency import short_amount
from kamtools.text import num

ctx = report_context(period, db, policy, language=language, shared=shared)
data, period, as_of, pol = ctx.data, ctx.period, ctx.as_of, ctx.policy
folder = paths.output_folder(output_dir)
pd.set_option("display.max_colwidth", 200)
limits = ctx.limits()  # the credit page's limits and holds (credit.limits): the same policy and date
held = credit.holds(data, as_of, pol, lim=limits)


def amount(v):
    """An amount in a sentence: with the currency in English, in 万元 in Chinese."""
    return Text(short_amount(v, "en", pol), short_amount(v, "zh", pol))


def listed(names_):
    return Text(", ".join(names_), "、".join(names_))


kt.tables.note(f"Portfolio {period}: the month to {as_of}, and the 12 months up to it",
               zh=f"客户组合 {period}：截至 {as_of} 的本月，以及截至该日的近12个月")

# %%
head = ctx.kpis()  # the report's headline numbers: the same on every page
kt.headlines.sentence(head, "Revenue {revenue_month} in {revenue_month:window} ({revenue_month:change} on "
                      "{revenue_month:previous_window}) and {revenue_12m} over {revenue_12m:window} ({revenue_12m:change} on "
                      "the 12 months before) at a margin rate of {margin_rate_12m}; {buyers_12m} customers bought in those "
                      "12 months, {buyers_month} of them in {buyers_month:window}. {overdue_share} of the open receivables is "
                      "overdue; {overlimit_uncovered} of exposure above the approved limits is not covered by collateral (who owes it: "
                      "the credit review and receivables pages).",
                      zh="{revenue_month:window} 收入 {revenue_month}（较 {revenue_month:previous_window} "
                      "{revenue_month:change}），{revenue_12m:window} 收入 {revenue_12m}（较前12个月 {revenue_12m:change}），"
                      "毛利率 {margin_rate_12m}；这12个月有 {buyers_12m} 家客户采购，其中 {buyers_month} 家在 "
                      "{buyers_month:window} 采购。未收应收账款中 {overdue_share} 已逾期；超出已批额度的风险敞口中有 "
                      "{overlimit_uncovered} 没有担保（涉及哪些客户见信用评审页和应收账款页）。")

# %%
# the page's decisions: those of the index that point here, then the page's own on its largest customers
pyr = kt.segments.pyramid(data, as_of, pol)
conc = pf.concentration(data, as_of, pol, n=10, pyramid=pyr)
top = conc.top.join(pf.credit_view(conc.top.index, limits, held))
show_page_decisions(ctx, PAGE, portfolio_decisions(top, as_of, pol))

# %% [markdown] tags=["zh"]
# ## 收入与毛利
#
# 本月与上月、去年同月相比，近12个月与之前12个月相比。变化以百分比表示；毛利率的变化以百分点表示。

# %% [markdown] tags=["en"]
# ## Revenue and margin
#
# The month against the previous month and the same month a year ago, and the last 12 months against the
# 12 months before. Changes are in per cent; the margin rate changes in points.

# %%
k = pf.kpis(data, as_of)
kt.tables.style(pf.format_kpis(k).rename(columns={"month": period})).set_properties(**{"text-align": "right"})

# %%
trend = pf.monthly(data, as_of, months=24)
title = pick("Revenue and margin per month, last 24 months", "近24个月每月收入与毛利")
ax = kt.plots.plot_monthly(trend, title=title, policy=pol)
kt.plots.show(ax, kt.plots.plot_monthly_reading(trend, policy=pol))
yoy = pf.format_kpis(k).loc["revenue", "change_yoy"]
kt.headlines.sentence(head, "Revenue of {revenue_month:window}: {revenue_month}, {revenue_month:change} on "
                      "{revenue_month:previous_window} and {yoy} on a year ago; {revenue_12m} over {revenue_12m:window} "
                      "({revenue_12m:change}), at a margin rate of {margin_rate_12m}.",
                      zh="{revenue_month:window} 收入 {revenue_month}，较 {revenue_month:previous_window} "
                      "{revenue_month:change}，较去年同月 {yoy}；{revenue_12m:window} 收入 {revenue_12m}"
                      "（{revenue_12m:change}），毛利率 {margin_rate_12m}。", yoy=yoy)

# %% [markdown] tags=["zh"]
# ## 客户：活跃、新增与流失
#
# 每个客户在本月末、上月末和去年同月末的状态：新客户是在政策规定的月数内首次采购的客户，流失客户是已有政策规定的月数没有采购的客户，潜在客户是已建档但尚未采购的客户。本月新增客户是本月首次采购的客户，本月流失客户是在本月变为流失的客户。

# %% [markdown] tags=["en"]
# ## Customers: active, new and lost
#
# Status of every customer at the end of the month, the previous month and a year ago: new customers bought first
# within the policy's months, lost customers have not bought for the policy's months, prospects are set up but have
# not bought. Customers won in the month bought for the first time in it; customers lost in the month became lost in it.

# %%
counts = pf.customer_counts(data, as_of, pol)
kt.tables.style(counts.drop(columns="strategy").rename(columns={"month": period}))

# %%
kt.headlines.sentence(head, "{buyers_12m} customers bought in {buyers_12m:window} ({new:,} of them new); "
                      "{customers_won_month} were won and {customers_lost_month} lost in {customers_won_month:window}, "
                      "{customers_lost} are lost in all. Strategy for the lost — {strategy}",
                      zh="{buyers_12m:window} 有 {buyers_12m} 家客户采购（其中新客户 {new:,} 家）；"
                      "{customers_won_month:window} 新增 {customers_won_month} 家，流失 {customers_lost_month} 家，"
                      "累计流失客户 {customers_lost} 家。对流失客户的策略——{strategy}",
                      new=int(counts.loc["new", "month"]), strategy=advice("status", "lost"))

# %%
# "prospect" is counted three ways in the report: say which is which
stat = kt.segments.status(data, as_of, pol)
leads_open = int(((stat["kind"] == "prospect") & (stat["status"] == "prospect")).sum())
tier_p = pyr[pyr["tier"] == "prospect"]
never = int(counts.loc["prospect", "month"])
kt.tables.note(
    f"Prospects here: the {never:,} customers set up in the book that have never bought. The segmentation page counts "
    f"{never + leads_open:,} prospects in its customer status: these {never:,} and the {leads_open:,} sales leads still "
    f"to win; and {len(tier_p):,} in the prospect tier of its pyramid: the {int((tier_p['kind'] == 'prospect').sum()):,} "
    f"leads worth winning and the {int((tier_p['kind'] == 'customer').sum()):,} customers without net revenue in the "
    "last 12 months (never bought, or lapsed and to be won back).",
    zh=f"本页的潜在客户是已建档但从未采购的{never:,}家客户。客户分类页的客户状态中潜在客户为{never + leads_open:,}家："
    f"即这{never:,}家，加上尚待争取的{leads_open:,}条销售线索；其金字塔的潜在客户层为{len(tier_p):,}家："
    f"值得争取的{int((tier_p['kind'] == 'prospect').sum()):,}条销售线索，加上近12个月没有净收入的"
    f"{int((tier_p['kind'] == 'customer').sum()):,}家客户（从未采购，或已停止采购、有待挽回）。",
)

# %% [markdown] tags=["zh"]
# ## 收入集中度：前10大客户、前20 %客户与帕累托曲线
#
# 按近12个月收入从大到小排列的客户。少数最大客户带来的收入越多，业务对他们的依赖就越大，重点客户计划也就越重要。

# %% [markdown] tags=["en"]
# ## Concentration: top 10, top 20 % and the Pareto curve
#
# Customers by revenue of the last 12 months, largest first. The more revenue the few largest customers bring,
# the more the book depends on them — and the more the key-account plans matter.

# %%
kt.tables.style(top.drop(columns="cumulative_share"))

# %%
held_top = top[top["hold"]]
joint_due, cut_due = owner_and_due("joint_signoff", as_of, pol)[1], owner_and_due("limit_cut", as_of, pol)[1]
cut = top[top["recommended_limit"] < top["approved_limit"]]
cut_text = [f"{r.name} {amount(r.approved_limit).en} → {amount(r.recommended_limit).en}" for r in cut.itertuples()]
cut_zh = [f"{r.name} {amount(r.approved_limit).zh} → {amount(r.recommended_limit).zh}" for r in cut.itertuples()]
if len(held_top) or len(cut):
    display(kt.tables.note(
        f"Sales beside credit: {len(held_top)} of the top 10 are on credit hold ({', '.join(held_top['name'])}) and "
        f"{len(cut)} have a recommended limit below the one in force ({'; '.join(cut_text) or 'none'}). These are the "
        f"credit review page's holds and limits: the holds are the index's joint sign-offs (sales director and "
        f"finance manager, by {joint_due}), the cuts its approvers' (by {cut_due}), except those an account plan "
        "contests, which the sales director and the finance manager decide together first (the index lists them); "
        "the account manager tells the customer after.",
        zh=f"销售与信用对照：前10大客户中有{len(held_top)}家处于信用冻结（{'、'.join(held_top['name'])}），"
        f"{len(cut)}家的建议额度低于现有额度（{'；'.join(cut_zh) or '无'}）。这些冻结和额度与信用评审页一致："
        f"冻结由销售总监与财务经理在{joint_due}前共同签批（首页），降额由各层级审批人在{cut_due}前审批（客户计划不同意的降额"
        "先由销售总监与财务经理共同决定，见首页）；之后客户经理再与客户沟通。",
    ))
else:
    display(kt.tables.note("None of the top 10 is on credit hold or has its limit cut (credit review page).",
                   zh="前10大客户没有处于信用冻结或被建议降额的（见信用评审页）。"))
# a top customer written off as gone yet still owing or buying: the finance manager checks that write-off (the index)
gone_top = credit.closed_but_trading(data, as_of).reindex(top.index).dropna(subset=["written_off_on"])
if len(gone_top):
    check_by = owner_and_due("write_off_check", as_of, pol)[1]
    gone_en = "; ".join(f"{r['name']} ({cid}), written off on {r['written_off_on']:%Y-%m-%d}" for cid, r in gone_top.iterrows())
    gone_zh = "；".join(f"{r['name']}（{cid}），{r['written_off_on']:%Y-%m-%d}核销" for cid, r in gone_top.iterrows())
    display(kt.tables.note(
        f"Among the top 10, written off as bankrupt or ceased trading yet still owing or buying: {gone_en}. Its revenue "
        f"above is real invoicing; the finance manager checks the write-off by {check_by} (the index's line).",
        zh=f"前10大客户中有已按破产或停业核销、却仍欠款或仍在采购的客户：{gone_zh}。上表中的收入是实际开票；"
        f"由财务经理在{check_by}前核实该核销（首页同一事项）。"))

# %%
ax = kt.plots.plot_top_customers(conc.top, policy=pol)
kt.plots.show(ax, kt.plots.plot_top_customers_reading(conc.top))
# a legal case among them has no price to review (the page's decision box leaves it out too)
losing_top = conc.top[(conc.top["margin_12m"] < 0) & ~top["action"].astype("str").eq("legal").reindex(conc.top.index)]
if len(losing_top):
    (review_owner, review_owner_zh), review_due = owner_and_due("price_review", as_of, pol)
    display(kt.headlines.sentence(head, "{n} of the top 10 have a negative margin over {revenue_12m:window}, together {loss} "
                          f"({{names}}): a price and discount review, led by the {review_owner}, by {review_due}.",
                          zh="前10大客户中有{n}家在{revenue_12m:window}的毛利为负，合计{loss}（{names}）："
                          f"由{review_owner_zh}在{review_due}前牵头复核价格和折扣。",
                          n=len(losing_top), loss=amount(float(losing_top["margin_12m"].sum())),
                          names=listed(list(losing_top["name"]))))

# %%
ax = kt.plots.pareto_curve(conc.pareto.curve, top=conc.pareto.top)
kt.plots.show(ax, kt.plots.pareto_curve_reading(conc.pareto.curve))
kt.headlines.sentence(head, "The top 10 customers bring {top10} of the revenue of {concentration:window}; the top "
                      "{top} of its {buyers_12m} buyers bring {concentration}.",
                      zh="{concentration:window} 的收入中，前10大客户占 {top10}；{buyers_12m} 家采购客户中，前 {top} "
                      "的客户占 {concentration}。",
                      top10=kt.headlines.value_text("share", conc.top_n_share),
                      top=kt.headlines.share_text(conc.pareto.top, 0))

# %% [markdown] tags=["zh"]
# ### 亏损最大的客户
#
# 近12个月毛利为负的客户，按亏损从大到小排列，附客户经理、收入、折扣和客户层级：由销售总监和客户经理逐户复核价格和折扣。

# %% [markdown] tags=["en"]
# ### The largest loss-making customers
#
# Customers with a negative margin over the last 12 months, the largest loss first, with their account manager,
# revenue, discount and tier: the sales director and the account manager review price and discount one by one.

# %%
losing = pf.loss_makers(data, as_of, pyr)
losing = losing.assign(credit_view=credit.credit_view(limits, pol["credit"]["limit"]["legal_days_past_due"])
                       .reindex(losing.index).fillna(""))
if len(losing):
    lost_margin = amount(float(losing["margin_loss_12m"].sum()))
    legal = losing[losing["credit_view"] == "legal"]
    display(kt.tables.note(f"{len(losing):,} customers lost {lost_margin.en} of margin over the last 12 months "
                           "(a negative margin; the whale curve of the segmentation page also deducts the selling "
                           "hours and counts more)."
                           + (f" {len(legal):,} of them ({', '.join(f'{n} ({c})' for c, n in legal['name'].items())}) are "
                              "for stop supply and collections / legal on the credit page (column Credit view): no "
                              "price review for them, the finance manager pursues the debt; the sales director and "
                              "the account manager review price and discount for the others." if len(legal) else ""),
                           zh=f"近12个月共有{len(losing):,}家客户毛利为负，合计亏损{lost_margin.zh}（只看毛利；"
                           "客户分类页的鲸鱼曲线还扣除销售工时，亏损的客户更多）。"
                           + (f"其中{len(legal):,}家（{'、'.join(f'{n}（{c}）' for c, n in legal['name'].items())}）"
                              "在信用评审中应停止供货、移交催收/法务（见“信用评审意见”列）：不复核价格，由财务经理追收欠款；"
                              "其余客户由销售总监和客户经理复核价格和折扣。" if len(legal) else "")))
    display(kt.tables.top(losing, "margin_loss_12m", 15, excel=folder / f"loss_makers_{period}.xlsx",
                          what="loss-making customers", what_zh="亏损客户"))
else:
    display(kt.tables.note("No customer has a negative margin over the last 12 months.", zh="近12个月没有毛利为负的客户。"))

# %% [markdown] tags=["zh"]
# ## 客户关系生命周期
#
# 所有客户所处的关系阶段（按近12个月收入及其与前12个月相比的趋势划分），以及每个阶段的策略。已建档但从未采购的潜在客户计入突破期，下文单独列出其家数。

# %% [markdown] tags=["en"]
# ## Relationship lifecycle
#
# Every customer of the book by stage of the relationship (from revenue of the last 12 months and its trend
# against the 12 months before), with the strategy for each stage. Prospects set up but never bought count in
# breakthrough; the sentence below counts them apart.

# %%
stages = pf.lifecycle_counts(data, as_of, pol)
kt.tables.style(stages)

# %%
d = stages.loc["defense"]
kt.headlines.sentence(head, "{lifecycle_defense} customers are in defense with {revenue} of revenue ({share}), down "
                      "from {before}; {lifecycle_growth} are growing and {lifecycle_breakthrough} in breakthrough: "
                      "{bought:,} that bought first (or again) in the last 12 months and {never:,} prospects set up but "
                      "never bought.",
                      zh="{lifecycle_defense} 家客户处于防御期，收入 {revenue}（占 {share}），之前为 {before}；"
                      "{lifecycle_growth} 家处于成长期，{lifecycle_breakthrough} 家处于突破期：其中 {bought:,} 家在近12个月"
                      "首次（或重新）采购，{never:,} 家是已建档但从未采购的潜在客户。",
                      bought=int(stages.loc["breakthrough", "customers"]) - never, never=never,
                      revenue=Text(short_amount(float(d["revenue_12m"]), "en", pol), short_amount(float(d["revenue_12m"]), "zh", pol)), share=kt.headlines.value_text("share", d["revenue_share"]),
                      before=Text(short_amount(float(d["revenue_prev_12m"]), "en", pol),
                                  short_amount(float(d["revenue_prev_12m"]), "zh", pol)))

# %%
lc = kt.segments.lifecycle(data, as_of, pol)
falling = lc[lc["stage"] == "defense"].assign(lost=lambda t: t["revenue_prev_12m"] - t["revenue_12m"])
falling = falling.join(pyr["tier"]).sort_values("lost", ascending=False, kind="stable").head(5)
if len(falling):
    display(kt.tables.note(
        "The largest declines in defense: " + "; ".join(f"{r.name}{' (key account)' if r.tier == 'key' else ''} {amount(-r.lost).en}"
                                                  for r in falling.itertuples())
        + ": their account managers find out why before the next order; the key accounts among them are on the "
        "segmentation page (key accounts to watch).",
        zh="防御期中收入下降最多的客户：" + "；".join(f"{r.name}{'（重点客户）' if r.tier == 'key' else ''} {amount(-r.lost).zh}"
                                                 for r in falling.itertuples())
        + "：由客户经理在下一笔订单前查明原因；其中的重点客户见客户分类页“需关注的重点客户”。",
    ))

# %% [markdown] tags=["zh"]
# ## 主要风险
#
# 逾期应收账款（按月末应收账款的账龄）和超出已批信用额度的风险敞口（风险敞口 = 未收应收账款 − 未核销款 + 未开票订单）。详细情况见信用评审页和应收账款页。

# %% [markdown] tags=["en"]
# ## Headline risks
#
# Overdue receivables (from the aging of the ledger at the end of the month) and exposure above the approved
# credit limits (exposure = open receivables − unapplied credit + open orders). The details are on the credit
# review and receivables pages.

# %%
rk = pf.risks(data, as_of, pol, limits=limits)  # the limits above: not computed again
kt.tables.values(rk["value"])

# %%
v = rk["value"]
kt.headlines.sentence(head, "{overdue_share} of the open receivables of {open_receivables} is overdue, owed by {owing:,} "
                      "customers; {over_limit_customers} customers are over their limit by {overlimit} in total ({share} "
                      "of exposure), {overlimit_uncovered} of it not covered by collateral.",
                      zh="未收应收账款 {open_receivables} 中有 {overdue_share} 已逾期，涉及 {owing:,} 家客户；"
                      "{over_limit_customers} 家客户超出额度，合计超额 {overlimit}（占风险敞口的 {share}），"
                      "其中 {overlimit_uncovered} 没有担保。",
                      owing=int(v["overdue_customers"]), share=kt.headlines.value_text("share", v["overlimit_share"]))

# %%
if len(held):
    rules = pf.holds_by_rule(held)
    biggest = held.join(pyr["revenue_12m"]).sort_values("revenue_12m", ascending=False, kind="stable").head(5)
    key_held = int(pyr["tier"].reindex(held.index).eq("key").sum())
    held_exposure = amount(float(held["exposure"].sum()))
    display(kt.tables.note(
        f"{len(held):,} customers are on credit hold ({held_exposure.en} of exposure), {key_held:,} of them key "
        "accounts; by rule (a customer may be held by several): "
        + "; ".join(f"{credit.HOLD_RULES[r][0].lower()} {n:,}" for r, n in rules.items())
        + f". The largest customers held: {', '.join(biggest['name'])}. Orders of a held customer wait until what "
        "releases its hold is done: the credit review page lists it per customer.",
        zh=f"{len(held):,}家客户处于信用冻结（风险敞口{held_exposure.zh}），其中重点客户{key_held:,}家；"
        "按规则（一家客户可能触发多条）：" + "；".join(f"{credit.HOLD_RULES[r][1]}{n:,}家" for r, n in rules.items())
        + f"。被冻结的最大客户：{'、'.join(biggest['name'])}。被冻结客户的订单须等解除条件满足后才能放行，"
        "每家客户的解除条件见信用评审页。",
    ))
