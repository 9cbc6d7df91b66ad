# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 2 — Classifying accounts: attractiveness, potential and relationship (客户分类)
#
# Lesson 1 placed every account in a tier. This lesson opens the classification: which questions it asks about an
# account, how the answers combine, and what strategy follows for each class.
#
# The method asks four questions about every account:
#
# | question | 中文 | measured by |
# |---|---|---|
# | What is it worth to us today? | 当前价值 | revenue and margin of the last 12 months |
# | How much more could it be worth? | 潜力 (销量、利润) | growth against the previous 12 months; wallet headroom (what it buys from others) |
# | How good is our relationship? | 关系状态 / 关系层级 | the relationship state and the highest level of people we reach |
# | Is it attractive to us? | 客户吸引力 | high / medium / low, set by the account manager |
#
# You will see how the four scores make the composite, which accounts could move up, and tell **relational** from
# **transactional** customers (关系型客户 / 交易型客户).

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
# ## 1. Four scores, one composite
#
# Each question is scored from 0 to 1. Money enters as percentile ranks among all accounts (0 = lowest, 1 =
# highest), so a score says "better than this share of accounts". The composite is a weighted mean; the weights
# live in the policy file (`segments.weights`):

# %%
pol = kt.policy.load_policy(None)["segments"]
weights = pd.Series(pol["weights"], name="weight")
weights / weights.sum()

# %%
pyr = seg.pyramid(data, as_of)
scores = ["value_score", "potential_score", "relationship_score", "attractiveness_score"]
pyr.sort_values("rank")[["name", "tier", *scores, "composite"]].head(6).round(3)

# %% [markdown]
# The composite is nothing more than the weighted sum of the four scores; check it yourself:

# %%
w = weights / weights.sum()
by_hand = sum(w[name] * pyr[f"{name}_score"] for name in w.index)
print(f"largest difference from the pyramid's composite: {(by_hand - pyr['composite']).abs().max():.1e}")

# %% [markdown]
# The relationship score comes from two judgements the account manager records: the **state** of the
# relationship (关系状态, from strained to strategic alliance) and the highest **level** of people we reach
# (关系层级, from operational staff to the senior team).

# %%
pd.concat({"state (关系状态)": pd.Series(pol["relationship_state_scores"]),
           "level (关系层级)": pd.Series(pol["relationship_level_scores"])}).to_frame("score")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. What sets the tiers apart
#
# Mean scores per tier: key accounts lead on value and relationship; prospects have no current value but may have
# potential; unattractive accounts are low on attractiveness **and** on potential.

# %%
pyr.groupby("tier")[[*scores, "composite"]].mean().reindex(list(seg.TIER_ORDER)).round(2)

# %%
pd.crosstab(pyr["attractiveness"], pyr["tier"]).reindex(columns=list(seg.TIER_ORDER), fill_value=0)

# %% [markdown]
# A low attractiveness alone does not make an account unattractive: one with a large potential stays in play.
#
# ## Exercise 2.1 — Ordinary customers with key-account potential
#
# The strategy for ordinary customers (普通客户) is to pick those with potential and develop them into key accounts.

# %% tags=["solution"]
# Exercise 2.1: how many ordinary customers have a potential score above the average potential score of the
# key accounts? Use `pyr` (columns tier and potential_score); answer a whole number.
key_potential = pyr.loc[pyr["tier"] == "key", "potential_score"].mean()
ordinary_high_potential = int(((pyr["tier"] == "ordinary") & (pyr["potential_score"] > key_potential)).sum())

# %%
training.check("02.ordinary_high_potential", ordinary_high_potential, (data, as_of))

# %% [markdown]
# The library ranks the candidates to promote by composite, then potential (`seg.to_promote`); each comes with the
# ordinary tier's strategy:

# %%
print(kt.strategies.TIERS["ordinary"])
seg.to_promote(pyr, n=5)[["name", "account_manager", "revenue_12m", "growth", "potential_score", "composite"]].round(3)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Relational or transactional? (关系型客户 / 交易型客户)
#
# A **transactional** customer buys on price: it compares offers for every order, asks for discounts and leaves for
# a cheaper supplier. A **relational** customer values the relationship — reliable supply, service, joint work —
# earns us a good contribution and asks for little discount. The two need different strategies: invest in the
# relationship with the relational customer (关系型客户); serve the transactional customer (交易型客户) efficiently at
# standard terms and never buy its business with discounts.
#
# `seg.relational` classifies each buying customer by its contribution (margin of the last 12 months) and its
# discount share (discounts / list value):

# %%
rel = seg.relational(data, as_of)
rel.groupby("relationship_type").agg(customers=("name", "size"), median_contribution=("contribution", "median"),
                                     median_discount_share=("discount_share", "median")).round(3)

# %%
kt.strategies.describe("relational")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 2.2 — Key accounts that buy on price
#
# A key account that behaves transactionally is a risk: it brings a large share of revenue, but its loyalty rests on
# price.

# %% tags=["solution"]
# Exercise 2.2: how many key accounts are transactional customers?
# Combine `pyr` (tier) and `rel` (relationship_type); both are indexed by the customer's id.
key_transactional = int((rel["relationship_type"].reindex(pyr.index[pyr["tier"] == "key"]) == "transactional").sum())

# %%
training.check("02.key_transactional", key_transactional, (data, as_of))

# %% [markdown]
# For each of these accounts the key-account plan should say how to move the relationship beyond price: reach the
# people who decide, add value that is not a discount (service, joint planning, training), and watch the margin.
#
# ## Key points
#
# * Classification asks four questions: current value (当前价值), potential (潜力), relationship (关系状态、关系层级) and
#   attractiveness (客户吸引力); the composite weighs them, and the weights are policy, not fate.
# * Ordinary customers with high potential are the candidates for key account; unattractive accounts combine low
#   attractiveness with small potential.
# * Relational customers (关系型客户) earn investment in the relationship; transactional ones (交易型客户) efficient
#   service at standard terms.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Judgment — what would you do, and why? (判断练习：你会怎么做，为什么？)
#
# The case account (案例客户) of the course, as this lesson classifies it:

# %%
from kamtools.training.lesson_data import focus_account

case = focus_account(data, as_of)  # the case account (案例客户) of the whole course
pd.Series({
    "name": pyr.loc[case, "name"], "tier": pyr.loc[case, "tier"],
    "relationship state (关系状态)": pyr.loc[case, "relationship_state"],
    "relationship level (关系层级)": pyr.loc[case, "relationship_level"],
    "relationship type": rel.loc[case, "relationship_type"] if case in rel.index else "not classified",
    "its discount share": f"{rel.loc[case, 'discount_share']:.2%}" if case in rel.index else "",
    "discount share above which a customer is transactional": f"{rel.loc[case, 'discount_share_limit']:.2%}" if case in rel.index else "",
}, name=case).to_frame("case account")

# %% [markdown]
# **The decision.** The case account's purchasing manager calls: "Next year we buy more. Give us another 2 %
# discount on the whole volume, or we split the order with your competitor."
#
# *Do you give the discount, refuse it, or offer something else? Say what the classification above tells you about
# this customer, what you would answer the buyer, and whom else at the customer you would talk to.*
#
# *你给这个折扣、拒绝，还是提出别的方案？说明上面的分类告诉你什么，你怎样回复采购，还会去找客户的哪些人谈。*

# %% [markdown] tags=["judgment"]
# **My decision (我的决定):** …
#
# **Why (理由):** …
#
# **What would change my mind (什么会让我改变决定):** …
