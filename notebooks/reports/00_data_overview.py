# %% [markdown] tags=["zh"]
# # 数据概览
#
# 本报告所用数据库中的内容：有哪些数据表、各有多少行、覆盖哪些月份，客户资料是否完整，以及缺少的数据会影响哪些数字。请先读这一页：报告其他各页都建立在这些数据之上。

# %% [markdown] tags=["en"]
# # Data overview
#
# The data this report rests on: tables, rows, the months covered, how complete the customer book is, and what the missing data means for the numbers. Read this first: every other page of the report rests on these tables.

# %% tags=["parameters"]
period: str = ""  # report month YYYY-MM; empty: latest complete month of the data
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
policy: str = ""  # YAML policy file overriding the defaults; empty: shipped defaults
language: str = ""  # zh, en or both; empty: the policy's report.language
output_dir: str = ""  # folder for Excel files written by this notebook; empty: reports/scratch/
shared: str = ""  # the report run's limits and headline numbers, computed once for every page; empty: computed here

# %%
from html import escape
from urllib.parse import quote

from IPython.display import HTML

import kamtools as kt
from kamtools import credit, paths
from kamtools.output.excel import write_workbook
from kamtools.output.labels import Text, pick
from kamtools.report import report_context

ctx = report_context(period, db, policy, language=language, shared=shared)
data, period, start, as_of = ctx.data, ctx.period, ctx.start, ctx.as_of
kt.tables.note(f"Report period {period}: {start} to {as_of}", zh=f"报告期 {period}：{start} 至 {as_of}")

# %%
head = ctx.kpis()  # the report's headline numbers: the same on every page
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
# 报告读取的每张可选数据表和每个可以留空的字段：全部缺失，或近12个月有采购的客户中有一部分缺失时，说明会削弱哪一页的哪些数字，由谁补齐（信用部门或客户经理），其中有多少重点客户，并列出前10家；完整的客户清单在本节的Excel文件中。

# %% [markdown] tags=["en"]
# ## What is missing and what it means for the numbers
#
# Each optional table, and each column a company may leave empty, that the report reads: missing altogether, or missing for some of the customers that bought in the last 12 months, with the numbers of the pages it weakens, who fills the gap (the credit department or the account manager), how many key accounts lack it and the first 10 of them; the whole list of customers is in the Excel file of this section.

# %%
limits = ctx.limits()  # credit.limits(data, as_of, policy), as on the credit page
lacking = kt.overview.gap_customers(data, as_of, ctx.policy, limits=limits)
follow = kt.overview.gap_followups(lacking, limits, ctx.policy, as_of=as_of)
for gap, en, zh in gaps[["en", "zh"]].itertuples():
    display(kt.tables.note(en, zh=zh))
    if gap in follow.index:
        display(kt.tables.note(follow.at[gap, "en"], zh=follow.at[gap, "zh"]))
if len(lacking):
    gap_names = {g: (g, g) for g in lacking["data"].unique()} | {
        "financials": ("No financial statements", "没有财务报表"), "credit_factors": ("Never assessed", "从未做过信用评估"),
        "credit_limits": ("No approved limit", "没有已批信用额度"), "activities": ("No selling activity", "没有销售活动记录"),
        "customers.payment_terms_days": ("No payment terms", "没有付款期限"),
        "customers.wallet_estimate": ("No wallet estimate", "没有采购潜力估计"),
        "customers.relationship": ("No relationship data", "缺少关系状态、关系层级或吸引力")}
    sheets = {pick(*gap_names[g]): t.drop(columns=["data", "owner", "owner_zh"]).set_index("customer_id")
              .assign(owner=pick(t["owner"].iloc[0], t["owner_zh"].iloc[0]))
              for g, t in lacking.groupby("data", sort=False)}
    book = write_workbook(paths.output_folder(output_dir) / f"data_gaps_{period}.xlsx", sheets,
                          money_columns=["revenue_12m", "exposure"], freeze_first_column=True, labels=True)
    display(HTML('<p class="note">' + escape(pick(
        f"The whole list of the {lacking['customer_id'].nunique():,} customers behind these gaps, one sheet per gap: ",
        f"以上缺失涉及的{lacking['customer_id'].nunique():,}家客户的完整清单（每类缺失一个工作表）："))
        + f'<a href="{escape(quote(book.name))}">{escape(book.name)}</a></p>'))
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
