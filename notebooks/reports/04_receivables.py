# %% [markdown] tags=["zh"]
# # 应收账款
#
# 客户欠我们多少、欠了多久、哪些是今年开票的、哪些是往年的，哪些欠款客户已经没有动静，要计提多少坏账准备，先给谁打电话（应收账款管理）。回款按注明的发票核销，未注明发票的按到期日从早到晚核销；客户多付、超出其全部未结发票的部分列为未核销预收款，不会丢失。所有标准都来自政策文件的应收账款部分。

# %% [markdown] tags=["en"]
# # Receivables
#
# How much is owed to us, since when, which part was invoiced this year and which earlier, which debtors
# have gone silent, what to provide for, and whom to call first. Payments settle the invoice
# they name, anything else settles the oldest due date first; what a customer paid beyond all its open
# invoices is shown as unapplied credit, never lost. All thresholds come from the receivables section of
# the policy.

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
from kamtools import credit, paths, receivables
from kamtools.output.currency import short_amount
from kamtools.output.labels import Text, column
from kamtools.output.worklists import worklist_workbook
from kamtools.output.calendar_files import write_calendar_files
from kamtools.report import report_context
from kamtools.report.decision import owner_and_due
from kamtools.report.page_decisions import show_page_decisions
from kamtools.text import num

ctx = report_context(period, db, policy, language=language, shared=shared)
data, period, as_of, pol = ctx.data, ctx.period, ctx.as_of, ctx.policy
folder = paths.output_folder(output_dir)
names = data.customers.set_index("customer_id")["name"]
pd.options.display.float_format = "{:,.2f}".format
ag = receivables.aging(data, as_of, pol["receivables"]["buckets"])
head = ctx.kpis()  # the report's headline numbers: the same on every page
silent = receivables.silent_debtors(data, as_of, pol, aged=ag)
work = receivables.worklist(data, as_of, pol, aged=ag)
# the legal cases (an invoice past the policy's legal days): their limits withdrawn, handed to collections or legal
# action, marked for legal follow-up on the worklists; the account managers call the others, the first of them first
legal = credit.legal_cases(data, as_of, pol, lim=ctx.limits())
first_call = work[work["follow_up"].eq("call")].sort_values("priority", ascending=False, kind="stable").head(1)
kt.headlines.sentence(
    head,
    "On {open_receivables:window} {open_receivables} is owed to us, {overdue} ({overdue_share}) of it overdue; DSO "
    "is {dso} ({dso:change} on the month before) and CEI {cei}; {silent:,} debtors have gone silent owing "
    "{silent_owed}; {calls:,} customers are on the collection worklists, {legal:,} of them for legal follow-up; "
    "the account managers call {first} first.",
    zh="截至{open_receivables:window}，应收账款余额{open_receivables}，其中逾期{overdue}（{overdue_share}）；DSO为{dso}"
    "（比上月{dso:change}），CEI为{cei}；{silent:,}家欠款客户已没有动静，共欠{silent_owed}；{calls:,}家客户列入催收"
    "清单，其中{legal:,}家由法务跟进；客户经理首先联系{first}。",
    silent=len(silent), silent_owed=Text(short_amount(float(silent["total"].sum()), "en", pol),
                                         short_amount(float(silent["total"].sum()), "zh", pol)), calls=len(work),
    legal=int(work["follow_up"].eq("legal").sum()),
    first=Text(", ".join(f"{row['name']} ({cid})" for cid, row in first_call.iterrows()) or "–",
               "、".join(f"{row['name']}（{cid}）" for cid, row in first_call.iterrows()) or "–"),
)

# %%
# what this page asks of its readers, with who decides and by when: the lines of the index that point here
display(show_page_decisions(ctx, "04_receivables"))
# a long list shows its first rows and the customers the index names; the whole list is in its workbook
preview = 5
on_index = [d.customer_id for d in ctx.decisions() if d.customer_id]

# %% [markdown] tags=["zh"]
# ## 账龄
#
# 每个客户的未收应收账款按逾期天数分段（“未到期”即尚未到期；逾期天数恰好落在分段边界上的，计入以该边界结束的一段，例如逾期30天计入1–30天）。客户提出争议、尚未解决的金额单列为“争议金额”：计入余额，但不计入任何账龄分段和逾期金额。逾期余额最大的排在前面。

# %% [markdown] tags=["en"]
# ## Aging
#
# Open receivables per customer by days past due (not yet due, then the buckets; a due date exactly on an edge
# counts in the bucket that edge closes, e.g. 30 days in 1–30). What a customer disputes, while the dispute is
# open, is shown apart as "Disputed": in the total, in no bucket and not overdue. The largest overdue balances first.

# %%
kt.tables.top(ag[ag["total"] != 0], "overdue", preview, names=names, excel=folder / f"aging_{period}.xlsx",
              what="debtors", what_zh="欠款客户", also={("Legal cases", "移交法务"): legal})

# %%
managers = data.customers.set_index("customer_id")["account_manager"]
ax = kt.plots.aging_stack(ag, group=managers, policy=pol)
kt.plots.show(ax, kt.plots.aging_stack_reading(ag, group=managers, policy=pol))
book = receivables.aging_summary(ag)
kt.headlines.sentence(head, "{open_receivables} is owed by {debtors:,} customers on {open_receivables:window}; {overdue} "
                      "({overdue_share}) is overdue and {old} more than {old_days} days past due. Unapplied customer "
                      "credit: {unapplied}.",
                      zh="截至{open_receivables:window}，{debtors:,}家客户欠款{open_receivables}；其中逾期{overdue}"
                      "（{overdue_share}），逾期超过{old_days}天的{old}。客户未核销预收款：{unapplied}。",
                      debtors=book.debtors, old=Text(short_amount(float(book.old), "en", pol), short_amount(float(book.old), "zh", pol)),
                      old_days=book.old_after_days,
                      unapplied=Text(short_amount(float(book.unapplied_credit), "en", pol),
                                     short_amount(float(book.unapplied_credit), "zh", pol)))

# %% [markdown] tags=["zh"]
# ## 账龄（按开票日）与逾期（按到期日）
#
# 同一笔应收账款有两种看法：**逾期**按到期日计算，说明客户拖欠了多久（上面的账龄表、催收清单、催款等级和坏账准备都按逾期计算）；**账龄**按开票日计算，说明这笔钱已经被占用了多久，不论给了多长的账期。两者用同样的分段天数。按开票日的分段包括争议金额（资金同样被占用）；两种看法的逾期金额和最长逾期天数都不含争议金额，与上面的账龄表相同。政策中的“账龄口径”一项决定本节先列哪一种。

# %% [markdown] tags=["en"]
# ## Aging by invoice date and by due date
#
# The same receivables seen two ways: **days past due** say how late the customer is (the aging above, the
# worklists, the dunning levels and the provisions count them); **days since invoiced** say how long the money
# has been out, whatever the terms granted. Both use the same edges. The buckets by invoice date include what is
# disputed (the money is out all the same); the overdue amount and the most days past due leave it out in both, as
# the aging above does. The policy's aging basis says which of the two this section shows first.

# %%
from kamtools.output.labels import pick

basis = pol["receivables"]["aging_basis"]
ag_invoice = receivables.aging(data, as_of, pol["receivables"]["buckets"], basis="invoice")
by_basis = {"invoice": receivables.aging_totals(ag_invoice), "due": receivables.aging_totals(ag)}
captions = {"invoice": ("By invoice date: days since invoiced", "按开票日（账龄）：开票至今天数"),
            "due": ("By due date: days past due", "按到期日（逾期）：逾期天数")}
for b in [basis, *(x for x in ("due", "invoice") if x != basis)]:
    display(kt.tables.style(by_basis[b], caption=pick(*captions[b])))

# %%
kt.tables.top(ag_invoice[ag_invoice["total"] != 0], "total", preview, names=names,
              excel=folder / f"aging_by_invoice_date_{period}.xlsx", what="debtors", what_zh="欠款客户")

# %%
old_days = receivables.aging_summary(ag).old_after_days
older = [c for c in by_basis["invoice"].index if int(c.split("_")[0][3:]) > old_days]
old_by_age = float(by_basis["invoice"].loc[older, "receivables"].sum())
old_share_age = f"{num(old_by_age / book.total if book.total else 0):.1%}".replace("%", " %")
kt.tables.note(f"By invoice date, {short_amount(old_by_age, 'en', pol)} ({old_share_age}) of what is owed was invoiced "
               f"more than {old_days} days ago; by due date {short_amount(float(book.old), 'en', pol)} is more than "
               f"{old_days} days past due. The difference is debt still within long terms: money out all the same. "
               f"Every customer's aging by invoice date: aging_by_invoice_date_{period}.xlsx.",
               zh=f"按开票日计算，应收账款中有{short_amount(old_by_age, 'zh', pol)}（{old_share_age}）开票已超过{old_days}天；"
               f"按到期日计算，逾期超过{old_days}天的为{short_amount(float(book.old), 'zh', pol)}。两者之差是仍在长账期内的欠款："
               f"资金同样被占用。各客户按开票日的账龄见aging_by_invoice_date_{period}.xlsx。")

# %% [markdown] tags=["zh"]
# ## 争议
#
# 客户提出、尚未解决的争议（价格、数量、质量、交货等）：争议金额不催收、不计入催收等级和冻结所看的逾期，按政策规定的比例个别计提坏账准备，由负责人尽快解决。争议金额最大的排在前面。

# %% [markdown] tags=["en"]
# ## Disputes
#
# Disputes the customers raised that are still open (price, quantity, quality, delivery): the disputed amount is
# not chased, not in the dunning levels or the overdue the holds look at, and provided for at the policy's rate;
# its owner resolves it. The largest disputed amounts first.

# %%
disputes = receivables.open_disputes(data, as_of)  # the largest disputed amount first
disputes.index = pd.RangeIndex(1, len(disputes) + 1, name="rank")
display(kt.tables.note(  # two amounts of one dispute: what the customer claims, what it holds apart
    f"Two amounts per dispute: \"{column('dispute_amount', 'en')}\" is what the customer disputes, as recorded; "
    f"\"{column('disputed', 'en')}\" is the part of it the invoice still has open (0 once the invoice is paid): the "
    "amount held apart in the aging, in the provisions and in the totals of this page.",
    zh=f"每项争议有两个金额：“{column('dispute_amount', 'zh')}”是客户提出争议时登记的金额；“{column('disputed', 'zh')}”"
    "是其中该发票尚未付清的部分（发票付清后为0），即账龄中单列、计提坏账准备以及本页合计所用的金额。"))
kt.tables.top(disputes, "disputed", preview, what="open disputes", what_zh="未解决争议", unit_zh="项",
              excel=folder / f"disputes_{period}.xlsx")

# %%
from kamtools.output.labels import value as label_of

held = disputes[disputes["disputed"] > 0]
paid_up = len(disputes) - len(held)  # open on invoices already paid: nothing held, to be closed
oldest = held.sort_values("days_open", ascending=False, kind="stable").head(1)
disputed_total = float(held["disputed"].sum())
dispute_rate = f"{float(pol['receivables']['specific_provisions']['disputes']):.0%}".replace("%", " %")
owner = {lang: "–" if oldest.empty or pd.isna(oldest["owner"].iloc[0]) else label_of("owner", oldest["owner"].iloc[0], lang)
         for lang in ("en", "zh")}
kt.tables.note(
    f"{len(disputes):,} open disputes of {disputes['customer_id'].nunique():,} customers hold "
    f"{short_amount(disputed_total, 'en', pol)} of the receivables apart: not overdue, not chased, provided for at "
    f"{dispute_rate}."
    + (f" {paid_up:,} of them are on invoices already paid and hold nothing: their owners close them." if paid_up else "")
    + (f" The oldest, {oldest['invoice_id'].iloc[0]} of {oldest['name'].iloc[0]}, has been open "
       f"{int(oldest['days_open'].iloc[0])} days: its owner ({owner['en']}) settles it "
       "with the customer, by a credit note naming the invoice or by confirming the amount, and closes it."
       if len(oldest) else ""),
    zh=f"{disputes['customer_id'].nunique():,}家客户的{len(disputes):,}项未解决争议，涉及应收账款"
    f"{short_amount(disputed_total, 'zh', pol)}，单独列示：不计逾期、不催收，按{dispute_rate}计提坏账准备。"
    + (f"其中{paid_up:,}项的发票已付清，不再涉及金额：由负责人关闭。" if paid_up else "")
    + (f"最久的一项为{oldest['name'].iloc[0]}的发票{oldest['invoice_id'].iloc[0]}，已持续"
       f"{int(oldest['days_open'].iloc[0])}天：由负责人（{owner['zh']}）与客户解决"
       "（开具注明原发票的红字发票，或确认金额），并关闭争议。" if len(oldest) else ""))

# %% [markdown] tags=["zh"]
# ## 近12个月的DSO与回款效率
#
# DSO（应收账款周转天数）= 月末应收账款 / 最近若干天（天数由政策规定）的赊销额 × 天数。CEI（回款效率指数）=（期初应收账款 + 赊销额 − 期末应收账款）/（期初应收账款 + 赊销额 − 期末未到期应收账款）× 100：当月可以收回的款项中实际收回的比例。逾期金额与账龄表和首页相同，不含争议金额；争议金额单列（应收账款 = 未到期 + 逾期 + 争议金额）。

# %% [markdown] tags=["en"]
# ## DSO and collection effectiveness, last 12 months
#
# DSO (days sales outstanding) = receivables at the month end / credit sales of the last days the policy
# counts × those days. CEI (collection effectiveness index) = (opening receivables + credit sales − closing
# receivables) / (opening receivables + credit sales − closing current receivables) × 100: the share of what
# could be collected in the month that was collected. The overdue is the aging's and the summary's: without what is
# disputed, which is shown beside it (receivables = not yet due + overdue + disputed).

# %%
trend = receivables.monthly_trend(data, period, months=12, days=pol["receivables"]["dso_days"])
kt.tables.style(trend[["receivables", "overdue", "disputed", "credit_sales", "collected", "dso", "cei"]])

# %%
ax = kt.plots.dso_cei_trend(trend)
kt.plots.show(ax, kt.plots.dso_cei_trend_reading(trend))

# %% [markdown] tags=["zh"]
# ## 应收账款占客户总资产的比例
#
# 未收应收账款占客户最新财务报表中总资产的比例（有报表的客户）。欠我们的钱占其自身资产很大一部分的客户，一旦经营失败，可追回的就很少。

# %% [markdown] tags=["en"]
# ## Receivables against the customer's total assets
#
# Open receivables as a share of the customer's total assets in its latest statement (where known). A
# customer owing us a large part of its own assets leaves little to recover from if it fails.

# %%
to_assets = receivables.receivables_to_assets(data, as_of, aged=ag)
kt.tables.top(to_assets, "share", preview, names=names, what="debtors", what_zh="欠款客户",
              excel=folder / f"receivables_to_assets_{period}.xlsx")

# %%
known = to_assets["share"].notna()
heavy = int((to_assets["share"] > 0.1).sum())
kt.tables.note(f"Statements are known for {int(known.sum()):,} of {len(to_assets):,} debtors; "
               f"{heavy:,} of them owe us more than 10 % of their total assets"
               + (": the credit department checks their collateral and their latest statement before any "
                  "increase of their limits is approved." if heavy else "."),
               zh=f"{len(to_assets):,}家欠款客户中有{int(known.sum()):,}家有财务报表；其中"
               f"{heavy:,}家欠我们的款项超过其总资产的10 %"
               + ("：这些客户的额度如需上调，批准之前由信用部核查其担保和最新财务报表。" if heavy else "。"))

# %% [markdown] tags=["zh"]
# ## 应收账款占本公司总资产的比例
#
# 应收账款是我们自己资产的一部分：培训材料指出，应收账款通常占一家公司总资产的30–40 %。下表把未收应收账款与本公司在各报表日的总资产（以及营业收入）对比；这些数字由公司自行填写在政策中。

# %% [markdown] tags=["en"]
# ## Receivables against our own balance sheet
#
# Receivables are part of our own assets: the material notes that they are commonly 30–40 % of a company's total
# assets. The table sets the open receivables against our own total assets (and revenue) at each balance-sheet
# date; the figures are the company's own, entered in the policy (our own figures, in its receivables part).

# %%
from kamtools.policy import load_policy

own = receivables.own_balance_sheet(data, as_of, pol, aged=ag)
why = receivables.own_balance_sheet_reason(as_of, pol)
example = pol["receivables"]["company"] == load_policy()["receivables"]["company"]  # the shipped example figures
if own.empty:
    display(kt.tables.note(
        "Not configured: the policy holds no figures of our own balance sheet"
        + (" dated on or before the report" if why != "not configured" else "")
        + ". The finance department enters our total assets (and revenue) per balance-sheet date in the policy (our "
        "own figures, in its receivables part); this section then shows the share.",
        zh="未设置：政策中没有本公司" + ("在报告日之前的" if why != "not configured" else "") + "资产负债表数字。"
        "由财务部在政策中（应收账款部分的本公司财务数字）按报表日填写本公司总资产（及营业收入），本节随即显示该比例。"))
else:
    display(kt.tables.style(own.drop(columns=["typical_share_low", "typical_share_high"])))
    now = own.iloc[-1]
    low, high = (f"{num(v):.0%}".replace("%", " %") for v in (now["typical_share_low"], now["typical_share_high"]))
    pct = f"{num(now['receivables_share_of_assets']):.1%}".replace("%", " %")
    where_zh = {"below": "低于", "within": "处于", "above": "高于"}[now["typical_position"]]
    display(kt.tables.note(
        f"On {as_of:%Y-%m-%d} open receivables of {short_amount(float(now['receivables']), 'en', pol)} are {pct} of our "
        f"total assets of {now['period_end']:%Y-%m-%d}, {now['typical_position']} the typical {low}–{high} the material gives"
        + (": the finance manager reviews with the credit department whether terms and limits tie up too much of "
           "our capital." if now["typical_position"] == "above" else ".")
        + (" These are the EXAMPLE figures shipped with the workbook, not the company's: enter its own in the policy "
           "(our own figures, in its receivables part)." if example else ""),
        zh=f"截至{as_of:%Y-%m-%d}，未收应收账款{short_amount(float(now['receivables']), 'zh', pol)}，占本公司"
        f"{now['period_end']:%Y-%m-%d}总资产的{pct}，{where_zh}培训材料所说的常见范围{low}–{high}"
        + ("：由财务经理与信用部复核账期和额度是否占用了过多资金。" if now["typical_position"] == "above" else "。")
        + ("以上为工作簿自带的示例数字，并非本公司数字：请在政策中（应收账款部分的本公司财务数字）填写本公司数字。"
           if example else "")))

# %% [markdown] tags=["zh"]
# ## 按开票年度的应收账款
#
# 今年、去年和更早开出的发票中仍未收回的部分。往年结转的欠款最难收回。

# %% [markdown] tags=["en"]
# ## Receivables by year of origin
#
# What is still open from invoices issued this year, last year and earlier. Debt carried over from earlier
# years is the hardest to collect.

# %%
origin = receivables.by_origin_year(data, as_of)
kt.tables.top(origin, "older", preview, names=names, what="debtors", what_zh="欠款客户",
              excel=folder / f"receivables_by_year_{period}.xlsx")

# %%
years = receivables.origin_year_totals(origin)
opened = [(y, float(years.loc[y, "receivables"])) for y in origin.columns if y not in ("older", "total")]
older = float(years.loc["older", "receivables"])
older_share = f"{num(years.loc['older', 'share']):.1%}".replace("%", " %")
kt.tables.note("Open by year of origin: " + ", ".join(f"{y} {short_amount(v, 'en', pol)}" for y, v in opened)
               + f", older {short_amount(older, 'en', pol)} ({older_share} of the total: the hardest to collect)"
               + (". The finance manager reviews the debts carried over from earlier years with collections for "
                  "legal action or a provision; they are on the aging workbook." if older > 0 else "."),
               zh="按开票年度的未收金额：" + "，".join(f"{y}年{short_amount(v, 'zh', pol)}" for y, v in opened)
               + f"，更早的{short_amount(older, 'zh', pol)}（占总额的{older_share}，最难收回）"
               + ("。往年结转的欠款由财务经理与催收人员逐笔复核，决定走法律程序或计提坏账准备；明细见账龄工作簿。"
                  if older > 0 else "。"))

# %% [markdown] tags=["zh"]
# ## 移交法务
#
# 有发票逾期超过政策规定的法律程序天数的客户：额度撤销，停止赊销供货，欠款逐户移交催收或法律程序；催收清单上标为“法务跟进”，客户经理不再电话催收。逾期超过该天数的欠款最多的排在前面，并列出其坏账准备（按应收账款的计提比例）。

# %% [markdown] tags=["en"]
# ## Legal hand-over
#
# Customers with an invoice more days past due than the policy's legal days: their limits are withdrawn, supply on
# credit stops and each debt goes to collections or legal action; the worklists mark them for legal follow-up, the
# account managers no longer call them. The most owed past those days first, with the provision held against it
# (at the receivables page's rates).

# %%
legal_by = f"{pd.Timestamp(as_of) + pd.Timedelta(days=int(pol['report']['decisions']['legal_handover']['days'])):%Y-%m-%d}"
legal_days = int(pol["credit"]["limit"]["legal_days_past_due"])
past, past_prov = float(legal["past_legal_days"].sum()), float(legal["past_legal_provision"].sum())
display(kt.tables.note(
    f"{len(legal):,} customers have invoices more than {legal_days} days past due: {short_amount(past, 'en', pol)} "
    f"owed past those days, provided for with {short_amount(past_prov, 'en', pol)}; they owe "
    f"{short_amount(float(legal['receivables'].sum()), 'en', pol)} in all. The finance manager hands each to "
    f"collections or legal action by {legal_by}. The whole list: the sheet \"Legal cases\" of aging_{period}.xlsx."
    if len(legal) else f"No customer has an invoice more than {legal_days} days past due.",
    zh=f"{len(legal):,}家客户有发票逾期超过{legal_days}天：逾期超过该天数的欠款{short_amount(past, 'zh', pol)}，"
    f"已计提坏账准备{short_amount(past_prov, 'zh', pol)}；这些客户共欠{short_amount(float(legal['receivables'].sum()), 'zh', pol)}。"
    f"由财务经理在{legal_by}前逐户移交催收或法律程序。完整清单见aging_{period}.xlsx的“移交法务”表。"
    if len(legal) else f"没有客户的发票逾期超过{legal_days}天。"))
kt.tables.top(legal, "past_legal_days", preview, what="legal cases", what_zh="移交法务客户", keep=on_index)

# %% [markdown] tags=["zh"]
# ## 沉默欠款客户
#
# 有未结欠款、但在政策规定的月数内没有开票、回款或任何往来的客户：这些欠款最容易被遗忘。余额最大的排在前面。

# %% [markdown] tags=["en"]
# ## Silent debtors
#
# Customers with an open balance but no invoice, payment or activity for as many months as the policy sets:
# the debts most at risk of being forgotten. Largest balance first.

# %%
kt.tables.top(silent, "total", preview, what="silent debtors", what_zh="沉默欠款客户",
              excel=folder / f"silent_debtors_{period}.xlsx")

# %%
kt.tables.note(f"{len(silent):,} debtors have gone silent for {pol['receivables']['silent_months']} months or more, "
               f"owing {short_amount(float(silent['total'].sum()), 'en', pol)} between them.",
               zh=f"{len(silent):,}家欠款客户已有{pol['receivables']['silent_months']}个月或更久没有动静，"
               f"共欠{short_amount(float(silent['total'].sum()), 'zh', pol)}。")

# %% [markdown] tags=["zh"]
# ## 坏账准备
#
# 坏账准备按政策规定的计提账龄段和比例计提，与上面账龄表的分段无关（修改显示用的账龄分段不改变坏账准备）。另加个别计提：争议金额按其比例计提；沉默欠款客户和移交法务的客户，其余额至少按政策规定的比例计提。

# %% [markdown] tags=["en"]
# ## Provisions
#
# Bad-debt provision by the policy's own provision bands and rates, independent of the aging buckets above
# (editing the display buckets changes no provision). On top, the specific provisions: disputed amounts at
# their rate, and silent debtors and legal cases at least at their rates of the balance.

# %%
prov = receivables.provisions(data, pol, as_of=as_of, by="bucket")
kt.tables.style(prov)

# %%
each = receivables.provisions(data, pol, as_of=as_of)
specific = each[each["specific_provision"] > 0][
    ["receivables", "band_provision", "disputed", "specific_provision", "specific_reason", "provision"]]
kt.tables.top(specific, "specific_provision", preview, names=names, what="specific provisions", what_zh="个别计提",
              excel=folder / f"specific_provisions_{period}.xlsx")

# %%
provision, base = float(each["provision"].sum()), float(each["receivables"].sum())
rate = f"{num(provision / base if base else 0):.1%}".replace("%", " %")
_, change, month_before = receivables.provision_change(data, as_of, pol, each)  # booked this month (the index's line)
book_by = owner_and_due("provision_booking", as_of, pol)[1]
spec = float(each["specific_provision"].sum())
# customers written off as gone that still owe (the write-off section): their balance in full, if the reason stands
gone = credit.closed_but_trading(data, as_of, ag)
more = credit.closed_shortfall(gone, each["provision"])
gone_en = (f" If the write-offs of {len(gone):,} customers as bankrupt or ceased trading stand (the write-off section), "
           f"their balances are provided in full: about {short_amount(more, 'en', pol)} more." if more >= 0.5 else "")
gone_zh = (f"如{len(gone):,}家以破产或停业核销的客户核销原因属实（见坏账核销一节），其余额须全额计提，约再增加"
           f"{short_amount(more, 'zh', pol)}。" if more >= 0.5 else "")
kt.tables.note(f"Provision {short_amount(provision, 'en', pol)} against {short_amount(base, 'en', pol)} of "
               f"receivables ({rate}; {short_amount(spec, 'en', pol)} of it specific, for {len(specific):,} customers), "
               f"{'up' if change >= 0 else 'down'} {short_amount(abs(change), 'en', pol)} "
               f"on {month_before:%Y-%m-%d}: the finance manager books the {'increase' if change >= 0 else 'release'} "
               f"in this month's accounts by {book_by}, and the receivables above drive it: collecting the oldest debt "
               "lowers it most."
               + gone_en,
               zh=f"坏账准备{short_amount(provision, 'zh', pol)}，对应应收账款{short_amount(base, 'zh', pol)}（{rate}；"
               f"其中{len(specific):,}家客户个别计提{short_amount(spec, 'zh', pol)}），"
               f"比{month_before:%Y-%m-%d}{'增加' if change >= 0 else '减少'}{short_amount(abs(change), 'zh', pol)}："
               f"由财务经理在{book_by}前在本月账上{'补提' if change >= 0 else '冲回'}这一差额；收回账龄最长的欠款最能降低坏账准备。"
               + gone_zh)

# %% [markdown] tags=["zh"]
# ## 坏账核销与责任
#
# 已核销的坏账（核销登记表）：核销日期、金额、核销审批人和原因；每笔坏账由谁承担：在核销当日现行信用额度以内的部分，由经办人（当时负责该客户的客户经理）和额度审批人按政策规定的比例分担，超出批准额度的部分由经办人独自承担。分担比例是公司的选择，不是方法本身；它是内部的绩效考核指标——在许多司法管辖区，员工对坏账的个人赔偿责任受法律限制。每笔坏账还列出要靠多少新的销售额才能赚回：损失 ÷ 该客户自身的毛利率（无毛利数据的客户用全部客户的平均毛利率）。

# %% [markdown] tags=["en"]
# ## Write-offs and who answers for them
#
# The debts written off (the write-off register): date, amount, who approved the write-off and why; and who answers
# for each: the part within the credit limit in force on the day is split between the handler (the account manager
# who handled the customer) and the limit's approver by the policy's shares, the part above the approved limit is
# the handler's alone. The shares are the company's choice, not the method's; the split is an internal measure of
# performance — in many jurisdictions an employee's personal liability for a bad debt is limited by law. Each
# write-off also states the new sales that earn it back: the loss ÷ the customer's own gross margin (the book's
# margin for a customer with none).

# %%
register = credit.write_off_register(data, as_of, pol)
by_person = credit.accountability_by_person(register)
display(kt.tables.top(register, "amount", 15, excel=folder / f"write_offs_{period}.xlsx", what="write-offs",
                      what_zh="坏账核销", sheet=("Write-off register", "坏账核销登记"),
                      also={("Accountability per person", "个人责任"): by_person.reset_index()}))
kt.tables.style(by_person.head(15))

# %%
acc_shares = pol["credit"]["accountability"]
this_year = register[register["year"] == str(pd.Timestamp(as_of).year)]


def pct(share, digits=0):
    """A share as every page writes it: 30 %."""
    return f"{num(share):.{digits}%}".replace("%", " %")


own = register["margin_basis"].eq("own")
worst = register[register["sales_to_recover"] > 0].sort_values("sales_to_recover", ascending=False, kind="stable").head(1)
w_en = w_zh = ""
for cid, row in worst.iterrows():
    w_en = (f" The hardest to earn back: {row['name']} ({cid}), {short_amount(row['amount'], 'en', pol)} at a margin of "
            f"{pct(row['margin_rate'], 1)}: to earn this loss back we need "
            f"{short_amount(row['sales_to_recover'], 'en', pol)} of sales, {1 / row['margin_rate']:,.0f} times the loss "
            "(the loss divided by the margin rate).")
    w_zh = (f"其中需要最多销售额弥补的：{row['name']}（{cid}），核销{short_amount(row['amount'], 'zh', pol)}，毛利率"
            f"{pct(row['margin_rate'], 1)}：要赚回这笔损失，需要"
            f"{short_amount(row['sales_to_recover'], 'zh', pol)}的销售额，是损失的{1 / row['margin_rate']:,.0f}倍（损失除以毛利率）。")
kt.tables.note(
    f"{len(register):,} write-offs on record, {short_amount(float(register['amount'].sum()), 'en', pol)} in all; "
    f"{len(this_year):,} of them this year ({short_amount(float(this_year['amount'].sum()), 'en', pol)}). Within the "
    f"limit the handler bears {pct(acc_shares['handler_share_within_limit'])} and the limit's approver "
    f"{pct(acc_shares['approver_share_within_limit'])} (the company's choice), above it the handler all; "
    f"{short_amount(float(register['above_limit'].sum()), 'en', pol)} was above the approved limits. "
    f"{int(own.sum()):,} of the recovery equations use the customer's own margin, {int((~own).sum()):,} the book's."
    + w_en if len(register) else "No write-off is on record (the write_offs table is empty or missing).",
    zh=f"共有{len(register):,}笔坏账核销，合计{short_amount(float(register['amount'].sum()), 'zh', pol)}；其中今年"
    f"{len(this_year):,}笔（{short_amount(float(this_year['amount'].sum()), 'zh', pol)}）。额度以内的部分由经办人承担"
    f"{pct(acc_shares['handler_share_within_limit'])}、额度审批人承担{pct(acc_shares['approver_share_within_limit'])}"
    f"（公司自定比例），超出额度的部分全部由经办人承担；超出批准额度的共{short_amount(float(register['above_limit'].sum()), 'zh', pol)}。"
    f"{int(own.sum()):,}笔按客户自身毛利率计算弥补所需销售额，{int((~own).sum()):,}笔按全部客户平均毛利率。" + w_zh
    if len(register) else "没有坏账核销记录（无坏账核销表或表为空）。")

# %%
# customers written off as gone (bankrupt, ceased trading) that still owe us or were invoiced after: the reason or
# the balance is wrong, and the month's provision waits for the answer
if len(gone):
    first = gone.iloc[0]
    check_by = owner_and_due("write_off_check", as_of, pol)[1]  # the index's day for this check
    display(kt.tables.note(
        f"{len(gone):,} customer{'s' if len(gone) > 1 else ''} written off as bankrupt or as having ceased trading "
        f"still owe {short_amount(float(gone['open_receivables'].sum()), 'en', pol)} (the largest: {first['name']} "
        f"({first.name}), written off on {first['written_off_on']:%Y-%m-%d}, owes "
        f"{short_amount(first['open_receivables'], 'en', pol)}, {short_amount(first['invoiced_after_write_off'], 'en', pol)} "
        f"invoiced after the write-off). By {check_by} (the index's line), the finance manager checks each write-off's "
        "reason: where it stands, the balance is provided in full (the aging provision counts it by age only) and "
        "nothing more is sold on credit; where it does not, the reason is corrected.",
        zh=f"{len(gone):,}家以破产或停业核销的客户仍欠{short_amount(float(gone['open_receivables'].sum()), 'zh', pol)}"
        f"（最大的：{first['name']}（{first.name}），{first['written_off_on']:%Y-%m-%d}核销，仍欠"
        f"{short_amount(first['open_receivables'], 'zh', pol)}，核销后仍开票{short_amount(first['invoiced_after_write_off'], 'zh', pol)}）。"
        f"由财务经理在{check_by}前（首页同一事项）逐一核实核销原因：原因属实的，余额全额计提坏账准备（按账龄计提只按逾期时间计算），并停止赊销；"
        "原因不实的，更正核销原因。"))
    display(kt.tables.style(gone))

# %% [markdown] tags=["zh"]
# ## 回款目标、完成情况与激励
#
# 每位客户经理本期的回款目标、实际回款和完成率：目标取自公司的回款目标表；表中没有该客户经理时，取政策中的月度目标；两者都没有时，才按当月到期款项的目标比例计算（表中注明“按当月到期款比例（未录入目标）”）。辅导名单和奖励名单都按这一个目标计算。旁边列出当月应收回款额（月初已逾期的加上当月到期的发票）和回款率（实际回款 / 应收回款额），仅供参考，不是第二个目标。激励按政策规定：完成率达到最低要求时按回款额的一定比例奖励，按超过规定天数的逾期应收账款的一定比例扣罚。目标和激励的数字是公司的选择，不是方法本身，示例数字须由公司（和人事、法务）确定。

# %% [markdown] tags=["en"]
# ## Collection targets, results and incentives
#
# Each account manager's collection target of the period, what was collected and the achievement: the target is the
# company's collection targets table; for a manager it does not list, the policy's monthly amount; only where neither
# exists, the target share of what fell due in the month (marked "share of what fell due (no target recorded)"). The
# coaching list and the bonus both read this one target. Beside it, what fell due in the month (overdue at the start
# of the month plus invoices falling due in it) and the collection rate (collected / what fell due): a measure, not a
# second target. The incentive the policy defines: a bonus of a share of the amount collected once the achievement
# reaches the minimum, less a deduction of a share of the receivables past the penalty days. The targets and
# incentive numbers are the company's choice, not the method's: the shipped numbers are an example for the company
# (with HR and legal) to set.

# %%
targets = receivables.collection_targets(data, as_of, pol)
kt.tables.style(targets.sort_values("achievement", kind="stable")[
    ["target_source", "target", "collected", "achievement", "standing", "collectible", "collection_rate", "bonus",
     "past_due_receivables", "deduction", "net_incentive"]])

# %%
inc = pol["receivables"]["incentives"]
standing = targets["standing"]
below = targets[standing.isin(["bonus_only", "short"])].sort_values("achievement", kind="stable")
shares = {m: pct(a, 1) for m, a in below["achievement"].items()}
who, who_zh = [f"{m} ({a})" for m, a in shares.items()], [f"{m}（{a}）" for m, a in shares.items()]
review_by = f"{pd.Timestamp(as_of) + pd.Timedelta(days=7):%Y-%m-%d}"  # within a week of the report date
n_reached, n_bonus, n_short = (int(standing.eq(s).sum()) for s in ("reached", "bonus_only", "short"))
fallback = int(targets["target_source"].eq("share").sum())
share_text = pct(pol["receivables"]["collection_target_share"])
kt.tables.note(
    f"{n_reached} of {len(targets)} account managers reached their collection target this month"
    + (f" ({fallback} of them without a recorded target: {share_text} of what fell due)" if fallback else "")
    + (f"; {n_bonus} reached {pct(inc['min_achievement'])} of it (the bonus) but not the target" if n_bonus else "")
    + (f"; {n_short} are below {pct(inc['min_achievement'])} (no bonus)" if n_short else "")
    + (f". Below target, lowest first: {', '.join(who)}: the sales director goes through each one's worklist with "
       f"them by {review_by}, the oldest overdue first." if len(below) else ".")
    + f" Bonus {short_amount(float(targets['bonus'].sum()), 'en', pol)} ({pct(inc['collected_share'], 1)} of what the "
    f"{n_reached + n_bonus} at {pct(inc['min_achievement'])} or more collected), less "
    f"{short_amount(float(targets['deduction'].sum()), 'en', pol)} for receivables more than {inc['penalty_days']} days "
    f"past due ({pct(inc['penalty_share'])} of them): net incentive "
    f"{short_amount(float(targets['net_incentive'].sum()), 'en', pol)}. Example numbers of the policy: the company "
    "sets its own.",
    zh=f"{len(targets)}位客户经理中有{n_reached}位本月完成回款目标"
    + (f"（其中{fallback}位未录入目标，按当月到期款的{share_text}计算）" if fallback else "")
    + (f"；{n_bonus}位完成了目标的{pct(inc['min_achievement'])}以上（获得回款奖励），但未完成目标" if n_bonus else "")
    + (f"；{n_short}位低于{pct(inc['min_achievement'])}（没有奖励）" if n_short else "")
    + (f"。未完成目标的（完成率从低到高）：{'、'.join(who_zh)}：由销售总监在{review_by}前逐一与他们过一遍催收清单，"
       "先催账龄最长的欠款。" if len(below) else "。")
    + f"回款奖励{short_amount(float(targets['bonus'].sum()), 'zh', pol)}（完成率达到{pct(inc['min_achievement'])}的"
    f"{n_reached + n_bonus}位，按回款额的{pct(inc['collected_share'], 1)}）；逾期超过{inc['penalty_days']}天的应收账款扣罚"
    f"{short_amount(float(targets['deduction'].sum()), 'zh', pol)}（其{pct(inc['penalty_share'])}）；激励净额"
    f"{short_amount(float(targets['net_incentive'].sum()), 'zh', pol)}。以上为政策中的示例数字，由公司自行确定。")

# %% [markdown] tags=["zh"]
# ## 各客户经理和地区的DSO、CEI与平均逾期天数
#
# 最佳DSO = 期末未到期应收账款 / 最近若干天的赊销额 × 天数：所有客户都按期付款时的DSO。平均逾期天数（ADD）= DSO − 最佳DSO：客户平均晚付多少天（争议金额也是未按期付款，计入ADD）。CEI为本月的回款效率指数。逾期金额与账龄表相同，不含争议金额；争议金额单列。

# %% [markdown] tags=["en"]
# ## DSO, CEI and days delinquent per account manager and region
#
# Best-possible DSO = receivables not yet due / credit sales of the policy's days × those days: the DSO if every
# customer paid on time. Average days delinquent (ADD) = DSO − best-possible DSO: how many days late the customers
# pay on average (what is disputed is unpaid past its terms too, so it counts in ADD). CEI is the collection
# effectiveness of the month. The overdue is the aging's, without what is disputed, which is shown beside it.

# %%
kpis_manager = receivables.collection_kpis(data, as_of, pol, by="account_manager")
kt.tables.style(kpis_manager.drop(columns="add_reason").sort_values("add", ascending=False, kind="stable"))

# %%
kpis_region = receivables.collection_kpis(data, as_of, pol, by="region")
kt.tables.style(kpis_region.drop(columns="add_reason").sort_values("add", ascending=False, kind="stable"))

# %%
late = kpis_manager.sort_values("add", ascending=False, kind="stable").head(1)
kt.tables.note(
    "".join(f"The customers of {m} pay {num(r['add']):,.0f} days late on average (DSO {num(r['dso']):,.0f} against a "
            f"best possible {num(r['best_possible_dso']):,.0f}), the most of any account manager: their oldest debts are "
            "the first calls of their worklist." for m, r in late.iterrows()) or "No receivables to measure.",
    zh="".join(f"{m}的客户平均晚付{num(r['add']):,.0f}天（DSO为{num(r['dso']):,.0f}天，最佳DSO为"
               f"{num(r['best_possible_dso']):,.0f}天），是所有客户经理中最多的：其催收清单先催账龄最长的欠款。"
               for m, r in late.iterrows()) or "没有可衡量的应收账款。")

# %% [markdown] tags=["zh"]
# ## 催收清单
#
# 每个有逾期应收账款的客户，优先级最高的在前：各账龄段的逾期金额按账龄加权（权重由政策规定），列出主要联系人（财务人员优先）、最近一次付款，以及有付款承诺记录时的承诺情况：客户做过多少次承诺、违约多少次，以及最近一次承诺（承诺的付款日期、金额、已付多少（以承诺金额为限），已兑现／已兑现（提前）／未兑现／未到期）。每位客户经理一个工作表，含全部列，见本节的Excel文件。

# %% [markdown] tags=["en"]
# ## Collection worklists
#
# Every customer with overdue receivables, highest priority first: the overdue amount of each bucket
# weighted by age (the policy's weights), with the main contact (finance first), the last payment and,
# where payment promises are recorded, the promise history: how many promises the customer made and broke,
# and the latest one (date promised, amount, what was paid towards it (at most the promise), kept / kept early /
# broken / pending). One sheet per account manager in the Excel file of this section, with every column.

# %%
path = worklist_workbook(work, paths.output_folder(output_dir) / f"worklists_{period}.xlsx")
n_legal = int(work["follow_up"].eq("legal").sum())
display(kt.tables.note(f"The first {min(preview, len(work)):,} of {len(work):,} customers on the worklists shown, the account "
                       f"managers' calls first, highest priority first; the {n_legal:,} legal cases come last, marked for "
                       f"legal follow-up (see Legal hand-over): the account managers do not call them. All of them, one "
                       f"sheet per account manager: {path.name}",
                       zh=f"催收清单共{len(work):,}家客户，列出前{min(preview, len(work)):,}家：客户经理电话催收的在前，按优先级"
                       f"从高到低；{n_legal:,}家移交法务的客户排在最后，标为“法务跟进”（见“移交法务”一节），客户经理不再电话催收。"
                       f"全部客户（每位客户经理一个工作表）见{path.name}"))
kt.tables.style(receivables.worklist_view(work).head(preview))

# %%
kt.tables.note(f"{len(work):,} customers to call, {work['account_manager'].nunique()} worklists written to {path.name}.",
               zh=f"{len(work):,}家客户需要催收，{work['account_manager'].nunique()}份催收清单已写入{path.name}。")

# %%
past = work["sales_to_recover"].notna()
days = pol["receivables"]["recovery"]["worklist_days"]
most = work[past].sort_values("sales_to_recover", ascending=False, kind="stable").head(1)
kt.tables.note(f"{int(past.sum()):,} customers on the worklists are more than {days} days past due: if one never pays, the "
               "column \"Sales needed to earn it back\" is what we must sell, at its own margin, to earn its open balance back"
               + "".join(f"; the most: {r['name']} ({cid}), {short_amount(r['sales_to_recover'], 'en', pol)} at a margin of "
                         f"{pct(r['recovery_margin'], 1)}, {1 / r['recovery_margin']:,.0f} times what it owes: losing it would "
                         "wipe out the margin of that much selling, so collecting from it comes before selling more to it."
                         for cid, r in most.iterrows()) + ("" if len(most) else "."),
               zh=f"催收清单上有{int(past.sum()):,}家客户逾期超过{days}天：如果其欠款收不回来，“弥补损失所需销售额”一列就是按该客户"
               "自身毛利率、要赚回其未收余额所需的销售额"
               + "".join(f"；最多的是{r['name']}（{cid}），毛利率{pct(r['recovery_margin'], 1)}，需要"
                         f"{short_amount(r['sales_to_recover'], 'zh', pol)}，是其欠款的{1 / r['recovery_margin']:,.0f}倍："
                         "一旦收不回，这么多销售的毛利都将被抵消，因此先收回欠款，再谈增加销售。" for cid, r in most.iterrows())
               + ("" if len(most) else "。"))

# %% [markdown] tags=["zh"]
# ## 下月客户联络日历
#
# 每位客户经理下个月的联络日历：到期和逾期的拜访（按政策中各客户层级和生命周期阶段的拜访频率）、高层拜访、联系人生日、公司节日、客户成立纪念日、合同续约，以及按催款等级安排的催收拜访。Excel文件一个工作表列出全部事项；每位客户经理另有一个.ics日历文件，可导入Outlook、钉钉、企业微信等日历。

# %% [markdown] tags=["en"]
# ## Next month's contact calendar
#
# Each account manager's calendar of next month: visits due and overdue (by the visit frequency of the
# customer's tier and lifecycle stage, the policy's calendar section), senior visits, contacts' birthdays,
# the company's holidays, customers' founding days, contract renewals, and collection visits by dunning level.
# The Excel file lists every event on one sheet; each account manager also has an .ics calendar file that
# Outlook, DingTalk, WeCom and other calendar applications import.

# %%
cal = write_calendar_files(data, as_of, folder / "calendar", pol)
month = cal.workbook.stem.removeprefix("calendar_")
kt.tables.note(f"{cal.events:,} events of {month} for {len(cal.ics):,} account managers: "
               f"calendar/{cal.workbook.name}, and one .ics file per account manager in the same folder.",
               zh=f"{month}共{cal.events:,}项联络事项，涉及{len(cal.ics):,}位客户经理：见calendar/{cal.workbook.name}；"
               "每位客户经理的.ics日历文件与该工作簿在同一文件夹中。")
