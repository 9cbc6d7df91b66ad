# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 4 — Customer value: 80-20, the value matrix and lifetime value (客户价值)
#
# 哪些客户最有价值：现在、将来、在整个合作期间？为什么留住一个客户比赢得一个新客户值钱得多？本课用四个工具来回答：<br>
# Which customers are worth the most — today, in future, over the whole relationship? And why is keeping a customer
# worth so much more than winning a new one? This lesson answers with four tools:
#
# * **二八法则**和 **ABC 分类** the **80-20 rule** (二八法则, Pareto) and **ABC classes** (ABC 分类);
# * **客户价值矩阵**：当前价值 × 潜在价值；the **customer value matrix** (客户价值矩阵): current value × potential value;
# * **customer lifetime value** (客户终身价值, CLV);
# * **客户保持率**和客户忠诚度的经济账；the economics of **retention** (客户保持率) and loyalty (客户忠诚度).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Set-up (准备)
#
# 本课使用工作簿的数据：有数据库就用你自己的数据库，否则用提交的样本数据。改 `period` 可以研究另一个月份。每道练习都按同一份数据、同一个月份检查：请按顺序运行各单元格。<br>
# The lesson works on the workbook's data: your store if there is one, else the committed sample. Change `period`
# to study another month. Every exercise is checked against the same data and month: run the cells in order.

# %% slideshow={"slide_type": "skip"} tags=["parameters"]
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
period: str = ""  # month YYYY-MM; empty: latest complete month of the data

# %%
import pandas as pd

import kamtools as kt
from kamtools import segments as seg
from kamtools import training
from kamtools.report import report_context

ctx = report_context(period, db)
data, period, as_of = ctx.data, ctx.period, ctx.as_of
pd.set_option("display.max_colwidth", 110)
print(f"课程数据：{len(data.customers):,} 个客户；近12个月截至 {as_of}。\n"
      f"Lesson data: {len(data.customers):,} customers; the last 12 months run up to {as_of}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The 80-20 rule and ABC classes (二八法则与 ABC 分类)
#
# 在大多数企业的客户中，一小部分客户带来大部分收入，经典的说法是 20 % 的客户带来 80 % 的收入。取近12个月有购买的客户（其他客户没有收入可分），按收入从大到小排序并累加：**A 类**是从最大的客户起，直到累计收入达到或超过 80 % 的那个客户为止（因此 A 类至少带来 80 %）；**B 类**同样继续累计到 95 %；其余是 **C 类**。<br>
# In most books of business a small share of customers brings most of the revenue — classically 20 % of customers,
# 80 % of revenue. Take the customers that bought in the last 12 months (the others have no revenue to share), sort
# them by revenue, largest first, and add up: class **A** is the largest customers up to and including the one whose
# revenue takes the running total to 80 % or more (so class A brings at least 80 %); class **B** continues likewise
# to 95 %; class **C** is the rest.

# %%
par = seg.revenue_pareto(data, as_of)  # the customers that bought in the last 12 months, as in the monthly report
ax = kt.plots.pareto_curve(par.curve, top=par.top)

# %%
abc_table = par.curve.groupby("abc").agg(customers=("value", "size"), revenue=("value", "sum"))
abc_table["customer_share"] = (abc_table["customers"] / abc_table["customers"].sum()).round(3)
abc_table["revenue_share"] = (abc_table["revenue"] / abc_table["revenue"].sum()).round(3)
print(f"前 {par.top:.0%} 的客户带来 {par.top_share:.0%} 的收入。\nThe top {par.top:.0%} of customers bring {par.top_share:.0%} of revenue.")
abc_table

# %%
kt.strategies.describe("abc")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. The customer value matrix (客户价值矩阵)
#
# 收入按客户今天带来的东西排序。价值矩阵再加上它们*可能*带来的东西：<br>
# Revenue ranks customers by what they bring today. The value matrix adds what they *could* bring:
#
# * **current value** (当前价值) = margin of the last 12 months;
# * **潜在价值** = 每年还能赢得的毛利：钱包份额的空间（客户每年采购我们这类产品中流向别家的部分）× 客户的毛利率。<br>
#   **potential value** (潜在价值) = the margin still to win each year: wallet headroom (the customer's yearly purchases
#   of our category that go to others) × the customer's margin rate.
#
# 两项都按有购买客户的中位数一分为二，就得到四个象限，每个象限有各自的策略。<br>
# Split both at the median of the buying customers and four quadrants appear, each with its strategy.

# %%
vm = seg.value_matrix(data, as_of)
ax = kt.plots.value_matrix_chart(vm)

# %%
quadrants = kt.strategies.describe("value_matrix")
quadrants.insert(0, "customers", vm["quadrant"].value_counts().reindex(quadrants.index, fill_value=0))
quadrants

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 4.1 — How much of today's margin is strategic? (练习 4.1：今天的毛利有多少来自战略客户？)

# %% tags=["solution"]
# Exercise 4.1: what share of the current value (margin of the last 12 months) of all customers comes from the
# strategic quadrant? Use `vm` (columns quadrant and current_value); answer a share between 0 and 1.
strategic_margin_share = vm.loc[vm["quadrant"] == "strategic", "current_value"].sum() / vm["current_value"].sum()

# %%
training.check("04.strategic_margin_share", strategic_margin_share, (data, as_of))


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Customer lifetime value (客户终身价值)
#
# 一个客户的价值不是一年的毛利，而是它留下来的每一年的毛利。设<br>
# A customer is worth not one year's margin but the margin of every year it stays. With
#
# * `c` — 年度贡献：毛利减去销售时间的成本，假定每年重复；the yearly contribution: margin minus the cost of selling time, assumed to recur;
# * `r` — 客户保持率：今年购买的客户明年再次购买的概率，在数据上用去年的购买客户中今年再次购买的比例来估计（按 ABC 类）；<br>
#   `r` — retention (客户保持率): the chance that a customer buying this year buys again next year, estimated on the
#   data as the share of last year's buyers that bought again (per ABC class);
# * `d` — 折现率，`H` — 计算的年限（政策文件设定为 10 % 和 10 年）；the discount rate, and `H` the horizon in years (policy: 10 % and 10 years),
#
# CLV = c × [ (r / (1+d)) + (r / (1+d))² + … + (r / (1+d))^H ].
#
# 括号里的部分就是**终身系数**：一年的贡献在整个年限内值多少。<br>
# The bracket is the **lifetime factor**: what one year's contribution is worth over the horizon.

# %%
def lifetime_factor(r, d, years):
    """sum over t = 1..years of (r / (1 + d)) ** t; r may be a number or a Series."""
    return sum((r / (1 + d)) ** t for t in range(1, years + 1))


lv = seg.clv(data, as_of)
lv.nlargest(8, "clv")[["name", "group", "retention", "yearly_contribution", "clv"]].round(3)

# %%
top = lv.loc[lv["clv"].idxmax()]
by_hand = top["yearly_contribution"] * lifetime_factor(top["retention"], top["discount_rate"], int(top["horizon_years"]))
print(f"{top['name']}：每年 {top['yearly_contribution']:,.0f} × 终身系数 "
      f"{lifetime_factor(top['retention'], top['discount_rate'], int(top['horizon_years'])):.2f} = {by_hand:,.0f}"
      f"（seg.clv：{top['clv']:,.0f}）\n"
      f"{top['name']}: {top['yearly_contribution']:,.0f} a year x lifetime factor "
      f"{lifetime_factor(top['retention'], top['discount_rate'], int(top['horizon_years'])):.2f} = {by_hand:,.0f} "
      f"(seg.clv: {top['clv']:,.0f})")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Why keeping a customer costs a fraction of winning one (为什么留住客户比开发新客户便宜得多)
#
# 培训教材常引用一条经验法则：开发一个新客户的成本是维护一个老客户的五倍。新客户要先找到、判断资格（第 3 课）、拜访、说服，往往还要靠让价才肯第一次购买；老客户已经信任我们，每次购买不需要重新销售，双方熟悉流程后服务成本更低，还会介绍别的客户。这条经验法则不是在我们的数据上测出来的，但失去一个客户会带走多少，是可以算出来的：<br>
# Training material often quotes a rule of thumb: winning a new customer costs about five times as much as keeping
# an existing one (开发一个新客户的成本是维护一个老客户的五倍). A new customer has to be found, qualified (lesson 3),
# visited, convinced and often won with a price concession before it buys at all; an existing customer already
# trusts us, buys without a new sale each time, costs less to serve as both sides learn the routine, and refers
# others. The rule of thumb is not measured on our data, but what a lost customer takes away is:

# %%
mean_clv = lv.groupby("group")["clv"].mean().reindex(["A", "B", "C"])
print(f"一个 A 类客户在 {int(lv['horizon_years'].iloc[0])} 年内平均价值 {mean_clv['A']:,.0f}，一个 C 类客户 {mean_clv['C']:,.0f}："
      f"失去一个 A 类客户，要 {mean_clv['A'] / mean_clv['C']:.0f} 个新的 C 类客户才能补上，而每一个都得先找到、判断资格、赢下来。\n"
      f"An average class A customer is worth {mean_clv['A']:,.0f} over {int(lv['horizon_years'].iloc[0])} years, "
      f"a class C customer {mean_clv['C']:,.0f}: losing one class A customer takes "
      f"{mean_clv['A'] / mean_clv['C']:.0f} new class C customers to replace — each one found, qualified and won first.")
mean_clv.round(0).to_frame("mean CLV")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. What a few points of loyalty do (几个百分点的忠诚度意味着什么)
#
# 一项常被引用的研究（Reichheld 和 Sasser，《零流失》，1990）发现，在所研究的服务业中，客户流失率降低 5 个百分点，利润提高 25 % 到 85 %。终身系数说明了原因：保持率有复利效应。对于一个每年价值 100,000 的客户，折现率 10 %、年限 10 年时：<br>
# A much-quoted study (Reichheld and Sasser, "Zero Defections", 1990) found that cutting customer defections by five
# percentage points raised profits by 25 % to 85 % in the service businesses it studied. The lifetime factor shows why: retention compounds. For a customer worth 100,000 a year, at a discount rate
# of 10 % over 10 years:

# %%
c, d, years = 100_000, 0.10, 10
for r in (0.80, 0.85):
    print(f"客户保持率 retention {r:.0%}: CLV {c * lifetime_factor(r, d, years):,.0f}")
gain = lifetime_factor(0.85, d, years) / lifetime_factor(0.80, d, years) - 1
print(f"保持率提高 5 个百分点：同一个客户的终身价值增加 {gain:.0%}。\n"
      f"5 points more retention: {gain:.0%} more lifetime value from the same customer")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 4.2 — Five points of loyalty on our book (练习 4.2：在我们的客户上提高 5 个百分点的忠诚度)
#
# 把同样的思路用到 `lv` 中每一个有 CLV 的客户上。Apply the same idea to every customer of `lv` that has a CLV.

# %% tags=["solution"]
# Exercise 4.2: raise every customer's retention by 5 points (0.05), at most 1 (100 %), and recompute its CLV with
# the same yearly_contribution, discount_rate and horizon_years. By what share does the total CLV of the
# customers with a CLV rise? Use `lv` and `lifetime_factor`; answer a share such as 0.12.
has_clv = lv[lv["clv"].notna()]
lifted = has_clv["yearly_contribution"] * lifetime_factor((has_clv["retention"] + 0.05).clip(upper=1.0),
                                                          has_clv["discount_rate"].iloc[0],
                                                          int(has_clv["horizon_years"].iloc[0]))
clv_uplift = lifted.sum() / has_clv["clv"].sum() - 1

# %%
training.check("04.clv_uplift", clv_uplift, (data, as_of))

# %% [markdown]
# 保持率已经接近 100 % 的客户提升空间不大；增益集中在仍在流失客户的那些类别。保留计划（定期回顾、投诉后的服务补救、提前续约）在那里最见效。<br>
# Customers already near 100 % retention cannot gain much; the gain sits with the classes that still lose customers.
# That is where a retention programme — regular reviews, service recovery after complaints, early renewal — pays.
#
# ## Key points (要点)
#
# * 二八法则：少数客户带来大部分收入；ABC 分类指出最需要保护的客户。<br>
#   80-20 (二八法则): a few customers bring most of the revenue; ABC classes (ABC 分类) tell where protection matters most.
# * 客户价值矩阵在今天的价值上加入潜力：战略客户、维持型、发展型、低价值客户。<br>
#   The value matrix (客户价值矩阵) adds potential to today's value: strategic, maintain, develop, minimal.
# * 客户终身价值 = 年度贡献 × 终身系数，而终身系数随保持率快速增长。<br>
#   Lifetime value (客户终身价值) = yearly contribution × a lifetime factor that grows fast with retention.
# * 留住客户比开发新客户便宜，几个百分点的忠诚度带来的终身价值远高于它的成本。<br>
#   Keeping customers (客户保持) is cheaper than winning new ones, and a few points of loyalty (忠诚度) raise lifetime
#   value far more than they cost.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Judgment — what would you do, and why? (判断练习：你会怎么做，为什么？)
#
# 从本课的三个角度看课程的案例客户：它在二八曲线上的位置、价值矩阵，以及它的终身价值。<br>
# The case account (案例客户) of the course in this lesson's three views: its place in the 80-20 curve, the value
# matrix and its lifetime value.

# %%
from kamtools.training.lesson_data import focus_account

case = focus_account(data, as_of)  # the case account (案例客户) of the whole course
curve = par.curve
pd.Series({
    "name": lv.loc[case, "name"] if case in lv.index else case,
    "rank by revenue": int(curve.loc[case, "rank"]) if case in curve.index else "no revenue",
    "share of the book's revenue": f"{curve.loc[case, 'value_share']:.1%}" if case in curve.index else "",
    "ABC class": curve.loc[case, "abc"] if case in curve.index else "",
    "value matrix quadrant": vm.loc[case, "quadrant"] if case in vm.index else "",
    "retention": f"{lv.loc[case, 'retention']:.0%}" if case in lv.index else "",
    "lifetime value (CLV)": f"{lv.loc[case, 'clv']:,.0f}" if case in lv.index else "",
}, name=case).to_frame("case account")

# %% [markdown]
# **决定。** 销售总监想为案例客户做一个保留计划：专职服务工程师、每季度业务回顾、两年价格不变。财务部门反对：公司已经依赖这一个客户，第 2 课发现它看价格买货，而且它付款晚。<br>
# **The decision.** The sales director wants a retention programme for the case account: a dedicated service
# engineer, quarterly business reviews and a price freeze for two years. Finance objects that the company already
# depends on this one customer, that lesson 2 found it buying on price, and that it pays late.
#
# *案例客户是理想客户吗？先说出这么大的客户会带来哪些风险，再做决定：全额支持这个计划、支持其中一部分（哪一部分，要求客户回报什么？），还是把钱用于发展其他客户，让这个客户的比重下降。*<br>
# *Is the case account an ideal customer? Name what a customer this big puts at risk, then decide: fund the whole
# programme, a part of it (which part, and what do you ask the customer in return?), or spend the money on growing
# other accounts so that this one weighs less.*

# %% [markdown] tags=["judgment"]
# **My decision (我的决定):** …
#
# **Why (理由):** …
#
# **What would change my mind (什么会让我改变决定):** …
