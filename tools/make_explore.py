"""Write the explorer notebooks (notebooks/explore/) from their cells.

Run from the repository root:  python tools/make_explore.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nb import write  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "notebooks" / "explore"

PARAMS = '''
period: str = ""  # report month YYYY-MM; empty: latest complete month of the data
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
policy: str = ""  # YAML policy file overriding the defaults; empty: shipped defaults
'''

PORTFOLIO = [
    ("md", """
# Portfolio explorer

Filter the customer book by report month, region, account manager, pyramid tier, credit grade and
lifecycle stage. The table lists the selected customers, largest revenue first; the charts show their
credit grades, lifecycle stages and receivables by age per account manager, and follow every change of
a filter. **Export to Excel** writes the selection to `portfolio_<period>.xlsx` in `reports/scratch/`
(or `output_dir`).

Run all cells, then use the filters (the charts need a running kernel).
"""),
    ("params", PARAMS + '''output_dir: str = ""  # folder for the Excel export; empty: reports/scratch/
'''),
    ("code", """
import kamtools as kt
from kamtools.explore import PortfolioExplorer, filter_accounts

data = kt.load(db or None)
explorer = PortfolioExplorer(data, period or None, policy or None, output_dir=output_dir)
explorer
"""),
    ("md", """
## The selection in code

The explorer's current selection is a DataFrame, `explorer.selection` (all customers until a filter is
set); `explorer.table` holds every customer of the month. The largest accounts:
"""),
    ("code", """
sel = explorer.selection
print(f"{len(sel):,} customers on {explorer.as_of}: revenue of the last 12 months {sel['revenue_12m'].sum():,.0f}, "
      f"open receivables {sel['open_receivables'].sum():,.0f}, of which overdue {sel['overdue'].sum():,.0f}")
sel.head(10)
"""),
    ("md", """
The same filters work on the table from code, e.g. the key accounts by credit grade:
"""),
    ("code", """
key = filter_accounts(explorer.table, tier="key")
share = key["revenue_12m"].sum() / explorer.table["revenue_12m"].sum()
late = int((key["overdue"] > 0).sum())
print(f"{len(key)} key accounts bring {share:.0%} of revenue; {late} of them have overdue debt.")
key["grade"].value_counts().reindex(kt.credit.grade_order(policy or None), fill_value=0).rename("key accounts")
"""),
]

CARD = [
    ("md", """
# Account card

Pick a customer — type part of its id or name in **Search** (Chinese or Latin, any case), then choose it
in the list — and see its profile, the monthly trend of invoicing and collection, its credit assessment
and limit, open receivables, latest activities and the strategy for each of its segments.
"""),
    ("params", PARAMS + '''customer: str = ""  # customer id shown first; empty: the largest customer by revenue
'''),
    ("code", """
import kamtools as kt
from kamtools.explore import AccountCard

data = kt.load(db or None)
card = AccountCard(data, period or None, policy or None, customer=customer or None)
card
"""),
    ("md", """
## The card in code

Everything on the card is also a value: `card.profile`, `card.trend`, `card.credit`, `card.aging`,
`card.receivables`, `card.activities` and `card.strategy`.
"""),
    ("code", """
p = card.profile
print(f"{p['customer_id']} {p['name']} ({p['region']}, {p['account_manager']}): "
      f"{p['tier']} account in the {p['stage']} stage, credit grade {card.credit['grade']}")
card.credit.to_frame("value")
"""),
    ("code", """
card.strategy
"""),
    ("md", """
Searching works the same from code: the customers whose id or name contains the text, best matches first.
"""),
    ("code", """
found = card.matches("机电")
print(f"{len(found)} customers have 机电 in their id or name")
found[["name", "region", "tier", "grade"]].head()
"""),
]

WHAT_IF = [
    ("md", """
# Credit what-if

Change the credit policy and see at once what it does to the book: the scorecard **weights** (they must add
up to 100; *Scale weights to 100* fixes the sum), the lowest score of each **grade**, the **limit** rules
(months of purchases per grade, the equity cap, the purchase window, rounding) and the ceilings of the
**approval** levels. The tables and charts compare the starting policy with the edited one: customers per
grade, total recommended limit, and the limit changes each approval level must sign.

**Save policy** writes the edited policy as YAML (by default `reports/scratch/credit_policy.yaml`); use it
with `kam report --policy FILE`.
"""),
    ("params", PARAMS + '''output_dir: str = ""  # folder the policy is saved to; empty: reports/scratch/
'''),
    ("code", """
import pandas as pd

import kamtools as kt
from kamtools.explore import CreditWhatIf, what_if

data = kt.load(db or None)
explorer = CreditWhatIf(data, period or None, policy or None, output_dir=output_dir)
explorer
"""),
    ("md", """
## The starting policy in numbers
"""),
    ("code", """
start = explorer.baseline
print(f"On {explorer.as_of} the policy recommends {start.total_recommended:,.0f} of credit in total; "
      f"{int(start.approvals_needed.sum())} limit changes await approval.")
start.approvals
"""),
    ("md", """
## A stricter top grade, in code

`what_if` takes any policy (a mapping or a file) and reuses the explorer's precomputed inputs
(`explorer.base`), so trying a variant takes milliseconds:
"""),
    ("code", """
stricter = kt.policy.load_policy(policy or None)
top = next(iter(stricter["credit"]["grades"]))
stricter["credit"]["grades"][top] = min(100, stricter["credit"]["grades"][top] + 5)
variant = what_if(data, explorer.as_of, stricter, base=explorer.base)
print(f"With {top} from {stricter['credit']['grades'][top]}: {int(variant.grades[top])} customers keep {top} "
      f"(now {int(start.grades[top])}); total recommended limit {variant.total_recommended:,.0f}.")
pd.DataFrame({"starting policy": start.grades, "stricter": variant.grades})
"""),
]


def main() -> None:
    write(FOLDER / "portfolio_explorer.ipynb", PORTFOLIO)
    write(FOLDER / "account_card.ipynb", CARD)
    write(FOLDER / "credit_what_if.ipynb", WHAT_IF)


if __name__ == "__main__":
    main()
