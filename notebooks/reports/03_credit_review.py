# %% [markdown]
# # Credit review
#
# Who is creditworthy, who is over the limit, which limits should change and who must approve the change.
# Every customer is scored on seven financial ratios and twelve qualitative factors (信用等级评分) and graded
# AAA to C (NR when too little is known); its recommended limit carries its purchases on its payment terms,
# scaled by the grade and capped by its capacity; a change goes to the level whose authority covers it. All
# thresholds come from the `credit` section of the policy.

# %% tags=["parameters"]
period: str = ""  # report month YYYY-MM; empty: latest complete month of the data
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
policy: str = ""  # YAML policy file overriding the defaults; empty: shipped defaults
language: str = ""  # zh, en or both; empty: the policy's report.language
output_dir: str = ""  # folder for Excel files written by this notebook; empty: reports/scratch/

# %%
import datetime as dt
from pathlib import Path

import kamtools as kt
from kamtools import paths, credit
from kamtools.output.forms import credit_forms_register, write_credit_forms_register, write_many_credit_forms
from kamtools.output.holds import write_holds
from kamtools.report import report_context
from kamtools.text import num

ctx = report_context(period, db, policy, language=language)
data, period, as_of, pol = ctx.data, ctx.period, ctx.as_of, ctx.policy
folder = paths.output_folder(output_dir)
print(f"Credit review {period}: the state on {as_of}")

# %% [markdown]
# ## Financial ratios against the benchmarks
#
# The latest statements of each customer (fiscal year ending on or before the report date): quartiles of each
# ratio and the share of customers whose ratio is ok, to watch, weak or cannot be computed.

# %%
ratios = credit.ratios(data, as_of, policy=pol)
summary = credit.ratio_summary(ratios, pol)
kt.tables.style(summary, share=["ok", "watch", "weak", "missing"])

# %%
ax = kt.plots.ratio_benchmarks(ratios, policy=pol)
kt.plots.show(ax, kt.plots.ratio_benchmarks_reading(ratios, policy=pol))

# %% [markdown]
# Green is healthy, red weak; grey marks ratios that cannot be computed (a zero denominator, or no prior
# year for the growth rates). A weak ratio alone does not decide a grade: it costs the points of its weight.

# %% [markdown]
# ## Credit grades
#
# The score (0–100) and grade of every customer, compared twice: with the grade at the end of the previous
# period (last month's end), and with the grade at the previous assessment (or twelve months ago for
# customers assessed once), which is what triggers a re-review.

# %%
scores = credit.score(data, as_of, pol)
ax = kt.plots.grade_distribution(scores, policy=pol)
kt.plots.show(ax, kt.plots.grade_distribution_reading(scores, policy=pol))

# %% [markdown]
# ### Not rated and analyst overrides
#
# A customer of whom fewer items are known than the policy asks (`credit.not_rated.min_known_items`) is not
# rated (NR): scoring its unknown items as neutral would flatter it. An analyst's override (授信调整) sets a
# grade or a limit against the model, with its reason and approver, for `credit.overrides.valid_months`
# months; it shows wherever the grade does.

# %%
names = data.customers.set_index("customer_id")["name"]
not_rated = scores[scores["grade"] == credit.NOT_RATED]
nr_rule = pol["credit"]["not_rated"]
kt.tables.note(f"{len(not_rated):,} customers not rated (fewer than {nr_rule['min_known_items']} items known); "
               f"their limit rule: {nr_rule['limit_rule']}.")

# %%
in_force = scores[scores["override_on"].notna()].join(names)
override_cols = ["name", "grade_model", "override_grade", "override_limit", "override_reason", "override_by", "override_on"]
(kt.tables.style(in_force[override_cols].sort_values("override_on", ascending=False)) if len(in_force)
 else kt.tables.note("No analyst override in force."))

# %% [markdown]
# ### Changes since last period
#
# Customers by grade at the end of the previous month (rows) and grade now (columns): what moved during
# this period, from new statements, new assessments or a ratio crossing its benchmark. `new` customers had
# no statement and no assessment at the previous month's end.

# %%
previous_end = ctx.start - dt.timedelta(days=1)
since_last_period = credit.compare_grades(scores, credit.score(data, previous_end, pol), pol)
kt.tables.style(credit.grade_changes(since_last_period, pol))

# %%
period_moves = since_last_period["grade_move"].value_counts()
kt.tables.note(f"Since {previous_end:%Y-%m-%d}: {period_moves.get('up', 0):,} customers upgraded, "
               f"{period_moves.get('down', 0):,} downgraded, {period_moves.get('same', 0):,} unchanged, "
               f"{period_moves.get('new', 0):,} graded for the first time.")

# %% [markdown]
# ### Changes since the last assessment
#
# Customers by previous grade (rows) and current grade (columns); the diagonal kept its grade, `new`
# customers had no grade before.

# %%
kt.tables.style(credit.grade_changes(scores, pol))

# %%
moves = scores["grade_move"].value_counts()
kt.tables.note(f"{moves.get('up', 0):,} customers upgraded, {moves.get('down', 0):,} downgraded, "
               f"{moves.get('same', 0):,} unchanged, {moves.get('new', 0):,} graded for the first time.")

# %% [markdown]
# ## Customers over their limit
#
# Exposure (open receivables − unapplied credit + open orders) above the approved limit. Above the limit
# only cash or collateral is acceptable: `overlimit_uncovered` is what collateral does not cover.

# %%
limits = credit.limits(data, as_of, pol, scores=scores)
over = credit.over_limit(limits)
head = kt.kpis(data, as_of, pol, limits=limits)  # the report's headline numbers: the same on every page
display(kt.headlines.sentence(head, "{over_limit_customers} customers are over their limit by {overlimit} in total "
                              "on {overlimit:window}, {overlimit_uncovered} of it not covered by collateral "
                              "({overlimit_uncovered:change} since {overlimit_uncovered:previous_window})."))
kt.tables.top(over, "overlimit_uncovered", 20, names=names, excel=folder / f"over_limit_{period}.xlsx",
              what="customers over their limit")

# %% [markdown]
# ## Recommended limits and why
#
# Each limit starts from the customer's terms need (monthly purchases × (payment terms + grace days) / 30, plus
# open orders), is scaled by the grade's multiplier, capped by its capacity (shares of equity and working
# capital), topped up by collateral after the haircut, and rounded (policy `credit.limit`). A cut below the
# exposure needs a plan (collect first, then reduce); a customer with arrears past the hold days is on hold and
# its limit takes the arrears grade (C: cash or collateral) until they are paid; stale or missing evidence
# means investigate first (no increase; a lower limit by the last grade applies now); a dormant limit is
# withdrawn. Then the gates: overdue above the overdue hold's share of the receivables or its amount
# (`credit.holds.overdue`) allows no increase and the action is collect; an assessment lapsing within
# `credit.review.lapse_warning_days` allows no increase (re-assess first); a change below the materiality band
# (`credit.limit.materiality_share` of the limit or `materiality_amount`) is not proposed (keep), unless it is
# a risk-driven cut. The largest changes first.

# %%
actions = limits["action"].value_counts()
print("Recommendations: " + ", ".join(f"{name} {count:,}" for name, count in actions.items()))
why = limits.reindex(limits["limit_change"].abs().sort_values(ascending=False).index)
why = why.join(names)
kt.tables.style(why[["name", "grade", "terms_need", "approved_limit", "recommended_limit", "action", "limit_reason"]].head(20))

# %% [markdown]
# ## Breaches
#
# Exposure without an approved limit, exposure over the limit, and limits approved beyond the approver's
# authority (the ladder of `credit.approval_levels`). Each customer's limit row (column `exceptions`) and limit
# application also print the exceptions of its approval in force: beyond authority, or made unrated or on an
# assessment older than `credit.review.assessment_older_than_months` that day.

# %%
limit_breaches = credit.breaches(limits)
authority = credit.authority_breaches(data, as_of, pol)
print(f"{len(limit_breaches):,} limit breaches; {len(authority):,} limits in force approved beyond their "
      "approver's authority or by an approver on no level; "
      f"{int(limits['exception_stale_basis'].sum()):,} approved unrated or on a stale assessment.")
kt.tables.top(limit_breaches, "amount", 20, names=names, excel=folder / f"limit_breaches_{period}.xlsx",
              what="limit breaches")

# %%
kt.tables.top(authority, "approved_limit", 20, what="limits beyond their approver's authority") if len(authority) else kt.tables.note("Every limit in force is within its approver's authority.")

# %% [markdown]
# ## Credit holds
#
# The customers whose orders must be held, by the blocking rules of the policy (`credit.holds`), with what
# releases each. The whole list is in `credit_holds_<period>.xlsx`.

# %%
held = credit.holds(data, as_of, pol, lim=limits)
holds_file = write_holds(held, folder / f"credit_holds_{period}.xlsx")
print(f"{len(held):,} customers on hold; the whole list, with what releases each: {holds_file.name}")
kt.tables.top(held[["name", "account_manager", "rules", "exposure", "exposure_excess", "release"]], "exposure_excess",
              20, what="customers on hold")

# %% [markdown]
# ## Groups of companies
#
# Exposure and limits summed over each group (`parent_id`), against its group limit where one is approved.

# %%
groups = credit.group_exposure(data, as_of, pol, lim=limits)
kt.tables.style(groups) if len(groups) else kt.tables.note("No groups of companies in the book.")

# %% [markdown]
# ## Recommended limit changes by approval level
#
# An increase goes to the level whose authority covers the new limit (or the exposure, when larger); a decrease
# to the approver of the current limit (or the level the current limit needs, when higher). After a breach the
# level rises: an increase for a customer over its limit goes at least one level above the approver of the
# current limit, a change of an override to its author's level (`approval_reason` says why). The ladder's
# amounts are the company's choice (policy `credit.approval_levels`), not the method's.

# %%
changes = credit.limit_changes(limits, pol)
kt.tables.style(changes)

# %%
ax = kt.plots.limit_changes_by_level(changes, policy=pol)
kt.plots.show(ax, kt.plots.limit_changes_by_level_reading(changes, policy=pol))

# %% [markdown]
# Increases at the higher levels need a credit file: the credit forms below take them first.

# %% [markdown]
# ## Re-review list
#
# Customers to reassess: grade changed, utilization above the policy, an invoice long past due, the overdue
# hold, or an assessment that is too old (or missing) or lapses within `credit.review.lapse_warning_days`. The largest exposure first: that is where a stale grade costs most.

# %%
review = credit.review_list(limits)
print(f"{len(review):,} of {len(limits):,} customers are due for a credit re-review.")
kt.tables.top(review, "exposure", 20, names=names, excel=folder / f"re_review_{period}.xlsx",
              what="customers to re-review")

# %% [markdown]
# ## Does the scorecard predict? (the check against outcomes)
#
# Each of the past month ends (`credit.validation.months`, each with a full year after it): the score and grade
# every customer had then, and whether it went bad within the year after (an invoice
# `credit.validation.bad_days_past_due` days past due). A scorecard that ranks well gives the bads low scores:
# Gini 0 is chance, 1 perfect; bad rates should rise from AAA to C. PSI compares each month's grade mix with the
# month before (under 0.1 stable). Where enough customers went bad, a statistical scorecard (WoE binning and a
# logistic regression, optbinning) fitted on the earlier month ends is judged beside the expert one on the later.

# %%
check = credit.validate_scorecard(data, as_of, pol)
kt.tables.style(check.summary.set_index(["scorecard", "sample"]))

# %%
kt.tables.style(check.by_grade)

# %%
latest_psi = check.psi.dropna(subset=["psi"]).tail(6)
kt.tables.style(latest_psi) if len(latest_psi) else kt.tables.note("Too few month ends for a PSI.")

# %%
kt.tables.note(check.note)

# %% [markdown]
# ## Credit forms
#
# **The register** `credit_forms/credit_forms_register_<period>.xlsx` lists every customer whose recommended
# limit differs from the approved one, one row each with the content of its limit application (客户授信申请表):
# grade and score, previous grade, approved and recommended limit, the change, the level that must approve it
# and why, the exceptions of the approval in force, exposure, utilization, overdue amount, re-review reasons
# and the three items that cost the most points.
# Rows follow the order of approval: increases first, the highest approval level first and the largest increase
# first within a level, then the decreases, largest first.
#
# **The full forms**, the credit status survey (客户信用状况调查表), the scoring sheet (信用等级评分项目表) and the
# limit application as one workbook per customer, are written for the first `credit.forms_cap` customers of that
# order (200 by default; all of them when the policy sets no cap). The register's `form_file` column names each
# customer's forms workbook, or gives the command that writes it (`kam credit-forms --customer ID --period P`).

# %%
forms_dir = folder / "credit_forms"
due = credit.forms_due(limits, pol)
written = dict(zip(due, write_many_credit_forms(data, due, period, forms_dir, pol, scores=scores, limits=limits,
                                                  holds=held, groups=groups, language=ctx.language)))
register = credit_forms_register(limits, scores, data.customers, period, pol, written=written, db=db,
                                 policy_file=policy)
register_file = write_credit_forms_register(register, forms_dir, period)
others = len(register) - len(written)
kt.tables.note(f"{len(register):,} customers whose recommended limit differs from the approved one are listed in "
               f"{register_file.name}; full credit forms written for {len(written):,} of them"
               + (f", the command for the forms of the other {others:,} is in the register." if others else "."))

# %%
kt.tables.style(register.head(15), caption="The register's first rows: the approvals that matter most") \
    if len(register) else kt.tables.note("No recommended limit differs from the approved one: no credit forms.")
