# %% [markdown]
# # Receivables
#
# How much is owed to us, since when, which part was invoiced this year and which earlier, which debtors
# have gone silent, what to provide for, and whom to call first (应收账款管理). Payments settle the invoice
# they name, anything else settles the oldest due date first; what a customer paid beyond all its open
# invoices is shown as unapplied credit, never lost. All thresholds come from the `receivables` section of
# the policy.

# %% tags=["parameters"]
period: str = ""  # report month YYYY-MM; empty: latest complete month of the data
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
policy: str = ""  # YAML policy file overriding the defaults; empty: shipped defaults
language: str = ""  # zh, en or both; empty: the policy's report.language
output_dir: str = ""  # folder for Excel files written by this notebook; empty: reports/scratch/

# %%
from pathlib import Path

import pandas as pd

import kamtools as kt
from kamtools import paths, receivables
from kamtools.output.worklists import worklist_workbook
from kamtools.report import report_context
from kamtools.text import num

ctx = report_context(period, db, policy, language=language)
data, period, as_of, pol = ctx.data, ctx.period, ctx.as_of, ctx.policy
folder = paths.output_folder(output_dir)
names = data.customers.set_index("customer_id")["name"]
pd.options.display.float_format = "{:,.2f}".format
print(f"Receivables {period}: the ledger on {as_of}")

# %% [markdown]
# ## Aging
#
# Open receivables per customer by days past due (`current` = not yet due; a due date exactly on an edge
# counts in the bucket that edge closes, e.g. 30 days in 1–30). The largest overdue balances first.

# %%
ag = receivables.aging(data, as_of, pol["receivables"]["buckets"])
kt.tables.top(ag[ag["total"] != 0], "overdue", 15, names=names, excel=folder / f"aging_{period}.xlsx",
              what="debtors")

# %%
managers = data.customers.set_index("customer_id")["account_manager"]
ax = kt.plots.aging_stack(ag, group=managers, policy=pol)
kt.plots.show(ax, kt.plots.aging_stack_reading(ag, group=managers, policy=pol))
book = receivables.aging_summary(ag)
head = kt.kpis(data, as_of, pol, aged=ag)  # the report's headline numbers: the same on every page
kt.headlines.sentence(head, "{open_receivables} is owed by {debtors:,} customers on {open_receivables:window}; {overdue} "
                      "({overdue_share}) is overdue and {old} more than {old_days} days past due. Unapplied customer "
                      "credit: {unapplied}.", debtors=book.debtors, old=f"{num(book.old):,.0f}",
                      old_days=book.old_after_days, unapplied=f"{num(book.unapplied_credit):,.0f}")

# %% [markdown]
# ## DSO and collection effectiveness, last 12 months
#
# DSO (days sales outstanding) = receivables at the month end / credit sales of the last
# `receivables.dso_days` days × those days. CEI (collection effectiveness index) = (opening receivables +
# credit sales − closing receivables) / (opening receivables + credit sales − closing current receivables)
# × 100: the share of what could be collected in the month that was collected.

# %%
trend = receivables.monthly_trend(data, period, months=12, days=pol["receivables"]["dso_days"])
kt.tables.style(trend[["receivables", "overdue", "credit_sales", "collected", "dso", "cei"]])

# %%
ax = kt.plots.dso_cei_trend(trend)
kt.plots.show(ax, kt.plots.dso_cei_trend_reading(trend))
first = trend.iloc[0]
kt.headlines.sentence(head, "DSO went from {dso_first} in {first} to {dso} in {cei:window} and CEI from {cei_first} to "
                      "{cei}; the lower the DSO and the higher the CEI, the better.", first=trend.index[0],
                      dso_first=kt.headlines.value_text("days", first["dso"]),
                      cei_first=kt.headlines.value_text("index", first["cei"]))

# %% [markdown]
# ## Receivables against the customer's total assets
#
# Open receivables as a share of the customer's total assets in its latest statement (where known). A
# customer owing us a large part of its own assets leaves little to recover from if it fails.

# %%
to_assets = receivables.receivables_to_assets(data, as_of, aged=ag)
kt.tables.top(to_assets, "share", 15, names=names, what="debtors")

# %%
known = to_assets["share"].notna()
kt.tables.note(f"Statements are known for {int(known.sum()):,} of {len(to_assets):,} debtors; "
               f"{int((to_assets['share'] > 0.1).sum()):,} of them owe us more than 10 % of their total assets.")

# %% [markdown]
# ## Receivables by year of origin
#
# What is still open from invoices issued this year, last year and earlier. Debt carried over from earlier
# years is the hardest to collect.

# %%
origin = receivables.by_origin_year(data, as_of)
kt.tables.top(origin, "older", 15, names=names, what="debtors")

# %%
years = receivables.origin_year_totals(origin)
kt.tables.note("Open by year of origin: " + ", ".join(f"{y} {num(years.loc[y, 'receivables']):,.0f}" for y in origin.columns[:-1])
               + f" (older than last year: {num(years.loc['older', 'share']):.1%} of the total).")

# %% [markdown]
# ## Silent debtors
#
# Customers with an open balance but no invoice, payment or activity for `receivables.silent_months`
# months: the debts most at risk of being forgotten. Largest balance first.

# %%
silent = receivables.silent_debtors(data, as_of, pol, aged=ag)
kt.tables.top(silent, "total", 20, what="silent debtors")

# %%
kt.tables.note(f"{len(silent):,} debtors have gone silent for {pol['receivables']['silent_months']} months or more, "
               f"owing {num(silent['total'].sum()):,.0f} between them.")

# %% [markdown]
# ## Provisions
#
# Bad-debt provision (坏账准备) by aging bucket at the policy's rates (`receivables.provision_rates`).

# %%
prov = receivables.provisions(ag, pol, by="bucket")
kt.tables.style(prov)

# %%
provision, base = prov["provision"].sum(), prov["receivables"].sum()
kt.tables.note(f"Provision {num(provision):,.0f} against {num(base):,.0f} of receivables ({num(provision / base if base else 0):.1%}).")

# %% [markdown]
# ## Collection performance per account manager
#
# What fell due in the month (overdue at the start of the month plus invoices falling due in it) against
# what was received, and against the target share of the policy (`receivables.collection_target_share`).

# %%
performance = receivables.collection_performance(data, as_of, pol)
kt.tables.style(performance)

# %%
behind = performance[performance["achievement"] < 1]
kt.tables.note(f"{len(behind)} of {len(performance)} account managers are below their collection target this month.")

# %% [markdown]
# ## Collection worklists
#
# Every customer with overdue receivables, highest priority first: the overdue amount of each bucket
# weighted by age (`receivables.worklist_weights`), with the main contact (finance first), the last
# payment and, where payment promises are recorded, the promise history: how many promises the customer
# made and broke, and the latest one (date promised, amount, what was paid towards it, kept / broken /
# pending). One sheet per account manager in `worklists_<period>.xlsx`, with every column.

# %%
work = receivables.worklist(data, as_of, pol, aged=ag)
path = worklist_workbook(work, paths.output_folder(output_dir) / f"worklists_{period}.xlsx")
kt.tables.style(receivables.worklist_view(work).head(15))

# %%
kt.tables.note(f"{len(work):,} customers to call, {work['account_manager'].nunique()} worklists written to {path.name}.")
