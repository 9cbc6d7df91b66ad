"""Receivables: open items, aging, DSO, collection effectiveness, provisions and worklists.

The method of receivables management (应收账款管理): how much each customer owes,
since when, which part was invoiced this year and which earlier, who has gone
silent, what to provide for, and whom to call first.

How the ledger is settled (:func:`settle`, :func:`open_items`,
:func:`unapplied_credit`): only invoices and payments dated on or before
``as_of`` count. A payment whose ``invoice_id`` names a positive invoice of the
same customer settles that invoice, capped at its amount; what it pays beyond
the invoice goes to the customer's pool of unapplied cash. A credit note (a
negative invoice) whose ``corrects_invoice_id`` names such an invoice settles it
in the same way, first. Payments without an ``invoice_id`` (or naming an invoice
that is not such an invoice) and the other credit notes go to the pool too. The pool settles the customer's
remaining invoices oldest due date first (ties: invoice date, then invoice id).
What the pool holds beyond all open invoices is the customer's **unapplied
credit**: it is never lost, but reported separately — :func:`open_items` lists
open invoices only (every ``open_amount`` is positive), :func:`unapplied_credit`
lists the credits, :func:`settle` returns both from one SQL pass, and
:func:`aging` shows both per customer. For every customer,
``sum(open_amount) - unapplied_credit == invoiced - paid`` up to ``as_of``.

All row-level work (invoices, payments, activities, promises) runs as SQL in
DuckDB (``kamtools/sql/receivables_*.sql``); per-customer results come back as
pandas frames indexed by ``customer_id`` (``invoice_id`` for open items). Given a
KamData, :func:`aging`, :func:`by_origin_year` and
:func:`collection_performance` sum the settled ledger per customer in the store,
with the settlement CTEs of ``receivables_settle.sql`` in front of their query;
given open items as a frame, they sum that frame. Money is
settled and summed in exact cents; provisions, targets and worklist priorities (rates,
shares and weights times money) are rounded to the cent half up: the rule of
:mod:`kamtools.money`. Every threshold comes from the ``receivables`` section
of the policy (:mod:`kamtools.policy`). Inputs are never changed; a ratio whose
denominator is zero or missing is NaN with a ``*_reason``.

The package, one concern per module (names are re-exported here):
``ledger`` (settlement: :func:`settle`, :func:`open_items`, :func:`unapplied_credit`),
``buckets`` (:func:`aging` by due date or by invoice date, :func:`aging_summary`), ``origin`` (:func:`by_origin_year`,
:func:`origin_year_totals`), ``trends`` (:func:`dso`, :func:`cei`, :func:`dso_cei`, :func:`monthly_trend`),
``provisioning`` (:func:`provisions`, :func:`provision_bands`), ``disputes`` (:func:`open_disputes`,
:func:`disputed_items`, :func:`disputed_by_due`), ``silent`` (:func:`silent_debtors`), ``promises``
(:func:`promise_history`), ``dunning`` (:func:`dunning`: 催款等级),
``statement`` (:func:`statement`: 对账单), ``worklists`` (:func:`worklist`, :func:`worklist_view`),
``management`` (:func:`collection_performance`, :func:`receivables_to_assets`), ``balance_sheet``
(:func:`own_balance_sheet`: our receivables against our own total assets),
``recovery``
(:func:`customer_margin`, :func:`recovery`, :func:`sales_to_recover`: the sales that earn a bad debt
back at the customer's own margin), ``targets`` (:func:`collection_targets`: targets, achievement and
incentives per account manager; :func:`collection_kpis`: DSO, best-possible DSO, ADD, CEI) and
``_common`` (helpers they share). The worklist workbook is output:
:func:`kamtools.output.worklists.worklist_workbook`.

>>> import kamtools as kt
>>> data = kt.sample_data(customers=30, years=2, seed=1)
>>> ag = aging(data, "2026-10-31")
>>> bool((ag[bucket_names()].sum(axis=1) + ag["disputed"] - ag["total"]).abs().max() < 0.005)
True
"""

from __future__ import annotations

from .balance_sheet import BALANCE_SHEET_COLUMNS, own_balance_sheet, own_balance_sheet_reason
from .buckets import (
    DEFAULT_BUCKETS,
    AgingSummary,
    age_bucket_names,
    aging,
    aging_by_invoice_date,
    aging_summary,
    aging_totals,
    bucket_names,
    bucket_of,
)
from .disputes import DISPUTE_COLUMNS, disputed_by_due, disputed_items, open_disputes
from .dunning import DUNNING_COLUMNS, dunning
from .ledger import Ledger, ledger_sql, ledger_sql_per_customer, open_items, settle, unapplied_credit
from .management import collection_performance, receivables_to_assets
from .origin import by_origin_year, origin_year_totals
from .promises import PROMISE_COLUMNS, promise_history
from .provisioning import PROVISION_COLUMNS, provision_bands, provision_change, provisions
from .recovery import MARGIN_COLUMNS, RECOVERY_COLUMNS, customer_margin, recovery, sales_to_recover
from .silent import silent_debtors
from .statement import STATEMENT_COLUMNS, Statement, statement
from .targets import KPI_COLUMNS, STANDINGS, TARGET_COLUMNS, collection_kpis, collection_targets
from .trends import cei, dso, dso_cei, dso_month_before, monthly_trend
from .worklists import WORKLIST_VIEW, worklist, worklist_view

# isort: split
# Kept importable as kamtools.receivables.<name> as before the split: the module's other
# constants, and the private helpers that tests/test_receivables.py calls.
from ._common import Frames, _last_dates  # noqa: F401
from .trends import MAX_MONTHS, _calendar, _monthly  # noqa: F401
from .worklists import FINANCE_ROLE  # noqa: F401

__all__ = [
    "BALANCE_SHEET_COLUMNS",
    "DEFAULT_BUCKETS",
    "DISPUTE_COLUMNS",
    "DUNNING_COLUMNS",
    "PROMISE_COLUMNS",
    "PROVISION_COLUMNS",
    "STATEMENT_COLUMNS",
    "WORKLIST_VIEW",
    "AgingSummary",
    "Ledger",
    "Statement",
    "age_bucket_names",
    "aging",
    "aging_by_invoice_date",
    "aging_summary",
    "aging_totals",
    "bucket_names",
    "bucket_of",
    "by_origin_year",
    "cei",
    "collection_performance",
    "disputed_by_due",
    "disputed_items",
    "dso",
    "dso_cei",
    "dso_month_before",
    "dunning",
    "ledger_sql",
    "ledger_sql_per_customer",
    "monthly_trend",
    "open_disputes",
    "open_items",
    "origin_year_totals",
    "own_balance_sheet",
    "own_balance_sheet_reason",
    "promise_history",
    "provision_bands",
    "provision_change",
    "provisions",
    "receivables_to_assets",
    "settle",
    "silent_debtors",
    "statement",
    "unapplied_credit",
    "worklist",
    "worklist_view",
    # write-offs' recovery equation, targets and incentives (recovery, targets)
    "KPI_COLUMNS",
    "MARGIN_COLUMNS",
    "RECOVERY_COLUMNS",
    "STANDINGS",
    "TARGET_COLUMNS",
    "collection_kpis",
    "collection_targets",
    "customer_margin",
    "recovery",
    "sales_to_recover",
]
