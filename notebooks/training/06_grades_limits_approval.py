# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 6: Credit grades, limits and approval levels (信用等级、信用额度与审批权限)
#
# The credit investigation of lesson 5 gives ratios and factor scores. This lesson follows the method
# from there to a decision:
#
# 1. the **scorecard** (信用等级评分) turns them into a score from 0 to 100 and a **credit grade**
#    (信用等级) from AAA to C, or **not rated** (NR, 未评级) when too little is known;
# 2. the grade sets the **recommended credit limit** (信用额度), measured against the customer's
#    **exposure** (open receivables plus open orders);
# 3. an analyst may decide a grade or a limit against the model: an **override** (授信调整), with a reason
#    and an approver;
# 4. companies of one **group** (集团客户) are one risk: their exposure is summed against a group limit;
# 5. changing the approved limit to the recommended one needs the approval of a level whose authority
#    covers the new limit, or, for a decrease, of the approver of the current limit (**approval by
#    authority**, 审批权限);
# 6. day to day, **credit holds** (信用冻结) stop the orders of customers who break a blocking rule;
# 7. when a debt must be written off, the **accountability** (坏账责任) rule says who bears it.
#
# Each exercise is a cell that ends by assigning your answer to a variable; the cell after it checks the answer (✔ or ✘ with a hint). The checks compute the expected answer from the same data with the workbook's functions, for the period of this lesson.

# %% slideshow={"slide_type": "skip"} tags=["parameters"]
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
period: str = ""  # month YYYY-MM; empty: latest complete month of the data

# %%
import pandas as pd

import kamtools as kt
from kamtools import credit, training
from kamtools.report import report_context
from kamtools.training.lesson_data import focus_account, write_off_scenario

ctx = report_context(period, db)
data, period, as_of, pol = ctx.data, ctx.period, ctx.as_of, ctx.policy
cid = focus_account(data, as_of)
scores = credit.score(data, as_of, pol)
limits = credit.limits(data, as_of, pol, scores=scores)
pd.options.display.float_format = "{:,.2f}".format
print(f"Lesson date {as_of}; the customer we study: {cid}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The scorecard (信用等级评分)
#
# Every item of the scorecard has a weight (`pol["credit"]["weights"]`, 100 in total):
#
# * a **ratio** earns its full weight when `ok`, half when `watch`, nothing when `weak`;
# * a **qualitative factor** scored 1–5 earns weight × (score − 1) / 4;
# * a missing item (no statement, a factor not assessed) earns half its weight (`credit.missing: neutral`).
#   A caveat: neutral scoring treats what nobody checked as average. It is fair for one factor, but the
#   less is known the closer every score drifts to 50, a middling grade no investigation supports: read a
#   score with `known_items` beside it, and investigate before a large limit rests on it (not rated, below);
# * a concept that is both a ratio and a factor (近三年资本增长, 近三年盈利情况: `credit.scored_once`) is
#   scored once, with both weights: by the ratio when the statements give it, else by the factor.
#
# The score sets the grade: the best grade whose cut-off the score reaches.

# %%
pd.Series(pol["credit"]["grades"], name="lowest score").to_frame().T

# %% [markdown]
# The scorecard of our customer: what each item could earn (its weight for this customer: a pair scored
# once carries both weights on one item, 0 on the other), what it earns and what it loses. `top_losses`
# names the three items that cost most, the first topics of the credit talk with the customer.

# %%
items = list(credit.ITEMS)
card = pd.DataFrame({
    "item": [f"{en} {zh}" for en, zh in credit.ITEMS.values()],
    "weight": scores.loc[cid, [f"wt_{i}" for i in items]].to_numpy(dtype=float),
    "points": scores.loc[cid, [f"pts_{i}" for i in items]].to_numpy(dtype=float),
}, index=items)
card["lost"] = card["weight"] - card["points"]
print(f"{cid}: score {scores.loc[cid, 'score']:.1f}, grade {scores.loc[cid, 'grade']} "
      f"(previous grade {scores.loc[cid, 'previous_grade']}); biggest losses: {scores.loc[cid, 'top_losses']}")
card.round(2)

# %%
ax = kt.plots.grade_distribution(scores, policy=pol)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Not rated (未评级)
#
# A grade needs evidence. With fewer than `credit.not_rated.min_known_items` items known (a pair scored
# once counts as one item) the scorecard gives no grade: the customer is **NR**, its score is shown but
# sets nothing.
#
# Why not grade the score anyway? Because a missing item earns half its weight (`credit.missing: neutral`).
# That is fair for one factor the analyst could not check, but it flatters a customer of whom little is
# known: with nothing known at all the score is exactly 50, a BB, and a customer with statements only is
# given half the points of every factor nobody assessed. The table compares the score of the NR customers,
# the grade that score would give, and their score if missing items earned nothing (`missing: worst`):
# the truth lies somewhere between, and only an investigation tells where.

# %%
nr = scores.index[scores["is_nr"]]
worst = credit.score(data, as_of, {"credit": {"missing": "worst"}})
print(f"{len(nr):,} of {len(scores):,} customers are not rated "
      f"(fewer than {pol['credit']['not_rated']['min_known_items']} items known).")
pd.DataFrame({"known items": scores.loc[nr, "known_items"], "score": scores.loc[nr, "score"],
              "grade of that score": credit.grade_of(scores.loc[nr, "score"], pol),
              "score if missing = 0": worst.loc[nr, "score"]}).head(8)

# %% [markdown]
# What limit does an NR customer get? The policy says (`credit.not_rated.limit_rule`, the company's choice):
# `investigate` (shipped) keeps the approved limit, no increase and no cut, and the recommendation is
# "investigate first", naming what is missing; `initial` gives its terms need (below), at most
# `not_rated.initial_limit` (that amount when it has no need yet), as to a new account; `zero` means cash in
# advance until rated. An analyst's override with a limit (below) sets the limit of an NR customer too.

# %%
print(dict(pol["credit"]["not_rated"]))
limits.loc[nr, ["approved_limit", "exposure", "recommended_limit", "action", "limit_reason"]].head(8)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The recommended credit limit (信用额度)
#
# A limit is there to carry the customer's normal business on its payment terms, scaled by its risk
# and capped by what it can bear (all rules and numbers in `pol["credit"]["limit"]`; the amounts and
# shares shipped are an example, the company sets its own):
#
# * **terms need** = monthly purchases × (payment terms + grace days) / 30 + open orders. Monthly
#   purchases = net invoiced amount (credit notes deducted) of the last 12 months / the number of
#   months in which the customer bought (net above 0); payment terms from `customers.payment_terms_days`
#   (else `payment_terms_days`), grace days `grace_days` (10);
# * **risk**: × the grade's `multiplier` (1 = exactly the need; 0 = cash in advance or collateral only);
# * **capacity**: at most a share of the customer's equity (净资产) or of its working capital
#   (营运资金: current assets − current liabilities) by grade, the greater of the two
#   (`capacity.combine`), from its latest statement;
# * rounded to the nearest 1,000 (`rounding`), a positive limit never below `minimum`.
#
# Then the rules that protect the decision: a new account gets an initial limit (`initial_limit`) and a
# short history keeps it; a dormant limit is withdrawn; a stale or missing assessment allows no increase
# until a new investigation (a lower limit by the last grade applies at once); a customer not rated
# follows `credit.not_rated.limit_rule`; an invoice more than `hold_days_past_due` days past due puts the
# customer on hold (no increase, and the limit takes `arrears_grade` until it is paid); a cut below the
# exposure needs a plan (collect first), a large cut of live business goes in steps; an analyst's
# override sets the limit. `limit_reason` states the rule that set each limit, `limit_rule` names it.

# %%
pd.DataFrame({k: pol["credit"]["limit"][k] for k in ("multiplier", "initial_limit")}).T

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 6.1: the recommended limit of our customer
#
# You have the grade from `scores`, the customer's payment terms, open orders, equity and working
# capital and its invoices below. Invoices count when dated after `as_of` − 12 months and on or before
# `as_of`; credit notes (negative amounts) reduce the purchases.

# %%
invoices = data.sql("select invoice_date, amount from invoices where customer_id = ?", [cid])
grade = scores.loc[cid, "grade"]
terms = limits.loc[cid, "payment_terms_days"]
orders = limits.loc[cid, "open_orders"]
equity, working_capital = limits.loc[cid, "equity"], limits.loc[cid, "working_capital"]
print(f"grade {grade}, terms {terms} days, open orders {orders:,.0f}, equity {equity:,.0f}, "
      f"working capital {working_capital:,.0f}, {len(invoices):,} invoices")

# %% tags=["solution"]
# Exercise 6.1: compute the recommended limit of the customer: its terms need (monthly purchases over
# the months it bought x (terms + grace days) / 30 + open orders) x the multiplier of its grade, at most
# the greater of equity_share x equity and working_capital_share x working capital for its grade,
# rounded to the nearest 1,000. Assign it to `recommended`.
rule = pol["credit"]["limit"]
window_start = pd.Timestamp(as_of) - pd.DateOffset(months=12)
dates = pd.to_datetime(invoices["invoice_date"])
in_window = (dates > window_start) & (dates <= pd.Timestamp(as_of))
by_month = invoices.loc[in_window, "amount"].groupby(dates[in_window].dt.to_period("M")).sum()
monthly_purchases = by_month.sum() / (by_month > 0).sum()
need = monthly_purchases * (terms + rule["grace_days"]) / 30 + orders
capacity = max(rule["capacity"]["equity_share"][grade] * equity,
               rule["capacity"]["working_capital_share"][grade] * working_capital, 0.0)
recommended = (min(need * rule["multiplier"][grade], capacity) / 1000 + 0.5) // 1 * 1000

# %%
training.check("06.recommended_limit", recommended, (data, as_of))

# %% [markdown]
# What you computed is the limit of the rule of need, risk and capacity (`proposed_limit`). The recommended
# limit (`recommended_limit`) then passes the gates of the rest of this lesson: a credit hold, a stale or
# lapsing assessment, the materiality band. Compare the two in the table below, and read `limit_reason`:
# it names the gate that moved the limit.
#
# `credit.limits` computes the limit of every customer, with its exposure against the approved limit.
# **Exposure** = open receivables + open orders − cash received but not yet applied. Above the approved
# limit only cash or collateral (担保) is acceptable: `overlimit_uncovered` is what the collateral does
# not cover.

# %%
cols = ["grade", "avg_monthly_purchases", "terms_need", "multiplier", "capacity_cap", "proposed_limit", "recommended_limit",
        "limit_reason", "approved_limit", "approved_by", "exposure", "utilization", "headroom", "overlimit",
        "limit_change", "action", "approval_level"]
limits.loc[cid, cols].to_frame(cid)

# %%
over = credit.over_limit(limits)
print(f"{len(over):,} customers are over their approved limit by {over['overlimit'].sum():,.0f}; "
      f"{over['overlimit_uncovered'].sum():,.0f} of it is not covered by collateral.")
over.head(10)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Analyst overrides (授信调整)
#
# The scorecard is a model; the analyst sometimes knows more: a parent company's guarantee, a large contract
# confirmed, a payment record worse than the ratios suggest. An **override** records a grade or a limit
# decided against the model in the optional table `credit_overrides` (customer, date, grade and/or limit,
# **reason**, **approved_by**); a row without a reason or an approver is refused. It is in force for
# `credit.overrides.valid_months` months from its date; then the model's grade and limit return unless a new
# override is recorded: an override is a decision to revisit, not a permanent exception.
#
# In `scores`, `grade_model` is the scorecard's grade, `grade` the one in force and the columns `override_*`
# describe the override. An override limit becomes the recommended limit (`limit_rule` "override"), except
# that a customer on hold still gets no increase.

# %%
overridden = scores.index[scores["override_on"].notna()]
recorded = len(data.credit_overrides) if data.has("credit_overrides") else 0
print(f"{recorded:,} override decisions recorded, {len(overridden):,} in force on {as_of} "
      f"(valid {pol['credit']['overrides']['valid_months']} months).")
scores.loc[overridden, ["grade_model", "override_grade", "override_limit", "override_reason", "override_by",
                        "override_on"]].join(limits[["approved_limit", "recommended_limit", "limit_rule"]])

# %% [markdown]
# Read an override as a credit committee does: is the reason a fact the scorecard cannot see, and did someone
# with the authority approve it? Overrides towards caution are common; overrides upwards need the strongest
# evidence. Count them: when many overrides push the same way, the scorecard needs fixing, not overriding.
#
# ## Groups of companies (集团客户)
#
# Companies linked by `parent_id` (a subsidiary to its parent, any number of levels) form a group, and a
# group is one risk: when one company fails, the others rarely stay safe. The group's exposure is the sum over
# its companies, measured against a **group limit** (the optional table `group_limits`, approved for the
# group's top company). A company can be within its own limit while its group is over the group limit:
# it is flagged (`pushes_group_over`), because its next order adds to a risk nobody approved at that size (a
# company already over its own limit is not flagged here: it is listed as a breach of its own limit).
# `credit.group_exposure` gives one row per group, `credit.group_members` its companies.

# %%
groups = credit.group_exposure(data, as_of, pol, lim=limits)
groups[["group_name", "members", "approved_limits", "exposure", "group_limit", "group_utilization",
        "group_overlimit", "flagged_members"]]

# %%
members = credit.group_members(data, as_of, pol, lim=limits)
members.loc[members["over_group_limit"], ["name", "depth", "approved_limit", "exposure", "within_own_limit",
                                          "group_exposure", "group_limit", "pushes_group_over"]]

# %% [markdown]
# Compare `approved_limits` with `group_limit`: each company's limit was approved on its own, and together
# they may exceed what the company would lend to the whole group. The sum of the members' limits is not a
# group limit.
#
# ## Approval by authority (审批权限)
#
# Each level of the ladder may approve a credit limit up to its amount (inclusive): the material names
# three levels, 客户经理 (account manager), 直销部经理 (direct-sales manager) and 地区公司经理 (regional
# company manager), and leaves the amounts to the company; the policy's amounts are an example, the
# company's choice, not the method. An increase goes to the level whose authority covers the **new**
# limit; a decrease, like an increase, needs a new investigation and the approval of the one who approved
# the current limit (or of the level the current limit needs, when that is higher). No change needs no
# approval (`none`).

# %%
pd.DataFrame([{"level": lv["key"], "name": f"{lv['name']} {lv['name_zh']}",
               "limit up to": "no ceiling" if lv["up_to"] is None else f"{lv['up_to']:,.0f}"}
              for lv in pol["credit"]["approval_levels"]]).set_index("level")

# %% [markdown]
# Existing approvals are checked against the same ladder: `credit.authority_breaches` lists the limits in
# force that exceed their approver's authority (and approvers the ladder does not know).

# %%
credit.authority_breaches(data, as_of, pol).head(10)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 6.2: work for the top level
#
# Count the customers whose recommended limit is an increase that the top level of the ladder (地区公司经理)
# must approve by its amount: the authority needed covers the larger of the new limit and the exposure (a
# customer already over its limit needs the authority for what it owes). Work from the columns
# `limit_change`, `recommended_limit` and `exposure` of `limits` and the amounts of
# `pol["credit"]["approval_levels"]`, not from the column `approval_level` (which also sends an increase one
# level higher after a breach or to an override's author: `approval_reason` says when).

# %% tags=["solution"]
# Exercise 6.2: count the customers whose limit change (limits["limit_change"]) is an increase where the
# larger of the recommended limit and the exposure is above the direct-sales manager's authority
# (pol["credit"]["approval_levels"][-2]["up_to"]).
# Assign the count to `top_level`.
ceiling = pol["credit"]["approval_levels"][-2]["up_to"]
needs = limits[["recommended_limit", "exposure"]].max(axis=1)  # the authority covers the larger of the two
top_level = int(((limits["limit_change"] > 0) & (needs > ceiling)).sum())

# %%
training.check("06.top_level", top_level, (data, as_of))

# %% [markdown]
# `credit.limit_changes` counts the changes per approval level: compare its top level with your answer (its
# column `approval_level` also counts the increases a breach or an override sends higher).

# %%
changes = credit.limit_changes(limits, pol)
ax = kt.plots.limit_changes_by_level(changes)
changes

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Credit holds (信用冻结)
#
# A limit is decided a few times a year; orders come every day. The **hold list** says whose orders must be
# held today (the credit block of an ERP), by the named blocking rules of the policy (`credit.holds`), each
# switched on or off, with its settings the company's choice. A hold is not a cut: the limit stays and the
# orders wait until the cause is removed.
#
# | rule | held when | released by |
# |---|---|---|
# | `over_limit` 超额 | receivables (open invoices less unapplied cash) above the approved limit by more than `above_share`; receivables without a limit | payment of the excess, or a higher limit approved by a level with the authority |
# | `past_due` 逾期 | any invoice more than `days` past due | payment of those invoices |
# | `grade` 信用等级 | a grade among `grades` | a new assessment with a better grade, or cash in advance |
# | `stale_assessment` 信用评估过期 | no qualitative assessment, or the latest older than `months` | a new credit assessment |
# | `utilization` 额度使用率 | exposure (receivables and open orders) above `above_share` of the limit | payments or fewer open orders, or a higher approved limit |
#
# Releasing a hold by raising the limit is an approval like any other: it goes to the level whose authority
# covers the new limit.

# %%
pd.DataFrame({rule: {"name": f"{en} {zh}", **dict(pol["credit"]["holds"][rule])}
              for rule, (en, zh) in credit.HOLD_RULES.items()}).T

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 6.3: held for receivables over the limit
#
# Count the customers the rule `over_limit` holds today, from the columns of `limits`: their receivables are
# `open_receivables` less `unapplied_credit` (not below 0). Open orders do not count here (they are the
# `utilization` rule's), and a customer with receivables but no approved limit is held too.

# %% tags=["solution"]
# Exercise 6.3: count the customers whose receivables (open_receivables - unapplied_credit, at least 0) are
# above approved_limit x (1 + above_share) of pol["credit"]["holds"]["over_limit"], plus those with receivables
# and no approved limit (0). Assign the count to `held_over_limit`.
above_share = pol["credit"]["holds"]["over_limit"]["above_share"]
owed = (limits["open_receivables"] - limits["unapplied_credit"]).clip(lower=0).round(2)
limit = limits["approved_limit"]
held_over_limit = int((((limit > 0) & (owed > limit * (1 + above_share))) | ((limit == 0) & (owed > 0))).sum())

# %%
training.check("06.held_over_limit", held_over_limit, (data, as_of))

# %% [markdown]
# `credit.holds` applies every rule that is switched on: one row per held customer, the rules that fired and,
# in `release`, what releases the hold, with the amounts. The credit review page writes the same list to
# Excel (`credit_holds_<period>.xlsx`) for the order desk.

# %%
held = credit.holds(data, as_of, pol, lim=limits)
print(f"{len(held):,} customers on hold; by rule (one customer may break several): "
      + ", ".join(f"{rule} {int(held[f'hold_{rule}'].sum()):,}" for rule in credit.HOLD_RULES))
held[["name", "rules", "exposure", "approved_limit", "release"]].head(8)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Accountability for write-offs (坏账责任)
#
# Who bears a bad debt (坏账) that is written off? The method makes approval a responsibility:
#
# * the part of the debt **within** the approved limit is shared: the handler (经办人, usually the
#   account manager) bears `handler_share_within_limit` (30 %), the approver (审批人) the rest (70 %);
# * the part **above** the approved limit was never approved: the handler bears all of it.
#
# A small example: a customer with an approved limit of 100,000 writes off 150,000.

# %%
pol["credit"]["accountability"]

# %%
example_write_off = pd.DataFrame({"customer_id": ["X1"], "amount": [150_000.0], "handler": ["Li Na"]})
example_limit = pd.DataFrame({"approved_limit": [100_000.0], "approved_by": ["Wang Qiang"]},
                             index=pd.Index(["X1"], name="customer_id"))
credit.accountability(example_write_off, example_limit, pol)

# %% [markdown]
# The handler bears 50,000 above the limit plus 30 % of 100,000; the approver 70 % of 100,000.
#
# The shares are the company's policy (`credit.accountability`), not the method's law: they say how a loss is
# attributed, in performance reviews, bonuses and discipline. Whether an employee actually pays anything, and
# how much, is limited by labour law and the employment contract. In China, for example, a loss an employee
# caused may be deducted from wages only as the employment contract provides, at most 20 % of the month's
# wage, and what remains may not fall below the local minimum wage (工资支付暂行规定, art. 16). A customer
# that fails despite a limit approved by the rules is the ordinary risk of the business, which the employer
# bears: an employee is generally held liable only for a loss caused intentionally or by gross negligence
# (故意或重大过失), under a rule made known to them in advance. The shares above are therefore an internal
# measure of responsibility, not a debt the employee owes. Agree the rule with HR and legal before
# announcing it to the sales team.
#
# ### Exercise 6.4: if every customer over its limit defaulted
#
# Suppose every customer that is over its approved limit today defaulted and its whole exposure were
# written off, with its account manager as the handler. How much would the handlers bear in total?
# `over_limit_now` lists these customers with their exposure and approved limit.

# %%
over_limit_now = limits.loc[limits["over_limit"], ["exposure", "approved_limit", "approved_by"]]
over_limit_now.head()

# %% tags=["solution"]
# Exercise 6.4: for the customers in `over_limit_now`, the written-off amount is the exposure. The handler
# bears everything above approved_limit plus 30 % (handler_share_within_limit) of the part within it.
# Add up over all these customers and assign the total to `handler_burden`.
share = pol["credit"]["accountability"]["handler_share_within_limit"]
within_limit = over_limit_now[["exposure", "approved_limit"]].min(axis=1)
above_limit = over_limit_now["exposure"] - within_limit
handler_burden = float((above_limit + share * within_limit).sum())

# %%
training.check("06.handler_burden", handler_burden, (data, as_of))

# %% [markdown]
# The workbook's answer per account manager: the exposure they let run above the limits weighs far
# more than their share of what was approved.

# %%
burden = credit.accountability(write_off_scenario(limits, data.customers), limits, pol)
burden.groupby("handler")[["amount", "above_limit", "handler_amount"]].sum().sort_values(
    "handler_amount", ascending=False).head(10)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Take-aways
#
# * Score = points of ratios and factors; the grade follows from fixed cut-offs, so every grade can be
#   explained item by item (`top_losses`). Too little known: NR, not a flattering BB.
# * The recommended limit carries the customer's purchases on its payment terms, scaled by its grade and
#   capped by its capacity (shares of equity and working capital).
# * An override is a decision with a reason, an approver and an end date.
# * Exposure, not the invoice total, is what is at risk: open receivables plus open orders, summed over a
#   group of companies against its group limit.
# * The higher the new limit, the higher the approver; a decrease goes to the approver of the current limit.
# * A hold stops orders until a payment, a new assessment or an approved limit releases it.
# * Exposure above an approved limit is the handler's responsibility; what an employee pays is for labour
#   law and the employment contract to say.
#
# Next: lesson 7, collecting what customers owe.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Judgment — what would you do, and why? (判断练习：你会怎么做，为什么？)
#
# The case account (案例客户) of the course at the credit committee. What the model and the ledger say today:

# %%
pd.Series({
    "grade (previous)": f"{limits.loc[cid, 'grade']} ({limits.loc[cid, 'previous_grade']})",
    "approved limit": f"{limits.loc[cid, 'approved_limit']:,.0f}",
    "limit of the rule (need, risk, capacity)": f"{limits.loc[cid, 'proposed_limit']:,.0f}",
    "recommended limit": f"{limits.loc[cid, 'recommended_limit']:,.0f}",
    "why the recommended limit": limits.loc[cid, "limit_reason"],
    "exposure": f"{limits.loc[cid, 'exposure']:,.0f}",
    "utilization": f"{limits.loc[cid, 'utilization']:.0%}",
    "overdue": f"{limits.loc[cid, 'overdue']:,.0f}",
    "collateral": f"{limits.loc[cid, 'collateral']:,.0f}",
    "holds": limits.loc[cid, "credit_holds"] or "none",
    "orders held": f"{limits.loc[cid, 'orders_held']:,.0f}",
}, name=cid).to_frame("case account")

# %% [markdown]
# **The decision.** The account manager asks the committee to release the held orders today and to raise the limit
# to the limit of the rule, "so that next year's growth can ship". You sit on the committee.
#
# *Approve, approve with conditions (which: a payment first, collateral, shorter terms, an end date?), or refuse?
# Under this lesson's accountability rule, who bears what if the customer fails after your decision? Write the
# decision as the minutes would record it: decision, conditions, reason.*
#
# *批准、有条件批准（什么条件：先付款、担保、缩短账期、有效期？）还是拒绝？按本课的坏账责任规则，如果客户在你的决定之后倒闭，谁承担什么？按会议纪要的写法写下：决定、条件、理由。*

# %% [markdown] tags=["judgment"]
# **My decision (我的决定):** …
#
# **Why (理由):** …
#
# **What would change my mind (什么会让我改变决定):** …
