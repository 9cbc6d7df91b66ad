# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 6: Credit grades, limits and approval levels (信用等级、信用额度与审批权限)
#
# 第5课的信用调查给出了财务比率和定性因素的评分。本课沿着方法从这里一直走到授信决定：
# The credit investigation of lesson 5 gives ratios and factor scores. This lesson follows the method
# from there to a decision:
#
# 1. 用**信用等级评分表**把它们换算成 0 到 100 的分数和 AAA 到 C 的**信用等级**；了解太少时为**未评级**（NR）。
#    The **scorecard** (信用等级评分) turns them into a score from 0 to 100 and a **credit grade**
#    (信用等级) from AAA to C, or **not rated** (NR, 未评级) when too little is known;
# 2. 信用等级决定**建议信用额度**，并与客户的**风险敞口**（未收应收账款加未交订单）相比较。
#    The grade sets the **recommended credit limit** (信用额度), measured against the customer's
#    **exposure** (open receivables plus open orders);
# 3. 分析员可以不按模型决定等级或额度，即**授信调整**，须写明理由并经审批人批准。
#    An analyst may decide a grade or a limit against the model: an **override** (授信调整), with a reason
#    and an approver;
# 4. 同一**集团客户**的各家公司是同一个风险：它们的风险敞口合计后与集团额度相比。
#    Companies of one **group** (集团客户) are one risk: their exposure is summed against a group limit;
# 5. 把批准额度改为建议额度，须由权限覆盖新额度的层级批准；降低额度则须由现有额度的审批人批准（**审批权限**）。
#    Changing the approved limit to the recommended one needs the approval of a level whose authority
#    covers the new limit, or, for a decrease, of the approver of the current limit (**approval by
#    authority**, 审批权限);
# 6. 日常工作中，客户违反冻结规则时，**信用冻结**会拦下它的订单。
#    Day to day, **credit holds** (信用冻结) stop the orders of customers who break a blocking rule;
# 7. 债务必须核销时，**坏账责任**规则规定由谁承担。
#    When a debt must be written off, the **accountability** (坏账责任) rule says who bears it.
#
# 每道练习是一个代码单元格，最后把你的答案赋给一个变量；下一个单元格检查答案（✔，或 ✘ 并给出提示）。检查用工作簿的函数、同样的数据和本课的期间算出正确答案。
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
print(f"课程日期 lesson date {as_of}；本课研究的客户 the customer we study: {cid}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The scorecard (信用等级评分)
#
# 评分表的每一项都有权重（`pol["credit"]["weights"]`，合计 100）：
# Every item of the scorecard has a weight (`pol["credit"]["weights"]`, 100 in total):
#
# * **财务比率**为 `ok` 时得全部权重分，`watch` 得一半，`weak` 不得分。
#   A **ratio** earns its full weight when `ok`, half when `watch`, nothing when `weak`;
# * 评 1–5 分的**定性因素**得 权重 × (评分 − 1) / 4。
#   A **qualitative factor** scored 1–5 earns weight × (score − 1) / 4;
# * 缺失的项目（没有报表、因素未评估）得一半权重分（`credit.missing: neutral`）。需要注意：中性评分把没人核实过的情况当作一般水平。
#   对单个因素这样做是公平的，但了解得越少，分数就越向 50 靠拢，得出一个任何调查都无法支持的中等等级：读分数时要同时看
#   `known_items`，在大额度建立在它之上之前先做调查（见下文“未评级”）。
#   A missing item (no statement, a factor not assessed) earns half its weight (`credit.missing: neutral`).
#   A caveat: neutral scoring treats what nobody checked as average. It is fair for one factor, but the
#   less is known the closer every score drifts to 50, a middling grade no investigation supports: read a
#   score with `known_items` beside it, and investigate before a large limit rests on it (not rated, below);
# * 既是比率又是因素的同一概念（近三年资本增长、近三年盈利情况：`credit.scored_once`）只计分一次，合并两者的权重：
#   报表能算出比率时按比率，否则按因素。
#   A concept that is both a ratio and a factor (近三年资本增长, 近三年盈利情况: `credit.scored_once`) is
#   scored once, with both weights: by the ratio when the statements give it, else by the factor.
#
# 分数决定等级：取分数达到其分数线的最高等级。The score sets the grade: the best grade whose cut-off the score reaches.

# %%
pd.Series(pol["credit"]["grades"], name="lowest score").to_frame().T

# %% [markdown]
# 我们这个客户的评分表：每一项最多能得多少分（对这个客户的权重：只计分一次的一对项目，两项权重都记在其中一项上，另一项为 0）、
# 实得多少、失分多少。`top_losses` 列出失分最多的三项，也就是和客户谈信用时最先要谈的话题。
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
print(f"{cid}: 评分 score {scores.loc[cid, 'score']:.1f}，信用等级 grade {scores.loc[cid, 'grade']} "
      f"（上次 previous {scores.loc[cid, 'previous_grade']}）；失分最多 biggest losses: {scores.loc[cid, 'top_losses']}")
card.round(2)

# %%
ax = kt.plots.grade_distribution(scores, policy=pol)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Not rated (未评级)
#
# 信用等级需要依据。已知项目少于 `credit.not_rated.min_known_items` 项时（只计分一次的一对项目算一项），评分表不给等级：
# 客户为 **NR（未评级）**，分数照样显示，但不决定任何事。
# A grade needs evidence. With fewer than `credit.not_rated.min_known_items` items known (a pair scored
# once counts as one item) the scorecard gives no grade: the customer is **NR**, its score is shown but
# sets nothing.
#
# 为什么不干脆按分数给等级？因为缺失项得一半权重分（`credit.missing: neutral`）。对分析员无法核实的单个因素，这是公平的；
# 但对一个我们了解甚少的客户，这就是抬高了它：什么都不知道时分数正好是 50，即 BB；只有报表的客户，每个没人评估的因素都白得一半分。
# 下表比较未评级客户的分数、这个分数对应的等级，以及缺失项不得分时（`missing: worst`）的分数：真实情况在两者之间，只有调查才知道在哪里。
# Why not grade the score anyway? Because a missing item earns half its weight (`credit.missing: neutral`).
# That is fair for one factor the analyst could not check, but it flatters a customer of whom little is
# known: with nothing known at all the score is exactly 50, a BB, and a customer with statements only is
# given half the points of every factor nobody assessed. The table compares the score of the NR customers,
# the grade that score would give, and their score if missing items earned nothing (`missing: worst`):
# the truth lies somewhere between, and only an investigation tells where.

# %%
nr = scores.index[scores["is_nr"]]
worst = credit.score(data, as_of, {"credit": {"missing": "worst"}})
print(f"{len(scores):,} 个客户中 {len(nr):,} 个未评级 / {len(nr):,} of {len(scores):,} customers are not rated "
      f"（已知项目少于 fewer than {pol['credit']['not_rated']['min_known_items']} items known）.")
pd.DataFrame({"known items": scores.loc[nr, "known_items"], "score": scores.loc[nr, "score"],
              "grade of that score": credit.grade_of(scores.loc[nr, "score"], pol),
              "score if missing = 0": worst.loc[nr, "score"]}).head(8)

# %% [markdown]
# 未评级客户给多少额度？由政策规定（`credit.not_rated.limit_rule`，公司自己的选择）：`investigate`（默认）维持批准额度，
# 不增不减，建议为“先调查”，并列出缺少什么；`initial` 像对新客户一样，给它的账期需要额度（见下文），最多
# `not_rated.initial_limit`（还没有需要时就给这个金额）；`zero` 表示评级之前款到发货。分析员带额度的授信调整（见下文）也可以决定未评级客户的额度。
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
# 信用额度的作用是承载客户按其账期进行的正常业务，按风险调整，并以客户的承受能力为上限（全部规则和数字在
# `pol["credit"]["limit"]`；默认的金额和比例只是示例，由公司自己设定）：
# A limit is there to carry the customer's normal business on its payment terms, scaled by its risk
# and capped by what it can bear (all rules and numbers in `pol["credit"]["limit"]`; the amounts and
# shares shipped are an example, the company sets its own):
#
# * **账期需要额度** = 月采购额 × (账期 + 宽限天数) / 30 + 未交订单。月采购额 = 近12个月的净开票金额（扣除贷项）÷ 有采购
#   （净额大于 0）的月数；账期取 `customers.payment_terms_days`（否则取 `payment_terms_days`），宽限天数为 `grace_days`（10）。
#   **Terms need** = monthly purchases × (payment terms + grace days) / 30 + open orders. Monthly
#   purchases = net invoiced amount (credit notes deducted) of the last 12 months / the number of
#   months in which the customer bought (net above 0); payment terms from `customers.payment_terms_days`
#   (else `payment_terms_days`), grace days `grace_days` (10);
# * **风险**：乘以该等级的 `multiplier`（1 = 正好满足需要；0 = 款到发货或只凭担保）。
#   **Risk**: × the grade's `multiplier` (1 = exactly the need; 0 = cash in advance or collateral only);
# * **承受能力**：按等级，最多为客户净资产或营运资金（流动资产 − 流动负债）的一定比例，取两者中较大者（`capacity.combine`），
#   依据最近一期报表。
#   **Capacity**: at most a share of the customer's equity (净资产) or of its working capital
#   (营运资金: current assets − current liabilities) by grade, the greater of the two
#   (`capacity.combine`), from its latest statement;
# * 四舍五入到千位（`rounding`），正的额度不低于 `minimum`。
#   Rounded to the nearest 1,000 (`rounding`), a positive limit never below `minimum`.
#
# 然后是保护决定的规则：新客户给初始额度（`initial_limit`），历史短的客户维持初始额度；冬眠期客户的额度收回；评估过期或缺失时，
# 重新调查之前不得提高额度（按上次等级算出的较低额度立即生效）；未评级客户按 `credit.not_rated.limit_rule` 处理；有发票逾期超过
# `hold_days_past_due` 天的客户被冻结（不得提高，付清之前额度按 `arrears_grade` 计算）；降到风险敞口以下需要计划（先收款），
# 对正常业务的大幅削减分步进行；分析员的授信调整决定额度。`limit_reason` 说明决定每个额度的规则，`limit_rule` 给出规则名称。
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
# ### Exercise 6.1: the recommended limit of our customer (练习 6.1：我们客户的建议额度)
#
# 你已经有 `scores` 中的信用等级、客户的账期、未交订单、净资产、营运资金，以及下面的发票。日期在 `as_of` 减 12 个月之后、
# `as_of` 当天或之前的发票计入；贷项（负金额）减少采购额。
# You have the grade from `scores`, the customer's payment terms, open orders, equity and working
# capital and its invoices below. Invoices count when dated after `as_of` − 12 months and on or before
# `as_of`; credit notes (negative amounts) reduce the purchases.

# %%
invoices = data.sql("select invoice_date, amount from invoices where customer_id = ?", [cid])
grade = scores.loc[cid, "grade"]
terms = limits.loc[cid, "payment_terms_days"]
orders = limits.loc[cid, "open_orders"]
equity, working_capital = limits.loc[cid, "equity"], limits.loc[cid, "working_capital"]
print(f"信用等级 grade {grade}，账期 terms {terms} 天 days，未交订单 open orders {orders:,.0f}，净资产 equity {equity:,.0f}，"
      f"营运资金 working capital {working_capital:,.0f}，发票 {len(invoices):,} invoices")

# %% tags=["solution"]
# 练习 6.1：计算这个客户的建议额度：账期需要额度（按有采购的月数计算的月采购额 ×（账期 + 宽限天数）/ 30 + 未交订单）× 其等级的
# 系数，最多为该等级的 equity_share × 净资产与 working_capital_share × 营运资金中较大者，四舍五入到千位。赋给 `recommended`。
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
# 你算出的是按需要、风险和承受能力规则得出的额度（`proposed_limit`）。建议额度（`recommended_limit`）还要再经过本课其余部分的关口：
# 信用冻结、过期或即将过期的评估、重要性区间。在下表中比较两者，并读 `limit_reason`：它说明是哪个关口改变了额度。
# What you computed is the limit of the rule of need, risk and capacity (`proposed_limit`). The recommended
# limit (`recommended_limit`) then passes the gates of the rest of this lesson: a credit hold, a stale or
# lapsing assessment, the materiality band. Compare the two in the table below, and read `limit_reason`:
# it names the gate that moved the limit.
#
# `credit.limits` 计算每个客户的额度，以及风险敞口与批准额度的对比。**风险敞口** = 未收应收账款 + 未交订单 − 已收到但尚未核销的款项。
# 超出批准额度的部分只能接受现金或担保：`overlimit_uncovered` 是担保覆盖不到的部分。
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
print(f"{len(over):,} 个客户超出批准额度共 {over['overlimit'].sum():,.0f}，其中 {over['overlimit_uncovered'].sum():,.0f} 没有担保覆盖。"
      f" / {len(over):,} customers are over their approved limit by {over['overlimit'].sum():,.0f}; "
      f"{over['overlimit_uncovered'].sum():,.0f} of it is not covered by collateral.")
over.head(10)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Analyst overrides (授信调整)
#
# 评分表是一个模型；分析员有时知道得更多：母公司的担保、已确认的大合同、比财务比率显示的更差的付款记录。**授信调整**把不按模型决定的
# 等级或额度记录在可选表 `credit_overrides` 中（客户、日期、等级和/或额度、**理由**、**审批人**）；没有理由或审批人的记录会被拒绝。
# 它自日期起 `credit.overrides.valid_months` 个月内有效；之后除非记录新的调整，模型的等级和额度就恢复：授信调整是一个需要复核的决定，
# 不是永久的例外。
# The scorecard is a model; the analyst sometimes knows more: a parent company's guarantee, a large contract
# confirmed, a payment record worse than the ratios suggest. An **override** records a grade or a limit
# decided against the model in the optional table `credit_overrides` (customer, date, grade and/or limit,
# **reason**, **approved_by**); a row without a reason or an approver is refused. It is in force for
# `credit.overrides.valid_months` months from its date; then the model's grade and limit return unless a new
# override is recorded: an override is a decision to revisit, not a permanent exception.
#
# 在 `scores` 中，`grade_model` 是评分表的等级，`grade` 是生效的等级，`override_*` 各列描述授信调整。调整的额度成为建议额度
# （`limit_rule` 为 "override"），但被冻结的客户仍然不得提高额度。
# In `scores`, `grade_model` is the scorecard's grade, `grade` the one in force and the columns `override_*`
# describe the override. An override limit becomes the recommended limit (`limit_rule` "override"), except
# that a customer on hold still gets no increase.

# %%
overridden = scores.index[scores["override_on"].notna()]
recorded = len(data.credit_overrides) if data.has("credit_overrides") else 0
print(f"已记录 {recorded:,} 项授信调整，{as_of} 生效 {len(overridden):,} 项（有效期 {pol['credit']['overrides']['valid_months']} 个月）。"
      f" / {recorded:,} override decisions recorded, {len(overridden):,} in force on {as_of} "
      f"(valid {pol['credit']['overrides']['valid_months']} months).")
scores.loc[overridden, ["grade_model", "override_grade", "override_limit", "override_reason", "override_by",
                        "override_on"]].join(limits[["approved_limit", "recommended_limit", "limit_rule"]])

# %% [markdown]
# 像授信审批人那样审阅授信调整：理由是不是评分表看不到的事实？是不是由有权限的人批准的？趋向谨慎的调整很常见；向上的调整需要最有力的证据。
# 数一数：如果很多调整都朝同一个方向，需要修改的是评分表，而不是一再调整。
# Read an override as a credit committee does: is the reason a fact the scorecard cannot see, and did someone
# with the authority approve it? Overrides towards caution are common; overrides upwards need the strongest
# evidence. Count them: when many overrides push the same way, the scorecard needs fixing, not overriding.
#
# ## Groups of companies (集团客户)
#
# 通过 `parent_id` 连接的公司（子公司连到母公司，层级不限）组成一个集团，而集团是同一个风险：一家倒下，其他的很少能安然无恙。
# 集团的风险敞口是各公司之和，与**集团额度**（可选表 `group_limits`，为集团最上层公司批准）相比较。一家公司可能在自己的额度之内，
# 而它的集团已超出集团额度：这家公司会被标出（`pushes_group_over`），因为它的下一笔订单会加大一个没有人按这个规模批准过的风险
# （已经超出自己额度的公司这里不标出：它作为违反自身额度列出）。`credit.group_exposure` 每个集团一行，`credit.group_members` 列出其成员公司。
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
# 比较 `approved_limits` 和 `group_limit`：每家公司的额度都是单独批准的，加在一起可能超过公司愿意借给整个集团的金额。
# 成员额度之和不是集团额度。
# Compare `approved_limits` with `group_limit`: each company's limit was approved on its own, and together
# they may exceed what the company would lend to the whole group. The sum of the members' limits is not a
# group limit.
#
# ## Approval by authority (审批权限)
#
# 审批阶梯的每一级可以批准不超过其金额（含）的信用额度：教材列出三级——客户经理、直销部经理和地区公司经理，金额由公司决定；
# 政策中的金额只是示例，是公司的选择，不是方法本身。提高额度交给权限覆盖**新**额度的那一级；降低额度和提高额度一样，需要重新调查，
# 并由现有额度的审批人批准（如果现有额度需要的层级更高，则由那一级批准）。额度不变则不需要审批（`none`）。
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
# 现有的审批也按同一阶梯检查：`credit.authority_breaches` 列出超出审批人权限的生效额度（以及阶梯中没有的审批人）。
# Existing approvals are checked against the same ladder: `credit.authority_breaches` lists the limits in
# force that exceed their approver's authority (and approvers the ladder does not know).

# %%
credit.authority_breaches(data, as_of, pol).head(10)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 6.2: work for the top level (练习 6.2：需要最高一级审批的工作)
#
# 数一数：有多少客户的建议额度是一次提高，并且按金额必须由阶梯的最高一级（地区公司经理）审批。所需权限要覆盖新额度和风险敞口中
# 较大的那个（已经超额的客户，权限要覆盖它所欠的金额）。用 `limits` 的 `limit_change`、`recommended_limit` 和 `exposure` 三列以及
# `pol["credit"]["approval_levels"]` 中的金额来算，不要用 `approval_level` 列（它还会因违规或授信调整的发起人而把提高额度再上调一级：
# `approval_reason` 会说明）。
# Count the customers whose recommended limit is an increase that the top level of the ladder (地区公司经理)
# must approve by its amount: the authority needed covers the larger of the new limit and the exposure (a
# customer already over its limit needs the authority for what it owes). Work from the columns
# `limit_change`, `recommended_limit` and `exposure` of `limits` and the amounts of
# `pol["credit"]["approval_levels"]`, not from the column `approval_level` (which also sends an increase one
# level higher after a breach or to an override's author: `approval_reason` says when).

# %% tags=["solution"]
# 练习 6.2：数一数额度变更（limits["limit_change"]）为提高、且建议额度与风险敞口中较大者超过直销部经理权限
# （pol["credit"]["approval_levels"][-2]["up_to"]）的客户。把个数赋给 `top_level`。
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
# `credit.limit_changes` 按审批层级统计额度变更：把它的最高一级与你的答案比较（它的 `approval_level` 列也计入因违规或授信调整而上调的提高）。
# `credit.limit_changes` counts the changes per approval level: compare its top level with your answer (its
# column `approval_level` also counts the increases a breach or an override sends higher).

# %%
changes = credit.limit_changes(limits, pol)
ax = kt.plots.limit_changes_by_level(changes)
changes

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Credit holds (信用冻结)
#
# 额度一年只决定几次；订单却天天都有。**冻结清单**说明今天必须拦下哪些客户的订单（相当于 ERP 的信用冻结），依据政策中命名的
# 冻结规则（`credit.holds`），每条规则可开可关，参数由公司决定。冻结不是削减额度：额度不变，订单等到原因消除后再放行。
# A limit is decided a few times a year; orders come every day. The **hold list** says whose orders must be
# held today (the credit block of an ERP), by the named blocking rules of the policy (`credit.holds`), each
# switched on or off, with its settings the company's choice. A hold is not a cut: the limit stays and the
# orders wait until the cause is removed.
#
# | 规则 rule | 何时冻结 held when | 如何解除 released by |
# |---|---|---|
# | `over_limit` 超额 | 应收账款（未付发票减未核销款项）超出批准额度的比例大于 `above_share`；有应收账款却没有额度 / receivables (open invoices less unapplied cash) above the approved limit by more than `above_share`; receivables without a limit | 付清超额部分，或由有权限的层级批准更高的额度 / payment of the excess, or a higher limit approved by a level with the authority |
# | `past_due` 逾期 | 任一发票逾期超过 `days` 天 / any invoice more than `days` past due | 付清这些发票 / payment of those invoices |
# | `grade` 信用等级 | 等级属于 `grades` / a grade among `grades` | 重新评估得到更好的等级，或款到发货 / a new assessment with a better grade, or cash in advance |
# | `stale_assessment` 信用评估过期 | 没有定性评估，或最近一次早于 `months` 个月 / no qualitative assessment, or the latest older than `months` | 新的信用评估 / a new credit assessment |
# | `utilization` 额度使用率 | 风险敞口（应收账款和未交订单）超过额度的 `above_share` / exposure (receivables and open orders) above `above_share` of the limit | 付款或减少未交订单，或批准更高的额度 / payments or fewer open orders, or a higher approved limit |
#
# 通过提高额度来解除冻结，和其他审批一样：交给权限覆盖新额度的那一级。
# Releasing a hold by raising the limit is an approval like any other: it goes to the level whose authority
# covers the new limit.

# %%
pd.DataFrame({rule: {"name": f"{en} {zh}", **dict(pol["credit"]["holds"][rule])}
              for rule, (en, zh) in credit.HOLD_RULES.items()}).T

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 6.3: held for receivables over the limit (练习 6.3：因应收账款超额而冻结)
#
# 用 `limits` 的各列数一数：规则 `over_limit` 今天冻结多少客户。它们的应收账款是 `open_receivables` 减 `unapplied_credit`（不小于 0）。
# 这里不计未交订单（那属于 `utilization` 规则）；有应收账款但没有批准额度的客户也被冻结。
# Count the customers the rule `over_limit` holds today, from the columns of `limits`: their receivables are
# `open_receivables` less `unapplied_credit` (not below 0). Open orders do not count here (they are the
# `utilization` rule's), and a customer with receivables but no approved limit is held too.

# %% tags=["solution"]
# 练习 6.3：数一数应收账款（open_receivables − unapplied_credit，不小于 0）超过 approved_limit ×（1 + above_share）的客户
# （above_share 取自 pol["credit"]["holds"]["over_limit"]），加上有应收账款但没有批准额度（0）的客户。把个数赋给 `held_over_limit`。
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
# `credit.holds` 执行所有开启的规则：每个被冻结的客户一行，列出触发的规则，并在 `release` 中说明解除冻结的条件和金额。信用审查页面把同一清单
# 写入 Excel（`credit_holds_<period>.xlsx`），供订单部门使用。
# `credit.holds` applies every rule that is switched on: one row per held customer, the rules that fired and,
# in `release`, what releases the hold, with the amounts. The credit review page writes the same list to
# Excel (`credit_holds_<period>.xlsx`) for the order desk.

# %%
held = credit.holds(data, as_of, pol, lim=limits)
print(f"{len(held):,} 个客户被冻结；按规则（一个客户可能违反多条）/ {len(held):,} customers on hold; by rule "
      "(one customer may break several): "
      + ", ".join(f"{rule} {int(held[f'hold_{rule}'].sum()):,}" for rule in credit.HOLD_RULES))
held[["name", "rules", "exposure", "approved_limit", "release"]].head(8)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Accountability for write-offs (坏账责任)
#
# 核销的坏账由谁承担？方法把审批变成一种责任：
# Who bears a bad debt (坏账) that is written off? The method makes approval a responsibility:
#
# * 债务中在批准额度**以内**的部分共同承担：经办人（通常是客户经理）承担 `handler_share_within_limit`（30 %），审批人承担其余部分（70 %）。
#   The part of the debt **within** the approved limit is shared: the handler (经办人, usually the
#   account manager) bears `handler_share_within_limit` (30 %), the approver (审批人) the rest (70 %);
# * 超出批准额度的部分从未被批准：全部由经办人承担。
#   The part **above** the approved limit was never approved: the handler bears all of it.
#
# 一个小例子：批准额度为 100,000 的客户核销 150,000。A small example: a customer with an approved limit of 100,000 writes off 150,000.

# %%
pol["credit"]["accountability"]

# %%
example_write_off = pd.DataFrame({"customer_id": ["X1"], "amount": [150_000.0], "handler": ["Li Na"]})
example_limit = pd.DataFrame({"approved_limit": [100_000.0], "approved_by": ["Wang Qiang"]},
                             index=pd.Index(["X1"], name="customer_id"))
credit.accountability(example_write_off, example_limit, pol)

# %% [markdown]
# 经办人承担超出额度的 50,000，加上 100,000 的 30 %；审批人承担 100,000 的 70 %。
# The handler bears 50,000 above the limit plus 30 % of 100,000; the approver 70 % of 100,000.
#
# 这些比例是公司的政策（`credit.accountability`），不是方法的铁律：它们说明损失如何归属，用于绩效考核、奖金和纪律处分。员工实际是否赔偿、
# 赔多少，受劳动法和劳动合同的限制。以中国为例，员工造成的损失只能按劳动合同的约定从工资中扣除，每月扣除不得超过当月工资的 20 %，
# 扣除后的剩余工资不得低于当地最低工资标准（工资支付暂行规定，第十六条）。客户在按规则批准的额度内倒闭，是企业的正常经营风险，由用人单位承担：
# 一般只有在员工故意或重大过失造成损失、且事先告知的规章有规定时，员工才承担责任。因此，上面的比例是内部的责任衡量，不是员工欠公司的债务。
# 向销售团队宣布之前，请与人力资源和法务部门商定规则。
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
# ### Exercise 6.4: if every customer over its limit defaulted (练习 6.4：如果所有超额客户都违约)
#
# 假设今天所有超出批准额度的客户都违约，其全部风险敞口被核销，经办人是各自的客户经理。经办人合计要承担多少？
# `over_limit_now` 列出这些客户及其风险敞口和批准额度。
# Suppose every customer that is over its approved limit today defaulted and its whole exposure were
# written off, with its account manager as the handler. How much would the handlers bear in total?
# `over_limit_now` lists these customers with their exposure and approved limit.

# %%
over_limit_now = limits.loc[limits["over_limit"], ["exposure", "approved_limit", "approved_by"]]
over_limit_now.head()

# %% tags=["solution"]
# 练习 6.4：对 `over_limit_now` 中的客户，核销金额就是风险敞口。经办人承担超出 approved_limit 的全部，加上额度内部分的
# 30 %（handler_share_within_limit）。把所有这些客户加总，赋给 `handler_burden`。
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
# 工作簿按客户经理给出的结果：他们让风险敞口超出额度的部分，远比他们在已批准部分中承担的份额要重。
# The workbook's answer per account manager: the exposure they let run above the limits weighs far
# more than their share of what was approved.

# %%
burden = credit.accountability(write_off_scenario(limits, data.customers), limits, pol)
burden.groupby("handler")[["amount", "above_limit", "handler_amount"]].sum().sort_values(
    "handler_amount", ascending=False).head(10)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Take-aways (本课要点)
#
# * 分数 = 比率和因素的得分；等级由固定的分数线决定，所以每个等级都能逐项解释（`top_losses`）。了解太少：未评级，而不是一个被抬高的 BB。
#   Score = points of ratios and factors; the grade follows from fixed cut-offs, so every grade can be
#   explained item by item (`top_losses`). Too little known: NR, not a flattering BB.
# * 建议额度承载客户按账期的采购，按等级调整，并以承受能力（净资产和营运资金的一定比例）为上限。
#   The recommended limit carries the customer's purchases on its payment terms, scaled by its grade and
#   capped by its capacity (shares of equity and working capital).
# * 授信调整是一个有理由、有审批人、有到期日的决定。An override is a decision with a reason, an approver and an end date.
# * 真正承受风险的是风险敞口，而不是发票总额：未收应收账款加未交订单，集团内各公司合计后与集团额度相比。
#   Exposure, not the invoice total, is what is at risk: open receivables plus open orders, summed over a
#   group of companies against its group limit.
# * 新额度越高，审批人级别越高；降低额度交给现有额度的审批人。
#   The higher the new limit, the higher the approver; a decrease goes to the approver of the current limit.
# * 冻结会拦下订单，直到付款、新的评估或批准的额度解除它。
#   A hold stops orders until a payment, a new assessment or an approved limit releases it.
# * 超出批准额度的风险敞口由经办人负责；员工实际赔偿多少，由劳动法和劳动合同决定。
#   Exposure above an approved limit is the handler's responsibility; what an employee pays is for labour
#   law and the employment contract to say.
#
# 下一课：第7课，收回客户的欠款。Next: lesson 7, collecting what customers owe.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Judgment — what would you do, and why? (判断练习：你会怎么做，为什么？)
#
# 本课程的案例客户提交授信审批。模型和账目今天显示的情况：
# The case account (案例客户) of the course at the credit committee. What the model and the ledger say today:

# %%
pd.Series({
    "信用等级（上次） grade (previous)": f"{limits.loc[cid, 'grade']} ({limits.loc[cid, 'previous_grade']})",
    "批准额度 approved limit": f"{limits.loc[cid, 'approved_limit']:,.0f}",
    "规则额度（需要、风险、承受能力） limit of the rule (need, risk, capacity)": f"{limits.loc[cid, 'proposed_limit']:,.0f}",
    "建议额度 recommended limit": f"{limits.loc[cid, 'recommended_limit']:,.0f}",
    "建议额度的理由 why the recommended limit": limits.loc[cid, "limit_reason"],
    "风险敞口 exposure": f"{limits.loc[cid, 'exposure']:,.0f}",
    "额度使用率 utilization": f"{limits.loc[cid, 'utilization']:.0%}",
    "逾期 overdue": f"{limits.loc[cid, 'overdue']:,.0f}",
    "担保 collateral": f"{limits.loc[cid, 'collateral']:,.0f}",
    "信用冻结 holds": limits.loc[cid, "credit_holds"] or "无 none",
    "被冻结的订单 orders held": f"{limits.loc[cid, 'orders_held']:,.0f}",
}, name=cid).to_frame("案例客户 case account")

# %% [markdown]
# **The decision.** 客户经理请委员会今天放行被冻结的订单，并把额度提高到规则算出的额度，“好让明年的增长能发货”。你是委员会成员。
# The account manager asks the committee to release the held orders today and to raise the limit
# to the limit of the rule, "so that next year's growth can ship". You sit on the committee.
#
# *批准、有条件批准（什么条件：先付款、担保、缩短账期、有效期？）还是拒绝？按本课的坏账责任规则，如果客户在你的决定之后倒闭，谁承担什么？按会议纪要的写法写下：决定、条件、理由。*
# *Approve, approve with conditions (which: a payment first, collateral, shorter terms, an end date?), or refuse?
# Under this lesson's accountability rule, who bears what if the customer fails after your decision? Write the
# decision as the minutes would record it: decision, conditions, reason.*

# %% [markdown] tags=["judgment"]
# **My decision (我的决定):** …
#
# **Why (理由):** …
#
# **What would change my mind (什么会让我改变决定):** …
