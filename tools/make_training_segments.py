"""Write the training lessons on segments: notebooks/training/01_* to 04_*.

Usage: python tools/make_training_segments.py

The lessons' exercise checks live in kamtools/training/segments_lessons.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from nb import write  # noqa: E402

OUT = ROOT / "notebooks" / "training"

PARAMS = '''
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
period: str = ""  # month YYYY-MM; empty: latest complete month of the data
'''

SETUP = '''
import pandas as pd

import kamtools as kt
from kamtools import segments as seg
from kamtools import training
from kamtools.report import data_period, period_bounds

data = kt.load(db or None)
period = period or data_period(data)
as_of = period_bounds(period)[1]
pd.set_option("display.max_colwidth", 110)
print(f"Lesson data: {len(data.customers):,} customers; the last 12 months run up to {as_of}")
'''

SETUP_MD = '''
## Set-up

The lesson works on the workbook's data: your store if there is one, else the committed sample. Change `period`
to study another month. Every exercise is checked against the same data and month: run the cells in order.
'''


# ============================================================================ 01
LESSON_01 = [
    ("md", '''
# Lesson 1 — The key-account pyramid and where selling time goes (大客户金字塔与销售时间)

Not every customer deserves the same effort. A salesperson's scarcest resource is selling time (销售时间), and the
key-account method decides where it goes by sorting every account — customers and prospects alike — into the
**key-account pyramid** (大客户金字塔):

| tier | 中文 | share of accounts | share of selling time |
|---|---|---|---|
| key accounts | 关键客户 | about 10 % | about 60 % |
| ordinary customers | 普通客户 | about 30 % | about 30 % |
| prospects | 潜在客户 | about 60 % | about 10 % |
| unattractive accounts | 无吸引力客户 (不具吸引力客户) | — | none |

A few accounts bring most of the business, so they get most of the time; prospects get a small, steady share so
the pipeline never dries up; unattractive accounts get none beyond low-cost service.

In this lesson you will place every account in the pyramid, see what each tier brings, and compare where the
selling time actually went (activity hours) with the 60 / 30 / 10 % targets.
'''),
    ("md", SETUP_MD),
    ("params", PARAMS),
    ("code", SETUP),
    ("md", '''
## 1. The four tiers and what to do with each

Each tier comes with a strategy. `kt.strategies.describe("tier")` lists them, with the Chinese term of the
training material beside the English one.
'''),
    ("code", '''
kt.strategies.describe("tier")
'''),
    ("md", '''
## 2. Placing every account in the pyramid

`seg.pyramid(data, as_of)` scores every account from 0 to 1 on a composite of current value, potential,
relationship and attractiveness (lesson 2 opens it up) and then assigns the tiers:

* **unattractive** — attractiveness `low` and a small potential;
* **prospect** — leads, and customers that bought nothing in the last 12 months;
* **key** — the 10 % of all accounts (customers plus leads) with the highest composite, among buying customers;
* **ordinary** — the other buying customers.

Only the key share is fixed; the other shares follow from the data. Here are the accounts at the top:
'''),
    ("code", '''
pyr = seg.pyramid(data, as_of)
pyr.sort_values("rank")[["kind", "name", "revenue_12m", "hours_12m", "composite", "rank", "tier"]].head(8)
'''),
    ("code", '''
counts = pyr["tier"].value_counts().reindex(list(seg.TIER_ORDER), fill_value=0)
pd.DataFrame({"accounts": counts, "share": (counts / counts.sum()).round(3)})
'''),
    ("md", '''
## Exercise 1.1 — What do the key accounts bring?

The pyramid puts a few accounts on top because they bring most of the business. Check it on the data: `pyr` has
one row per account with its `tier` and `revenue_12m` (net invoiced amount of the last 12 months; leads have 0).
'''),
    ("solution", '''
# Exercise 1.1: what share of the revenue of the last 12 months do the key accounts bring?
# Use `pyr`: the revenue_12m of the rows with tier "key", divided by the revenue_12m of all rows.
# Answer a share between 0 and 1 (0.42, not 42 %).
key_revenue_share = pyr.loc[pyr["tier"] == "key", "revenue_12m"].sum() / pyr["revenue_12m"].sum()
'''),
    ("code", '''
training.check("01.key_revenue_share", key_revenue_share, (data, as_of))
'''),
    ("md", '''
## 3. Where the selling time goes

Selling time is the hours of the activities logged against each customer in the last 12 months: visits (拜访),
calls, events, training, greetings, complaint handling. `seg.pyramid_summary` adds them up per tier and sets them
beside the targets (`time_target`, from the policy); `time_gap` is the actual share minus the target.
'''),
    ("code", '''
summary = seg.pyramid_summary(pyr, data, as_of)
summary[["accounts", "account_share", "hours", "time_share", "time_target", "time_gap"]].round(3)
'''),
    ("code", '''
ax = kt.plots.pyramid_chart(summary)
'''),
    ("code", '''
per_account = (summary["hours"] / summary["accounts"]).round(1)
over, under = summary["time_gap"].idxmax(), summary["time_gap"].idxmin()
print(f"Most over target: {over} accounts get {summary.loc[over, 'time_share']:.0%} of selling time "
      f"(target {summary.loc[over, 'time_target']:.0%}). Most under target: {under} accounts get "
      f"{summary.loc[under, 'time_share']:.0%} (target {summary.loc[under, 'time_target']:.0%}).")
print("Hours a year per account:", ", ".join(f"{t} {h:g}" for t, h in per_account.items()))
'''),
    ("md", '''
Time drifts to whoever calls most or is easiest to visit, not to whoever matters most. The gap tells the manager
where to take hours from and where to put them.

## Exercise 1.2 — How many hours should move?

Suppose the team cannot work more hours in total, only spend them differently.
'''),
    ("solution", '''
# Exercise 1.2: keep the total selling hours of all tiers as they are. How many hours a year would have to move
# to the key accounts for them to get their target share of time (time_target)?
# Use `summary`; the answer is negative when key accounts already get more than their target.
hours_to_move = summary.loc["key", "time_target"] * summary["hours"].sum() - summary.loc["key", "hours"]
'''),
    ("code", '''
training.check("01.hours_to_move", hours_to_move, (data, as_of))
'''),
    ("md", '''
Moving hours is a decision per account: the tiers over their target say where hours can come from (ordinary
customers that are not growing, unattractive accounts that can move to phone and online service); the key
accounts with the least time per revenue are where they should go.

## Key points

* The pyramid (大客户金字塔): key accounts (关键客户) about 10 % of accounts, ordinary customers (普通客户) about
  30 %, prospects (潜在客户) about 60 %, plus unattractive accounts (无吸引力客户) served at the lowest cost.
* Selling time should follow value: about 60 / 30 / 10 % of hours to key / ordinary / prospects, none to
  unattractive accounts.
* Measure it: activity hours per tier against the targets show where time leaks.
'''),
]


# ============================================================================ 02
LESSON_02 = [
    ("md", '''
# Lesson 2 — Classifying accounts: attractiveness, potential and relationship (客户分类)

Lesson 1 placed every account in a tier. This lesson opens the classification: which questions it asks about an
account, how the answers combine, and what strategy follows for each class.

The method asks four questions about every account:

| question | 中文 | measured by |
|---|---|---|
| What is it worth to us today? | 当前价值 | revenue and margin of the last 12 months |
| How much more could it be worth? | 潜力 (销量、利润) | growth against the previous 12 months; wallet headroom (what it buys from others) |
| How good is our relationship? | 关系状态 / 关系层级 | the relationship state and the highest level of people we reach |
| Is it attractive to us? | 客户吸引力 | high / medium / low, set by the account manager |

You will see how the four scores make the composite, which accounts could move up, and tell **relational** from
**transactional** customers (关系型客户 / 交易型客户).
'''),
    ("md", SETUP_MD),
    ("params", PARAMS),
    ("code", SETUP),
    ("md", '''
## 1. Four scores, one composite

Each question is scored from 0 to 1. Money enters as percentile ranks among all accounts (0 = lowest, 1 =
highest), so a score says "better than this share of accounts". The composite is a weighted mean; the weights
live in the policy file (`segments.weights`):
'''),
    ("code", '''
pol = kt.policy.load_policy(None)["segments"]
weights = pd.Series(pol["weights"], name="weight")
weights / weights.sum()
'''),
    ("code", '''
pyr = seg.pyramid(data, as_of)
scores = ["value_score", "potential_score", "relationship_score", "attractiveness_score"]
pyr.sort_values("rank")[["name", "tier", *scores, "composite"]].head(6).round(3)
'''),
    ("md", '''
The composite is nothing more than the weighted sum of the four scores; check it yourself:
'''),
    ("code", '''
w = weights / weights.sum()
by_hand = sum(w[name] * pyr[f"{name}_score"] for name in w.index)
print(f"largest difference from the pyramid's composite: {(by_hand - pyr['composite']).abs().max():.1e}")
'''),
    ("md", '''
The relationship score comes from two judgements the account manager records: the **state** of the
relationship (关系状态, from strained to strategic alliance) and the highest **level** of people we reach
(关系层级, from operational staff to the senior team).
'''),
    ("code", '''
pd.concat({"state (关系状态)": pd.Series(pol["relationship_state_scores"]),
           "level (关系层级)": pd.Series(pol["relationship_level_scores"])}).to_frame("score")
'''),
    ("md", '''
## 2. What sets the tiers apart

Mean scores per tier: key accounts lead on value and relationship; prospects have no current value but may have
potential; unattractive accounts are low on attractiveness **and** on potential.
'''),
    ("code", '''
pyr.groupby("tier")[[*scores, "composite"]].mean().reindex(list(seg.TIER_ORDER)).round(2)
'''),
    ("code", '''
pd.crosstab(pyr["attractiveness"], pyr["tier"]).reindex(columns=list(seg.TIER_ORDER), fill_value=0)
'''),
    ("md", '''
A low attractiveness alone does not make an account unattractive: one with a large potential stays in play.

## Exercise 2.1 — Ordinary customers with key-account potential

The strategy for ordinary customers (普通客户) is to pick those with potential and develop them into key accounts.
'''),
    ("solution", '''
# Exercise 2.1: how many ordinary customers have a potential score above the average potential score of the
# key accounts? Use `pyr` (columns tier and potential_score); answer a whole number.
key_potential = pyr.loc[pyr["tier"] == "key", "potential_score"].mean()
ordinary_high_potential = int(((pyr["tier"] == "ordinary") & (pyr["potential_score"] > key_potential)).sum())
'''),
    ("code", '''
training.check("02.ordinary_high_potential", ordinary_high_potential, (data, as_of))
'''),
    ("md", '''
The library ranks the candidates to promote by composite, then potential (`seg.to_promote`); each comes with the
ordinary tier's strategy:
'''),
    ("code", '''
print(kt.strategies.TIERS["ordinary"])
seg.to_promote(pyr, n=5)[["name", "account_manager", "revenue_12m", "growth", "potential_score", "composite"]].round(3)
'''),
    ("md", '''
## 3. Relational or transactional? (关系型客户 / 交易型客户)

A **transactional** customer buys on price: it compares offers for every order, asks for discounts and leaves for
a cheaper supplier. A **relational** customer values the relationship — reliable supply, service, joint work —
earns us a good contribution and asks for little discount. The two need different strategies: invest in the
relationship with the first; serve the second efficiently at standard terms and never buy its business with
discounts.

`seg.relational` classifies each buying customer by its contribution (margin of the last 12 months) and its
discount share (discounts / list value):
'''),
    ("code", '''
rel = seg.relational(data, as_of)
rel.groupby("relationship_type").agg(customers=("name", "size"), median_contribution=("contribution", "median"),
                                     median_discount_share=("discount_share", "median")).round(3)
'''),
    ("code", '''
kt.strategies.describe("relational")
'''),
    ("md", '''
## Exercise 2.2 — Key accounts that buy on price

A key account that behaves transactionally is a risk: it brings a large share of revenue, but its loyalty rests on
price.
'''),
    ("solution", '''
# Exercise 2.2: how many key accounts are transactional customers?
# Combine `pyr` (tier) and `rel` (relationship_type); both are indexed by the customer's id.
key_transactional = int((rel["relationship_type"].reindex(pyr.index[pyr["tier"] == "key"]) == "transactional").sum())
'''),
    ("code", '''
training.check("02.key_transactional", key_transactional, (data, as_of))
'''),
    ("md", '''
For each of these accounts the key-account plan should say how to move the relationship beyond price: reach the
people who decide, add value that is not a discount (service, joint planning, training), and watch the margin.

## Key points

* Classification asks four questions: current value (当前价值), potential (潜力), relationship (关系状态、关系层级) and
  attractiveness (客户吸引力); the composite weighs them, and the weights are policy, not fate.
* Ordinary customers with high potential are the candidates for key account; unattractive accounts combine low
  attractiveness with small potential.
* Relational customers (关系型客户) earn investment in the relationship; transactional ones (交易型客户) efficient
  service at standard terms.
'''),
]


# ============================================================================ 03
LESSON_03 = [
    ("md", '''
# Lesson 3 — Qualifying prospects with MAN (MAN 法则)

Prospects (潜在客户) get only about 10 % of selling time, so that time must go to the leads most likely to buy. The
**MAN** rule qualifies a lead with three questions:

| letter | 中文 | question |
|---|---|---|
| **M**oney | 购买力 | Can it pay? Budget, financial strength, credit standing. |
| **A**uthority | 决策权 | Does our contact decide, or can we reach the person who does? |
| **N**eed | 需求 | Does it need what we sell? |

A capital letter means the condition is present, lower case that it is missing or unknown: `M+a+N` has money and a
need, but we do not yet speak to the person who decides. The three yes/no answers give **eight combinations**,
each with a priority and an action.
'''),
    ("md", SETUP_MD),
    ("params", PARAMS),
    ("code", SETUP),
    ("md", '''
## 1. The eight combinations

Priority 1 is pursued first. More conditions present rank higher; among equals, money ranks before need and need
before authority — a missing decision maker is the easiest gap to close (find the person), missing money can be
helped with credit terms or financing, and a need is the hardest to create.
'''),
    ("code", '''
combos = kt.strategies.describe("man")
combos.insert(0, "priority", [seg.MAN_PRIORITY[code] for code in combos.index])
combos
'''),
    ("md", '''
## Exercise 3.1 — Name the combination

A distributor's purchasing manager tells you the budget for next year is approved and their current supplier
cannot deliver what they need; the contract, however, will be signed by the general manager, whom you have never
met.
'''),
    ("solution", '''
# Exercise 3.1: which MAN code describes this lead? Answer a text such as "m+A+n".
lead_code = "M+a+N"
'''),
    ("code", '''
training.check("03.code", lead_code, (data, as_of))
'''),
    ("code", '''
print(kt.strategies.MAN["M+a+N"])
'''),
    ("md", '''
## 2. Qualifying the leads

The leads table records money, authority and need for every lead (`True` / `False`; unknown counts as not yet
qualified). `seg.man` adds the code, its priority and the action:
'''),
    ("code", '''
m = seg.man(data)
m[["company", "owner", "money", "authority", "need", "estimated_annual_value", "man_code", "priority"]].head(8)
'''),
    ("md", '''
## Exercise 3.2 — Who to pursue first

Work on `m`, one row per lead.
'''),
    ("solution", '''
# Exercise 3.2: how many leads should be pursued first (priority 1)? Answer a whole number.
pursue_first = int((m["priority"] == 1).sum())
'''),
    ("code", '''
training.check("03.pursue_first", pursue_first, (data, as_of))
'''),
    ("md", '''
## Exercise 3.3 — The pipeline worth approaching now

Priorities 1 to 4 are the leads worth approaching now: the ideal prospect (`M+A+N`) and the three codes with two
conditions present, each with its way to close the gap (find the decision maker, create the need, offer financing).
'''),
    ("solution", '''
# Exercise 3.3: what is the estimated annual value of the leads with priority 1 to 4?
# Use the columns priority and estimated_annual_value of `m`.
approach_value = m.loc[m["priority"] <= 4, "estimated_annual_value"].sum()
'''),
    ("code", '''
training.check("03.approach_value", approach_value, (data, as_of))
'''),
    ("md", '''
## 3. The MAN pipeline

`seg.man_pipeline` does the counting for every code at once — all eight codes, in order of priority, with the
number of leads, their estimated annual value and the action:
'''),
    ("code", '''
pipe = seg.man_pipeline(m)
pipe
'''),
    ("code", '''
ax = kt.plots.man_pipeline_chart(pipe)
'''),
    ("md", '''
Who holds the best leads? Priority-1 leads per owner show where the next proposals will come from:
'''),
    ("code", '''
m[m["priority"] == 1].groupby("owner").agg(leads=("company", "size"),
                                           value=("estimated_annual_value", "sum")).sort_values("value", ascending=False)
'''),
    ("md", '''
## Key points

* MAN (MAN 法则): Money (购买力), Authority (决策权), Need (需求); a capital letter = present.
* Eight combinations, each with an action: `M+A+N` pursue now; two of three — close the gap (find the decision
  maker, create the need, check credit and offer financing); one of three — cultivate at low cost; `m+a+n` — not a
  customer, stop contact.
* Qualify before you sell: the prospects' 10 % of selling time goes to the highest priorities first.
'''),
]


# ============================================================================ 04
LESSON_04 = [
    ("md", '''
# Lesson 4 — Customer value: 80-20, the value matrix and lifetime value (客户价值)

Which customers are worth the most — today, in future, over the whole relationship? And why is keeping a customer
worth so much more than winning a new one? This lesson answers with four tools:

* the **80-20 rule** (二八法则, Pareto) and **ABC classes** (ABC 分类);
* the **customer value matrix** (客户价值矩阵): current value × potential value;
* **customer lifetime value** (客户终身价值, CLV);
* the economics of **retention** (客户保持率) and loyalty (客户忠诚度).
'''),
    ("md", SETUP_MD),
    ("params", PARAMS),
    ("code", SETUP),
    ("md", '''
## 1. The 80-20 rule and ABC classes

In most books of business a small share of customers brings most of the revenue — classically 20 % of customers,
80 % of revenue. Sort customers by revenue, largest first, and add up: class **A** brings the first 80 %, class
**B** the next 15 %, class **C** the rest.
'''),
    ("code", '''
revenue = seg.customer_facts(data, as_of)["revenue_12m"]
par = seg.pareto(revenue[revenue > 0], top=0.2)  # the customers that bought in the last 12 months
ax = kt.plots.pareto_curve(par.curve, top=par.top)
'''),
    ("code", '''
abc_table = par.curve.groupby("abc").agg(customers=("value", "size"), revenue=("value", "sum"))
abc_table["customer_share"] = (abc_table["customers"] / abc_table["customers"].sum()).round(3)
abc_table["revenue_share"] = (abc_table["revenue"] / abc_table["revenue"].sum()).round(3)
print(f"The top {par.top:.0%} of customers bring {par.top_share:.0%} of revenue.")
abc_table
'''),
    ("code", '''
kt.strategies.describe("abc")
'''),
    ("md", '''
## 2. The customer value matrix (客户价值矩阵)

Revenue ranks customers by what they bring today. The value matrix adds what they *could* bring:

* **current value** (当前价值) = margin of the last 12 months;
* **potential value** (潜在价值) = the margin still to win each year: wallet headroom (the customer's yearly purchases
  of our category that go to others) × the customer's margin rate.

Split both at the median of the buying customers and four quadrants appear, each with its strategy.
'''),
    ("code", '''
vm = seg.value_matrix(data, as_of)
ax = kt.plots.value_matrix_chart(vm)
'''),
    ("code", '''
quadrants = kt.strategies.describe("value_matrix")
quadrants.insert(0, "customers", vm["quadrant"].value_counts().reindex(quadrants.index, fill_value=0))
quadrants
'''),
    ("md", '''
## Exercise 4.1 — How much of today's margin is strategic?
'''),
    ("solution", '''
# Exercise 4.1: what share of the current value (margin of the last 12 months) of all customers comes from the
# strategic quadrant? Use `vm` (columns quadrant and current_value); answer a share between 0 and 1.
strategic_margin_share = vm.loc[vm["quadrant"] == "strategic", "current_value"].sum() / vm["current_value"].sum()
'''),
    ("code", '''
training.check("04.strategic_margin_share", strategic_margin_share, (data, as_of))
'''),
    ("md", '''
## 3. Customer lifetime value (客户终身价值)

A customer is worth not one year's margin but the margin of every year it stays. With

* `c` — the yearly contribution: margin minus the cost of selling time, assumed to recur;
* `r` — retention (客户保持率): the chance that a customer buying this year buys again next year, estimated on the
  data as the share of last year's buyers that bought again (per ABC class);
* `d` — the discount rate, and `H` the horizon in years (policy: 10 % and 10 years),

CLV = c × [ (r / (1+d)) + (r / (1+d))² + … + (r / (1+d))^H ].

The bracket is the **lifetime factor**: what one year's contribution is worth over the horizon.
'''),
    ("code", '''
def lifetime_factor(r, d, years):
    """sum over t = 1..years of (r / (1 + d)) ** t; r may be a number or a Series."""
    return sum((r / (1 + d)) ** t for t in range(1, years + 1))


lv = seg.clv(data, as_of)
lv.nlargest(8, "clv")[["name", "group", "retention", "yearly_contribution", "clv"]].round(3)
'''),
    ("code", '''
top = lv.loc[lv["clv"].idxmax()]
by_hand = top["yearly_contribution"] * lifetime_factor(top["retention"], top["discount_rate"], int(top["horizon_years"]))
print(f"{top['name']}: {top['yearly_contribution']:,.0f} a year x lifetime factor "
      f"{lifetime_factor(top['retention'], top['discount_rate'], int(top['horizon_years'])):.2f} = {by_hand:,.0f} "
      f"(seg.clv: {top['clv']:,.0f})")
'''),
    ("md", '''
## 4. Why keeping a customer costs a fraction of winning one

Training material often quotes a rule of thumb: winning a new customer costs about five times as much as keeping
an existing one (开发一个新客户的成本是维护一个老客户的五倍). A new customer has to be found, qualified (lesson 3),
visited, convinced and often won with a price concession before it buys at all; an existing customer already
trusts us, buys without a new sale each time, costs less to serve as both sides learn the routine, and refers
others. The rule of thumb is not measured on our data, but what a lost customer takes away is:
'''),
    ("code", '''
mean_clv = lv.groupby("group")["clv"].mean().reindex(["A", "B", "C"])
print(f"An average class A customer is worth {mean_clv['A']:,.0f} over {int(lv['horizon_years'].iloc[0])} years, "
      f"a class C customer {mean_clv['C']:,.0f}: losing one class A customer takes "
      f"{mean_clv['A'] / mean_clv['C']:.0f} new class C customers to replace — each one found, qualified and won first.")
mean_clv.round(0).to_frame("mean CLV")
'''),
    ("md", '''
## 5. What a few points of loyalty do

A much-quoted study (Reichheld and Sasser, "Zero Defections", 1990) found that cutting customer defections by five
percentage points raised profits by 25 % to 85 % in the service businesses it studied. The lifetime factor shows why: retention compounds. For a customer worth 100,000 a year, at a discount rate
of 10 % over 10 years:
'''),
    ("code", '''
c, d, years = 100_000, 0.10, 10
for r in (0.80, 0.85):
    print(f"retention {r:.0%}: CLV {c * lifetime_factor(r, d, years):,.0f}")
gain = lifetime_factor(0.85, d, years) / lifetime_factor(0.80, d, years) - 1
print(f"5 points more retention: {gain:.0%} more lifetime value from the same customer")
'''),
    ("md", '''
## Exercise 4.2 — Five points of loyalty on our book

Apply the same idea to every customer of `lv` that has a CLV.
'''),
    ("solution", '''
# Exercise 4.2: raise every customer's retention by 5 points (0.05), at most 1 (100 %), and recompute its CLV with
# the same yearly_contribution, discount_rate and horizon_years. By what share does the total CLV of the
# customers with a CLV rise? Use `lv` and `lifetime_factor`; answer a share such as 0.12.
has_clv = lv[lv["clv"].notna()]
lifted = has_clv["yearly_contribution"] * lifetime_factor((has_clv["retention"] + 0.05).clip(upper=1.0),
                                                          has_clv["discount_rate"].iloc[0],
                                                          int(has_clv["horizon_years"].iloc[0]))
clv_uplift = lifted.sum() / has_clv["clv"].sum() - 1
'''),
    ("code", '''
training.check("04.clv_uplift", clv_uplift, (data, as_of))
'''),
    ("md", '''
Customers already near 100 % retention cannot gain much; the gain sits with the classes that still lose customers.
That is where a retention programme — regular reviews, service recovery after complaints, early renewal — pays.

## Key points

* 80-20 (二八法则): a few customers bring most of the revenue; ABC classes (ABC 分类) tell where protection matters most.
* The value matrix (客户价值矩阵) adds potential to today's value: strategic, maintain, develop, minimal.
* Lifetime value (客户终身价值) = yearly contribution × a lifetime factor that grows fast with retention.
* Keeping customers (客户保持) is cheaper than winning new ones, and a few points of loyalty (忠诚度) raise lifetime
  value far more than they cost.
'''),
]

LESSONS = {
    "01_pyramid_and_time.ipynb": LESSON_01,
    "02_account_classification.ipynb": LESSON_02,
    "03_man_prospects.ipynb": LESSON_03,
    "04_customer_value.ipynb": LESSON_04,
}


def main() -> None:
    for name, cells in LESSONS.items():
        print(write(OUT / name, cells))


if __name__ == "__main__":
    main()
