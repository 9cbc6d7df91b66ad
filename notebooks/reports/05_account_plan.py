# %% [markdown]
# # Account plan of one key account
#
# The account plan page of the monthly report (大客户计划) for one customer, as the report renders it for
# every key account, in the report's language: where the account stands, the objectives of the next 12 months
# and the credit they need, the actions of the next quarter (who, what, by when) and the risks. Choose the
# customer with `customer_id` (empty: the largest key account). Where the account team keeps a plan file
# (`kam plan init`, in `plans/` beside the store), the page opens with that plan against the actuals. The page
# comes from one template,
# `kamtools/report/templates/account_plan.html.j2`; the figures from `kamtools.account_plan.account_profile`.

# %% tags=["parameters"]
customer_id: str = ""  # customer to plan for; empty: the first key account (largest revenue)
period: str = ""  # report month YYYY-MM; empty: latest complete month of the data
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
policy: str = ""  # YAML policy file overriding the defaults; empty: shipped defaults
language: str = ""  # zh, en or both; empty: the policy's report.language

# %%
from IPython.display import HTML

from kamtools import account_plan
from kamtools.report import plans, report_context
from kamtools.report.plan_command import plan_of

ctx = report_context(period, db, policy, language=language)
data, period, as_of, pol = ctx.data, ctx.period, ctx.as_of, ctx.policy
cid = customer_id or account_plan.default_account(data, as_of, pol)
account = account_plan.account_profile(data, cid, as_of, pol)
HTML(plans.render(account, period, pol, plan_of(cid, db, pol)))

# %% [markdown]
# The figures behind the page are fields of `account` (an `AccountProfile`): `account.trend`, `account.credit`,
# `account.open_items`, `account.objectives`, `account.credit_check`, `account.actions`, `account.risks`, … —
# for example the open invoices, oldest due date first:

# %%
account.open_items.head(15)
