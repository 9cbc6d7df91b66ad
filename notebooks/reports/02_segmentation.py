# %% [markdown] tags=["zh"]
# # 客户分类与价值
#
# 哪些客户最重要，销售时间花在哪里，每一类客户该怎么做。每个客户（包括已建档客户和销售线索）都放进大客户金字塔（重点客户、普通客户、潜在客户、无吸引力客户），下面每一种分类都附有重点客户管理方法规定的策略。收入、毛利和销售工时均为截至报告月末的近12个月数据；所有阈值来自政策中客户分类部分的设置。

# %% [markdown] tags=["en"]
# # Segmentation and value
#
# Which customers matter most, where the selling time goes, and what to do with each group. Every account —
# customer or lead — is placed in the key-account pyramid (key accounts, ordinary customers,
# prospects, unattractive accounts) and every segment below comes with the strategy the KAM method prescribes for it.
# Revenue, margin and selling hours are those of the trailing 12 months up to the end of the report month;
# all thresholds come from the `segments` section of the policy.

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
from kamtools import paths
from kamtools import segments as seg
from kamtools.output.currency import short_amount
from kamtools.output.families import family_names, with_family_names
from kamtools.output.labels import Text, advice, strategy, value
from kamtools.report import report_context
from kamtools.report import segment_decisions as sd
from kamtools.report.page_decisions import show_page_decisions
from kamtools.text import num

ctx = report_context(period, db, policy, language=language, shared=shared)
data, period, as_of, pol = ctx.data, ctx.period, ctx.as_of, ctx.policy
folder = paths.output_folder(output_dir)
pd.set_option("display.max_colwidth", 120)
kt.tables.note(f"Segmentation {period}: trailing 12 months up to {as_of}", zh=f"客户分类 {period}：截至 {as_of} 的近12个月")

# %%
head = ctx.kpis()  # the report's headline numbers: the same on every page
kt.headlines.sentence(head, "{buyers_12m} customers bought in {buyers_12m:window}; the top {top} of them bring "
                      "{concentration} of the revenue. {lifecycle_growth} customers are growing, {lifecycle_defense} in "
                      "defense and {lifecycle_breakthrough} in breakthrough; {key_accounts_declining} key accounts are "
                      "declining: the list to act on, and the ordinary customers to promote, are at the end of the page.",
                      zh="{buyers_12m:window} 有 {buyers_12m} 家客户采购，其中前 {top} 的客户带来 {concentration} 的收入。"
                      "{lifecycle_growth} 家客户处于成长期，{lifecycle_defense} 家处于防御期，{lifecycle_breakthrough} 家"
                      "处于突破期；{key_accounts_declining} 家重点客户收入在下降，需跟进的名单和可升级的普通客户见本页末尾。",
                      top=kt.headlines.share_text(pol["segments"]["pareto_top"], 0))

# %%
# what this page asks of its readers, with who decides and by when: the index's lines that point here, then the
# page's own (the policy's report.decisions), one decision per account across the report
lim = ctx.limits()  # credit.limits(data, as_of, pol), as on the credit page
book = sd.segment_book(data, as_of, pol, lim)
show_page_decisions(ctx, sd.PAGE, sd.segment_decisions(book, as_of, pol, ctx.decisions()))

# %% [markdown] tags=["zh"]
# ## 大客户金字塔
#
# 重点客户是全部客户（已建档客户加销售线索；缺少购买力、决策权或需求的线索属于无吸引力客户，不计入）中按当前价值、潜力、关系和吸引力综合评分排在前面的一部分；下表将每一层级的客户数、收入和销售时间（活动工时）占比与金字塔的目标相比较。

# %% [markdown] tags=["en"]
# ## The key-account pyramid
#
# Key accounts are the top share of all accounts (customers plus leads; leads without money, authority or need
# are unattractive and not counted) by a composite of current value, potential, relationship and attractiveness;
# the table compares each tier's share of accounts, revenue and selling time (activity hours) with the pyramid's
# targets.

# %%
pyr, summary = book.pyramid, book.summary
display(kt.tables.style(summary.drop(columns="strategy")))
credit_notes_only = sd.prospect_revenue_note(pyr, pol)  # why prospects can show revenue below zero
if credit_notes_only is not None:
    display(credit_notes_only)

# %%
ax = kt.plots.pyramid_chart(summary)
kt.plots.show(ax, kt.plots.pyramid_chart_reading(summary))
key = summary.loc["key"]
kt.tables.note(f"Key accounts are {num(key['account_share']):.0%} of accounts and bring {num(key['revenue_share']):.0%} of revenue, "
               f"but receive {num(key['time_share']):.0%} of selling time against a target of {num(key['time_target']):.0%}. "
               f"Strategy — {strategy('tier', 'key', 'en')}",
               zh=f"重点客户占客户数的 {num(key['account_share']):.0%}，带来 {num(key['revenue_share']):.0%} 的收入，"
               f"得到的销售时间占 {num(key['time_share']):.0%}，目标为 {num(key['time_target']):.0%}。"
               f"策略——{strategy('tier', 'key', 'zh')}")

# %% [markdown] tags=["zh"]
# ## 帕累托分析：收入的集中程度（ABC 分类，80/20）
#
# 帕累托曲线与客户组合页是同一条（同一批采购客户、同一口径），只在该页画出；本节给出ABC分类。近12个月有采购的客户，按收入从大到小排列（该期间没有收入的客户不计入：“前20 %的客户”指前20 %的采购客户）。A类是从最大的客户起，直到累计收入达到或超过80 %的那一个客户为止，因此A类至少带来80 %的收入；B类照此延续到95 %；其余为C类。收入相同的客户归入同一类。

# %% [markdown] tags=["en"]
# ## Pareto: how concentrated is revenue (ABC, 80-20)
#
# The Pareto curve is the portfolio page's (the same buyers, the same base) and is drawn there only; this section
# gives the ABC classes. Customers that bought in the last 12 months, sorted by their revenue, largest first (customers without revenue
# in the window are left out: "the top 20 % of customers" means the top 20 % of buyers). Class A is the largest
# customers up to and including the one whose revenue takes the running total to 80 % or more, so class A brings
# at least 80 % of revenue; class B continues likewise to 95 %; class C is the rest. Customers with the same
# revenue share a class.

# %%
par = seg.revenue_pareto(data, as_of, pol)  # the curve is drawn once, on the portfolio page; here its ABC classes
n_a = int((par.curve["abc"] == "A").sum())
kt.headlines.sentence(head, "The Pareto curve of the {buyers_12m} buying customers is on the portfolio page (Concentration): "
                      "the top {top} of them bring {concentration} of the revenue of {concentration:window}, the same "
                      "number as there. Class A is the {n_a:,} largest ({a_share} of the buyers), which together bring "
                      "{a_cut} or more of it. Strategy — {strategy}",
                      zh="{buyers_12m} 家采购客户的帕累托曲线见客户组合页（收入集中度）：{concentration:window}，前 {top} "
                      "的客户带来 {concentration} 的收入，与该页数字相同。A类客户为最大的 {n_a:,} 家（占采购客户的 "
                      "{a_share}），合计带来 {a_cut} 或以上的收入。策略——{strategy}",
                      top=kt.headlines.share_text(par.top, 0), n_a=n_a,
                      a_share=kt.headlines.share_text(n_a / max(len(par.curve), 1)),
                      a_cut=kt.headlines.share_text(pol["segments"]["abc"]["a"], 0), strategy=advice("abc", "A"))

# %% [markdown] tags=["zh"]
# ## 扣除服务成本后的盈利性：鲸鱼曲线
#
# 折扣前的毛利减去服务成本（折扣，加上按政策的每小时成本计算的销售工时）。加入盈利客户时曲线升到100 %以上，加入亏损客户后利润被侵蚀，曲线回落。

# %% [markdown] tags=["en"]
# ## Profitability after cost to serve: the whale curve
#
# Gross margin before discounts, minus the cost to serve (discounts and selling hours at the policy's cost per hour).
# The curve climbs above 100 % while profitable customers are added and falls back as unprofitable ones give profit away.

# %%
prof = book.profit
ax = kt.plots.whale_curve(prof)
kt.plots.show(ax, kt.plots.whale_curve_reading(prof))
unprof = prof[prof["profit_class"] == "unprofitable"]
display(kt.tables.note(f"{len(unprof):,} customers lose {short_amount(float(-unprof['profit'].sum()), 'en', pol)} after cost to serve; the curve peaks at "
               f"{num(prof['cumulative_profit_share'].max()):.0%} of total profit. "
               f"Strategy — {strategy('profit', 'unprofitable', 'en')}",
               zh=f"{len(unprof):,} 家客户扣除服务成本后共亏损 {short_amount(float(-unprof['profit'].sum()), 'zh', pol)}；曲线峰值为总利润的 "
               f"{num(prof['cumulative_profit_share'].max()):.0%}。策略——{strategy('profit', 'unprofitable', 'zh')}"))
n_neg = len(kt.portfolio.loss_makers(data, as_of, pyr))
in_review = book.credit_view["credit_view"].reindex(unprof.index).fillna("") != "legal"
display(kt.tables.note(f"These {len(unprof):,} are not the {n_neg:,} loss-making customers of the portfolio page: that page counts "
               "a negative margin; here the whole cost to serve (the selling hours as well as the discounts) is "
               f"deducted, so more customers lose money. The largest losses after cost to serve are listed below (the price "
               f"review of the decisions above), all {int(in_review.sum()):,} in the Excel file: the "
               f"{int((~in_review).sum()):,} legal cases are left out (supply stops).",
               zh=f"这{len(unprof):,}家与客户组合页的{n_neg:,}家亏损客户口径不同：组合页只看毛利为负；这里扣除全部服务成本"
               "（折扣以及销售工时），所以亏损的客户更多。扣除服务成本后亏损最大的客户列在下表（即上方待决事项中的价格复核），"
               f"全部{int(in_review.sum()):,}家见Excel文件；另有{int((~in_review).sum()):,}家移交法务的客户不列入（停止供货）。"))
kt.tables.first(unprof[in_review].sort_values("profit", kind="stable")[["name", "revenue_12m", "margin_12m", "cost_to_serve",
                                                                        "profit"]], 10,
                excel=folder / f"unprofitable_after_cost_to_serve_{period}.xlsx", what="customers losing money after cost to serve", what_zh="扣除服务成本后亏损的客户", unit_zh="家",
                sheet=("loss after cost to serve", "扣除服务成本后亏损的客户"))

# %% [markdown] tags=["zh"]
# ## 客户价值矩阵
#
# 当前价值（近12个月毛利）与潜在价值（采购潜力余量乘以毛利率）的对比；虚线为采购客户的中位数。

# %% [markdown] tags=["en"]
# ## Customer value matrix
#
# Current value (margin of the last 12 months) against potential value (wallet headroom times margin rate);
# the dashed lines are the medians of the buying customers.

# %%
vm = seg.value_matrix(data, as_of, pol)
ax = kt.plots.value_matrix_chart(vm, policy=pol)
kt.plots.show(ax, kt.plots.value_matrix_chart_reading(vm))
n_dev = int((vm["quadrant"] == "develop").sum())
display(kt.tables.note(f"{n_dev:,} customers are small today but have large headroom (develop). "
               f"Strategy — {strategy('value_matrix', 'develop', 'en')}",
               zh=f"{n_dev:,} 家客户目前规模小，但增长空间大（发展型客户）。策略——{strategy('value_matrix', 'develop', 'zh')}"))
strategic = vm.index[vm["quadrant"] == "strategic"]
n_key = int((pyr["tier"] == "key").sum())
both = int((pyr["tier"].reindex(strategic) == "key").sum())
kt.tables.note(f"{len(strategic):,} customers are strategic here (above the median of the buyers on both current and "
               f"potential value); this is a different cut from the {n_key:,} key accounts of the pyramid (the top by "
               f"composite score, which also weighs relationship and attractiveness) and from the {n_a:,} A-class "
               f"customers (the largest by revenue alone). {both:,} of the strategic customers are key accounts; the "
               "others are the first candidates among the accounts to promote below.",
               zh=f"这里有{len(strategic):,}家战略型客户（当前价值和潜在价值都高于采购客户的中位数）；口径不同于金字塔的"
               f"{n_key:,}家重点客户（按综合评分排前，还考虑关系和吸引力），也不同于{n_a:,}家A类客户（只按收入排前）。"
               f"战略型客户中有{both:,}家是重点客户，其余的在下文可升级的客户中优先评估。")

# %% [markdown] tags=["zh"]
# ## 客户终身价值
#
# 近12个月的贡献（毛利减销售时间成本），按数据中观察到的客户保持率（去年的采购客户今年再次采购的比例，按政策规定的分组：ABC 类、客户表中的某一列或全部客户）延续到政策规定的年限，并折现。

# %% [markdown] tags=["en"]
# ## Customer lifetime value
#
# Contribution of the last 12 months (margin minus selling time) carried over the policy's horizon, kept with the
# retention observed in the data (share of last year's buyers that bought again, per group the policy chooses:
# ABC class, a customers column or the whole book) and discounted.

# %%
lv = book.lifetime
# the credit page's view of each account beside the sales view (hold / collect first / limit cut), on every list
credit_view = book.credit_view


def named(frame):
    """The customers of ``frame`` by name and id, listed in English and in Chinese."""
    return (", ".join(f"{r['name']} ({cid})" for cid, r in frame.iterrows()),
            "、".join(f"{r['name']}（{cid}）" for cid, r in frame.iterrows()))


def credit_conflicts(frame, what_en, what_zh):
    """The sentence under a sales list: how many of its customers the credit page cuts, holds or asks to
    collect from first."""
    lose = frame["credit_view"].fillna("") != ""
    lead, what_zh = ("其他", what_zh[2:]) if what_zh.startswith("其他") else ("", what_zh)  # 其他 before the count
    if not lose.any():
        return kt.tables.note(f"The credit page cuts, holds or asks to collect first from none of the {len(frame):,} {what_en}.",
                              zh=f"这{lead}{len(frame):,}家{what_zh}在信用评审中都没有被冻结、先收款或降额。")
    kinds = frame.loc[lose, "credit_view"].value_counts()
    en = ", ".join(f"{n:,} {value('credit_view', k, 'en')}" for k, n in kinds.items())
    zh = "、".join(f"{value('credit_view', k, 'zh')}{n:,}家" for k, n in kinds.items())
    who = named(frame[lose].head(5))  # the table's rows, by name: the sentence and the table name the same accounts
    more = int(lose.sum()) - min(int(lose.sum()), 5)
    return kt.tables.note(f"The credit page limits {int(lose.sum()):,} of the {len(frame):,} {what_en} ({who[0]}"
                          f"{f' and {more:,} more' if more else ''}; {en}; column Credit view): before investing "
                          "selling time in them, the account manager agrees with finance the limit the plan for them "
                          "needs (their account plans say how much).",
                          zh=f"{lead}{len(frame):,}家{what_zh}中有{int(lose.sum()):,}家在信用评审中受到限制（{who[1]}"
                          f"{'等' if more else ''}；{zh}；见“信用评审意见”列）：投入销售时间之前，客户经理先与财务商定计划所需的"
                          "额度（见各客户计划）。")


best = (lv.nlargest(10, "clv")[["name", "group", "retention", "yearly_contribution", "clv"]].join(pyr["tier"])
        .join(credit_view[["grade", "credit_view"]]))
not_key = best[best["tier"] != "key"]
others = "、".join(not_key["name"].astype(str)) if len(not_key) else ""
display(kt.tables.note(
    f"The {len(best):,} customers of the highest lifetime value are worth {short_amount(float(best['clv'].sum()), 'en', pol)} "
    f"({num(best['clv'].sum() / lv['clv'].sum()):.0%} of all): {int((best['tier'] == 'key').sum()):,} of them are key "
    "accounts, whose account plans protect this value first"
    + (f"; {len(not_key):,} are not ({', '.join(not_key['name'].astype(str))}): check them first among the accounts "
       "to promote below." if len(not_key) else "."),
    zh=f"终身价值最高的 {len(best):,} 家客户合计价值 {num(best['clv'].sum() / 1e4):,.1f} 万元（占全部的 "
    f"{num(best['clv'].sum() / lv['clv'].sum()):.0%}）：其中 {int((best['tier'] == 'key').sum()):,} 家是重点客户，"
    "由客户计划优先保护这部分价值" + (f"；{len(not_key):,} 家不是（{others}）：在下文可升级的客户中优先评估。"
                                   if len(not_key) else "。")))
# on credit hold, in legal action or graded C: a conflict with the credit page, unless the index decides it already
weak, decided = sd.lifetime_conflicts(book, ctx.decisions())
if len(weak) + len(decided):
    who, who_zh = named(pd.concat([weak, decided]))
    display(kt.tables.note(
        f"Conflict with the credit page: {len(weak) + len(decided):,} of them ({who}) are on credit hold, in legal "
        "action or graded C, so their value assumes a retention that credit does not support. "
        + (f"For {named(weak)[0]} the sales director and the finance manager decide together whether to restore "
           "credit or count this value as at risk (the decisions above), before the account plans protect it. " if len(weak) else "")
        + sd.lifetime_decided_text(decided, "en"),
        zh=f"与信用评审冲突：其中{len(weak) + len(decided):,}家（{who_zh}）处于信用冻结、移交法务或信用等级为C，"
        "其终身价值所假设的保持率得不到信用支持。"
        + (f"对{named(weak)[1]}，在客户计划保护这部分价值之前，由销售总监和财务经理共同决定恢复信用，还是把这部分价值视为有风险"
           "（见上方待决事项）。" if len(weak) else "")
        + sd.lifetime_decided_text(decided, "zh")))
# the others that lose credit (collect first, a cut): one owner each, the account manager with finance
rest = best.drop(weak.index.union(decided.index))
display(credit_conflicts(rest, "other customers of the highest lifetime value" if len(weak) + len(decided) else
                         "customers of the highest lifetime value",
                         "其他终身价值最高的客户" if len(weak) + len(decided) else "终身价值最高的客户"))
kt.tables.style(best)

# %%
n_clv, total_clv, years = int(lv["clv"].notna().sum()), num(lv["clv"].sum()), int(lv["horizon_years"].iloc[0])
n_buyers = int(head.loc["buyers_12m", "value"])
gap_en = (f" (of the {n_buyers:,} buyers on the portfolio page, {n_buyers - n_clv:,} "
          + ("has no net revenue: its credit notes cancel its purchases)" if n_buyers - n_clv == 1
             else "have no net revenue: their credit notes cancel their purchases)") if n_buyers != n_clv else "")
gap_zh = (f"（组合页的{n_buyers:,}家采购客户中，{n_buyers - n_clv:,}家的红字发票抵消了采购，没有净收入）"
          if n_buyers != n_clv else "")
kt.tables.note(f"The {n_clv:,} customers with revenue in the last 12 months{gap_en} are worth "
               f"{short_amount(float(lv['clv'].sum()), 'en', pol)} over {years} years. {seg.retention_text(lv)} "
               f"Strategy — {strategy('abc', 'A', 'en')}",
               zh=f"近12个月有收入的 {n_clv:,} 家客户{gap_zh}在 {years} 年内的价值为{short_amount(float(lv['clv'].sum()), 'zh', pol)}。"
               f"{seg.retention_text(lv, 'zh')}策略——{strategy('abc', 'A', 'zh')}")

# %% [markdown] tags=["zh"]
# ## 产品组合与交叉销售
#
# 近12个月各层级客户按产品系列的收入和毛利（产品所属系列取自产品表；发票未注明产品的单列）。钱包份额按产品系列计算，只针对客户经理估计过的客户：估计的是客户每年从所有供应商采购该系列的金额（分品类采购潜力表），份额 = 我们近12个月在该系列的收入 ÷ 估计额。交叉销售清单：每个重点客户近12个月未采购、而同类客户（同行业、同层级的其他客户）采购的产品系列，按采购的同类客户比例排序，其次按其典型（中位数）采购额；阈值由公司自定（政策中的交叉销售设置），非方法规定。

# %% [markdown] tags=["en"]
# ## Product mix and cross-sell
#
# Revenue and margin of the last 12 months by product family for each tier (a product's family comes from the
# products table; invoices naming no product are apart). Share of wallet by family is computed only for the
# customers whose account manager estimated it: the estimate is what the customer buys a year of the family
# from all its suppliers (the wallet estimates table), the share our revenue of the last 12 months in the
# family divided by it. The cross-sell list: for each key account, the product families it did not buy in the
# last 12 months that similar accounts (the other customers of the same industry and tier) buy, the most common
# among them first, then by their typical (median) revenue in the family; the thresholds are the company's
# choice (the policy's cross-sell settings), not the method's.

# %%
families = seg.product_families(data)
mix = seg.product_mix(data, as_of)
by_tier = seg.tier_mix(mix, pyr.loc[pyr["kind"] == "customer", "tier"])
key_mix = by_tier.loc[["key"]] if "key" in by_tier.index.get_level_values("tier") else by_tier.iloc[:0]
kt.tables.style(with_family_names(key_mix, families))

# %%
wallets = seg.family_wallet_share(mix)
cross = seg.cross_sell(data, as_of, pol, tiers=pyr.loc[pyr["kind"] == "customer", "tier"])
# no pitch where credit comes first (a legal case, a grade without unsecured credit); a held account keeps its
# proposals with its hold rules beside them (the trial order waits for the release)
credit_first = lim.index[(lim["action"] == "legal") | (lim["multiplier"].fillna(1.0) <= 0) & (lim["grade"] != "NR")]
cross = cross[~cross["customer_id"].isin(credit_first)].assign(
    credit_holds=lambda f: f["customer_id"].map(lim["credit_holds"]).fillna(""))
first_family = cross[cross["cross_sell_rank"] == 1]
lead = key_mix.reset_index().iloc[0] if len(key_mix) else None
lead_text = (Text(f"{family_names(pd.Series([lead['family']]), families, 'en').iloc[0]} brings "
                  f"{num(lead['family_revenue_share']):.0%} of the key accounts' revenue",
                  f"{family_names(pd.Series([lead['family']]), families, 'zh').iloc[0]}占重点客户收入的 "
                  f"{num(lead['family_revenue_share']):.0%}") if lead is not None
             else Text("the key accounts bought nothing", "重点客户没有采购"))
gap = wallets.iloc[0] if len(wallets) else None
n_est = int(mix.loc[mix["family_wallet"].notna(), "customer_id"].nunique())
gap_text = (Text(f"; of the {n_est:,} customers whose wallet per family is estimated, the most not yet ours is in {family_names(pd.Series([gap.name]), families, 'en').iloc[0]} "
                 f"({short_amount(float(gap['family_headroom']), 'en', pol)}, our share {num(gap['family_wallet_share']):.0%})",
                 f"；在估计了分品类采购潜力的{n_est:,}家客户中，尚未获得的采购额最多的是"
                 f"{family_names(pd.Series([gap.name]), families, 'zh').iloc[0]}（{short_amount(float(gap['family_headroom']), 'zh', pol)}，"
                 f"我们的份额 {num(gap['family_wallet_share']):.0%}）") if gap is not None
            else Text("; no wallet per family is estimated", "；没有分品类的采购潜力估计"))
display(kt.tables.note(f"{lead_text.en}{gap_text.en}. {first_family['customer_id'].nunique():,} key accounts have a family to "
               "propose, listed below by the peers' typical revenue in it; each account plan shows its first three and "
               "the account manager's action.",
               zh=f"{lead_text.zh}{gap_text.zh}。{first_family['customer_id'].nunique():,}家重点客户有可推荐的产品系列，"
               "下表按同类客户在该系列的典型采购额排列；每份客户计划列出前三个系列和客户经理的行动。"))
kt.tables.top(with_family_names(cross.drop(columns="tier").set_index(["customer_id", "cross_sell_rank"]), families), "peer_typical_revenue", 15,
              excel=folder / f"cross_sell_{period}.xlsx", what="cross-sell proposals of key accounts",
              what_zh="重点客户的交叉销售建议", sheet=("cross-sell", "交叉销售"),
              also={("Mix by tier", "各层级产品组合"): with_family_names(by_tier, families).reset_index(),
                    ("Mix by account", "各客户产品组合"): with_family_names(mix.set_index("customer_id"), families),
                    ("Wallet by family", "分品类钱包份额"): with_family_names(wallets, families)})

# %% [markdown] tags=["zh"]
# ## RFM：近度、频度、金额
#
# 按近度评分和频度-金额评分划分的客户（1 = 最差，5 = 采购客户中最好）；各个命名的客户群由这两项评分决定。

# %% [markdown] tags=["en"]
# ## RFM: recency, frequency, monetary
#
# Customers by recency score and frequency-monetary score (1 = worst, 5 = best among the buyers); the named
# segments follow from the two scores.

# %%
r = book.rfm
ax = kt.plots.rfm_heatmap(r)
kt.plots.show(ax, kt.plots.rfm_heatmap_reading(r))
n_risk = int(r["segment"].isin(["at risk", "cannot lose them"]).sum())
kt.tables.note(f"{n_risk:,} customers who used to buy often and much buy later than the others lately (at risk, cannot "
               "lose them: the recency score ranks them among the buyers). Strategy — "
               f"{strategy('rfm', 'at risk', 'en')}",
               zh=f"{n_risk:,} 家过去采购频繁、金额大的客户，最近一次采购比其他客户晚（有流失风险客户、不能失去的客户：按近度评分在"
               f"采购客户中排后）。策略——{strategy('rfm', 'at risk', 'zh')}")

# %%
# the customers the account managers call (the decisions above): those whose last purchase is more than twice their
# usual interval ago, the largest purchases first; legal cases apart
at_risk = r[r["segment"].isin(sd.RFM_AT_RISK)].join(pyr[["name", "account_manager"]]).join(credit_view["credit_view"])
at_risk = at_risk[at_risk["credit_view"].fillna("") != "legal"]  # a legal case is no call to win back
at_risk = at_risk[sd.overdue_to_buy(at_risk, int(pol["segments"]["rfm"]["months"]))]
kt.tables.top(at_risk[["name", "account_manager", "segment", "last_purchase", "recency_days", "frequency", "monetary",
                       "credit_view"]], "monetary", 5, excel=folder / f"rfm_at_risk_{period}.xlsx",
              what="customers at risk to call", what_zh="须联系的流失风险客户")

# %% [markdown] tags=["zh"]
# ## MAN 线索
#
# 每条销售线索按购买力（M）、决策权（A）和需求（N）判定（大写字母 = 具备），按优先级排列，附预计年采购额和每种组合的处理建议。

# %% [markdown] tags=["en"]
# ## MAN pipeline of leads
#
# Every lead qualified by Money, Authority and Need (capital letter = present), in order of priority, with its
# estimated annual value and the action for each code.

# %%
pipe = seg.man_pipeline(seg.man(data))
# the order of the codes (1 = first), not a score; the code itself in the first column, its action once
kt.tables.style(pipe.rename(columns={"priority": "rank"}).rename_axis("man_letters"))

# %%
ax = kt.plots.man_pipeline_chart(pipe, policy=pol)
kt.plots.show(ax, kt.plots.man_pipeline_chart_reading(pipe, policy=pol))
top = pipe.loc["M+A+N"]
kt.tables.note(f"{int(top['leads']):,} leads are fully qualified (M+A+N) with {short_amount(float(top['estimated_annual_value']), 'en', pol)} a year "
               f"of estimated purchases. Action — {strategy('man', 'M+A+N', 'en')}",
               zh=f"{int(top['leads']):,} 条线索完全符合条件（M+A+N），预计每年采购 {short_amount(float(top['estimated_annual_value']), 'zh', pol)}。"
               f"处理建议——{strategy('man', 'M+A+N', 'zh')}")

# %% [markdown] tags=["zh"]
# ## 客户状态
#
# 活跃客户、新客户（在政策规定的月数内首次采购）、流失客户（已有政策规定的月数没有采购）、潜在客户（已建档或为销售线索，尚未采购）和非客户（缺少购买力、决策权和需求的线索）。

# %% [markdown] tags=["en"]
# ## Customer status
#
# Active, new (first purchase within the policy's months), lost (no purchase for the policy's months), prospects
# (set up or leads, not buying yet) and non-customers (leads without money, authority or need).

# %%
stat = seg.status(data, as_of, pol)
counts = stat.groupby("status").agg(accounts=("kind", "size"), strategy=("strategy", "first"))
kt.tables.style(counts.reindex([s for s in seg.STATUS_ORDER if s in counts.index]))

# %% [markdown] tags=["zh"]
# ## 客户关系阶梯
#
# 按教材的关系等级统计的客户数：买主 → 优先采购者 → 合作伙伴 → 战略联盟（尚无关系的为外人，关系紧张的单列），一年前和现在；
# 以及今年关系等级上升或下降的客户。某客户的关系等级是其在该日或之前最近一次记录，没有记录时取客户表的关系等级。

# %% [markdown] tags=["en"]
# ## The relationship ladder
#
# Customers by relationship level of the material: buyer → priority purchaser → partner → strategic alliance
# (outsider without a relationship, strained apart), a year ago and now; and the customers that moved up or down
# this year. A customer's level is its latest record on or before the date, else the customers table's level.

# %%
kt.tables.style(seg.ladder_summary(data, as_of))

# %%
moves = seg.relationship_moves(data, f"{as_of.year - 1}-12-31", as_of).set_index(["customer_id", "date"])  # a customer may move twice
n_up, n_down = int((moves["move"] == "up").sum()), int((moves["move"] == "down").sum())
display(kt.tables.first(moves.drop(columns="strategy"), 15, excel=folder / f"relationship_moves_{period}.xlsx",
                        what="moves this year", what_zh="今年关系等级变动", unit_zh="次"))
kt.tables.note(f"This year {n_up:,} moves up the ladder and {n_down:,} down. For a move down — "
               f"{strategy('ladder', 'strained', 'en')} For a partner — {strategy('ladder', 'partnership', 'en')}",
               zh=f"今年关系等级上升 {n_up:,} 次，下降 {n_down:,} 次。关系下降时——{strategy('ladder', 'strained', 'zh')}"
               f"对合作伙伴——{strategy('ladder', 'partnership', 'zh')}")

# %% [markdown] tags=["zh"]
# ## 客户关系生命周期
#
# 按近12个月收入及其与前12个月相比的趋势划分的各阶段客户；每根柱上的标注为该阶段占收入的比例。

# %% [markdown] tags=["en"]
# ## Relationship lifecycle
#
# Customers by stage, from revenue of the last 12 months and its trend against the previous 12 months; the label
# on each bar is the stage's share of revenue.

# %%
lc = seg.lifecycle(data, as_of, pol)
ax = kt.plots.lifecycle_chart(lc)
kt.plots.show(ax, kt.plots.lifecycle_chart_reading(lc))
defense = lc[lc["stage"] == "defense"]
kt.headlines.sentence(head, "{lifecycle_defense} customers are in defense (revenue down {down} or more), with {stake} of "
                      "revenue at stake; {lifecycle_breakthrough} are in breakthrough (first orders, or not buying yet). "
                      "Strategy — {strategy}",
                      zh="{lifecycle_defense} 家客户处于防御期（收入下降 {down} 或更多），涉及收入 {stake}；"
                      "{lifecycle_breakthrough} 家处于突破期（刚开始下单或尚未采购）。策略——{strategy}",
                      down=kt.headlines.share_text(-pol["segments"]["lifecycle"]["decline_below"], 0),
                      stake=Text(short_amount(float(defense["revenue_12m"].sum()), "en", pol),
                                 short_amount(float(defense["revenue_12m"].sum()), "zh", pol)), strategy=advice("lifecycle", "defense"))

# %% [markdown] tags=["zh"]
# ## 与上期相比的层级迁移
#
# 本月末的金字塔与上月末的金字塔对比（各按自己的近12个月计算）。上月末的层级取自上月保存的月度快照（当时的关系、吸引力和采购潜力）；没有快照时按当前属性重新计算，图下的说明写明是哪一种。热力图中，行：之前的层级；列：现在的层级。下表先列出降级的重点客户（全部列出），再列其他降级和升级的客户。

# %% [markdown] tags=["en"]
# ## Migration since the previous period
#
# The pyramid at the end of this month against the pyramid at the end of the previous month (each on its own
# trailing 12 months). The tiers of the previous month are those stored in its snapshot (the relationship,
# attractiveness and wallet estimate of then); without one they are recomputed from today's attributes, and the
# note under the chart says which. In the heat map, rows are the tier before, columns the tier now. The table
# lists the key accounts that moved down first (all of them), then the other downgrades and the upgrades.

# %%
mig = book.migration
ax = kt.plots.migration_heatmap(mig.matrix)
kt.plots.show(ax, kt.plots.migration_heatmap_reading(mig.matrix))
moved = seg.ranked_movers(mig.movers)  # the key accounts that moved down first: never left out of the table
ups, downs = int((moved["direction"] == "up").sum()), int((moved["direction"] == "down").sum())
key_down = (moved["direction"] == "down") & (moved["before"] == "key")
to_ordinary = int(mig.matrix.loc["key", "ordinary"]) if "key" in mig.matrix.index else 0
basis_en, basis_zh = seg.basis_text(mig.basis)  # the tiers before: the stored snapshot's, or recomputed
kt.tables.note(f"Since last month {ups:,} accounts moved up and {downs:,} moved down; {int(key_down.sum()):,} of the "
               f"downgrades are key accounts ({to_ordinary:,} of them to ordinary, as in the heat map), all listed "
               f"below. Strategy — {strategy('migration', 'down', 'en')} {basis_en}",
               zh=f"与上月相比，{ups:,} 家客户升级，{downs:,} 家客户降级；降级的客户中有 {int(key_down.sum()):,} 家原为重点客户"
               f"（其中 {to_ordinary:,} 家降为普通客户，与热力图一致），下表全部列出。策略——{strategy('migration', 'down', 'zh')}"
               f"{basis_zh}")

# %%
kt.tables.first(moved.drop(columns="strategy"), 20, keep=key_down, excel=folder / f"tier_migration_{period}.xlsx",
                what="accounts that changed tier", what_zh="层级变动的客户", unit_zh="家")

# %% [markdown] tags=["zh"]
# ## 可升级为重点客户的客户
#
# 综合评分最高（其次看潜力）的普通客户：可以培养为重点客户的候选。

# %% [markdown] tags=["en"]
# ## Accounts to promote
#
# Ordinary customers with the highest composite (then potential): the candidates to develop into key accounts.

# %%
# the credit page's view of each account, beside the sales view: a candidate is not on credit hold, has a
# grade with unsecured credit, is not cut, did not move down this month and does not lose money after cost to serve
candidates, fit = sd.promote_candidates(book, pol)
display(kt.tables.note(f"Strategy — {strategy('tier', 'ordinary', 'en').rstrip('.')}. {int((~fit).sum()):,} of the "
                       f"{len(candidates):,} ordinary customers are left out: on credit hold, to pay first or with "
                       "their limit cut on the credit page, graded without unsecured credit, moved down this month, or "
                       "losing money after the cost to serve (prices first).",
                       zh=f"策略——{strategy('tier', 'ordinary', 'zh').rstrip('。')}。{len(candidates):,}家普通客户中有"
                       f"{int((~fit).sum()):,}家不列入：处于信用冻结、在信用评审中须先收款或被降额、信用等级不给无担保额度、本月降级，"
                       "或扣除服务成本后亏损（先复核价格）。"))
display(credit_conflicts(candidates[fit], "candidates to promote", "可升级候选客户"))
# a potential far above what the customer buys is more often a wrong estimate than a chance: checked before it is planned
listed = candidates[fit].nlargest(15, "composite")
doubtful = listed[listed["wallet_headroom"] > 100 * listed["revenue_12m"].clip(lower=1.0)]
if len(doubtful):
    who, who_zh = named(doubtful)
    display(kt.tables.note(
        f"Check the potential first: {len(doubtful):,} of the listed ({who}) would have room to buy more than 100 times "
        "their revenue of the last 12 months; the account manager confirms the estimate of their purchases before the "
        "sales director plans on it.",
        zh=f"先核实潜力：所列客户中有{len(doubtful):,}家（{who_zh}）的采购潜力余量超过其近12个月收入的100倍；"
        "销售总监据此做计划之前，由客户经理核实其采购额估计。"))
unmeasured = sd.unknown_potential_note(listed, pol)  # a potential scored at the neutral value: said
if unmeasured is not None:
    display(unmeasured)
kt.tables.top(candidates[fit].drop(columns="credit_holds").rename_axis("customer_id"), "composite", 15,
              excel=folder / f"promote_{period}.xlsx", what="ordinary customers to promote",
              what_zh="可培养为重点客户的普通客户")

# %% [markdown] tags=["zh"]
# ## 需关注的重点客户
#
# 与前12个月相比，收入下降达到政策规定的下降阈值或以上的重点客户，按减少的收入从多到少排列。

# %% [markdown] tags=["en"]
# ## Key accounts to watch
#
# Key accounts whose revenue fell by the policy's decline threshold or more against the previous 12 months,
# largest revenue lost first.

# %%
watch = seg.to_watch(pyr, n=None, policy=pol)
shown = min(15, len(watch))
listed = (Text(f"the {shown:,} that lost the most revenue are listed", f"下表列出收入减少最多的 {shown:,} 家")
          if len(watch) else Text("none to list", "没有需要列出的客户"))
display(kt.headlines.sentence(head, "{key_accounts_declining} key accounts are declining ({key_accounts_declining:change} since "
                              "{key_accounts_declining:previous_window}); {listed}. Strategy — {strategy}",
                              zh="{key_accounts_declining} 家重点客户收入在下降（较 {key_accounts_declining:previous_window} "
                              "{key_accounts_declining:change}）；{listed}。策略——{strategy}",
                              listed=listed, strategy=advice("lifecycle", "defense")))
watched = watch.drop(columns="strategy").join(credit_view)
display(credit_conflicts(watched, "key accounts to watch", "需关注的重点客户"))  # agree before the senior visit
kt.tables.top(watched.rename_axis("customer_id"), "revenue_lost", 15, excel=folder / f"key_accounts_to_watch_{period}.xlsx",
              what="key accounts to watch", what_zh="需关注的重点客户")
