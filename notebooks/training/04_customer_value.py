# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 4 — Customer value: 80-20, the value matrix and lifetime value (客户价值)
#
# Which customers are worth the most — today, in future, over the whole relationship? And why is keeping a customer
# worth so much more than winning a new one? This lesson answers with four tools:
#
# * the **80-20 rule** (二八法则, Pareto) and **ABC classes** (ABC 分类);
# * the **customer value matrix** (客户价值矩阵): current value × potential value;
# * **customer lifetime value** (客户终身价值, CLV);
# * the economics of **retention** (客户保持率) and loyalty (客户忠诚度).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Set-up
#
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
print(f"Lesson data: {len(data.customers):,} customers; the last 12 months run up to {as_of}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The 80-20 rule and ABC classes
#
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
print(f"The top {par.top:.0%} of customers bring {par.top_share:.0%} of revenue.")
abc_table

# %%
kt.strategies.describe("abc")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. The customer value matrix (客户价值矩阵)
#
# Revenue ranks customers by what they bring today. The value matrix adds what they *could* bring:
#
# * **current value** (当前价值) = margin of the last 12 months;
# * **potential value** (潜在价值) = the margin still to win each year: wallet headroom (the customer's yearly purchases
#   of our category that go to others) × the customer's margin rate.
#
# Split both at the median of the buying customers and four quadrants appear, each with its strategy.

# %%
vm = seg.value_matrix(data, as_of)
ax = kt.plots.value_matrix_chart(vm)

# %%
quadrants = kt.strategies.describe("value_matrix")
quadrants.insert(0, "customers", vm["quadrant"].value_counts().reindex(quadrants.index, fill_value=0))
quadrants

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 4.1 — How much of today's margin is strategic?

# %% tags=["solution"]
# Exercise 4.1: what share of the current value (margin of the last 12 months) of all customers comes from the
# strategic quadrant? Use `vm` (columns quadrant and current_value); answer a share between 0 and 1.
strategic_margin_share = vm.loc[vm["quadrant"] == "strategic", "current_value"].sum() / vm["current_value"].sum()

# %%
training.check("04.strategic_margin_share", strategic_margin_share, (data, as_of))


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Customer lifetime value (客户终身价值)
#
# A customer is worth not one year's margin but the margin of every year it stays. With
#
# * `c` — the yearly contribution: margin minus the cost of selling time, assumed to recur;
# * `r` — retention (客户保持率): the chance that a customer buying this year buys again next year, estimated on the
#   data as the share of last year's buyers that bought again (per ABC class);
# * `d` — the discount rate, and `H` the horizon in years (policy: 10 % and 10 years),
#
# CLV = c × [ (r / (1+d)) + (r / (1+d))² + … + (r / (1+d))^H ].
#
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
print(f"{top['name']}: {top['yearly_contribution']:,.0f} a year x lifetime factor "
      f"{lifetime_factor(top['retention'], top['discount_rate'], int(top['horizon_years'])):.2f} = {by_hand:,.0f} "
      f"(seg.clv: {top['clv']:,.0f})")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Why keeping a customer costs a fraction of winning one
#
# Training material often quotes a rule of thumb: winning a new customer costs about five times as much as keeping
# an existing one (开发一个新客户的成本是维护一个老客户的五倍). A new customer has to be found, qualified (lesson 3),
# visited, convinced and often won with a price concession before it buys at all; an existing customer already
# trusts us, buys without a new sale each time, costs less to serve as both sides learn the routine, and refers
# others. The rule of thumb is not measured on our data, but what a lost customer takes away is:

# %%
mean_clv = lv.groupby("group")["clv"].mean().reindex(["A", "B", "C"])
print(f"An average class A customer is worth {mean_clv['A']:,.0f} over {int(lv['horizon_years'].iloc[0])} years, "
      f"a class C customer {mean_clv['C']:,.0f}: losing one class A customer takes "
      f"{mean_clv['A'] / mean_clv['C']:.0f} new class C customers to replace — each one found, qualified and won first.")
mean_clv.round(0).to_frame("mean CLV")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. What a few points of loyalty do
#
# A much-quoted study (Reichheld and Sasser, "Zero Defections", 1990) found that cutting customer defections by five
# percentage points raised profits by 25 % to 85 % in the service businesses it studied. The lifetime factor shows why: retention compounds. For a customer worth 100,000 a year, at a discount rate
# of 10 % over 10 years:

# %%
c, d, years = 100_000, 0.10, 10
for r in (0.80, 0.85):
    print(f"retention {r:.0%}: CLV {c * lifetime_factor(r, d, years):,.0f}")
gain = lifetime_factor(0.85, d, years) / lifetime_factor(0.80, d, years) - 1
print(f"5 points more retention: {gain:.0%} more lifetime value from the same customer")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 4.2 — Five points of loyalty on our book
#
# Apply the same idea to every customer of `lv` that has a CLV.

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
# Customers already near 100 % retention cannot gain much; the gain sits with the classes that still lose customers.
# That is where a retention programme — regular reviews, service recovery after complaints, early renewal — pays.
#
# ## Key points
#
# * 80-20 (二八法则): a few customers bring most of the revenue; ABC classes (ABC 分类) tell where protection matters most.
# * The value matrix (客户价值矩阵) adds potential to today's value: strategic, maintain, develop, minimal.
# * Lifetime value (客户终身价值) = yearly contribution × a lifetime factor that grows fast with retention.
# * Keeping customers (客户保持) is cheaper than winning new ones, and a few points of loyalty (忠诚度) raise lifetime
#   value far more than they cost.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Judgment — what would you do, and why? (判断练习：你会怎么做，为什么？)
#
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
# **The decision.** The sales director wants a retention programme for the case account: a dedicated service
# engineer, quarterly business reviews and a price freeze for two years. Finance objects that the company already
# depends on this one customer, that lesson 2 found it buying on price, and that it pays late.
#
# *Is the case account an ideal customer? Name what a customer this big puts at risk, then decide: fund the whole
# programme, a part of it (which part, and what do you ask the customer in return?), or spend the money on growing
# other accounts so that this one weighs less.*
#
# *案例客户是理想客户吗？先说出这么大的客户会带来哪些风险，再做决定：全额支持这个计划、支持其中一部分（哪一部分，要求客户回报什么？），还是把钱用于发展其他客户，让这个客户的比重下降。*

# %% [markdown] tags=["judgment"]
# **My decision (我的决定):** …
#
# **Why (理由):** …
#
# **What would change my mind (什么会让我改变决定):** …
