# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 7: Receivables and collections (应收账款管理)
#
# 赊销只有在收到货款时才算完成。应收账款管理要回答：每个客户欠多少、从什么时候起欠、我们收款有多快、要计提多少坏账准备、
# 谁已经没有音讯、先给谁打电话？
# A sale on credit is finished only when it is paid. Receivables management answers: how much does
# each customer owe, since when, how fast do we collect, what must we provide for, who has gone
# silent, and whom do we call first?
#
# 本课你将 In this lesson you will
#
# * 把发票和付款核销成未结项目，并做账龄分析；
#   settle invoices and payments into open items and age them (账龄分析);
# * 亲手计算陈欠的比例、应收账款周转天数（DSO）和坏账准备；
#   compute the share of old debt, DSO (days sales outstanding, 应收账款周转天数) and the provision
#   (坏账准备) by hand;
# * 解读回款有效性指数（CEI）、沉默客户和催收工作清单；
#   read the CEI (collection effectiveness index), the silent debtors and the collection worklist;
# * 把催收作为一个体系来运行：催款等级和催款函、争议款项单独处理、对账单、回款目标与激励、月度评估和坏账核销登记。
#   run collections as a system: dunning levels and letters, disputes apart, the statement of account, targets and
#   incentives, the monthly review and the write-off register.
#
# 每道练习是一个代码单元格，最后把你的答案赋给一个变量；下一个单元格检查答案（✔，或 ✘ 并给出提示）。检查用工作簿的函数、同样的数据和本课的期间算出正确答案。
# Each exercise is a cell that ends by assigning your answer to a variable; the cell after it checks the answer (✔ or ✘ with a hint). The checks compute the expected answer from the same data with the workbook's functions, for the period of this lesson.

# %% slideshow={"slide_type": "skip"} tags=["parameters"]
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
period: str = ""  # month YYYY-MM; empty: latest complete month of the data

# %%
import pandas as pd

import kamtools as kt
from kamtools import receivables, training
from kamtools.output.letters.render import TEMPLATE_DIR
from kamtools.report import report_context
from kamtools.training.lesson_data import focus_account

ctx = report_context(period, db)
data, period, as_of, pol = ctx.data, ctx.period, ctx.as_of, ctx.policy
cid = focus_account(data, as_of)
pd.options.display.float_format = "{:,.2f}".format
print(f"课程日期 lesson date {as_of}；本课研究的客户 the customer we study: {cid}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Open items: which invoices are still open (未结项目：哪些发票还没有收款)
#
# 注明了发票的付款核销那张发票；其他付款（以及所有贷项）先核销客户最早到期的发票。客户付款超出全部未结发票的部分是它的
# **未核销款项**：不会丢失，单独列示。`receivables.settle` 在数据库中用 SQL 完成核销；下面是我们这个客户的未结发票：
# A payment that names its invoice settles that invoice; every other payment (and every credit note)
# settles the customer's oldest due invoice first. What a customer paid beyond all its open invoices
# is its **unapplied credit**: never lost, shown separately. `receivables.settle` does this in SQL in
# the store; here are the open invoices of our customer:

# %%
ledger = receivables.settle(data, as_of=as_of)
items = ledger.open_items
items[items["customer_id"] == cid].tail(10)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Aging (账龄分析)
#
# 每张未结发票按逾期天数（`as_of` − 到期日）归入一个账龄段：`current`（未到期）、1–30、31–60、61–90、91–180、181–365 和
# 365 天以上。欠款越久，收回的可能越小：账龄段决定坏账准备和催收的先后。
# Each open invoice falls into a bucket by its days past due (`as_of` − due date): `current` (not yet
# due), 1–30, 31–60, 61–90, 91–180, 181–365 and over 365 days. The older a debt, the less likely it
# is paid: the buckets drive provisions and collection priority.

# %%
buckets = pol["receivables"]["buckets"]
aged = receivables.aging(data, as_of, buckets)  # the whole book: disputed amounts apart
aged.sort_values("total", ascending=False).head(10)

# %%
managers = data.customers.set_index("customer_id")["account_manager"]
ax = kt.plots.aging_stack(aged, group=managers)

# %% tags=["solution"]
# 练习 7.1：根据 `aged`，计算逾期 90 天以上（账龄段 d91_180、d181_365 和 d365_plus）占全部未收应收账款的比例，
# 用 0 到 1 之间的小数表示。赋给 `over_90_share`。
# Exercise 7.1: from `aged`, compute the share of all open receivables that is more than 90 days past
# due (buckets d91_180, d181_365 and d365_plus) as a fraction between 0 and 1. Assign it to `over_90_share`.
old_debt = aged[["d91_180", "d181_365", "d365_plus"]].sum().sum()
over_90_share = old_debt / aged["total"].sum()

# %%
training.check("07.over_90_share", over_90_share, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## DSO and CEI: how fast we collect (DSO 与 CEI：我们收款有多快)
#
# **应收账款周转天数（DSO）** = 当日应收账款 ÷ 最近 90 天的赊销额 × 90：还有多少天的销售额没有收回。把它和账期比较：
# 账期 30 天而 DSO 为 60 天，说明客户平均晚付一个月。
# **DSO** (days sales outstanding, 应收账款周转天数) = receivables at the date / credit sales of the
# last 90 days × 90: how many days of sales are still unpaid. Compare it with the payment terms: a
# DSO of 60 days on 30-day terms means customers pay a month late on average.
#
# **回款有效性指数（CEI）** =（期初应收 + 赊销额 − 期末应收）÷（期初应收 + 赊销额 − 期末未到期应收）× 100：
# 当月可以收回的金额中实际收回的比例。100 为满分。
# **CEI** (collection effectiveness index) = (opening receivables + credit sales − closing receivables)
# / (opening receivables + credit sales − closing current receivables) × 100: of what could be
# collected in the month, the share that was. 100 is perfect.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 7.2: DSO by hand (练习 7.2：手算 DSO)
#
# 用 `aged` 的合计作为应收账款，下面的发票作为赊销额。贷项是负金额的发票，会减少销售额。
# Use the total of `aged` as the receivables and the invoices below as the credit sales. Credit notes
# are negative invoices and reduce the sales.

# %%
invoices = data.sql("select customer_id, invoice_date, amount from invoices")
invoices.tail()

# %% tags=["solution"]
# 练习 7.2：计算 as_of 当天全部客户的 DSO：未收应收账款合计（aged["total"]）÷ 日期在 as_of 减 90 天之后、as_of 当天或之前的
# 发票净额 × 90。赋给 `dso`。
# Exercise 7.2: compute the DSO of the whole book at as_of: total open receivables (aged["total"]) /
# net amount of the invoices dated after as_of - 90 days and on or before as_of, x 90.
# Assign it to `dso`.
since = pd.Timestamp(as_of) - pd.Timedelta(days=90)
recent = invoices[(invoices["invoice_date"] > since) & (invoices["invoice_date"] <= pd.Timestamp(as_of))]
dso = aged["total"].sum() / recent["amount"].sum() * 90

# %%
training.check("07.dso", dso, (data, as_of))

# %% [markdown]
# 近十二个月的月度趋势：每个月末的应收账款、逾期、赊销额、回款、DSO 和 CEI（最后一个 DSO 就是你算出的那个）。
# The monthly trend of the last twelve months: receivables, overdue, credit sales, collections, DSO and CEI
# at each month end (its last DSO is the one you computed).

# %%
trend = receivables.monthly_trend(data, period, months=12, days=pol["receivables"]["dso_days"])
ax = kt.plots.dso_cei_trend(trend)
trend[["receivables", "overdue", "credit_sales", "collected", "dso", "cei"]]

# %% [markdown]
# 工作簿还计算**倒推法 DSO**：按月往回倒推，直到销售额累计等于应收账款，它不会被销售的季节性高峰误导：
# The workbook also computes the **count-back DSO**, which walks back month by month until the sales
# add up to the receivables and is not fooled by a seasonal peak of sales:

# %%
by_manager = receivables.dso(data, None, as_of, days=90, by="account_manager")
by_manager[["receivables", "credit_sales", "dso", "dso_countback"]].sort_values("dso", ascending=False)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Provisions (坏账准备)
#
# 财务按政策的比例为每个账龄段计提一部分坏账准备：账龄越长，比例越高，超过一年的达到 100 %。
# Finance sets aside part of each bucket as a provision for bad debts, at the policy's rates: the
# older the bucket, the higher the rate, up to 100 % beyond a year.

# %%
pd.Series(pol["receivables"]["provision_rates"], name="rate").to_frame().T

# %% tags=["solution"]
# 练习 7.3：计算坏账准备合计：`aged` 每个账龄段的合计乘以 pol["receivables"]["provision_rates"] 中的比例，各段相加。
# 赋给 `provision`。
# Exercise 7.3: compute the total bad-debt provision: for each bucket of `aged`, its total times its rate in
# pol["receivables"]["provision_rates"], added up over the buckets. Assign it to `provision`.
rates = pd.Series(pol["receivables"]["provision_rates"])
provision = float((aged[rates.index].sum() * rates).sum())

# %%
training.check("07.provision", provision, (data, as_of))

# %%
receivables.provisions(aged, pol, by="bucket")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Silent debtors (沉默客户)
#
# 欠我们钱、但 `silent_months` 个月内没有采购、没有付款、也没有见过我们任何人的客户，是最容易被遗忘的欠款。
# 要在诉讼时效届满之前，先给这些客户打电话。
# A customer that owes us money but has bought nothing, paid nothing and seen no one of ours for
# `silent_months` months is the debt most likely to be forgotten. Call these first, before the
# limitation period runs out.

# %%
silent = receivables.silent_debtors(data, as_of, pol, aged=aged)
print(f"{len(silent):,} 个沉默客户欠款 {silent['total'].sum():,.0f} / {len(silent):,} silent debtors owe {silent['total'].sum():,.0f}.")
silent.head(10)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What a bad debt costs (坏账的代价)
#
# 核销一笔欠款，损失的不是它的毛利，而是全部金额：货已经交了，成本已经付了。要把这笔钱赚回来，必须做出毛利等于损失的新销售：
# 所需销售额 = 损失 ÷ 毛利率。净利率为 5–10 % 时，一元坏账需要十到二十元的销售来弥补。所以信用控制是销售的一部分，而不是销售的敌人。
# 每个客户按自己的毛利率采购：`receivables.customer_margin` 给出每个客户在政策规定的月数内（`receivables.recovery.margin_months`）的毛利率，
# 没有的客户用全部账目的毛利率；客户的毛利越薄，它的一笔坏账代价就越大。
# A debt written off is not a loss of its margin but of the whole amount: the goods were delivered and
# their cost paid. To earn that money back the business must make new sales whose margin equals the loss:
# sales needed = loss ÷ margin rate. At a net margin of 5–10 %, every unit of bad debt needs **10–20 units of
# new sales** to make up (一元坏账需要十到二十元的销售来弥补). That is why credit control is part of selling, not
# its enemy. Each customer buys at its own margin: `receivables.customer_margin` gives each customer's gross
# margin over the policy's months (`receivables.recovery.margin_months`), or the book's for a customer without
# one; the thinner a customer's margin, the more a bad debt of its costs.

# %%
margins = receivables.customer_margin(data, as_of, pol)
print(margins["margin_basis"].value_counts().to_string())
for q in (0.1, 0.5, 0.9):
    rate = float(margins["margin_rate"].quantile(q))
    print(f"{q:.0%} 的客户毛利率低于 {rate:.1%}：1 元坏账需要 {1 / rate:,.1f} 元新销售 / "
          f"{q:.0%} of customers buy at a gross margin below {rate:.1%}: 1 of bad debt needs {1 / rate:,.1f} of new sales")

# %% tags=["solution"]
# 练习 7.4：最大的沉默客户（`silent` 的第一行，按余额从大到小；没有沉默客户时，取 `aged` 中逾期金额最大的客户）永远不付款。
# 按该客户自己的毛利率（`margins` 中的 `margin_rate`），我们要卖多少才能把它的未收余额赚回来？赋给 `sales_to_recover`。
# Exercise 7.4: the largest silent debtor (the first row of `silent`, largest balance first; if there is
# none, the customer with the largest overdue amount in `aged`) never pays. How much must we sell, at that
# customer's own margin (its `margin_rate` in `margins`), to earn its open balance back? Assign it to
# `sales_to_recover`.
lost_id = silent.index[0] if len(silent) else aged["overdue"].idxmax()
lost = silent["total"].iloc[0] if len(silent) else aged["overdue"].max()
sales_to_recover = float(lost / margins.loc[lost_id, "margin_rate"])

# %%
training.check("07.sales_to_recover", sales_to_recover, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The collection worklist (催收工作清单)
#
# 每个有逾期应收账款的客户，按客户经理分组并按优先级排序：每个账龄段的逾期金额乘以其权重（`receivables.worklist_weights`），
# 所以陈欠排在前面。财务联系人和最近一次付款有助于准备电话。月度报告为每位客户经理在 Excel 中写一个工作表。
# Every customer with overdue receivables, ranked per account manager by priority: the overdue amount
# of each bucket times its weight (`receivables.worklist_weights`), so old debt comes first. The
# finance contact and the last payment help prepare the call. The monthly report writes one sheet per
# account manager to Excel.

# %%
work = receivables.worklist(data, as_of, pol, aged=aged)
first_manager = work["account_manager"].iloc[0]
work[work["account_manager"] == first_manager].head(8)[
    ["rank", "name", "priority", "overdue", "max_days_past_due", "contact_name", "contact_role", "last_payment"]]

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Collections as a system (催收体系：制度化、目标化、激励、评估)
#
# 工作清单告诉你给谁打电话，但它本身不会让钱进来。教材要求把催收建成一个由四部分组成的**体系**，工作簿为每部分都提供了工具：
# A worklist says whom to call; it does not make the money come in. The material asks for collections as a
# **system** of four parts, and the workbook has a tool for each:
#
# | 中文 | English | 工作簿中 in the workbook |
# |---|---|---|
# | 制度化 | 书面规则：逾期多少天由谁做什么 / written rules: who does what at how many days past due | dunning levels 催款等级 (`receivables.dunning`), letters 催款函 (`kam letters`), statement of account 对账单 (`kam statement`), disputes apart |
# | 目标化 | 每位客户经理一个回款目标 / a collection target per account manager | `receivables.collection_targets`（`collection_targets` 表或政策 table or the policy） |
# | 激励 | 按回款发奖励，对放任变老的欠款扣罚 / a bonus on cash collected, a deduction for debt left to grow old | 政策 policy `receivables.incentives` |
# | 评估 | 月度评估：每位客户经理的 DSO、平均逾期天数、CEI；每笔坏账由谁负责 / a monthly review: DSO, average days delinquent, CEI per manager; who answers for each bad debt | `receivables.collection_kpis`, the write-off register (坏账核销登记) |
#
# 规则中的数字（天数、比例、金额）由公司决定，不是方法规定的：政策为每一项提供了一个示例。
# The numbers of the rules (days, shares, amounts) are the company's choice, not the method's: the policy ships an
# example of each.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 制度化: the dunning levels (催款等级)
#
# 每个等级从某个逾期天数开始适用，规定行动、由谁执行和语气；有些等级要发催款函。客户的等级由它**最早的逾期欠款**决定
# （低于政策最低金额的小额尾款不升级）；尚未到期的付款承诺让它保持在低一级；**争议**中的金额不催收（单独列在 `disputed` 中）。
# Each level applies from a number of days past due and says the action, who acts and the tone; some levels send a
# letter. A customer's level is set by its **oldest overdue money** (a small remainder below the policy's minimum
# does not escalate it); a promise to pay not yet due holds it one level below; an amount under an open **dispute**
# is not chased (it is shown apart, in `disputed`).

# %%
levels = pd.DataFrame(pol["receivables"]["dunning"]["levels"])
levels[["name_zh", "name", "from_days", "action", "actor", "tone", "letter"]]

# %%
dun = receivables.dunning(data, as_of, pol)
dun[["name", "account_manager", "dunning_level", "actor", "letter", "days_past_due", "overdue", "disputed",
     "held_by_promise", "moved_up"]].head(8)

# %% tags=["solution"]
# 练习 7.5：本月的催款函。根据 `dun`，数一数催款等级要发催款函（letter 列不为空）的客户。把个数赋给 `letters_due`。
# Exercise 7.5: this month's letters. From `dun`, count the customers whose dunning level sends a letter (the
# column letter is not empty). Assign the count to `letters_due`.
letters_due = int(dun["letter"].notna().sum())

# %%
training.check("07.letters_due", letters_due, (data, as_of))

# %% [markdown]
# 每个等级的客户，以及自上月以来升级了多少（本月的升级）：
# The customers at each level, and how many moved up since last month (the escalations of this month):

# %%
dun.groupby("dunning_level", sort=False).agg(customers=("name", "size"), moved_up=("moved_up", "sum"),
                                             overdue=("overdue", "sum"))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Letters the company writes (催款函)
#
# `kam letters --period YYYY-MM` 为等级带催款函的每个客户写一封 Word 催款函，使用客户的语言（中文、英文或双语），列出逾期发票
# （扣除争议部分）、合计、期限和公司的银行账户，并附一个登记簿工作簿，放在 `reports/<period>/letters/` 下。措辞由公司决定：复制下面的模板文件夹，
# 修改文字（jinja2：`{{ customer.name }}`、`{{ total }}`、`{{ deadline }}` ……），并在政策中写明文件夹（`receivables.letters.template_dir`）。
# 来自数据的文字（客户名称）按原样写入，绝不作为模板运行。政策中的公司名称和银行账户在公司填写之前只是占位符。
# `kam letters --period YYYY-MM` writes one Word letter per customer whose level has a letter, in the customer's
# language (Chinese, English or both), listing the overdue invoices (less what is disputed), the total, the deadline
# and the company's bank details, with a register workbook, under `reports/<period>/letters/`. The wording is the
# company's: copy the folder of templates below, edit the text (jinja2: `{{ customer.name }}`, `{{ total }}`,
# `{{ deadline }}` ...), and name the folder in the policy (`receivables.letters.template_dir`). Text from the data
# (a customer's name) is written as it is and never run as a template. The company's name and bank account in the
# policy are placeholders until the company fills them in.

# %%
print(sorted(p.name for p in TEMPLATE_DIR.glob("*.j2")))
print((TEMPLATE_DIR / "formal.zh.j2").read_text(encoding="utf-8")[:400])

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Disputes apart, and the statement of account (争议款项与对账单)
#
# 对发票有争议的客户（少交货、价格错误），就这部分金额而言不是拖欠者：争议有负责人，要去解决，而不是催款。案例客户的未结争议：
# A customer who disputes an invoice (short delivery, wrong price) is not a late payer for that amount: the dispute
# has an owner and is settled, not dunned. The open disputes of the case account:

# %%
disputes = receivables.open_disputes(data, as_of)
disputes.loc[disputes["customer_id"] == cid, ["invoice_id", "days_past_due", "open_amount", "disputed",
                                               "dispute_reason", "days_open", "owner"]]

# %% [markdown]
# **对账单**列出当月从期初余额到期末余额之间的发票、贷项和付款，附账龄，以及一个由客户签字寄回的栏目：双方确认的余额是每一次催收电话和
# 日后任何索赔的依据。`kam statement --customer ID --period YYYY-MM` 生成 Excel 和 Word 版本；`--key-accounts` 每月为每个重点客户各生成一份。
# The **statement of account** (对账单) lists the month's invoices, credit notes and payments from the opening to the
# closing balance, with its aging and a block the customer signs and returns: a balance both sides confirm is the
# basis of every collection call and of any later claim. `kam statement --customer ID --period YYYY-MM` writes it
# as Excel and Word; `--key-accounts` writes one for every key account each month.

# %%
st = receivables.statement(data, cid, period, pol)
print(f"opening {st.opening_balance:,.2f} + invoiced {st.invoiced:,.2f} - credited {st.credited:,.2f} "
      f"- paid {st.paid:,.2f} = closing {st.closing_balance:,.2f}")
st.lines.tail(6)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 目标化 and 激励: targets and incentives (回款目标与激励机制)
#
# 每位客户经理每月有一个回款目标。政策中的激励（只是示例，由公司决定，是内部衡量，未经人力资源和法务审核不是薪酬规则）：
# 当达成率（回款 ÷ 目标）达到 `min_achievement` 时，发放回款额 `collected_share` 的**奖励**，再减去该客户经理逾期超过 `penalty_days`
# 天的应收账款的 `penalty_share` 作为**扣罚**。
# Each account manager has a collection target for the month. The policy's incentive (an example, the company's
# choice and an internal measure, not a pay rule without HR and legal review): a **bonus** of `collected_share` of
# the cash collected, paid only when the achievement (collected ÷ target) reaches `min_achievement`, less a
# **deduction** of `penalty_share` of the manager's receivables more than `penalty_days` past due.

# %%
print(pol["receivables"]["incentives"])
targets = receivables.collection_targets(data, as_of, pol)
targets[["target_source", "target", "collected", "achievement", "past_due_receivables"]]

# %% tags=["solution"]
# 练习 7.6：取 `targets` 中 past_due_receivables 最大的客户经理，计算净激励：奖励（达成率 >= min_achievement 时为
# collected × collected_share，否则为 0）减去扣罚（past_due_receivables × penalty_share），保留到分。赋给 `net_incentive`。
# Exercise 7.6: take the account manager with the largest past_due_receivables in `targets`. Compute the net
# incentive: bonus (collected x collected_share if achievement >= min_achievement, else 0) minus the deduction
# (past_due_receivables x penalty_share), to the cent. Assign it to `net_incentive`.
inc = pol["receivables"]["incentives"]
row = targets.sort_values("past_due_receivables", ascending=False).iloc[0]
bonus = round(row["collected"] * inc["collected_share"], 2) if row["achievement"] >= inc["min_achievement"] else 0.0
net_incentive = round(bonus - round(row["past_due_receivables"] * inc["penalty_share"], 2), 2)

# %%
training.check("07.net_incentive", net_incentive, (data, as_of))

# %% [markdown]
# 应收账款页面显示的每位客户经理的激励：把钱收回来、却放任陈欠变老的客户经理，月底可能是扣罚。
# Every manager's incentive as the receivables page shows it: a manager who brings cash in but lets old debt grow
# can end the month with a deduction.

# %%
targets[["achievement", "bonus", "deduction", "net_incentive"]]

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 评估: the monthly review (评估指导)
#
# 按客户经理：DSO、**最佳可能 DSO**（只算未到期的应收账款：仅按账期会得到的天数）、**平均逾期天数**（ADD = DSO − 最佳可能 DSO：
# 客户平均晚付的天数）以及 CEI。ADD 高而最佳可能 DSO 正常，说明是拖欠，而不是账期长。
# Per account manager: DSO, the **best-possible DSO** (only the receivables not yet due: what the terms alone would
# give), the **average days delinquent** (ADD = DSO − best-possible DSO: the days customers pay late on average) and
# the CEI. A high ADD with a normal best-possible DSO is late payment, not long terms.

# %%
receivables.collection_kpis(data, as_of, pol, by="account_manager")[["dso", "best_possible_dso", "add", "cei"]]

# %% [markdown]
# 已经损失的欠款由谁负责：**坏账核销登记**把每笔核销在负责该客户的客户经理和当天生效额度的审批人之间分摊（额度内按政策比例；
# 超出额度的部分由经办人单独承担），并给出按客户自己的毛利率赚回它所需的销售额。这种分摊是内部衡量：在许多法域，员工对坏账的个人责任受法律限制。
# And who answers for the debts that were lost: the **write-off register** (坏账核销登记) splits each write-off between
# the account manager who handled the customer and the approver of its limit in force that day (the policy's shares
# within the limit; the part above the limit the handler alone), and says the sales that earn it back at the
# customer's own margin. The split is an internal measure: in many jurisdictions an employee's personal liability
# for a bad debt is limited by law.

# %%
register = kt.credit.write_off_register(data, as_of, pol)
register[["name", "written_off_on", "amount", "handled_by", "limit_approved_by", "above_limit", "handler_amount",
          "approver_amount", "sales_to_recover"]]

# %%
kt.credit.accountability_by_person(register)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Take-aways (本课要点)
#
# * 账龄是一切的基础：坏账准备、催收优先级、信用额度的复审。
#   Aging is the basis of everything else: provisions, priorities, the re-review of credit limits.
# * DSO 说明有多少天的销售额没有收回；CEI 说明可收回的金额中收回了多少。
#   DSO tells how many days of sales are unpaid; CEI how much of what could be collected was.
# * 坏账准备随账龄增加；超过一年的欠款全额计提。
#   Provisions grow with age; a debt over a year old is provided in full.
# * 沉默客户和工作清单的前几名，就是本周要打的电话。
#   Silent debtors and the top of the worklist are this week's calls.
# * 催收是一个体系：书面的催款等级和催款函（制度化）、每位客户经理一个目标（目标化）、回款奖励和陈欠扣罚（激励）、
#   每月评估 DSO、ADD 和每笔核销（评估）。
#   Collections is a system: written dunning levels and letters (制度化), a target per manager (目标化), a bonus on
#   cash and a deduction for old debt (激励), a monthly review of DSO, ADD and every write-off (评估).
#
# 下一课：第8课，一个重点客户的账户计划。Next: lesson 8, the plan for one key account.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Judgment — what would you do, and why? (判断练习：你会怎么做，为什么？)
#
# 本课程的案例客户在账上的情况：按账龄的应收账款，以及过去一年中有几个月末处于逾期状态。
# The case account (案例客户) of the course in the ledger: its receivables by age, and how often it was overdue at a
# month end in the last year.

# %%
case_limits = kt.credit.limits(data, as_of, pol).loc[cid]
aged.loc[[cid]] if cid in aged.index else "nothing open"

# %%
case_name = data.customers.set_index("customer_id").loc[cid, "name"]
finance = data.contacts.loc[(data.contacts["customer_id"] == cid)
                            & data.contacts["role"].str.contains("financ", case=False, na=False), "role"]
print(f"{case_name}: 近12个月末中有 {case_limits['overdue_month_ends_12m']:.0f} 个逾期；今天逾期 {case_limits['overdue']:,.0f}，"
      f"最早的逾期 {case_limits['max_days_past_due']:.0f} 天；财务联系人 {', '.join(finance) or '无'}\n"
      f"{case_name}: overdue at {case_limits['overdue_month_ends_12m']:.0f} of the last 12 month ends; "
      f"{case_limits['overdue']:,.0f} overdue today, the oldest {case_limits['max_days_past_due']:.0f} days past due; "
      f"finance contact on file: {', '.join(finance) or 'none'}")

# %% [markdown]
# **The decision.** 案例客户付款，但月复一月地晚付。它的客户经理说：“别惹他们。他们最后总会付的，而且他们是我们最大的客户。”
# The case account pays, but late, month after month. Its account manager says: "Don't upset
# them. They always pay in the end, and they are our biggest customer."
#
# *这个月你怎么做：谁打给谁、要求什么、是否暂停发货？公司的催收方式（制度化 / 目标化 / 激励 / 评估）要怎样改，才能让大客户拖款不再只靠某一位客户经理的个人判断？*
# *What do you do this month: who calls whom, what do you ask for, do you hold deliveries? And what would you change
# in how the company collects (rules, targets, incentives, reviews: 制度化 / 目标化 / 激励 / 评估) so that a big
# customer paying late is not left to one account manager's judgment?*

# %% [markdown] tags=["judgment"]
# **My decision (我的决定):** …
#
# **Why (理由):** …
#
# **What would change my mind (什么会让我改变决定):** …
