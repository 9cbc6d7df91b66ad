# %% [markdown] tags=["zh"]
# # 信用评审
#
# 哪些客户信用可靠，哪些超出了额度，哪些额度应当调整，由谁审批。每个客户按七项财务比率和十二项定性因素评分（信用等级评分），评为AAA到C级（了解太少时为NR，即未评级）；建议额度按客户的采购额和付款账期计算，按信用等级折算，并以偿付能力为上限；额度调整交由权限覆盖该额度的审批层级决定。所有标准都来自政策文件的信用部分。

# %% [markdown] tags=["en"]
# # Credit review
#
# Who is creditworthy, who is over the limit, which limits should change and who must approve the change.
# Every customer is scored on seven financial ratios and twelve qualitative factors and graded
# AAA to C (NR when too little is known); its recommended limit carries its purchases on its payment terms,
# scaled by the grade and capped by its capacity; a change goes to the level whose authority covers it. All
# thresholds come from the credit section of the policy.

# %% tags=["parameters"]
period: str = ""  # report month YYYY-MM; empty: latest complete month of the data
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
policy: str = ""  # YAML policy file overriding the defaults; empty: shipped defaults
language: str = ""  # zh, en or both; empty: the policy's report.language
output_dir: str = ""  # folder for Excel files written by this notebook; empty: reports/scratch/
shared: str = ""  # the report run's limits and headline numbers, computed once for every page; empty: computed here

# %%
import datetime as dt

import pandas as pd

import kamtools as kt
from kamtools import credit, paths
from kamtools.output.currency import short_amount
from kamtools.output.forms import (credit_forms_register, register_file_name, terms_only,
                                   write_credit_forms_register, write_many_credit_forms)
from kamtools.output.breaches import stale_approvals, write_limit_breaches
from kamtools.output.holds import write_holds
from kamtools.output.labels import Text, pick, value
from kamtools.output.labels import names as names_of
from kamtools.output.limit_basis import limit_basis
from kamtools.report import report_context
from kamtools.report.decision import owner_and_due
from kamtools.report.page_decisions import show_page_decisions

ctx = report_context(period, db, policy, language=language, shared=shared)
data, period, as_of, pol = ctx.data, ctx.period, ctx.as_of, ctx.policy
folder = paths.output_folder(output_dir)
names = data.customers.set_index("customer_id")["name"]
scores = credit.score(data, as_of, pol)
limits = ctx.limits()  # credit.limits(data, as_of, pol): recommended limits, holds and approvals
head = ctx.kpis()  # the report's headline numbers: the same on every page
held = credit.holds(data, as_of, pol, lim=limits)
changes = credit.limit_changes(limits, pol)
review = credit.review_list(limits)
waiting = changes.drop(index="none", errors="ignore").query("customers > 0")
levels = credit.level_names(pol)
signed = waiting["increases"] + waiting["decreases"]  # the register's rows: the limit changes
# a long list shows its first rows and the customers the index names; the whole list is in its workbook
preview = 5
on_index = [d.customer_id for d in ctx.decisions() if d.customer_id]
kt.headlines.sentence(
    head,
    "{over_limit_customers} customers are over their credit limit on {overlimit:window}, by {overlimit} in total, "
    "{overlimit_uncovered} of it not covered by collateral; {held:,} customers are on credit hold; {changes:,} "
    "recommended limit changes wait for approval ({up:,} up, {down:,} down: the register's rows; {by_level}), and "
    "{terms:,} more keep the limit but shorten the payment terms or turn them to cash in advance, signed at the same "
    "levels (the register's sheet \"Terms changes, limit kept\"); {review:,} customers are due for a credit re-review.",
    zh="截至{overlimit:window}，{over_limit_customers}家客户超出信用额度，超额合计{overlimit}，其中{overlimit_uncovered}"
    "没有担保；{held:,}家客户处于信用冻结；{changes:,}项额度调整建议待审批（上调{up:,}项、下调{down:,}项，即登记表各行；"
    "{by_level}），另有{terms:,}项额度不变、但缩短付款期限或改为预付现金，由同一层级签批（见登记表“付款条件调整（额度不变）”一页）；{review:,}家客户需要信用复审。",
    held=len(held), changes=int(signed.sum()), up=int(waiting["increases"].sum()), down=int(waiting["decreases"].sum()),
    terms=int(waiting["terms_only"].sum()), review=len(review),
    by_level=Text(", ".join(f"{levels[k][0]} {n:,}" for k, n in signed[signed > 0].items()),
                  "、".join(f"{levels[k][1] or levels[k][0]}{n:,}项" for k, n in signed[signed > 0].items())),
)

# %%
# what this page asks of its readers, with who decides and by when: the lines of the index that point here
show_page_decisions(ctx, "03_credit_review")

# %% [markdown] tags=["zh"]
# ## 财务比率与标准值
#
# 每个客户最新的财务报表（会计年度截至报告日或之前）：每项比率的四分位数，以及比率正常、需关注、偏弱或无法计算的客户占比。

# %% [markdown] tags=["en"]
# ## Financial ratios against the benchmarks
#
# The latest statements of each customer (fiscal year ending on or before the report date): quartiles of each
# ratio and the share of customers whose ratio is ok, to watch, weak or cannot be computed.

# %%
ratios = credit.ratios(data, as_of, policy=pol)
summary = credit.ratio_summary(ratios, pol)
kt.tables.style(summary.drop(columns="label"), share=["ok", "watch", "weak", "missing"], ratio=["benchmark"])

# %%
ax = kt.plots.ratio_benchmarks(ratios, policy=pol)
kt.plots.show(ax, kt.plots.ratio_benchmarks_reading(ratios, policy=pol))

# %% [markdown] tags=["zh"]
# 绿色表示健康，红色表示偏弱；灰色表示无法计算的比率（分母为零，或增长率缺少上一年的数据）。单项比率偏弱并不直接决定等级：它只失去该项权重的分数。

# %% [markdown] tags=["en"]
# Green is healthy, red weak; grey marks ratios that cannot be computed (a zero denominator, or no prior
# year for the growth rates). A weak ratio alone does not decide a grade: it costs the points of its weight.

# %% [markdown] tags=["zh"]
# ## 信用等级
#
# 每个客户的信用得分（0–100）和等级，做两次比较：与上期末（上月末）的等级比较，以及与上次评估时的等级比较（只评估过一次的客户：与十二个月前比较）——后者决定是否需要信用复审。

# %% [markdown] tags=["en"]
# ## Credit grades
#
# The score (0–100) and grade of every customer, compared twice: with the grade at the end of the previous
# period (last month's end), and with the grade at the previous assessment (or twelve months ago for
# customers assessed once), which is what triggers a re-review.

# %%
ax = kt.plots.grade_distribution(scores, policy=pol)
kt.plots.show(ax, kt.plots.grade_distribution_reading(scores, policy=pol))

# %% [markdown] tags=["zh"]
# ### 未评级与人工调整
#
# 已知项目少于政策规定最低数量的客户不评级（NR）：把未知项目按中性打分会高估它。分析人员的人工调整（授信调整）可以不按模型确定等级或额度，须写明理由和审批人，在政策规定的有效月数内有效；凡显示等级之处都显示调整后的结果。调整额度在最近一次审批之后作出、未过期且在审批人权限之内时，即为现行额度（超额、冻结、违规、登记表和申请表都按它计算）；否则表中注明“未生效”及原因。

# %% [markdown] tags=["en"]
# ### Not rated and analyst overrides
#
# A customer of whom fewer items are known than the policy asks (its minimum of known items) is not rated
# (NR): scoring its unknown items as neutral would flatter it. An analyst's override sets a grade or
# a limit against the model, with its reason and approver, for as many months as the policy lets an override
# stand; it shows wherever the grade does. Its limit is the limit in force (over-limit, holds, breaches, the register
# and the forms read it) when it is decided after the latest approval, has not lapsed and is within its approver's
# authority; otherwise the table says "not in force" and why.

# %%
not_rated = scores[scores["grade"] == credit.NOT_RATED]
nr_rule = pol["credit"]["not_rated"]
nr_limit = {"investigate": ("investigate first, no increase", "先调查，不增额"),
            "initial": ("an initial limit until rated", "评级前给予初始额度"),
            "zero": ("no credit until rated", "评级前不赊销")}[nr_rule["limit_rule"]]
kt.tables.note(f"{len(not_rated):,} customers not rated (fewer than {nr_rule['min_known_items']} items known); "
               f"their limit: {nr_limit[0]}.",
               zh=f"{len(not_rated):,}家客户未评级（已知项目少于{nr_rule['min_known_items']}项）；其额度：{nr_limit[1]}。")

# %%
# the latest override of each customer, in force or not (and why not), with the limit in force it sets and the
# collateral in force beside the reason: a reason naming collateral without its value is a data gap, said
on_record = credit.overrides_on_record(data, as_of, pol).join(names).join(scores[["grade_model"]])
override_cols = ["name", "grade_model", "override_grade", "override_limit", "override_status", "approved_limit",
                 "override_reason", "collateral", "override_by", "override_on"]
unvalued = on_record[on_record["collateral"].isna()]
if len(unvalued):
    display(kt.tables.note(
        f"{len(unvalued):,} overrides name collateral or a guarantee whose value is not recorded (collateral –): "
        f"{', '.join(unvalued['name'].fillna('') + ' (' + unvalued.index + ')')}; the credit department records it "
        "with the override, and until then it covers nothing.",
        zh=f"{len(unvalued):,}项人工调整的理由提到抵押物或担保，但未录入其金额（担保金额显示为–）："
        f"{'、'.join(unvalued['name'].fillna('') + '（' + unvalued.index + '）')}；由信用部在调整记录中补录，补录之前不计担保。"))
(kt.tables.first(on_record[override_cols], preview, excel=folder / f"credit_overrides_{period}.xlsx",
                 what="analyst overrides", what_zh="人工调整", unit_zh="项") if len(on_record)
 else kt.tables.note("No analyst override on record.", zh="目前没有人工调整记录。"))

# %%
# the reasons are the analyst's words: the recurring ones read in the page's language, the others as entered
as_entered = on_record["override_reason"].dropna().map(lambda r: names_of("override_reason", r) is None)
if as_entered.any():
    display(kt.tables.note(
        f"{int(as_entered.sum()):,} of the {len(on_record):,} reasons above are shown as the analyst entered them "
        "(not translated); the others are reasons the report knows, in English.",
        zh=f"上表{len(on_record):,}条调整理由中有{int(as_entered.sum()):,}条按分析人员录入的原文显示（未翻译），"
        "其余为常用理由，已译成中文。"))

# %% [markdown] tags=["zh"]
# ### 本期等级变动
#
# 表中每行是上月末的等级，每列是现在的等级：本期因新的财务报表、新的评估或比率越过标准值而发生的变动。“首次评级”一行是上月末既没有财务报表也没有评估的客户。上月末的等级取自上月保存的月度快照；没有快照时按当前政策重新计算，表下的说明写明是哪一种。

# %% [markdown] tags=["en"]
# ### Changes since last period
#
# Customers by grade at the end of the previous month (rows) and grade now (columns): what moved during
# this period, from new statements, new assessments or a ratio crossing its benchmark. The customers graded
# for the first time had no statement and no assessment at the previous month's end. The grades of the previous month are
# those stored in its snapshot; without one they are recomputed under today's policy, and the note says which.

# %%
previous_end = ctx.start - dt.timedelta(days=1)
earlier, grade_basis = credit.earlier_scores(data, previous_end, pol)  # the stored snapshot's grades, if any
since_last_period = credit.compare_grades(scores, earlier, pol)
kt.tables.style(credit.grade_changes(since_last_period, pol))

# %%
period_moves = credit.grade_moves_text(since_last_period["grade_move"].value_counts())
basis = kt.segments.basis_text(grade_basis, "grades", "信用等级", others=("customers without a grade in it",
                                                                          "快照中没有等级的客户"))
kt.tables.note(f"Since {previous_end:%Y-%m-%d}: {period_moves[0]}. {basis[0]}",
               zh=f"{previous_end:%Y-%m-%d}以来，{period_moves[1]}。{basis[1]}")

# %% [markdown] tags=["zh"]
# ### 与上次评估相比的等级变动
#
# 表中每行是上次评估时的等级，每列是现在的等级；对角线上的客户等级未变，“首次评级”一行的客户此前没有等级。

# %% [markdown] tags=["en"]
# ### Changes since the last assessment
#
# Customers by previous grade (rows) and current grade (columns); the diagonal kept its grade, the customers
# graded for the first time had no grade before.

# %%
kt.tables.style(credit.grade_changes(scores, pol))

# %%
moves = credit.grade_moves_text(scores["grade_move"].value_counts())
kt.tables.note(f"Against the last assessment: {moves[0]}.", zh=f"与上次评估相比，{moves[1]}。")

# %% [markdown] tags=["zh"]
# ## 超额客户
#
# 风险敞口（未收应收账款 − 未核销的预收款 + 未发货订单）超过批准额度的客户。超出额度的部分只能用现款或担保覆盖：“超额且无担保”是担保覆盖不了的部分。

# %% [markdown] tags=["en"]
# ## Customers over their limit
#
# Exposure (open receivables − unapplied credit + open orders) above the approved limit. Above the limit
# only cash or collateral is acceptable: the part over the limit not covered by collateral is the risk.

# %%
over = credit.over_limit(limits)
display(kt.headlines.sentence(head, "{over_limit_customers} customers are over their limit by {overlimit} in total "
                              "on {overlimit:window}, {overlimit_uncovered} of it not covered by collateral "
                              "({overlimit_uncovered:change} since {overlimit_uncovered:previous_window}).",
                              zh="截至{overlimit:window}，{over_limit_customers}家客户超出信用额度，超额合计{overlimit}，"
                              "其中{overlimit_uncovered}没有担保（较{overlimit_uncovered:previous_window}"
                              "{overlimit_uncovered:change}）。"))
# what to do about it, who and by when: the owner and days of the index's over-limit decisions (report.decisions)
(over_owner, over_owner_zh), over_due = owner_and_due("over_limit", as_of, pol)
legal_days = int(pol["credit"]["limit"]["legal_days_past_due"])
display(kt.tables.note(
    f"To act: by {over_due} the {over_owner} asks each customer to pay or secure its uncovered excess, the largest "
    "first (below), and its next order ships only once that is done; a customer with an invoice more than "
    f"{legal_days} days past due goes to collections or legal action instead.",
    zh=f"处理：由{over_owner_zh}在{over_due}前通知每家客户支付或担保超额且无担保的部分（从最大的开始，见下表），"
    f"付清或取得担保后才发下一笔订单；有发票逾期超过{legal_days}天的客户改为移交催收或法律程序。"))
kt.tables.top(over, "overlimit_uncovered", preview, names=names, excel=folder / f"over_limit_{period}.xlsx",
              what="customers over their limit", what_zh="超额客户", keep=on_index)

# %% [markdown] tags=["zh"]
# ## 建议额度及依据
#
# 每个额度从客户的账期需求起算（月采购额 ×（付款账期 + 宽限天数）/ 30，加未发货订单），按信用等级折算，以偿付能力为上限，加上担保后取整。政策的规则随后下调额度或不增额：欠款逾期、评估过期或即将过期、交易历史短、没有财务报表、长期不采购、信用冻结；低于重要性标准的调整不提出。新额度经审批后生效（已生效的人工调整额度即为现行额度）；额度低于风险敞口时，敞口回到新额度以内之前只凭付款发货（先收款）。表中“额度依据摘要”一行说明依据，完整计算见信用表单登记表。调整幅度最大的排在前面。

# %% [markdown] tags=["en"]
# ## Recommended limits and why
#
# Each limit starts from the customer's terms need (monthly purchases × (payment terms + grace days) / 30, plus
# open orders), is scaled by the grade, capped by capacity, topped up by collateral and rounded. The policy's
# rules then cut it or allow no increase: arrears, a stale or lapsing assessment, a short history, no
# statement, no purchases, a credit hold; a change below the materiality band is not proposed. A new limit
# takes effect on approval (an analyst's override in force is the limit in force); below the exposure, orders ship only against payment until the exposure is within
# it (collect first). The basis column says why in one line; the whole calculation is in the credit forms'
# register. The largest changes first.

# %%
# how each count of the page is made: by action (the recommendations), by direction (the approvals), on hold
by_action = credit.recommendations_by_action(limits, held.index)
counted = by_action.drop(index="total")


def parts(column, lang, sep):
    unit = "家" if lang == "zh" else ""
    return sep.join(f"{value('action', a, lang)}{'' if unit else ' '}{n:,}{unit}" for a, n in counted[column].items() if n)


def split(lang):
    """One action split by direction, as an example of reading the table (the largest action that is split)."""
    both = counted[(counted["limit_lowered"] > 0) & (counted["limit_lowered"] < counted["recommendations"])]
    if both.empty:
        return ""
    a = both["recommendations"].idxmax()
    n, low = int(both.at[a, "recommendations"]), int(both.at[a, "limit_lowered"])
    if lang == "zh":
        return f"（例如{value('action', a, 'zh')}的{n:,}家中，{low:,}家同时下调额度）"
    return f" (e.g. of the {n:,} to {value('action', a, 'en').lower()}, {low:,} also lower the limit)"


total = by_action.loc["total"]
display(kt.tables.note(
    f"Recommendations by action (the most urgent that applies): {parts('recommendations', 'en', ', ')}. By the "
    f"direction of the change, as the approvals below count them: {total['limit_raised']:,} raise the limit, "
    f"{total['limit_lowered']:,} lower it, {total['limit_unchanged']:,} keep it; the table splits each action by "
    f"direction{split('en')}. {total['on_credit_hold']:,} of them are on credit hold (any hold rule, see "
    "Credit holds), each counted under its action" + (
        f"; the action \"{value('action', 'hold', 'en')}\" counts only the {counted.at['hold', 'recommendations']:,} "
        "held for an invoice past the hold days with no more urgent action." if "hold" in counted.index else "."),
    zh=f"按处理建议（适用的最紧急一项）：{parts('recommendations', 'zh', '，')}。按额度调整方向（下面的审批按此计数）："
    f"上调{total['limit_raised']:,}家，下调{total['limit_lowered']:,}家，不变{total['limit_unchanged']:,}家；"
    f"下表按调整方向拆分每项处理建议{split('zh')}。其中{total['on_credit_hold']:,}家"
    "处于信用冻结（任一冻结规则，见“信用冻结”一节），各计入其处理建议" + (
        f"；“{value('action', 'hold', 'zh')}”只计有发票逾期超过冻结天数、且没有更紧急处理建议的"
        f"{counted.at['hold', 'recommendations']:,}家。" if "hold" in counted.index else "。"),
))
display(kt.tables.style(by_action))
why = limits.reindex(limits["limit_change"].abs().sort_values(ascending=False).index)
why = why.join(names)
# collect first but not on credit hold: orders still ship on credit within the limit in force until the cut is approved
unheld = why[(why["action"] == "collect") & ~why.index.isin(held.index)]
unheld_ids = pd.Series(unheld.index, index=unheld.index)
if len(unheld):
    display(kt.tables.note(
        f"{len(unheld):,} customers are to collect first but are not on credit hold (marked below; e.g. "
        f"{', '.join((unheld['name'].fillna(unheld_ids) + ' (' + unheld_ids + ')').head(3))}): their orders ship on credit within the "
        "limit in force until the new limit is approved; once it is, orders ship only against payment until the "
        "exposure is within it. The account manager tells the customer before the approver signs.",
        zh=f"{len(unheld):,}家客户的处理建议为先收款，但未处于信用冻结（下表已标注；例如"
        f"{'、'.join((unheld['name'].fillna(unheld_ids) + '（' + unheld_ids + '）').head(3))}）：新额度批准之前，仍在现有额度内赊销发货；"
        "批准之后，风险敞口回到新额度以内之前只凭付款发货。审批人签批之前，由客户经理先告知客户。",
    ))
changed = int((limits["limit_change"] != 0).sum())
register_path = f"credit_forms/{register_file_name(period)}"  # written in the section Credit forms
display(kt.tables.note(
    f"The {preview} largest changes shown, of the {changed:,} recommended limits that differ from the approved one; all of "
    f"them, with every column and the approver, in the register {register_path}; its column \"Account plan\" says "
    "which cuts a key account's plan contests: the sales director and the finance manager decide those together "
    "first (the index).",
    zh=f"建议额度与现有额度不同的共{changed:,}家，列出调整幅度最大的{preview}家；全部客户（含各列及审批人）见登记表{register_path}，"
    "其中“客户计划”一列标明重点客户计划不同意的降额：这些先由销售总监与财务经理共同决定（见首页）。"))
why["on_hold_now"] = why.index.isin(held.index)
shown = why.head(preview).copy()
shown["limit_basis"] = limit_basis(shown, ctx.language, pol)  # one line; the calculation is in the register
kt.tables.style(shown[["name", "grade", "terms_need", "approved_limit", "recommended_limit", "action", "on_hold_now",
                       "limit_basis"]])

# %% [markdown] tags=["zh"]
# ## 超限与越权
#
# 没有批准额度的风险敞口、超过额度的风险敞口，以及超出审批人权限批准的额度（按政策规定的审批层级）。每个客户的额度行（其例外情况）和授信申请也列出现行额度审批的例外情况：超出审批权限，或在未评级、评估已超过政策规定期限时批准。

# %% [markdown] tags=["en"]
# ## Breaches
#
# Exposure without an approved limit, exposure over the limit, and limits approved beyond the approver's
# authority (the policy's ladder of approval levels). Each customer's limit row (its exceptions) and limit
# application also print the exceptions of its approval in force: beyond authority, or made unrated or on an
# assessment older than the policy allows that day.

# %%
limit_breaches = credit.breaches(limits)
authority = credit.authority_breaches(data, as_of, pol)
stale_basis = int(limits["exception_stale_basis"].sum())
display(kt.tables.note(f"{len(limit_breaches):,} limit breaches; {len(authority):,} limits in force approved beyond "
                       "their approver's authority or by an approver on no level; "
                       f"{stale_basis:,} approved unrated or on a stale assessment.",
                       zh=f"{len(limit_breaches):,}项额度违规；{len(authority):,}个有效额度超出审批人权限批准，"
                       f"或审批人不在任何审批层级内；{stale_basis:,}个额度在未评级或评估过期时批准。"))
listed = limit_breaches.join(names)[["name", *limit_breaches.columns]]
breaches_file = write_limit_breaches(folder / f"limit_breaches_{period}.xlsx", listed,
                                     authority, stale_approvals(limits, names))
display(kt.tables.note(f"Every list in {breaches_file.name}, one sheet each: the {len(limit_breaches):,} breaches, the "
                       f"{len(authority):,} limits beyond authority and the {stale_basis:,} approved unrated or on a "
                       "stale assessment (to re-approve at the right level on a current assessment).",
                       zh=f"全部清单见{breaches_file.name}（每类一个工作表）：{len(limit_breaches):,}项额度违规、"
                       f"{len(authority):,}个越权额度、{stale_basis:,}个在未评级或评估过期时批准的额度（须按正确层级、"
                       "依据有效评估重新审批）。"))
kt.tables.top(limit_breaches, "amount", preview, names=names, what="limit breaches", what_zh="额度违规")

# %%
kt.tables.top(authority, "approved_limit", preview, what="limits beyond their approver's authority", what_zh="越权额度") if len(authority) else kt.tables.note("Every limit in force is within its approver's authority.", zh="所有有效额度都在审批人权限之内。")

# %% [markdown] tags=["zh"]
# ## 信用冻结
#
# 按政策的冻结规则必须暂停发货的客户，以及解除每项冻结的条件。完整清单在本节的Excel文件中。

# %% [markdown] tags=["en"]
# ## Credit holds
#
# The customers whose orders must be held, by the blocking rules of the policy, with what releases each. The
# whole list is in the Excel file of this section.

# %%
# the order to work the holds: orders waiting to ship first, key accounts next (the workbook keeps it)
pyr = kt.segments.pyramid(data, as_of, pol)
key_accounts = pyr.query("tier == 'key'").index
ranked_holds = credit.hold_priority(held, key_accounts)
holds_file = write_holds(ranked_holds, folder / f"credit_holds_{period}.xlsx")
display(kt.tables.note(f"{len(held):,} customers on hold; the whole list, with what releases each: {holds_file.name}",
                       zh=f"{len(held):,}家客户处于信用冻结；完整清单及每项冻结的解除条件：{holds_file.name}"))
# the holds by rule: who is held by each, how many by it alone, their exposure, and what releases them
release_by_rule = {
    "over_limit": ("Collect or secure the part over the limit (account manager, finance)", "收回或担保超额部分（客户经理、财务）"),
    "past_due": ("Collect the invoices past the hold days; over a year: legal action", "收回逾期超过冻结天数的发票；超过一年的走法律程序"),
    "overdue": ("Collect the overdue down to the policy's share or amount", "把逾期款收回到政策规定的比例或金额以下"),
    "grade": ("Cash in advance or collateral until a better grade", "在等级改善之前预付款或提供担保"),
    "stale_assessment": ("A new credit assessment (credit department): releases those held by it alone",
                         "重新做信用评估（信用部门）：仅因此冻结的客户评估后即解除"),
    "utilization": ("Reduce the exposure or approve a higher limit", "降低风险敞口或批准更高的额度"),
}
flags = held[[f"hold_{r}" for r in credit.HOLD_RULES]].astype(bool)
by_rule = pd.DataFrame(
    {
        "customers": flags.sum().to_numpy(),
        "held_by_it_alone": flags[flags.sum(axis=1) == 1].sum().to_numpy(),
        "exposure": [held.loc[flags[f"hold_{r}"], "exposure"].sum() for r in credit.HOLD_RULES],
        "what_releases": [pick(*release_by_rule.get(r, ("", ""))) for r in credit.HOLD_RULES],
    },
    index=pd.Index(list(credit.HOLD_RULES), name="rule"),
)
display(kt.tables.style(by_rule[by_rule["customers"] > 0]))
# how wide the holds are, and how many a single routine step would release
owing = int((limits["exposure"] > 0).sum())  # with exposure: receivables or orders (the receivables page counts debtors)
debtors = int(((limits["exposure"] > 0) & (limits["open_receivables"] > 0)).sum())
stale_only, util_only = (int(by_rule.at[r, "held_by_it_alone"]) for r in ("stale_assessment", "utilization"))
display(kt.tables.note(
    f"{len(held):,} of the {owing:,} customers with exposure are on hold ({len(held) / max(owing, 1):.0%}"
    + (f"; {debtors:,} of the {owing:,} owe receivables, {owing - debtors:,} only open orders" if owing > debtors else "")
    + "): the policy's "
    f"rules applied to the book, not a choice made this month. {stale_only:,} are held only because their assessment "
    f"expired (the credit department's new assessment releases them: the re-review list takes them first) and "
    f"{util_only:,} only because their open orders would use more than the limit (smaller shipments or a higher "
    "limit release them).",
    zh=f"有风险敞口的{owing:,}家客户"
    + (f"（其中{debtors:,}家有应收账款，{owing - debtors:,}家仅有待发订单）" if owing > debtors else "")
    + f"中有{len(held):,}家处于信用冻结（{len(held) / max(owing, 1):.0%}）：这是政策规则作用于全部客户的结果，"
    f"不是本月的决定。其中{stale_only:,}家仅因信用评估过期被冻结（信用部重新评估后即解除，复审清单优先安排），"
    f"{util_only:,}家仅因待发订单将超出额度被冻结（分批发货或批准更高额度即可解除）。"))
# the overdue rule's fixed amount: large customers a few days late held like small ones (the company's threshold)
by_amount = credit.overdue_amount_only(held, limits, pol)
if len(by_amount):
    amount_rule = pol["credit"]["holds"]["overdue"]
    who = [f"{r['name']} ({cid})" for cid, r in by_amount.head(5).iterrows()]
    who_zh = [f"{r['name']}（{cid}）" for cid, r in by_amount.head(5).iterrows()]
    cut = float(-by_amount["limit_change"].clip(upper=0).sum())
    display(kt.tables.note(
        f"{len(by_amount):,} held only because the overdue passes the rule's amount of "
        f"{short_amount(float(amount_rule['amount']), 'en', pol)}, though below {float(amount_rule['share']):.0%} of the "
        f"receivables and at most 30 days past due ({', '.join(who)}); the recommended limits cut "
        f"{short_amount(cut, 'en', pol)} for it. The amount is the company's choice (the policy's overdue hold rule): the "
        "credit department reviews whether a fixed amount should hold a large customer a few days late like a small one.",
        zh=f"{len(by_amount):,}家仅因逾期金额超过规则的{short_amount(float(amount_rule['amount']), 'zh', pol)}而被冻结，"
        f"其逾期占应收账款的比例低于{float(amount_rule['share']):.0%}、最长逾期不超过30天（{'、'.join(who_zh)}）；"
        f"建议额度因此降低{short_amount(cut, 'zh', pol)}。该金额是公司的选择（政策中的逾期冻结规则）：由信用部复核，"
        "固定金额是否应让逾期几天的大客户与小客户一样被冻结。"))
kt.tables.first(ranked_holds[["hold_priority", "name", "account_manager", "key_account", "rules", "open_orders", "exposure",
                              "release_amount", "release"]], preview, keep=pd.Series(ranked_holds.index.isin(on_index), index=ranked_holds.index),
                what="customers on hold, those with orders waiting and key accounts first",
                what_zh="冻结客户（有待发订单和重点客户在前）", unit_zh="家")

# %% [markdown] tags=["zh"]
# ## 集团客户
#
# 按集团（母公司）合计成员企业的风险敞口和额度，对照已批准的集团额度。

# %% [markdown] tags=["en"]
# ## Groups of companies
#
# Exposure and limits summed over each group (by parent company), against its group limit where one is approved.

# %%
groups = credit.group_exposure(data, as_of, pol, lim=limits)


def ids_of(column):
    """The companies a column of ``groups`` lists (``"C1, C2"``), one row each, by group."""
    ids = groups[column].str.split(", ").explode().dropna()
    return ids[ids != ""]


def by_name(ids):
    """Those companies by name and id, listed again per group, as everywhere else."""
    return (ids.map(names).fillna(ids) + " (" + ids + ")").groupby(level=0).agg(", ".join).reindex(groups.index).fillna("")


# the members within their own limit that add to the group's excess, and every company of a group, by name
flagged, members = ids_of("flagged_members"), ids_of("member_ids")
n_flagged = flagged.groupby(level=0).size().reindex(groups.index, fill_value=0)
if len(flagged):
    groups["flagged_members"] = by_name(flagged)
if len(members):
    groups["member_ids"] = by_name(members)
over_groups = groups[groups["over_group_limit"]]
(group_owner, group_owner_zh), group_due = owner_and_due("over_limit", as_of, pol)  # as for a customer over its limit
for gid, g in over_groups.iterrows():  # the few groups over their group limit
    display(kt.tables.note(
        f"{g['group_name']}: exposure {short_amount(g['exposure'], 'en', pol)}, {short_amount(g['group_overlimit'], 'en', pol)} "
        f"over its group limit; {g['members_over_own_limit']:,} member(s) over their own limit, and "
        f"{n_flagged[gid]:,} within their own limit that add to the group's excess (listed: their next orders wait "
        f"until the group is within its limit; the {group_owner} holds them, by {group_due}).",
        zh=f"{g['group_name']}：风险敞口{short_amount(g['exposure'], 'zh', pol)}，超出集团额度"
        f"{short_amount(g['group_overlimit'], 'zh', pol)}；{g['members_over_own_limit']:,}家成员超出自身额度，另有"
        f"{n_flagged[gid]:,}家在自身额度以内、但推高集团超额（表中列出：集团回到额度以内之前暂停其新订单，由{group_owner_zh}"
        f"负责，{group_due}前落实）。"))
(kt.tables.first(groups, preview, keep=groups["over_group_limit"], excel=folder / f"groups_{period}.xlsx",
                 what="groups, those over their group limit first", what_zh="集团客户（超出集团额度的在前）",
                 sheet=("groups of companies", "集团客户"), unit_zh="个")
 if len(groups) else kt.tables.note("No groups of companies in the book.", zh="账上没有集团客户。"))

# %% [markdown] tags=["zh"]
# ## 按审批层级的额度调整建议
#
# 增额交由权限覆盖新额度（风险敞口更大时按风险敞口）的层级审批；降额交由现有额度的审批人（现有额度需要更高层级时，交由该层级）。发生超限后审批层级上调：超额客户的增额至少交由比现有额度审批人高一级的层级，人工调整额度的变更交由调整人所在的层级（审批层级原因一栏说明理由）。各层级的审批金额由公司自定（政策的审批层级），不是方法规定的。

# %% [markdown] tags=["en"]
# ## Recommended limit changes by approval level
#
# An increase goes to the level whose authority covers the new limit (or the exposure, when larger); a decrease
# to the approver of the current limit (or the level the current limit needs, when higher). After a breach the
# level rises: an increase for a customer over its limit goes at least one level above the approver of the
# current limit, a change of an override to its author's level (the reason for the approval level says why).
# The ladder's amounts are the company's choice (the policy's approval levels), not the method's.

# %%
kt.tables.style(changes)

# %%
ax = kt.plots.limit_changes_by_level(changes, policy=pol)
kt.plots.show(ax, kt.plots.limit_changes_by_level_reading(changes, policy=pol))

# %% [markdown] tags=["zh"]
# 较高层级的增额需要信用档案：下面的信用表单优先处理这些客户。

# %% [markdown] tags=["en"]
# Increases at the higher levels need a credit file: the credit forms below take them first.

# %% [markdown] tags=["zh"]
# ## 信用复审清单
#
# 需要重新评估的客户：等级发生变化、额度使用率超过政策标准、有发票长期逾期、触发逾期冻结，或评估过期（或从未评估）、即将在政策规定的预警天数内过期。因评估过期或信用等级被冻结的客户（新的评估才能解除冻结）、移交法务的客户（有发票逾期超过法律程序天数）、收入前列的客户和重点客户排在前面，各组内风险敞口最大的在前：等级过时在那里代价最大。

# %% [markdown] tags=["en"]
# ## Re-review list
#
# Customers to reassess: grade changed, utilization above the policy, an invoice long past due, the overdue
# hold, or an assessment that is too old (or missing) or lapses within the policy's warning days. Customers held
# for an expired assessment or their grade (a new assessment releases them), legal cases (an invoice past the
# legal days), the largest customers by revenue and key accounts first, the largest exposure first within each
# group: that is where a stale grade costs most.

# %%
rules = pol["report"]["decisions"]
plan = credit.review_plan(review, credit.review_first(held, pyr, limits, pol), as_of,
                          int(rules["re_review_first"]["days"]), int(rules["re_review_routine"]["days"]))
n_first = int(plan["urgency"].eq("first").sum())
first_due, routine_due = (f"{as_of + dt.timedelta(days=int(rules[k]['days'])):%Y-%m-%d}"
                          for k in ("re_review_first", "re_review_routine"))
display(kt.tables.note(
    f"{len(review):,} of {len(limits):,} customers are due for a credit re-review. The credit department takes "
    f"first the {n_first:,} held for an expired assessment or their grade (their hold waits for it), the legal cases, "
    f"the top {pol['report']['joint_signoff_top']} customers by revenue and the key accounts, by "
    f"{first_due}; the other {len(review) - n_first:,} are routine, by {routine_due} (the days are the policy's).",
    zh=f"{len(limits):,}家客户中有{len(review):,}家需要信用复审。信用部先复审其中因评估过期或信用等级被冻结（冻结待复审）、"
    f"移交法务、属前{pol['report']['joint_signoff_top']}大客户或重点客户的{n_first:,}家，{first_due}前完成；"
    f"其余{len(review) - n_first:,}家为常规复审，{routine_due}前完成（期限由政策规定）。"))
plan = plan.join(names.rename("name"))[["name", *plan.columns]].sort_values(
    ["urgency", "exposure"], ascending=[True, False], kind="stable")  # first, then routine; the largest exposure first
kt.tables.first(plan, preview, excel=folder / f"re_review_{period}.xlsx", what="customers to re-review",
                what_zh="需复审客户", unit_zh="家")

# %% [markdown] tags=["zh"]
# ## 评分卡能预测风险吗？（与实际结果对照）
#
# 过去各个月末（月数由政策规定，每个月末之后都有完整的一年）：每个客户当时的得分和等级，以及之后一年内是否变坏（有发票逾期超过政策规定的坏账天数）。排序能力好的评分卡给变坏的客户打低分：基尼系数为0表示与随机无异，为1表示完美；违约率应从AAA到C逐级上升。PSI（稳定性指数）比较每个月末与上一月末的等级结构（低于0.1为稳定）。违约客户足够多时，用较早月末拟合的统计评分卡（WoE分箱加逻辑回归）与专家评分卡一起在较晚的月末检验。

# %% [markdown] tags=["en"]
# ## Does the scorecard predict? (the check against outcomes)
#
# Each of the past month ends (as many as the policy asks, each with a full year after it): the score and grade
# every customer had then, and whether it went bad within the year after (an invoice more days past due than
# the policy's bad-debt days). A scorecard that ranks well gives the bads low scores: Gini 0 is chance, 1
# perfect; bad rates should rise from AAA to C. PSI compares each month's grade mix with the month before
# (under 0.1 stable). Where enough customers went bad, a statistical scorecard (WoE binning and a logistic
# regression, optbinning) fitted on the earlier month ends is judged beside the expert one on the later.

# %%
check = credit.validate_scorecard(data, as_of, pol)
kt.tables.style(check.summary.set_index(["scorecard", "sample"]))

# %%
kt.tables.style(check.by_grade)

# %%
latest_psi = check.psi.dropna(subset=["psi"]).iloc[::-1]  # the latest month end first; every one in the workbook
(kt.tables.first(latest_psi, 3, excel=folder / f"scorecard_psi_{period}.xlsx", what="month ends with a PSI",
                 what_zh="有PSI的月末", unit_zh="个", sheet=("PSI of the grade mix", "等级结构稳定性指数"))
 if len(latest_psi) else kt.tables.note("Too few month ends for a PSI.", zh="月末数太少，无法计算PSI。"))

# %%
kt.tables.note(check.note, zh=check.note_zh)

# %%
# what the check asks of the credit department: bad rates out of grade order, benchmarks that call most customers weak
cal_owner, cal_due = owner_and_due("scorecard_calibration", as_of, pol)  # who reviews it and by when: the policy's
calibration = credit.calibration_readings(check.by_grade, summary, credit.grade_order(pol), owner=cal_owner, due=cal_due)
kt.tables.note(calibration[0] or "Bad rates rise from the best grade to the worst and no benchmark calls most "
               "customers weak: the calibration holds.",
               zh=calibration[1] or "违约率从最好等级到最差等级逐级上升，也没有标准值把多数客户判为偏弱：评分卡校准有效。")

# %% [markdown] tags=["zh"]
# ## 信用表单
#
# **登记表**（信用表单文件夹中的信用表单登记表）列出建议额度与现有额度不同的每个客户，每个客户一行，内容即其授信申请（客户授信申请表）：等级和得分、上次等级、现有额度和建议额度、调整金额、须审批的层级及原因、现行额度审批的例外情况、风险敞口、额度使用率、逾期金额、复审原因，以及失分最多的三个项目。按审批顺序排列：先列增额，审批层级最高的在前，同一层级内增额最大的在前；然后列降额，同样按审批层级（最高的在前），同一层级内降额最大的在前。
#
# **完整表单**——客户信用状况调查表、信用等级评分项目表和客户授信申请表，每个客户一个工作簿——按此顺序为前面的客户生成，数量以政策规定的上限为准（默认200个；政策不设上限时全部生成）。登记表的“表单文件”一列写明每个客户的表单工作簿；其余客户的表单由信用部按需生成。

# %% [markdown] tags=["en"]
# ## Credit forms
#
# **The register** (the credit forms register, in the folder of the credit forms) lists every customer whose
# recommended limit differs from the approved one, one row each with the content of its limit application:
# grade and score, previous grade, approved and recommended limit, the change, the level that
# must approve it and why, the exceptions of the approval in force, exposure, utilization, overdue amount,
# re-review reasons and the three items that cost the most points. Rows follow the order of approval: increases
# first, the highest approval level first and the largest increase first within a level, then the decreases
# in the same order (the highest level first, the largest cut first within a level).
#
# **The full forms**, the credit status survey, the scoring sheet and the limit application as one workbook per customer, are written for the first customers of that order, up to the
# policy's cap on forms (200 by default; all of them when the policy sets no cap). The register's column of form
# files names each customer's forms workbook; the credit department writes the others' forms on request.

# %%
forms_dir = folder / "credit_forms"
due = credit.forms_due(limits, pol)
written = dict(zip(due, write_many_credit_forms(data, due, period, forms_dir, pol, scores=scores, limits=limits,
                                                  holds=held, groups=groups, language=ctx.language)))
register = credit_forms_register(limits, scores, data.customers, period, pol, written=written, db=db,
                                 policy_file=policy)
register_file = write_credit_forms_register(register, forms_dir, period, terms_only(limits, data.customers))
others = len(register) - len(written)
kt.tables.note(f"{len(register):,} customers whose recommended limit differs from the approved one are listed in "
               f"{register_path}; full credit forms written for {len(written):,} of them"
               + (f"; the credit department writes the forms of the other {others:,} on request." if others else "."),
               zh=f"建议额度与现有额度不同的{len(register):,}家客户列在{register_path}中；已为其中{len(written):,}家"
               "生成完整的信用表单" + (f"，其余{others:,}家的表单由信用部按需生成。" if others else "。"))

# %%
register_key = ["name", "account_manager", "grade", "previous_grade", "approved_limit", "recommended_limit", "limit_change",
                "approval_level", "exposure", "utilization", "overdue", "review_reasons"]  # the rest: in the register
kt.tables.style(register[register_key].head(preview),
                caption=pick(f"The register's first {preview} rows: increases first, the most senior approval level and the "
                             "largest change first, then the cuts in the same order (its key columns; every column and "
                             "the forms' files in the register workbook)",
                             f"登记表前{preview}行：增额在前，按审批层级从高到低、调整金额从大到小，其后为降额（主要各列；"
                             "全部各列及表单文件见登记表工作簿）")) \
    if len(register) else kt.tables.note("No recommended limit differs from the approved one: no credit forms.",
                                         zh="没有与现有额度不同的建议额度：无需信用表单。")
