# %% [markdown] tags=["zh"]
# # 数据概览
#
# 本报告所用数据库中的内容：有哪些数据表、各有多少行、覆盖哪些月份，客户资料是否完整，以及缺少的数据会影响哪些数字。请先读这一页：报告其他各页都建立在这些数据之上。

# %% [markdown] tags=["en"]
# # Data overview
#
# What the store holds for this report: tables, rows, the months covered, how complete the customer book is, and what the missing data means for the numbers. Read this first: every other page of the report rests on these tables.

# %% tags=["parameters"]
period: str = ""  # report month YYYY-MM; empty: latest complete month of the data
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
policy: str = ""  # YAML policy file overriding the defaults; empty: shipped defaults
language: str = ""  # zh, en or both; empty: the policy's report.language

# %%
import kamtools as kt
from kamtools.output.labels import Text
from kamtools.report import report_context

ctx = report_context(period, db, policy, language=language)
data, period, start, as_of = ctx.data, ctx.period, ctx.start, ctx.as_of
kt.tables.note(f"Report period {period}: {start} to {as_of}", zh=f"报告期 {period}：{start} 至 {as_of}")

# %%
head = kt.kpis(data, as_of, ctx.policy)  # the report's headline numbers: the same on every page
counts = kt.overview.table_counts(data)
gaps = kt.overview.gaps(data, as_of, ctx.policy)
missing = Text(
    f"{len(gaps):,} kinds of data are missing or incomplete: below, what each means for the numbers."
    if len(gaps) else "Nothing the report reads is missing.",
    f"有 {len(gaps):,} 类数据缺失或不完整，下文逐项说明对各项数字的影响。" if len(gaps) else "报告所需的数据没有缺失。",
)
kt.headlines.sentence(head, "The store holds {customers:,} customers and {invoices:,} invoices and credit notes; "
                      "{revenue_month:window}: revenue {revenue_month} from {buyers_month} buying customers. {missing}",
                      zh="数据库中有 {customers:,} 家客户、{invoices:,} 张发票和红字发票；{revenue_month:window}："
                      "收入 {revenue_month}，来自 {buyers_month} 家采购客户。{missing}",
                      customers=int(counts.loc["customers", "rows"]), invoices=int(counts.loc["invoices", "rows"]),
                      missing=missing)

# %% [markdown] tags=["zh"]
# ## 缺少什么，对数字有何影响
#
# 报告读取的每张可选数据表和每个可以留空的字段：全部缺失，或近12个月有采购的客户中有一部分缺失时，说明会削弱哪一页的哪些数字。

# %% [markdown] tags=["en"]
# ## What is missing and what it means for the numbers
#
# Each optional table, and each column a company may leave empty, that the report reads: missing altogether, or missing for some of the customers that bought in the last 12 months, with the numbers of the pages it weakens.

# %%
for en, zh in gaps[["en", "zh"]].itertuples(index=False):
    display(kt.tables.note(en, zh=zh))
if gaps.empty:
    display(kt.tables.note("Every table and column the report reads is there for every buying customer.",
                           zh="报告读取的每张数据表和每个字段，所有采购客户都有。"))

# %% [markdown] tags=["zh"]
# ## 数据表与行数

# %% [markdown] tags=["en"]
# ## Tables and rows

# %%
kt.tables.style(counts)

# %% [markdown] tags=["zh"]
# ## 覆盖月份
#
# 截至报告月的每月发票、红字发票和收款：表中列出最近13个月（报告月和去年同月），图中为最近24个月。某个月出现空缺或突然下降，通常说明导出的数据不完整，而不是业务发生了变化。

# %% [markdown] tags=["en"]
# ## Months covered
#
# Invoices, credit notes and payments per month up to the report period: the table shows the last 13 months (the report month and the same month a year earlier), the chart the last 24. A gap or a sudden drop usually means an incomplete export rather than a change in the business.

# %%
monthly = kt.overview.monthly_activity(data, as_of, months=24)
kt.tables.style(monthly.tail(13))

# %%
ax = kt.plots.monthly_activity(monthly, policy=ctx.policy)
kt.plots.show(ax, kt.plots.monthly_activity_reading(monthly, policy=ctx.policy))

# %%
kt.headlines.sentence(head, "The amount invoiced in {revenue_month:window}, net of credit notes, is the revenue of the "
                      "month on every page: {revenue_month}, from {buyers_month} buying customers.",
                      zh="{revenue_month:window} 的开票金额（扣除红字发票）就是各页所说的本月收入：{revenue_month}，"
                      "来自 {buyers_month} 家采购客户。")

# %% [markdown] tags=["zh"]
# ## 客户资料完整度
#
# 有各类辅助数据的客户占比。信用等级需要财务报表和定性评估；额度需要已批准的信用额度。

# %% [markdown] tags=["en"]
# ## Completeness of the customer book
#
# Share of customers with each kind of supporting data. Credit grades need financial statements and a qualitative assessment; limits need an approved credit limit.

# %%
kt.tables.style(kt.overview.coverage(data))
